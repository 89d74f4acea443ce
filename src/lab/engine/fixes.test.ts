import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend';
import { preset, withFix, type ExperimentConfig } from './config';
import { disposeSteps, Session } from './session';
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

/** A relu net that dies at lr 3: by epoch 1, step 13 every hidden unit is shut and the output weights are past 1e23. */
const deadRelu: ExperimentConfig = {
  ...preset('exp1', { seed: 2 }),
  layers: [
    { units: 32, activation: 'relu' },
    { units: 1, activation: 'linear' },
  ],
  learningRate: 3,
  batchSize: 1,
  epochs: 1,
};

/** exp2 in one step per epoch with a learning rate of 1e38: the first update overflows. */
const hugeStep: ExperimentConfig = { ...preset('exp2'), learningRate: 1e38, batchSize: 100, epochs: 1 };

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
    // lr 0.4 diverges slowly on this seed: two finite epochs, then the loss of epoch 3's first step overflows.
    const config = { ...preset('exp1', { seed: 4 }), learningRate: 0.4, epochs: 6 };
    const t = await train({ ...config, stopOnNonFinite: true }, { backend });
    expect(t.trip).toMatchObject({ epoch: 3, step: 1, quantity: 'loss', layer: null, param: null, stopped: true });
    expect(Number.isFinite(t.trip!.loss)).toBe(false);
    expect(t.epochs.map((e) => e.epoch)).toEqual([1, 2]);
    for (const e of t.epochs) expect([e.loss, ...e.gradNorms, ...e.weightNorms, ...e.printed].every(Number.isFinite), `epoch ${e.epoch}`).toBe(true);
    // The last finite values are those of epoch 2's last step, which the run without stopping saw too.
    const carriedOn = await train(config, { backend });
    expect(carriedOn.trip).toEqual({ ...t.trip, stopped: false });
    expect(carriedOn.epochs.slice(0, 2)).toEqual(t.epochs.map((e, i) => ({ ...e, msPerStep: carriedOn.epochs[i]!.msPerStep })));
  });

  it('stops with the state from before the bad step: the predictions are those of the end of the last finite epoch', async () => {
    const t = await train({ ...preset('exp1', { seed: 4 }), learningRate: 0.4, epochs: 6, stopOnNonFinite: true }, { backend });
    expect(t.trip!.step).toBe(1); // so the state before it is the end of epoch trip.epoch − 1
    expect(t.predictions!.every(Number.isFinite)).toBe(true);
    expect(t.predictions).toEqual(t.epochs.at(-1)!.predictions);
  });

  it('stops with the state from before a bad step in mid-epoch, and leaves no tensors behind', async () => {
    // relu, batches of one: the first non-finite number appears at epoch 1, step 13 (see the next test).
    const config = { ...deadRelu, stopOnNonFinite: true };
    await train(config, { backend }); // warm up any lazily created backend state
    const before = tf.memory().numTensors;
    const t = await train(config, { backend });
    expect(tf.memory().numTensors).toBe(before);
    expect(t.trip).toMatchObject({ epoch: 1, step: 13, stopped: true });
    expect(t.epochs).toEqual([]);
    // The same session stepped by hand through the 12 good steps predicts exactly what the stopped run reports.
    const session = new Session(config, [config.seed]);
    const data = session.shuffled();
    for (let s = 0; s < 12; s++) disposeSteps([session.step(data, s)]);
    const expected = Array.from(session.predictionValues());
    tf.dispose([data.zs, data.ys]);
    session.dispose();
    expect(expected.every(Number.isFinite)).toBe(true);
    expect(t.predictions).toEqual(expected);
  });

  it('names the gradient when the backward pass overflows while the loss is still finite, and which one', async () => {
    const t = await train({ ...deadRelu, stopOnNonFinite: true }, { backend });
    expect(t.trip).toMatchObject({ epoch: 1, step: 13, quantity: 'gradient', layer: 0, param: 'kernel' });
    expect(Number.isFinite(t.trip!.loss)).toBe(true);
    // Why, in float64 from the weights before step 13: every relu unit is shut, so the output is the
    // bias and the loss is finite; the signal sent back to the hidden layer, 2(out − y)·W2, is past
    // float32's largest number. float32 makes it ∞, and layer 0's kernel gradient ∞ · 0 = NaN.
    const session = new Session(deadRelu, [deadRelu.seed]);
    const data = session.shuffled();
    for (let s = 0; s < 12; s++) disposeSteps([session.step(data, s)]);
    const [x, y] = [data.zs.dataSync()[12]!, data.ys.dataSync()[12]!];
    const [w1, b1, w2, b2] = [session.layers[0]!.kernel, session.layers[0]!.bias, session.layers[1]!.kernel, session.layers[1]!.bias].map((t) => Array.from(t.dataSync()));
    const a = w1!.map((w, j) => x * w + b1![j]!);
    const out = a.reduce((s, v, j) => s + Math.max(0, v) * w2![j]!, b2![0]!);
    const FLOAT32_MAX = 3.4028234663852886e38;
    expect(a.every((v) => v <= 0)).toBe(true);
    expect((out - y) ** 2).toBeLessThan(FLOAT32_MAX);
    expect(Math.max(...w2!.map((w) => Math.abs(2 * (out - y) * w)))).toBeGreaterThan(FLOAT32_MAX);
    // The step makes the kernel's gradient and the kernel itself non-finite: only the order names the gradient.
    const detail = session.stepDetailed(data, 12);
    expect([Number.isFinite(detail.loss), Number.isFinite(detail.gradMax[0]!), Number.isFinite(detail.paramMax[0]!)]).toEqual([true, false, false]);
    tf.dispose([data.zs, data.ys]);
    session.dispose();
  });

  it('names the weight when an update overflows from a finite loss and gradient, and which one', async () => {
    // exp2's first gradient is finite (its loss is 6.8); times a learning rate of 1e38 it is not.
    const t = await train(hugeStep, { backend });
    expect(t.trip).toMatchObject({ epoch: 1, step: 1, quantity: 'weight', layer: 0, param: 'kernel', stopped: false });
    expect(t.trip!.loss).toBeCloseTo(6.777, 3);
  });

  it('replays an epoch whose only non-finite numbers are weight norms (its last update overflowed)', async () => {
    // One step per epoch: the step's loss and gradient norms are finite, only the weights it leaves are not.
    const t = await train(hugeStep, { backend });
    const [e] = t.epochs;
    expect([e!.loss, ...e!.gradNorms].every(Number.isFinite)).toBe(true);
    expect(e!.weightNorms.some((v) => !Number.isFinite(v))).toBe(true);
    expect(t.trip).not.toBeNull();
    // Stopping there records no epoch: the one that made the weights non-finite is not reported as finished.
    const stopped = await train({ ...hugeStep, epochs: 3, stopOnNonFinite: true }, { backend });
    expect(stopped.trip).toMatchObject({ epoch: 1, step: 1, quantity: 'weight' });
    expect(stopped.epochs).toEqual([]);
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
