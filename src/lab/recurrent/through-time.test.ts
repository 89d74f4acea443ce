import { describe, expect, it } from 'vitest';
import { rngFor, uniform } from '../engine/random';
import { CELLS, GATES, WEIGHT_NAMES, floats, initCell, type Cell, type CellConfig, type Floats, type Params, type Precision, type Weights } from './cells';
import type { Sequences } from './sequences';
import { rnnStates } from './simple-rnn';
import { pascanuBound, rnnJacobianNorms, spectralNorm, throughTime } from './through-time';

/*
 * The reference: the same three cells written from Keras' definitions as scalar expressions in
 * float64, differentiated by a small reverse-mode tape (no hand-written backward pass), so it shares
 * nothing with simple-rnn.ts, lstm.ts and gru.ts but the definitions. It lives in this file, which
 * makes it long, so that no code of the lab can come to lean on it.
 */
class Node {
  grad = 0;
  constructor(
    readonly value: number,
    readonly parents: readonly (readonly [Node, number])[],
  ) {}
}

class Tape {
  readonly nodes: Node[] = [];
  private push(value: number, parents: readonly (readonly [Node, number])[]): Node {
    const n = new Node(value, parents);
    this.nodes.push(n);
    return n;
  }
  leaf(value: number): Node {
    return this.push(value, []);
  }
  /** Σ_k a_k b_k + c. */
  affine(pairs: readonly (readonly [Node, Node])[], c: Node): Node {
    let v = c.value;
    const parents: [Node, number][] = [[c, 1]];
    for (const [a, b] of pairs) {
      v += a.value * b.value;
      parents.push([a, b.value], [b, a.value]);
    }
    return this.push(v, parents);
  }
  add(a: Node, b: Node): Node {
    return this.push(a.value + b.value, [[a, 1], [b, 1]]);
  }
  mul(a: Node, b: Node): Node {
    return this.push(a.value * b.value, [[a, b.value], [b, a.value]]);
  }
  /** max(0, x), slope 0 at 0 and below. */
  relu(a: Node): Node {
    return a.value > 0 ? this.push(a.value, [[a, 1]]) : this.push(0, [[a, 0]]);
  }
  tanh(a: Node): Node {
    const t = Math.tanh(a.value);
    return this.push(t, [[a, 1 - t * t]]);
  }
  /** σ(x) = (1 + tanh(x/2))/2, another route to the same function than the code's. */
  sigmoid(a: Node): Node {
    const s = 0.5 * (1 + Math.tanh(a.value / 2));
    return this.push(s, [[a, s * (1 - s)]]);
  }
  backward(out: Node): void {
    out.grad = 1;
    for (let i = this.nodes.length - 1; i >= 0; i--) {
      const n = this.nodes[i]!;
      for (const [p, d] of n.parents) p.grad += n.grad * d;
    }
  }
}

interface Reference {
  loss: number;
  hNorms: number[];
  cNorms: number[];
  grads: Record<keyof Weights, number[]>;
}

function reference(p: Params, data: Sequences): Reference {
  const tape = new Tape();
  const { units: H, inputs: D } = p;
  const G = GATES[p.cell] * H;
  const leaves = Object.fromEntries(WEIGHT_NAMES.map((name) => [name, Array.from(p[name], (v) => tape.leaf(v))])) as Record<keyof Weights, Node[]>;
  const W = (k: number, j: number) => leaves.kernel[k * G + j]!;
  const U = (i: number, j: number) => leaves.recurrent[i * G + j]!;
  const hs: Node[][] = []; // [T][B·H]
  const cs: Node[][] = [];
  let total: Node = tape.leaf(0);
  for (let b = 0; b < data.batch; b++) {
    let h: Node[] = Array.from({ length: H }, () => tape.leaf(0));
    let c: Node[] = Array.from({ length: H }, () => tape.leaf(0));
    for (let t = 0; t < data.steps; t++) {
      const x = Array.from({ length: D }, (_, k) => tape.leaf(data.x[(b * data.steps + t) * D + k]!));
      const z = (j: number) =>
        tape.affine([...x.map((xk, k) => [xk, W(k, j)] as const), ...h.map((hi, i) => [hi, U(i, j)] as const)], leaves.bias[j]!);
      if (p.cell === 'rnn') {
        h = Array.from({ length: H }, (_, j) => (p.activation === 'relu' ? tape.relu(z(j)) : tape.tanh(z(j))));
      } else if (p.cell === 'gru') {
        // Keras' GRU with reset_after: the recurrent product has its own bias (the bias's second row), and r gates it.
        const a = (j: number) => tape.affine(x.map((xk, k) => [xk, W(k, j)] as const), leaves.bias[j]!);
        const m = (j: number) => tape.affine(h.map((hi, i) => [hi, U(i, j)] as const), leaves.bias[G + j]!);
        const units = Array.from({ length: H }, (_, j) => j);
        const zs = units.map((j) => tape.sigmoid(tape.add(a(j), m(j))));
        const rs = units.map((j) => tape.sigmoid(tape.add(a(H + j), m(H + j))));
        const ns = units.map((j) => tape.tanh(tape.add(a(2 * H + j), tape.mul(rs[j]!, m(2 * H + j)))));
        const prev = h;
        h = units.map((j) => tape.add(tape.mul(zs[j]!, prev[j]!), tape.mul(tape.add(tape.leaf(1), tape.mul(tape.leaf(-1), zs[j]!)), ns[j]!)));
      } else {
        const [i, f, g, o] = [0, 1, 2, 3].map((gate) => Array.from({ length: H }, (_, j) => z(gate * H + j)));
        c = c.map((cj, j) => tape.add(tape.mul(tape.sigmoid(f![j]!), cj), tape.mul(tape.sigmoid(i![j]!), tape.tanh(g![j]!))));
        h = c.map((cj, j) => tape.mul(tape.sigmoid(o![j]!), tape.tanh(cj)));
      }
      (hs[t] ??= []).push(...h);
      (cs[t] ??= []).push(...c);
    }
    const out = tape.affine(h.map((hj, j) => [hj, leaves.readout[j]!] as const), leaves.readoutBias[0]!);
    const e = tape.add(out, tape.leaf(-data.y[b]!));
    total = tape.add(total, tape.mul(tape.mul(e, e), tape.leaf(1 / data.batch)));
  }
  tape.backward(total);
  const norm = (nodes: Node[]) => Math.sqrt(nodes.reduce((s, n) => s + n.grad * n.grad, 0));
  return {
    loss: total.value,
    hNorms: hs.map(norm),
    cNorms: cs.map(norm),
    grads: Object.fromEntries(WEIGHT_NAMES.map((name) => [name, leaves[name].map((n) => n.grad)])) as Record<keyof Weights, number[]>,
  };
}

/** Random sequences and targets (inputs in [−1, 1), targets in [0, 2)). */
function sequences(seed: number, batch: number, steps: number, features: number, precision: Precision): Sequences {
  const rng = rngFor(seed, 'noise');
  const x = floats(precision, batch * steps * features);
  x.set(Array.from(x, () => uniform(rng, -1, 1)));
  const y = floats(precision, batch);
  y.set(Array.from(y, () => uniform(rng, 0, 2)));
  return { batch, steps, features, x, y };
}

/** Keras' initial weights with non-zero biases, so every path of the backward pass carries something. */
function cellWithBiases(config: CellConfig): Params {
  const p = initCell(config);
  const rng = rngFor(config.seed, 'shuffle');
  for (const b of [p.bias, p.readoutBias]) b.set(Array.from(b, (v) => Math.fround(v + uniform(rng, -0.5, 0.5))));
  return p;
}

/** ‖a − b‖ / ‖b‖ (‖a − b‖ where b is zero: the recurrent kernel's gradient over a single step). */
function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let [num, den] = [0, 0];
  for (let i = 0; i < b.length; i++) {
    num += (a[i]! - b[i]!) ** 2;
    den += b[i]! ** 2;
  }
  return den === 0 ? Math.sqrt(num) : Math.sqrt(num / den);
}

const CASES: [Cell, number, number][] = CELLS.flatMap((cell) =>
  [1, 2, 3].flatMap((seed) => [1, 5, 30].map((steps): [Cell, number, number] => [cell, seed, steps])),
);

describe('backpropagation through time', () => {
  describe.each(CASES)('%s, seed %i, %i steps', (cell, seed, steps) => {
    const config = { cell, inputs: 2, units: cell === 'rnn' ? 5 : 4, seed, recurrentScale: 1.3 };
    const data = sequences(seed, 3, steps, 2, 'float64');
    const ref = reference(cellWithBiases({ ...config, precision: 'float64' }), data);

    it('gives the float64 reference’s loss, weight gradients and ‖∂L/∂h_t‖ to 1e-10 in float64', () => {
      const got = throughTime(cellWithBiases({ ...config, precision: 'float64' }), data);
      expect(Math.abs(got.loss - ref.loss) / ref.loss).toBeLessThan(1e-12);
      for (const name of WEIGHT_NAMES) expect(relativeError(got.grads[name], ref.grads[name]), name).toBeLessThan(1e-10);
      got.hNorms.forEach((n, t) => expect(Math.abs(n - ref.hNorms[t]!) / ref.hNorms[t]!, `h ${t}`).toBeLessThan(1e-10));
      if (cell === 'lstm') got.cNorms!.forEach((n, t) => expect(Math.abs(n - ref.cNorms[t]!) / ref.cNorms[t]!, `c ${t}`).toBeLessThan(1e-10));
      else expect(got.cNorms).toBeNull();
    });

    it('gives them to float32 rounding in float32', () => {
      const got = throughTime(cellWithBiases({ ...config, precision: 'float32' }), sequences(seed, 3, steps, 2, 'float32'));
      expect(got.grads.kernel).toBeInstanceOf(Float32Array);
      expect(Math.abs(got.loss - ref.loss) / ref.loss).toBeLessThan(1e-5);
      for (const name of WEIGHT_NAMES) expect(relativeError(got.grads[name], ref.grads[name]), name).toBeLessThan(1e-4);
      got.hNorms.forEach((n, t) => expect(Math.abs(n - ref.hNorms[t]!) / ref.hNorms[t]!, `h ${t}`).toBeLessThan(1e-4));
    });
  });

  it('agrees with central finite differences of the loss in float64 (LSTM, one weight of each array)', () => {
    const config = { cell: 'lstm' as const, inputs: 2, units: 3, seed: 11, precision: 'float64' as const };
    const data = sequences(11, 2, 8, 2, 'float64');
    const { grads } = throughTime(cellWithBiases(config), data);
    for (const name of WEIGHT_NAMES) {
      const i = grads[name].length - 1;
      const eps = 1e-6;
      const shifted = (by: number) => {
        const p = cellWithBiases(config);
        p[name][i] = p[name][i]! + by;
        return throughTime(p, data).loss;
      };
      const numeric = (shifted(eps) - shifted(-eps)) / (2 * eps);
      expect(Math.abs(numeric - grads[name][i]!), name).toBeLessThan(1e-8 * Math.max(1, Math.abs(numeric)));
    }
  });

  describe.each([
    ['orthogonal', 1.3, 1],
    ['orthogonal', 1.3, 2],
    ['identity', 1, 3],
  ] as const)('simple RNN with ReLU, %s recurrent kernel × %d, seed %i', (recurrentInit, recurrentScale, seed) => {
    // Biases from cellWithBiases put some units below zero at some steps, so both branches of ReLU's slope are taken.
    const config = { cell: 'rnn' as const, inputs: 2, units: 5, seed, recurrentScale, activation: 'relu' as const, recurrentInit };
    const data = sequences(seed, 3, 30, 2, 'float64');
    const ref = reference(cellWithBiases({ ...config, precision: 'float64' }), data);

    it('takes both branches of the slope: some states are switched off (0), some on', () => {
      const p = cellWithBiases({ ...config, precision: 'float64' });
      expect(p.activation).toBe('relu');
      const states = [0, 1, 2].flatMap((b) => Array.from(rnnStates(p, data, b)));
      expect(states.filter((h) => h === 0).length).toBeGreaterThan(10);
      expect(states.filter((h) => h > 0).length).toBeGreaterThan(10);
    });

    it('gives the float64 reference’s loss, weight gradients and ‖∂L/∂h_t‖ to 1e-10', () => {
      const got = throughTime(cellWithBiases({ ...config, precision: 'float64' }), data);
      expect(Math.abs(got.loss - ref.loss) / ref.loss).toBeLessThan(1e-12);
      for (const name of WEIGHT_NAMES) expect(relativeError(got.grads[name], ref.grads[name]), name).toBeLessThan(1e-10);
      got.hNorms.forEach((n, t) => expect(Math.abs(n - ref.hNorms[t]!) / ref.hNorms[t]!, `h ${t}`).toBeLessThan(1e-10));
    });
  });

  it('refuses sequences with the wrong number of features', () => {
    expect(() => throughTime(initCell({ cell: 'rnn', inputs: 2, units: 3, seed: 1 }), sequences(1, 1, 3, 1, 'float32'))).toThrow(/features/);
  });
});

/** Whether a symmetric matrix is positive definite: its Cholesky factorisation goes through. */
function positiveDefinite(a: number[][]): boolean {
  const n = a.length;
  const l = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    let d = a[j]![j]!;
    for (let k = 0; k < j; k++) d -= l[j]![k]! ** 2;
    if (!(d > 0)) return false;
    l[j]![j] = Math.sqrt(d);
    for (let i = j + 1; i < n; i++) {
      let s = a[i]![j]!;
      for (let k = 0; k < j; k++) s -= l[i]![k]! * l[j]![k]!;
      l[i]![j] = s / l[j]![j]!;
    }
  }
  return true;
}

/**
 * Whether σ is A's largest singular value to a relative 1e-8, certified without computing it (not by
 * the code's Jacobi rotations): σ²(1 + ε)I − AᵀA is positive definite (no singular value above) and
 * σ²(1 − ε)I − AᵀA is not (one at least that large).
 */
function isSigmaMax(a: number[][], sigma: number, eps = 1e-8): boolean {
  const cols = a[0]!.length;
  const shifted = (f: number) =>
    Array.from({ length: cols }, (_, i) => Array.from({ length: cols }, (_, j) => (i === j ? f * sigma * sigma : 0) - a.reduce((s, row) => s + row[i]! * row[j]!, 0)));
  return positiveDefinite(shifted(1 + eps)) && !positiveDefinite(shifted(1 - eps));
}

const matrix = (m: ArrayLike<number>, rows: number, cols: number) => Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => m[r * cols + c]!));

describe('the bound of Pascanu, Mikolov & Bengio (2013) for the simple RNN', () => {
  const H = 16;
  const cases = [0.5, 1, 1.5].flatMap((scale) => [4, 9].map((seed) => [scale, seed] as const));

  it.each(cases)('σ_max(U) is the recurrent scale %f at initialisation (seed %i)', (scale, seed) => {
    const p = initCell({ cell: 'rnn', inputs: 2, units: H, seed, recurrentScale: scale });
    const sigma = spectralNorm(p.recurrent, H, H);
    expect(sigma).toBeCloseTo(scale, 6);
    expect(isSigmaMax(matrix(p.recurrent, H, H), sigma)).toBe(true);
  });

  it.each(cases)('at scale %f (seed %i) every step’s Jacobian norm is the explicit Jacobian’s σ_max and at most σ_max(U)', (scale, seed) => {
    const p = cellWithBiases({ cell: 'rnn', inputs: 2, units: H, seed, recurrentScale: scale, precision: 'float64' });
    const data = sequences(seed, 1, 20, 2, 'float64');
    const norms = rnnJacobianNorms(p, data);
    // The states by the reference's definition, then J_t[j][i] = ∂h_t[j]/∂h_{t−1}[i] = (1 − h_t[j]²) U[i, j].
    let h = new Array<number>(H).fill(0);
    const bound = spectralNorm(p.recurrent, H, H);
    for (let t = 0; t < data.steps; t++) {
      const prev = h;
      h = Array.from({ length: H }, (_, j) =>
        Math.tanh(p.bias[j]! + data.x[2 * t]! * p.kernel[j]! + data.x[2 * t + 1]! * p.kernel[H + j]! + prev.reduce((s, hi, i) => s + hi * p.recurrent[i * H + j]!, 0)),
      );
      const jacobian = Array.from({ length: H }, (_, j) => Array.from({ length: H }, (_, i) => (1 - h[j]! ** 2) * p.recurrent[i * H + j]!));
      expect(isSigmaMax(jacobian, norms[t]!), `step ${t}`).toBe(true);
      expect(norms[t]!, `step ${t}`).toBeLessThanOrEqual(bound * (1 + 1e-9));
    }
  });

  it.each(cases)('at scale %f (seed %i) ‖∂L/∂h_{t−1}‖ ≤ σ_max(U) ‖∂L/∂h_t‖ along the sequence, so under the bound’s line', (scale, seed) => {
    const p = cellWithBiases({ cell: 'rnn', inputs: 2, units: H, seed, recurrentScale: scale, precision: 'float64' });
    const { hNorms } = throughTime(p, sequences(seed, 1, 40, 2, 'float64'));
    for (let t = 1; t < hNorms.length; t++) expect(hNorms[t - 1]!, `step ${t}`).toBeLessThanOrEqual(scale * hNorms[t]! * (1 + 1e-9));
    const line = pascanuBound(hNorms, scale);
    hNorms.forEach((n, t) => expect(n, `step ${t}`).toBeLessThanOrEqual(line[t]! * (1 + 1e-9)));
  });

  it('takes σ_max of small matrices worked by hand', () => {
    // [[3, 0], [4, 5]]: AᵀA = [[25, 20], [20, 25]], eigenvalues 45 and 5, so σ_max = √45.
    expect(spectralNorm([3, 0, 4, 5], 2, 2)).toBeCloseTo(Math.sqrt(45), 12);
    // [[2, −1], [−1, 2]]: AᵀA = [[5, −4], [−4, 5]], eigenvalues 9 and 1.
    expect(spectralNorm([2, -1, -1, 2], 2, 2)).toBeCloseTo(3, 12);
    // A row [1, 2, 2]: σ_max is its length, 3; a column the same.
    expect(spectralNorm([1, 2, 2], 1, 3)).toBeCloseTo(3, 12);
    expect(spectralNorm([1, 2, 2], 3, 1)).toBeCloseTo(3, 12);
    // Diagonal: the largest |entry|, wherever it sits; the zero matrix: 0.
    expect(spectralNorm([1, 0, 0, 0, -4, 0, 0, 0, 2], 3, 3)).toBe(4);
    expect(spectralNorm([0, 0, 0, 0], 2, 2)).toBe(0);
    // [[1, 1, 0], [0, 1, 1], [1, 0, 1]]: a circulant, σ_max = 1 + 1 + 0 = 2 (its all-ones eigenvector).
    expect(spectralNorm([1, 1, 0, 0, 1, 1, 1, 0, 1], 3, 3)).toBeCloseTo(2, 12);
  });

  it('takes σ_max where AᵀA has a zero off-diagonal entry between equal diagonal entries (a rotation angle of 0/0)', () => {
    // [[1, 0, 1], [0, 1, 1]]: AᵀA = [[1, 0, 1], [0, 1, 1], [1, 1, 2]]; its non-zero eigenvalues are
    // those of AAᵀ = [[2, 1], [1, 2]], 3 and 1, so σ_max = √3.
    expect(spectralNorm([1, 0, 1, 0, 1, 1], 2, 3)).toBeCloseTo(Math.sqrt(3), 12);
  });

  it('draws per-step Jacobians for the simple RNN only', () => {
    const data = sequences(1, 1, 3, 2, 'float64');
    for (const cell of ['lstm', 'gru'] as const) expect(() => rnnJacobianNorms(initCell({ cell, inputs: 2, units: 3, seed: 1 }), data)).toThrow(/simple RNN/);
  });

  it('at t = 0 takes the Jacobian with respect to the zero state: (1 − tanh²(b + x₀W)) U', () => {
    // H = 1: ∂h_0/∂h_{−1} = (1 − h_0²) U with h_0 = tanh(b + x₀·W), by hand for one unit.
    const p = initCell({ cell: 'rnn', inputs: 2, units: 1, seed: 3, precision: 'float64' });
    p.bias[0] = 0.25;
    const data = sequences(2, 1, 2, 2, 'float64');
    const h0 = Math.tanh(0.25 + data.x[0]! * p.kernel[0]! + data.x[1]! * p.kernel[1]!);
    const h1 = Math.tanh(0.25 + data.x[2]! * p.kernel[0]! + data.x[3]! * p.kernel[1]! + h0 * p.recurrent[0]!);
    const norms = rnnJacobianNorms(p, data);
    expect(norms[0]).toBeCloseTo((1 - h0 * h0) * Math.abs(p.recurrent[0]!), 12);
    expect(norms[1]).toBeCloseTo((1 - h1 * h1) * Math.abs(p.recurrent[0]!), 12);
  });

  it('draws the bound’s line from the last step back: ‖∂L/∂h_{T−1}‖ σ^{T−1−t}', () => {
    expect(Array.from(pascanuBound([5, 7, 2], 0.5))).toEqual([0.5, 1, 2]);
  });
});

describe('the gradient at the first step of a long sequence', () => {
  /*
   * T = 100, H = 32, recurrent scale 0.5, Keras' initial weights otherwise (seed 1, float64 so that
   * nothing underflows). The bound above caps the simple RNN's ‖∂L/∂h_0‖/‖∂L/∂h_99‖ at 0.5^99 ≈ 1.6e-30.
   * The LSTM's cell path multiplies ∂L/∂c by the forget gate per step, with no weight matrix in
   * between; at initialisation f = σ(1 + small) ≈ 0.73, and 0.73^99 ≈ 3e-14: sixteen orders more.
   */
  const T = 100;
  const data = sequences(5, 1, T, 2, 'float64');
  const ratio = (cell: Cell, forgetBias = 1) => {
    const { hNorms } = throughTime(initCell({ cell, inputs: 2, units: 32, seed: 1, recurrentScale: 0.5, forgetBias, precision: 'float64' }), data);
    return hNorms[0]! / hNorms[T - 1]!;
  };

  it('has vanished in the simple RNN below the bound 0.5^99', () => {
    expect(ratio('rnn')).toBeLessThan(0.5 ** 99);
  });

  it('is at least ten orders of magnitude larger in the LSTM', () => {
    expect(ratio('lstm')).toBeGreaterThan(1e10 * 0.5 ** 99);
  });

  it('grows in the LSTM with the forget-gate bias (gates nearer 1 forget less)', () => {
    expect(ratio('lstm', 3)).toBeGreaterThan(1e6 * ratio('lstm', 1));
  });
});

describe('float32 and float64', () => {
  it('start from the same weights', () => {
    const [a, b] = (['float32', 'float64'] as const).map((precision) => initCell({ cell: 'lstm', inputs: 3, units: 8, seed: 7, precision }));
    for (const name of WEIGHT_NAMES) expect(Array.from(a![name])).toEqual(Array.from(b![name]));
  });

  it('give the same bits for the same seed and data twice', () => {
    const run = (): Floats => throughTime(initCell({ cell: 'lstm', inputs: 2, units: 8, seed: 3 }), sequences(3, 2, 12, 2, 'float32')).grads.recurrent;
    expect(Array.from(run())).toEqual(Array.from(run()));
  });
});
