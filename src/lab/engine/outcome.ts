/**
 * What a run did, in the words the article uses everywhere (figures, maps, prose): it exploded, it
 * learned, or neither (stalled). The yardstick comes from the training data alone. Pure and free of
 * TensorFlow.js, so the page's own scripts can use it without loading tfjs.
 */
import type { Dataset } from './data';

export const OUTCOMES = ['learned', 'exploded', 'stalled'] as const;
/**
 * learned: finite to the end and close to the best loss the data allows (`yardstick`);
 * exploded: some epoch's loss was NaN or ±Infinity; stalled: neither (too slow to learn in 20
 * epochs, or still thrashing without having gone non-finite).
 */
export type Outcome = (typeof OUTCOMES)[number];

/**
 * What "learned" is measured against, from the training data alone (float64):
 * - meanLoss: the loss of predicting the targets' mean, var(y) (a net that learned nothing);
 * - bestLoss: the least-squares loss of the best affine map z → y, var(y)·(1 − corr(z, y)²), the
 *   floor for this model (it computes an affine function of z) — noise puts it above zero;
 * - threshold: bestLoss + LEARNED_SHARE·(meanLoss − bestLoss). A run learned when its final epoch
 *   loss is at most this: it removed at least 90 % of the error that can be removed.
 * Measured against the floor rather than against var(y) alone, because at hi 0.25 the noise
 * leaves about a tenth of var(y) unexplainable, at hi 8 about 0.3 %.
 */
export interface Yardstick {
  meanLoss: number;
  bestLoss: number;
  threshold: number;
}

/** The share of the removable error a learned run may leave. */
export const LEARNED_SHARE = 0.1;

export function yardstick(data: Pick<Dataset, 'z' | 'y'>): Yardstick {
  const n = data.z.length;
  let mz = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mz += data.z[i]!;
    my += data.y[i]!;
  }
  mz /= n;
  my /= n;
  let vz = 0;
  let vy = 0;
  let czy = 0;
  for (let i = 0; i < n; i++) {
    const dz = data.z[i]! - mz;
    const dy = data.y[i]! - my;
    vz += dz * dz;
    vy += dy * dy;
    czy += dz * dy;
  }
  const meanLoss = vy / n;
  const bestLoss = (vy - (czy * czy) / vz) / n;
  return { meanLoss, bestLoss, threshold: bestLoss + LEARNED_SHARE * (meanLoss - bestLoss) };
}

/** A cell's outcome from its run's numbers. */
export function classify(firstNonFiniteEpoch: number | null, finalLoss: number, stick: Yardstick): Outcome {
  if (firstNonFiniteEpoch !== null) return 'exploded';
  return finalLoss <= stick.threshold ? 'learned' : 'stalled';
}

