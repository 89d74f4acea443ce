/**
 * Keras' LSTM (sigmoid gates, tanh cell input and output) with a Dense(1) read-out: forward over a
 * batch of sequences, then backpropagation through time. Per step, in row vectors, with the four
 * blocks of z in Keras' order i, f, c, o:
 *
 *   z_t = x_t W + h_{t−1} U + b
 *   i, f, o = σ(z_i), σ(z_f), σ(z_o);  g = tanh(z_c)
 *   c_t = f ⊙ c_{t−1} + i ⊙ g;         h_t = o ⊙ tanh(c_t)
 *
 * Backwards, with g_t = ∂L/∂h_t and k_t = ∂L/∂c_t (both total derivatives):
 *
 *   k_t = k_{t+1} ⊙ f_{t+1} + g_t ⊙ o ⊙ (1 − tanh²c_t)     the cell's path: a product of forget gates,
 *                                                         no weight matrix and no squashing slope
 *   ∂z_i = k_t ⊙ g ⊙ i(1−i),  ∂z_f = k_t ⊙ c_{t−1} ⊙ f(1−f),  ∂z_c = k_t ⊙ i ⊙ (1−g²),  ∂z_o = g_t ⊙ tanh c_t ⊙ o(1−o)
 *   ∂L/∂W += x_tᵀ ∂z,  ∂L/∂U += h_{t−1}ᵀ ∂z,  ∂L/∂b += ∂z
 *   g_{t−1} = ∂z Uᵀ
 *
 * The first line is why the gradient survives: with forget gates near 1 (the bias of 1 starts them at
 * σ(1) ≈ 0.73), k shrinks by f per step whatever the scale of U.
 */
import { floats, zeroWeights, type Params } from './cells';
import { sigmoid, tanh } from './exact-math';
import { readOut, sumSquares, type Sequences, type ThroughTime } from './sequences';

type Store = Float32Array | Float64Array;

/** One sequence's forward pass: gates [T, 4H] (after their activations), c and h [T + 1, H] (zero first), tanh(c) [T, H]. */
interface States {
  gates: Store;
  c: Store;
  h: Store;
  tc: Store;
}

/** U transposed, [4H, H], so that the forward pass reads it in order. */
function transposed(p: Params): Store {
  const [H, G] = [p.units, 4 * p.units];
  const t = floats(p.precision, G * H);
  for (let i = 0; i < H; i++) for (let j = 0; j < G; j++) t[j * H + i] = p.recurrent[i * G + j]!;
  return t;
}

function forward(p: Params, data: Sequences, b: number, s: States, UT: Store): void {
  const { inputs: D, units: H, kernel: W, bias } = p;
  const { steps: T, x } = data;
  const G = 4 * H;
  // Stryker disable next-line CallExpression: c[0, H) is zero from allocation and never written (states go to t + 1)
  s.c.fill(0, 0, H);
  // Stryker disable next-line CallExpression: h[0, H) is zero from allocation and never written (states go to t + 1)
  s.h.fill(0, 0, H);
  // Stryker disable next-line EqualityOperator: `t <= T` adds a step past the sequence whose gates and states land past the ends of their arrays (ignored)
  for (let t = 0; t < T; t++) {
    const xo = (b * T + t) * D;
    const prev = t * H;
    const next = prev + H;
    const zo = t * G;
    // Stryker disable next-line EqualityOperator: `j <= G` writes the next step's first gate early (recomputed before it is read) or past the end
    for (let j = 0; j < G; j++) {
      let z = bias[j]!;
      for (let k = 0; k < D; k++) z += x[xo + k]! * W[k * G + j]!;
      const row = j * H;
      for (let i = 0; i < H; i++) z += s.h[prev + i]! * UT[row + i]!;
      s.gates[zo + j] = j >= 2 * H && j < 3 * H ? tanh(z) : sigmoid(z);
    }
    // Stryker disable next-line EqualityOperator: `j <= H` writes the next step's first c, tanh c and h early (recomputed before they are read) or past the ends
    for (let j = 0; j < H; j++) {
      const i = s.gates[zo + j]!;
      const f = s.gates[zo + H + j]!;
      const g = s.gates[zo + 2 * H + j]!;
      const o = s.gates[zo + 3 * H + j]!;
      s.c[next + j] = f * s.c[prev + j]! + i * g;
      s.tc[prev + j] = tanh(s.c[next + j]!);
      s.h[next + j] = o * s.tc[prev + j]!;
    }
  }
}

function states(p: Params, T: number): States {
  const H = p.units;
  return { gates: floats(p.precision, T * 4 * H), c: floats(p.precision, (T + 1) * H), h: floats(p.precision, (T + 1) * H), tc: floats(p.precision, T * H) };
}

export function lstmThroughTime(p: Params, data: Sequences): ThroughTime {
  const { inputs: D, units: H, recurrent: U } = p;
  const { batch: B, steps: T, x, y } = data;
  const G = 4 * H;
  const grads = zeroWeights(p);
  const s = states(p, T);
  const UT = transposed(p);
  const gh = floats(p.precision, H);
  const k = floats(p.precision, H);
  const dz = floats(p.precision, G);
  const hSquares = new Float64Array(T);
  const cSquares = new Float64Array(T);
  const outputs = new Float64Array(B);
  let loss = 0;
  for (let b = 0; b < B; b++) {
    forward(p, data, b, s, UT);
    const out = readOut(p, grads, s.h, T * H, y[b]!, B, gh);
    outputs[b] = out.output;
    loss += out.loss;
    k.fill(0); // k_{t+1} ⊙ f_{t+1}, zero past the end
    for (let t = T - 1; t >= 0; t--) {
      hSquares[t] = hSquares[t]! + sumSquares(gh);
      const zo = t * G;
      const prev = t * H;
      for (let j = 0; j < H; j++) {
        const i = s.gates[zo + j]!;
        const f = s.gates[zo + H + j]!;
        const g = s.gates[zo + 2 * H + j]!;
        const o = s.gates[zo + 3 * H + j]!;
        const tc = s.tc[prev + j]!;
        k[j] = k[j]! + gh[j]! * o * (1 - tc * tc);
        const kj = k[j]!;
        dz[j] = kj * g * i * (1 - i);
        dz[H + j] = kj * s.c[prev + j]! * f * (1 - f);
        dz[2 * H + j] = kj * i * (1 - g * g);
        dz[3 * H + j] = gh[j]! * tc * o * (1 - o);
      }
      cSquares[t] = cSquares[t]! + sumSquares(k);
      // Stryker disable next-line EqualityOperator: the extra pass only writes past the end of k
      for (let j = 0; j < H; j++) k[j] = k[j]! * s.gates[zo + H + j]!;
      const xo = (b * T + t) * D;
      // Stryker disable next-line EqualityOperator: the extra pass only writes past the end of the kernel's gradient
      for (let q = 0; q < D; q++) {
        const xq = x[xo + q]!;
        for (let j = 0; j < G; j++) grads.kernel[q * G + j] = grads.kernel[q * G + j]! + xq * dz[j]!;
      }
      // Stryker disable next-line EqualityOperator: the extra pass only writes past the end of the recurrent gradient and gh
      for (let i = 0; i < H; i++) {
        const hi = s.h[prev + i]!;
        let back = 0;
        for (let j = 0; j < G; j++) {
          grads.recurrent[i * G + j] = grads.recurrent[i * G + j]! + hi * dz[j]!;
          back += U[i * G + j]! * dz[j]!;
        }
        gh[i] = back;
      }
      // Stryker disable next-line EqualityOperator: the extra pass only writes past the end of the bias's gradient
      for (let j = 0; j < G; j++) grads.bias[j] = grads.bias[j]! + dz[j]!;
    }
  }
  return { loss, outputs, hNorms: hSquares.map(Math.sqrt), cNorms: cSquares.map(Math.sqrt), grads };
}

/** The states h_0 … h_{T−1} and c_0 … c_{T−1} of sequence `b`, each [T, H]. */
export function lstmStates(p: Params, data: Sequences, b = 0): { h: Store; c: Store } {
  const s = states(p, data.steps);
  forward(p, data, b, s, transposed(p));
  return { h: s.h.subarray(p.units), c: s.c.subarray(p.units) };
}
