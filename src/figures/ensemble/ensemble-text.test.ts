import { describe, expect, it } from 'vitest';
import type { EnsembleResult } from '@/lab/engine/ensemble-result';
import { binMiddle, ensembleSummary, histogramRows, predictionHistogram } from './ensemble-text';

/** An ensemble of `n` seeds whose last losses are `last` (NaN for a seed that exploded). */
function ensemble(last: number[], more: Partial<EnsembleResult> = {}): EnsembleResult {
  return {
    seeds: last.map((_, i) => i + 1),
    losses: [new Float32Array(last.length).fill(7), new Float32Array(last)],
    predictions: new Float32Array(last.length * 3),
    explodedAt: new Int32Array(last.map((v) => (Number.isFinite(v) ? 0 : 1))),
    status: 'done',
    totalMs: 12,
    workers: 1,
    ...more,
  };
}

describe('the seed ensemble\'s summary line', () => {
  it('quotes a median and a 5–95 % range when enough seeds survived', () => {
    const text = ensembleSummary('en', ensemble([0.5, 0.25, 0.125, 0.0625, 1, NaN]));
    expect(text).toMatch(/^1 of 6 seeds exploded \(inf or nan\)\. Final loss of the rest: median 0\.25, 5–95% 0\.0625–1\./);
  });

  it('names the survivors\' losses instead of a range when fewer than five survived', () => {
    const text = ensembleSummary('en', ensemble([NaN, 0.01163, NaN, NaN]));
    expect(text).toMatch(/^3 of 4 seeds exploded \(inf or nan\)\. The final loss of the ones that survived: 0\.01163\./);
    expect(text).not.toContain('median');
    expect(ensembleSummary('zh-tw', ensemble([NaN, 0.5, 0.25]))).toMatch(/^3 個種子裡有 1 個爆炸了（inf 或 nan）。撐過來的最終 loss：0\.25、0\.5。/);
  });

  it('says so when every seed exploded', () => {
    expect(ensembleSummary('en', ensemble([NaN, NaN]))).toMatch(/^All 2 seeds exploded \(inf or nan\)\./);
  });

  it('takes the 5th, 50th and 95th percentiles by nearest rank among the last epoch’s finite losses, sorted as numbers', () => {
    // 21 losses 0.01 … 0.21: ranks 0.05·20 = 1, 0.5·20 = 10, 0.95·20 = 19 of the sorted list.
    const losses = Array.from({ length: 21 }, (_, i) => (21 - i) / 100);
    expect(ensembleSummary('en', ensemble(losses))).toBe('0 of 21 seeds exploded (inf or nan). Final loss of the rest: median 0.11, 5–95% 0.02–0.2. 12 ms for all of them.');
    // As strings, 100 < 2 < 9: a median of 9 needs a numeric sort.
    expect(ensembleSummary('en', ensemble([10, 9, 2, 100, 0.5, Infinity]))).toMatch(/^1 of 6 seeds exploded \(inf or nan\)\. Final loss of the rest: median 9, 5–95% 0\.5–100\./);
  });

  it('quotes a spread from exactly five survivors, and names four', () => {
    expect(ensembleSummary('en', ensemble([0.5, 0.1, 0.4, 0.2, 0.3]))).toMatch(/median 0\.3, 5–95% 0\.1–0\.5\./);
    expect(ensembleSummary('en', ensemble([0.5, 0.1, 0.4, 0.2, NaN]))).toMatch(/^1 of 5 seeds exploded \(inf or nan\)\. The final loss of the ones that survived: 0\.1, 0\.2, 0\.4, 0\.5\./);
  });

  it('says the whole time in milliseconds, and how many workers shared it when there were several', () => {
    expect(ensembleSummary('en', ensemble([NaN], { totalMs: 840.6, workers: 2 }))).toBe('All 1 seeds exploded (inf or nan). 841 ms for all of them, split between 2 workers training side by side.');
    expect(ensembleSummary('en', ensemble([NaN], { totalMs: 12.4, workers: 1 }))).toBe('All 1 seeds exploded (inf or nan). 12 ms for all of them.');
  });

  it('joins the sentences without a space in Chinese', () => {
    const losses = Array.from({ length: 21 }, (_, i) => (i + 1) / 100);
    expect(ensembleSummary('zh-tw', ensemble(losses))).toBe('21 個種子裡有 0 個爆炸了（inf 或 nan）。其餘的最終 loss：中位數 0.11，5–95% 落在 0.02–0.2。全部只花了 12 毫秒。');
    expect(ensembleSummary('zh-tw', ensemble([NaN, NaN], { workers: 3 }))).toBe('2 個種子全都爆炸了（inf 或 nan）。分給 3 個背景執行緒（Web Worker）同時訓練，全部只花了 12 毫秒。');
  });

  it('says every seed exploded when no epoch was recorded', () => {
    expect(ensembleSummary('en', ensemble([1, 2], { losses: [] }))).toMatch(/^All 2 seeds exploded \(inf or nan\)\./);
  });
});

describe('the ensemble’s histogram of predictions', () => {
  it('gathers input i’s prediction from every seed (predictions are seed by seed, input by input)', () => {
    // 3 seeds × 2 inputs: input 1 of each seed is at 1, 3, 5.
    const result = ensemble([1, 1, 1], { predictions: new Float32Array([9, 0, 9, 1, 9, 4]) });
    const h = predictionHistogram(result, 1, 2);
    expect(h.lo).toBe(0);
    expect(h.hi).toBe(4);
    expect(h.counts).toHaveLength(20);
    expect(h.counts[0]).toBe(1);
    expect(h.counts[5]).toBe(1); // 1 lies in bin ⌊1/4 · 20⌋ = 5
    expect(h.counts[19]).toBe(1);
    expect(h.nonFinite).toBe(0);
  });

  it('counts a seed with no prediction as non-finite', () => {
    const h = predictionHistogram(ensemble([1, 1], { predictions: new Float32Array([2]) }), 0, 1);
    expect(h.nonFinite).toBe(1);
    expect(h.lo).toBe(2);
  });

  it('labels each bin by its middle, to three decimals, with its count', () => {
    const h = { lo: 1, hi: 3, counts: [5, 0, 2, 1], nonFinite: 0 };
    expect(binMiddle(h, 0)).toBe(1.25);
    expect(binMiddle(h, 3)).toBe(2.75);
    expect(histogramRows(h)).toEqual([
      ['1.250', '5'],
      ['1.750', '0'],
      ['2.250', '2'],
      ['2.750', '1'],
    ]);
  });
});
