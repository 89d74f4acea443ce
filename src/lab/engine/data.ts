import type { DataConfig } from './config';
import { normal, type Rng } from './random';

/** The training set of one run. All arrays have `points` entries, in float32 as numpy had them. */
export interface Dataset {
  /** Clean inputs, `linspace(lo, hi, points)`. */
  x: Float32Array;
  /** What the network sees: `z = x + noise`. */
  z: Float32Array;
  /** What it should output: `y = x`. */
  y: Float32Array;
}

/** numpy's `linspace(lo, hi, n, dtype=float32)`: computed in float64, last point exactly `hi`, then rounded. */
export function linspace(lo: number, hi: number, n: number): Float32Array {
  const out = new Float32Array(n);
  const step = (hi - lo) / (n - 1);
  // Stryker disable next-line EqualityOperator: `i <= n` only adds a write past the end of a typed array, which is ignored
  for (let i = 0; i < n; i++) out[i] = i * step + lo;
  out[n - 1] = hi;
  return out;
}

/** Draws the noisy training pairs: one normal draw per point, in order, from the `noise` stream. */
export function makeDataset(config: DataConfig, rng: Rng): Dataset {
  const x = linspace(config.lo, config.hi, config.points);
  const z = new Float32Array(config.points);
  for (let i = 0; i < config.points; i++) {
    const noise = Math.fround(normal(rng) * config.noiseSd);
    z[i] = x[i]! + noise; // float32 + float32, rounded on store, as numpy does
  }
  return { x, z, y: x.slice() };
}
