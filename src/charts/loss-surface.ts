/**
 * A loss surface over two parameters, drawn: a heat map of the loss (more ink, more loss) with the
 * gradient-descent paths over it, the start point ringed, and a path that leaves the map drawn to
 * its edge with an arrow. Pure: it draws through a Painter (a canvas live, SVG when baked) and maps
 * pixels to parameters, so pointer, keyboard and drawing agree on where a point is.
 *
 * Two layers, so a drag repaints only what moves: `drawSurface` (the map, the axes, the wall (dotted), drawn
 * once per size and scheme) and `drawPaths` (the paths and the start, drawn every frame).
 */
import { mixLab } from './colour';
import type { Painter, Point } from './painter';
import { INK, type Scheme } from './palette';

export interface SurfaceDomain {
  w: readonly [number, number];
  b: readonly [number, number];
}

export interface SurfaceLayout {
  width: number;
  height: number;
  plot: { left: number; top: number; width: number; height: number };
  x(w: number): number;
  y(b: number): number;
  /** The parameters under a pixel (not clamped). */
  at(px: number, py: number): { w: number; b: number };
}

const MARGIN = { left: 50, right: 12, top: 10, bottom: 62 };

export function surfaceLayout(domain: SurfaceDomain, width: number): SurfaceLayout {
  const pw = Math.max(120, width - MARGIN.left - MARGIN.right);
  const ph = Math.round(Math.min(380, pw * 0.8));
  const plot = { left: MARGIN.left, top: MARGIN.top, width: pw, height: ph };
  const [w0, w1] = domain.w;
  const [b0, b1] = domain.b;
  return {
    width,
    height: ph + MARGIN.top + MARGIN.bottom,
    plot,
    x: (w) => plot.left + ((w - w0) / (w1 - w0)) * pw,
    y: (b) => plot.top + ((b1 - b) / (b1 - b0)) * ph,
    at: (px, py) => ({ w: w0 + ((px - plot.left) / pw) * (w1 - w0), b: b1 - ((py - plot.top) / ph) * (b1 - b0) }),
  };
}

/** Shades of the heat map: level 0 (no loss) … LEVELS − 1 (the most). */
export const LEVELS = 16;

const RAMP: Record<Scheme, [string, string]> = {
  light: ['#f7f5ee', '#34495e'],
  dark: ['#15181c', '#a9b8c9'],
};

export function levelColour(scheme: Scheme, level: number): string {
  return mixLab(RAMP[scheme][0], RAMP[scheme][1], level / (LEVELS - 1));
}

/** The shade of a loss on a scale up to `max`: by √(loss / max), so the low valley keeps its detail. */
export function levelOf(loss: number, max: number): number {
  if (!(loss >= 0)) return LEVELS - 1;
  return Math.min(LEVELS - 1, Math.floor(Math.sqrt(Math.min(1, loss / max)) * LEVELS));
}

export interface SurfaceView {
  domain: SurfaceDomain;
  /** Shade levels, row-major, row 0 at the lowest b (lossSurface's order). */
  levels: ArrayLike<number>;
  cols: number;
  rows: number;
  /** The loss the darkest shade stands for (the scale's label). */
  max: number;
  /** The wall's line, b = f(w), drawn dotted from `from` on. */
  wall: { from: number; b: (w: number) => number };
  scheme: Scheme;
  labels: { w: string; b: string; wall: string; scale: string };
  ticks: { w: readonly number[]; b: readonly number[] };
}

/** The map, its axes, the wall's line and the shade scale. */
export function drawSurface(p: Painter, L: SurfaceLayout, v: SurfaceView): void {
  const ink = INK[v.scheme];
  const { plot } = L;
  p.rect(0, 0, L.width, L.height, ink.surface); // the figure's own background, so the picture sits in it without a frame
  const cw = plot.width / v.cols;
  const rh = plot.height / v.rows;
  const colours = Array.from({ length: LEVELS }, (_, l) => levelColour(v.scheme, l));
  // One rectangle per run of equal shade along a row: the plateaus are wide, so the SVG stays small.
  for (let r = 0; r < v.rows; r++) {
    const top = plot.top + plot.height - (r + 1) * rh;
    let start = 0;
    for (let c = 1; c <= v.cols; c++) {
      const level = v.levels[r * v.cols + start]!;
      if (c < v.cols && v.levels[r * v.cols + c] === level) continue;
      // A hair wider than the run, so no seam shows between neighbours on a canvas.
      p.rect(plot.left + start * cw, top, (c - start) * cw + 0.5, rh + 0.5, colours[level]!);
      start = c;
    }
  }
  const wall: Point[] = [];
  for (let w = v.wall.from; w <= v.domain.w[1] + 1e-9; w += (v.domain.w[1] - v.domain.w[0]) / 100) wall.push([L.x(w), L.y(v.wall.b(w))]);
  // The wall runs along the edge between the dark and the light shades, where a thin dotted line in
  // one ink vanished against one side: a halo of the background under dots of the text's ink shows
  // it on both (review of issue 25).
  p.clipped(plot.left, plot.top, plot.width, plot.height, () => {
    p.polyline(wall, { stroke: ink.bg, width: 4 });
    p.polyline(wall, { stroke: ink.fg, width: 2, dash: [2, 3] });
  });
  const label = wall[Math.round(wall.length * 0.55)];
  if (label) p.text(label[0] + 8, label[1] + 4, v.labels.wall, { fill: ink.fg, size: 12, anchor: 'start', baseline: 'top', halo: ink.bg });
  // Axes: ticks outside the plot, titles under and beside it.
  const tick = { fill: ink.muted, size: 11 };
  p.segments(
    v.ticks.w.map((w) => [
      [L.x(w), plot.top + plot.height],
      [L.x(w), plot.top + plot.height + 4],
    ]),
    { stroke: ink.muted, width: 1 },
  );
  for (const w of v.ticks.w) p.text(L.x(w), plot.top + plot.height + 6, minus(w), { ...tick, anchor: 'middle', baseline: 'top' });
  p.segments(
    v.ticks.b.map((b) => [
      [plot.left - 4, L.y(b)],
      [plot.left, L.y(b)],
    ]),
    { stroke: ink.muted, width: 1 },
  );
  for (const b of v.ticks.b) p.text(plot.left - 6, L.y(b), minus(b), { ...tick, anchor: 'end', baseline: 'middle' });
  p.text(plot.left + plot.width / 2, plot.top + plot.height + 22, v.labels.w, { fill: ink.fg, size: 12, anchor: 'middle', baseline: 'top' });
  p.text(14, plot.top + plot.height / 2, v.labels.b, { fill: ink.fg, size: 12, anchor: 'middle', baseline: 'middle', rotate: -90 });
  // The scale: the shades in a strip, 0 and the maximum at its ends.
  const sy = plot.top + plot.height + 42;
  const sw = Math.min(160, plot.width * 0.45);
  const sx = plot.left + plot.width - sw - 32; // room for the maximum's label after the strip
  colours.forEach((colour, l) => p.rect(sx + (l * sw) / LEVELS, sy, sw / LEVELS + 0.5, 10, colour));
  p.text(sx - 6, sy + 5, `${v.labels.scale} 0`, { fill: ink.muted, size: 11, anchor: 'end', baseline: 'middle' });
  p.text(sx + sw + 4, sy + 5, String(v.max), { fill: ink.muted, size: 11, anchor: 'start', baseline: 'middle' });
}

export interface PathView {
  /** Points in parameter space; only the finite ones are drawn. */
  w: ArrayLike<number>;
  b: ArrayLike<number>;
  colour: string;
  dash?: readonly number[];
}

/** Where the segment from inside the plot to a point outside it crosses the plot's edge. */
function edgePoint(L: SurfaceLayout, from: Point, to: Point): Point {
  const { left, top, width, height } = L.plot;
  let t = 1;
  const [dx, dy] = [to[0] - from[0], to[1] - from[1]];
  if (dx > 0) t = Math.min(t, (left + width - from[0]) / dx);
  if (dx < 0) t = Math.min(t, (left - from[0]) / dx);
  if (dy > 0) t = Math.min(t, (top + height - from[1]) / dy);
  if (dy < 0) t = Math.min(t, (top - from[1]) / dy);
  return [from[0] + t * dx, from[1] + t * dy];
}

const inside = (L: SurfaceLayout, [x, y]: Point) => x >= L.plot.left && x <= L.plot.left + L.plot.width && y >= L.plot.top && y <= L.plot.top + L.plot.height;

/** The paths (each to its end, or to where it leaves the map, with an arrow there) and the start point. */
export function drawPaths(p: Painter, L: SurfaceLayout, paths: readonly PathView[], start: { w: number; b: number }, scheme: Scheme): void {
  const ink = INK[scheme];
  for (const path of paths) {
    const points: Point[] = [];
    let left: [Point, Point] | null = null;
    for (let k = 0; k < path.w.length; k++) {
      const pt: Point = [L.x(path.w[k]!), L.y(path.b[k]!)];
      if (!Number.isFinite(pt[0]) || !Number.isFinite(pt[1])) break;
      if (!inside(L, pt)) {
        if (points.length) left = [points[points.length - 1]!, pt];
        break;
      }
      points.push(pt);
    }
    const style = { stroke: path.colour, width: 2, halo: ink.bg, ...(path.dash ? { dash: path.dash } : {}) };
    if (left) points.push(edgePoint(L, left[0], left[1]));
    p.polyline(points, style);
    const end = points[points.length - 1];
    if (left && end) {
      // An arrowhead at the edge, pointing the way the path went.
      const [from, to] = left;
      const a = Math.atan2(to[1] - from[1], to[0] - from[0]);
      const head = (da: number): Point => [end[0] - 9 * Math.cos(a + da), end[1] - 9 * Math.sin(a + da)];
      p.polyline([head(0.5), end, head(-0.5)], { stroke: path.colour, width: 2.5, halo: ink.bg });
    } else if (end) p.circle(end[0], end[1], 3.5, { fill: path.colour, stroke: ink.bg, width: 1.5 });
  }
  p.circle(L.x(start.w), L.y(start.b), 6, { stroke: ink.fg, width: 2, halo: ink.bg });
}

const minus = (v: number) => String(v).replace(/^-/, '−');
