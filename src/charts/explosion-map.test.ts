import { describe, expect, it } from 'vitest';
import { EXPLOSION_GRID } from '@/lab/studies/explosion-grid';
import { drawExplosionMap, mapLayout, type MapView } from './explosion-map';
import type { Painter } from './painter';
import { MAP_COLOURS } from './palette';

const grid = EXPLOSION_GRID;

describe('the explosion map\'s layout', () => {
  for (const width of [600, 335]) {
    const layout = mapLayout(grid, width);
    it(`finds every shown cell under its own centre, and no cell outside the plot (${width} px)`, () => {
      for (const row of layout.rows) {
        for (const col of layout.cols) {
          const [x, y, w, h] = layout.rect({ row, col });
          expect(layout.cellAt(x + w / 2, y + h / 2)).toEqual({ row, col });
        }
      }
      expect(layout.cellAt(layout.plot.left - 1, layout.plot.top + 5)).toBeNull();
      expect(layout.cellAt(layout.plot.left + 5, layout.plot.top + layout.plot.height + 1)).toBeNull();
    });

    it(`puts each learning rate and input range at the centre of its own column and row (${width} px)`, () => {
      for (const col of layout.cols) {
        const [x, , w] = layout.rect({ row: layout.rows[0]!, col });
        expect(Math.abs(layout.xOfLr(grid.lrs[col]!) - (x + w / 2))).toBeLessThan(1);
      }
      for (const row of layout.rows) {
        const [, y, , h] = layout.rect({ row, col: layout.cols[0]! });
        expect(Math.abs(layout.yOfHi(grid.his[row]!) - (y + h / 2))).toBeLessThan(1);
      }
    });
  }

  it('shows every cell on a wide figure and every other row and column on a phone, experiments 1 and 2 among them', () => {
    expect(mapLayout(grid, 600).stride).toBe(1);
    const phone = mapLayout(grid, 335);
    expect(phone.stride).toBe(2);
    expect(phone.rows).toHaveLength(16);
    for (const hi of [1, 4]) expect(phone.rows).toContain(grid.his.indexOf(hi));
    expect(phone.cols).toContain(grid.lrs.indexOf(0.1));
    // Big enough to tap: 44 px is the usual target; a map cell plus the named cell below it is the fallback.
    expect(phone.plot.width / phone.cols.length).toBeGreaterThan(15);
  });

  it('moves by shown cells and stops at the edges', () => {
    const phone = mapLayout(grid, 335);
    const start = phone.snap({ row: 24, col: 20 });
    expect(phone.step(start, 1, 0)).toEqual({ row: 26, col: 20 });
    expect(phone.step(start, 0, -1)).toEqual({ row: 24, col: 18 });
    expect(phone.step(start, 100, 100)).toEqual({ row: 30, col: 30 });
    expect(phone.step(start, -100, -100)).toEqual({ row: 0, col: 0 });
  });
});

/** A painter that only records the rectangles and dots drawn. */
function recorder() {
  const rects: string[] = [];
  let dots = 0;
  const p: Painter = {
    rect: (_x, _y, _w, _h, fill) => void rects.push(fill),
    segments: () => {},
    polyline: () => {},
    circle: (_x, _y, _r, style) => void (style.fill ? dots++ : 0),
    text: () => {},
    clipped: (_x, _y, _w, _h, inside) => inside(),
  };
  return { p, rects, dots: () => dots };
}

describe('drawing the map', () => {
  const view = (cells: MapView['cells']): MapView => ({ grid, cells, epochs: 20, lambdas: null, marks: [], active: null, scheme: 'light', labels: { x: '', y: '', line2: '', line4: '' } });

  it('never colours a cell that is not computed: it gets a dot on the background instead', () => {
    const n = grid.lrs.length * grid.his.length;
    const cells = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? { outcome: 'learned', firstNonFiniteEpoch: null } : null));
    const { p, rects, dots } = recorder();
    drawExplosionMap(p, mapLayout(grid, 600), view(cells));
    const learned = rects.filter((f) => f === MAP_COLOURS.light.learned).length;
    expect(learned).toBe(cells.filter(Boolean).length);
    expect(dots()).toBe(n - learned);
  });
});
