import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { preset } from '../config';
import { leanable } from './lean';
import { train } from '../train';
import type { BackendInfo, RunTrace } from '../trace';

let backend: BackendInfo;
beforeAll(async () => {
  backend = await initBackend();
});

/** What two paths must agree on bit for bit: everything a run computed, not how long it took. */
const numbers = ({ epochs, predictions, trip }: RunTrace) => ({ epochs: epochs.map(({ msPerStep: _, ...e }) => e), predictions, trip });

describe('the lean step', () => {
  it('is taken by the article’s experiments and not by configs it does not cover', () => {
    expect(leanable(preset('exp1'), 1)).toBe(true);
    expect(leanable(preset('exp3', { activation: 'relu' }), 1)).toBe(true);
    expect(leanable(preset('exp3'), 200)).toBe(false);
    expect(leanable({ ...preset('exp3'), batchNorm: true }, 1)).toBe(false);
    expect(leanable({ ...preset('exp3'), optimizer: 'adam' }, 1)).toBe(false);
  });

  for (const [id, activation] of [['exp1', undefined], ['exp2', undefined], ['exp3', 'sigmoid'], ['exp3', 'relu'], ['exp3', 'linear']] as const) {
    it(`computes bit for bit what the general step computes (${id}${activation ? ` ${activation}` : ''})`, async () => {
      const config = preset(id, activation ? { activation, seed: 5 } : { seed: 5 });
      // A clip norm no gradient reaches sends the run down the general path and multiplies every gradient by exactly 1.
      const general = { ...config, clipNorm: 1e30 };
      expect(leanable(general, 1)).toBe(false);
      expect(numbers(await train(config, { backend }))).toEqual(numbers(await train(general, { backend })));
    });
  }

  it('leaves no tensors behind, its cached constants included', async () => {
    await train(preset('exp3'), { backend });
    const before = tf.memory().numTensors;
    await train(preset('exp3'), { backend });
    expect(tf.memory().numTensors).toBe(before);
  });
});
