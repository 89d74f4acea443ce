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

describe('summarize at the edges', () => {
  it('quotes the last epoch’s loss, not the second', () => {
    const s = summarize(trace([epoch(1, 0.5, [1], [1, 1]), epoch(2, 0.25, [1], [1, 1]), epoch(3, 0.125, [1], [1, 1])], null));
    expect([s.lossFirst, s.lossLast]).toEqual(['0.5', '0.125']);
  });

  it('takes the largest finite printed weight by magnitude, whichever epoch printed it', () => {
    expect(summarize(trace([epoch(1, 1, [5, 1], [1, 1]), epoch(2, 1, [-2, Infinity, NaN], [1, 1])], null)).peakWeight).toBe('5');
    expect(summarize(trace([epoch(1, 1, [1, -7], [1, 1]), epoch(2, 1, [3, 2], [1, 1])], null)).peakWeight).toBe('7');
    expect(summarize(trace([epoch(1, NaN, [NaN, NaN], [1, 1])], null)).peakWeight).toBe('–');
  });

  it('averages last-to-first gradient ratios over the epochs where both are finite and the ratio positive', () => {
    // Ratios 4 (last layer of three over the first), then NaN, ∞ and 0, which are left out.
    const s = summarize(trace([epoch(1, 1, [1], [1, 2, 4]), epoch(2, 1, [1], [NaN, NaN]), epoch(3, 1, [1], [0, 5]), epoch(4, 1, [1], [1, 0])], null));
    expect(s.gradRatio).toBe('4.00');
    expect(summarize(trace([epoch(1, 1, [1], [2, 1]), epoch(2, 1, [1], [1, 2])], null)).gradRatio).toBe('1.25'); // (0.5 + 2) / 2
  });

  it('writes a ratio of 10 or more as a whole number', () => {
    expect(summarize(trace([epoch(1, 1, [1], [1, 10])], null)).gradRatio).toBe('10');
    expect(summarize(trace([epoch(1, 1, [1], [1, 9.994])], null)).gradRatio).toBe('9.99');
  });

  it('quotes no spread and no predictions for a run without them', () => {
    for (const predictions of [null, []]) {
      const s = summarize(trace([epoch(1, 1, [1], [1, 1])], predictions));
      expect([s.pred1, s.pred3, s.predSpread]).toEqual(['–', '–', '–']);
    }
  });

  it('quotes a prediction the way the console prints it', () => {
    const s = summarize(trace([epoch(1, 1, [1], [1, 1])], [-0.5, 1e-5, NaN]));
    expect([s.pred1, s.pred2, s.pred3, s.predSpread]).toEqual(['-0.5', '1.e-05', 'nan', '–']);
  });

  it('quotes no weight change when the first printout is empty or all zero', () => {
    expect(summarize(trace([epoch(1, 1, [], [1, 1]), epoch(2, 1, [], [1, 1])], null)).weightChange).toBe('–');
    expect(summarize(trace([epoch(1, 1, [0, 0], [1, 1]), epoch(2, 1, [3, 4], [1, 1])], null)).weightChange).toBe('–');
  });
});

describe('quoteNumber', () => {
  it('switches to e-notation at 1e5 and below 1e-3, and never for zero', () => {
    expect(quoteNumber(0)).toBe('0');
    expect(quoteNumber(1e5)).toBe('1.00e5');
    expect(quoteNumber(99_990)).toBe('99990');
    expect(quoteNumber(0.001)).toBe('0.001');
    expect(quoteNumber(-0.00012)).toBe('-1.20e-4');
    expect(quoteNumber(-Infinity)).toBe('−∞');
    expect(quoteNumber(undefined)).toBe('–');
  });


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
    expect(outcome(ending(0.005, [0.98, NaN, 2.92]))).toBe('exploded');
  });

  it('judges the last epoch’s loss', () => {
    const run = ending(0.05);
    run.epochs = [{ epoch: 1, loss: 0.16 }, { epoch: 2, loss: 0.005 }, { epoch: 3, loss: 0.05 }] as RunTrace['epochs'];
    expect(outcome(run)).toBe('stalled');
  });

  it('measures a normalising run against its data scaled to [0, 1], as its loss is', () => {
    // Inputs 2 … 6 scaled by (x − 2) / 4: targets evenly in [0, 1] again (variance 101/1188 ≈ 0.085) and
    // noise SD 0.05 / 4, so "learned" ends near 0.1 · 0.085 ≈ 0.0086; unscaled it would end near 16× that.
    const config = { ...preset('exp1'), normalize: true, data: { ...preset('exp1').data, lo: 2, hi: 6 } };
    const run = (loss: number) => ({ ...ending(loss), config });
    expect(outcome(run(0.005))).toBe('learned');
    expect(outcome(run(0.02))).toBe('stalled');
  });
});
