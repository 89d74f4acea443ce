import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend';
import { ACTIVATIONS, preset, type Activation, type ExperimentConfig } from './config';
import { gradients, initialKernel, initLayers, meanSlopes, norms, owned, trainable, type Layer } from './net';
import { rngFor } from './random';
import { disposeSteps, Session } from './session';

beforeAll(async () => {
  await initBackend();
});

const act = (a: Activation, v: number) =>
  a === 'sigmoid' ? 1 / (1 + Math.exp(-v)) : a === 'relu' ? Math.max(0, v) : a === 'tanh' ? Math.tanh(v) : v;

/** One layer's parameters as float64 numbers, for the references below. */
interface RefLayer {
  w: Float64Array;
  b: Float64Array;
  gamma?: Float64Array;
  beta?: Float64Array;
  fanIn: number;
  fanOut: number;
  activation: Activation;
  residual: boolean;
}

/** Batch norm's per-unit statistics of a layer's pre-activations. */
interface RefStats {
  mean: number[];
  variance: number[];
}

/**
 * Plain float64 JavaScript: the same network's outputs for inputs x. A batch-norm layer normalises
 * with the batch's own mean and (biased) variance, returned per layer, or with `moving[l]` when given
 * (what predictions use).
 */
function referenceForward(layers: RefLayer[], x: number[], moving?: (RefStats | null)[]): { out: number[]; stats: (RefStats | null)[] } {
  let h = x.map((v) => [v]);
  const stats: (RefStats | null)[] = [];
  layers.forEach((l, li) => {
    const a = h.map((row) => Array.from({ length: l.fanOut }, (_, j) => row.reduce((s, v, i) => s + v * l.w[i * l.fanOut + j]!, l.b[j]!)));
    let pre = a;
    stats.push(null);
    if (l.gamma && l.beta) {
      pre = a.map((row) => row.slice());
      const batch: RefStats = { mean: [], variance: [] };
      for (let j = 0; j < l.fanOut; j++) {
        const col = a.map((r) => r[j]!);
        batch.mean.push(col.reduce((s, v) => s + v, 0) / col.length);
        batch.variance.push(col.reduce((s, v) => s + (v - batch.mean[j]!) ** 2, 0) / col.length);
        const use = moving?.[li] ?? batch;
        pre.forEach((r, b) => (r[j] = ((a[b]![j]! - use.mean[j]!) / Math.sqrt(use.variance[j]! + 1e-3)) * l.gamma![j]! + l.beta![j]!));
      }
      stats[li] = batch;
    }
    const u = pre.map((row) => row.map((v) => act(l.activation, v)));
    h = l.residual ? u.map((row, b) => row.map((v, j) => v + h[b]![j]!)) : u;
  });
  return { out: h.map((row) => row[0]!), stats };
}

/** Plain float64 JavaScript: the same network's loss for one seed, an independent reference to differentiate numerically. */
function referenceLoss(layers: RefLayer[], x: number[], y: number[]): number {
  return referenceForward(layers, x).out.reduce((s, o, b) => s + (o - y[b]!) ** 2, 0) / x.length;
}

/** Seed s's values of a tensor batched over seeds ([S, …]; a single seed's bias is rank 1). */
function perSeed(t: tf.Tensor, s: number): number[] {
  return t.rank === 1 ? Array.from(t.dataSync()) : (t.arraySync() as number[][][])[s]!.flat();
}

function check(config: ExperimentConfig, seeds: number[]) {
  const layers: Layer[] = initLayers(config, seeds);
  // Non-zero biases and batch-norm scales, so relu's kink and every term of batch norm are exercised.
  const rng = rngFor(99, 'init');
  const perturbed = layers.map((l) => ({
    ...l,
    bias: tf.add(l.bias, tf.tensor(initialKernel(rng, 'glorotUniform', 1, l.bias.size), l.bias.shape)),
    bn: l.bn ? { ...l.bn, gamma: tf.add(l.bn.gamma, tf.tensor(initialKernel(rng, 'glorotUniform', 1, l.bn.gamma.size), l.bn.gamma.shape)) as tf.Tensor3D } : null,
  }));
  const B = 6;
  const xs = seeds.map((_, s) => Array.from({ length: B }, (_, i) => -0.8 + 0.3 * i + 0.05 * s));
  const ys = seeds.map((_, s) => Array.from({ length: B }, (_, i) => 0.4 - 0.2 * i + 0.1 * s));
  const g = tf.tidy(() => {
    const { loss, grads } = gradients(perturbed, tf.tensor3d(xs.flat(), [seeds.length, B, 1]), tf.tensor3d(ys.flat(), [seeds.length, B, 1]));
    return { loss, grads };
  });
  const params = trainable(perturbed);
  seeds.forEach((_, s) => {
    const ref = perturbed.map((l) => {
      const [, fanIn, fanOut] = l.kernel.shape;
      const slice = (t: tf.Tensor) => Float64Array.from(perSeed(t, s));
      return { w: slice(l.kernel), b: slice(l.bias), ...(l.bn ? { gamma: slice(l.bn.gamma), beta: slice(l.bn.beta) } : {}), fanIn, fanOut, activation: l.activation, residual: l.residual };
    });
    const refParams = ref.flatMap((r) => (r.gamma && r.beta ? [r.w, r.b, r.gamma, r.beta] : [r.w, r.b]));
    expect(g.loss.dataSync()[s]).toBeCloseTo(referenceLoss(ref, xs[s]!, ys[s]!), 5);
    params.forEach((_, p) => {
      const analytic = perSeed(g.grads[p]!, s);
      const values = refParams[p]!;
      analytic.forEach((v, i) => {
        const keep = values[i]!;
        const h = 1e-6;
        values[i] = keep + h;
        const up = referenceLoss(ref, xs[s]!, ys[s]!);
        values[i] = keep - h;
        const down = referenceLoss(ref, xs[s]!, ys[s]!);
        values[i] = keep;
        expect(v).toBeCloseTo((up - down) / (2 * h), 3);
      });
    });
  });
  tf.dispose([g.loss, ...g.grads, ...owned(perturbed), ...owned(layers)]);
}

const small = (activation: Activation, change: Partial<ExperimentConfig> = {}): ExperimentConfig => ({
  ...preset('exp3'),
  layers: [
    { units: 4, activation },
    { units: 4, activation },
    { units: 1, activation: 'linear' },
  ],
  ...change,
});

describe('hand-written backpropagation, batched over seeds', () => {
  for (const activation of ACTIVATIONS) {
    it(`matches numerical gradients of a float64 reference for ${activation} layers, per seed`, () => {
      check(small(activation), [3, 8]);
    });
  }

  it('matches them through batch normalisation', () => {
    check(small('sigmoid', { batchNorm: true }), [5]);
  });

  it('matches them through residual connections', () => {
    check(small('tanh', { residual: true }), [6]);
  });

  it('draws glorot-uniform kernels inside ±√(6/(fan_in+fan_out)), he-uniform inside ±√(6/fan_in)', () => {
    const glorot = initialKernel(rngFor(1, 'init'), 'glorotUniform', 32, 32);
    const he = initialKernel(rngFor(1, 'init'), 'heUniform', 32, 32);
    expect(Math.max(...glorot.map(Math.abs))).toBeLessThanOrEqual(Math.sqrt(6 / 64));
    expect(Math.max(...glorot.map(Math.abs))).toBeGreaterThan(0.9 * Math.sqrt(6 / 64));
    expect(Math.max(...he.map(Math.abs))).toBeGreaterThan(0.9 * Math.sqrt(6 / 32));
  });

  it('gives each seed of a batch the same initial weights it gets alone', () => {
    const config = preset('exp3');
    const alone = initLayers(config, [17]);
    const together = initLayers(config, [4, 17]);
    expect((together[1]!.kernel.arraySync() as number[][][])[1]).toEqual((alone[1]!.kernel.arraySync() as number[][][])[0]);
    tf.dispose([...owned(alone), ...owned(together)]);
  });
});

describe('batch normalisation after training', () => {
  it('predicts with moving statistics that follow each step’s batch statistics at momentum 0.9, as a float64 reference computes them', () => {
    // The reference takes the session's parameters before each step (the gradients are checked above)
    // and computes, on its own, the batch statistics, the moving averages and the predictions that use them.
    const config = small('sigmoid', { batchNorm: true });
    const session = new Session(config, [5]);
    expect(session.path).toBe('general');
    const refLayers = (): RefLayer[] =>
      session.layers.map((l) => {
        const [, fanIn, fanOut] = l.kernel.shape;
        const values = (t: tf.Tensor) => Float64Array.from(perSeed(t, 0));
        return { w: values(l.kernel), b: values(l.bias), ...(l.bn ? { gamma: values(l.bn.gamma), beta: values(l.bn.beta) } : {}), fanIn, fanOut, activation: l.activation, residual: l.residual };
      });
    const moving = session.layers.map((l) => (l.bn ? { mean: new Array<number>(l.kernel.shape[2]).fill(0), variance: new Array<number>(l.kernel.shape[2]).fill(1) } : null));
    for (let epoch = 0; epoch < 2; epoch++) {
      const data = session.shuffled();
      const zs = Array.from(data.zs.dataSync());
      for (let s = 0; s < session.steps; s++) {
        const { stats } = referenceForward(refLayers(), zs.slice(s * config.batchSize, (s + 1) * config.batchSize));
        stats.forEach((batch, l) => {
          const m = moving[l];
          if (!m || !batch) return;
          batch.mean.forEach((v, j) => (m.mean[j] = 0.9 * m.mean[j]! + 0.1 * v));
          batch.variance.forEach((v, j) => (m.variance[j] = 0.9 * m.variance[j]! + 0.1 * v));
        });
        disposeSteps([session.step(data, s)]);
      }
      tf.dispose([data.zs, data.ys]);
    }
    session.layers.forEach((l, i) => {
      if (!l.bn) return;
      Array.from(l.bn.movingMean.dataSync()).forEach((v, j) => expect(v).toBeCloseTo(moving[i]!.mean[j]!, 5));
      Array.from(l.bn.movingVar.dataSync()).forEach((v, j) => expect(v).toBeCloseTo(moving[i]!.variance[j]!, 5));
    });
    const expected = referenceForward(refLayers(), config.predictInputs, moving).out;
    Array.from(session.predictionValues()).forEach((p, i) => expect(p).toBeCloseTo(expected[i]!, 5));
    // Not vacuous: with the moving statistics where they started (mean 0, variance 1) the predictions differ.
    const initial = moving.map((m) => m && { mean: m.mean.map(() => 0), variance: m.variance.map(() => 1) });
    expect(Math.abs(referenceForward(refLayers(), config.predictInputs, initial).out[0]! - expected[0]!)).toBeGreaterThan(1e-3);
    session.dispose();
  });
});

describe('diagnostics on a tiny net, by hand', () => {
  it('mean activation slope: one sigmoid unit with w = 2, b = 0.5 on inputs 0 and 1', () => {
    const layers = initLayers(small('sigmoid'), [1]);
    const tiny: Layer[] = [
      { ...layers[0]!, kernel: tf.tensor3d([2], [1, 1, 1]), bias: tf.tensor1d([0.5]) },
      { ...layers[2]!, kernel: tf.tensor3d([1], [1, 1, 1]), bias: tf.tensor1d([0]) },
    ];
    const s = tf.tidy(() => meanSlopes(tiny, tf.tensor3d([0, 1], [1, 2, 1])).dataSync());
    const sigma = (a: number) => 1 / (1 + Math.exp(-a));
    const slope = (a: number) => sigma(a) * (1 - sigma(a));
    expect(s[0]).toBeCloseTo((slope(0.5) + slope(2.5)) / 2, 6);
    expect(s[1]).toBe(1); // the linear output layer passes gradients through unchanged
    tf.dispose([...owned(tiny), ...owned(layers)]);
  });

  it('kernel-gradient norm: a linear 1→1→1 net, worked out on paper', () => {
    // h = 3x, out = 2h = 6x; with x = 1, y = 0: L = 36, dL/dout = 12, dL/dW2 = 12·h = 36, dL/dW1 = 12·2·x = 24.
    const layers = initLayers(small('linear'), [1]);
    const tiny: Layer[] = [
      { ...layers[0]!, kernel: tf.tensor3d([3], [1, 1, 1]), bias: tf.tensor1d([0]) },
      { ...layers[2]!, kernel: tf.tensor3d([2], [1, 1, 1]), bias: tf.tensor1d([0]) },
    ];
    const result = tf.tidy(() => {
      const g = gradients(tiny, tf.tensor3d([1], [1, 1, 1]), tf.tensor3d([0], [1, 1, 1]));
      return { loss: g.loss.dataSync()[0], norms: Array.from(norms([g.grads[0] as tf.Tensor3D, g.grads[2] as tf.Tensor3D]).dataSync()) };
    });
    expect(result.loss).toBe(36);
    expect(result.norms).toEqual([24, 36]);
    tf.dispose([...owned(tiny), ...owned(layers)]);
  });
});
