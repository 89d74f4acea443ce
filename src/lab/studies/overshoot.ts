/**
 * Gradient descent on a parabola, f(w) = ½·λ·w², the one-dimensional picture behind the stability
 * boundary: the gradient is λ·w, so a step is w ← w − lr·λ·w = (1 − lr·λ)·w, and after k steps
 * w_k = (1 − lr·λ)^k · w_0. Everything depends on the one number r = lr·λ:
 *
 *   0 < r < 1   the factor is in (0, 1): w shrinks without changing sign (smooth approach);
 *   r = 1       the first step lands exactly on the minimum;
 *   1 < r < 2   the factor is in (−1, 0): w changes sign every step and still shrinks (zig-zag);
 *   r = 2       the factor is −1: w bounces between ±w_0 for ever (the edge);
 *   r > 2       |factor| > 1: every step overshoots further than the last (divergence).
 *
 * Along each eigenvector of a network's curvature the same happens with that eigenvalue, which is
 * why the largest one, λ_max, sets the limit lr < 2/λ_max (stability.ts).
 */

export type Regime = 'smooth' | 'exact' | 'zigzag' | 'edge' | 'diverge';

/** Which of the regimes above lr·λ (> 0) falls in. */
export function regime(lrLambda: number): Regime {
  if (!(lrLambda > 0)) throw new Error('lr·λ must be > 0');
  if (lrLambda < 1) return 'smooth';
  if (lrLambda === 1) return 'exact';
  if (lrLambda < 2) return 'zigzag';
  return lrLambda === 2 ? 'edge' : 'diverge';
}

export interface Descent {
  /** w_0 … w_steps, by repeating the update (not from the closed form, which the tests compare with). */
  w: Float64Array;
  /** f(w_k) = ½·λ·w_k² for each iterate. */
  loss: Float64Array;
  /** 1 − lr·λ, the factor every step multiplies w by. */
  factor: number;
  regime: Regime;
}

/** `steps` steps of gradient descent on ½·λ·w² from w0, at learning rate lrLambda / lambda. */
export function descend(lrLambda: number, options: { w0?: number; steps?: number; lambda?: number } = {}): Descent {
  const { w0 = 1, steps = 20, lambda = 1 } = options;
  if (!(lambda > 0)) throw new Error('λ must be > 0');
  const lr = lrLambda / lambda;
  const w = new Float64Array(steps + 1);
  const loss = new Float64Array(steps + 1);
  w[0] = w0;
  // Stryker disable next-line EqualityOperator: `k <= steps` only adds a write past the end of a typed array, which is ignored
  for (let k = 0; k < steps; k++) {
    const gradient = lambda * w[k]!;
    w[k + 1] = w[k]! - lr * gradient;
  }
  for (let k = 0; k <= steps; k++) loss[k] = 0.5 * lambda * w[k]! ** 2;
  return { w, loss, factor: 1 - lrLambda, regime: regime(lrLambda) };
}
