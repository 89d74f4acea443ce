import { t, type Locale } from '@/i18n/ui';
import type { EnsembleResult } from '@/lab/engine/ensemble';
import { histogram, type Histogram } from '@/lab/engine/stats';
import { quoteNumber } from '@/lab/reading/summary';

/** The p-th percentile (0 ≤ p ≤ 1) of sorted values, by nearest rank. */
function percentile(sorted: readonly number[], p: number): number | undefined {
  return sorted[Math.round(p * (sorted.length - 1))];
}

/** "3 of 200 seeds exploded (inf or nan). Final loss of the rest: median …, 5–95% …–…. 840 ms for all of them[, split between 2 workers…]." */
export function ensembleSummary(locale: Locale, result: EnsembleResult): string {
  const last = result.losses.at(-1) ?? new Float32Array(0);
  const finite = Array.from(last).filter(Number.isFinite).sort((a, b) => a - b);
  // Fewer than five survivors make no spread worth quoting: name their losses instead.
  const summary = finite.length >= 5 ? t(locale, 'ensembleSummary', {
    exploded: result.seeds.length - finite.length,
    seeds: result.seeds.length,
    median: quoteNumber(percentile(finite, 0.5)),
    p5: quoteNumber(percentile(finite, 0.05)),
    p95: quoteNumber(percentile(finite, 0.95)),
  }) : finite.length === 0 ? t(locale, 'ensembleAllExploded', { seeds: result.seeds.length })
    : t(locale, 'ensembleFewSurvived', { exploded: result.seeds.length - finite.length, seeds: result.seeds.length, losses: finite.map((v) => quoteNumber(v)).join(locale === 'en' ? ', ' : '、') });
  const ms = Math.round(result.totalMs);
  const time = result.workers > 1 ? t(locale, 'ensembleTimeWorkers', { ms, workers: result.workers }) : t(locale, 'ensembleTime', { ms });
  return `${summary}${locale === 'en' ? ' ' : ''}${time}`;
}

/** Histogram of every seed's prediction for input number `i`. */
export function predictionHistogram(result: EnsembleResult, i: number, inputs: number): Histogram {
  const values = result.seeds.map((_, s) => result.predictions[s * inputs + i] ?? NaN);
  return histogram(values, 20);
}

/** The middle of bin `i` of a histogram. */
export const binMiddle = (h: Histogram, i: number): number => h.lo + ((h.hi - h.lo) * (i + 0.5)) / h.counts.length;

/** The histogram's table: each bin's middle (three decimals) and how many seeds landed in it. */
export const histogramRows = (h: Histogram): string[][] => h.counts.map((c, i) => [binMiddle(h, i).toFixed(3), String(c)]);
