import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../engine/backend';
import { preset } from '../engine/config';
import { makeDataset } from '../engine/data';
import { explosionCellConfig } from './explosion';
import { initialKernel } from '../engine/net';
import { rngFor } from '../engine/random';
import { Session } from '../engine/session';
import { curvatureAt, expectedCurvature, expectedMoments, gaussNewtonTop, moments, seedCurvature } from './stability';
import { readLayers } from './preactivations';

beforeAll(async () => {
  await initBackend();
});

/** Every eigenvalue of a symmetric n × n matrix (row-major, float64), largest first: cyclic Jacobi rotations. */
function eigenvalues(matrix: Float64Array, n: number): number[] {
  const m = Float64Array.from(matrix);
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += m[p * n + q]! ** 2;
    if (off < 1e-24) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p * n + q]!;
        if (apq === 0) continue;
        const theta = (m[q * n + q]! - m[p * n + p]!) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const [kp, kq] = [m[k * n + p]!, m[k * n + q]!];
          m[k * n + p] = c * kp - s * kq;
          m[k * n + q] = s * kp + c * kq;
        }
        for (let k = 0; k < n; k++) {
          const [pk, qk] = [m[p * n + k]!, m[q * n + k]!];
          m[p * n + k] = c * pk - s * qk;
          m[q * n + k] = s * pk + c * qk;
        }
      }
    }
  }
  return Array.from({ length: n }, (_, i) => m[i * n + i]!).sort((a, b) => b - a);
}

/**
 * The experiment 1/2 model in plain float64, written from scratch: parameters θ = [W1 (H), b1 (H),
 * W2 (H), b2], ŷ = Σ_j W2_j (W1_j z + b1_j) + b2, at the seed's initial weights (biases zero).
 */
function model(hi: number, seed = 14) {
  const config = explosionCellConfig(0.1, hi, seed);
  const data = makeDataset(config.data, rngFor(seed, 'noise'));
  const rng = rngFor(seed, 'init');
  const H = 32;
  const theta = new Float64Array(3 * H + 1);
  theta.set(initialKernel(rng, 'glorotUniform', 1, H), 0);
  theta.set(initialKernel(rng, 'glorotUniform', H, 1), 2 * H);
  const output = (th: Float64Array, z: number) => {
    let y = th[3 * H]!;
    for (let j = 0; j < H; j++) y += th[2 * H + j]! * (th[j]! * z + th[H + j]!);
    return y;
  };
  const loss = (th: Float64Array) => {
    let sum = 0;
    for (let i = 0; i < data.z.length; i++) sum += (output(th, data.z[i]!) - data.y[i]!) ** 2;
    return sum / data.z.length;
  };
  return { config, data, theta, output, loss, P: theta.length };
}

/** 2·mean[J Jᵀ] with each J_i = ∂ŷ(z_i)/∂θ by central differences (ŷ is linear in each single parameter, so they are exact up to rounding). */
function gaussNewtonMatrix(m: ReturnType<typeof model>): Float64Array {
  const { P, theta, data, output } = m;
  const G = new Float64Array(P * P);
  const h = 1e-3;
  for (let i = 0; i < data.z.length; i++) {
    const J = Array.from({ length: P }, (_, p) => {
      const up = Float64Array.from(theta);
      const down = Float64Array.from(theta);
      up[p] = up[p]! + h;
      down[p] = down[p]! - h;
      return (output(up, data.z[i]!) - output(down, data.z[i]!)) / (2 * h);
    });
    for (let a = 0; a < P; a++) for (let b = 0; b < P; b++) G[a * P + b] = G[a * P + b]! + (2 * J[a]! * J[b]!) / data.z.length;
  }
  return G;
}

/** The full Hessian of the loss by central differences of the loss itself. */
function hessian(m: ReturnType<typeof model>): Float64Array {
  const { P, theta, loss } = m;
  const H = new Float64Array(P * P);
  const h = 1e-4;
  const at = (a: number, da: number, b: number, db: number) => {
    const t = Float64Array.from(theta);
    t[a] = t[a]! + da;
    t[b] = t[b]! + db;
    return loss(t);
  };
  for (let a = 0; a < P; a++) {
    for (let b = a; b < P; b++) {
      const v = (at(a, h, b, h) - at(a, h, b, -h) - at(a, -h, b, h) + at(a, -h, b, -h)) / (4 * h * h);
      H[a * P + b] = v;
      H[b * P + a] = v;
    }
  }
  return H;
}

describe('the stability boundary lr · λ_max = 2', () => {
  for (const hi of [0.25, 1, 4, 8.98]) {
    it(`gives λ_max of the Gauss–Newton matrix, built numerically at seed 14's initial weights, for inputs in [0, ${hi}]`, () => {
      const m = model(hi);
      const top = eigenvalues(gaussNewtonMatrix(m), m.P)[0]!;
      expect(seedCurvature(m.config).lambda / top - 1).toBeCloseTo(0, 6);
    });
  }

  it('is within 10 % of the full Hessian\'s top eigenvalue, which the residual term raises by 0.2 % (hi 0.25) to 8 % (hi 8)', () => {
    for (const hi of [0.25, 2, 8]) {
      const m = model(hi);
      const full = eigenvalues(hessian(m), m.P)[0]!;
      const gn = seedCurvature(m.config).lambda;
      expect(full).toBeGreaterThanOrEqual(gn * 0.999);
      expect(full).toBeLessThan(gn * 1.1);
    }
  });

  it('reads the seed\'s initial weights as the training run draws them', () => {
    const config = preset('exp2');
    const session = new Session(config, [config.seed]);
    const [k0, k1] = session.kernelValues();
    session.dispose();
    const squared = (k: Float32Array) => k.reduce((s, v) => s + v * v, 0);
    const c = seedCurvature(config);
    expect(c.w1).toBe(squared(k0!));
    expect(c.w2).toBe(squared(k1!));
    expect(tf.memory().numTensors).toBe(0);
  });

  it('puts experiment 1 at lr·λ ≈ 0.8 and experiment 2 at ≈ 4.6 with Glorot\'s expected norms (the hand calculation: ‖W‖² ≈ 32·(6/33)/3 each)', () => {
    const exp1 = expectedCurvature(preset('exp1'));
    const exp2 = expectedCurvature(preset('exp2'));
    expect(exp1.w1).toBeCloseTo((32 * (6 / 33)) / 3, 12);
    expect(exp1.w2).toBeCloseTo((32 * (6 / 33)) / 3, 12);
    expect(0.1 * exp1.lambda).toBeCloseTo(0.8, 1);
    expect(0.1 * exp2.lambda).toBeCloseTo(4.6, 1);
    expect(exp2.lr).toBeCloseTo(2 / exp2.lambda, 12);
  });

  it('averages the noise out of the expected moments: the clean linspace\'s moments plus sd²', () => {
    const data = { lo: 0, hi: 4, points: 100, noiseSd: 0.1 };
    const x = Array.from({ length: 100 }, (_, i) => (4 * i) / 99);
    const clean = moments(x);
    const expected = expectedMoments(data);
    expect(expected.m1).toBeCloseTo(clean.m1, 12);
    expect(expected.m2).toBeCloseTo(clean.m2 + 0.01, 12);
    // and a real draw lands near it
    const drawn = moments(makeDataset(data, rngFor(14, 'noise')).z);
    expect(Math.abs(drawn.m2 / expected.m2 - 1)).toBeLessThan(0.01);
  });

  it('reduces to the curvature of the bias path alone, 2(‖W2‖² + 1), when the inputs are all zero', () => {
    expect(gaussNewtonTop({ m1: 0, m2: 0 }, { w1: 1.5, w2: 2 })).toBeCloseTo(6, 12);
  });

  it('gives the Gauss–Newton λ_max at any weights too, biases included (checked against the numerical matrix)', () => {
    const m = model(2);
    const rng = rngFor(7, 'init');
    for (let j = 32; j < 64; j++) m.theta[j] = rng.next() - 0.5; // b1
    m.theta[96] = 0.3; // b2 (does not enter the curvature)
    const top = eigenvalues(gaussNewtonMatrix(m), m.P)[0]!;
    const at = curvatureAt({ w1: m.theta.subarray(0, 32), b1: m.theta.subarray(32, 64), w2: m.theta.subarray(64, 96) }, moments(m.data.z));
    expect(at / top - 1).toBeCloseTo(0, 6);
    const zero = new Float64Array(32);
    const atInit = curvatureAt({ w1: m.theta.subarray(0, 32), b1: zero, w2: m.theta.subarray(64, 96) }, moments(m.data.z));
    expect(atInit / seedCurvature(m.config).lambda - 1).toBeCloseTo(0, 12);
  });

  // Past the boundary the first steps overshoot; a two-layer net can then shrink its weights into a
  // flatter valley (the catapult) and learn, but only where it ends with lr·λ below 2 again:
  // gradient descent cannot settle anywhere steeper.
  it('lets a run started at lr·λ_max ≈ 2.9 learn only after its loss jumps and its curvature falls below 2/lr', () => {
    const config = explosionCellConfig(0.3548, 1);
    const start = seedCurvature(config);
    expect(config.learningRate * start.lambda).toBeGreaterThan(2.5);
    const session = new Session(config, [config.seed]);
    const losses: number[] = [];
    for (let e = 0; e < config.epochs; e++) {
      const data = session.shuffled();
      for (let s = 0; s < session.steps; s++) losses.push((session.step(data, s, false) as Float32Array)[0]!);
      tf.dispose([data.zs, data.ys]);
    }
    const [first, second] = readLayers(session.layers);
    session.dispose();
    expect(Math.max(...losses.slice(0, 10))).toBeGreaterThan(5 * losses[0]!); // the jump
    expect(losses.at(-1)!).toBeLessThan(losses[0]! / 10); // and it learned
    const end = curvatureAt({ w1: first!.kernel, b1: first!.bias, w2: second!.kernel }, start);
    expect(config.learningRate * end).toBeLessThan(2);
  });

  it('refuses a model it was not derived for', () => {
    expect(() => seedCurvature(preset('exp3'))).toThrow(/Dense\(H\) linear/);
  });
});

// The article derives the catapult's end, the dashed line at lr·λ = 4, in the smallest model of the
// same shape: ŷ = u·v, loss (ŷ − y)², curvature λ = 2(u² + v²). Checked here in plain float64
// arithmetic, with nothing from the site's code.
describe('the edge of divergence lr · λ = 4, in the one-weight-times-another model', () => {
  const step = (u: number, v: number, y: number, lr: number) => {
    const r = u * v - y;
    return [u - 2 * lr * r * v, v - 2 * lr * r * u] as const;
  };
  const lambda = (u: number, v: number) => 2 * (u * u + v * v);

  it('changes the curvature by 4·lr·r·(lr·r·λ − 4uv) in one step (the formula in the prose)', () => {
    for (const [u, v, y, lr] of [
      [1, 0.5, 0, 0.3],
      [-0.7, 1.3, 0.4, 0.05],
      [2, -0.1, -1, 1.1],
    ] as const) {
      const r = u * v - y;
      const [u2, v2] = step(u, v, y, lr);
      expect(lambda(u2, v2) - lambda(u, v)).toBeCloseTo(4 * lr * r * (lr * r * lambda(u, v) - 4 * u * v), 12);
    }
  });

  it('settles just below lr·λ = 4 and diverges just above it when the error is the whole output (y = 0)', () => {
    const run = (lrLambda: number) => {
      let [u, v] = [1, 0.5];
      const lr = lrLambda / lambda(u, v);
      for (let i = 0; i < 500; i++) [u, v] = step(u, v, 0, lr);
      return Math.abs(u * v);
    };
    for (const below of [2.5, 3.5, 3.9]) expect(run(below)).toBeLessThan(1e-2); // from |uv| = 0.5
    for (const above of [4.1, 4.5]) expect(Number.isFinite(run(above)) && run(above) < 1e6).toBe(false);
  });
});
