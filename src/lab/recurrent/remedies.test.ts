import { describe, expect, it } from 'vitest';
import { rngFor } from '../engine/random';
import { addingProblem } from './adding';
import { initCell } from './cells';
import { ARMS, ARM_NAMES, lastsOverSeeds, meanLast, PAIRS, REMEDIES, smoothed, trainArm } from './remedies';
import { initOptimizer, trainStep } from './train';
import { THROUGH_TIME_DEFAULTS, trainedCurve, TRAINING } from './gradient-through-time';

/** Short runs: long enough for the clip to bite (the IRNN's unbounded states give large gradients early), short for a test. */
const SHORT = { seed: 3, steps: 12, training: 40 };

describe('the remedies’ training runs', () => {
  it('applies gradients no larger than the clip norm, and as they were where they were within it', () => {
    for (const arm of ['rnn', 'irnn', 'lstm'] as const) {
      const c = ARMS[arm].clipNorm;
      expect(c).toBe(1);
      const run = trainArm(arm, SHORT);
      run.normsApplied.forEach((applied, i) => {
        const raw = run.normsRaw[i]!;
        // Keras' clipnorm by hand: each array scaled by c/‖g‖ when ‖g‖ > c, so the largest applied norm is min(raw, c), to float32 rounding.
        expect(applied).toBeLessThanOrEqual(c * (1 + 1e-6));
        expect(applied).toBeCloseTo(Math.min(raw, c), 5);
      });
    }
  });

  it('lets the clip bite on some steps of these short runs (else the test above tests nothing)', () => {
    const run = trainArm('irnn', SHORT);
    expect(run.normsRaw.filter((n) => n > 1).length).toBeGreaterThan(0);
  });

  it('applies the raw gradient when a run has no clip norm', () => {
    for (const arm of ['rnnNoClip', 'irnnNoClip'] as const) {
      expect(ARMS[arm].clipNorm).toBe(0);
      const run = trainArm(arm, SHORT);
      expect(Array.from(run.normsApplied)).toEqual(Array.from(run.normsRaw));
    }
  });

  it('is train.ts’s trainStep, bit for bit (the loop is only written out to read the norms)', () => {
    const p = initCell({ cell: 'rnn', inputs: 2, units: 16, seed: SHORT.seed });
    const state = initOptimizer('adam', p);
    const rng = rngFor(SHORT.seed, 'shuffle');
    const losses = Array.from({ length: SHORT.training }, () => trainStep(p, addingProblem(rng, 16, SHORT.steps), state, 0.01, 1).loss);
    expect(Array.from(trainArm('rnn', SHORT).losses)).toEqual(losses);
  });

  it('trains the clipped simple RNN and the LSTM exactly as the through-time figure’s trained runs (the build reuses those)', () => {
    // A short sequence keeps the figure's 600 steps cheap; the recipe is the same at any length.
    const s = { ...THROUGH_TIME_DEFAULTS, steps: 4 };
    for (const arm of ['rnn', 'lstm'] as const) {
      expect(Array.from(trainArm(arm, { seed: s.seed, steps: s.steps, training: TRAINING.steps }).losses), arm).toEqual(Array.from(trainedCurve(arm, s).losses));
    }
  });

  it('gives both sides of a pair the same first batch and, where the change leaves the cell alone, the same first loss', () => {
    // Clipping acts only from the first update on: the first loss is the same with and without it.
    expect(trainArm('rnnNoClip', SHORT).losses[0]).toBe(trainArm('rnn', SHORT).losses[0]);
    expect(trainArm('irnnNoClip', SHORT).losses[0]).toBe(trainArm('irnn', SHORT).losses[0]);
    // After the first update the unclipped and clipped runs part (the clip bit on the IRNN's first step or soon after).
    expect(Array.from(trainArm('irnnNoClip', SHORT).losses)).not.toEqual(Array.from(trainArm('irnn', SHORT).losses));
  });

  it('pairs every remedy from the runs it has, each pair changing one thing', () => {
    for (const remedy of REMEDIES) {
      const { before, after } = PAIRS[remedy];
      expect(ARM_NAMES).toContain(before);
      expect(ARM_NAMES).toContain(after);
    }
    expect(ARMS[PAIRS.clipping.before].cell).toEqual(ARMS[PAIRS.clipping.after].cell);
    expect(ARMS[PAIRS['forget-bias'].before].clipNorm).toBe(ARMS[PAIRS['forget-bias'].after].clipNorm);
  });
});

describe('what the figure draws from a run', () => {
  it('takes the mean of the last n losses', () => {
    expect(meanLast([9, 9, 1, 2, 3], 3)).toBe(2);
  });

  it('smooths a curve with a trailing window at every k-th step, shorter at the start (by hand)', () => {
    const losses = Array.from({ length: 20 }, (_, i) => i + 1); // 1…20
    // At step 10 the window is 6…10 (mean 8); at 20, 16…20 (mean 18); at 3 with window 5, 1…3 (mean 2).
    expect(smoothed(losses, 10, 5)).toEqual({ xs: [10, 20], ys: [8, 18] });
    expect(smoothed(losses, 3, 5).ys[0]).toBe(2);
  });
});

describe('the runs over seeds (the prose’s counts)', () => {
  it('gives each run, for each seed in order, the plain mean of its last 100 losses (all of a shorter run)', () => {
    const s = { steps: 6, training: 30 };
    const got = lastsOverSeeds(['rnn', 'irnn'], [5, 2], s);
    expect(Object.keys(got)).toEqual(['rnn', 'irnn']);
    for (const arm of ['rnn', 'irnn'] as const) {
      got[arm].forEach((v, i) => {
        const losses = Array.from(trainArm(arm, { ...s, seed: [5, 2][i]! }).losses);
        let sum = 0;
        for (const loss of losses) sum += loss; // a 30-step run: all 30 are its last 100
        expect(v).toBeCloseTo(sum / 30, 12);
      });
      expect(Array.isArray(got[arm])).toBe(true); // plain arrays: the build keeps them as JSON
    }
  });
});
