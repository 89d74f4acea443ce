/**
 * The overshoot figure's slider positions and sentences, shared by the server (the baked figure)
 * and the element (the live one).
 */
import { t, type Locale } from '@/i18n/ui';
import { twoSig } from '@/lab/studies/findings';
import type { Descent } from '@/lab/studies/overshoot';

/** Steps the figure takes, and the y range it keeps fixed (w starts at 1). */
export const OVERSHOOT_STEPS = 20;
export const OVERSHOOT_Y: [number, number] = [-2.5, 2.5];
/** Where the figure opens: just past the edge, where each step overshoots further (the paragraph above it). */
export const OVERSHOOT_DEFAULT = 2.2;

/** Slider positions in lr·λ: 0.05 … 6 in steps of 0.05, plus where experiments 1 and 2 sit (two digits). */
export function overshootLadder(marks: readonly number[]): number[] {
  const steps = Array.from({ length: 120 }, (_, i) => Number(((i + 1) * 0.05).toFixed(2)));
  return [...new Set([...steps, ...marks.map((m) => Number(m.toFixed(2)))])].sort((a, b) => a - b);
}

/** The regime in words, for the slider's value text and the sentence. */
export function regimeText(locale: Locale, descent: Pick<Descent, 'regime'>): string {
  return t(locale, `ov_${descent.regime}`);
}

export function valueText(locale: Locale, x: number, descent: Pick<Descent, 'regime'>): string {
  return t(locale, 'ovValueText', { value: x, regime: regimeText(locale, descent) });
}

/** "Each step multiplies w by 1 − lr·λ = −1.2. Diverges: … After 20 steps |w| = 38." (and where w leaves the chart). */
export function overshootSentence(locale: Locale, descent: Descent): string {
  const steps = descent.w.length - 1;
  const regime = regimeText(locale, descent);
  const sentence = t(locale, 'ovSentence', {
    factor: twoSig(descent.factor), // with its minus sign (−1.2), as the prose writes it
    regime: regime.charAt(0).toUpperCase() + regime.slice(1),
    steps,
    w: twoSig(Math.abs(descent.w[steps]!)),
  });
  const off = Array.from(descent.w).findIndex((w) => Math.abs(w) > OVERSHOOT_Y[1]);
  // The space between the sentences, where the language has one, is part of the string (zh-TW has none).
  return off > 0 ? `${sentence}${t(locale, 'ovOffChart', { step: off })}` : sentence;
}

/** The table under the picture: each step k and its weight w. */
export const descentRows = (descent: Pick<Descent, 'w'>): string[][] => Array.from(descent.w, (w, k) => [String(k), twoSig(w)]);
