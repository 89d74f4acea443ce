import { describe, expect, it } from 'vitest';
import { rngFor } from '../engine/random';
import { addingProblem } from './adding';
import { initCell } from './cells';
import { initOptimizer, trainStep } from './train';
import { ADDING_BASELINE, MEMORY_DEFAULTS, MemoryTrainer, SUCCESS_BELOW, TAIL, checkMemorySettings, ensembleJobs, ensemblePoint, memoryEnsemble, rememberedCount, remembered, tailMean, trailingMeans, trainMemory } from './memory';

describe('the memory task’s baseline', () => {
  it('is the mean squared error of always answering 1, E[(u₁ + u₂ − 1)²] over two uniform numbers (a midpoint sum by hand)', () => {
    // ∫∫ (a + b − 1)² da db over [0, 1]²: substitute s = a − ½, t = b − ½, then ∫∫ (s + t)² = 2 ∫ s² = 2 · 1/12.
    // The midpoint sum on an n × n grid is exact up to the rule's error, 2 · 1/(12 n²) per axis term.
    const n = 400;
    let sum = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) sum += ((i + 0.5) / n + (j + 0.5) / n - 1) ** 2;
    const midpoint = sum / (n * n);
    expect(midpoint).toBeCloseTo(2 / 12 - 2 / (12 * n * n), 12);
    expect(ADDING_BASELINE).toBeCloseTo(0.16667, 5);
    expect(Math.abs(ADDING_BASELINE - midpoint)).toBeLessThan(1e-5);
  });
});

describe('the rule a run is judged by', () => {
  const flat = (n: number, v: number) => Array.from({ length: n }, () => v);

  it('says a run remembered when its last 100 steps average below half the baseline, 1/12', () => {
    expect(SUCCESS_BELOW).toBeCloseTo(1 / 12, 15);
    expect(remembered(flat(100, 0.08))).toBe(true);
    expect(remembered(flat(100, 0.09))).toBe(false);
    expect(remembered(flat(100, ADDING_BASELINE))).toBe(false);
  });

  it('reads only the last 100 steps (the early losses of a run that learnt do not count)', () => {
    expect(TAIL).toBe(100);
    expect(tailMean([...flat(100, 1), ...flat(100, 0.01)])).toBeCloseTo(0.01, 15);
    expect(remembered([...flat(500, 1), ...flat(100, 0.01)])).toBe(true);
    expect(remembered([...flat(100, 0.01), ...flat(100, 0.2)])).toBe(false);
    // A run shorter than the tail is read whole: (0.1 + 0.3) / 2.
    expect(tailMean([0.1, 0.3])).toBeCloseTo(0.2, 15);
  });

  it('draws the line as the mean of the last 20 steps (fewer at the start)', () => {
    const losses = Array.from({ length: 25 }, (_, i) => i + 1); // 1, 2, …, 25
    const means = trailingMeans(losses);
    expect(means[0]).toBe(1);
    expect(means[1]).toBe(1.5);
    expect(means[19]).toBe(10.5); // (1 + … + 20) / 20
    expect(means[24]).toBe(15.5); // (6 + … + 25) / 20
  });

  it('counts, per cell and length, the seeds whose tail mean is below 1/12', () => {
    const ensemble = memoryEnsemble({ lengths: [3, 6], seeds: [1, 2, 3], steps: 40 });
    expect(ensemble.map((p) => p.length)).toEqual([3, 6]);
    for (const point of ensemble) {
      for (const cell of ['rnn', 'lstm'] as const) {
        expect(point.finals[cell]).toHaveLength(3);
        expect(point.successes[cell]).toBe(point.finals[cell].filter((f) => f < 1 / 12).length);
        // Each final is that seed's own run, read by the rule.
        expect(point.finals[cell][1]).toBe(tailMean(trainMemory(cell, point.length, 2, 40)));
      }
    }
  });
});

describe('the ensemble one length at a time (the build’s table, and the figure’s button)', () => {
  it('trains every seed of the simple RNN, then every seed of the LSTM', () => {
    expect(ensembleJobs([4, 7])).toEqual([
      { cell: 'rnn', seed: 4 },
      { cell: 'rnn', seed: 7 },
      { cell: 'lstm', seed: 4 },
      { cell: 'lstm', seed: 7 },
    ]);
  });

  it('counts the tail means below 1/12 = 0.08333…, and not one at or above it', () => {
    // 0.0833 < 1/12 < 0.0834; 1/12 itself is not below.
    expect(rememberedCount([0.001, 0.0833, 1 / 12, 0.0834, 0.167])).toBe(2);
    expect(rememberedCount([])).toBe(0);
    expect(ensemblePoint(30, { rnn: [0.2, 0.01], lstm: [0.05, 0.06] })).toEqual({ length: 30, finals: { rnn: [0.2, 0.01], lstm: [0.05, 0.06] }, successes: { rnn: 1, lstm: 2 } });
  });
});

describe('training on the memory task', () => {
  it('carries a run on: 60 steps and then 40 more give the bits of one 100-step run', () => {
    for (const cell of ['rnn', 'lstm'] as const) {
      // The one longer run, written out from the lab's parts: seed 5's weights, Adam 0.01 with
      // clipnorm 1, batches of 16 from seed 5's shuffle stream, one after the other.
      const p = initCell({ cell, inputs: 2, units: 16, seed: 5, precision: 'float32' });
      const adam = initOptimizer('adam', p);
      const stream = rngFor(5, 'shuffle');
      const whole = Array.from({ length: 100 }, () => trainStep(p, addingProblem(stream, 16, 8), adam, 0.01, 1).loss);
      expect(trainMemory(cell, 8, 5, 100)).toEqual(whole);
      const trainer = new MemoryTrainer(cell, 8, 5);
      const first = Array.from({ length: 60 }, () => trainer.step());
      const more = Array.from({ length: 40 }, () => trainer.step());
      expect(trainer.taken).toBe(100);
      expect([...first, ...more]).toEqual(whole);
    }
  });

  it('gives each seed its own run and the same run for the same seed', () => {
    expect(trainMemory('rnn', 6, 1, 5)).toEqual(trainMemory('rnn', 6, 1, 5));
    expect(trainMemory('rnn', 6, 2, 5)).not.toEqual(trainMemory('rnn', 6, 1, 5));
  });

  it('starts near the baseline and, at T = 5, goes below it within 300 steps for the LSTM', () => {
    const losses = trainMemory('lstm', 5, 1, 300);
    expect(tailMean(losses)).toBeLessThan(SUCCESS_BELOW);
  });
});

describe('the memory figure’s settings', () => {
  it('keeps whole numbers in range and replaces anything else by its default, naming it', () => {
    expect(checkMemorySettings({ length: 12, steps: 50, seed: 7 })).toEqual({ settings: { length: 12, steps: 50, seed: 7 }, rejected: [] });
    expect(checkMemorySettings({ length: 1, steps: 2.5, seed: -1 })).toEqual({ settings: MEMORY_DEFAULTS, rejected: ['length', 'steps', 'seed'] });
    expect(checkMemorySettings({ length: '20', steps: Number.NaN })).toEqual({ settings: MEMORY_DEFAULTS, rejected: ['length', 'steps'] });
    expect(checkMemorySettings({ length: 101 }).rejected).toEqual(['length']);
    expect(checkMemorySettings({ length: 100 }).settings.length).toBe(100);
    expect(checkMemorySettings({ length: 2 }).settings.length).toBe(2);
  });

  it('defaults to T = 20, 600 steps, seed 1', () => {
    expect(MEMORY_DEFAULTS).toEqual({ length: 20, steps: 600, seed: 1 });
  });
});
