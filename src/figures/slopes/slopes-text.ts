/** σ′ under each layer: names, sentences and the compact baked form, for the server and the element. */
import { t, type Locale } from '@/i18n/ui';
import type { Activation } from '@/lab/engine/config';
import { twoSig } from '@/lab/studies/findings';
import type { SlopeSummary } from '@/lab/engine/activation-fns';

/** The activation's name in formulas: σ for the sigmoid. */
export function actSymbol(activation: Activation): string {
  return activation === 'sigmoid' ? 'σ' : activation === 'relu' ? 'ReLU' : activation;
}

/** "At epoch 20 the mean slopes are 0.249, 0.229, 0.230, 0.237; their product, 0.0031, …" */
export function slopesSentence(locale: Locale, epoch: number, slopes: readonly number[]): string {
  const product = slopes.reduce((p, s) => p * s, 1);
  return t(locale, 'slopesSummary', { epoch, slopes: slopes.map((s) => s.toFixed(3)).join(t(locale, 'listSeparator')), product: twoSig(product) });
}

/** A layer's summary as the page carries it: the non-empty span of its histogram and its numbers. */
export interface PackedStrip {
  from: number;
  counts: number[];
  meanSlope: number;
  mean: number;
  sd: number;
}

export function packStrip(s: SlopeSummary): PackedStrip {
  const first = s.counts.findIndex((c) => c > 0);
  const last = s.counts.length - 1 - [...s.counts].reverse().findIndex((c) => c > 0);
  const round = (v: number) => Number(v.toPrecision(5));
  return { from: Math.max(0, first), counts: first < 0 ? [] : s.counts.slice(first, last + 1), meanSlope: round(s.meanSlope), mean: round(s.mean), sd: round(s.sd) };
}

export function unpackCounts(strip: PackedStrip, bins: number): number[] {
  const counts = new Array<number>(bins).fill(0);
  strip.counts.forEach((c, i) => (counts[strip.from + i] = c));
  return counts;
}

export function slopesRows(locale: Locale, strips: readonly { meanSlope: number; mean: number; sd: number }[]): string[][] {
  return strips.map((s, l) => [t(locale, 'layerName', { layer: l }), s.meanSlope.toFixed(3), twoSig(s.mean), twoSig(s.sd)]);
}
