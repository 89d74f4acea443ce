import { describe, expect, it } from 'vitest';
import { concatenated, histogram, l2 } from './stats';

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

describe('histogram at its edges', () => {
  it('splits [lo, hi] into equal bins, a value on an inner edge going to the bin above, hi to the last', () => {
    // lo −2, hi 2, 4 bins of width 1: [−2, −1), [−1, 0), [0, 1), [1, 2]
    const h = histogram([-2, -1.5, -1, 0, 0.5, 1, 2], 4);
    expect(h).toEqual({ lo: -2, hi: 2, counts: [2, 1, 2, 2], nonFinite: 0 });
  });

  it('puts values that are all equal into the first bin (no zero-width division)', () => {
    expect(histogram([3, 3, 3], 5)).toEqual({ lo: 3, hi: 3, counts: [3, 0, 0, 0, 0], nonFinite: 0 });
  });

  it('gives 0…0 and empty bins when no value is finite', () => {
    expect(histogram([NaN, -Infinity], 2)).toEqual({ lo: 0, hi: 0, counts: [0, 0], nonFinite: 2 });
    expect(histogram([])).toEqual({ lo: 0, hi: 0, counts: new Array(12).fill(0), nonFinite: 0 });
  });

  it('takes lo and hi from wherever the extremes sit, not from the ends of the list', () => {
    expect(histogram([3, -1, 1, 0], 2)).toEqual({ lo: -1, hi: 3, counts: [2, 2], nonFinite: 0 });
  });

  it('has 12 bins unless told otherwise', () => {
    const h = histogram(Array.from({ length: 12 }, (_, i) => i));
    expect(h.counts).toEqual(new Array(12).fill(1));
  });
});

describe('concatenated', () => {
  it('puts the parts one after the other in one array made by `make`', () => {
    const out = concatenated([Int32Array.of(1, 2), Int32Array.of(), Int32Array.of(3)], (n) => new Int32Array(n));
    expect(out).toBeInstanceOf(Int32Array);
    expect([...out]).toEqual([1, 2, 3]);
    expect(concatenated<Float32Array>([], (n) => new Float32Array(n))).toHaveLength(0);
  });
});
