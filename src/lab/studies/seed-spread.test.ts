import { describe, expect, it } from 'vitest';
import { lossSpread, powerOfTen, quantile, ratioSpread, roundRatio } from './seed-spread';

describe('quantile', () => {
  it('interpolates between neighbours as numpy’s default does (by hand: 1 2 3 4 → median 2.5, quartiles 1.75 and 3.25)', () => {
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(quantile([4, 1, 3, 2], 0.25)).toBe(1.75);
    expect(quantile([4, 1, 3, 2], 0.75)).toBe(3.25);
  });

  it('ranks inf and nan above every finite value, so a quantile among them is Infinity', () => {
    expect(quantile([NaN, 1, Infinity, 2, 3], 0.5)).toBe(3);
    expect(quantile([NaN, 1, Infinity, 2, 3], 0.75)).toBe(Infinity);
  });
});

describe('the spreads over seeds', () => {
  it('count the seeds already non-finite and take the quartiles over all of them', () => {
    const s = lossSpread([10, 1e10, NaN, 1e20, Infinity]);
    expect(s).toEqual({ seeds: 5, median: 1e20, q1: 1e10, q3: Infinity, nonFinite: 2 });
  });

  it('take the 5th and 95th percentiles of a ratio (by hand over 1…21: 2 and 20)', () => {
    expect(ratioSpread(Array.from({ length: 21 }, (_, i) => i + 1))).toEqual({ seeds: 21, median: 11, p5: 2, p95: 20 });
  });
});

describe('how the prose writes them', () => {
  it('rounds to the nearest power of ten, in superscript', () => {
    expect(powerOfTen(6.4e23)).toBe('10²⁴');
    expect(powerOfTen(2.9e16)).toBe('10¹⁶');
    expect(powerOfTen(0.0012)).toBe('10⁻³');
    expect(powerOfTen(Infinity)).toBe('∞');
  });

  it('gives a ratio to two significant digits with a thousands separator', () => {
    expect(roundRatio(1437.2)).toBe('1,400');
    expect(roundRatio(648)).toBe('650');
  });
});
