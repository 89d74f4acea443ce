import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { FIX_IDS, preset, withFix, type ExperimentConfig } from '../config';
import { DirectSgd, reducedTranspose } from './direct';
import { predict } from '../net';
import { disposeSnapshot, disposeSteps, Session } from '../session';
import { train } from '../train';
import type { BackendInfo, RunTrace } from '../trace';

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

  it('passes its self-check on this backend once per process, and a run’s trace says it took the direct step', async () => {
    const verdict = DirectSgd.verdict();
    expect(verdict).toMatchObject({ ok: true });
    expect(DirectSgd.verdict()).toBe(verdict);
    const trace = await train(preset('exp1'), { backend });
    expect(trace.path).toBe('direct');
    expect(trace.directFallback).toBeUndefined();
    expect((await train(preset('exp1'), { backend, direct: false })).path).toBe('lean');
  });

  it('relies on tf.clone copying on wasm: a snapshot keeps its numbers while the step writes the live weights in place', () => {
    const session = new Session(preset('exp1'), [1]);
    expect(session.path).toBe('direct');
    const { dataIdMap } = tf.backend() as unknown as { dataIdMap: { get(id: object): { memoryOffset: number } } };
    const kernel = session.layers[0]!.kernel;
    const copy = tf.clone(kernel);
    expect(dataIdMap.get(copy.dataId).memoryOffset).not.toBe(dataIdMap.get(kernel.dataId).memoryOffset);
    const snapshot = session.snapshot();
    const before = snapshot.layers.map((l) => [Array.from(l.kernel.dataSync()), Array.from(l.bias.dataSync())]);
    const data = session.shuffled();
    disposeSteps([session.step(data, 0), session.step(data, 1)]);
    expect(session.layers[0]!.kernel).toBe(kernel); // the same tensor, written in place
    expect(Array.from(kernel.dataSync())).not.toEqual(before[0]![0]);
    expect(snapshot.layers.map((l) => [Array.from(l.kernel.dataSync()), Array.from(l.bias.dataSync())])).toEqual(before);
    tf.dispose([copy, data.zs, data.ys]);
    disposeSnapshot(snapshot);
    session.dispose();
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
      expect([direct.path, lean.path]).toEqual(['direct', 'lean']);
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
    expect([direct.path, lean.path]).toEqual(['direct', 'lean']);
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

  it('leaves its parameters fresh for tfjs’s own kernels: tensor ops after direct steps compute what they compute on the lean step’s', () => {
    // The direct step updates kernels and biases in place. tfjs's matMul caches XNNPACK operators with
    // the weights and the bias packed inside, by tensor id, until one of those ids is disposed; only the
    // re-registration after the update drops the ones made before it, so that a later tfjs op on the
    // same tensors does not compute with stale numbers: the tripwire's detailed step and net.ts's
    // predict (the kernel as weights, with its bias), a product with the kernel alone, and one with the
    // bias beside other weights. (Either re-registration alone drops the operator that holds both.)
    const config = preset('exp3', { seed: 3 });
    const direct = new Session(config, [3]);
    const lean = new Session(config, [3], { direct: false });
    expect([direct.path, lean.path]).toEqual(['direct', 'lean']);
    const input = tf.ones([1, 2, 32]);
    const weights = tf.fill([1, 32, 32], 0.5);
    const withBias = (session: Session) => tf.tidy(() => tf.fused.matMul({ a: input, b: weights, bias: session.layers[1]!.bias }).dataSync());
    const withKernel = (session: Session) => tf.tidy(() => tf.matMul(input, session.layers[1]!.kernel).dataSync());
    withBias(direct);
    withKernel(direct);
    const [a, b] = [direct.shuffled(), lean.shuffled()];
    for (let s = 0; s < 3; s++) disposeSteps([direct.step(a, s), lean.step(b, s)]);
    expect(withBias(direct)).toEqual(withBias(lean));
    expect(withKernel(direct)).toEqual(withKernel(lean));
    const outputs = (session: Session) => tf.tidy(() => predict(session.layers, [0.25, 0.5], 1).dataSync());
    expect(outputs(direct)).toEqual(outputs(lean));
    expect(direct.stepDetailed(a, 3)).toEqual(lean.stepDetailed(b, 3));
    tf.dispose([a.zs, a.ys, b.zs, b.ys, input, weights]);
    direct.dispose();
    lean.dispose();
  });

  it('reads transpositions as the wasm Transpose kernel does', () => {
    expect(reducedTranspose([1, 20, 32], [0, 2, 1])).toEqual({ shape: [20, 32], perm: [1, 0], copy: false });
    expect(reducedTranspose([1, 20, 32], [2, 0, 1])).toEqual({ shape: [20, 32], perm: [1, 0], copy: false });
    expect(reducedTranspose([1, 20, 1], [2, 0, 1])).toEqual({ shape: [20], perm: [0], copy: true });
    expect(reducedTranspose([1, 32, 1], [0, 2, 1])).toEqual({ shape: [32], perm: [0], copy: true });
    expect(reducedTranspose([2, 3, 4], [2, 0, 1])).toEqual({ shape: [2, 3, 4], perm: [2, 0, 1], copy: false });
  });
});
