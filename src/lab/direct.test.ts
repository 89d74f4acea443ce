import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend';
import { FIX_IDS, preset, withFix, type ExperimentConfig } from './config';
import { reducedTranspose } from './direct';
import { Session } from './session';
import { train } from './train';
import type { BackendInfo, RunTrace } from './trace';

let backend: BackendInfo;
beforeAll(async () => {
  backend = await initBackend();
});

const numbers = (t: RunTrace) => ({ epochs: t.epochs.map((e) => ({ ...e, msPerStep: 0 })), predictions: t.predictions, trip: t.trip });

describe('the direct step', () => {
  it('is what a single plain-SGD run takes on the wasm backend, and nothing else is', () => {
    expect(tf.getBackend()).toBe('wasm');
    const path = (config: ExperimentConfig, seeds = [1], direct = true) => {
      const session = new Session(config, seeds, { direct });
      const taken = session.path;
      session.dispose();
      return taken;
    };
    expect(path(preset('exp1'))).toBe('direct');
    expect(path(preset('exp3', { activation: 'relu' }))).toBe('direct');
    expect(path(preset('exp3'), [1], false)).toBe('lean');
    expect(path(preset('exp3'), [1, 2])).toBe('general');
    expect(path({ ...preset('exp3'), optimizer: 'momentum' })).toBe('general');
  });

  for (const [id, activation, batchSize] of [
    ['exp1', undefined, 20],
    ['exp2', undefined, 20],
    ['exp3', 'sigmoid', 20],
    ['exp3', 'relu', 20],
    ['exp3', 'linear', 20],
    ['exp3', 'sigmoid', 32], // a short last batch: a second set of buffers
    ['exp1', undefined, 1], // batches of one: every transposition becomes a copy
  ] as const) {
    it(`computes bit for bit what the lean step computes (${id}${activation ? ` ${activation}` : ''}, batch ${batchSize})`, async () => {
      const config = { ...preset(id, activation ? { activation, seed: 7 } : { seed: 7 }), batchSize, epochs: batchSize === 1 ? 3 : 20 };
      const direct = await train(config, { backend });
      const lean = await train(config, { backend, direct: false });
      expect(direct.status).toBe('done');
      expect(numbers(direct)).toEqual(numbers(lean));
    });
  }

  it('computes what the lean step computes for every fix it covers (normalised inputs among them)', async () => {
    const covered = FIX_IDS.filter((fix) => {
      const session = new Session(withFix(fix), [1]);
      session.dispose();
      return session.path === 'direct';
    });
    expect(covered).toContain('normalize');
    for (const fix of covered) {
      const config = withFix(fix);
      expect(numbers(await train(config, { backend })), fix).toEqual(numbers(await train(config, { backend, direct: false })));
    }
  });

  it('finds the same first NaN as the lean step when a run explodes', async () => {
    const config = preset('exp2');
    const direct = await train(config, { backend });
    const lean = await train(config, { backend, direct: false });
    expect(direct.trip).not.toBeNull();
    expect(direct.trip).toEqual(lean.trip);
  });

  it('leaves no tensors behind', async () => {
    await train(preset('exp3'), { backend });
    const before = tf.memory().numTensors;
    await train(preset('exp3'), { backend });
    await train({ ...preset('exp1'), batchSize: 32 }, { backend });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reads transpositions as the wasm Transpose kernel does', () => {
    expect(reducedTranspose([1, 20, 32], [0, 2, 1])).toEqual({ shape: [20, 32], perm: [1, 0], copy: false });
    expect(reducedTranspose([1, 20, 32], [2, 0, 1])).toEqual({ shape: [20, 32], perm: [1, 0], copy: false });
    expect(reducedTranspose([1, 20, 1], [2, 0, 1])).toEqual({ shape: [20], perm: [0], copy: true });
    expect(reducedTranspose([1, 32, 1], [0, 2, 1])).toEqual({ shape: [32], perm: [0], copy: true });
    expect(reducedTranspose([2, 3, 4], [2, 0, 1])).toEqual({ shape: [2, 3, 4], perm: [2, 0, 1], copy: false });
  });
});
