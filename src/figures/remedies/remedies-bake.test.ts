import { describe, expect, it } from 'vitest';
import { cachedBake } from '@/build/bake-cache';
import { TRAINING } from '@/lab/recurrent/gradient-through-time';
import { ARMS, REMEDY_DEFAULTS, trainArm } from '@/lab/recurrent/remedies';
import { bakeRemedies, OVER_SEEDS, revivedRun, seedQuotes, storableRun } from './remedies-bake';

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

describe('the prose’s counts over seeds', () => {
  // Hand-made last-100-step means for three seeds (4–6) and four more; the counts below are by hand.
  const lasts = {
    rnnNoClip: [0.17, 0.18, 0.175],
    rnn: [0.1712, 0.1795, 0.175], // clipping moved it by 0.0012, 0.0005 and 0
    lstm: [0.05, 0.1, 0.0999], // 0.1 itself is not below 0.1
    lstmForget0: [0.2, 0.2, 0.2],
    irnn: [0.35, 0.02, 0.17], // two above the baseline 1/6 = 0.1667
    irnnNoClip: [0.16, 0.17, 0.18],
  };
  const quotes = seedQuotes({ lasts, more: { irnn: [0.01, 0.5, 0.099, 0.1] } }, { seeds: [4, 5, 6], more: [7, 8, 9, 10], below: 0.1 });

  it('counts, for each run, the seeds that ended below 0.1', () => {
    expect(quotes).toMatchObject({ rnnNoClipBelow: '0', rnnBelow: '0', lstmBelow: '2', lstmForget0Below: '0', irnnBelow: '1', irnnNoClipBelow: '0', irnnMoreBelow: '2' });
  });

  it('counts the clipped IRNN’s seeds above the baseline and quotes its worst', () => {
    expect(quotes).toMatchObject({ irnnAbove: '2', irnnWorst: '0.35' });
  });

  it('quotes the most clipping moved the simple RNN, rounded up to a thousandth ("at most")', () => {
    expect(quotes['clipMoved']).toBe('0.002');
    const exact = seedQuotes({ lasts: { ...lasts, rnn: [0.17, 0.182, 0.175] }, more: { irnn: [] } });
    expect(exact['clipMoved']).toBe('0.002'); // 0.182 − 0.18 is 0.0020000000000000018 in floats: still 0.002, not rounded up to 0.003
  });

  it('quotes the plan: six runs, their seeds, the further seeds, the line', () => {
    expect(quotes).toMatchObject({ seedsRuns: '6', seedsN: '3', seedsFirst: '4', seedsLast: '6', moreN: '4', moreFirst: '7', moreLast: '10', below: '0.1' });
    expect(OVER_SEEDS.seeds).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(OVER_SEEDS.more).toHaveLength(20);
    expect([OVER_SEEDS.more[0], OVER_SEEDS.more.at(-1)]).toEqual([11, 30]);
  });
});

describe('a run stored as JSON (src/build/bakes/, committed)', () => {
  it('comes back as it went in, to the last bit', () => {
    const run = { losses: Float64Array.of(0.1 + 0.2, 1 / 3), normsRaw: Float64Array.of(5e-324, 1e300), normsApplied: Float64Array.of(1, Math.E) };
    const back = revivedRun(JSON.parse(JSON.stringify(storableRun(run))));
    expect(back.losses).toBeInstanceOf(Float64Array);
    expect([...back.losses, ...back.normsRaw, ...back.normsApplied]).toEqual([0.30000000000000004, 1 / 3, 5e-324, 1e300, 1, Math.E]);
  });

  it('is what the code computes: the stored IRNN run of the figure, re-trained, to the last bit', () => {
    const stored = cachedBake<Record<string, ReturnType<typeof storableRun>>>('remedies-runs', { s: REMEDY_DEFAULTS, arms: ARMS, training: TRAINING }, () => {
      throw new Error('no committed remedies runs for these sources');
    });
    const fresh = trainArm('irnn', REMEDY_DEFAULTS);
    const back = revivedRun(stored['irnn']!);
    expect(back.losses).toEqual(fresh.losses);
    expect(back.normsRaw).toEqual(fresh.normsRaw);
    expect(back.normsApplied).toEqual(fresh.normsApplied);
  }, 60_000);
});
