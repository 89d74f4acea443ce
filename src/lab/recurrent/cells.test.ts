import { describe, expect, it } from 'vitest';
import { normal, rngFor, uniform } from '../engine/random';
import { CELLS, GATES, WEIGHT_NAMES, floats, initCell, orthogonal, zeroWeights } from './cells';

/** AᵀA (or A Aᵀ when `rows` is true) of a row-major [r, c] matrix, in double. */
function gram(m: ArrayLike<number>, r: number, c: number, rows = false): number[][] {
  const n = rows ? r : c;
  const at = (i: number, k: number) => (rows ? m[i * c + k]! : m[k * c + i]!);
  const len = rows ? c : r;
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => {
    let s = 0;
    for (let k = 0; k < len; k++) s += at(i, k) * at(j, k);
    return s;
  }));
}

function maxDistanceFromIdentity(g: number[][], scale = 1): number {
  return Math.max(...g.flatMap((row, i) => row.map((v, j) => Math.abs(v - (i === j ? scale : 0)))));
}

describe('the orthogonal initializer', () => {
  it.each([1, 2, 3])('gives a square kernel with WᵀW = I to float32 rounding (seed %i)', (seed) => {
    const w = orthogonal(rngFor(seed, 'init'), 32, 32);
    expect(maxDistanceFromIdentity(gram(w, 32, 32))).toBeLessThan(1e-6);
    expect(maxDistanceFromIdentity(gram(w, 32, 32, true))).toBeLessThan(1e-6);
  });

  it('gives a wide [H, 4H] kernel orthonormal rows, U Uᵀ = I', () => {
    const w = orthogonal(rngFor(4, 'init'), 8, 32);
    expect(maxDistanceFromIdentity(gram(w, 8, 32, true))).toBeLessThan(1e-6);
  });

  it('multiplies by its gain: WᵀW = gain² I', () => {
    const w = orthogonal(rngFor(5, 'init'), 16, 16, 0.5);
    expect(maxDistanceFromIdentity(gram(w, 16, 16), 0.25)).toBeLessThan(1e-6);
  });

  /*
   * Keras: q, r = qr(A) for A normal of shape [max, min]; q *= sign(diag(r)). That Q is the one with
   * QᵀA = R upper triangular with a positive diagonal; redraw A from the same stream and check.
   */
  it.each([
    [16, 16],
    [8, 32],
  ])('is the sign-corrected Q of the QR of the seed’s normal matrix (%i × %i)', (rows, cols) => {
    const w = orthogonal(rngFor(6, 'init'), rows, cols);
    const [m, n] = [Math.max(rows, cols), Math.min(rows, cols)];
    const rng = rngFor(6, 'init');
    const a = Array.from({ length: m * n }, () => normal(rng));
    const q = (i: number, j: number) => (rows >= cols ? w[i * cols + j]! : w[j * cols + i]!); // Q is [m, n]
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let r = 0;
        for (let k = 0; k < m; k++) r += q(k, i) * a[k * n + j]!;
        if (i > j) expect(Math.abs(r), `R[${i}][${j}]`).toBeLessThan(1e-5);
        if (i === j) expect(r, `R[${i}][${i}]`).toBeGreaterThan(0);
      }
    }
  });
});

describe('a cell at initialisation, as Keras makes it', () => {
  it.each(CELLS)('%s: glorot-uniform input and read-out kernels inside ±√(6/(fan_in + fan_out)), spread over it', (cell) => {
    const [D, H] = [3, 16];
    const p = initCell({ cell, inputs: D, units: H, seed: 8 });
    const G = GATES[cell] * H;
    const limit = Math.sqrt(6 / (D + G));
    expect(p.kernel.length).toBe(D * G);
    expect(Math.max(...Array.from(p.kernel, Math.abs))).toBeLessThanOrEqual(limit);
    expect(Math.max(...Array.from(p.kernel, Math.abs))).toBeGreaterThan(0.9 * limit);
    expect(p.readout.length).toBe(H);
    expect(Math.max(...Array.from(p.readout, Math.abs))).toBeLessThanOrEqual(Math.sqrt(6 / (H + 1)));
    expect(p.recurrent.length).toBe(H * G);
  });

  it('has zero biases in the simple RNN and the read-out', () => {
    const p = initCell({ cell: 'rnn', inputs: 1, units: 8, seed: 1 });
    expect([...p.bias, ...p.readoutBias].every((b) => b === 0)).toBe(true);
  });

  it('gives the GRU two zero biases of 3H, the input side’s and the recurrent side’s (Keras’ reset_after)', () => {
    const p = initCell({ cell: 'gru', inputs: 1, units: 8, seed: 1 });
    expect(p.bias.length).toBe(2 * 3 * 8);
    expect([...p.bias].every((b) => b === 0)).toBe(true);
  });

  it('has an LSTM bias of 1 on the forget gate (the second block of H) and 0 elsewhere, or the forget bias asked for', () => {
    const H = 5;
    const bias = (forgetBias?: number) => Array.from(initCell({ cell: 'lstm', inputs: 1, units: H, seed: 1, ...(forgetBias === undefined ? {} : { forgetBias }) }).bias);
    const expected = (f: number) => [...new Array<number>(H).fill(0), ...new Array<number>(H).fill(f), ...new Array<number>(2 * H).fill(0)];
    expect(bias()).toEqual(expected(1));
    expect(bias(3)).toEqual(expected(3));
  });

  it('scales the recurrent kernel by the recurrent scale and nothing else', () => {
    const [a, b] = [1, 0.25].map((recurrentScale) => initCell({ cell: 'rnn', inputs: 2, units: 8, seed: 2, recurrentScale }));
    a!.recurrent.forEach((v, i) => expect(b!.recurrent[i]).toBeCloseTo(0.25 * v, 7));
    expect(Array.from(b!.kernel)).toEqual(Array.from(a!.kernel));
    expect(Array.from(b!.readout)).toEqual(Array.from(a!.readout));
  });

  it('makes the IRNN of Le, Jaitly & Hinton on request: identity recurrent kernel, ReLU, and every other weight as the orthogonal cell’s', () => {
    const H = 4;
    const irnn = initCell({ cell: 'rnn', inputs: 2, units: H, seed: 5, activation: 'relu', recurrentInit: 'identity' });
    const plain = initCell({ cell: 'rnn', inputs: 2, units: H, seed: 5 });
    expect(Array.from(irnn.recurrent)).toEqual([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
    expect(irnn.activation).toBe('relu');
    expect(plain.activation).toBeUndefined();
    expect(irnn.kernel).toEqual(plain.kernel);
    expect(irnn.readout).toEqual(plain.readout);
    expect(Array.from(irnn.bias)).toEqual([0, 0, 0, 0]);
    expect(() => initCell({ cell: 'lstm', inputs: 2, units: H, seed: 5, recurrentInit: 'identity' })).toThrow(/simple RNN/);
  });

  it('gives the same weights for the same seed and different ones for another', () => {
    const make = (seed: number) => initCell({ cell: 'lstm', inputs: 2, units: 4, seed });
    for (const name of WEIGHT_NAMES) expect(Array.from(make(3)[name])).toEqual(Array.from(make(3)[name]));
    expect(Array.from(make(3).recurrent)).not.toEqual(Array.from(make(4).recurrent));
  });
});

describe('the order of the draws and the storage', () => {
  it.each(CELLS)('%s: the input kernel row by row from the init stream, then the orthogonal kernel, then the read-out', (cell) => {
    const [D, H, seed] = [2, 3, 12];
    const G = GATES[cell] * H;
    const rng = rngFor(seed, 'init');
    const kernel = Array.from({ length: D * G }, () => Math.fround(uniform(rng, -Math.sqrt(6 / (D + G)), Math.sqrt(6 / (D + G)))));
    const recurrent = Array.from(orthogonal(rng, H, G, 0.5));
    const readout = Array.from({ length: H }, () => Math.fround(uniform(rng, -Math.sqrt(6 / (H + 1)), Math.sqrt(6 / (H + 1)))));
    const p = initCell({ cell, inputs: D, units: H, seed, recurrentScale: 0.5 });
    expect([p.cell, p.inputs, p.units, p.precision]).toEqual([cell, D, H, 'float32']);
    expect(Array.from(p.kernel)).toEqual(kernel);
    expect(Array.from(p.recurrent)).toEqual(recurrent);
    expect(Array.from(p.readout)).toEqual(readout);
    expect(Array.from(p.readoutBias)).toEqual([0]);
  });

  it('stores the same float32-drawn weights in Float64Arrays when asked for float64', () => {
    const a = initCell({ cell: 'lstm', inputs: 2, units: 3, seed: 5 });
    const b = initCell({ cell: 'lstm', inputs: 2, units: 3, seed: 5, precision: 'float64' });
    expect(b.precision).toBe('float64');
    for (const name of WEIGHT_NAMES) {
      expect(a[name], name).toBeInstanceOf(Float32Array);
      expect(b[name], name).toBeInstanceOf(Float64Array);
      expect(Array.from(b[name]), name).toEqual(Array.from(a[name]));
    }
  });

  it('gives zero gradients shaped and stored like the weights', () => {
    for (const precision of ['float32', 'float64'] as const) {
      const p = initCell({ cell: 'gru', inputs: 2, units: 3, seed: 1, precision });
      const g = zeroWeights(p);
      for (const name of WEIGHT_NAMES) {
        expect(g[name].length, name).toBe(p[name].length);
        expect(g[name].constructor, name).toBe(p[name].constructor);
        expect(Array.from(g[name]).every((v) => v === 0), name).toBe(true);
      }
    }
    expect(floats('float64', 2)).toEqual(new Float64Array(2));
    expect(floats('float32', 3)).toEqual(new Float32Array(3));
  });
});
