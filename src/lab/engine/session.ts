/**
 * A training session: S models (one per seed) with their data, parameters and optimiser state,
 * stepped together. `train` runs one seed through it; `trainEnsemble` runs hundreds.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ExperimentConfig } from './config';
import { makeDataset } from './data';
import { cloneLayers, initLayers, norms, owned, trainable, type Layer } from './net';
import { cloneOptimizer, disposeOptimizer, initOptimizer, type OptimizerState } from './optim';
import { chooseStepper, type EpochData, type StepContext, type StepStats, type Stepper } from './step/stepper';
import { permutation, rngFor, type Rng } from './random';
import { concatenated } from './stats';
import type { StepPath } from './trace';

/** Kernel positions inside `trainable(layers)` (batch-norm layers own four trainable tensors, others two). */
function kernelIndices(layers: readonly Layer[]): number[] {
  const out: number[] = [];
  let i = 0;
  for (const l of layers) {
    out.push(i);
    i += l.bn ? 4 : 2;
  }
  return out;
}

export type { StepStats } from './step/stepper';

/** Every step's numbers of an epoch (all from one session, so all of one kind), one row after the other. */
export function readSteps(steps: readonly StepStats[]): Float32Array {
  const numbers = steps.filter((s) => s instanceof Float32Array);
  if (numbers.length === steps.length) return concatenated(numbers, (n) => new Float32Array(n));
  const all = tf.tidy(() => tf.concat(steps.map((t) => tf.reshape(t as tf.Tensor2D, [-1]))));
  const values = (all.dataSync() as Float32Array).slice(); // a copy: the cpu backend returns its own storage
  all.dispose();
  return values;
}

/** Disposes what `step` returned (numbers need nothing). */
export function disposeSteps(steps: readonly StepStats[]): void {
  tf.dispose(steps.filter((s): s is tf.Tensor2D => !(s instanceof Float32Array)));
}

export interface StepDetail {
  loss: number;
  /** Largest |value| of each gradient and each new parameter, in `trainable` order. */
  gradMax: Float32Array;
  paramMax: Float32Array;
  kernelGradNorms: Float32Array;
}

export interface Snapshot {
  layers: Layer[];
  optimizer: OptimizerState;
}

export class Session implements StepContext {
  readonly seeds: readonly number[];
  readonly size: number;
  layers: Layer[];
  optimizer: OptimizerState;
  /** Inputs and targets, [S, N, 1], scaled to [0, 1] when the config normalises. */
  readonly z: tf.Tensor3D;
  readonly y: tf.Tensor3D;
  readonly steps: number;
  /** z and y as numbers, for the shuffle. */
  private readonly zValues: Float32Array;
  private readonly yValues: Float32Array;
  private readonly shuffles: Rng[];
  readonly kernels: number[];

  /** `direct: false` keeps a run off the direct path (tests compare the paths). */
  constructor(readonly config: ExperimentConfig, seeds: readonly number[], options: { direct?: boolean } = {}) {
    this.seeds = seeds;
    this.size = seeds.length;
    const { data } = config;
    const N = data.points;
    const z = new Float32Array(this.size * N);
    const y = new Float32Array(this.size * N);
    const scale = (v: number) => (config.normalize ? (v - data.lo) / (data.hi - data.lo) : v);
    seeds.forEach((seed, s) => {
      const d = makeDataset(data, rngFor(seed, 'noise'));
      for (let i = 0; i < N; i++) {
        z[s * N + i] = scale(d.z[i]!);
        y[s * N + i] = scale(d.y[i]!);
      }
    });
    this.z = tf.tensor3d(z, [this.size, N, 1]);
    this.y = tf.tensor3d(y, [this.size, N, 1]);
    this.zValues = z;
    this.yValues = y;
    this.steps = Math.ceil(N / config.batchSize);
    this.shuffles = seeds.map((seed) => rngFor(seed, 'shuffle'));
    this.layers = initLayers(config, seeds);
    this.optimizer = initOptimizer(config.optimizer, trainable(this.layers));
    this.kernels = kernelIndices(this.layers);
    const { stepper, fallback } = chooseStepper(config, this.layers, this.size, options);
    this.stepper = stepper;
    this.directFallback = fallback;
  }

  /** The step this session takes, chosen once (step/stepper.ts). */
  private readonly stepper: Stepper;

  /** Why this session takes the lean step where the direct one would serve: it failed its self-check on this backend. */
  readonly directFallback: string | null;

  /** Which step this session takes. */
  get path(): StepPath {
    return this.stepper.path;
  }

  /** This epoch's shuffled data, [S, N, 1] each: every seed draws its own permutation (a gather, done here in JavaScript). */
  shuffled(): EpochData {
    const N = this.config.data.points;
    const zs = new Float32Array(this.size * N);
    const ys = new Float32Array(this.size * N);
    this.shuffles.forEach((rng, s) => {
      const p = permutation(rng, N);
      for (let i = 0; i < N; i++) {
        zs[s * N + i] = this.zValues[s * N + p[i]!]!;
        ys[s * N + i] = this.yValues[s * N + p[i]!]!;
      }
    });
    return { zs: tf.tensor3d(zs, [this.size, N, 1]), ys: tf.tensor3d(ys, [this.size, N, 1]) };
  }

  /** Batch `s` of an epoch's shuffled data. */
  batch(data: EpochData, s: number): { xb: tf.Tensor3D; yb: tf.Tensor3D } {
    const start = s * this.config.batchSize;
    const size = Math.min(this.config.batchSize, this.config.data.points - start);
    return tf.tidy(() => ({
      xb: tf.slice(data.zs, [0, start, 0], [this.size, size, 1]),
      yb: tf.slice(data.ys, [0, start, 0], [this.size, size, 1]),
    }));
  }

  /** Swaps in the new parameters, slots and moving statistics, disposing the old ones. */
  adopt(params: tf.Tensor[], slots: tf.Tensor[][], moving: tf.Tensor3D[]): void {
    const old = [...owned(this.layers), ...this.optimizer.slots.flat()];
    let p = 0;
    let m = 0;
    this.layers = this.layers.map((l) => {
      const kernel = params[p++] as tf.Tensor3D;
      const bias = params[p++]!;
      if (!l.bn) return { ...l, kernel, bias };
      const bn = { gamma: params[p++] as tf.Tensor3D, beta: params[p++] as tf.Tensor3D, movingMean: moving[m++]!, movingVar: moving[m++]! };
      return { ...l, kernel, bias, bn };
    });
    this.optimizer = { kind: this.optimizer.kind, t: this.optimizer.t + 1, slots };
    tf.dispose(old);
  }

  /**
   * One step for every seed on batch `s` of an epoch's data; returns [S, 1 + L]: the batch loss and
   * each layer's kernel-gradient norm (before clipping), or [S, 1] with the loss alone when `norms`
   * is false (ensembles).
   */
  step(data: EpochData, s: number, norms = true): StepStats {
    return this.stepper.step(this, data, s, norms);
  }

  /**
   * The same step, read back in full (seed 0): what the NaN tripwire inspects one step at a time.
   * Always on tensors (the lean or general path), which compute what the direct path computes.
   */
  stepDetailed(data: EpochData, s: number): StepDetail {
    const { xb, yb } = this.batch(data, s);
    const out = tf.tidy(() => {
      const u = this.stepper.update(this, xb, yb);
      const maxAbs = (ts: tf.Tensor[]) => tf.stack(ts.map((t) => tf.max(tf.abs(t))));
      const detail = tf.concat([
        tf.reshape(u.loss, [this.size]),
        maxAbs(u.grads),
        maxAbs(u.params),
        tf.reshape(norms(this.kernels.map((i) => u.grads[i] as tf.Tensor3D)), [-1]),
      ]);
      return { params: u.params, slots: u.slots, moving: u.moving, detail };
    });
    tf.dispose([xb, yb]);
    this.adopt(out.params as tf.Tensor[], out.slots as tf.Tensor[][], out.moving as tf.Tensor3D[]);
    const v = (out.detail as tf.Tensor1D).dataSync() as Float32Array;
    (out.detail as tf.Tensor).dispose();
    const n = trainable(this.layers).length;
    return {
      loss: v[0]!,
      gradMax: v.slice(1, 1 + n),
      paramMax: v.slice(1 + n, 1 + 2 * n),
      kernelGradNorms: v.slice(1 + 2 * n),
    };
  }

  snapshot(): Snapshot {
    return { layers: cloneLayers(this.layers), optimizer: cloneOptimizer(this.optimizer) };
  }

  /** Goes back to a snapshot (which the session then owns). */
  restore(snapshot: Snapshot): void {
    tf.dispose([...owned(this.layers), ...this.optimizer.slots.flat()]);
    this.layers = snapshot.layers;
    this.optimizer = snapshot.optimizer;
  }


  /** Copies of every layer's kernel values (seed 0 first when several). */
  kernelValues(): Float32Array[] {
    return this.layers.map((l) => (l.kernel.dataSync() as Float32Array).slice());
  }

  /** Mean |activation slope| per layer on the inputs, seed 0 (net.ts `meanSlopes`). */
  slopeValues(): Float32Array {
    return this.stepper.slopes(this);
  }

  /** Predictions for the config's inputs, in the data's own units: [S * k] numbers, seed by seed. */
  predictionValues(): Float32Array {
    const { data, normalize, predictInputs } = this.config;
    const span = data.hi - data.lo;
    const inputs = normalize ? predictInputs.map((v) => (v - data.lo) / span) : predictInputs;
    const out = tf.tidy(() => {
      const raw = this.stepper.outputs(this, inputs);
      return normalize ? tf.add(tf.mul(raw, span), data.lo) : raw;
    });
    const values = (out.dataSync() as Float32Array).slice(); // a copy: the cpu backend returns its own storage
    out.dispose();
    return values;
  }

  dispose(): void {
    this.stepper.dispose();
    tf.dispose([...owned(this.layers), this.z, this.y]);
    disposeOptimizer(this.optimizer);
  }
}

export function cloneSnapshot(snapshot: Snapshot): Snapshot {
  return { layers: cloneLayers(snapshot.layers), optimizer: cloneOptimizer(snapshot.optimizer) };
}

export function disposeSnapshot(snapshot: Snapshot): void {
  tf.dispose(owned(snapshot.layers));
  disposeOptimizer(snapshot.optimizer);
}
