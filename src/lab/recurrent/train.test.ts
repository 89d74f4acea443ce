import { describe, expect, it } from 'vitest';
import { rngFor } from '../engine/random';
import { ADDING_BASELINE, addingProblem } from './adding';
import { CELLS, WEIGHT_NAMES, initCell, zeroWeights, type Weights } from './cells';
import { readOut } from './sequences';
import { throughTime } from './through-time';
import { applyGradients, initOptimizer, trainStep } from './train';

const snapshot = (w: Weights) => Object.fromEntries(WEIGHT_NAMES.map((n) => [n, Float64Array.from(w[n])])) as Record<keyof Weights, Float64Array>;

describe('the Dense(1) read-out on the last state', () => {
  it('gives w·h + c, the sequence’s share of the MSE, adds its gradients and writes ∂L/∂h (by hand)', () => {
    // H = 2, w = [0.5, −1], c = 0.25, h = [1, 2] (stored from index 2), y = 0, batch 2:
    // output 0.25 + 0.5 − 2 = −1.25, loss (−1.25)²/2 = 0.78125, dOut = 2(−1.25)/2 = −1.25,
    // ∂L/∂c += −1.25, ∂L/∂w += −1.25·h = [−1.25, −2.5], ∂L/∂h = −1.25·w = [−0.625, 1.25].
    const p = initCell({ cell: 'rnn', inputs: 1, units: 2, seed: 1, precision: 'float64' });
    p.readout.set([0.5, -1]);
    p.readoutBias[0] = 0.25;
    const g = zeroWeights(p);
    g.readoutBias[0] = 1; // gradients accumulate over the batch
    g.readout.set([10, 20]);
    const gh = new Float64Array(2);
    const r = readOut(p, g, Float64Array.of(9, 9, 1, 2), 2, 0, 2, gh);
    expect(r).toEqual({ output: -1.25, loss: 0.78125 });
    expect(g.readoutBias[0]).toBe(1 - 1.25);
    expect(Array.from(g.readout)).toEqual([10 - 1.25, 20 - 2.5]);
    expect(Array.from(gh)).toEqual([-0.625, 1.25]);
  });
});

describe('training the recurrent cells', () => {
  it.each(CELLS)('%s: one small SGD step along the gradient lowers the loss of the same batch', (cell) => {
    const p = initCell({ cell, inputs: 2, units: 8, seed: 2 });
    const data = addingProblem(rngFor(2, 'noise'), 16, 10);
    const before = trainStep(p, data, initOptimizer('sgd', p), 0.01).loss;
    expect(throughTime(p, data).loss).toBeLessThan(before);
  });

  it('moves each weight by w − η g under SGD', () => {
    const p = initCell({ cell: 'lstm', inputs: 2, units: 4, seed: 3, precision: 'float64' });
    const data = addingProblem(rngFor(3, 'noise'), 4, 6, 'float64');
    const w0 = snapshot(p);
    const { grads } = trainStep(p, data, initOptimizer('sgd', p), 0.5);
    for (const n of WEIGHT_NAMES) p[n].forEach((w, i) => expect(w).toBeCloseTo(w0[n][i]! - 0.5 * grads[n][i]!, 12));
  });

  it('moves each weight by η g / (|g| + ε/√(1 − β2)) on Adam’s first step (about η against the gradient’s sign)', () => {
    // t = 1: m = 0.1 g, v = 0.001 g², rate = η √0.001 / 0.1, so the step is η g / (|g| + ε/√0.001).
    const p = initCell({ cell: 'rnn', inputs: 2, units: 6, seed: 4, precision: 'float64' });
    const data = addingProblem(rngFor(4, 'noise'), 8, 5, 'float64');
    const w0 = snapshot(p);
    const { grads } = trainStep(p, data, initOptimizer('adam', p), 0.001);
    for (const n of WEIGHT_NAMES) {
      p[n].forEach((w, i) => {
        const g = grads[n][i]!;
        expect((w0[n][i]! - w) / 0.001, `${n}[${i}]`).toBeCloseTo(g / (Math.abs(g) + 1e-7 / Math.sqrt(0.001)), 8);
      });
    }
  });

  it('clips each gradient array to the clip norm before the step (Keras clipnorm)', () => {
    const p = initCell({ cell: 'lstm', inputs: 2, units: 4, seed: 5, precision: 'float64' });
    const data = addingProblem(rngFor(5, 'noise'), 8, 6, 'float64');
    const w0 = snapshot(p);
    const { grads } = throughTime(p, data);
    applyGradients(p, grads, initOptimizer('sgd', p), 1, 1e-3);
    for (const n of WEIGHT_NAMES) {
      const step = Math.sqrt(Array.from(p[n]).reduce((s, w, i) => s + (w - w0[n][i]!) ** 2, 0));
      const norm = Math.sqrt(Array.from(grads[n]).reduce((s, g) => s + g * g, 0));
      expect(step, n).toBeCloseTo(Math.min(norm, 1e-3), 9);
    }
  });

  it('leaves a gradient array already within the clip norm as it is (no scaling up)', () => {
    const p = initCell({ cell: 'rnn', inputs: 2, units: 4, seed: 6, precision: 'float64' });
    const data = addingProblem(rngFor(6, 'noise'), 8, 5, 'float64');
    const w0 = snapshot(p);
    const { grads } = throughTime(p, data);
    applyGradients(p, grads, initOptimizer('sgd', p), 1, 1e6);
    for (const n of WEIGHT_NAMES) p[n].forEach((w, i) => expect(w, `${n}[${i}]`).toBe(w0[n][i]! - grads[n][i]!));
  });

  it('keeps no moments for SGD, zero moments for Adam', () => {
    const p = initCell({ cell: 'gru', inputs: 2, units: 3, seed: 7 });
    expect(initOptimizer('sgd', p)).toEqual({ kind: 'sgd', t: 0, m: null, v: null });
    const adam = initOptimizer('adam', p);
    for (const n of WEIGHT_NAMES) {
      expect(Array.from(adam.m![n])).toEqual(new Array(p[n].length).fill(0));
      expect(Array.from(adam.v![n])).toEqual(new Array(p[n].length).fill(0));
    }
  });

  /*
   * Short sequences (T = 6: the first marker at most 5 steps back), 8 units, batches of 32, Adam at
   * 0.01 for 150 steps; both cells should go well below the baseline of always answering 1 (1/6) on sequences they never saw.
   */
  it.each(CELLS)('%s: Adam learns the short adding problem, to below 0.6 × the 1/6 baseline', (cell) => {
    const p = initCell({ cell, inputs: 2, units: 8, seed: 1 });
    const state = initOptimizer('adam', p);
    const rng = rngFor(1, 'noise');
    const losses = Array.from({ length: 150 }, () => trainStep(p, addingProblem(rng, 32, 6), state, 0.01).loss);
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean(losses.slice(-20))).toBeLessThan(mean(losses.slice(0, 20)));
    const held = addingProblem(rngFor(99, 'noise'), 500, 6);
    expect(throughTime(p, held).loss).toBeLessThan(0.6 * ADDING_BASELINE);
  });
});
