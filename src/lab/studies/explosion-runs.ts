/**
 * How the explosion map trains its cells: many runs of one model that differ only in learning
 * rate and data, each to its first non-finite loss or its last epoch, with the epoch losses train()
 * would report for it, bit for bit (explosion.test.ts compares them with train()).
 *
 * Two paths, each with its reason:
 * - `SharedRuns`, the map's path on the wasm backend: everything the runs share is made once, the
 *   steps are session.ts's direct steps (direct.ts) called with the arguments Session passes. On
 *   the map's 1,024 runs what is left besides the steps is ~4 % of the time; a Session per run
 *   added ~10 %, and its per-run shuffles ~7 % more (measured in Node).
 * - `sessionRun`, a Session per run exactly as train() steps it: where the direct step does not
 *   exist (the cpu fallback), and for a single cell.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { DataConfig, ExperimentConfig } from '../engine/config';
import { makeDataset, type Dataset } from '../engine/data';
import { DirectSgd } from '../engine/step/direct';
import { initialKernel, type Layer } from '../engine/net';
import { permutation, rngFor } from '../engine/random';
import { Session } from '../engine/session';

/** One run, step by step: what a cell needs from a training path. */
export interface CellRun {
  /** Trains batch `s` of epoch `epoch` (both 0-based) and returns the batch's loss. */
  step(epoch: number, s: number): number;
  dispose(): void;
}

/** An epoch's shuffled data, [1, N, 1] each, as Session.shuffled() makes it. */
type EpochData = { zs: tf.Tensor3D; ys: tf.Tensor3D };

/** A data set and its shuffled copy for every epoch; dispose with `disposeRowData`. */
export interface RowData {
  data: Dataset;
  epochs: EpochData[];
}

export function disposeRowData(row: RowData): void {
  tf.dispose(row.epochs.flatMap((e) => [e.zs, e.ys]));
}

/**
 * Runs of `base` (one seed, plain SGD, dense layers: what the direct step covers) at each of
 * `lrs`, on any data. Shared by all runs: the seed's initial kernels as numbers, every epoch's
 * permutation (the shuffle stream depends on the seed alone), one DirectSgd per learning rate (its
 * buffers; it keeps nothing between steps but the learning rate). Per data set (`rowData`): the
 * data and its shuffled copies as tensors. Per run: fresh parameter tensors only.
 */
export class SharedRuns {
  private readonly permutations: Int32Array[];

  private constructor(
    private readonly base: ExperimentConfig,
    private readonly kernels: Float32Array[],
    private readonly steppers: DirectSgd[],
  ) {
    const shuffle = rngFor(base.seed, 'shuffle');
    this.permutations = Array.from({ length: base.epochs }, () => permutation(shuffle, base.data.points));
  }

  /** Runs for these learning rates, or null where the direct step is not available (not the wasm backend). */
  static create(base: ExperimentConfig, lrs: readonly number[]): SharedRuns | null {
    // The seed's `init` stream, drawn layer by layer as net.ts `initLayers` draws it.
    const rng = rngFor(base.seed, 'init');
    let fanIn = 1;
    const kernels = base.layers.map(({ units }) => {
      const k = initialKernel(rng, base.initializer, fanIn, units);
      fanIn = units;
      return k;
    });
    const probe = layersFrom(base, kernels); // DirectSgd reads its shapes from a set of layers
    const steppers: DirectSgd[] = [];
    try {
      for (const lr of lrs) {
        const direct = DirectSgd.create(probe, lr);
        if (!direct) {
          steppers.forEach((d) => d.dispose());
          return null;
        }
        steppers.push(direct);
      }
      return new SharedRuns(base, kernels, steppers);
    } finally {
      disposeLayers(probe);
    }
  }

  /** The seed's data drawn with this recipe, and each epoch's shuffled copy. */
  rowData(config: DataConfig): RowData {
    const data = makeDataset(config, rngFor(this.base.seed, 'noise'));
    const N = config.points;
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

  /** A fresh run at learning rate `lrs[column]` on a row's data. */
  run(column: number, row: RowData): CellRun {
    const stepper = this.steppers[column]!;
    const layers = layersFrom(this.base, this.kernels);
    const stats = new Float32Array(1);
    const batch = this.base.batchSize;
    const points = row.data.z.length;
    return {
      step(epoch, s) {
        const { zs, ys } = row.epochs[epoch]!;
        const start = s * batch;
        stepper.step(layers, zs, ys, start, Math.min(batch, points - start), stats, 0, false);
        return stats[0]!;
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

/** One run through a Session, stepped exactly as train() steps it. */
export function sessionRun(config: ExperimentConfig): CellRun {
  const session = new Session(config, [config.seed]);
  let data: EpochData | null = null;
  let current = -1;
  return {
    step(epoch, s) {
      if (epoch !== current) {
        if (data) tf.dispose([data.zs, data.ys]);
        data = session.shuffled();
        current = epoch;
      }
      const stats = session.step(data!, s, false);
      if (stats instanceof Float32Array) return stats[0]!;
      const loss = stats.dataSync()[0]!; // the tensor paths: one read per step, acceptable off the map's fast path
      stats.dispose();
      return loss;
    },
    dispose() {
      if (data) tf.dispose([data.zs, data.ys]);
      session.dispose();
    },
  };
}

/** How a run ended: the numbers a map cell reports. */
export interface RunEnd {
  firstNonFiniteEpoch: number | null;
  finalLoss: number;
  lastFiniteLoss: number | null;
}

/** Trains a run to its end: every epoch, or up to its first non-finite step loss (the outcome is then known). Disposes the run. */
export function runToEnd(run: CellRun, config: Pick<ExperimentConfig, 'batchSize' | 'epochs' | 'data'>): RunEnd {
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
  return { firstNonFiniteEpoch, finalLoss, lastFiniteLoss };
}
