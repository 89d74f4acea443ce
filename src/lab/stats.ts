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
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  const counts = new Array<number>(bins).fill(0);
  if (lo > hi) return { lo: 0, hi: 0, counts, nonFinite };
  const width = hi - lo || 1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) counts[Math.min(bins - 1, Math.floor(((v - lo) / width) * bins))]!++;
  }
  return { lo, hi, counts, nonFinite };
}
