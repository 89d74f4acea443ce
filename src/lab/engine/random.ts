/**
 * Seeded randomness. One integer seed fixes every random number of a run: the noise, the initial
 * weights and every epoch's shuffle. Each purpose draws from its own stream, so adding draws to one
 * (say, a different layer count) never changes the others (the noise stays the same data set).
 *
 * Everything here is plain double arithmetic plus Math.log/cos/sqrt, which V8 computes the same way
 * in Node and in Chromium, so the same seed gives the same numbers in both.
 */

/** The largest seed: seeds are unsigned 32-bit integers. */
export const MAX_SEED = 4294967295;

/** A source of uniform numbers in [0, 1). */
export interface Rng {
  next(): number;
}

/** The streams a run draws from; each gets an independent generator from the seed. */
export type Stream = 'noise' | 'init' | 'shuffle';

const STREAM_SALT: Record<Stream, number> = { noise: 0x9e3779b9, init: 0x85ebca6b, shuffle: 0xc2b2ae35 };

/** Scrambles a 32-bit integer (the finaliser of MurmurHash3); turns nearby seeds into distant states. */
function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** mulberry32: a small, fast 32-bit generator with a full 2^32 period; plenty for 100 points. */
function mulberry32(state: number): Rng {
  let a = state >>> 0;
  return {
    next() {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}

/** The generator for one stream of one seed. */
export function rngFor(seed: number, stream: Stream): Rng {
  return mulberry32(mix32((seed | 0) ^ STREAM_SALT[stream]));
}

/** A standard normal draw (Box–Muller; one of the pair is enough here). */
export function normal(rng: Rng): number {
  const u1 = 1 - rng.next(); // (0, 1]: log(0) is never taken
  const u2 = rng.next();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** A uniform draw in [lo, hi). */
export function uniform(rng: Rng, lo: number, hi: number): number {
  return lo + (hi - lo) * rng.next();
}

/** A random permutation of 0..n-1 (Fisher–Yates). */
export function permutation(rng: Rng, n: number): Int32Array {
  const p = new Int32Array(n);
  // Stryker disable next-line EqualityOperator: `i <= n` only adds a write past the end of a typed array, which is ignored
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    const t = p[i]!;
    p[i] = p[j]!;
    p[j] = t;
  }
  return p;
}
