import { describe, expect, it } from 'vitest';
import { bakeRemedies } from './remedies-bake';

/** Short runs; the clipped simple RNN and the LSTM handed in, as the build hands in the through-time figure's. */
const SHORT = { seed: 3, steps: 12, training: 40 };
const flat = (v: number) => new Float64Array(SHORT.training).fill(v);

describe('the remedies bake', () => {
  const bake = bakeRemedies(SHORT, { rnn: flat(0.2), lstm: Float64Array.from({ length: SHORT.training }, (_, i) => (i < 30 ? 1 : 0.05)) });

  it('takes runs handed in as they are and trains only the others', () => {
    expect(Object.keys(bake.runs).sort()).toEqual(['irnn', 'irnnNoClip', 'lstmForget0', 'rnnNoClip']);
    expect(bake.quotes['rnnLast']).toBe('0.200');
    // The last 40 (all of a 40-step run, fewer than 100): 30 losses of 1 and 10 of 0.05, mean (30 + 0.5)/40 = 0.7625.
    expect(bake.quotes['lstmLast']).toBe('0.763');
  });

  it('quotes the baseline 1/6 and the settings', () => {
    expect(bake.quotes).toMatchObject({ baseline: '0.167', seed: '3', steps: '12', training: '40', clipNorm: '1' });
  });

  it('counts the unclipped simple RNN’s steps over the clip norm, and the IRNN’s', () => {
    const over = (xs: Float64Array) => xs.filter((n) => n > 1).length;
    expect(bake.quotes['noClipOver']).toBe(String(over(bake.runs.rnnNoClip!.normsRaw)));
    expect(bake.quotes['irnnClippedSteps']).toBe(String(over(bake.runs.irnn!.normsRaw)));
  });

  it('gives the page a smoothed curve per run, one point every 10 steps, the first the mean of the first 10 losses', () => {
    expect(bake.baked.xs).toEqual([10, 20, 30, 40]);
    expect(bake.baked.arms.rnn.ys).toEqual([0.2, 0.2, 0.2, 0.2]);
    // At step 40 the 50-step span covers all 40: (30 + 10·0.05)/40.
    expect(bake.baked.arms.lstm.ys.at(-1)).toBeCloseTo(0.7625, 4);
  });
});
