/**
 * The one-unit recurrent network of Pascanu, Mikolov & Bengio, "On the difficulty of training
 * recurrent neural networks" (2013): their one-unit example and its figure of the error surface:
 *
 *   x_t = w·σ(x_{t−1}) + b,   t = 1 … T,   no input,   E = (σ(x_T) − target)²
 *
 * From the paper: one unit, no input, the state x_0 given, the logistic sigmoid σ, T = 50 steps,
 * x_0 = 0.5 and target 0.7 (their "E_50 = (σ(x_50) − 0.7)²"), and clipping as their algorithm 1
 * (rescale the gradient to the threshold when its norm exceeds it). Ours to choose: the region of
 * (w, b) drawn, the step sizes, the number of steps and the threshold (the figure's text file).
 *
 * Why there is a wall. For w > 4 (σ′ ≤ ¼, so the map's slope w·σ′ can pass 1 only then) the map
 * f(x) = w·σ(x) + b has three fixed points for b in a band (two stable, one unstable between them);
 * outside it, one. The band's edges are the saddle-node bifurcations, where f(x) = x and f′(x) = 1:
 * σ(x)(1 − σ(x)) = 1/w, so s = σ(x) = (1 ± √(1 − 4/w))/2 and b = logit(s) − w·s (`foldBiases`).
 * Inside the band the unstable fixed point separates the two basins; where it passes through x_0,
 * that is at b = x_0 − w·σ(x_0) (`wallBias`), x_T jumps from the low attractor to the high one. That
 * needs the slope at x_0 past 1, w·σ′(x_0) > 1, so the line is a wall only from w = 1/σ′(x_0) ≈ 4.26
 * (`wallStart`); between the cusp (w = 4) and there x_0 is a stable fixed point on the line, and the
 * cliff is the band's lower edge instead, where the high attractor vanishes. Near
 * that line the state sits on the unstable point for many steps, and the gradient carries the product
 * of T slopes w·σ′ > 1: it is enormous in a band far narrower than the map's pixels (the tests).
 *
 * Pure arithmetic, no DOM. σ is exact-math's, so the browser and the build draw the same bits even
 * where a path is thrown (a last-bit difference at the wall would otherwise grow).
 */
import { sigmoid } from './exact-math';

export interface OneUnitSetup {
  /** T: the number of steps the state is iterated. */
  steps: number;
  x0: number;
  target: number;
}

/** Pascanu et al.'s setup (their one-unit example). */
export const PASCANU: OneUnitSetup = { steps: 50, x0: 0.5, target: 0.7 };

export interface Evaluation {
  loss: number;
  /** ∂E/∂w and ∂E/∂b by backpropagation through time. */
  gw: number;
  gb: number;
  /** ‖(∂E/∂w, ∂E/∂b)‖. */
  norm: number;
  /** The last state, x_T. */
  xT: number;
}

/**
 * The loss and its exact gradient. Forward: keep σ(x_{t−1}) for every step. Backward: with
 * δ_t = ∂E/∂x_t, δ_T = 2(σ(x_T) − y)·σ′(x_T), each step gives ∂E/∂w += δ_t·σ(x_{t−1}) and
 * ∂E/∂b += δ_t, and δ_{t−1} = δ_t·w·σ′(x_{t−1}), the factor that explodes when w·σ′ > 1.
 */
export function evaluate(w: number, b: number, setup: OneUnitSetup = PASCANU, scratch = new Float64Array(setup.steps + 1)): Evaluation {
  const T = setup.steps;
  let x = setup.x0;
  for (let t = 1; t <= T; t++) {
    const s = sigmoid(x);
    scratch[t - 1] = s;
    x = w * s + b;
  }
  const sT = sigmoid(x);
  const loss = (sT - setup.target) ** 2;
  let delta = 2 * (sT - setup.target) * sT * (1 - sT);
  let gw = 0;
  let gb = 0;
  for (let t = T; t >= 1; t--) {
    const s = scratch[t - 1]!; // σ(x_{t−1})
    gw += delta * s;
    gb += delta;
    delta *= w * s * (1 - s);
  }
  return { loss, gw, gb, norm: Math.hypot(gw, gb), xT: x };
}

export interface DescentOptions {
  /** The step size η. */
  lr: number;
  /** How many updates. */
  steps: number;
  /** Pascanu et al.'s threshold: a gradient longer than this is rescaled to it; null: no clipping. */
  clip: number | null;
}

export interface DescentPath {
  /** The parameters before each update and after the last: steps + 1 points (fewer if the path left the numbers). */
  w: Float64Array;
  b: Float64Array;
  /** E at each of those points. */
  loss: Float64Array;
  /** ‖∇E‖ at each point, before clipping. */
  norm: Float64Array;
  /** How many updates were clipped. */
  clipped: number;
  /** The longest single update, ‖Δ(w, b)‖. */
  longest: number;
}

/**
 * Gradient descent from (w, b): θ ← θ − η·g, with g rescaled to length `clip` when longer (Pascanu
 * et al., algorithm 1). A path whose gradient is no longer a finite number stops there.
 */
export function descend(start: { w: number; b: number }, options: DescentOptions, setup: OneUnitSetup = PASCANU): DescentPath {
  const { lr, steps, clip } = options;
  const w = new Float64Array(steps + 1);
  const b = new Float64Array(steps + 1);
  const loss = new Float64Array(steps + 1);
  const norm = new Float64Array(steps + 1);
  const scratch = new Float64Array(setup.steps + 1);
  let clipped = 0;
  let longest = 0;
  let n = 0;
  w[0] = start.w;
  b[0] = start.b;
  for (; ; n++) {
    const e = evaluate(w[n]!, b[n]!, setup, scratch);
    loss[n] = e.loss;
    norm[n] = e.norm;
    if (n === steps || !Number.isFinite(e.norm)) break;
    const scale = clip !== null && e.norm > clip ? clip / e.norm : 1;
    if (scale < 1) clipped++;
    w[n + 1] = w[n]! - lr * scale * e.gw;
    b[n + 1] = b[n]! - lr * scale * e.gb;
    longest = Math.max(longest, lr * scale * e.norm);
  }
  const kept = n + 1;
  return { w: w.subarray(0, kept), b: b.subarray(0, kept), loss: loss.subarray(0, kept), norm: norm.subarray(0, kept), clipped, longest };
}

export interface SurfaceGrid {
  w: readonly [number, number];
  b: readonly [number, number];
  cols: number;
  rows: number;
}

/**
 * E over a grid of cell centres, row-major, row 0 at the lowest b: cell (r, c) holds
 * E(w_min + (c + ½)·Δw, b_min + (r + ½)·Δb).
 */
export function lossSurface(grid: SurfaceGrid, setup: OneUnitSetup = PASCANU): Float64Array {
  const out = new Float64Array(grid.rows * grid.cols);
  const dw = (grid.w[1] - grid.w[0]) / grid.cols;
  const db = (grid.b[1] - grid.b[0]) / grid.rows;
  // Stryker disable next-line ArithmeticOperator: only the loss is kept, and the loss never reads scratch (the backward pass does)
  const scratch = new Float64Array(setup.steps + 1);
  // Stryker disable next-line EqualityOperator: `r <= rows` adds a row past the end of out, whose writes are ignored
  for (let r = 0; r < grid.rows; r++) {
    // Stryker disable next-line EqualityOperator: `c <= cols` writes the next row's first cell early (overwritten next) or past the end
    for (let c = 0; c < grid.cols; c++) out[r * grid.cols + c] = evaluate(grid.w[0] + (c + 0.5) * dw, grid.b[0] + (r + 0.5) * db, setup, scratch).loss;
  }
  return out;
}

/** Where the unstable fixed point passes through x_0: b = x_0 − w·σ(x_0), the wall (for w from `wallStart` on). */
export const wallBias = (w: number, setup: OneUnitSetup = PASCANU): number => setup.x0 - w * sigmoid(setup.x0);

/** Where the wall begins: the w at which the slope w·σ′(x_0) at x_0 reaches 1, 1/(σ(x_0)(1 − σ(x_0))). */
export function wallStart(setup: OneUnitSetup = PASCANU): number {
  const s = sigmoid(setup.x0);
  return 1 / (s * (1 - s));
}

/** The band of b with three fixed points at this w (the saddle-node bifurcations), or null for w ≤ 4. */
export function foldBiases(w: number): [number, number] | null {
  if (!(w > 4)) return null;
  const root = Math.sqrt(1 - 4 / w);
  const edge = (s: number) => Math.log(s / (1 - s)) - w * s;
  return [edge((1 + root) / 2), edge((1 - root) / 2)];
}
