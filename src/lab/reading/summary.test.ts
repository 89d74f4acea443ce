import { describe, expect, it } from 'vitest';
import { preset } from '../engine/config';
import { outcome, quoteNumber, summarize } from './summary';
import type { EpochRecord, RunTrace } from '../engine/trace';

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

describe('what a run did', () => {
  // Experiment 1's targets: 100 points evenly in [0, 1], variance 101/1188 ≈ 0.0850; with noise SD 0.05
  // the best straight line leaves about 0.085 · 0.0025 / 0.0875 ≈ 0.0024, so "learned" ends below about
  // 0.0024 + 0.1 · (0.0850 − 0.0024) ≈ 0.0107 (worked by hand from the yardstick's definition).
  const ending = (loss: number, predictions: number[] | null = [0.98, 1.95, 2.92]) => {
    const config = preset('exp1');
    return { ...({} as RunTrace), config, experiment: config.experiment, epochs: [{ epoch: 1, loss: 0.16 }, { epoch: 2, loss }] as RunTrace['epochs'], predictions, trip: null, status: 'done' } as RunTrace;
  };

  it('learned: below a tenth of the way from the best line’s loss to the constant’s', () => {
    expect(outcome(ending(0.005))).toBe('learned');
  });

  it('stalled: finite, but still near the loss of predicting the mean', () => {
    expect(outcome(ending(0.05))).toBe('stalled');
    expect(outcome(ending(0.085))).toBe('stalled');
  });

  it('exploded: any non-finite loss or prediction', () => {
    expect(outcome(ending(NaN, null))).toBe('exploded');
    expect(outcome(ending(0.005, [NaN, NaN, NaN]))).toBe('exploded');
  });
});
