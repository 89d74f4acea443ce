/**
 * The explosion map: the experiment 1/2 model (Dense(32) linear → Dense(1), glorot, plain SGD,
 * batch 20, 100 points, 20 epochs) trained once per cell of a grid over learning rate × input
 * range [0, hi], every cell with the same seed, so a cell differs from its neighbours only in lr
 * and hi (same noise draws, initial weights and shuffles). Each cell says whether the run learned,
 * exploded (first non-finite epoch loss) or neither, by a yardstick computed from the data alone.
 *
 * A cell is exactly the run `train(explosionCellConfig(lr, hi, seed))` would make: same data, same
 * steps, same epoch losses, bit for bit (explosion.test.ts). Only the work around the steps is
 * shared across cells (see `MapTrainer`), which is what makes 1,024 runs fit in the lab worker's
 * budget.
 */
import * as tf from '@tensorflow/tfjs-core';
import { DEFAULT_SEEDS, preset, type ExperimentConfig } from './config';
import { makeDataset, type Dataset } from './data';
import { DirectSgd } from './direct';
import { initialKernel, type Layer } from './net';
import { permutation, rngFor } from './random';
import { Session } from './session';

export const OUTCOMES = ['learned', 'exploded', 'stalled'] as const;
/**
 * learned: finite to the end and close to the best loss the data allows (`yardstick`);
 * exploded: some epoch's loss was NaN or ±Infinity; stalled: neither (too slow to learn in 20
 * epochs, or still thrashing without having gone non-finite).
 */
export type Outcome = (typeof OUTCOMES)[number];

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

/** The run behind a cell: experiment 2's settings with this learning rate and input range. */
export function explosionCellConfig(lr: number, hi: number, seed: number = EXPLOSION_GRID.seed): ExperimentConfig {
  const base = preset('exp2', { seed });
  return { ...base, learningRate: lr, data: { ...base.data, lo: 0, hi, noiseSd: noiseSdFor(hi) } };
}

/**
 * What "learned" is measured against, from the training data alone (float64):
 * - meanLoss: the loss of predicting the targets' mean, var(y) (a net that learned nothing);
 * - bestLoss: the least-squares loss of the best affine map z → y, var(y)·(1 − corr(z, y)²), the
 *   floor for this model (it computes an affine function of z) — noise puts it above zero;
 * - threshold: bestLoss + LEARNED_SHARE·(meanLoss − bestLoss). A run learned when its final epoch
 *   loss is at most this: it removed at least 90 % of the error that can be removed.
 * Measured against the floor rather than against var(y) alone, because at hi 0.25 the noise
 * already leaves 11 % of var(y) unexplainable, at hi 8 only 0.4 %.
 */
export interface Yardstick {
  meanLoss: number;
  bestLoss: number;
  threshold: number;
}

/** The share of the removable error a learned run may leave. */
export const LEARNED_SHARE = 0.1;

export function yardstick(data: Pick<Dataset, 'z' | 'y'>): Yardstick {
  const n = data.z.length;
  let mz = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mz += data.z[i]!;
    my += data.y[i]!;
  }
  mz /= n;
  my /= n;
  let vz = 0;
  let vy = 0;
  let czy = 0;
  for (let i = 0; i < n; i++) {
    const dz = data.z[i]! - mz;
    const dy = data.y[i]! - my;
    vz += dz * dz;
    vy += dy * dy;
    czy += dz * dy;
  }
  const meanLoss = vy / n;
  const bestLoss = (vy - (czy * czy) / vz) / n;
  return { meanLoss, bestLoss, threshold: bestLoss + LEARNED_SHARE * (meanLoss - bestLoss) };
}

/** A cell's outcome from its run's numbers. */
export function classify(firstNonFiniteEpoch: number | null, finalLoss: number, stick: Yardstick): Outcome {
  if (firstNonFiniteEpoch !== null) return 'exploded';
  return finalLoss <= stick.threshold ? 'learned' : 'stalled';
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

/** Steps one run: the loss of each batch in turn; what a cell needs from a training path. */
interface CellRun {
  /** Trains batch `s` of epoch `epoch` (0-based) and returns its loss. */
  step(epoch: number, s: number): number;
  dispose(): void;
}

/**
 * The fast path, the only one for the map on the wasm backend: what every cell of a map shares is
 * made once. Per map: the seed's initial kernels (as numbers), the epochs' permutations (the
 * shuffle stream depends on the seed alone), one DirectSgd per learning rate (its buffers; it
 * keeps no state between steps but the learning rate). Per row: the data and its 20 shuffled
 * copies as tensors. Per cell: only fresh parameter tensors. The step itself is session.ts's
 * direct step, called with the arguments Session passes, so the numbers are train()'s.
 */
class MapTrainer {
  /** Per learning rate (the grid's, in order), its direct step. */
  private readonly steppers: DirectSgd[];
  private readonly permutations: Int32Array[];

  private constructor(
    private readonly grid: ExplosionGrid,
    private readonly base: ExperimentConfig,
    private readonly kernels: Float32Array[],
    steppers: DirectSgd[],
  ) {
    this.steppers = steppers;
    const shuffle = rngFor(grid.seed, 'shuffle');
    this.permutations = Array.from({ length: base.epochs }, () => permutation(shuffle, base.data.points));
  }

  /** A trainer when the direct step is available here (the wasm backend), else null. */
  static create(grid: ExplosionGrid): MapTrainer | null {
    const base = explosionCellConfig(grid.lrs[0]!, grid.his[0]!, grid.seed);
    // The seed's `init` stream, drawn layer by layer as net.ts `initLayers` draws it.
    const rng = rngFor(grid.seed, 'init');
    let fanIn = 1;
    const kernels = base.layers.map(({ units }) => {
      const k = initialKernel(rng, base.initializer, fanIn, units);
      fanIn = units;
      return k;
    });
    const probe = layersFrom(base, kernels); // DirectSgd reads the shapes from a set of layers
    try {
      const steppers: DirectSgd[] = [];
      for (const lr of grid.lrs) {
        const direct = DirectSgd.create(probe, lr);
        if (!direct) {
          steppers.forEach((d) => d.dispose());
          return null;
        }
        steppers.push(direct);
      }
      return new MapTrainer(grid, base, kernels, steppers);
    } finally {
      disposeLayers(probe);
    }
  }

  /** The row's data: the seed's noise on [0, hi], and each epoch's shuffled copy as Session.shuffled() makes it. */
  rowData(hi: number): { data: Dataset; epochs: { zs: tf.Tensor3D; ys: tf.Tensor3D }[] } {
    const data = makeDataset(explosionCellConfig(this.base.learningRate, hi, this.grid.seed).data, rngFor(this.grid.seed, 'noise'));
    const N = this.base.data.points;
    const epochs = this.permutations.map((p) => {
      const zs = new Float32Array(N);
      const ys = new Float32Array(N);
      for (let i = 0; i < N; i++) {
        zs[i] = data.z[p[i]!]!;
        ys[i] = data.y[p[i]!]!;
      }
      return { zs: tf.tensor3d(zs, [1, N, 1]), ys: tf.tensor3d(ys, [1, N, 1]) };
    });
    return { data, epochs };
  }

  /** The run of column `column` (learning rate grid.lrs[column]) on a row's data. */
  run(column: number, epochs: readonly { zs: tf.Tensor3D; ys: tf.Tensor3D }[]): CellRun {
    const stepper = this.steppers[column]!;
    const layers = layersFrom(this.base, this.kernels);
    const row = new Float32Array(1);
    const batch = this.base.batchSize;
    const points = this.base.data.points;
    return {
      step(epoch, s) {
        const start = s * batch;
        stepper.step(layers, epochs[epoch]!.zs, epochs[epoch]!.ys, start, Math.min(batch, points - start), row, 0, false);
        return row[0]!;
      },
      dispose: () => disposeLayers(layers),
    };
  }

  dispose(): void {
    this.steppers.forEach((d) => d.dispose());
  }
}

/** Fresh parameters with these kernels, as net.ts `initLayers` makes them for one seed (kernel [1, in, out], bias [out] zeros). */
function layersFrom(config: ExperimentConfig, kernels: readonly Float32Array[]): Layer[] {
  let fanIn = 1;
  return config.layers.map(({ units, activation }, l) => {
    const layer: Layer = { kernel: tf.tensor3d(kernels[l]!, [1, fanIn, units]), bias: tf.zeros([units]), activation, residual: false, bn: null };
    fanIn = units;
    return layer;
  });
}

function disposeLayers(layers: readonly Layer[]): void {
  tf.dispose(layers.flatMap((l) => [l.kernel, l.bias]));
}

/**
 * One cell's run through a Session, exactly as train() steps it: the path for backends without
 * the direct step (the cpu fallback), and the reference the fast path is tested against.
 */
function sessionRun(config: ExperimentConfig): CellRun {
  const session = new Session(config, [config.seed]);
  let data: { zs: tf.Tensor3D; ys: tf.Tensor3D } | null = null;
  let current = -1;
  return {
    step(epoch, s) {
      if (epoch !== current) {
        if (data) tf.dispose([data.zs, data.ys]);
        data = session.shuffled();
        current = epoch;
      }
      const stats = session.step(data!, s, false);
      const loss = stats instanceof Float32Array ? stats[0]! : (stats.dataSync()[0] ?? NaN);
      if (!(stats instanceof Float32Array)) stats.dispose();
      return loss;
    },
    dispose() {
      if (data) tf.dispose([data.zs, data.ys]);
      session.dispose();
    },
  };
}

/** Trains one cell to its outcome: every epoch, or up to the first non-finite step loss (the outcome is then known). */
function trainCell(lr: number, hi: number, run: CellRun, stick: Yardstick, config: ExperimentConfig): ExplosionCell {
  const { batchSize, epochs } = config;
  const n = config.data.points;
  const steps = Math.ceil(n / batchSize);
  let lastFiniteLoss: number | null = null;
  let finalLoss = NaN;
  let firstNonFiniteEpoch: number | null = null;
  try {
    for (let e = 0; e < epochs && firstNonFiniteEpoch === null; e++) {
      // train.ts's epoch loss: the batch-size-weighted mean of the step losses, summed in this order.
      let loss = 0;
      for (let s = 0; s < steps; s++) {
        const stepLoss = run.step(e, s);
        loss += (stepLoss * Math.min(batchSize, n - s * batchSize)) / n;
        // A non-finite step loss makes the epoch's loss non-finite: the outcome is known, stop here.
        if (!Number.isFinite(stepLoss)) {
          firstNonFiniteEpoch = e + 1;
          break;
        }
      }
      finalLoss = loss;
      if (firstNonFiniteEpoch === null) lastFiniteLoss = loss;
    }
  } finally {
    run.dispose();
  }
  return { lr, hi, outcome: classify(firstNonFiniteEpoch, finalLoss, stick), firstNonFiniteEpoch, finalLoss, lastFiniteLoss };
}

/** One cell alone, through a Session as train() runs it (for a cell clicked on, or a check). */
export function explosionCell(lr: number, hi: number, seed: number = EXPLOSION_GRID.seed): ExplosionCell {
  const config = explosionCellConfig(lr, hi, seed);
  const stick = yardstick(makeDataset(config.data, rngFor(seed, 'noise')));
  return trainCell(lr, hi, sessionRun(config), stick, config);
}

export interface ExplosionMapOptions {
  /** Row indices (into `grid.his`) to compute, in this order; default all, bottom to top. See `coarseToFine`. */
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
  /** Finished rows' cells, row after row in the order computed, each row in lr order. */
  cells: ExplosionCell[];
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
  const order = options.rows ?? grid.his.map((_, i) => i);
  const rows: ExplosionRow[] = [];
  const trainer = MapTrainer.create(grid);
  const result = (status: ExplosionMapResult['status']): ExplosionMapResult => ({
    status,
    grid,
    cells: rows.flatMap((r) => r.cells),
    rows,
    totalMs: performance.now() - started,
  });
  try {
    for (const index of order) {
      const hi = grid.his[index]!;
      const row = trainer?.rowData(hi) ?? null;
      const config = explosionCellConfig(grid.lrs[0]!, hi, grid.seed);
      const stick = yardstick(row?.data ?? makeDataset(config.data, rngFor(grid.seed, 'noise')));
      const cells: ExplosionCell[] = [];
      try {
        for (const [column, lr] of grid.lrs.entries()) {
          if (options.signal?.aborted) return result('cancelled');
          const run = trainer && row ? trainer.run(column, row.epochs) : sessionRun(explosionCellConfig(lr, hi, grid.seed));
          cells.push(trainCell(lr, hi, run, stick, config));
          if (options.yieldToEventLoop) await options.yieldToEventLoop();
        }
      } finally {
        if (row) tf.dispose(row.epochs.flatMap((e) => [e.zs, e.ys]));
      }
      const done: ExplosionRow = { index, hi, cells };
      rows.push(done);
      options.onRow?.(done);
    }
    return result('done');
  } finally {
    trainer?.dispose();
  }
}
