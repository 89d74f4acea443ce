/** The gradient-through-time figure's words and table rows, shared by the server (baked) and the element (live). */
import { t, type Locale } from '@/i18n/ui';
import { shareText, twoSig } from '@/lab/studies/findings';
import type { ThroughTimeSettings } from '@/lab/recurrent/gradient-through-time';

/** A gradient norm for the table: three significant digits. */
export function normText(v: number): string {
  if (!Number.isFinite(v)) return twoSig(v);
  return v === 0 ? '0' : v.toExponential(2).replace('e-', 'e−').replace('e+', 'e');
}

const firstToLast = (xs: ArrayLike<number>) => xs[0]! / xs[xs.length - 1]!;

/** "Of the gradient at the last step, step 0 gets … in the simple RNN … and … in the LSTM, over T = … steps." */
export function initSentence(locale: Locale, c: { rnn: ArrayLike<number>; lstm: ArrayLike<number>; sigma: number }): string {
  return t(locale, 'ttSentence', { rnn: shareText(firstToLast(c.rnn)), lstm: shareText(firstToLast(c.lstm)), sigma: twoSig(c.sigma), steps: c.rnn.length });
}

export function trainedSentence(locale: Locale, c: { rnn: ArrayLike<number>; lstm: ArrayLike<number>; sigma: number; steps: number }, seed: number): string {
  return t(locale, 'ttTrainedSentence', { n: c.steps, seed, steps: c.rnn.length, rnn: shareText(firstToLast(c.rnn)), lstm: shareText(firstToLast(c.lstm)), sigma: twoSig(c.sigma) });
}

/** The table's rows: step, the simple RNN's norm, the LSTM's, the bound. */
export function curveRows(c: { rnn: ArrayLike<number>; lstm: ArrayLike<number>; bound: ArrayLike<number> }): string[][] {
  return Array.from({ length: c.rnn.length }, (_, i) => [String(i), normText(c.rnn[i]!), normText(c.lstm[i]!), normText(c.bound[i]!)]);
}

/** What a slider says to a screen reader: its value and what the chart then shows. */
export function knobText(name: keyof ThroughTimeSettings, value: number): string {
  return name === 'steps' || name === 'seed' ? String(value) : name === 'scale' ? value.toFixed(2) : value.toFixed(1);
}

/** "steps, seed" → "T = 50, seed 1" in the locale's words: what the figure used instead of a bad input. */
export function settingsText(locale: Locale, s: ThroughTimeSettings): string {
  return `T = ${s.steps}, σ = ${knobText('scale', s.scale)}, ${t(locale, 'ttForget')} ${knobText('forgetBias', s.forgetBias)}, ${t(locale, 'seed')} ${s.seed}`;
}
