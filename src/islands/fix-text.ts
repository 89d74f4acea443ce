import { t, type Locale } from '@/i18n/ui';
import { quoteNumber } from '@/lab/summary';
import type { RunTrace } from '@/lab/trace';

/** "after: final loss 0.0021, predictions 0.99 / 1.98 / 2.97." */
export function fixOutcome(locale: Locale, which: 'before' | 'after', trace: RunTrace): string {
  const loss = trace.trip?.stopped ? NaN : trace.epochs.at(-1)?.loss;
  const predictions = trace.predictions ? trace.predictions.map((p) => quoteNumber(p)).join(' / ') : '–';
  return t(locale, 'fixOutcome', { which: t(locale, which === 'before' ? 'fixBefore' : 'fixAfter'), loss: quoteNumber(loss), predictions });
}
