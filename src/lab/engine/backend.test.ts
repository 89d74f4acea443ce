import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend';
import { DEFAULT_SEEDS, FIX_IDS, preset, withFix, type ExperimentConfig } from './config';
import { train } from './train';
import type { BackendInfo, RunTrace } from './trace';

describe('initBackend in Node', () => {
  afterAll(async () => {
    await initBackend();
  });

  it('starts the wasm backend with SIMD and reports no threads (Node has none)', async () => {
    const info = await initBackend();
    expect(info).toEqual({ name: 'wasm', simd: true, threads: 0 });
    expect(tf.getBackend()).toBe('wasm');
  });

  it('falls to the plain wasm binary when asked to', async () => {
    const info = await initBackend({ choice: 'wasm-plain' });
    expect(info).toEqual({ name: 'wasm', simd: false, threads: 0 });
  });

  it('falls to the cpu backend when asked to', async () => {
    const info = await initBackend({ choice: 'cpu' });
    expect(info).toEqual({ name: 'cpu', simd: false, threads: 0 });
  });
});

/**
 * Where two runs' numbers differ by more than float32 rounding explains (empty when they agree).
 * Each float32 op rounds to within 6e-8 of the exact value, and the backends round differently: they
 * sum in other orders (XNNPACK's blocked SIMD products against the cpu backend's plain loops) and
 * compute sigmoid differently. One step's numbers then differ by about 1e-6; 100 steps of SGD on these
 * problems, which settle towards a fit, carry that along without amplifying it: over three seeds of
 * every experiment and the fixes below the largest difference measured was 2.3e-5 (Node 24, tfjs
 * 4.22). Hence 1e-4 relative; a wrong kernel (a sign, a missing bias, another activation) moves the
 * numbers by percents. Printed weights are signed and some pass near 0, so they are held to 1e-4 of
 * the largest printed weight. A non-finite number must be non-finite in both (NaN and ±Infinity
 * are not told apart: which one an overflow becomes depends on the order of the sums).
 */
function disagreements(a: RunTrace, b: RunTrace): string[] {
  const out: string[] = [];
  const compare = (what: string, x: readonly number[], y: readonly number[], scale?: number) => {
    if (x.length !== y.length) out.push(`${what}: ${x.length} vs ${y.length} numbers`);
    x.forEach((u, i) => {
      const v = y[i]!;
      const bad = Number.isFinite(u) !== Number.isFinite(v) || (Number.isFinite(u) && Math.abs(u - v) > 1e-4 * (scale ?? Math.max(Math.abs(u), Math.abs(v))));
      if (bad) out.push(`${what}[${i}]: ${u} vs ${v}`);
    });
  };
  if (a.epochs.length !== b.epochs.length) out.push(`epochs: ${a.epochs.length} vs ${b.epochs.length}`);
  a.epochs.forEach((e, i) => {
    const f = b.epochs[i];
    if (!f) return;
    const at = `epoch ${e.epoch} `;
    compare(`${at}loss`, [e.loss], [f.loss]);
    compare(`${at}gradNorms`, e.gradNorms, f.gradNorms);
    compare(`${at}weightNorms`, e.weightNorms, f.weightNorms);
    compare(`${at}slopes`, e.slopes, f.slopes);
    compare(`${at}predictions`, e.predictions, f.predictions);
    compare(`${at}printed`, e.printed, f.printed, Math.max(...e.printed.filter(Number.isFinite).map(Math.abs)));
  });
  compare('predictions', a.predictions ?? [], b.predictions ?? []);
  const where = (t: RunTrace) => t.trip && [t.trip.epoch, t.trip.step, t.trip.quantity, t.trip.layer, t.trip.param].join(' ');
  if (where(a) !== where(b)) out.push(`trip: ${where(a)} vs ${where(b)}`);
  if (a.trip && b.trip) compare('trip lastLoss', [a.trip.lastLoss ?? 0], [b.trip.lastLoss ?? 0]);
  return out;
}

describe('the cpu backend (the fallback when no wasm binary loads)', () => {
  afterAll(async () => {
    await initBackend();
  });

  it('computes the wasm backend’s numbers to float32 rounding: every experiment on three seeds, and the fixes', async () => {
    const configs: [string, ExperimentConfig][] = [];
    for (const seed of [1, 2, DEFAULT_SEEDS.exp2]) {
      configs.push([`exp1 seed ${seed}`, preset('exp1', { seed })], [`exp2 seed ${seed}`, preset('exp2', { seed })]);
      for (const activation of ['sigmoid', 'relu', 'linear'] as const) configs.push([`exp3 ${activation} seed ${seed}`, preset('exp3', { seed, activation })]);
    }
    // Not batch norm: that run is chaotic at this learning rate (a 1-ulp change of the learning rate
    // moves the wasm backend's own epoch-2 loss by 10%), so comparing it would compare rounding luck.
    for (const fix of FIX_IDS.filter((f) => f !== 'batchNorm')) configs.push([`fix ${fix}`, withFix(fix)]);

    const runAll = async (backend: BackendInfo) => {
      const traces: RunTrace[] = [];
      for (const [, config] of configs) traces.push(await train(config, { backend }));
      return traces;
    };
    const wasm = await runAll(await initBackend());
    const cpuInfo = await initBackend({ choice: 'cpu' });
    expect(tf.getBackend()).toBe('cpu');
    const cpu = await runAll(cpuInfo);

    let largest = 0;
    configs.forEach(([name], i) => {
      expect(disagreements(wasm[i]!, cpu[i]!), name).toEqual([]);
      wasm[i]!.epochs.forEach((e, j) => {
        const f = cpu[i]!.epochs[j]!;
        if (Number.isFinite(e.loss)) largest = Math.max(largest, Math.abs(e.loss - f.loss) / Math.abs(e.loss));
      });
    });
    // Two backends did run: their losses are not bit for bit the same.
    expect(largest).toBeGreaterThan(0);
    expect(wasm.filter((t) => t.trip).length).toBeGreaterThanOrEqual(3); // exp2 explodes on each seed, on both
  });
});
