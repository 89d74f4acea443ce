import { describe, expect, it } from 'vitest';
import { descend, regime } from './overshoot';

/** The closed form w_k = (1 − lr·λ)^k · w_0, to compare the iteration with. */
const closed = (lrLambda: number, w0: number, k: number) => (1 - lrLambda) ** k * w0;

describe('gradient descent on ½·λ·w²', () => {
  it('follows the closed form (1 − lr·λ)^k · w_0 at every step, whatever λ', () => {
    for (const r of [0.3, 1, 1.5, 2, 2.5]) {
      for (const lambda of [1, 8, 46]) {
        const { w } = descend(r, { w0: 2, steps: 30, lambda });
        w.forEach((v, k) => expect(Math.abs(v - closed(r, 2, k))).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(closed(r, 2, k)))));
      }
    }
  });

  it('approaches smoothly below lr·λ = 1: w keeps its sign and shrinks every step', () => {
    const { w, regime: r } = descend(0.8, { steps: 20 });
    expect(r).toBe('smooth');
    for (let k = 1; k < w.length; k++) {
      expect(w[k]).toBeGreaterThan(0);
      expect(w[k]).toBeLessThan(w[k - 1]!);
    }
  });

  it('zig-zags between 1 and 2: w changes sign every step while |w| shrinks', () => {
    const { w, regime: r } = descend(1.6, { steps: 20 });
    expect(r).toBe('zigzag');
    for (let k = 1; k < w.length; k++) {
      expect(Math.sign(w[k]!)).toBe(-Math.sign(w[k - 1]!));
      expect(Math.abs(w[k]!)).toBeLessThan(Math.abs(w[k - 1]!));
    }
  });

  it('diverges beyond 2: each step overshoots further, and the loss grows by (1 − lr·λ)² per step', () => {
    const { w, loss, regime: r } = descend(4.6, { steps: 20, lambda: 46 });
    expect(r).toBe('diverge');
    for (let k = 1; k < w.length; k++) {
      expect(Math.abs(w[k]!)).toBeGreaterThan(Math.abs(w[k - 1]!));
      expect(loss[k]! / loss[k - 1]!).toBeCloseTo(3.6 ** 2, 9);
    }
  });

  it('lands on the minimum in one step at lr·λ = 1 and bounces for ever at exactly 2', () => {
    expect(regime(1)).toBe('exact');
    expect(Array.from(descend(1, { steps: 3 }).w)).toEqual([1, 0, 0, 0]);
    expect(regime(2)).toBe('edge');
    expect(Array.from(descend(2, { steps: 4 }).w)).toEqual([1, -1, 1, -1, 1]);
  });

  it('refuses a non-positive lr·λ', () => {
    expect(() => regime(0)).toThrow('lr·λ must be > 0');
    expect(() => regime(NaN)).toThrow('lr·λ must be > 0');
    expect(() => descend(-1)).toThrow();
  });

  it('refuses a curvature λ that is not positive', () => {
    for (const lambda of [0, -2, NaN]) expect(() => descend(0.5, { lambda }), String(lambda)).toThrow('λ must be > 0');
  });

  it('measures the loss as ½·λ·w² with the curvature given', () => {
    // λ = 4, lr·λ = 0.5: w goes 1 → 0.5 → 0.25, and ½·4·w² is 2, 0.5, 0.125.
    expect(Array.from(descend(0.5, { lambda: 4, steps: 2 }).loss)).toEqual([2, 0.5, 0.125]);
  });
});
