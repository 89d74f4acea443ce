/**
 * The gradient through time as the article's central figure shows it: ‖∂L/∂h_t‖ for every step t of
 * one sequence of the adding problem (adding.ts), for the simple RNN and the LSTM as Keras
 * initialises them, with the reader's sequence length, recurrent scale and forget-gate bias; and the
 * same after training, for the default seed (baked at build time: training takes seconds).
 *
 * Why float64: the figure is about how small the gradient gets. At scale 0.5 over 200 steps the
 * simple RNN's gradient is below 0.5^199 ≈ 1e-60, far under float32's smallest number (1e-45), and a
 * log axis would show a gap where the line goes on falling. The weights are Keras' float32 draws
 * either way (cells.ts); only the arithmetic is wider.
 *
 * Why on the page's main thread and not in the worker: one pass for both cells at H = 16 and T = 200
 * takes about 5 ms in a plain loop (Node 24, this 2-core machine under load), less than a message round trip
 * to a worker that may be busy training another figure.
 */
import { rngFor } from '../engine/random';
import { ADDING_BASELINE, addingProblem } from './adding';
import { initCell, type CellConfig, type Params } from './cells';
import type { Sequences } from './sequences';
import { rnnStates } from './simple-rnn';
import { lstmStates } from './lstm';
import { sigmoid } from './exact-math';
import { pascanuBound, spectralNorm, throughTime } from './through-time';
import { initOptimizer, trainStep } from './train';

/** The two cells the figure compares. */
export const FIGURE_CELLS = ['rnn', 'lstm'] as const;
export type FigureCell = (typeof FIGURE_CELLS)[number];

/** What the reader sets; every field has a range and a default (THROUGH_TIME_RANGES). */
export interface ThroughTimeSettings {
  /** Sequence length T. */
  steps: number;
  /** Multiplies Keras' orthogonal recurrent kernel: the simple RNN's σ_max(U), its spectral radius. */
  scale: number;
  /** The LSTM's forget-gate bias (Keras: 1). */
  forgetBias: number;
  seed: number;
}

/** Ranges and defaults: Keras' initialisation, the default seed, and a sequence as long as the training's. */
export const THROUGH_TIME_RANGES = {
  steps: { min: 5, max: 200, step: 1, default: 50 },
  scale: { min: 0.5, max: 1.5, step: 0.01, default: 1 },
  forgetBias: { min: -2, max: 5, step: 0.1, default: 1 },
  seed: { min: 0, max: 4294967295, step: 1, default: 1 },
} as const satisfies Record<keyof ThroughTimeSettings, { min: number; max: number; step: number; default: number }>;

export const THROUGH_TIME_DEFAULTS: ThroughTimeSettings = {
  steps: THROUGH_TIME_RANGES.steps.default,
  scale: THROUGH_TIME_RANGES.scale.default,
  forgetBias: THROUGH_TIME_RANGES.forgetBias.default,
  seed: THROUGH_TIME_RANGES.seed.default,
};

/** Hidden units of both cells; two features per step (the adding problem's number and marker). */
export const THROUGH_TIME_UNITS = 16;

/**
 * Settings from anything (a script's `run()` options, say): each field a finite number within its
 * range (integers where it counts), or its default; `rejected` names the fields that were replaced,
 * so the figure can say so.
 */
export function checkSettings(raw: Partial<Record<keyof ThroughTimeSettings, unknown>>): { settings: ThroughTimeSettings; rejected: (keyof ThroughTimeSettings)[] } {
  const settings = { ...THROUGH_TIME_DEFAULTS };
  const rejected: (keyof ThroughTimeSettings)[] = [];
  for (const key of Object.keys(THROUGH_TIME_RANGES) as (keyof ThroughTimeSettings)[]) {
    const value = raw[key];
    if (value === undefined) continue;
    const range = THROUGH_TIME_RANGES[key];
    const whole = key === 'steps' || key === 'seed';
    const ok = typeof value === 'number' && Number.isFinite(value) && value >= range.min && value <= range.max && (!whole || Number.isInteger(value));
    if (ok) settings[key] = value;
    else rejected.push(key);
  }
  return { settings, rejected };
}

/** The sequence the figure backpropagates through: the adding problem's first sequence from the seed's `noise` stream. */
export function probeSequence(seed: number, steps: number): Sequences {
  return addingProblem(rngFor(seed, 'noise'), 1, steps, 'float64');
}

function cellConfig(cell: FigureCell, s: ThroughTimeSettings): CellConfig {
  return { cell, inputs: 2, units: THROUGH_TIME_UNITS, seed: s.seed, recurrentScale: s.scale, forgetBias: s.forgetBias, precision: 'float64' };
}

/** σ_max of a recurrent kernel [H, G·H], through the smaller of its two Gram matrices (H × H). */
export function recurrentSigma(recurrent: ArrayLike<number>, units: number): number {
  const cols = recurrent.length / units;
  if (cols === units) return spectralNorm(recurrent, units, units);
  const transposed = new Float64Array(recurrent.length);
  for (let i = 0; i < units; i++) for (let j = 0; j < cols; j++) transposed[j * units + i] = recurrent[i * cols + j]!;
  return spectralNorm(transposed, cols, units);
}

/**
 * Both cells as Keras initialises them for one seed, at gain 1 (scale 1) and forget-gate bias 0, and
 * the σ_max of the simple RNN's recurrent kernel: what stays the same while the reader drags a knob.
 * A frame then only scales and shifts copies (`withKnobs`) instead of drawing a QR decomposition again.
 */
export interface SeedCells {
  seed: number;
  rnn: Params;
  lstm: Params;
  /** σ_max of the simple RNN's kernel at scale 1: 1 up to float32 rounding (it is orthogonal). */
  unitSigma: number;
}

export function seedCells(seed: number): SeedCells {
  const base = { scale: 1, forgetBias: 0, seed, steps: 2 };
  const rnn = initCell(cellConfig('rnn', base));
  return { seed, rnn, lstm: initCell(cellConfig('lstm', base)), unitSigma: recurrentSigma(rnn.recurrent, THROUGH_TIME_UNITS) };
}

/**
 * A copy of a seed's cell with the knobs applied: the recurrent kernel times `scale` (in double: the
 * float32 Keras kernel times the scale, so σ_max(U) is exactly `scale` × the unit kernel's) and, for
 * the LSTM, the forget-gate block of the bias (the second block of H, Keras' order i, f, c, o) set to
 * `forgetBias`. At scale 1 and bias 1 it is initCell's cell, bit for bit.
 */
export function withKnobs(base: Params, s: ThroughTimeSettings): Params {
  const recurrent = Float64Array.from(base.recurrent, (w) => w * s.scale);
  const bias = Float64Array.from(base.bias);
  if (base.cell === 'lstm') bias.fill(s.forgetBias, base.units, 2 * base.units);
  return { ...base, recurrent, bias };
}

export interface ThroughTimeFrame {
  settings: ThroughTimeSettings;
  /** ‖∂L/∂h_t‖ for t = 0…T−1, each cell on the same sequence. */
  rnn: Float64Array;
  lstm: Float64Array;
  /** σ_max of the simple RNN's recurrent kernel. */
  sigma: number;
  /** Pascanu, Mikolov & Bengio's bound over the simple RNN: ‖∂L/∂h_{T−1}‖ σ^{T−1−t}. */
  bound: Float64Array;
}

/**
 * What the figure draws for one setting of its knobs: both cells on the same sequence, and the bound.
 * `previous` (the frame shown before) lends its simple RNN when only the forget-gate bias moved,
 * which the simple RNN does not have: a drag of that knob then costs the LSTM alone.
 */
export function throughTimeFrame(s: ThroughTimeSettings, cells: SeedCells = seedCells(s.seed), previous: ThroughTimeFrame | null = null): ThroughTimeFrame {
  if (cells.seed !== s.seed) throw new Error(`the cells are seed ${cells.seed}'s, the settings ask for seed ${s.seed}`);
  const data = probeSequence(s.seed, s.steps);
  const p = previous?.settings;
  const same = p !== undefined && p.seed === s.seed && p.steps === s.steps && p.scale === s.scale;
  const rnn = same ? previous!.rnn : throughTime(withKnobs(cells.rnn, s), data).hNorms;
  const lstm = throughTime(withKnobs(cells.lstm, s), data).hNorms;
  const sigma = cells.unitSigma * s.scale;
  return { settings: s, rnn, lstm, sigma, bound: pascanuBound(rnn, sigma) };
}

/** ‖∂L/∂h_0‖ / ‖∂L/∂h_{T−1}‖: how much of the gradient at the answer reaches the first step. */
export function firstToLast(norms: ArrayLike<number>): number {
  return norms[0]! / norms[norms.length - 1]!;
}

/** How the cells are trained for the figure's "after training" curves. */
export const TRAINING = { steps: 600, batch: 16, learningRate: 0.01, clipNorm: 1, optimizer: 'adam' } as const;

export interface TrainedCell {
  /** ‖∂L/∂h_t‖ on the probe sequence before and after training. */
  before: Float64Array;
  after: Float64Array;
  sigmaBefore: number;
  sigmaAfter: number;
  /**
   * What multiplies the gradient per step along the sequence, averaged over its steps and units: the
   * simple RNN's tanh slope 1 − h² (near 0 when its units saturate), the LSTM's forget gate f.
   */
  factorBefore: number;
  factorAfter: number;
  /** The LSTM's largest forget gate of one unit, averaged along the sequence (NaN for the simple RNN): its longest memory. */
  gateMaxBefore: number;
  gateMaxAfter: number;
  /** Mean training loss of the first and the last 100 steps (the baseline: ADDING_BASELINE). */
  lossFirst: number;
  lossLast: number;
  /** Every step's training loss (the "what to do" figure reuses the run: remedies.ts's `rnn` and `lstm`). */
  losses: Float64Array;
}

/**
 * Trains one cell on the adding problem at the settings' length (Keras' float32, Adam with clipnorm,
 * batches from the seed's `shuffle` stream so that the probe sequence is not among them), then
 * measures ‖∂L/∂h_t‖ on the probe sequence again, in float64 on the trained weights. `onStep` hears
 * each step (a progress line).
 */
export function trainedCurve(cell: FigureCell, s: ThroughTimeSettings, onStep: (step: number) => void = () => {}): TrainedCell {
  const p = initCell({ ...cellConfig(cell, s), precision: 'float32' });
  const probe = probeSequence(s.seed, s.steps);
  const H = THROUGH_TIME_UNITS;
  const measure = () => {
    const wide = initCell(cellConfig(cell, s));
    for (const name of ['kernel', 'recurrent', 'bias', 'readout', 'readoutBias'] as const) wide[name].set(p[name]);
    const norms = throughTime(wide, probe).hNorms;
    const sigma = recurrentSigma(p.recurrent, H);
    if (cell === 'rnn') return { norms, sigma, factor: meanSlope(rnnStates(wide, probe)), gateMax: NaN };
    const gates = forgetGates(wide, probe);
    return { norms, sigma, factor: gates.reduce((a, b) => a + b, 0) / gates.length, gateMax: Math.max(...gates) };
  };
  const before = measure();
  const state = initOptimizer(TRAINING.optimizer, p);
  const rng = rngFor(s.seed, 'shuffle');
  const losses: number[] = [];
  for (let i = 0; i < TRAINING.steps; i++) {
    losses.push(trainStep(p, addingProblem(rng, TRAINING.batch, s.steps), state, TRAINING.learningRate, TRAINING.clipNorm).loss);
    onStep(i + 1);
  }
  const after = measure();
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return { before: before.norms, after: after.norms, sigmaBefore: before.sigma, sigmaAfter: after.sigma, factorBefore: before.factor, factorAfter: after.factor, gateMaxBefore: before.gateMax, gateMaxAfter: after.gateMax, lossFirst: mean(losses.slice(0, 100)), lossLast: mean(losses.slice(-100)), losses: Float64Array.from(losses) };
}

/** The mean of 1 − h² over a simple RNN's states: tanh's mean slope along the sequence. */
export function meanSlope(states: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < states.length; i++) sum += 1 - states[i]! * states[i]!;
  return sum / states.length;
}

/** The LSTM's forget gate f_t = σ(x_t W_f + h_{t−1} U_f + b_f) of each unit, averaged over a sequence's steps: [H]. */
export function forgetGates(p: Params, data: Sequences): Float64Array {
  const { units: H, inputs: D } = p;
  const G = 4 * H;
  const { h } = lstmStates(p, data);
  const means = new Float64Array(H);
  for (let t = 0; t < data.steps; t++) {
    // Stryker disable next-line EqualityOperator: `j <= H` only adds a write past the end of means, which is ignored
    for (let j = 0; j < H; j++) {
      let z = p.bias[H + j]!;
      for (let k = 0; k < D; k++) z += data.x[t * D + k]! * p.kernel[k * G + H + j]!;
      if (t > 0) for (let i = 0; i < H; i++) z += h[(t - 1) * H + i]! * p.recurrent[i * G + H + j]!;
      means[j] = means[j]! + sigmoid(z) / data.steps;
    }
  }
  return means;
}

export { ADDING_BASELINE };
