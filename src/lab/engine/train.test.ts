import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend';
import { preset, type Activation, type ExperimentId } from './config';
import { train } from './train';
import type { BackendInfo, RunTrace } from './trace';

let backend: BackendInfo;
beforeAll(async () => {
  backend = await initBackend();
});

const SEEDS = Array.from({ length: 10 }, (_, i) => 101 + i);

function run(id: ExperimentId, seed: number, activation?: Activation): Promise<RunTrace> {
  return train(preset(id, activation ? { seed, activation } : { seed }), { backend });
}

const spread = (p: number[]) => Math.max(...p) - Math.min(...p);
const norm = (v: number[]) => Math.hypot(...v);

describe('exp1: a linear net learns y = x', () => {
  it('ends below loss 0.005 with predictions within 0.25 of 1, 2, 3, on every one of 10 seeds', async () => {
    for (const seed of SEEDS) {
      const trace = await run('exp1', seed);
      expect(trace.status).toBe('done');
      expect(trace.epochs).toHaveLength(20);
      expect(trace.epochs.at(-1)!.loss).toBeLessThan(0.005);
      trace.predictions!.forEach((p, i) => expect(Math.abs(p - (i + 1))).toBeLessThan(0.25));
    }
  });
});

describe('exp2: unnormalised inputs explode', () => {
  it('reaches a non-finite loss by epoch 3 on at least 9 of 10 seeds', async () => {
    let exploded = 0;
    for (const seed of SEEDS) {
      const trace = await run('exp2', seed);
      if (trace.epochs.slice(0, 3).some((e) => !Number.isFinite(e.loss))) exploded++;
    }
    expect(exploded).toBeGreaterThanOrEqual(9);
  });

  it('carries NaN through the printout instead of dropping it', async () => {
    const trace = await run('exp2', 14);
    const late = trace.epochs.at(-1)!;
    expect(late.printed).toHaveLength(6);
    expect(late.printed.every(Number.isNaN)).toBe(true);
    expect(Number.isNaN(late.loss)).toBe(true);
    expect(trace.predictions!.every(Number.isNaN)).toBe(true);
  });
});

describe('exp3: a deep sigmoid net’s gradients vanish', () => {
  it('predicts one constant, barely moves the printed weights, and starves the first layer, on 10 seeds', async () => {
    for (const seed of SEEDS) {
      const trace = await run('exp3', seed, 'sigmoid');
      expect(spread(trace.predictions!)).toBeLessThan(0.01);
      const first = trace.epochs[0]!.printed;
      const last = trace.epochs.at(-1)!.printed;
      expect(norm(last.map((w, i) => w - first[i]!)) / norm(first)).toBeLessThan(0.05);
      const meanGrad = (layer: number) => trace.epochs.reduce((s, e) => s + e.gradNorms.at(layer)!, 0) / trace.epochs.length;
      expect(meanGrad(0)).toBeLessThan(meanGrad(-1) / 100);
    }
  });

  it('with relu, spreads its predictions for 1, 2, 3 by more than 0.3 on 10 seeds', async () => {
    for (const seed of SEEDS) {
      const trace = await run('exp3', seed, 'relu');
      expect(spread(trace.predictions!)).toBeGreaterThan(0.3);
    }
  });
});

describe('determinism and resources', () => {
  it('gives identical traces for the same seed, timings aside', async () => {
    const strip = (t: RunTrace) => ({ ...t, totalMs: 0, epochs: t.epochs.map((e) => ({ ...e, msPerStep: 0 })) });
    for (const id of ['exp1', 'exp2', 'exp3'] as const) {
      expect(strip(await run(id, 7))).toEqual(strip(await run(id, 7)));
    }
  });

  it('reports the printout at each epoch’s start: epoch 1 shows the untrained weights', async () => {
    const a = await train({ ...preset('exp1', { seed: 3 }), epochs: 1 }, { backend });
    const b = await train({ ...preset('exp1', { seed: 3 }), epochs: 2 }, { backend });
    expect(b.epochs[0]!.printed).toEqual(a.epochs[0]!.printed);
    expect(b.epochs[1]!.printed).not.toEqual(b.epochs[0]!.printed);
  });

  it('streams epochBegin, epochEnd per epoch and one done, in order', async () => {
    const types: string[] = [];
    await train({ ...preset('exp1'), epochs: 2 }, { backend, onEvent: (e) => types.push(e.type) });
    expect(types).toEqual(['epochBegin', 'epochEnd', 'epochBegin', 'epochEnd', 'done']);
  });

  it('ends with one done event even when the page takes its arrays (a worker transfers them)', async () => {
    const ends: string[] = [];
    const trace = await train(preset('exp1'), {
      backend,
      onEvent: (e) => {
        if (e.type === 'done') ends.push(e.status);
        // What postMessage with a transfer list does to the arrays it sends: they are empty here afterwards.
        if (e.type === 'done' && e.predictions) structuredClone(e.predictions, { transfer: [e.predictions.buffer as ArrayBuffer] });
      },
    });
    expect(ends).toEqual(['done']);
    expect(trace.status).toBe('done');
    expect(trace.predictions).toHaveLength(3);
  });

  it('in a quick run (a frame of a drag) computes the same epochs without the tripwire’s replay', async () => {
    const full = await train({ ...preset('exp2') }, { backend });
    const quick = await train({ ...preset('exp2') }, { backend, quick: true });
    expect(full.trip).not.toBeNull();
    expect(quick.trip).toBeNull();
    const finite = full.epochs.filter((e) => Number.isFinite(e.loss));
    expect(quick.epochs.slice(0, finite.length).map((e) => e.loss)).toEqual(finite.map((e) => e.loss));
    expect(quick.predictions).toEqual(full.predictions);
  });

  it('leaves no tensors behind after runs, cancels and invalid configs', async () => {
    await run('exp3', 1); // warm up any lazily created backend state
    const before = tf.memory().numTensors;
    await run('exp2', 1);
    const controller = new AbortController();
    let steps = 0;
    const cancelled = await train(preset('exp3'), {
      backend,
      signal: controller.signal,
      yieldToEventLoop: async () => {
        if (++steps === 7) controller.abort();
      },
    });
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.predictions).toBeNull();
    expect(cancelled.epochs).toHaveLength(1); // 7 steps: epoch 1 (5) finished, epoch 2 stopped at its 3rd
    const invalid = await train({ ...preset('exp1'), learningRate: -1 }, { backend });
    expect(invalid.status).toBe('error');
    expect(invalid.error).toMatch(/learning rate/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
