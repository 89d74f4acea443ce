/**
 * Keras' SimpleRNN (tanh, or ReLU for the IRNN) with a Dense(1) read-out: forward over a batch of
 * sequences, then backpropagation through time. Per step, in row vectors (cells.ts has the shapes):
 *
 *   h_t = tanh(x_t W + h_{t−1} U + b)        (ReLU: max(0, ·))
 *
 * and backwards, with g_t = ∂L/∂h_t:
 *
 *   a_t = g_t ⊙ (1 − h_t²)                  tanh's slope, ≤ 1: the γ = 1 of Pascanu et al.
 *                                           (ReLU: g_t where h_t > 0, else 0; slope 1 or 0, also γ = 1,
 *                                           but nothing bounds h, so U = I can carry a state unchanged)
 *   ∂L/∂W += x_tᵀ a_t,  ∂L/∂U += h_{t−1}ᵀ a_t,  ∂L/∂b += a_t
 *   g_{t−1} = a_t Uᵀ                         the step that shrinks (or grows) the gradient: ≤ σ_max(U)
 *
 * so ‖g_{t−1}‖ ≤ σ_max(U) ‖g_t‖, and a scale below 1 makes the gradient vanish geometrically.
 */
import { floats, zeroWeights, type Params } from './cells';
import { tanh } from './exact-math';
import { readOut, sumSquares, type Sequences, type ThroughTime } from './sequences';

/** The states h_t of one sequence: [T + 1, H], the zero initial state first. */
/** U transposed, so that the forward pass reads it in order. */
function transposed(p: Params): Float32Array | Float64Array {
  const H = p.units;
  const t = floats(p.precision, H * H);
  for (let i = 0; i < H; i++) for (let j = 0; j < H; j++) t[j * H + i] = p.recurrent[i * H + j]!;
  return t;
}

function forward(p: Params, data: Sequences, b: number, hs: Float32Array | Float64Array, UT: Float32Array | Float64Array): void {
  const { inputs: D, units: H, kernel: W, bias } = p;
  const relu = p.activation === 'relu';
  const { steps: T, x } = data;
  // Stryker disable next-line EqualityOperator: `t <= T` adds a step past the sequence whose states land past the end of hs (ignored)
  for (let t = 0; t < T; t++) {
    const xo = (b * T + t) * D;
    const prev = t * H;
    const next = prev + H;
    for (let j = 0; j < H; j++) {
      let a = bias[j]!;
      for (let k = 0; k < D; k++) a += x[xo + k]! * W[k * H + j]!;
      for (let i = 0; i < H; i++) a += hs[prev + i]! * UT[j * H + i]!;
      hs[next + j] = relu ? (a > 0 ? a : 0) : tanh(a);
    }
  }
}

export function rnnThroughTime(p: Params, data: Sequences): ThroughTime {
  const { inputs: D, units: H, recurrent: U } = p;
  const { batch: B, steps: T, x, y } = data;
  const g = zeroWeights(p);
  const hs = floats(p.precision, (T + 1) * H);
  const UT = transposed(p);
  const gh = floats(p.precision, H);
  const ga = floats(p.precision, H);
  const squares = new Float64Array(T);
  const outputs = new Float64Array(B);
  const relu = p.activation === 'relu';
  let loss = 0;
  for (let b = 0; b < B; b++) {
    // Stryker disable next-line CallExpression: hs[0, H) is zero from allocation and never written (states go to t + 1)
    hs.fill(0, 0, H);
    forward(p, data, b, hs, UT);
    const out = readOut(p, g, hs, T * H, y[b]!, B, gh);
    outputs[b] = out.output;
    loss += out.loss;
    for (let t = T - 1; t >= 0; t--) {
      squares[t] = squares[t]! + sumSquares(gh);
      const here = (t + 1) * H;
      const prev = t * H;
      for (let j = 0; j < H; j++) {
        const h = hs[here + j]!;
        // ReLU's slope at exactly 0 is taken as 0 (TensorFlow's choice): h = 0 there either way.
        ga[j] = relu ? (h > 0 ? gh[j]! : 0) : gh[j]! * (1 - h * h);
      }
      const xo = (b * T + t) * D;
      for (let k = 0; k < D; k++) {
        const xk = x[xo + k]!;
        for (let j = 0; j < H; j++) g.kernel[k * H + j] = g.kernel[k * H + j]! + xk * ga[j]!;
      }
      for (let i = 0; i < H; i++) {
        const hi = hs[prev + i]!;
        let back = 0;
        for (let j = 0; j < H; j++) {
          g.recurrent[i * H + j] = g.recurrent[i * H + j]! + hi * ga[j]!;
          back += U[i * H + j]! * ga[j]!;
        }
        gh[i] = back;
      }
      for (let j = 0; j < H; j++) g.bias[j] = g.bias[j]! + ga[j]!;
    }
  }
  return { loss, outputs, hNorms: squares.map(Math.sqrt), cNorms: null, grads: g };
}

/** The states h_0 … h_{T−1} of sequence `b`, [T, H] (for Jacobians and pictures). */
export function rnnStates(p: Params, data: Sequences, b = 0): Float32Array | Float64Array {
  const hs = floats(p.precision, (data.steps + 1) * p.units);
  forward(p, data, b, hs, transposed(p));
  return hs.subarray(p.units);
}
