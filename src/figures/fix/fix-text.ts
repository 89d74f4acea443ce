import { t, type Locale } from '@/i18n/ui';
import { quoteNumber } from '@/lab/reading/summary';
import type { RunTrace } from '@/lab/engine/trace';
import { fixed } from '@/figures/shared/kit';

/** "after: final loss 0.0021, predictions 0.99 / 1.98 / 2.97." */
export function fixOutcome(locale: Locale, which: 'before' | 'after', trace: RunTrace): string {
  const loss = trace.trip?.stopped ? NaN : trace.epochs.at(-1)?.loss;
  const predictions = trace.predictions ? trace.predictions.map((p) => quoteNumber(p)).join(' / ') : '–';
  return t(locale, 'fixOutcome', { which: t(locale, which === 'before' ? 'fixBefore' : 'fixAfter'), loss: quoteNumber(loss), predictions });
}

/** The pair's table: per epoch, the loss and the first layer's gradient norm before and after ('–' where a run has no such epoch). */
export function pairRows(before: RunTrace, after: RunTrace, epochs = Math.max(before.epochs.length, after.epochs.length)): string[][] {
  const cell = (v: number | undefined) => (v === undefined ? '–' : fixed(v));
  return Array.from({ length: epochs }, (_, i) => {
    const b = before.epochs[i];
    const a = after.epochs[i];
    return [String(i + 1), cell(b?.loss), cell(a?.loss), cell(b && (b.gradNorms[0] ?? NaN)), cell(a && (a.gradNorms[0] ?? NaN))];
  });
}
