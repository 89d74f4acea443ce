/** The gradient panels' tables, as the baked page and the live half both fill them. */
import type { Locale } from '@/i18n/ui';
import type { EpochRecord } from '@/lab/engine/trace';
import { fixed } from '@/figures/shared/kit';
import { layerLabel } from '@/figures/shared/layers';

/** Per epoch: each layer's kernel-gradient norm. */
export const gradRows = (epochs: readonly Pick<EpochRecord, 'epoch' | 'gradNorms'>[]): string[][] => epochs.map((e) => [String(e.epoch), ...e.gradNorms.map((g) => fixed(g))]);

/** The chain rule at one epoch: per layer, its activation's mean slope and its kernel's norm. */
export const chainRows = (locale: Locale, record: Pick<EpochRecord, 'slopes' | 'weightNorms'>): string[][] =>
  record.slopes.map((s, l) => [layerLabel(locale, l, record.slopes.length), fixed(s), fixed(record.weightNorms[l] ?? NaN)]);
