/**
 * The explosion map: the experiment 1/2 model (Dense(32) linear → Dense(1), glorot, plain SGD,
 * batch 20, 100 points, 20 epochs) trained once per cell of a grid over learning rate × input
 * range [0, hi], every cell with the same seed, so a cell differs from its neighbours only in lr
 * and hi (same noise draws, initial weights and shuffles). Each cell says whether the run learned,
 * exploded (first non-finite epoch loss) or neither, by a yardstick computed from the data alone.
 *
 * A cell is exactly the run `train(explosionCellConfig(lr, hi, seed))` would make: same data, same
 * steps, same epoch losses, bit for bit (explosion.test.ts). Only the work around the steps is
 * shared across cells (explosion-runs.ts), which is what makes 1,024 runs fit in the lab worker's
 * budget.
 */
import { DEFAULT_SEEDS, preset, type ExperimentConfig } from './config';
import { classify, yardstick, type Outcome, type Yardstick } from './outcome';
export { classify, LEARNED_SHARE, OUTCOMES, yardstick, type Outcome, type Yardstick } from './outcome';
import { makeDataset } from './data';
import { disposeRowData, runToEnd, sessionRun, SharedRuns } from './explosion-runs';
import { rngFor } from './random';
import { expectedCurvature, seedCurvature } from './stability';

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

/** A cell from its run's end. */
function cellOf(lr: number, hi: number, end: ReturnType<typeof runToEnd>, stick: Yardstick): ExplosionCell {
  return { lr, hi, outcome: classify(end.firstNonFiniteEpoch, end.finalLoss, stick), ...end };
}

/** One cell alone, through a Session as train() runs it (for a cell clicked on, or a check). */
export function explosionCell(lr: number, hi: number, seed: number = EXPLOSION_GRID.seed): ExplosionCell {
  const config = explosionCellConfig(lr, hi, seed);
  const stick = yardstick(makeDataset(config.data, rngFor(seed, 'noise')));
  return cellOf(lr, hi, runToEnd(sessionRun(config), config), stick);
}

export interface ExplosionMapOptions {
  /**
   * Row indices (into `grid.his`) to compute, in this order. Default: every row, coarse to fine
   * from the top (`topFirst`): the widest input ranges explode soonest, so their rows are the
   * cheapest (~20–40 ms against ~100 ms for the bottom row in Node), and the first paint is quick.
   * Pass half the rows to each of two workers to split a map.
   */
  rows?: readonly number[];
  /** Called as each row is done (the UI paints it). */
  onRow?: (row: ExplosionRow) => void;
  /** Aborting stops the map before its next cell; the result then holds the rows finished so far. */
  signal?: AbortSignal;
  /** Awaited after every cell, to let a cancel in (the lab worker passes its 4 ms-sliced yield); default none. */
  yieldToEventLoop?: () => Promise<void>;
}

export interface ExplosionMapResult {
  status: 'done' | 'cancelled';
  grid: ExplosionGrid;
  /** Finished rows' cells in grid order, whatever order they were computed in: by hi, then by lr. */
  cells: ExplosionCell[];
  /** Finished rows, in the order computed. */
  rows: ExplosionRow[];
  totalMs: number;
}

/**
 * Computes the map row by row (one input range, every learning rate). Needs a ready backend
 * (backend.ts `initBackend`); the same grid gives the same cells in Node and in the browser on the
 * wasm backend. On another backend each cell runs through a Session (same outcomes to float32
 * rounding, much slower).
 */
export async function explosionMap(grid: ExplosionGrid = EXPLOSION_GRID, options: ExplosionMapOptions = {}): Promise<ExplosionMapResult> {
  const started = performance.now();
  const order = options.rows ?? topFirst(grid.his.length);
  const rows: ExplosionRow[] = [];
  const shared = SharedRuns.create(explosionCellConfig(grid.lrs[0]!, grid.his[0]!, grid.seed), grid.lrs);
  const result = (status: ExplosionMapResult['status']): ExplosionMapResult => ({
    status,
    grid,
    cells: [...rows].sort((a, b) => a.index - b.index).flatMap((r) => r.cells),
    rows,
    totalMs: performance.now() - started,
  });
  try {
    for (const index of order) {
      const hi = grid.his[index]!;
      const config = explosionCellConfig(grid.lrs[0]!, hi, grid.seed);
      const row = shared?.rowData(config.data) ?? null;
      const stick = yardstick(row?.data ?? makeDataset(config.data, rngFor(grid.seed, 'noise')));
      const cells: ExplosionCell[] = [];
      try {
        for (const [column, lr] of grid.lrs.entries()) {
          if (options.signal?.aborted) return result('cancelled');
          const run = shared && row ? shared.run(column, row) : sessionRun(explosionCellConfig(lr, hi, grid.seed));
          cells.push(cellOf(lr, hi, runToEnd(run, config), stick));
          if (options.yieldToEventLoop) await options.yieldToEventLoop();
        }
      } finally {
        if (row) disposeRowData(row);
      }
      const done: ExplosionRow = { index, hi, cells };
      rows.push(done);
      options.onRow?.(done);
    }
    return result('done');
  } finally {
    shared?.dispose();
  }
}

export interface BoundaryPoint {
  hi: number;
  /** λ_max of the curvature at initialisation (stability.ts). */
  lambda: number;
  /** The predicted boundary, 2 / λ_max. */
  lr: number;
}

/**
 * The predicted boundary lr · λ_max = 2 for each input range of the grid, from the grid seed's own
 * data and initial weights ('seed', what the map's runs start from) or from the data's expected
 * moments and Glorot's expected norms ('expected', any seed on average).
 */
export function boundaryCurve(grid: ExplosionGrid = EXPLOSION_GRID, weights: 'seed' | 'expected' = 'seed'): BoundaryPoint[] {
  return grid.his.map((hi) => {
    const config = explosionCellConfig(grid.lrs[0]!, hi, grid.seed);
    const { lambda, lr } = weights === 'seed' ? seedCurvature(config) : expectedCurvature(config);
    return { hi, lambda, lr };
  });
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

/** Per computed row, where its runs start to explode, beside the predicted boundary (what the prose quotes). */
export function measuredEdges(result: Pick<ExplosionMapResult, 'grid' | 'rows'>): RowEdge[] {
  const boundaries = boundaryCurve(result.grid, 'seed');
  return result.rows.map((row) => {
    const first = row.cells.findIndex((c) => c.outcome === 'exploded');
    const above = first >= 0 ? row.cells[first]!.lr : null;
    const below = first > 0 ? row.cells[first - 1]!.lr : first < 0 ? (row.cells.at(-1)?.lr ?? null) : null;
    const edge = above !== null && below !== null ? Math.sqrt(above * below) : null;
    const boundary = boundaries[row.index]!.lr;
    return { hi: row.hi, below, above, edge, boundary, ratio: edge === null ? null : edge / boundary };
  });
}
