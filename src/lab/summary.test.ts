import { describe, expect, it } from 'vitest';
import { preset } from './config';
import { quoteNumber, summarize } from './summary';
import type { EpochRecord, RunTrace } from './trace';

function epoch(n: number, loss: number, printed: number[], gradNorms: number[]): EpochRecord {
  return { epoch: n, loss, printed, gradNorms, weightNorms: [1, 1], msPerStep: 0.3, slopes: [1, 1], predictions: [], histograms: [] };
}

function trace(epochs: EpochRecord[], predictions: number[] | null): RunTrace {
  return { experiment: 'exp1', config: preset('exp1'), backend: { name: 'wasm', simd: true, threads: 0 }, epochs, predictions, status: 'done', trip: null, totalMs: 1 };
}

describe('summarize', () => {
  it('quotes first and last loss, the predictions and their spread', () => {
    const s = summarize(trace([epoch(1, 0.1663, [3, 4], [1, 2]), epoch(2, 0.0026, [3, 4], [1, 2])], [0.98057926, 1.9300488, 2.8795183]));
    expect(s.lossFirst).toBe('0.1663');
    expect(s.lossLast).toBe('0.0026');
    expect(s.pred1).toBe('0.98057926');
    expect(s.predSpread).toBe('1.899');
    expect(s.nanEpoch).toBe('–');
  });

  it('finds the epoch whose loss first became NaN and the largest finite printed weight', () => {
    const s = summarize(trace([epoch(1, 5.7e31, [0.1, -0.2], [1, 1]), epoch(2, NaN, [6.2e22, -1.5e23], [1, 1]), epoch(3, NaN, [NaN, NaN], [NaN, NaN])], [NaN, NaN, NaN]));
    expect(s.nanEpoch).toBe('2');
    expect(s.peakWeight).toBe('1.50e23');
    expect(s.lossFirst).toBe('5.70e31');
    expect(s.predSpread).toBe('–');
  });

  it('measures the last-to-first gradient ratio and the printed weights’ relative change', () => {
    const s = summarize(trace([epoch(1, 1, [3, 4], [0.001, 1]), epoch(2, 1, [3, 4.05], [0.002, 1])], [0.5, 0.5, 0.5]));
    expect(s.gradRatio).toBe('750');
    expect(s.weightChange).toBe('1%');
  });
});

describe('quoteNumber', () => {
  it('uses 4 significant digits, e-notation for huge and tiny, words for non-finite', () => {
    expect(quoteNumber(0.0023456)).toBe('0.002346');
    expect(quoteNumber(0.00012)).toBe('1.20e-4');
    expect(quoteNumber(NaN)).toBe('NaN');
    expect(quoteNumber(Infinity)).toBe('∞');
  });
});
