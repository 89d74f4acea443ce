/** Small pure numerical helpers for what the islands display. */

export interface Histogram {
  /** Range of the finite values; the bins split it evenly. */
  lo: number;
  hi: number;
  counts: number[];
  /** Values that were NaN or ±Infinity (not in any bin). */
  nonFinite: number;
}

export function histogram(values: ArrayLike<number>, bins = 12): Histogram {
  let lo = Infinity;
  let hi = -Infinity;
  let nonFinite = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) nonFinite++;
    else {
      // Stryker disable next-line EqualityOperator: on a tie lo is already v
      if (v < lo) lo = v;
      // Stryker disable next-line EqualityOperator: on a tie hi is already v
      if (v > hi) hi = v;
    }
  }
  const counts = new Array<number>(bins).fill(0);
  if (lo > hi) return { lo: 0, hi: 0, counts, nonFinite };
  const width = hi - lo || 1;
  // Stryker disable next-line EqualityOperator: values[length] is undefined, which is not finite and so never counted
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) counts[Math.min(bins - 1, Math.floor(((v - lo) / width) * bins))]!++;
  }
  return { lo, hi, counts, nonFinite };
}

/**
 * The L2 norm of float32 values, rounded to float32. Summed in float64, which cannot overflow for
 * float32 inputs (even 1e6 values of 3.4e38 squared stay below 1.8e308), so no scaling is needed.
 * NaN if any value is NaN, Infinity if any is infinite.
 */
export function l2(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]! * values[i]!;
  return Math.fround(Math.sqrt(sum));
}

/** Typed arrays one after the other, in one array of the same kind (`make` makes it). */
export function concatenated<T extends Float32Array | Int32Array>(parts: readonly T[], make: (length: number) => T): T {
  const out = make(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
