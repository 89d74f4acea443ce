/**
 * Optimisers, as Keras defines them, on tensors batched over seeds ([S, …]):
 *   sgd       w ← w − η g
 *   momentum  v ← 0.9 v − η g;  w ← w + v
 *   adam      m ← β1 m + (1−β1) g;  v ← β2 v + (1−β2) g²;  w ← w − η √(1−β2ᵗ)/(1−β1ᵗ) · m / (√v + ε)
 * and Keras' `clipnorm`: each gradient tensor rescaled to at most that L2 norm (per seed).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { OptimizerKind } from './config';

const MOMENTUM = 0.9;
const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-7;

export interface OptimizerState {
  kind: OptimizerKind;
  /** Steps taken so far (Adam's bias correction needs it). */
  t: number;
  /** Per trainable tensor: [] for sgd, [velocity] for momentum, [m, v] for adam. */
  slots: tf.Tensor[][];
}

export function initOptimizer(kind: OptimizerKind, params: readonly tf.Tensor[]): OptimizerState {
  const slotCount = kind === 'sgd' ? 0 : kind === 'momentum' ? 1 : 2;
  return { kind, t: 0, slots: params.map((p) => Array.from({ length: slotCount }, () => tf.zerosLike(p))) };
}

export function disposeOptimizer(state: OptimizerState): void {
  for (const slot of state.slots) tf.dispose(slot);
}

export function cloneOptimizer(state: OptimizerState): OptimizerState {
  return { ...state, slots: state.slots.map((s) => s.map((t) => tf.clone(t))) };
}

/** Keras clipnorm, per seed: g · c / max(‖g‖, c). */
export function clipByNorm(g: tf.Tensor, clipNorm: number): tf.Tensor {
  if (!(clipNorm > 0)) return g;
  // Per seed: over all axes but the first, or over everything for a single seed's rank-1 bias.
  const norm = tf.sqrt(tf.sum(tf.square(g), g.rank === 1 ? [0] : [1, 2], true));
  return tf.mul(g, tf.div(clipNorm, tf.maximum(norm, clipNorm)));
}

/** New parameters and optimiser slots after one step. Call inside tf.tidy; the caller disposes the old ones. */
export function applyGradients(
  state: OptimizerState,
  params: readonly tf.Tensor[],
  grads: readonly tf.Tensor[],
  learningRate: number,
): { params: tf.Tensor[]; slots: tf.Tensor[][] } {
  const t = state.t + 1;
  switch (state.kind) {
    case 'sgd':
      return { params: params.map((p, i) => tf.sub(p, tf.mul(grads[i]!, learningRate))), slots: state.slots.map(() => []) };
    case 'momentum': {
      const velocities = params.map((_, i) => tf.sub(tf.mul(state.slots[i]![0]!, MOMENTUM), tf.mul(grads[i]!, learningRate)));
      return { params: params.map((p, i) => tf.add(p, velocities[i]!)), slots: velocities.map((v) => [v]) };
    }
    case 'adam': {
      const rate = (learningRate * Math.sqrt(1 - BETA2 ** t)) / (1 - BETA1 ** t);
      const slots = params.map((_, i) => {
        const [m0, v0] = state.slots[i]!;
        const g = grads[i]!;
        return [tf.add(tf.mul(m0!, BETA1), tf.mul(g, 1 - BETA1)), tf.add(tf.mul(v0!, BETA2), tf.mul(tf.square(g), 1 - BETA2))];
      });
      return {
        params: params.map((p, i) => tf.sub(p, tf.mul(tf.div(slots[i]![0]!, tf.add(tf.sqrt(slots[i]![1]!), EPSILON)), rate))),
        slots,
      };
    }
    default: {
      const never: never = state.kind;
      throw new Error(`unknown optimizer ${String(never)}`);
    }
  }
}
