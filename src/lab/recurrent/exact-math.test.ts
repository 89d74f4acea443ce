import { describe, expect, it } from 'vitest';
import { exp, sigmoid, tanh } from './exact-math';

/** How many doubles apart two numbers are (0 when equal). */
function ulps(a: number, b: number): number {
  if (a === b) return 0;
  const spacing = Math.abs(b) * Number.EPSILON;
  return Math.abs(a - b) / spacing;
}

const grid = (from: number, to: number, n: number) => Array.from({ length: n }, (_, i) => from + ((to - from) * i) / (n - 1) + 1e-7 * Math.sin(i));

describe('engine-independent exp, tanh and sigmoid', () => {
  it('exp is within 1 ulp of Math.exp from −700 to 700', () => {
    for (const x of grid(-700, 700, 20001)) expect(ulps(exp(x), Math.exp(x)), `x = ${x}`).toBeLessThanOrEqual(1);
  });

  it('exp is exact where it can be and saturates past the double range', () => {
    expect(exp(0)).toBe(1);
    expect(exp(-0)).toBe(1);
    expect(ulps(exp(1), Math.E)).toBeLessThanOrEqual(1);
    expect(exp(800)).toBe(Infinity);
    expect(exp(-800)).toBe(0);
    expect(exp(-740)).toBeGreaterThan(0); // subnormal, not flushed
    expect(ulps(exp(709), Math.exp(709))).toBeLessThanOrEqual(1);
    expect(exp(Number.NaN)).toBeNaN();
  });

  it('tanh is within 1e-13 of Math.tanh, relatively, odd, and ±1 far out', () => {
    for (const x of [...grid(-30, 30, 20001), ...grid(-0.01, 0.01, 2001), 1e-300, 3.9e-3, 4.1e-3]) {
      expect(Math.abs(tanh(x) - Math.tanh(x)), `x = ${x}`).toBeLessThanOrEqual(1e-13 * Math.abs(Math.tanh(x)));
      expect(tanh(-x)).toBe(-tanh(x));
    }
    expect(tanh(0)).toBe(0);
    expect(tanh(50)).toBe(1);
    expect(tanh(-50)).toBe(-1);
  });

  it('sigmoid is within 1e-14 of 1/(1 + Math.exp(−x)), relatively, and 0 or 1 far out without overflow', () => {
    for (const x of grid(-700, 700, 20001)) {
      const expected = x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
      expect(Math.abs(sigmoid(x) - expected), `x = ${x}`).toBeLessThanOrEqual(1e-14 * expected);
    }
    expect(sigmoid(0)).toBe(0.5);
    expect(sigmoid(1000)).toBe(1);
    expect(sigmoid(-1000)).toBe(0);
  });
  it('exp is within 1 ulp of Math.exp at the top of the double range, where 2^k takes two factors (k = 1024)', () => {
    for (const x of grid(709, 709.78, 2001)) expect(ulps(exp(x), Math.exp(x)), `x = ${x}`).toBeLessThanOrEqual(1);
    const overflow = 7.09782712893383973096e2; // fdlibm's o_threshold: the largest x with a finite e^x
    expect(exp(overflow)).toBe(Math.exp(overflow));
    expect(exp(overflow)).toBeLessThan(Infinity);
  });

  it('exp follows Math.exp into the subnormals, where 2^k takes two factors (k < −1021), down to 5e-324', () => {
    for (const x of grid(-745, -708.4, 4001)) {
      expect(Math.abs(exp(x) - Math.exp(x)), `x = ${x}`).toBeLessThanOrEqual(Math.max(Number.EPSILON * Math.exp(x), Number.MIN_VALUE));
    }
    const underflow = -7.45133219101941108420e2; // fdlibm's u_threshold: e^x is still the smallest subnormal
    expect(exp(underflow)).toBe(Number.MIN_VALUE);
  });

  it('exp is Infinity and 0 far beyond the double range, and at ±Infinity', () => {
    expect(exp(1e6)).toBe(Infinity);
    expect(exp(-1e6)).toBe(0);
    expect(exp(Infinity)).toBe(Infinity);
    expect(exp(-Infinity)).toBe(0);
  });

  it('tanh’s polynomial near 0 is within 2 ulps of Math.tanh (the x⁷ term still counts at 0.004)', () => {
    for (const x of grid(-0.00399, 0.00399, 4001)) expect(ulps(tanh(x), Math.tanh(x)), `x = ${x}`).toBeLessThanOrEqual(2);
  });

  it('sigmoid of a large negative x is e^x / (1 + e^x), a subnormal, not 1/(1 + ∞) = 0', () => {
    expect(sigmoid(-720)).toBe(Math.exp(-720) / (1 + Math.exp(-720)));
    expect(sigmoid(-720)).toBeGreaterThan(0);
  });
});
