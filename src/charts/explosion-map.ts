/**
 * The explosion map, drawn: a grid of runs over learning rate (x, log) × input range (y, log, the
 * widest inputs at the top), each cell coloured by outcome, exploded cells by the epoch they went
 * non-finite and hatched, cells not computed yet left empty with a dot; over them the predicted
 * boundary lr·λ_max = 2 (solid) and lr·λ_max = 4 (dashed), experiments 1 and 2 ringed, and the
 * cell in focus outlined. Pure: it draws through a Painter (a canvas live, SVG when baked) and
 * maps pixels to cells, so pointer, keyboard and drawing agree on where a cell is.
 *
 * On narrow screens the map shows every other row and column (16 × 16 cells of the same grid,
 * experiments 1 and 2 among them), so a cell stays big enough to tap.
 */
import type { Painter, Point } from './painter';
import { cellColour, INK, MAP_COLOURS, type Scheme } from './palette';

export interface MapGrid {
  lrs: readonly number[];
  his: readonly number[];
}

export interface MapCellView {
  outcome: string;
  firstNonFiniteEpoch: number | null;
}

/** Row = index into `his`, col = index into `lrs`. */
export interface CellRef {
  row: number;
  col: number;
}

export interface MapLayout {
  width: number;
  height: number;
  plot: { left: number; top: number; width: number; height: number };
  /** 1: every cell; 2: every other row and column. */
  stride: number;
  /** The grid indices shown, ascending. */
  rows: number[];
  cols: number[];
  /** Pixel x of a position in column units (column c spans c … c + 1), and y of one in row units (row r spans r … r + 1, upwards). */
  x(c: number): number;
  y(r: number): number;
  xOfLr(lr: number): number;
  yOfHi(hi: number): number;
  /** The cell drawn at (c, r)'s rectangle: [left, top, width, height]. */
  rect(cell: CellRef): [number, number, number, number];
  /** The shown cell under a pixel, or null outside the plot. */
  cellAt(px: number, py: number): CellRef | null;
  /** The shown cell `dr` rows up and `dc` columns right of `cell` (clamped), in shown steps. */
  step(cell: CellRef, dr: number, dc: number): CellRef;
  /** The shown cell nearest to any grid cell. */
  snap(cell: CellRef): CellRef;
}

const MARGIN = { left: 58, right: 12, top: 10, bottom: 44 };
/** Below this many pixels per cell the map shows every other row and column. */
const MIN_CELL = 11;

/** Position, in index units, of a value on a log-spaced axis whose cell i is centred on values[i]. */
function indexOf(values: readonly number[], v: number): number {
  const n = values.length;
  const step = (Math.log10(values[n - 1]!) - Math.log10(values[0]!)) / (n - 1);
  return (Math.log10(v) - Math.log10(values[0]!)) / step + 0.5;
}

export function mapLayout(grid: MapGrid, width: number, forceStride?: number): MapLayout {
  const plotWidth = Math.max(120, width - MARGIN.left - MARGIN.right);
  const stride = forceStride ?? (plotWidth / grid.lrs.length < MIN_CELL ? 2 : 1);
  const shown = (n: number) => Array.from({ length: n }, (_, i) => i).filter((i) => i % stride === 0);
  const cols = shown(grid.lrs.length);
  const rows = shown(grid.his.length);
  const plotHeight = (plotWidth * rows.length) / cols.length;
  // Shown cell i spans [i + ½ − stride/2, i + ½ + stride/2] in index units: centred on its own value.
  const span = (idx: number[]) => [idx[0]! + 0.5 - stride / 2, idx.at(-1)! + 0.5 + stride / 2] as const;
  const [c0, c1] = span(cols);
  const [r0, r1] = span(rows);
  const plot = { left: MARGIN.left, top: MARGIN.top, width: plotWidth, height: plotHeight };
  const x = (c: number) => plot.left + ((c - c0) / (c1 - c0)) * plot.width;
  const y = (r: number) => plot.top + plot.height - ((r - r0) / (r1 - r0)) * plot.height;
  const nearest = (idx: number[], v: number) => idx.reduce((best, i) => (Math.abs(i - v) < Math.abs(best - v) ? i : best), idx[0]!);
  const at = (idx: number[], i: number) => idx[Math.min(idx.length - 1, Math.max(0, i))]!;
  return {
    width: plot.left + plot.width + MARGIN.right,
    height: plot.top + plot.height + MARGIN.bottom,
    plot,
    stride,
    rows,
    cols,
    x,
    y,
    xOfLr: (lr) => x(indexOf(grid.lrs, lr)),
    yOfHi: (hi) => y(indexOf(grid.his, hi)),
    rect({ row, col }) {
      // On whole pixels, so neighbouring cells meet without a seam.
      const left = Math.round(x(col + 0.5 - stride / 2));
      const top = Math.round(y(row + 0.5 + stride / 2));
      return [left, top, Math.round(x(col + 0.5 + stride / 2)) - left, Math.round(y(row + 0.5 - stride / 2)) - top];
    },
    cellAt(px, py) {
      if (px < plot.left || px >= plot.left + plot.width || py < plot.top || py >= plot.top + plot.height) return null;
      const c = c0 + ((px - plot.left) / plot.width) * (c1 - c0) - 0.5;
      const r = r0 + ((plot.top + plot.height - py) / plot.height) * (r1 - r0) - 0.5;
      return { row: nearest(rows, r), col: nearest(cols, c) };
    },
    step(cell, dr, dc) {
      const s = this.snap(cell);
      return { row: at(rows, rows.indexOf(s.row) + dr), col: at(cols, cols.indexOf(s.col) + dc) };
    },
    snap(cell) {
      return { row: nearest(rows, cell.row), col: nearest(cols, cell.col) };
    },
  };
}

export interface MapLabels {
  x: string;
  y: string;
  line2: string;
  line4: string;
}

export interface MapView {
  grid: MapGrid;
  /** Grid order (by hi, then lr); null: not computed yet. */
  cells: readonly (MapCellView | null)[];
  /** Epochs of a run (the exploded ramp spans 1 … epochs). */
  epochs: number;
  /** λ_max of each row, for the lines lr·λ = 2 and 4; null draws no lines. */
  lambdas: readonly number[] | null;
  marks: readonly { lr: number; hi: number; label: string }[];
  active: CellRef | null;
  scheme: Scheme;
  labels: MapLabels;
}

/** The parts of the line x + y = k inside a rectangle (for hatching that runs on from cell to cell). */
function diagonal(k: number, [left, top, w, h]: [number, number, number, number]): [Point, Point] | null {
  const [x0, x1, y0, y1] = [left, left + w, top, top + h];
  // Up-right: as x grows, y = k − x falls. Clip x to where y is inside [y0, y1].
  const from = Math.max(x0, k - y1);
  const to = Math.min(x1, k - y0);
  return to > from ? [[from, k - from], [to, k - to]] : null;
}

const HATCH = 6;
const TICKS_LR = [0.001, 0.01, 0.1, 1];
const TICKS_HI = [0.25, 0.5, 1, 2, 4, 8];

export function drawExplosionMap(p: Painter, layout: MapLayout, view: MapView): void {
  const ink = INK[view.scheme];
  const colours = MAP_COLOURS[view.scheme];
  const { plot } = layout;
  const n = view.grid.lrs.length;
  p.rect(0, 0, layout.width, layout.height, ink.surface);
  p.rect(plot.left, plot.top, plot.width, plot.height, ink.bg);

  // Cells; not computed ones keep the background and get a dot.
  const hatch: [Point, Point][] = [];
  const dots: [number, number][] = [];
  for (const row of layout.rows) {
    for (const col of layout.cols) {
      const cell = view.cells[row * n + col] ?? null;
      const r = layout.rect({ row, col });
      const fill = cellColour(view.scheme, cell, view.epochs);
      if (fill === null) {
        dots.push([r[0] + r[2] / 2, r[1] + r[3] / 2]);
        continue;
      }
      p.rect(r[0], r[1], r[2], r[3], fill);
      if (cell?.outcome === 'exploded') {
        const lo = Math.ceil((r[0] + r[1]) / HATCH) * HATCH;
        for (let k = lo; k < r[0] + r[2] + r[1] + r[3]; k += HATCH) {
          const seg = diagonal(k, r);
          if (seg) hatch.push(seg);
        }
      }
    }
  }
  p.segments(hatch, { stroke: colours.hatch, width: 1.2 });
  for (const [cx, cy] of dots) p.circle(cx, cy, 1.3, { fill: colours.pending });

  // The predicted boundary lr·λ = 2 and the catapult limit lr·λ = 4, through every row's centre.
  const lambdas = view.lambdas;
  if (lambdas) {
    // Through each row's centre, and on to the plot's edges from the first and last row.
    const last = lambdas.length - 1;
    const line = (k: number): Point[] => [
      [layout.xOfLr(k / lambdas[0]!), layout.y(0)],
      ...lambdas.map((lambda, r): Point => [layout.xOfLr(k / lambda), layout.y(r + 0.5)]),
      [layout.xOfLr(k / lambdas[last]!), layout.y(last + 1)],
    ];
    const [two, four] = [line(2), line(4)];
    p.clipped(plot.left, plot.top, plot.width, plot.height, () => {
      p.polyline(four, { stroke: ink.fg, width: 1.6, dash: [6, 4], halo: ink.bg });
      p.polyline(two, { stroke: ink.fg, width: 2, halo: ink.bg });
    });
    const top2 = two.at(-1)!;
    const top4 = four.at(-1)!;
    const label = { fill: ink.fg, size: 11, weight: 600 as const, baseline: 'top' as const, halo: ink.bg };
    // Labels beside the lines' top ends: the solid line's to its left, the dashed line's to its right.
    if (top2[0] > plot.left + 50 && top2[0] < plot.left + plot.width) p.text(top2[0] - 5, plot.top + 3, view.labels.line2, { ...label, anchor: 'end' });
    if (top4[0] > plot.left && top4[0] < plot.left + plot.width - 20) p.text(top4[0] + 5, plot.top + 3, view.labels.line4, { ...label, anchor: 'start' });
  }

  // Experiments 1 and 2.
  for (const mark of view.marks) {
    const [cx, cy] = [layout.xOfLr(mark.lr), layout.yOfHi(mark.hi)];
    const r = Math.max(6, (plot.width / layout.cols.length) * 0.75);
    p.circle(cx, cy, r, { stroke: ink.fg, width: 2, halo: ink.bg });
    p.text(cx - r - 3, cy, mark.label, { fill: ink.fg, size: 11, weight: 700, anchor: 'end', baseline: 'middle', halo: ink.bg });
  }

  // The cell in focus.
  if (view.active) {
    const [x, y, w, h] = layout.rect(layout.snap(view.active));
    const box: Point[] = [[x, y], [x + w, y], [x + w, y + h], [x, y + h], [x, y]];
    p.polyline(box, { stroke: ink.fg, width: 2, halo: ink.bg });
  }

  // Axes.
  const tick = { fill: ink.muted, size: 11 };
  const ticks: [Point, Point][] = [];
  for (const lr of TICKS_LR) {
    const x = layout.xOfLr(lr);
    if (x < plot.left - 0.5 || x > plot.left + plot.width + 0.5) continue;
    ticks.push([[x, plot.top + plot.height], [x, plot.top + plot.height + 4]]);
    p.text(x, plot.top + plot.height + 7, String(lr), { ...tick, anchor: 'middle', baseline: 'top' });
  }
  for (const hi of TICKS_HI) {
    const y = layout.yOfHi(hi);
    if (y < plot.top - 0.5 || y > plot.top + plot.height + 0.5) continue;
    ticks.push([[plot.left - 4, y], [plot.left, y]]);
    p.text(plot.left - 7, y, String(hi), { ...tick, anchor: 'end', baseline: 'middle' });
  }
  p.segments(ticks, { stroke: ink.muted, width: 1 });
  p.text(plot.left + plot.width / 2, layout.height - 6, view.labels.x, { fill: ink.muted, size: 12, anchor: 'middle' });
  p.text(14, plot.top + plot.height / 2, view.labels.y, { fill: ink.muted, size: 12, anchor: 'middle', baseline: 'middle', rotate: -90 });
}
