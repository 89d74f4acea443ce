import { describe, expect, it } from 'vitest';
import { histogram, l2 } from './stats';

describe('l2', () => {
  it('is the square root of the sum of squares, rounded to float32', () => {
    expect(l2([3, 4])).toBe(5);
    expect(l2(Float32Array.from([0.1, 0.2, 0.3]))).toBe(Math.fround(Math.sqrt(0.1 ** 2 + 0.2 ** 2 + 0.3 ** 2)));
    expect(l2([])).toBe(0);
  });

  it('does not overflow where a float32 sum of squares would (weights of exp2 before they turn to NaN)', () => {
    // Each square (1e38) is a float32, their sum (1e41) is not; the norm (3.2e20) is again.
    const huge = new Float32Array(1024).fill(1e19);
    expect(l2(huge)).toBe(Math.fround(Math.fround(1e19) * 32));
    expect(l2(huge)).toBeLessThan(Infinity);
  });

  it('passes NaN and Infinity on', () => {
    expect(l2([1, NaN])).toBeNaN();
    expect(l2([1, -Infinity])).toBe(Infinity);
  });
});

describe('histogram', () => {
  it('counts finite values in even bins and non-finite ones apart', () => {
    const h = histogram([0, 1, 2, 3, NaN, Infinity], 3);
    expect(h.lo).toBe(0);
    expect(h.hi).toBe(3);
    expect(h.counts).toEqual([1, 1, 2]);
    expect(h.nonFinite).toBe(2);
  });
});
