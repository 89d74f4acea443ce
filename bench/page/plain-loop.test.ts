import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/lab/engine/backend';
import { preset, type Activation, type ExperimentConfig } from '../../src/lab/engine/config';
import { PLAIN_BACKEND, trainPlain } from './plain-loop';
import type { BackendInfo, RunTrace } from '../../src/lab/engine/trace';
import { train } from '../../src/lab/engine/train';

let backend: BackendInfo;
beforeAll(async () => {
  backend = await initBackend();
});

const noYield = async () => {};
const engine = (config: ExperimentConfig) => train(config, { backend, yieldToEventLoop: noYield });
const plain = (config: ExperimentConfig) => trainPlain(config, { yieldToEventLoop: noYield });

/**
 * "The same to float32 rounding": each operation agrees to float32 rounding, and 100 SGD steps carry
 * those last-bit differences forward; measured, the worst relative difference over these runs is
 * about 1.5e-5. A 0.1% change in the learning rate moves the numbers far more (last test).
 */
const TOLERANCE = 5e-5;

function relativeGap(a: number, b: number): number {
  if (Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b))) return 0;
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
}

/**
 * The largest relative difference between two traces' numbers, epoch by epoch, with where it is,
 * and the most weights any histogram has in a different bin.
 */
function largestGap(a: RunTrace, b: RunTrace): { gap: number; where: string; moved: number } {
  let worst = { gap: 0, where: '' };
  let moved = 0;
  const see = (x: readonly number[], y: readonly number[], where: string) => {
    expect(y, where).toHaveLength(x.length);
    x.forEach((v, i) => {
      const gap = relativeGap(v, y[i]!);
      if (!(gap <= worst.gap)) worst = { gap, where: `${where}[${i}]: ${v} vs ${y[i]}` };
    });
  };
  expect(b.epochs).toHaveLength(a.epochs.length);
  a.epochs.forEach((e, i) => {
    const f = b.epochs[i]!;
    const at = `epoch ${e.epoch}`;
    see([e.loss], [f.loss], `${at} loss`);
    see(e.printed, f.printed, `${at} printed`);
    see(e.gradNorms, f.gradNorms, `${at} gradNorms`);
    see(e.weightNorms, f.weightNorms, `${at} weightNorms`);
    see(e.slopes, f.slopes, `${at} slopes`);
    see(e.predictions, f.predictions, `${at} predictions`);
    e.histograms.forEach((h, l) => {
      const g = f.histograms[l]!;
      see([h.lo, h.hi], [g.lo, g.hi], `${at} histogram ${l} range`);
      moved = Math.max(moved, h.counts.reduce((s, c, k) => s + Math.abs(c - g.counts[k]!), 0));
    });
  });
  see(a.predictions ?? [], b.predictions ?? [], 'predictions');
  return { ...worst, moved };
}

describe('the plain loop computes what train() computes', () => {
  const cases: [string, ExperimentConfig[]][] = [
    ['exp1', [3, 4, 5].map((seed) => preset('exp1', { seed }))],
    ...(['sigmoid', 'relu', 'tanh', 'linear'] as Activation[]).map((activation): [string, ExperimentConfig[]] => [
      `exp3 with ${activation}`,
      [28, 29, 30].map((seed) => preset('exp3', { seed, activation })),
    ]),
  ];
  for (const [name, configs] of cases) {
    it(`follows ${name}'s whole trace on the wasm backend to float32 rounding, on 3 seeds`, async () => {
      for (const config of configs) {
        const [a, b] = [await engine(config), await plain(config)];
        expect(b.status).toBe('done');
        expect(b.backend).toEqual(PLAIN_BACKEND);
        const { gap, where, moved } = largestGap(a, b);
        expect(gap, `seed ${config.seed}, ${where}`).toBeLessThan(TOLERANCE);
        // A weight within rounding of a bin edge may land in the neighbouring bin (counted twice).
        expect(moved, `seed ${config.seed}, histogram counts`).toBeLessThanOrEqual(2);
      }
    });
  }

  it('explodes where train() explodes: exp2 trips at the same epoch, step and quantity, with the same numbers before', async () => {
    for (const seed of [1, 9, 14]) {
      const config = preset('exp2', { seed });
      const [a, b] = [await engine(config), await plain(config)];
      expect(a.trip).not.toBeNull();
      const { loss, lastLoss, lastKernelGradNorms, ...where } = a.trip!;
      expect(b.trip).toMatchObject(where);
      expect(relativeGap(lastLoss ?? 0, b.trip!.lastLoss ?? 0)).toBeLessThan(TOLERANCE);
      (lastKernelGradNorms ?? []).forEach((g, i) => expect(relativeGap(g, b.trip!.lastKernelGradNorms![i]!)).toBeLessThan(TOLERANCE));
      expect(Number.isFinite(b.trip!.loss)).toBe(Number.isFinite(loss));
      const firstNaN = (t: RunTrace) => t.epochs.findIndex((e) => !Number.isFinite(e.loss));
      expect(firstNaN(b)).toBe(firstNaN(a));
      expect(largestGap(a, b).gap).toBeLessThan(TOLERANCE);
    }
  });

  it('tells a 0.1% change of the learning rate from rounding', async () => {
    const config = preset('exp3');
    const nudged = await plain({ ...config, learningRate: config.learningRate * 1.001 });
    expect(largestGap(await engine(config), nudged).gap).toBeGreaterThan(20 * TOLERANCE);
  });
});

describe('the plain loop behaves as a run', () => {
  it('streams the same events as train(), in the same order', async () => {
    const seen = async (run: (o: { onEvent: (e: { type: string }) => void }) => Promise<RunTrace>) => {
      const types: string[] = [];
      await run({ onEvent: (e) => types.push(e.type) });
      return types;
    };
    const config = { ...preset('exp2', { seed: 9 }), epochs: 3 };
    const a = await seen((o) => train(config, { backend, yieldToEventLoop: noYield, ...o }));
    const b = await seen((o) => trainPlain(config, { yieldToEventLoop: noYield, ...o }));
    expect(b).toEqual(a);
    expect(b).toContain('trip');
  });

  it('lets the event loop in after every step only when it can be cancelled, as train() does', async () => {
    let yields = 0;
    const count = async () => void yields++;
    await trainPlain(preset('exp1'), { yieldToEventLoop: count });
    expect(yields).toBe(0);
    await trainPlain(preset('exp1'), { yieldToEventLoop: count, signal: new AbortController().signal });
    expect(yields).toBe(100);
  });

  it('stops before its next step when aborted, and says cancelled', async () => {
    const controller = new AbortController();
    let steps = 0;
    const trace = await trainPlain(preset('exp3'), {
      signal: controller.signal,
      yieldToEventLoop: async () => {
        if (++steps === 7) controller.abort();
      },
    });
    expect(trace.status).toBe('cancelled');
    expect(trace.epochs).toHaveLength(1);
    expect(trace.predictions).toBeNull();
  });

  it('ends in an error trace for what it does not implement, and for an invalid config', async () => {
    const adam = await trainPlain({ ...preset('exp3'), optimizer: 'adam' });
    expect(adam.status).toBe('error');
    expect(adam.error).toMatch(/does not implement optimizers other than sgd/);
    const invalid = await trainPlain({ ...preset('exp1'), learningRate: -1 });
    expect(invalid.error).toMatch(/learning rate/);
  });
});
