/** Experiment figures' numbers as the baked page and the live half both print them. */
import type { Dataset } from '@/lab/engine/data';
import type { EpochRecord } from '@/lab/engine/trace';
import { fixed } from '@/figures/shared/kit';

/** A loss or a prediction in the figure's tables: five significant digits, NaN and ∞ spelled out. */
export const numberLabel = (v: number): string => fixed(v, 5);

/** The loss table: epoch, loss. */
export const lossRows = (epochs: readonly Pick<EpochRecord, 'epoch' | 'loss'>[]): string[][] => epochs.map((e) => [String(e.epoch), numberLabel(e.loss)]);

/** The data table: each clean input and its noisy copy. */
export const dataRows = (data: Pick<Dataset, 'x' | 'z'>): string[][] => Array.from(data.x, (x, i) => [x.toFixed(4), (data.z[i] ?? NaN).toFixed(4)]);
