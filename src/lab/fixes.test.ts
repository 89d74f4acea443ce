import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend';
import { preset, withFix } from './config';
import { train } from './train';
import type { BackendInfo, RunTrace } from './trace';

let backend: BackendInfo;
beforeAll(async () => {
  backend = await initBackend();
});

const SEEDS = [1, 2, 3, 14, 29];
const finite = (t: RunTrace) => t.epochs.every((e) => Number.isFinite(e.loss)) && (t.predictions ?? []).every(Number.isFinite);
const spread = (t: RunTrace) => Math.max(...t.predictions!) - Math.min(...t.predictions!);

describe('the fixes for exploding gradients (exp2)', () => {
  it('normalising the inputs turns exp2 into exp1: it learns, and predicts 1, 2, 3 within 0.1', async () => {
    for (const seed of SEEDS) {
      const t = await train(withFix('normalize', seed), { backend });
      expect(finite(t)).toBe(true);
      t.predictions!.forEach((p, i) => expect(Math.abs(p - (i + 1))).toBeLessThan(0.1));
    }
  });

  it('a learning rate of 0.01 keeps every loss finite', async () => {
    for (const seed of SEEDS) expect(finite(await train(withFix('lowerLearningRate', seed), { backend }))).toBe(true);
  });

  it('clipping each gradient to norm 1 keeps every loss finite', async () => {
    for (const seed of SEEDS) expect(finite(await train(withFix('clipGradients', seed), { backend }))).toBe(true);
  });
});

describe('the fixes for vanishing gradients (exp3)', () => {
  it('relu with He initialisation learns: predictions spread like the inputs', async () => {
    for (const seed of SEEDS) {
      const t = await train(withFix('reluHe', seed), { backend });
      expect(t.epochs.at(-1)!.loss).toBeLessThan(0.01);
      expect(spread(t)).toBeGreaterThan(1);
    }
  });

  it('batch normalisation narrows the gap between the last and the first layer’s gradient at least fivefold', async () => {
    for (const seed of SEEDS) {
      const before = await train(preset('exp3', { seed }), { backend });
      const after = await train(withFix('batchNorm', seed), { backend });
      const ratio = (t: RunTrace) => t.epochs.reduce((s, e) => s + e.gradNorms.at(-1)! / e.gradNorms[0]!, 0) / t.epochs.length;
      expect(ratio(after)).toBeLessThan(ratio(before) / 5);
    }
  });

  it('residual connections and Adam train without non-finite numbers', async () => {
    for (const seed of SEEDS) {
      expect(finite(await train(withFix('adam', seed), { backend }))).toBe(true);
      expect((await train(withFix('residual', seed), { backend })).status).toBe('done');
    }
  });
});

describe('the NaN tripwire', () => {
  it('finds exp2’s first non-finite step and keeps the last finite values', async () => {
    const t = await train(preset('exp2', { seed: 14 }), { backend });
    expect(t.trip).not.toBeNull();
    const trip = t.trip!;
    const firstBad = t.epochs.find((e) => !Number.isFinite(e.loss))!.epoch;
    expect(trip.epoch).toBeLessThanOrEqual(firstBad);
    expect(trip.step).toBeGreaterThanOrEqual(1);
    expect(Number.isFinite(trip.lastLoss!)).toBe(true);
    expect(trip.lastKernelGradNorms).toHaveLength(2);
    expect(trip.stopped).toBe(false);
    expect(t.epochs).toHaveLength(20);
  });

  it('stops the run at that step when asked, with every recorded epoch finite', async () => {
    const t = await train({ ...preset('exp2', { seed: 14 }), stopOnNonFinite: true }, { backend });
    expect(t.status).toBe('done');
    expect(t.trip!.stopped).toBe(true);
    expect(t.epochs).toHaveLength(t.trip!.epoch - 1);
    expect(t.epochs.every((e) => Number.isFinite(e.loss))).toBe(true);
  });

  it('reports a diverging run’s first bad step, after epochs that all stayed finite', async () => {
    const config = { ...preset('exp1', { seed: 5 }), learningRate: 3, epochs: 6 };
    const t = await train({ ...config, stopOnNonFinite: true }, { backend });
    const trip = t.trip!;
    expect(trip).not.toBeNull();
    expect(t.epochs.every((e) => Number.isFinite(e.loss))).toBe(true);
    expect(['loss', 'gradient', 'weight']).toContain(trip.quantity);
    if (trip.quantity === 'loss') expect(Number.isFinite(trip.loss)).toBe(false);
    else expect(trip.layer).not.toBeNull();
  });

  it('stays silent on a healthy run', async () => {
    expect((await train(preset('exp1'), { backend })).trip).toBeNull();
  });
});

describe('optimisers', () => {
  it('momentum and Adam each reach a lower exp1 loss after one epoch than they start with', async () => {
    for (const optimizer of ['momentum', 'adam'] as const) {
      const t = await train({ ...preset('exp1'), optimizer, learningRate: 0.01, epochs: 3 }, { backend });
      expect(t.epochs.at(-1)!.loss).toBeLessThan(t.epochs[0]!.loss);
    }
  });
});
