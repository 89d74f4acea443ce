/**
 * Recurrent cells as Keras builds them, with their weights drawn from the lab's seeded random source:
 * a simple RNN (tanh), an LSTM and a GRU, each followed by a Dense(1) read-out on the last state.
 *
 * Why plain typed arrays and not TensorFlow.js ops (the rest of src/lab/engine runs on tfjs-wasm):
 * unrolled over T steps, an LSTM's forward and backward pass is some 40 small ops per step, 4,000 at
 * T = 100; at a few microseconds of dispatch each (bench/README.md, FIELD-NOTES "plain Float32Array
 * loop") that alone eats the figure's 50 ms per frame, while the arithmetic (H = 32: about a million
 * multiply-adds) takes a millisecond or two in a plain loop. And a loop of +, −, ×, / in a fixed
 * order, with exp and tanh built from those (exact-math.ts: Math.exp itself differs in the last bit
 * between Node and Chromium), gives the same bits in Node and in any browser whatever backend rung the
 * worker landed on, where XNNPACK's SIMD and plain kernels need not sum in the same order. There is no
 * tensor path for these cells, so nothing to hold equal to; the tests hold the gradients to an
 * independent float64 reference instead.
 *
 * One caveat: the orthogonal kernel starts from random.ts's normal draws, which use Math.log and
 * Math.cos; the values are rounded to float32 at the end, which hides a last-bit difference of the
 * doubles except about once in 2^29 values.
 *
 * Numbers: every parameter, state and gradient is stored in a Float32Array (Keras' float32), each
 * value computed in double within one expression (a dot product accumulates in a double) and rounded
 * once as it is stored. `precision: 'float64'` stores in Float64Array instead, the same weights (they
 * are drawn as float32 values either way): to see past float32's underflow at 1e-45, and for tests.
 *
 * Shapes (row vectors, as Keras writes them): input kernel W [D, G·H], recurrent kernel U [H, G·H],
 * bias [G·H], read-out w [H] and its bias [1]; G = 1 for the simple RNN, 4 for the LSTM with its gates
 * in Keras' order i, f, c, o, 3 for the GRU (z, r, h) whose bias is [2, G·H] (input side, then
 * recurrent side: Keras' reset_after). Row-major: W[k, j] is kernel[k * G·H + j].
 */
import { normal, rngFor, uniform, type Rng } from '../engine/random';

export const CELLS = ['rnn', 'lstm', 'gru'] as const;
export type Cell = (typeof CELLS)[number];

export type Precision = 'float32' | 'float64';

/** The simple RNN's activation (Keras' `activation`): tanh by default, ReLU for Le et al.'s IRNN. The gated cells ignore it. */
export type Activation = 'tanh' | 'relu';
export type Floats = Float32Array | Float64Array;

/** How many blocks of H columns a cell's kernels have (its gates). */
export const GATES: Record<Cell, number> = { rnn: 1, lstm: 4, gru: 3 };

export interface CellConfig {
  cell: Cell;
  /** Features per time step (D). */
  inputs: number;
  /** Hidden units (H). */
  units: number;
  /** One integer fixes every initial weight (the `init` stream of random.ts). */
  seed: number;
  /**
   * Multiplies the orthogonal recurrent kernel: the simple RNN's U then has every singular value, and
   * so its spectral radius, equal to this. Keras' default is 1 (the Orthogonal initializer's gain).
   */
  recurrentScale?: number;
  /** The LSTM's forget-gate bias at the start; Keras' `unit_forget_bias=True` makes it 1. Ignored by the simple RNN. */
  forgetBias?: number;
  /** The simple RNN's activation; default tanh. */
  activation?: Activation;
  /**
   * The recurrent kernel: Keras' orthogonal (default), or the identity times `recurrentScale` (Keras'
   * Identity initializer, the IRNN of Le, Jaitly & Hinton 2015; square kernels only). The orthogonal
   * draw is made either way, so every other weight of a seed is the same under both.
   */
  recurrentInit?: 'orthogonal' | 'identity';
  precision?: Precision;
}

/** Every trainable array of a cell and its read-out; gradients have the same shape. */
export interface Weights {
  kernel: Floats;
  recurrent: Floats;
  bias: Floats;
  readout: Floats;
  readoutBias: Floats;
}

export const WEIGHT_NAMES = ['kernel', 'recurrent', 'bias', 'readout', 'readoutBias'] as const satisfies readonly (keyof Weights)[];

export interface Params extends Weights {
  cell: Cell;
  /** The simple RNN's activation; absent means tanh. */
  activation?: Activation;
  /** D, H. */
  inputs: number;
  units: number;
  precision: Precision;
}

export function floats(precision: Precision, n: number): Floats {
  return precision === 'float32' ? new Float32Array(n) : new Float64Array(n);
}

/** Keras' glorot_uniform: U(±√(6/(fan_in + fan_out))), drawn row by row, as float32 values (as net.ts's initialKernel). */
export function glorotUniform(rng: Rng, fanIn: number, fanOut: number): Float32Array {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const w = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < w.length; i++) w[i] = uniform(rng, -limit, limit);
  return w;
}

/**
 * Keras' Orthogonal initializer for a [rows, cols] kernel: a normal matrix A of shape
 * [max(rows, cols), min(rows, cols)] (drawn row by row), its QR decomposition, Q's columns multiplied by
 * the signs of R's diagonal (which makes the result unique: the Q whose R has a positive diagonal),
 * transposed when rows < cols, times `gain`. So a square kernel has QᵀQ = I, and a wide one (the
 * LSTM's [H, 4H]) orthonormal rows: U Uᵀ = I.
 *
 * The QR here is Gram–Schmidt with each column orthogonalised twice (accurate to rounding); it makes
 * R's diagonal the positive norms directly, so the sign correction is built in. In double, rounded to
 * float32 at the end.
 */
export function orthogonal(rng: Rng, rows: number, cols: number, gain = 1): Float32Array {
  const [m, n] = [Math.max(rows, cols), Math.min(rows, cols)];
  const a = Float64Array.from({ length: m * n }, () => normal(rng));
  const q = new Float64Array(m * n); // column j of Q is q[i * n + j]
  for (let j = 0; j < n; j++) {
    const v = Float64Array.from({ length: m }, (_, i) => a[i * n + j]!);
    for (let pass = 0; pass < 2; pass++) {
      // Stryker disable next-line EqualityOperator: `k <= j` projects on column j, still all zeros, so r = 0
      for (let k = 0; k < j; k++) {
        let r = 0;
        for (let i = 0; i < m; i++) r += q[i * n + k]! * v[i]!;
        // Stryker disable next-line EqualityOperator: `i <= m` only adds a write past the end of v, which is ignored
        for (let i = 0; i < m; i++) v[i] = v[i]! - r * q[i * n + k]!;
      }
    }
    let norm = 0;
    for (let i = 0; i < m; i++) norm += v[i]! * v[i]!;
    norm = Math.sqrt(norm);
    // Stryker disable next-line EqualityOperator: `i <= m` only adds a write past the end of q, which is ignored
    for (let i = 0; i < m; i++) q[i * n + j] = v[i]! / norm;
  }
  const out = new Float32Array(rows * cols);
  // Stryker disable next-line EqualityOperator: `r <= rows` only adds writes past the end of out, which are ignored
  for (let r = 0; r < rows; r++) {
    // Stryker disable next-line EqualityOperator: `c <= cols` writes the next row's first entry early (the same value, or one overwritten next) or past the end
    for (let c = 0; c < cols; c++) out[r * cols + c] = gain * (rows >= cols ? q[r * n + c]! : q[c * n + r]!);
  }
  return out;
}

/**
 * A cell and its read-out as Keras initialises them: glorot-uniform input kernel, orthogonal (or
 * identity) recurrent kernel, zero biases (the LSTM's forget-gate block at `forgetBias`), then the Dense(1) read-out's
 * glorot-uniform kernel and zero bias. Drawn from the seed's `init` stream in that order.
 */
export function initCell(config: CellConfig): Params {
  const { cell, inputs: D, units: H, seed, recurrentScale = 1, forgetBias = 1, activation = 'tanh', recurrentInit = 'orthogonal', precision = 'float32' } = config;
  if (recurrentInit === 'identity' && cell !== 'rnn') throw new Error('the identity recurrent kernel is for the simple RNN (a square kernel)');
  const G = GATES[cell];
  const rng = rngFor(seed, 'init');
  const copy = (values: ArrayLike<number>): Floats => {
    const out = floats(precision, values.length);
    out.set(values as ArrayLike<number>);
    return out;
  };
  const kernel = copy(glorotUniform(rng, D, G * H));
  const drawn = orthogonal(rng, H, G * H, recurrentScale);
  const recurrent = recurrentInit === 'identity' ? copy(Float32Array.from(drawn, (_, k) => (k % (H + 1) === 0 ? recurrentScale : 0))) : copy(drawn);
  const bias = floats(precision, (cell === 'gru' ? 2 : 1) * G * H);
  if (cell === 'lstm') bias.fill(forgetBias, H, 2 * H);
  const readout = copy(glorotUniform(rng, H, 1));
  return { cell, ...(cell === 'rnn' && activation !== 'tanh' ? { activation } : {}), inputs: D, units: H, precision, kernel, recurrent, bias, readout, readoutBias: floats(precision, 1) };
}

/** Zero arrays shaped like a cell's weights (its gradients). */
export function zeroWeights(p: Params): Weights {
  return {
    kernel: floats(p.precision, p.kernel.length),
    recurrent: floats(p.precision, p.recurrent.length),
    bias: floats(p.precision, p.bias.length),
    readout: floats(p.precision, p.readout.length),
    readoutBias: floats(p.precision, 1),
  };
}
