/**
 * The explosion map's grid, its cells' settings and what a finished row says, without training
 * anything: everything about the map that the page needs without TensorFlow.js (the figure's
 * element imports this file, never explosion.ts). explosion.ts re-exports all of it.
 */
import { DEFAULT_SEEDS, preset, type ExperimentConfig } from '../engine/config';

import type { Outcome } from '../engine/outcome';
export { OUTCOMES, type Outcome } from '../engine/outcome';

export interface ExplosionCell {
  lr: number;
  hi: number;
  outcome: Outcome;
  /** The first epoch (1-based) whose loss is non-finite, as the loss chart would show it; null if none. */
  firstNonFiniteEpoch: number | null;
  /**
   * The last epoch's loss (mean of its step losses, as Keras prints it): epoch 20's for a run that
   * stayed finite; for an exploded run the non-finite loss of the epoch where it stopped (NaN or
   * ±Infinity, whichever the steps up to the first non-finite one give; read `firstNonFiniteEpoch`).
   */
  finalLoss: number;
  /** The loss of the last epoch that stayed finite (epoch 20's unless it exploded); null when epoch 1 was already non-finite. */
  lastFiniteLoss: number | null;
}

export interface ExplosionGrid {
  seed: number;
  /** Ascending learning rates (columns of a row). */
  lrs: number[];
  /** Ascending input ranges (one row each); lo is 0. */
  his: number[];
}

export interface ExplosionRow {
  /** Index into `grid.his`. */
  index: number;
  hi: number;
  /** One cell per learning rate, in `grid.lrs` order. */
  cells: ExplosionCell[];
}

/**
 * `base^(k/perBase)` for k = from..to, rounded to 4 significant digits (clean in labels and JSON;
 * exact wherever the power is, so lr 0.1 and hi 1 and 4 are the experiments' own values).
 */
export function logSteps(base: number, perBase: number, from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => Number((base ** ((from + i) / perBase)).toPrecision(4)));
}

/**
 * The default grid, 32 × 32: lr = 10^(k/10) for k = −30…1 (0.001 … 1.26, ten per decade) and
 * hi = 2^(j/6) for j = −12…19 (0.25 … 8.98, six per doubling). Experiment 1 (lr 0.1, hi 1) and
 * experiment 2 (lr 0.1, hi 4) are cells of it, and every other row and column of it is a 16 × 16
 * map of the same cells (for narrow screens or a coarse first pass). The seed is experiment 2's
 * default, so the exp2 cell is the exp2 island's default run.
 */
export const EXPLOSION_GRID: ExplosionGrid = {
  seed: DEFAULT_SEEDS.exp2,
  lrs: logSteps(10, 10, -30, 1),
  his: logSteps(2, 6, -12, 19),
};

/**
 * Noise sd for inputs in [0, hi]: 0.05·√hi. The only power law through both experiments (0.05 at
 * hi 1, 0.1 at hi 4), so their cells are their runs. It barely touches the boundary (mean z² is
 * hi²/3 + sd², and sd² = 0.0025·hi is under 3 % of it from hi 0.25 up); what it sets is how much
 * of the targets' variance no model can explain, which `yardstick` accounts for.
 */
export function noiseSdFor(hi: number): number {
  return 0.05 * Math.sqrt(hi);
}

/** Where experiments 1 and 2 sit on the map (both are cells of the default grid). */
export const EXPERIMENT_CELLS = {
  exp1: { lr: preset('exp1').learningRate, hi: preset('exp1').data.hi },
  exp2: { lr: preset('exp2').learningRate, hi: preset('exp2').data.hi },
} as const;

/** The run behind a cell: experiment 2's settings with this learning rate and input range. */
export function explosionCellConfig(lr: number, hi: number, seed: number = EXPLOSION_GRID.seed): ExperimentConfig {
  const base = preset('exp2', { seed });
  return { ...base, learningRate: lr, data: { ...base.data, lo: 0, hi, noiseSd: noiseSdFor(hi) } };
}

/** The grid's rows in an order that paints a coarse map first: 0, n/2, n/4, 3n/4, … (every index once). */
export function coarseToFine(n: number): number[] {
  const order: number[] = [];
  const seen = new Uint8Array(n);
  for (let stride = 2 ** Math.ceil(Math.log2(Math.max(1, n))); stride >= 1; stride /= 2) {
    for (let i = 0; i < n; i += stride) {
      if (!seen[i]) {
        seen[i] = 1;
        order.push(i);
      }
    }
  }
  return order;
}

/** `coarseToFine` from the last row down: n − 1, n/2 − 1, … (the map's default order). */
export function topFirst(n: number): number[] {
  return coarseToFine(n).map((i) => n - 1 - i);
}

export interface BoundaryPoint {
  hi: number;
  /** λ_max of the curvature at initialisation (stability.ts). */
  lambda: number;
  /** The predicted boundary, 2 / λ_max. */
  lr: number;
}

export interface RowEdge {
  hi: number;
  /** The last learning rate that did not explode before the first that did, and that first one; null where the row has none of either. */
  below: number | null;
  above: number | null;
  /** Their geometric mean: the measured edge (null unless both exist). */
  edge: number | null;
  /** The predicted boundary 2/λ_max from the seed's weights, and edge / boundary. */
  boundary: number;
  ratio: number | null;
}

/**
 * Each row's edge (between its last learning rate that did not explode and its first that did)
 * beside the predicted boundary of the same row (`boundaries` in grid order, as `boundaryCurve`
 * gives them): the measurement the prose quotes.
 */
export function edgesOf(rows: readonly ExplosionRow[], boundaries: readonly Pick<BoundaryPoint, 'lr'>[]): RowEdge[] {
  return rows.map((row) => {
    const first = row.cells.findIndex((c) => c.outcome === 'exploded');
    const above = first >= 0 ? row.cells[first]!.lr : null;
    const below = first > 0 ? row.cells[first - 1]!.lr : first < 0 ? (row.cells.at(-1)?.lr ?? null) : null;
    const edge = above !== null && below !== null ? Math.sqrt(above * below) : null;
    const boundary = boundaries[row.index]!.lr;
    return { hi: row.hi, below, above, edge, boundary, ratio: edge === null ? null : edge / boundary };
  });
}
