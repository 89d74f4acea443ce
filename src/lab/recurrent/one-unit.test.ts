import { describe, expect, it } from 'vitest';
import { descend, evaluate, foldBiases, lossSurface, PASCANU, wallBias, wallStart } from './one-unit';

/**
 * The reference: the same network differentiated the other way round, forward (tangents), in plain
 * float64 with Math.exp: dx_t/dθ = ∂f/∂θ + w·σ′(x_{t−1})·dx_{t−1}/dθ, carried from x_0 (which depends
 * on neither parameter). Written apart from the module's backward pass on purpose.
 */
function reference(w: number, b: number, T = 50, x0 = 0.5, y = 0.7) {
  const sig = (x: number) => 1 / (1 + Math.exp(-x));
  let x = x0;
  let dw = 0;
  let db = 0;
  for (let t = 0; t < T; t++) {
    const s = sig(x);
    const slope = w * s * (1 - s);
    dw = s + slope * dw;
    db = 1 + slope * db;
    x = w * s + b;
  }
  const s = sig(x);
  const outer = 2 * (s - y) * s * (1 - s);
  return { loss: (s - y) ** 2, gw: outer * dw, gb: outer * db };
}

/** The number of fixed points of x ↦ w·σ(x) + b: sign changes of f(x) − x on a fine grid of x. */
function fixedPoints(w: number, b: number): number {
  const g = (x: number) => w / (1 + Math.exp(-x)) + b - x;
  let count = 0;
  for (let x = -30; x < 30; x += 1e-3) if (Math.sign(g(x)) !== Math.sign(g(x + 1e-3))) count++;
  return count;
}

describe('the one-unit network x_t = w·σ(x_{t−1}) + b', () => {
  it('gives the loss and gradient worked by hand at w = 0, b = 0 (x_t = 0 after the first step)', () => {
    // σ(x_50) = σ(0) = ½: E = (½ − 0.7)² = 0.04; δ_50 = 2·(−0.2)·¼ = −0.1 reaches b alone (w = 0 cuts
    // every earlier step off), and w through σ(x_49) = ½: ∂E/∂w = −0.05.
    const e = evaluate(0, 0);
    expect(e.loss).toBeCloseTo(0.04, 15);
    expect(e.gb).toBeCloseTo(-0.1, 15);
    expect(e.gw).toBeCloseTo(-0.05, 15);
    expect(e.norm).toBeCloseTo(Math.hypot(0.1, 0.05), 15);
  });

  it('reaches the target exactly where σ(x_50) = 0.7: w = 0, b = ln(7/3)', () => {
    expect(evaluate(0, Math.log(7 / 3)).loss).toBeLessThan(1e-28);
  });

  it('backpropagates through time to the forward-mode float64 reference, on and off the wall', () => {
    const points: [number, number][] = [
      [1.3, -0.4],
      [-3, 2],
      [3.5, -1.2],
      [5, -2.3],
      [7.5, -4],
      [5, wallBias(5)], // on the wall: the gradient is in the hundreds
      [9, -1],
    ];
    for (const [w, b] of points) {
      const e = evaluate(w, b);
      const r = reference(w, b);
      expect(e.loss).toBeCloseTo(r.loss, 12);
      expect(Math.abs(e.gw - r.gw)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(r.gw)));
      expect(Math.abs(e.gb - r.gb)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(r.gb)));
    }
  });

  it('agrees with central finite differences where the surface is smooth', () => {
    const h = 1e-6;
    for (const [w, b] of [
      [2, -1],
      [4.5, -1.5],
      [6, -2],
      [0.5, 0.5],
    ] as [number, number][]) {
      const e = evaluate(w, b);
      const fw = (evaluate(w + h, b).loss - evaluate(w - h, b).loss) / (2 * h);
      const fb = (evaluate(w, b + h).loss - evaluate(w, b - h).loss) / (2 * h);
      expect(Math.abs(e.gw - fw)).toBeLessThan(1e-7 + 1e-5 * Math.abs(fw));
      expect(Math.abs(e.gb - fb)).toBeLessThan(1e-7 + 1e-5 * Math.abs(fb));
    }
  });
});

describe('the wall', () => {
  it('has three fixed points only in the band between the saddle-node bifurcations, worked by hand for w = 5', () => {
    // σ(1−σ) = 1/5 ⇒ σ = (1 ± √0.2)/2 = 0.72361, 0.27639; x = ±0.96242; b = x − 5σ = −2.65563, −2.34437.
    const [lo, hi] = foldBiases(5)!;
    expect(lo).toBeCloseTo(-2.65563, 4);
    expect(hi).toBeCloseTo(-2.34437, 4);
    expect(fixedPoints(5, -2.7)).toBe(1);
    expect(fixedPoints(5, -2.5)).toBe(3);
    expect(fixedPoints(5, -2.3)).toBe(1);
    // At w ≤ 4 the slope w·σ′ never passes 1: one fixed point for every b.
    expect(foldBiases(4)).toBeNull();
    for (const b of [-3, -2, -1]) expect(fixedPoints(3.9, b)).toBe(1);
  });

  it('sits where the unstable fixed point passes through x_0 = 0.5, inside that band', () => {
    // b = 0.5 − 5·σ(0.5) = 0.5 − 5·0.6224593 = −2.6122966.
    expect(wallBias(5)).toBeCloseTo(-2.6122966, 6);
    const [lo, hi] = foldBiases(5)!;
    expect(wallBias(5)).toBeGreaterThan(lo);
    expect(wallBias(5)).toBeLessThan(hi);
  });

  it('starts where the slope w·σ′(x_0) reaches 1: w = 1/(σ(0.5)(1 − σ(0.5))), worked by hand', () => {
    // e^−0.5 = 0.6065307, σ(0.5) = 1/1.6065307 = 0.6224593, σ′(0.5) = 0.6224593·0.3775407 = 0.2350037,
    // and 1/0.2350037 = 4.255252. Below it x_0 is a stable fixed point on the line, not a tipping point.
    expect(wallStart()).toBeCloseTo(4.255252, 5);
  });

  it('is no wall on the line where 4 < w < 4.26: the loss changes little across it', () => {
    // At w = 4.18 (below the start) the loss moves by under 0.1 from 0.01 under the line to 0.01
    // over it; at w = 5 (past it) it jumps from near the low plateau (over 0.3) to under 0.02.
    const across = (w: number) => evaluate(w, wallBias(w) - 0.01).loss - evaluate(w, wallBias(w) + 0.01).loss;
    expect(Math.abs(across(4.18))).toBeLessThan(0.1);
    expect(across(5)).toBeGreaterThan(0.3);
  });

  it('makes the gradient norm jump by orders of magnitude across a band 0.02 wide in b', () => {
    // Beside the wall the state settles on an attractor and the gradient is of order 0.1; on it the
    // state lingers at the unstable point, slope w·σ′(0.5) = 1.175 per step, for most of the 50 steps.
    const at = wallBias(5);
    const beside = Math.max(evaluate(5, at - 0.01).norm, evaluate(5, at + 0.01).norm);
    const on = Math.max(...[-2e-5, -1e-5, 0, 1e-5, 2e-5].map((d) => evaluate(5, at + d).norm));
    expect(beside).toBeLessThan(1);
    expect(on).toBeGreaterThan(100 * beside);
    // Steeper as w grows (w·σ′ larger): at w = 8, beyond 10⁹ on the wall, under 0.1 beside it.
    expect(evaluate(8, wallBias(8)).norm).toBeGreaterThan(1e9);
    expect(evaluate(8, wallBias(8) + 0.01).norm).toBeLessThan(0.1);
  });

  it('separates a high-loss plateau from a low one: the two attractors, σ(x_50) near 0 and near 1', () => {
    // Just below the wall x_50 is near the low attractor: E → (0 − 0.7)² = 0.49 as w grows; just above it, E → (1 − 0.7)² = 0.09.
    expect(evaluate(8, wallBias(8) - 0.01).loss).toBeGreaterThan(0.45);
    expect(evaluate(8, wallBias(8) + 0.01).loss).toBeLessThan(0.09);
  });

  it('has no wall where w ≤ 4: the norm stays small along the whole line b ∈ [−3, 0] at w = 3', () => {
    let largest = 0;
    for (let b = -3; b <= 0; b += 1e-4) largest = Math.max(largest, evaluate(3, b).norm);
    expect(largest).toBeLessThan(1);
  });
});

describe('gradient descent on the surface', () => {
  it('takes the step θ − η·g worked by hand from (0, 0)', () => {
    // g = (−0.05, −0.1) at (0, 0): one step of η = 1 goes to (0.05, 0.1).
    const p = descend({ w: 0, b: 0 }, { lr: 1, steps: 1, clip: null });
    expect(Array.from(p.w)).toEqual([0, expect.closeTo(0.05, 15)]);
    expect(Array.from(p.b)).toEqual([0, expect.closeTo(0.1, 15)]);
    expect(p.loss[0]).toBeCloseTo(0.04, 15);
    expect(p.clipped).toBe(0);
  });

  it('rescales a gradient longer than the threshold to the threshold, keeping its direction', () => {
    // ‖g‖ = √(0.05² + 0.1²) = 0.1118 > 0.05: the step is 0.05·g/‖g‖ = (0.02236, 0.04472).
    const p = descend({ w: 0, b: 0 }, { lr: 1, steps: 1, clip: 0.05 });
    expect(p.w[1]).toBeCloseTo(0.05 / Math.sqrt(5), 12);
    expect(p.b[1]).toBeCloseTo(0.1 / Math.sqrt(5), 12);
    expect(p.clipped).toBe(1);
    expect(p.longest).toBeCloseTo(0.05, 12);
  });

  it('leaves a gradient shorter than the threshold alone', () => {
    const plain = descend({ w: 2, b: -1 }, { lr: 0.5, steps: 20, clip: null });
    const clipped = descend({ w: 2, b: -1 }, { lr: 0.5, steps: 20, clip: 10 });
    expect(clipped.clipped).toBe(0);
    expect(Array.from(clipped.b)).toEqual(Array.from(plain.b));
  });

  it('never moves further than η·threshold in one clipped step, however steep the wall', () => {
    const p = descend({ w: 5, b: -2.3 }, { lr: 0.1, steps: 100, clip: 1 });
    for (let k = 1; k < p.w.length; k++) expect(Math.hypot(p.w[k]! - p.w[k - 1]!, p.b[k]! - p.b[k - 1]!)).toBeLessThanOrEqual(0.1 + 1e-12);
  });

  it('keeps every point, the start included: steps + 1 of them', () => {
    const p = descend({ w: 1, b: 1 }, { lr: 0.1, steps: 7, clip: null });
    expect(p.w).toHaveLength(8);
    expect(p.w[0]).toBe(1);
    expect(p.b[0]).toBe(1);
    // Every array has the 8 points, the last point's loss and gradient norm included.
    for (const a of [p.b, p.loss, p.norm]) expect(a).toHaveLength(8);
    const last = evaluate(p.w[7]!, p.b[7]!);
    expect(p.loss[7]).toBe(last.loss);
    expect(p.norm[7]).toBe(last.norm);
  });

  it('stops a path whose gradient is no longer a number', () => {
    const p = descend({ w: Number.POSITIVE_INFINITY, b: 0 }, { lr: 0.1, steps: 5, clip: null });
    expect(p.w).toHaveLength(1);
  });
});

describe('the loss surface', () => {
  it('holds E at each cell’s centre, row 0 at the lowest b', () => {
    const grid = { w: [0, 10], b: [-6, 2], cols: 5, rows: 4 } as const;
    const s = lossSurface(grid);
    expect(s).toHaveLength(20);
    // Cell (row 1, col 3): w = 0 + 3.5·2 = 7, b = −6 + 1.5·2 = −3.
    expect(s[1 * 5 + 3]).toBe(evaluate(7, -3).loss);
    expect(s[0]).toBe(evaluate(1, -5).loss);
  });

  it('measures the cells from the grid’s lower corner when it is not at 0', () => {
    // w ∈ [2, 6] in 4 columns (Δw = 1), b ∈ [−1, 1] in 2 rows (Δb = 1): cell (row 0, col 1) at w = 2 + 1.5 = 3.5, b = −0.5.
    const s = lossSurface({ w: [2, 6], b: [-1, 1], cols: 4, rows: 2 });
    expect(s[1]).toBe(evaluate(3.5, -0.5).loss);
    expect(s[1 * 4 + 3]).toBe(evaluate(5.5, 0.5).loss);
  });

  it('is Pascanu et al.’s: 50 steps from x_0 = 0.5 towards 0.7', () => {
    expect(PASCANU).toEqual({ steps: 50, x0: 0.5, target: 0.7 });
  });
});
