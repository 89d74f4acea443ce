/**
 * The one choice of training step. A session asks `chooseStepper` once, when it is made, and from
 * then on calls its `Stepper` without asking again. Three steps compute the same numbers:
 *
 * - **general**: net.ts's gradients, clipping and optim.ts's optimisers, on tensors; anything the
 *   others do not cover (several seeds, batch norm, residuals, tanh, clipping, Adam);
 * - **lean**: single seed, plain SGD, the same kernels called without the ops' overhead (lean.ts);
 * - **direct**: the lean step's kernels called straight into wasm memory (direct.ts), on the wasm
 *   backend, once its self-check has passed there (`DirectSgd.create` waits for that verdict).
 *
 * The NaN tripwire's detailed step always runs on tensors (`update`): the direct step's `update` is
 * the lean one, which computes what it computes.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ExperimentConfig } from '../config';
import { gradients, meanSlopes, predict, trainable, type Layer } from '../net';
import { applyGradients, clipByNorm, type OptimizerState } from '../optim';
import type { StepPath } from '../trace';
import { DirectSgd } from './direct';
import { Constants, leanable, leanSgdUpdate } from './lean';

/**
 * A step's numbers, [S, 1 + L] (or [S, 1]): a tensor on the general and lean paths, read once per
 * epoch with `readSteps`; already numbers on the direct path, which works in wasm memory.
 */
export type StepStats = tf.Tensor2D | Float32Array;

/** An epoch's shuffled data, [S, N, 1] each. */
export interface EpochData {
  zs: tf.Tensor3D;
  ys: tf.Tensor3D;
}

/** What a step reads from and writes back to its session. */
export interface StepContext {
  readonly config: ExperimentConfig;
  readonly size: number;
  readonly layers: Layer[];
  readonly optimizer: OptimizerState;
  /** Every input, [S, N, 1]. */
  readonly z: tf.Tensor3D;
  /** Kernel positions inside `trainable(layers)`. */
  readonly kernels: readonly number[];
  batch(data: EpochData, s: number): { xb: tf.Tensor3D; yb: tf.Tensor3D };
  /** Swaps in the new parameters, slots and moving statistics, disposing the old ones. */
  adopt(params: tf.Tensor[], slots: tf.Tensor[][], moving: tf.Tensor3D[]): void;
}

/** One batch's loss, gradients (in `trainable` order), new parameters, optimiser slots and moving statistics: tensors, inside tf.tidy. */
export interface Update {
  loss: tf.Tensor;
  grads: tf.Tensor[];
  params: tf.Tensor[];
  slots: tf.Tensor[][];
  moving: tf.Tensor3D[];
}

export interface Stepper {
  readonly path: StepPath;
  /** The update of one batch on tensors (the tripwire's detailed step uses it on every path). Call inside tf.tidy. */
  update(ctx: StepContext, xb: tf.Tensor3D, yb: tf.Tensor3D): Update;
  /** One step for every seed on batch `s`; the batch loss and each layer's kernel-gradient norm (or the loss alone). */
  step(ctx: StepContext, data: EpochData, s: number, norms: boolean): StepStats;
  /** Mean |activation slope| per layer on the inputs, seed 0. */
  slopes(ctx: StepContext): Float32Array;
  /** The net's raw outputs for these inputs, [S, k]. Call inside tf.tidy. */
  outputs(ctx: StepContext, inputs: readonly number[]): tf.Tensor;
  dispose(): void;
}

/** Per-seed L2 norm of each tensor, [S, n]. Fast; overflows to Infinity past ~1.8e19 (see net.ts `norms` for a safe one). */
function quickNorms(tensors: readonly tf.Tensor3D[]): tf.Tensor2D {
  return tf.stack(tensors.map((t) => tf.sqrt(tf.sum(tf.square(t), [1, 2]))), 1) as tf.Tensor2D;
}

/** The general step: any config, on tensors. */
class GeneralStep implements Stepper {
  readonly path: StepPath = 'general';

  update(ctx: StepContext, xb: tf.Tensor3D, yb: tf.Tensor3D): Update {
    const { config } = ctx;
    const g = gradients(ctx.layers, xb, yb);
    const clipped = config.clipNorm > 0 ? g.grads.map((t) => clipByNorm(t, config.clipNorm)) : g.grads;
    const next = applyGradients(ctx.optimizer, trainable(ctx.layers), clipped, config.learningRate);
    const moving = g.moving.flatMap((m) => (m ? [m.mean, m.variance] : []));
    return { loss: g.loss, grads: g.grads, params: next.params, slots: next.slots, moving };
  }

  step(ctx: StepContext, data: EpochData, s: number, norms: boolean): StepStats {
    const { xb, yb } = ctx.batch(data, s);
    const out = tf.tidy(() => {
      const u = this.update(ctx, xb, yb);
      const loss = tf.reshape(u.loss, [ctx.size, 1]);
      const stats = norms ? tf.concat([loss, quickNorms(ctx.kernels.map((i) => u.grads[i] as tf.Tensor3D))], 1) : loss;
      return { params: u.params, slots: u.slots, moving: u.moving, stats };
    });
    tf.dispose([xb, yb]);
    ctx.adopt(out.params as tf.Tensor[], out.slots as tf.Tensor[][], out.moving as tf.Tensor3D[]);
    return out.stats as tf.Tensor2D;
  }

  slopes(ctx: StepContext): Float32Array {
    const t = tf.tidy(() => tf.slice(meanSlopes(ctx.layers, ctx.z), [0, 0], [1, -1]));
    const values = (t.dataSync() as Float32Array).slice();
    t.dispose();
    return values;
  }

  outputs(ctx: StepContext, inputs: readonly number[]): tf.Tensor {
    return predict(ctx.layers, [...inputs], ctx.size);
  }

  dispose(): void {}
}

/** The lean step: single seed, plain SGD, kernels called without the ops around them. */
class LeanStep extends GeneralStep {
  override readonly path: StepPath = 'lean';
  private readonly constants = new Constants();

  override update(ctx: StepContext, xb: tf.Tensor3D, yb: tf.Tensor3D): Update {
    const { loss, grads, params } = leanSgdUpdate(ctx.layers, xb, yb, ctx.config.learningRate, this.constants);
    return { loss, grads, params, slots: ctx.optimizer.slots.map(() => []), moving: [] };
  }

  override dispose(): void {
    this.constants.dispose();
  }
}

/** The direct step: the lean step's kernels on wasm memory; its tensor update is the lean one. */
class DirectStep extends LeanStep {
  override readonly path: StepPath = 'direct';

  constructor(private readonly direct: DirectSgd) {
    super();
  }

  override step(ctx: StepContext, data: EpochData, s: number, norms: boolean): StepStats {
    const start = s * ctx.config.batchSize;
    const size = Math.min(ctx.config.batchSize, ctx.config.data.points - start);
    const row = new Float32Array(norms ? 1 + ctx.layers.length : 1);
    this.direct.step(ctx.layers, data.zs, data.ys, start, size, row, 0, norms);
    return row;
  }

  override slopes(ctx: StepContext): Float32Array {
    return this.direct.meanSlopes(ctx.layers, ctx.z);
  }

  override outputs(ctx: StepContext, inputs: readonly number[]): tf.Tensor {
    return tf.tensor2d(this.direct.outputs(ctx.layers, Float32Array.from(inputs)), [1, inputs.length]);
  }

  override dispose(): void {
    this.direct.dispose();
    super.dispose();
  }
}

/**
 * The step a run of this config takes, chosen once: general unless the run is leanable, then direct
 * where the wasm backend's direct step passed its self-check, else lean. `fallback` says why a run
 * that the direct step would serve takes the lean one (it failed its self-check on this backend).
 * `direct: false` keeps a run off the direct path (tests compare the paths).
 */
export function chooseStepper(
  config: ExperimentConfig,
  layers: readonly Layer[],
  seeds: number,
  options: { direct?: boolean } = {},
): { stepper: Stepper; fallback: string | null } {
  if (!leanable(config, seeds)) return { stepper: new GeneralStep(), fallback: null };
  const verdict = options.direct !== false ? DirectSgd.verdict() : null;
  const direct = verdict?.ok ? DirectSgd.create(layers, config.learningRate) : null;
  return {
    stepper: direct ? new DirectStep(direct) : new LeanStep(),
    fallback: verdict && !verdict.ok ? verdict.reason : null,
  };
}
