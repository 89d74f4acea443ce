import { describe, expect, it } from 'vitest';
import { preset } from '@/lab/engine/config';
import { makeDataset } from '@/lab/engine/data';
import { initialKernel } from '@/lab/engine/net';
import { permutation, rngFor } from '@/lab/engine/random';
import { SPREAD_SEEDS, seedsBake } from './why-data';

/**
 * The spreads over seeds the prose quotes (issue 22, point 4), held to an independent float64
 * re-implementation written here: plain JavaScript SGD on the same data, the same initial weights
 * and the same batch order (the lab's seeded streams are the inputs; the training is not the lab's).
 */

type Vec = Float64Array;
const sigmoid = (a: number) => 1 / (1 + Math.exp(-a));

/** A dense net in float64: kernels [fanIn × units] row-major, zero biases, sigmoid on every layer but the last (or none). */
function initNet(seed: number, units: number[], init: 'glorotUniform') {
  const rng = rngFor(seed, 'init');
  let fanIn = 1;
  return units.map((u) => {
    const w = Float64Array.from(initialKernel(rng, init, fanIn, u));
    const layer = { w, b: new Float64Array(u), fanIn, units: u };
    fanIn = u;
    return layer;
  });
}
type Net = ReturnType<typeof initNet>;

/**
 * One SGD step on a batch under mean squared error: returns the batch loss before the update and
 * each layer's kernel-gradient norm.
 */
function step(net: Net, zs: number[], ys: number[], lr: number, hiddenSigmoid: boolean): { loss: number; gradNorms: number[] } {
  const B = zs.length;
  const L = net.length;
  const acts: Vec[][] = zs.map((z) => [Float64Array.of(z)]);
  for (let n = 0; n < B; n++) {
    for (let l = 0; l < L; l++) {
      const { w, b, fanIn, units } = net[l]!;
      const x = acts[n]![l]!;
      const out = new Float64Array(units);
      for (let j = 0; j < units; j++) {
        let a = b[j]!;
        for (let i = 0; i < fanIn; i++) a += x[i]! * w[i * units + j]!;
        out[j] = hiddenSigmoid && l < L - 1 ? sigmoid(a) : a;
      }
      acts[n]!.push(out);
    }
  }
  let loss = 0;
  const gw = net.map((l) => new Float64Array(l.w.length));
  const gb = net.map((l) => new Float64Array(l.b.length));
  for (let n = 0; n < B; n++) {
    const r = acts[n]![L]![0]! - ys[n]!;
    loss += (r * r) / B;
    let delta = Float64Array.of((2 * r) / B); // dLoss/d(pre-activation) of the output layer
    for (let l = L - 1; l >= 0; l--) {
      const { w, fanIn, units } = net[l]!;
      const x = acts[n]![l]!;
      for (let i = 0; i < fanIn; i++) for (let j = 0; j < units; j++) gw[l]![i * units + j]! += x[i]! * delta[j]!;
      for (let j = 0; j < units; j++) gb[l]![j]! += delta[j]!;
      if (l === 0) break;
      const back = new Float64Array(fanIn);
      for (let i = 0; i < fanIn; i++) {
        let s = 0;
        for (let j = 0; j < units; j++) s += w[i * units + j]! * delta[j]!;
        back[i] = hiddenSigmoid ? s * x[i]! * (1 - x[i]!) : s; // x is the layer below's sigmoid output
      }
      delta = back;
    }
  }
  net.forEach((layer, l) => {
    layer.w.forEach((v, i) => (layer.w[i] = v - lr * gw[l]![i]!));
    layer.b.forEach((v, i) => (layer.b[i] = v - lr * gb[l]![i]!));
  });
  return { loss, gradNorms: gw.map((g) => Math.hypot(...g)) };
}

/**
 * Epochs of a run in float64: each epoch's mean batch loss and mean kernel-gradient norms, as the lab
 * reports them, and the largest sum of squared errors of any of its batches (a float32 loss adds
 * those up before it divides, so past float32's largest number it is inf).
 */
function run64(id: 'exp1' | 'exp2' | 'exp3', seed: number, epochs: number, learningRate?: number): { loss: number; gradNorms: number[]; sumOfSquares: number }[] {
  const config = { ...preset(id, { seed }), ...(learningRate === undefined ? {} : { learningRate }) };
  const data = makeDataset(config.data, rngFor(seed, 'noise'));
  const net = initNet(seed, config.layers.map((l) => l.units), 'glorotUniform');
  const shuffle = rngFor(seed, 'shuffle');
  const N = config.data.points;
  const out: { loss: number; gradNorms: number[]; sumOfSquares: number }[] = [];
  for (let e = 0; e < epochs; e++) {
    const p = permutation(shuffle, N);
    const steps = Math.ceil(N / config.batchSize);
    let loss = 0;
    let sumOfSquares = 0;
    const norms = new Array<number>(net.length).fill(0);
    for (let s = 0; s < steps; s++) {
      const idx = Array.from(p.subarray(s * config.batchSize, Math.min(N, (s + 1) * config.batchSize)));
      const r = step(net, idx.map((i) => data.z[i]!), idx.map((i) => data.y[i]!), config.learningRate, id === 'exp3');
      loss += (r.loss * idx.length) / N;
      sumOfSquares = Math.max(sumOfSquares, r.loss * idx.length);
      r.gradNorms.forEach((g, l) => (norms[l]! += g / steps));
    }
    out.push({ loss, gradNorms: norms, sumOfSquares });
  }
  return out;
}

/** numpy's default quantile, written again here. */
function q(values: number[], p: number): number {
  const s = values.map((v) => (Number.isFinite(v) ? v : Infinity)).sort((a, b) => a - b);
  const at = p * (s.length - 1);
  const lo = s[Math.floor(at)]!;
  const hi = s[Math.ceil(at)]!;
  return lo === hi ? lo : !Number.isFinite(hi) ? Infinity : lo + (hi - lo) * (at - Math.floor(at));
}

const num = (s: string | undefined) => Number(String(s).replace(/,/g, ''));
/** '10²⁴' → 24 */
const exponent = (s: string | undefined) => Number(String(s).slice(2).replace(/[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]/g, (c) => (c === '⁻' ? '-' : String('⁰¹²³⁴⁵⁶⁷⁸⁹'.indexOf(c)))));
const FLOAT32_MAX = 3.4028234663852886e38;
/** The first epoch (1-based) in which float32 would overflow (a batch's squared errors past its largest number), 0 for none. */
const overflowEpoch = (epochs: { sumOfSquares: number }[]) => epochs.findIndex((e) => !(e.sumOfSquares <= FLOAT32_MAX)) + 1;

describe('the spreads over 200 seeds that the prose quotes', async () => {
  const { quotes } = await seedsBake();

  it('are read over the 200 seeds of the ensemble figures', () => {
    expect(quotes['seeds']).toBe('200');
    expect(SPREAD_SEEDS).toHaveLength(200);
  });

  it('quote experiment 2’s epoch-1 loss as a float64 re-run finds it: median and quartiles to the nearest power of ten, and how many overflow float32', () => {
    // float64 does not overflow where float32 does: a batch whose squared errors add up past float32's largest number is inf there.
    const epochOne = SPREAD_SEEDS.map((seed) => run64('exp2', seed, 1)[0]!);
    const losses = epochOne.map((e) => (e.sumOfSquares > FLOAT32_MAX ? Infinity : e.loss));
    for (const [key, p] of [['exp2Loss1Median', 0.5], ['exp2Loss1Q1', 0.25], ['exp2Loss1Q3', 0.75]] as const) {
      expect(exponent(quotes[key]), key).toBe(Math.round(Math.log10(q(losses, p))));
    }
    expect(num(quotes['exp2Loss1NonFinite'])).toBe(losses.filter((l) => l === Infinity).length);
    expect(num(quotes['exp2Loss1NonFinitePct'])).toBe(Math.round((100 * num(quotes['exp2Loss1NonFinite'])) / 200));
  });

  it('quote experiment 3’s last-to-first gradient ratio as a float64 re-run finds it: median, 5th and 95th percentiles within 3 %', () => {
    const ratios = SPREAD_SEEDS.map((seed) => {
      const epochs = run64('exp3', seed, 20);
      return epochs.reduce((s, e) => s + e.gradNorms.at(-1)! / e.gradNorms[0]!, 0) / epochs.length;
    });
    for (const [key, p] of [['exp3RatioMedian', 0.5], ['exp3RatioP5', 0.05], ['exp3RatioP95', 0.95]] as const) {
      expect(Math.abs(num(quotes[key]) / q(ratios, p) - 1), key).toBeLessThan(0.03);
    }
  });

  it('count the seeds of experiment 2 that explode within 20 epochs, and the latest epoch one does, as a float64 re-run finds them', () => {
    const at = SPREAD_SEEDS.map((seed) => overflowEpoch(run64('exp2', seed, 20)));
    expect(num(quotes['exp2Exploded'])).toBe(at.filter((e) => e > 0).length);
    expect(num(quotes['exp2Survivors'])).toBe(at.filter((e) => e === 0).length);
    expect(num(quotes['exp2LatestNan'])).toBe(Math.max(...at));
  });

  it('count the seeds of experiment 2 that explode at learning rates 0.06, 0.07 and 0.08, as a float64 re-run finds them', () => {
    for (const [key, lr] of [['exp2At006Exploded', 0.06], ['exp2At007Exploded', 0.07], ['exp2At008Exploded', 0.08]] as const) {
      const at = SPREAD_SEEDS.map((seed) => overflowEpoch(run64('exp2', seed, 20, lr)));
      expect(num(quotes[key]), key).toBe(at.filter((e) => e > 0).length);
    }
  });

  it('quote where experiment 2’s learning rate puts η·λ_max at initialisation over the seeds, as power iteration on the full Gauss–Newton matrix finds it', () => {
    const etaLambda = SPREAD_SEEDS.map((seed) => {
      const config = preset('exp2', { seed });
      const z = makeDataset(config.data, rngFor(seed, 'noise')).z;
      const [hidden, out] = initNet(seed, [config.layers[0]!.units, 1], 'glorotUniform');
      const H = hidden!.units;
      // Parameters (w1, b1, w2, b2). At initialisation (zero biases) the output's gradient for input z
      // is z·A + B, with A = (w2, 0, w1, 0) and B = (0, w2, 0, 1): the Gauss–Newton matrix of the mean
      // squared error is (2/N) Σ (z·A + B)(z·A + B)ᵀ. Its largest eigenvalue by power iteration.
      const A = Float64Array.from([...out!.w, ...new Array<number>(H).fill(0), ...hidden!.w, 0]);
      const Bv = Float64Array.from([...new Array<number>(H).fill(0), ...out!.w, ...new Array<number>(H).fill(0), 1]);
      const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, v, i) => s + v * b[i]!, 0);
      let x = Float64Array.from(A, (_, i) => 1 + i / A.length);
      let lambda = 0;
      for (let it = 0; it < 200; it++) {
        const ax = dot(A, x);
        const bx = dot(Bv, x);
        let onA = 0;
        let onB = 0;
        for (const zn of z) {
          const c = (2 / z.length) * (zn * ax + bx);
          onA += c * zn;
          onB += c;
        }
        const y = A.map((a, i) => onA * a + onB * Bv[i]!);
        lambda = Math.sqrt(dot(y, y) / dot(x, x));
        const n = Math.sqrt(dot(y, y));
        x = y.map((v) => v / n);
      }
      return config.learningRate * lambda;
    });
    for (const [key, p] of [['exp2EtaLambdaMedian', 0.5], ['exp2EtaLambdaP5', 0.05], ['exp2EtaLambdaP95', 0.95]] as const) {
      expect(num(quotes[key]), key).toBeCloseTo(q(etaLambda, p), 1);
    }
  });

  it('count the seeds of experiment 1 that explode at learning rates 0.3 and 0.4, as a float64 re-run finds them', () => {
    for (const [key, lr] of [['exp1At03Exploded', 0.3], ['exp1At04Exploded', 0.4]] as const) {
      const at = SPREAD_SEEDS.map((seed) => overflowEpoch(run64('exp1', seed, 20, lr)));
      expect(num(quotes[key]), key).toBe(at.filter((e) => e > 0).length);
    }
  });
});
