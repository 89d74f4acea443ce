/** Experiment figures' numbers as the baked page and the live half both print them. */
import type { Dataset } from '@/lab/engine/data';
import type { EpochRecord, RunTrace } from '@/lab/engine/trace';
import { t, type Locale } from '@/i18n/ui';
import { fixed } from '@/figures/shared/kit';

/** A loss or a prediction in the figure's tables: five significant digits, NaN and ∞ spelled out. */
export const numberLabel = (v: number): string => fixed(v, 5);

/** The loss table: epoch, loss. */
export const lossRows = (epochs: readonly Pick<EpochRecord, 'epoch' | 'loss'>[]): string[][] => epochs.map((e) => [String(e.epoch), numberLabel(e.loss)]);

/** The data table: each clean input and its noisy copy. */
export const dataRows = (data: Pick<Dataset, 'x' | 'z'>): string[][] => Array.from(data.x, (x, i) => [x.toFixed(4), (data.z[i] ?? NaN).toFixed(4)]);

/**
 * The readout under the knobs (issue 23, point 3): the run's outcome in two short lines, the final
 * loss (and the epoch where it stopped being finite) and the predictions, as the tables print them.
 */
export function readoutLines(locale: Locale, trace: Pick<RunTrace, 'epochs' | 'predictions'>): [string, string] {
  const last = trace.epochs.at(-1);
  const loss = last ? numberLabel(last.loss) : '–';
  const nan = trace.epochs.find((e) => !Number.isFinite(e.loss));
  const first = nan ? t(locale, 'readoutNaN', { loss, epoch: nan.epoch, value: fixed(nan.loss) }) : t(locale, 'readoutLoss', { loss });
  const predictions = trace.predictions ? trace.predictions.map(numberLabel).join(', ') : '–';
  return [first, t(locale, 'readoutPredictions', { predictions })];
}
