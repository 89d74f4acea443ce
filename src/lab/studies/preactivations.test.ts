import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../engine/backend';
import { preset } from '../engine/config';
import { epochLayers, preActivations, readLayers, slopeAt, slopeSummaries, summarizeSlopes, trainingInputs, SLOPE_RANGE, type PlainLayer } from './preactivations';
import { Session } from '../engine/session';
import { l2 } from '../engine/stats';
import { train } from '../engine/train';
import type { BackendInfo } from '../engine/trace';

let backend: BackendInfo;
beforeAll(async () => {
  backend = await initBackend();
});

const sigmoid = (a: number) => 1 / (1 + Math.exp(-a));

describe('σ′ under each layer', () => {
  it('gives the mean slope as the mean of σ(a)(1 − σ(a)) over the pre-activations it returns', () => {
    const config = preset('exp3');
    const session = new Session(config, [config.seed]);
    const layers = readLayers(session.layers);
    session.dispose();
    const inputs = trainingInputs(config);
    const pre = preActivations(layers, inputs);
    const summaries = slopeSummaries(layers, inputs);
    expect(summaries).toHaveLength(4); // the hidden layers
    summaries.forEach((s, l) => {
      const values = pre[l]!;
      expect(values).toHaveLength(100 * 32);
      const mean = values.reduce((acc, a) => acc + sigmoid(a) * (1 - sigmoid(a)), 0) / values.length;
      expect(s.meanSlope).toBeCloseTo(mean, 14);
      expect(s.meanSlope).toBeLessThanOrEqual(0.25);
      expect(s.counts.reduce((a, b) => a + b, 0) + s.below + s.above + s.nonFinite).toBe(values.length);
    });
  });

  it('computes the pre-activations of the first layer as z·W + b, by hand', () => {
    const layer: PlainLayer = { fanIn: 1, units: 2, activation: 'sigmoid', residual: false, kernel: Float32Array.from([2, -1]), bias: Float32Array.from([0.5, 0]) };
    const out: PlainLayer = { fanIn: 2, units: 1, activation: 'linear', residual: false, kernel: Float32Array.from([1, 1]), bias: Float32Array.from([0]) };
    const [a0, a1] = preActivations([layer, out], [0, 1]);
    expect(Array.from(a0!)).toEqual([0.5, 0, 2.5, -1]);
    expect(a1![0]).toBeCloseTo(sigmoid(0.5) + sigmoid(0), 15);
  });

  it('gives the mean and the (population) standard deviation of the pre-activations, by hand', () => {
    // 1, 2, 3, 6: mean 3; deviations −2, −1, 0, 3; squares 4 + 1 + 0 + 9 = 14; sd = √(14/4) = √3.5.
    const s = summarizeSlopes([1, 2, 3, 6], 'sigmoid', SLOPE_RANGE);
    expect(s.mean).toBe(3);
    expect(s.sd).toBeCloseTo(Math.sqrt(3.5), 14);
    // Shifting every value leaves the spread alone: the mean is taken out.
    expect(summarizeSlopes([101, 102, 103, 106], 'sigmoid', SLOPE_RANGE).sd).toBeCloseTo(Math.sqrt(3.5), 10);
  });

  it('puts each value in its bin of a fixed range, counting what falls outside', () => {
    const s = summarizeSlopes([-7, -6, -0.1, 0, 0.1, 5.99, 6, NaN], 'sigmoid', SLOPE_RANGE);
    expect(s.below).toBe(1);
    expect(s.above).toBe(1);
    expect(s.nonFinite).toBe(1);
    expect(s.counts[0]).toBe(1);
    expect(s.counts[23]).toBe(1);
    expect(s.counts[24]).toBe(2);
    expect(s.counts[47]).toBe(1);
    expect(s.meanSlope).toBeNaN();
  });

  it('knows each activation\'s slope: at most ¼ for the sigmoid, at a = 0', () => {
    expect(slopeAt('sigmoid', 0)).toBe(0.25);
    expect(slopeAt('tanh', 0)).toBe(1);
    expect(slopeAt('relu', -1)).toBe(0);
    expect(slopeAt('relu', 2)).toBe(1);
    expect(slopeAt('linear', 5)).toBe(1);
    for (const a of [-3, -0.5, 0.5, 3]) expect(slopeAt('sigmoid', a)).toBeLessThan(0.25);
  });

  // The independent check: the trace's slopes come from the tfjs kernels (float32 h(1 − h) on the
  // direct step's forward pass), these from a float64 forward pass on the replayed weights.
  it('replays experiment 3 with train()\'s weights, epoch by epoch, and agrees with the trace\'s mean slopes', async () => {
    const config = preset('exp3');
    const trace = await train(config, { backend });
    const before = tf.memory().numTensors;
    const replay = (await epochLayers(config))!;
    expect(tf.memory().numTensors).toBe(before);
    expect(replay).toHaveLength(21);
    const inputs = trainingInputs(config);
    trace.epochs.forEach((e, i) => {
      const layers = replay[i + 1]!;
      expect(layers.map((l) => l2(l.kernel))).toEqual(e.weightNorms); // the same float32 weights
      const summaries = slopeSummaries(layers, inputs);
      summaries.forEach((s, l) => expect(Math.abs(s.meanSlope - e.slopes[l]!)).toBeLessThan(2e-6));
      // why the figure exists: every sigmoid layer's mean slope near 0.2, never ¼
      for (const s of summaries) expect(s.meanSlope).toBeGreaterThan(0.15);
    });
  });

  it('returns null when aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    expect(await epochLayers(preset('exp3'), { signal: controller.signal })).toBeNull();
  });
});
