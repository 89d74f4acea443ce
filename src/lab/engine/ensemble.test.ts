import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend';
import { preset, type ExperimentId } from './config';
import { trainEnsemble } from './ensemble';
import { mergeEnsembles } from './ensemble-result';
import { train } from './train';
import type { BackendInfo } from './trace';

let backend: BackendInfo;
beforeAll(async () => {
  backend = await initBackend();
});

const SEEDS = [3, 14, 29, 41];

describe('seed ensembles', () => {
  for (const id of ['exp1', 'exp2', 'exp3'] as ExperimentId[]) {
    it(`give each seed of ${id} the losses and predictions of its single run, to float32 rounding`, async () => {
      const config = preset(id);
      const ensemble = await trainEnsemble(config, SEEDS);
      expect(ensemble.status).toBe('done');
      for (const [i, seed] of SEEDS.entries()) {
        const single = await train({ ...config, seed }, { backend });
        single.epochs.forEach((e, epoch) => {
          const batched = ensemble.losses[epoch]![i]!;
          if (Number.isFinite(e.loss)) expect(Math.abs(batched - e.loss) / e.loss).toBeLessThan(1e-4);
          else expect(Number.isFinite(batched)).toBe(false);
        });
        single.predictions!.forEach((p, k) => {
          const batched = ensemble.predictions[i * config.predictInputs.length + k]!;
          if (Number.isFinite(p)) expect(Math.abs(batched - p)).toBeLessThan(1e-3 * Math.max(1, Math.abs(p)));
          else expect(Number.isFinite(batched)).toBe(false);
        });
      }
    });
  }

  it('computes the same numbers one seed at a time as in one batched program, to float32 rounding', async () => {
    const config = preset('exp3', { activation: 'relu' });
    const separate = await trainEnsemble(config, SEEDS);
    const batched = await trainEnsemble(config, SEEDS, { batched: true });
    expect(batched.status).toBe('done');
    batched.losses.forEach((row, epoch) => row.forEach((v, i) => expect(Math.abs(separate.losses[epoch]![i]! - v) / v).toBeLessThan(1e-4)));
    batched.predictions.forEach((p, i) => expect(Math.abs(separate.predictions[i]! - p)).toBeLessThan(1e-3 * Math.max(1, Math.abs(p))));
  });

  it('trained in two halves and merged, is the ensemble trained in one piece', async () => {
    const config = preset('exp2'); // some seeds explode, some may not: explodedAt is exercised
    const whole = await trainEnsemble(config, SEEDS);
    const merged = mergeEnsembles(await trainEnsemble(config, SEEDS.slice(0, 1)), await trainEnsemble(config, SEEDS.slice(1)));
    expect(merged.status).toBe('done');
    expect(merged.seeds).toEqual(whole.seeds);
    expect(merged.losses).toEqual(whole.losses);
    expect(merged.predictions).toEqual(whole.predictions);
    expect(merged.explodedAt).toEqual(whole.explodedAt);
  });

  it('merges a cancelled or failed half into a cancelled or failed ensemble, keeping the epochs both halves finished', async () => {
    const config = preset('exp1');
    const done = await trainEnsemble(config, [1, 2]);
    const controller = new AbortController();
    const cancelled = await trainEnsemble(config, [3], { signal: controller.signal, onEpoch: (epoch) => epoch === 3 && controller.abort() });
    const stopped = mergeEnsembles(done, cancelled);
    expect(stopped.status).toBe('cancelled');
    expect(stopped.losses).toHaveLength(3);
    expect(stopped.losses[0]).toHaveLength(3);
    expect(stopped.predictions).toHaveLength(0);
    const failed = mergeEnsembles({ ...cancelled, status: 'error', error: 'the worker died' }, done);
    expect(failed.status).toBe('error');
    expect(failed.error).toBe('the worker died');
  });

  it('records the epoch each exploding seed went non-finite', async () => {
    const result = await trainEnsemble(preset('exp2'), [14, 15]);
    expect(Array.from(result.explodedAt)).toEqual([2, 2]);
  });

  for (const batched of [false, true]) {
    it(`stops when aborted and leaves no tensors behind (${batched ? 'batched' : 'one seed at a time'})`, async () => {
      const before = tf.memory().numTensors;
      const controller = new AbortController();
      const result = await trainEnsemble(preset('exp3'), SEEDS, {
        signal: controller.signal,
        batched,
        onEpoch: (epoch) => {
          if (epoch === 2) controller.abort();
        },
      });
      expect(result.status).toBe('cancelled');
      expect(result.losses).toHaveLength(2);
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});
