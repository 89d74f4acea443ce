/**
 * Keras' GRU (its default `reset_after=True`, the cuDNN form) with a Dense(1) read-out: forward over
 * a batch of sequences, then backpropagation through time. Its bias is [2, 3H]: one for the input
 * side, one for the recurrent side, each in Keras' gate order z (update), r (reset), h (candidate).
 * Per step, in row vectors:
 *
 *   a = x_t W + b_in,   m = h_{t−1} U + b_rec                  (both [3H])
 *   z = σ(a_z + m_z),   r = σ(a_r + m_r),   n = tanh(a_h + r ⊙ m_h)
 *   h_t = z ⊙ h_{t−1} + (1 − z) ⊙ n
 *
 * Backwards, with g_t = ∂L/∂h_t:
 *
 *   ∂n = g_t ⊙ (1 − z) ⊙ (1 − n²);   ∂z = g_t ⊙ (h_{t−1} − n) ⊙ z(1 − z);   ∂r = ∂n ⊙ m_h ⊙ r(1 − r)
 *   ∂a = [∂z, ∂r, ∂n],  ∂m = [∂z, ∂r, ∂n ⊙ r]
 *   ∂L/∂W += x_tᵀ ∂a,  ∂L/∂b_in += ∂a,  ∂L/∂U += h_{t−1}ᵀ ∂m,  ∂L/∂b_rec += ∂m
 *   g_{t−1} = g_t ⊙ z + ∂m Uᵀ        the first term is the GRU's uninterrupted path, as the LSTM's cell
 */
import { floats, zeroWeights, type Params } from './cells';
import { sigmoid, tanh } from './exact-math';
import { readOut, sumSquares, type Sequences, type ThroughTime } from './sequences';

type Store = Float32Array | Float64Array;

/** One sequence's forward pass: z, r, n per step [T, 3H], m_h (U's candidate block plus its bias) [T, H], h [T + 1, H] (zero first). */
interface States {
  gates: Store;
  mh: Store;
  h: Store;
}

/** U transposed, [3H, H], so that the forward pass reads it in order. */
function transposed(p: Params): Store {
  const [H, G] = [p.units, 3 * p.units];
  const t = floats(p.precision, G * H);
  for (let i = 0; i < H; i++) for (let j = 0; j < G; j++) t[j * H + i] = p.recurrent[i * G + j]!;
  return t;
}

function forward(p: Params, data: Sequences, b: number, s: States, UT: Store, a: Store, m: Store): void {
  const { inputs: D, units: H, kernel: W, bias } = p;
  const { steps: T, x } = data;
  const G = 3 * H;
  // Stryker disable next-line CallExpression: h[0, H) is zero from allocation and never written (states go to t + 1)
  s.h.fill(0, 0, H);
  // Stryker disable next-line EqualityOperator: `t <= T` adds a step past the sequence whose gates and states land past the ends of their arrays (ignored)
  for (let t = 0; t < T; t++) {
    const xo = (b * T + t) * D;
    const prev = t * H;
    // Stryker disable next-line EqualityOperator: the extra pass only writes past the end of a and m
    for (let j = 0; j < G; j++) {
      let aj = bias[j]!;
      for (let k = 0; k < D; k++) aj += x[xo + k]! * W[k * G + j]!;
      a[j] = aj;
      let mj = bias[G + j]!;
      const row = j * H;
      for (let i = 0; i < H; i++) mj += s.h[prev + i]! * UT[row + i]!;
      m[j] = mj;
    }
    const go = t * G;
    for (let j = 0; j < H; j++) {
      const z = sigmoid(a[j]! + m[j]!);
      const r = sigmoid(a[H + j]! + m[H + j]!);
      s.gates[go + j] = z;
      s.gates[go + H + j] = r;
      s.mh[prev + j] = m[2 * H + j]!;
      const n = tanh(a[2 * H + j]! + s.gates[go + H + j]! * s.mh[prev + j]!);
      s.gates[go + 2 * H + j] = n;
      const zs = s.gates[go + j]!;
      s.h[prev + H + j] = zs * s.h[prev + j]! + (1 - zs) * s.gates[go + 2 * H + j]!;
    }
  }
}

function states(p: Params, T: number): States {
  const H = p.units;
  return { gates: floats(p.precision, T * 3 * H), mh: floats(p.precision, T * H), h: floats(p.precision, (T + 1) * H) };
}

export function gruThroughTime(p: Params, data: Sequences): ThroughTime {
  const { inputs: D, units: H, recurrent: U } = p;
  const { batch: B, steps: T, x, y } = data;
  const G = 3 * H;
  const grads = zeroWeights(p);
  const s = states(p, T);
  const UT = transposed(p);
  const [a, m] = [floats(p.precision, G), floats(p.precision, G)];
  const gh = floats(p.precision, H);
  const da = floats(p.precision, G);
  const dm = floats(p.precision, G);
  const squares = new Float64Array(T);
  const outputs = new Float64Array(B);
  let loss = 0;
  for (let b = 0; b < B; b++) {
    forward(p, data, b, s, UT, a, m);
    const out = readOut(p, grads, s.h, T * H, y[b]!, B, gh);
    outputs[b] = out.output;
    loss += out.loss;
    for (let t = T - 1; t >= 0; t--) {
      squares[t] = squares[t]! + sumSquares(gh);
      const go = t * G;
      const prev = t * H;
      for (let j = 0; j < H; j++) {
        const z = s.gates[go + j]!;
        const r = s.gates[go + H + j]!;
        const n = s.gates[go + 2 * H + j]!;
        const g = gh[j]!;
        const dn = g * (1 - z) * (1 - n * n);
        const dz = g * (s.h[prev + j]! - n) * z * (1 - z);
        const dr = dn * s.mh[prev + j]! * r * (1 - r);
        da[j] = dz;
        da[H + j] = dr;
        da[2 * H + j] = dn;
        dm[j] = dz;
        dm[H + j] = dr;
        dm[2 * H + j] = dn * r;
      }
      const xo = (b * T + t) * D;
      // Stryker disable next-line EqualityOperator: the extra pass only writes past the end of the kernel's gradient
      for (let q = 0; q < D; q++) {
        const xq = x[xo + q]!;
        for (let j = 0; j < G; j++) grads.kernel[q * G + j] = grads.kernel[q * G + j]! + xq * da[j]!;
      }
      for (let j = 0; j < G; j++) {
        grads.bias[j] = grads.bias[j]! + da[j]!;
        grads.bias[G + j] = grads.bias[G + j]! + dm[j]!;
      }
      // Stryker disable next-line EqualityOperator: the extra pass only writes past the end of the recurrent gradient and gh
      for (let i = 0; i < H; i++) {
        const hi = s.h[prev + i]!;
        let back = gh[i]! * s.gates[go + i]!;
        for (let j = 0; j < G; j++) {
          grads.recurrent[i * G + j] = grads.recurrent[i * G + j]! + hi * dm[j]!;
          back += U[i * G + j]! * dm[j]!;
        }
        gh[i] = back;
      }
    }
  }
  return { loss, outputs, hNorms: squares.map(Math.sqrt), cNorms: null, grads };
}

/** The states h_0 … h_{T−1} of sequence `b`, [T, H]. */
export function gruStates(p: Params, data: Sequences, b = 0): Store {
  const s = states(p, data.steps);
  const G = 3 * p.units;
  forward(p, data, b, s, transposed(p), floats(p.precision, G), floats(p.precision, G));
  return s.h.subarray(p.units);
}
