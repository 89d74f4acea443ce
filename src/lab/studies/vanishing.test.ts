import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../engine/backend';
import type { Activation, Initializer } from '../engine/config';
import { makeDataset } from '../engine/data';
import { initialKernel } from '../engine/net';
import { permutation, rngFor } from '../engine/random';
import { sigmoidBound } from '../engine/activation-fns';
import { logMedian, vanishingCell, vanishingConfig, vanishingMap, VANISHING_SEEDS, type VanishingMapResult } from './vanishing';

const maps: Partial<Record<Initializer, VanishingMapResult>> = {};
beforeAll(async () => {
  await initBackend();
  maps.glorotUniform = await vanishingMap('glorotUniform');
  maps.heUniform = await vanishingMap('heUniform');
});

const ratio = (init: Initializer, activation: Activation, depth: number) =>
  maps[init]!.cells.find((c) => c.activation === activation && c.depth === depth)!.ratio;

/**
 * The first-to-output kernel-gradient ratio of one seed's first batch, in plain float64 written
 * from scratch: the seed's kernels and first shuffled batch drawn from the same streams as a run
 * draws them, a forward pass, and backpropagation of the batch-mean squared error.
 */
function referenceRatio(depth: number, activation: Activation, init: Initializer, seed: number): number {
  const config = vanishingConfig(depth, activation, init, seed);
  const data = makeDataset(config.data, rngFor(seed, 'noise'));
  const order = permutation(rngFor(seed, 'shuffle'), config.data.points).slice(0, config.batchSize);
  const x = Array.from(order, (i) => [data.z[i]!]);
  const y = Array.from(order, (i) => data.y[i]!);
  const rng = rngFor(seed, 'init');
  let fanIn = 1;
  const layers = config.layers.map(({ units, activation: act }) => {
    const w = Array.from(initialKernel(rng, init, fanIn, units));
    const layer = { w, fanIn, units, act };
    fanIn = units;
    return layer;
  });
  const f = (act: Activation, a: number) => (act === 'sigmoid' ? 1 / (1 + Math.exp(-a)) : act === 'tanh' ? Math.tanh(a) : act === 'relu' ? Math.max(0, a) : a);
  const df = (act: Activation, a: number) => {
    if (act === 'sigmoid') {
      const s = 1 / (1 + Math.exp(-a));
      return s * (1 - s);
    }
    return act === 'tanh' ? 1 - Math.tanh(a) ** 2 : act === 'relu' ? (a > 0 ? 1 : 0) : 1;
  };
  const inputs: number[][][] = [];
  const pre: number[][][] = [];
  let h = x;
  for (const l of layers) {
    inputs.push(h);
    const a = h.map((row) => Array.from({ length: l.units }, (_, j) => row.reduce((s, v, i) => s + v * l.w[i * l.units + j]!, 0)));
    pre.push(a);
    h = a.map((row) => row.map((v) => f(l.act, v)));
  }
  const B = x.length;
  let d = h.map((row, b) => [(2 * (row[0]! - y[b]!)) / B]); // ∂L/∂output
  const norms: number[] = new Array<number>(layers.length);
  for (let l = layers.length - 1; l >= 0; l--) {
    const { w, fanIn: inl, units, act } = layers[l]!;
    d = d.map((row, b) => row.map((v, j) => v * df(act, pre[l]![b]![j]!)));
    let sum = 0;
    for (let i = 0; i < inl; i++) for (let j = 0; j < units; j++) sum += inputs[l]!.reduce((s, row, b) => s + row[i]! * d[b]![j]!, 0) ** 2;
    norms[l] = Math.sqrt(sum);
    d = d.map((row) => Array.from({ length: inl }, (_, i) => row.reduce((s, v, j) => s + v * w[i * units + j]!, 0)));
  }
  return norms[0]! / norms[layers.length - 1]!;
}

describe('the vanishing map', () => {
  it('has a cell for each depth 1–10 and each activation, a median over five seeds', () => {
    for (const init of ['glorotUniform', 'heUniform'] as const) {
      const { cells, status } = maps[init]!;
      expect(status).toBe('done');
      expect(cells).toHaveLength(40);
      for (const c of cells) {
        expect(c.init).toBe(init);
        expect(c.seedRatios).toHaveLength(VANISHING_SEEDS.length);
        expect(c.ratio).toBe([...c.seedRatios].sort((a, b) => a - b)[2]); // five seeds: the middle one
        expect(c.ratio).toBeGreaterThan(0);
      }
    }
  });

  for (const [depth, activation, init, seed] of [
    [3, 'sigmoid', 'glorotUniform', 2],
    [10, 'sigmoid', 'glorotUniform', 4],
    [6, 'tanh', 'heUniform', 1],
    [10, 'relu', 'heUniform', 5],
  ] as const) {
    it(`matches a float64 reference for ${activation}, depth ${depth}, ${init}, seed ${seed}`, () => {
      const i = VANISHING_SEEDS.indexOf(seed);
      const cell = maps[init]!.cells.find((c) => c.activation === activation && c.depth === depth)!;
      expect(cell.seedRatios[i]! / referenceRatio(depth, activation, init, seed) - 1).toBeCloseTo(0, 3);
    });
  }

  // Issue 14's acceptance: a sigmoid's slope is at most ¼ (about 0.2 on these inputs), so each added
  // layer should shrink the first layer's share by well under 0.4 — on either initialisation.
  it('shrinks the sigmoid ratio by at least a factor 0.4 per added layer on average from depth 1 to 10', () => {
    for (const init of ['glorotUniform', 'heUniform'] as const) {
      const perLayer = (ratio(init, 'sigmoid', 10) / ratio(init, 'sigmoid', 1)) ** (1 / 9);
      expect(perLayer).toBeLessThanOrEqual(0.4);
    }
  });

  // Issue 14's acceptance: He initialisation keeps a ReLU stack's backward signal at a constant scale.
  it('keeps ReLU with He initialisation above 0.05 at every depth up to 10', () => {
    for (let depth = 1; depth <= 10; depth++) expect(ratio('heUniform', 'relu', depth)).toBeGreaterThan(0.05);
  });

  it('stops before its next cell when aborted', async () => {
    const controller = new AbortController();
    const result = await vanishingMap('glorotUniform', { signal: controller.signal, activations: ['relu', 'tanh'], depths: [1, 2], onRow: () => controller.abort() });
    expect(result.status).toBe('cancelled');
    expect(result.cells.map((c) => c.activation)).toEqual(['relu', 'relu']);
  });

  it('leaves no tensors behind', () => {
    const before = tf.memory().numTensors;
    vanishingCell(4, 'tanh', 'glorotUniform');
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('sigmoidBound', () => {
  it('is 0.25ⁿ, the sigmoid slope bound through n layers', () => {
    expect([1, 2, 10].map(sigmoidBound)).toEqual([0.25, 0.0625, 1 / 1_048_576]);
  });
});

describe('logMedian', () => {
  it('takes the middle value, or the geometric mean of the middle two', () => {
    expect(logMedian([5, 1, 3])).toBe(3);
    expect(logMedian([1, 100, 4, 0.5])).toBe(2);
  });
});
