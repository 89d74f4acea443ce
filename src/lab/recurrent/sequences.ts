/**
 * What the cells read and what backpropagation through time gives back.
 *
 * The loss is Keras' mean squared error of the Dense(1) read-out on the last state, averaged over
 * the batch: L = (1/B) Σ_b (w·h_{T−1} + c − y_b)². Time steps are numbered 0…T−1; h_t is the state
 * after reading x_t, and the state before x_0 is zero.
 */
import type { Floats, Params, Weights } from './cells';

/** A batch of B sequences of T steps with D features each, and one target per sequence. */
export interface Sequences {
  batch: number;
  steps: number;
  features: number;
  /** [B, T, D], row-major: x[(b·T + t)·D + k]. */
  x: Floats;
  /** [B]. */
  y: Floats;
}

export interface ThroughTime {
  loss: number;
  /** Per sequence: the read-out's output, [B]. */
  outputs: Float64Array;
  /**
   * ‖∂L/∂h_t‖ for t = 0…T−1: the total derivative (through every later step), its L2 norm over the
   * batch and the units (what `tape.gradient(loss, h_t)` of a [B, H] tensor has). In double, from the
   * stored gradient vectors, so a float32 run's vanished gradients read 0 where float32 underflowed.
   */
  hNorms: Float64Array;
  /** The LSTM's ‖∂L/∂c_t‖ (its cell state), same convention; null for the simple RNN. */
  cNorms: Float64Array | null;
  /** ∂L/∂(each weight), shaped like the weights. */
  grads: Weights;
}

/** Σ v_i² in double. */
export function sumSquares(v: Floats, from = 0, to = v.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += v[i]! * v[i]!;
  return s;
}

/**
 * The Dense(1) read-out on the last state h (H values of `h` from `at`) for one sequence of a batch of
 * B: adds the sequence's share of the loss's gradient to the read-out's gradients in `g`, writes
 * ∂L/∂h into `gh`, and returns the output and the sequence's share of the loss.
 */
export function readOut(p: Params, g: Weights, h: Floats, at: number, y: number, batch: number, gh: Floats): { output: number; loss: number } {
  const H = p.units;
  let output = p.readoutBias[0]!;
  for (let j = 0; j < H; j++) output += h[at + j]! * p.readout[j]!;
  const e = output - y;
  const dOut = (2 * e) / batch;
  g.readoutBias[0] = g.readoutBias[0]! + dOut;
  // Stryker disable next-line EqualityOperator: `j <= H` only adds writes past the ends of typed arrays of H, which are ignored
  for (let j = 0; j < H; j++) {
    g.readout[j] = g.readout[j]! + dOut * h[at + j]!;
    gh[j] = dOut * p.readout[j]!;
  }
  return { output, loss: (e * e) / batch };
}
