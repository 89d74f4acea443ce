import { describe, expect, it } from 'vitest';
import { drawPaths, drawSurface, levelOf, LEVELS, surfaceLayout, type SurfaceView } from './loss-surface';
import type { Painter, Point } from './painter';

const domain = { w: [0, 10], b: [-6, 4] } as const;

/** A Painter that records what it was asked to draw. */
function recorder() {
  const rects: { x: number; y: number; w: number; h: number; fill: string }[] = [];
  const lines: { points: readonly Point[]; stroke: string }[] = [];
  const circles: [number, number][] = [];
  const p: Painter = {
    rect: (x, y, w, h, fill) => rects.push({ x, y, w, h, fill }),
    segments: () => {},
    polyline: (points, style) => lines.push({ points, stroke: style.stroke }),
    circle: (cx, cy) => circles.push([cx, cy]),
    text: () => {},
    clipped: (_x, _y, _w, _h, inside) => inside(),
  };
  return { p, rects, lines, circles };
}

describe('the loss surface’s layout', () => {
  for (const width of [600, 335]) {
    it(`puts the domain’s corners at the plot’s corners and maps pixels back to parameters (${width} px)`, () => {
      const L = surfaceLayout(domain, width);
      expect(L.x(0)).toBe(L.plot.left);
      expect(L.x(10)).toBeCloseTo(L.plot.left + L.plot.width, 9);
      expect(L.y(4)).toBe(L.plot.top); // the largest b at the top
      expect(L.y(-6)).toBeCloseTo(L.plot.top + L.plot.height, 9);
      const back = L.at(L.x(6), L.y(-3.6));
      expect(back.w).toBeCloseTo(6, 9);
      expect(back.b).toBeCloseTo(-3.6, 9);
    });
  }
});

describe('the shades', () => {
  it('go by √(loss / max): 0 at no loss, the last at the maximum and beyond, 6 at (1 − 0.7)² of 0.49', () => {
    expect(levelOf(0, 0.49)).toBe(0);
    expect(levelOf(0.49, 0.49)).toBe(LEVELS - 1);
    expect(levelOf(5, 0.49)).toBe(LEVELS - 1);
    expect(levelOf(0.09, 0.49)).toBe(6); // 16 · 3/7 = 6.86
    expect(levelOf(Number.NaN, 0.49)).toBe(LEVELS - 1);
  });

  it('draws one rectangle per run of equal shade in a row', () => {
    const { p, rects } = recorder();
    const L = surfaceLayout(domain, 600);
    const view: SurfaceView = {
      domain,
      levels: [0, 0, 5, 5, 5, 15], // one row of six cells: three runs
      cols: 6,
      rows: 1,
      max: 0.49,
      wall: { from: 4, b: () => 0 },
      scheme: 'light',
      labels: { w: 'w', b: 'b', wall: 'wall', scale: 'loss' },
      ticks: { w: [], b: [] },
    };
    drawSurface(p, L, view);
    // The background first, then the three runs, then the scale's 16 shades.
    const runs = rects.slice(1, 4);
    expect(runs.map((r) => Math.round(r.w - 0.5))).toEqual([2, 3, 1].map((cells) => Math.round((cells / 6) * L.plot.width)));
    expect(rects).toHaveLength(1 + 3 + LEVELS);
  });
});

describe('the paths', () => {
  it('draws a path to its end with a dot there, and the start ringed', () => {
    const { p, lines, circles } = recorder();
    const L = surfaceLayout(domain, 600);
    drawPaths(p, L, [{ w: [6, 5, 4], b: [-3, -2, -1], colour: 'red' }], { w: 6, b: -3 }, 'light');
    expect(lines).toHaveLength(1);
    expect(lines[0]!.points).toHaveLength(3);
    expect(circles).toEqual([
      [L.x(4), L.y(-1)],
      [L.x(6), L.y(-3)],
    ]);
  });

  it('stops a path that leaves the map at the map’s edge, with an arrowhead there instead of a dot', () => {
    const { p, lines, circles } = recorder();
    const L = surfaceLayout(domain, 600);
    // From (5, 0) to (5, 12): straight up, out through the top edge at b = 4.
    drawPaths(p, L, [{ w: [5, 5, 5], b: [0, 12, 13], colour: 'red' }], { w: 5, b: 0 }, 'light');
    const [path, arrow] = lines;
    expect(path!.points).toHaveLength(2);
    expect(path!.points[1]![0]).toBeCloseTo(L.x(5), 9);
    expect(path!.points[1]![1]).toBeCloseTo(L.plot.top, 9);
    expect(arrow!.points[1]).toEqual(path!.points[1]);
    expect(circles).toHaveLength(1); // the start only
  });
});
