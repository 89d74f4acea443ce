/**
 * The gradient through time for either cell, and what the article draws beside it: the largest
 * singular value of the recurrent kernel and the simple RNN's per-step Jacobian norms, from Pascanu,
 * Mikolov & Bengio, "On the difficulty of training recurrent neural networks" (2013):
 *
 *   ‖∂h_t/∂h_{t−1}‖ = ‖diag(1 − h_t²) Uᵀ‖ ≤ γ σ_max(U),  γ = 1 for tanh,
 *
 * so ‖∂L/∂h_s‖ ≤ ‖∂L/∂h_{T−1}‖ σ_max(U)^{T−1−s} when the loss sits on the last step.
 */
import type { Params } from './cells';
import { gruThroughTime } from './gru';
import { lstmThroughTime } from './lstm';
import type { Sequences, ThroughTime } from './sequences';
import { rnnStates, rnnThroughTime } from './simple-rnn';

export function throughTime(p: Params, data: Sequences): ThroughTime {
  if (data.features !== p.inputs) throw new Error(`the sequences have ${data.features} features, the cell reads ${p.inputs}`);
  switch (p.cell) {
    case 'rnn':
      return rnnThroughTime(p, data);
    case 'lstm':
      return lstmThroughTime(p, data);
    case 'gru':
      return gruThroughTime(p, data);
    default: {
      const never: never = p.cell;
      throw new Error(`unknown cell ${String(never)}`);
    }
  }
}

/**
 * The bound's line under a loss on the last step: ‖∂L/∂h_{T−1}‖ σ^{T−1−t} for t = 0…T−1, with σ the
 * recurrent kernel's σ_max (times γ = 1 for tanh). The simple RNN's ‖∂L/∂h_t‖ stays at or below it.
 */
export function pascanuBound(hNorms: ArrayLike<number>, sigma: number): Float64Array {
  const T = hNorms.length;
  return Float64Array.from({ length: T }, (_, t) => hNorms[T - 1]! * sigma ** (T - 1 - t));
}

/**
 * The largest eigenvalue of a symmetric n×n matrix (row-major, overwritten) by cyclic Jacobi rotations,
 * exact to rounding: power iteration's estimate is off by up to about λ/(2ke) after k rounds when the
 * top of the spectrum is crowded, as it is for an orthogonal kernel times a slope near 1.
 */
function largestEigenvalue(m: Float64Array, n: number): number {
  // Stryker disable next-line EqualityOperator,UpdateOperator: the sweeps end at convergence (break below), long before 100
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let diagonal = 0;
    for (let p = 0; p < n; p++) {
      // Stryker disable next-line ArithmeticOperator: the diagonal only scales the stopping threshold; more sweeps change nothing but rounding
      diagonal += m[p * n + p]! ** 2;
      for (let q = p + 1; q < n; q++) off += m[p * n + q]! ** 2;
    }
    // Off-diagonal mass 1e-28 of the diagonal's: the eigenvalues are then exact to about that, relatively.
    // Stryker disable next-line EqualityOperator,ArithmeticOperator: a stricter threshold only adds sweeps on a converged matrix
    if (off <= 1e-28 * diagonal) break;
    // Stryker disable next-line EqualityOperator: `p <= n` adds a p with no q after it
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const mpq = m[p * n + q]!;
        if (mpq === 0) continue;
        const theta = (m[q * n + q]! - m[p * n + p]!) / (2 * mpq);
        // Stryker disable next-line EqualityOperator: at θ = 0 either root t = ±1 is a rotation that zeroes m[p][q]
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        // Stryker disable next-line EqualityOperator: `k <= n` reads and writes past the end of m only
        for (let k = 0; k < n; k++) {
          const mkp = m[k * n + p]!;
          const mkq = m[k * n + q]!;
          m[k * n + p] = c * mkp - s * mkq;
          m[k * n + q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < n; k++) {
          const mpk = m[p * n + k]!;
          const mqk = m[q * n + k]!;
          m[p * n + k] = c * mpk - s * mqk;
          m[q * n + k] = s * mpk + c * mqk;
        }
      }
    }
  }
  let top = 0;
  for (let p = 0; p < n; p++) top = Math.max(top, m[p * n + p]!);
  return top;
}

/** σ_max of a row-major [rows, cols] matrix: √ of the largest eigenvalue of AᵀA. About 1 ms for 32 × 32. */
export function spectralNorm(a: ArrayLike<number>, rows: number, cols: number): number {
  const gram = new Float64Array(cols * cols);
  // Stryker disable next-line EqualityOperator: `i <= cols` adds an i whose j loop is empty
  for (let i = 0; i < cols; i++) {
    for (let j = i; j < cols; j++) {
      let s = 0;
      for (let r = 0; r < rows; r++) s += a[r * cols + i]! * a[r * cols + j]!;
      gram[i * cols + j] = s;
      gram[j * cols + i] = s;
    }
  }
  return Math.sqrt(largestEigenvalue(gram, cols));
}

/**
 * The simple RNN's ‖∂h_t/∂h_{t−1}‖ (spectral norm) for t = 0…T−1 along sequence `b`:
 * ∂h_t[j]/∂h_{t−1}[i] = (1 − h_t[j]²) U[i, j]. At t = 0 that is the derivative with respect to the
 * zero initial state. One spectral norm per step: about 1 ms each at H = 32, for pictures made once,
 * not on every frame of a drag.
 */
export function rnnJacobianNorms(p: Params, data: Sequences, b = 0): Float64Array {
  if (p.cell !== 'rnn') throw new Error('per-step Jacobians are drawn for the simple RNN');
  const { units: H, recurrent: U } = p;
  const hs = rnnStates(p, data, b);
  const jacobian = new Float64Array(H * H);
  return Float64Array.from({ length: data.steps }, (_, t) => {
    // Stryker disable next-line EqualityOperator: `j <= H` only writes past the end of the Jacobian
    for (let j = 0; j < H; j++) {
      const slope = 1 - hs[t * H + j]! ** 2;
      // Stryker disable next-line EqualityOperator: `i <= H` writes the next row's first entry early (overwritten next) or past the end
      for (let i = 0; i < H; i++) jacobian[j * H + i] = slope * U[i * H + j]!;
    }
    return spectralNorm(jacobian, H, H);
  });
}
