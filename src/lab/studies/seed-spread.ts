/**
 * What a claim about "the" run may say once it is read over many seeds (issue 22, point 4): the
 * article quotes a distribution (median and range over seeds) where a sentence generalises, and
 * names the default seed's value as one draw. Pure numbers in, numbers out.
 */

/**
 * The q-quantile of a sample (0 ≤ q ≤ 1), interpolated between neighbours the way numpy's default
 * does. A non-finite value (a loss that overflowed to inf or turned nan) ranks above every finite one:
 * it is a run that went further than float32 can count. A quantile that falls among them is Infinity.
 */
export function quantile(values: ArrayLike<number>, q: number): number {
  const sorted = Array.from(values, (v) => (Number.isFinite(v) ? v : Infinity)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const at = q * (sorted.length - 1);
  const lo = sorted[Math.floor(at)]!;
  const hi = sorted[Math.ceil(at)]!;
  if (lo === hi) return lo;
  if (!Number.isFinite(hi)) return Infinity;
  return lo + (hi - lo) * (at - Math.floor(at));
}

export interface LossSpread {
  seeds: number;
  median: number;
  q1: number;
  q3: number;
  /** How many seeds' losses were already inf or nan. */
  nonFinite: number;
}

/** One epoch's loss over seeds: median, quartiles and how many were already non-finite. */
export function lossSpread(losses: ArrayLike<number>): LossSpread {
  let nonFinite = 0;
  for (let i = 0; i < losses.length; i++) if (!Number.isFinite(losses[i]!)) nonFinite++;
  return { seeds: losses.length, median: quantile(losses, 0.5), q1: quantile(losses, 0.25), q3: quantile(losses, 0.75), nonFinite };
}

export interface RatioSpread {
  seeds: number;
  median: number;
  p5: number;
  p95: number;
}

/** A positive ratio over seeds (experiment 3's last-to-first gradient ratio): median and the 5th and 95th percentiles. */
export function ratioSpread(ratios: ArrayLike<number>): RatioSpread {
  return { seeds: ratios.length, median: quantile(ratios, 0.5), p5: quantile(ratios, 0.05), p95: quantile(ratios, 0.95) };
}

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/** The power of ten nearest a positive number, written the way the prose writes it: 10²⁴ (10⁻³). */
export function powerOfTen(v: number): string {
  if (!(v > 0) || !Number.isFinite(v)) return v === Infinity ? '∞' : '–';
  const k = Math.round(Math.log10(v));
  const digits = String(Math.abs(k)).replace(/\d/g, (d) => SUPERSCRIPT[Number(d)]!);
  return `10${k < 0 ? '⁻' : ''}${digits}`;
}

/** A ratio rounded the way the prose quotes one: two significant digits, as a whole number (650, 1,400). */
export function roundRatio(v: number): string {
  if (!Number.isFinite(v)) return '–';
  return Number(v.toPrecision(2)).toLocaleString('en-US');
}
