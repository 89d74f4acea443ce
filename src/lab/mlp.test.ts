import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend';
import { ACTIVATIONS, type Activation } from './config';
import { disposeDense, glorotUniform, gradients, initDense, type Dense } from './mlp';
import { rngFor } from './random';

beforeAll(async () => {
  await initBackend();
});

/** The same network's loss in float64 plain JavaScript: an independent reference to differentiate numerically. */
function lossF64(kernels: Float64Array[], biases: Float64Array[], shapes: [number, number][], acts: Activation[], x: number[], y: number[]): number {
  let total = 0;
  x.forEach((xi, b) => {
    let h = [xi];
    shapes.forEach(([fanIn, fanOut], l) => {
      const next: number[] = [];
      for (let j = 0; j < fanOut; j++) {
        let a = biases[l]![j]!;
        for (let i = 0; i < fanIn; i++) a += h[i]! * kernels[l]![i * fanOut + j]!;
        next.push(acts[l] === 'sigmoid' ? 1 / (1 + Math.exp(-a)) : acts[l] === 'relu' ? Math.max(0, a) : a);
      }
      h = next;
    });
    total += (h[0]! - y[b]!) ** 2;
  });
  return total / x.length;
}

describe('hand-written backpropagation', () => {
  for (const activation of ACTIVATIONS) {
    it(`matches numerical gradients of a float64 reference for ${activation} layers`, () => {
      const rng = rngFor(11, 'init');
      const config = [
        { units: 5, activation },
        { units: 4, activation },
        { units: 1, activation: 'linear' as const },
      ];
      const layers: Dense[] = initDense(config, rng);
      // Non-zero biases so relu's kink and sigmoid's curvature are both exercised.
      layers.forEach((l) => {
        const b = glorotUniform(rng, 1, l.bias.shape[0]);
        l.bias.dispose();
        l.bias = tf.tensor1d(b);
      });
      const x = [0.1, -0.7, 0.35, 0.9];
      const y = [0.2, -0.5, 0.3, 1.1];
      const g = tf.tidy(() => gradients(layers, tf.tensor2d(x, [4, 1]), tf.tensor2d(y, [4, 1])));
      const kernels = layers.map((l) => Float64Array.from(l.kernel.dataSync()));
      const biases = layers.map((l) => Float64Array.from(l.bias.dataSync()));
      const shapes = layers.map((l) => l.kernel.shape as [number, number]);
      const acts = config.map((c) => c.activation);
      const h = 1e-6;
      const numeric = (params: Float64Array[], l: number, i: number) => {
        const keep = params[l]![i]!;
        params[l]![i] = keep + h;
        const up = lossF64(kernels, biases, shapes, acts, x, y);
        params[l]![i] = keep - h;
        const down = lossF64(kernels, biases, shapes, acts, x, y);
        params[l]![i] = keep;
        return (up - down) / (2 * h);
      };
      expect(g.loss.dataSync()[0]).toBeCloseTo(lossF64(kernels, biases, shapes, acts, x, y), 5);
      layers.forEach((_, l) => {
        const gk = g.kernels[l]!.dataSync();
        const gb = g.biases[l]!.dataSync();
        gk.forEach((v, i) => expect(v).toBeCloseTo(numeric(kernels, l, i), 4));
        gb.forEach((v, i) => expect(v).toBeCloseTo(numeric(biases, l, i), 4));
      });
      tf.dispose([g.loss, ...g.kernels, ...g.biases]);
      disposeDense(layers);
    });
  }

  it('draws glorot-uniform kernels inside ±√(6/(fan_in+fan_out))', () => {
    const w = glorotUniform(rngFor(1, 'init'), 32, 32);
    const limit = Math.sqrt(6 / 64);
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(limit);
    expect(Math.max(...w.map(Math.abs))).toBeGreaterThan(limit * 0.9);
  });
});
