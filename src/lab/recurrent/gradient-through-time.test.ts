import { describe, expect, it } from 'vitest';
import { initCell, WEIGHT_NAMES, type Params } from './cells';
import type { Sequences } from './sequences';
import { checkSettings, firstToLast, forgetGates, meanSlope, probeSequence, recurrentSigma, seedCells, THROUGH_TIME_DEFAULTS, THROUGH_TIME_UNITS, throughTimeFrame, withKnobs, type ThroughTimeSettings } from './gradient-through-time';

/*
 * The reference: both cells' forward pass written here from Keras' definitions with Math.tanh and
 * Math.exp, and ∂L/∂h_t by central differences: run to step t, nudge one unit of h_t by ±ε, run on to
 * the answer. Nothing of the lab's backward pass is used.
 */
const sig = (x: number) => 1 / (1 + Math.exp(-x));

/** One step of either cell from (h, c) on input step t: the new (h, c). */
function step(p: Params, data: Sequences, t: number, h: number[], c: number[]): { h: number[]; c: number[] } {
  const H = p.units;
  const G = p.cell === 'lstm' ? 4 * H : H;
  const z = Array.from({ length: G }, (_, j) => {
    let a = p.bias[j]!;
    for (let k = 0; k < 2; k++) a += data.x[t * 2 + k]! * p.kernel[k * G + j]!;
    for (let i = 0; i < H; i++) a += h[i]! * p.recurrent[i * G + j]!;
    return a;
  });
  if (p.cell === 'rnn') return { h: z.map(Math.tanh), c };
  const next = c.map((cj, j) => sig(z[H + j]!) * cj + sig(z[j]!) * Math.tanh(z[2 * H + j]!));
  return { h: next.map((cj, j) => sig(z[3 * H + j]!) * Math.tanh(cj)), c: next };
}

/** The loss when the state before step t0 is (h0, c0). */
function lossFrom(p: Params, data: Sequences, t0: number, h0: number[], c0: number[]): number {
  let s = { h: h0, c: c0 };
  for (let t = t0; t < data.steps; t++) s = step(p, data, t, s.h, s.c);
  const out = s.h.reduce((sum, hj, j) => sum + hj * p.readout[j]!, p.readoutBias[0]!);
  return (out - data.y[0]!) ** 2;
}

/** The states (h, c) after steps 0…t−1 (the zero state for t = 0). */
function stateBefore(p: Params, data: Sequences, t: number): { h: number[]; c: number[] } {
  let s = { h: new Array<number>(p.units).fill(0), c: new Array<number>(p.units).fill(0) };
  for (let u = 0; u < t; u++) s = step(p, data, u, s.h, s.c);
  return s;
}

/** ‖∂L/∂h_t‖ by central differences: h_t is the state after step t, so the run resumes at t + 1. */
function numericNorm(p: Params, data: Sequences, t: number, eps = 1e-6): number {
  const { h, c } = stateBefore(p, data, t + 1);
  let sum = 0;
  for (let i = 0; i < p.units; i++) {
    const up = h.slice();
    const down = h.slice();
    up[i]! += eps;
    down[i]! -= eps;
    const d = (lossFrom(p, data, t + 1, up, c) - lossFrom(p, data, t + 1, down, c)) / (2 * eps);
    sum += d * d;
  }
  return Math.sqrt(sum);
}

const settings = (change: Partial<ThroughTimeSettings> = {}): ThroughTimeSettings => ({ ...THROUGH_TIME_DEFAULTS, ...change });

describe('the figure’s settings', () => {
  it('are Keras’ initialisation by default: scale 1, forget-gate bias 1, on seed 1', () => {
    expect(THROUGH_TIME_DEFAULTS).toEqual({ steps: 50, scale: 1, forgetBias: 1, seed: 1 });
  });

  it('keep what is in range and replace the rest by the default, naming it', () => {
    const { settings: s, rejected } = checkSettings({ steps: 1000, scale: 0.7, forgetBias: Number.NaN, seed: 2.5 });
    expect(s).toEqual({ steps: 50, scale: 0.7, forgetBias: 1, seed: 1 });
    expect(rejected.sort()).toEqual(['forgetBias', 'seed', 'steps']);
  });

  it('refuse strings and fractions of a step', () => {
    expect(checkSettings({ steps: '80' as unknown as number }).rejected).toEqual(['steps']);
    expect(checkSettings({ steps: 80.5 }).rejected).toEqual(['steps']);
    expect(checkSettings({ steps: 80 }).settings.steps).toBe(80);
  });

  it('take both ends of each range and refuse what is just outside', () => {
    // The ranges: steps 5…200, scale 0.5…1.5, forget-gate bias −2…5, seed 0…2³² − 1.
    const ends = { steps: [5, 200], scale: [0.5, 1.5], forgetBias: [-2, 5], seed: [0, 4294967295] } as const;
    for (const [key, [lo, hi]] of Object.entries(ends) as [keyof ThroughTimeSettings, readonly [number, number]][]) {
      for (const v of [lo, hi]) expect(checkSettings({ [key]: v }), `${key} ${v}`).toEqual({ settings: settings({ [key]: v }), rejected: [] });
      for (const v of [lo - 1, hi + 1]) expect(checkSettings({ [key]: v }).rejected, `${key} ${v}`).toEqual([key]);
    }
  });
});

describe('the knobs applied to a seed’s cells', () => {
  it('give initCell’s cells bit for bit at scale 1 and bias 1', () => {
    const cells = seedCells(3);
    for (const cell of ['rnn', 'lstm'] as const) {
      const a = withKnobs(cells[cell], settings({ seed: 3 }));
      const b = initCell({ cell, inputs: 2, units: THROUGH_TIME_UNITS, seed: 3, precision: 'float64' });
      for (const name of WEIGHT_NAMES) expect(Array.from(a[name]), `${cell} ${name}`).toEqual(Array.from(b[name]));
    }
  });

  it('scale the recurrent kernel and set the LSTM’s forget block only', () => {
    const cells = seedCells(3);
    const lstm = withKnobs(cells.lstm, settings({ seed: 3, scale: 0.5, forgetBias: 4 }));
    const H = THROUGH_TIME_UNITS;
    expect(lstm.recurrent[7]).toBe(cells.lstm.recurrent[7]! * 0.5);
    expect(Array.from(lstm.bias.subarray(H, 2 * H))).toEqual(new Array(H).fill(4));
    expect([...lstm.bias.subarray(0, H), ...lstm.bias.subarray(2 * H)].every((b) => b === 0)).toBe(true);
    expect(cells.lstm.recurrent[7]).not.toBe(lstm.recurrent[7]); // the seed's cells stay as they were
  });
});

describe('one frame of the figure', () => {
  it.each([
    ['rnn', settings({ steps: 12 })],
    ['lstm', settings({ steps: 12 })],
    ['rnn', settings({ steps: 12, scale: 1.3, seed: 4 })],
    ['lstm', settings({ steps: 12, forgetBias: 3, seed: 4 })],
  ] as const)('gives the %s’s ‖∂L/∂h_t‖ of central differences, step by step (%o)', (cell, s) => {
    const frame = throughTimeFrame(s);
    const p = withKnobs(seedCells(s.seed)[cell], s);
    const data = probeSequence(s.seed, s.steps);
    expect(frame[cell]).toHaveLength(s.steps);
    for (const t of [0, 5, s.steps - 1]) {
      const numeric = numericNorm(p, data, t);
      expect(Math.abs(frame[cell][t]! - numeric), `step ${t}`).toBeLessThan(1e-6 * numeric + 1e-12);
    }
  });

  it('has σ_max = the scale (an orthogonal kernel times it), and the simple RNN under the bound at every step', () => {
    for (const scale of [0.6, 1, 1.4]) {
      const frame = throughTimeFrame(settings({ scale, steps: 80 }));
      expect(frame.sigma).toBeCloseTo(scale, 6);
      frame.rnn.forEach((n, t) => expect(n, `step ${t}`).toBeLessThanOrEqual(frame.bound[t]! * (1 + 1e-9)));
      expect(frame.bound[79]).toBe(frame.rnn[79]);
    }
  });

  it('keeps at most 0.5^99 ≈ 1.6e-30 of the gradient through 100 steps of a simple RNN at scale 0.5 (the bound, by hand)', () => {
    expect(firstToLast(throughTimeFrame(settings({ scale: 0.5, steps: 100 })).rnn)).toBeLessThan(0.5 ** 99);
  });

  it('takes the simple RNN from the frame before when only the forget-gate bias moved, and only then', () => {
    const cells = seedCells(1);
    const before = throughTimeFrame(settings(), cells);
    const biased = throughTimeFrame(settings({ forgetBias: 3 }), cells, before);
    expect(biased.rnn).toBe(before.rnn);
    expect(Array.from(biased.lstm)).toEqual(Array.from(throughTimeFrame(settings({ forgetBias: 3 }), cells).lstm));
    expect(throughTimeFrame(settings({ scale: 0.9 }), cells, before).rnn).not.toBe(before.rnn);
    expect(throughTimeFrame(settings({ steps: 30 }), cells, before).rnn).toHaveLength(30);
    // Another seed's frame before: its simple RNN is not this seed's.
    const other = throughTimeFrame(settings({ seed: 2, forgetBias: 3 }), seedCells(2), before);
    expect(other.rnn).not.toBe(before.rnn);
    expect(Array.from(other.rnn)).toEqual(Array.from(throughTimeFrame(settings({ seed: 2 }), seedCells(2)).rnn));
  });

  it('refuses cells of another seed', () => {
    expect(() => throughTimeFrame(settings({ seed: 2 }), seedCells(1))).toThrow(/seed 1/);
  });
});

describe('what the trained curves are measured with', () => {
  it('reads the share of the gradient that reaches the first step as first ÷ last', () => {
    expect(firstToLast([2, 3, 8])).toBe(0.25);
  });

  it('takes σ_max of a wide [H, G·H] kernel through its H × H side, worked by hand', () => {
    // One unit, [3, 4, 0, 0]: a single row, so σ_max is its length, 5.
    expect(recurrentSigma([3, 4, 0, 0], 1)).toBeCloseTo(5, 12);
    // Two units, rows [1, 0, 0, 0, 0, 0] and [0, 0, 0, 0, 2, 0] ([2, 6]): orthogonal rows of lengths 1 and 2.
    expect(recurrentSigma([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0], 2)).toBeCloseTo(2, 12);
    // Two units, [2, 4] with a single non-zero entry 3 in the second row's first column: σ_max = 3.
    expect(recurrentSigma([0, 0, 0, 0, 3, 0, 0, 0], 2)).toBeCloseTo(3, 12);
    // Square: [[3, 0], [4, 5]], σ_max = √45 (AᵀA = [[25, 20], [20, 25]], eigenvalues 45 and 5).
    expect(recurrentSigma([3, 0, 4, 5], 2)).toBeCloseTo(Math.sqrt(45), 12);
  });

  it('averages tanh’s slope 1 − h² over the states', () => {
    // (1 + 0.75 + 0 + 0.96) / 4 = 0.6775.
    expect(meanSlope([0, 0.5, -1, 0.2])).toBeCloseTo(0.6775, 14);
  });

  it('averages each unit’s forget gate σ(x_t W_f + h_{t−1} U_f + b_f) over the steps, h from the reference’s forward pass', () => {
    const s = settings({ steps: 7, seed: 2, forgetBias: 0.5, scale: 1.2 });
    const p = withKnobs(seedCells(2).lstm, s);
    const data = probeSequence(2, 7);
    const H = THROUGH_TIME_UNITS;
    const G = 4 * H;
    const got = forgetGates(p, data);
    expect(got).toHaveLength(H);
    for (const j of [0, 5, H - 1]) {
      let sum = 0;
      for (let t = 0; t < data.steps; t++) {
        const { h } = stateBefore(p, data, t);
        let z = p.bias[H + j]!;
        for (let k = 0; k < 2; k++) z += data.x[t * 2 + k]! * p.kernel[k * G + H + j]!;
        for (let i = 0; i < H; i++) z += h[i]! * p.recurrent[i * G + H + j]!;
        sum += sig(z);
      }
      expect(got[j], `unit ${j}`).toBeCloseTo(sum / data.steps, 12);
    }
  });
});
