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
import { makeDataset } from '../engine/data';
import { classify, yardstick, type Yardstick } from '../engine/outcome';
import { edgesOf, EXPLOSION_GRID, explosionCellConfig, topFirst, type BoundaryPoint, type ExplosionCell, type ExplosionGrid, type ExplosionRow, type RowEdge } from './explosion-grid';
import { disposeRowData, runToEnd, sessionRun, SharedRuns } from './explosion-runs';
import { rngFor } from '../engine/random';
import { expectedCurvature, seedCurvature } from './stability';

// The grid, the cells' settings and the row edges need no TensorFlow.js: they live in explosion-grid.ts;
// what a run did (the yardstick for "learned") is shared with the prose, in outcome.ts.
export * from './explosion-grid';
export { classify, LEARNED_SHARE, yardstick, type Yardstick } from '../engine/outcome';

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

/** Per computed row, where its runs start to explode, beside the predicted boundary (what the prose quotes). */
export function measuredEdges(result: Pick<ExplosionMapResult, 'grid' | 'rows'>): RowEdge[] {
  return edgesOf(result.rows, boundaryCurve(result.grid, 'seed'));
}
