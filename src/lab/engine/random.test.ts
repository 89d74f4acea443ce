import { describe, expect, it } from 'vitest';
import { normal, permutation, rngFor, uniform } from './random';

describe('seeded randomness', () => {
  it('gives the same sequence for the same seed and stream', () => {
    const a = rngFor(42, 'noise');
    const b = rngFor(42, 'noise');
    for (let i = 0; i < 100; i++) expect(a.next()).toBe(b.next());
  });

  it('gives different sequences for different streams of one seed', () => {
    const a = rngFor(42, 'noise');
    const b = rngFor(42, 'init');
    const same = Array.from({ length: 20 }, () => a.next() === b.next()).filter(Boolean).length;
    expect(same).toBe(0);
  });

  it('gives different sequences for neighbouring seeds', () => {
    expect(rngFor(1, 'init').next()).not.toBe(rngFor(2, 'init').next());
  });

  it('draws standard normals with mean ≈ 0 and sd ≈ 1', () => {
    const rng = rngFor(7, 'noise');
    const xs = Array.from({ length: 20000 }, () => normal(rng));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(sd - 1)).toBeLessThan(0.03);
  });

  it('draws uniforms inside the range', () => {
    const rng = rngFor(3, 'init');
    for (let i = 0; i < 1000; i++) {
      const u = uniform(rng, -0.5, 0.25);
      expect(u).toBeGreaterThanOrEqual(-0.5);
      expect(u).toBeLessThan(0.25);
    }
  });

  it('shuffles into a permutation of every index', () => {
    const p = permutation(rngFor(9, 'shuffle'), 100);
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect([...p]).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});

/*
 * An independent reference, in BigInt arithmetic modulo 2^32 (no Math.imul, no >>> tricks), of the
 * two published algorithms random.ts names: MurmurHash3's 32-bit finaliser (fmix32) and mulberry32
 * (Tommy Ettinger's generator: state += 0x6D2B79F5, then two multiply-xorshift rounds).
 */
const M32 = 1n << 32n;
const u32 = (v: bigint): bigint => ((v % M32) + M32) % M32;
function fmix32(h: bigint): bigint {
  h = u32(h);
  h ^= h >> 16n;
  h = u32(h * 0x85ebca6bn);
  h ^= h >> 13n;
  h = u32(h * 0xc2b2ae35n);
  h ^= h >> 16n;
  return h;
}
function referenceStream(seed: number, salt: bigint): () => number {
  let a = fmix32(u32(BigInt(seed)) ^ salt);
  return () => {
    a = u32(a + 0x6d2b79f5n);
    let t = a;
    t = u32((t ^ (t >> 15n)) * (t | 1n));
    t = t ^ u32(t + u32((t ^ (t >> 7n)) * (t | 61n)));
    return Number(t ^ (t >> 14n)) / 2 ** 32;
  };
}
const SALT = { noise: 0x9e3779b9n, init: 0x85ebca6bn, shuffle: 0xc2b2ae35n };

describe('the generators, against an independent BigInt reference of fmix32 and mulberry32', () => {
  it.each([
    [0, 'noise'],
    [4, 'init'],
    [29, 'shuffle'],
    [4294967295, 'noise'], // the largest seed: `seed | 0` is −1, the same 32 bits
    [2 ** 31 + 5, 'init'],
  ] as const)('seed %i, stream %s: the first 50 draws', (seed, stream) => {
    const rng = rngFor(seed, stream);
    const ref = referenceStream(seed, SALT[stream]);
    for (let i = 0; i < 50; i++) expect(rng.next(), `draw ${i}`).toBe(ref());
  });

  it('a normal draw is Box–Muller on two uniforms: √(−2 ln(1 − u₁)) cos(2π u₂)', () => {
    const rng = rngFor(11, 'noise');
    const ref = referenceStream(11, SALT.noise);
    for (let i = 0; i < 20; i++) {
      const [u1, u2] = [ref(), ref()];
      expect(normal(rng)).toBeCloseTo(Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2), 12);
    }
  });

  it('a uniform draw in [lo, hi) is lo + (hi − lo) u', () => {
    const rng = rngFor(12, 'init');
    const ref = referenceStream(12, SALT.init);
    for (let i = 0; i < 20; i++) expect(uniform(rng, -3, 5)).toBeCloseTo(-3 + 8 * ref(), 12);
  });

  it('shuffles as Fisher–Yates from the last index down, drawing n − 1 numbers', () => {
    const rng = rngFor(13, 'shuffle');
    const ref = referenceStream(13, SALT.shuffle);
    const expected = Array.from({ length: 10 }, (_, i) => i);
    for (let i = 9; i >= 1; i--) {
      const j = Math.floor(ref() * (i + 1));
      [expected[i], expected[j]] = [expected[j]!, expected[i]!];
    }
    expect([...permutation(rng, 10)]).toEqual(expected);
    expect(rng.next(), 'the next shuffle starts where this one stopped').toBe(ref());
  });

  it('shuffles one index into itself without drawing', () => {
    const rng = rngFor(14, 'shuffle');
    expect([...permutation(rng, 1)]).toEqual([0]);
    expect(rng.next()).toBe(referenceStream(14, SALT.shuffle)());
  });
});
