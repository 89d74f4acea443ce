/**
 * Training steps for the recurrent cells, on their own arrays and in place: Keras' SGD and Adam (as
 * engine/optim.ts defines them for the tensor path) and Keras' `clipnorm`, each gradient array
 * rescaled to at most that L2 norm before the step.
 *
 *   sgd   w ← w − η g
 *   adam  m ← β1 m + (1−β1) g;  v ← β2 v + (1−β2) g²;  w ← w − η √(1−β2ᵗ)/(1−β1ᵗ) · m / (√v + ε)
 */
import { WEIGHT_NAMES, floats, zeroWeights, type Params, type Weights } from './cells';
import { sumSquares, type Sequences, type ThroughTime } from './sequences';
import { throughTime } from './through-time';

const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-7;

export type RecurrentOptimizer = 'sgd' | 'adam';

export interface OptimizerState {
  kind: RecurrentOptimizer;
  /** Steps taken so far (Adam's bias correction needs it). */
  t: number;
  /** Adam's moments, shaped like the weights; null for SGD. */
  m: Weights | null;
  v: Weights | null;
}

export function initOptimizer(kind: RecurrentOptimizer, p: Params): OptimizerState {
  return { kind, t: 0, m: kind === 'adam' ? zeroWeights(p) : null, v: kind === 'adam' ? zeroWeights(p) : null };
}

/** Keras clipnorm: g · c / max(‖g‖, c), for each array on its own. 0 = off. */
export function clipped(g: Weights, clipNorm: number, precision: Params['precision']): Weights {
  if (!(clipNorm > 0)) return g;
  const out = { ...g };
  for (const name of WEIGHT_NAMES) {
    const a = g[name];
    const norm = Math.sqrt(sumSquares(a));
    // Stryker disable next-line EqualityOperator: at norm = clipNorm the scale c/norm is exactly 1
    if (norm <= clipNorm) continue;
    const scaled = floats(precision, a.length);
    // Stryker disable next-line EqualityOperator: `i <= length` only adds a write past the end of a typed array, which is ignored
    for (let i = 0; i < a.length; i++) scaled[i] = (a[i]! * clipNorm) / norm;
    out[name] = scaled;
  }
  return out;
}

/** One optimiser step on `p`'s weights, in place. */
export function applyGradients(p: Params, grads: Weights, state: OptimizerState, learningRate: number, clipNorm = 0): void {
  const g = clipped(grads, clipNorm, p.precision);
  state.t += 1;
  const rate = state.kind === 'adam' ? (learningRate * Math.sqrt(1 - BETA2 ** state.t)) / (1 - BETA1 ** state.t) : learningRate;
  for (const name of WEIGHT_NAMES) {
    const [w, gw] = [p[name], g[name]];
    if (state.kind === 'sgd') {
      // Stryker disable next-line EqualityOperator: `i <= length` only adds a write past the end of a typed array, which is ignored
      for (let i = 0; i < w.length; i++) w[i] = w[i]! - rate * gw[i]!;
      continue;
    }
    const [m, v] = [state.m![name], state.v![name]];
    // Stryker disable next-line EqualityOperator: `i <= length` only adds writes past the ends of typed arrays, which are ignored
    for (let i = 0; i < w.length; i++) {
      m[i] = BETA1 * m[i]! + (1 - BETA1) * gw[i]!;
      v[i] = BETA2 * v[i]! + (1 - BETA2) * gw[i]! * gw[i]!;
      w[i] = w[i]! - (rate * m[i]!) / (Math.sqrt(v[i]!) + EPSILON);
    }
  }
}

/** Gradients on one batch, then one step; returns what the batch gave before the step (its loss, ‖∂L/∂h_t‖, …). */
export function trainStep(p: Params, data: Sequences, state: OptimizerState, learningRate: number, clipNorm = 0): ThroughTime {
  const result = throughTime(p, data);
  applyGradients(p, result.grads, state, learningRate, clipNorm);
  return result;
}
