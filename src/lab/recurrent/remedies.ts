/**
 * What to do about gradients that vanish or explode through time (issue 25, point 5), as before/after
 * pairs trained on the adding problem (adding.ts): each pair changes one thing and keeps the seed, so
 * both runs see the same batches in the same order, and both start from the same draws wherever the
 * change leaves a weight alone.
 *
 *   clipping      simple RNN without, then with Keras' clipnorm (Pascanu, Mikolov & Bengio 2013)
 *   gating        simple RNN, then LSTM (Hochreiter & Schmidhuber 1997)
 *   forget-bias   LSTM with forget-gate bias 0, then 1 (Jozefowicz, Zaremba & Sutskever 2015)
 *   identity      simple RNN (tanh, orthogonal U), then the IRNN: ReLU, U = I, zero biases (Le, Jaitly & Hinton 2015),
 *                 and the IRNN without clipping beside them
 *
 * Every run uses the recipe of the gradient-through-time figure's trained curves (TRAINING: Adam,
 * 600 steps of 16 sequences, clipnorm 1, 16 units) at the same length, changing only what the pair
 * is about; so the clipping pair's "before" is that recipe without its clipnorm, and the other pairs'
 * runs are all clipped. Plain loops in float32, like train.ts.
 *
 * How far seed 1 generalises is a question for many seeds: `lastsOverSeeds` trains the runs over
 * seeds 1–10 (and the IRNN over 11–30) at the build, where src/figures/remedies/remedies-bake.ts
 * counts them for the prose.
 */
import { rngFor } from '../engine/random';
import { addingProblem } from './adding';
import { initCell, WEIGHT_NAMES, type CellConfig } from './cells';
import { sumSquares } from './sequences';
import { throughTime } from './through-time';
import { applyGradients, clipped, initOptimizer } from './train';
import { THROUGH_TIME_DEFAULTS, THROUGH_TIME_UNITS, TRAINING } from './gradient-through-time';

/** The runs the pairs are made of (two pairs share a run where they share a side). */
export const ARMS = {
  rnnNoClip: { cell: { cell: 'rnn' }, clipNorm: 0 },
  rnn: { cell: { cell: 'rnn' }, clipNorm: TRAINING.clipNorm },
  lstm: { cell: { cell: 'lstm', forgetBias: 1 }, clipNorm: TRAINING.clipNorm },
  lstmForget0: { cell: { cell: 'lstm', forgetBias: 0 }, clipNorm: TRAINING.clipNorm },
  irnn: { cell: { cell: 'rnn', activation: 'relu', recurrentInit: 'identity' }, clipNorm: TRAINING.clipNorm },
  irnnNoClip: { cell: { cell: 'rnn', activation: 'relu', recurrentInit: 'identity' }, clipNorm: 0 },
} as const satisfies Record<string, { cell: Pick<CellConfig, 'cell'> & Partial<CellConfig>; clipNorm: number }>;
export type Arm = keyof typeof ARMS;
export const ARM_NAMES = Object.keys(ARMS) as Arm[];

export const REMEDIES = ['clipping', 'gating', 'forget-bias', 'identity'] as const;
export type Remedy = (typeof REMEDIES)[number];

/**
 * Each remedy's before and after, and a third run where one changes the reading: the IRNN without
 * clipping (its ReLU states have no ceiling, and Le et al. clipped too).
 */
export const PAIRS: Record<Remedy, { before: Arm; after: Arm; also?: Arm }> = {
  clipping: { before: 'rnnNoClip', after: 'rnn' },
  gating: { before: 'rnn', after: 'lstm' },
  'forget-bias': { before: 'lstmForget0', after: 'lstm' },
  identity: { before: 'rnn', after: 'irnn', also: 'irnnNoClip' },
};

export interface RemedySettings {
  seed: number;
  /** Sequence length T. */
  steps: number;
  /** Training steps. */
  training: number;
}

/** The article's seed and length, and the trained curves' number of steps. */
export const REMEDY_DEFAULTS: RemedySettings = { seed: THROUGH_TIME_DEFAULTS.seed, steps: THROUGH_TIME_DEFAULTS.steps, training: TRAINING.steps };

export interface ArmRun {
  /** The batch's training loss at each step (before that step's update). */
  losses: Float64Array;
  /** The largest ‖g‖ over the weight arrays at each step, before clipping and as applied (Keras clips each array on its own). */
  normsRaw: Float64Array;
  normsApplied: Float64Array;
}

/** The largest L2 norm among the arrays of a gradient. */
function largestNorm(g: Parameters<typeof clipped>[0]): number {
  return Math.max(...WEIGHT_NAMES.map((name) => Math.sqrt(sumSquares(g[name]))));
}

/** One run of a pair: train.ts's trainStep, written out to see the gradient before and after clipping. */
export function trainArm(arm: Arm, s: RemedySettings = REMEDY_DEFAULTS): ArmRun {
  const { cell, clipNorm } = ARMS[arm];
  const p = initCell({ inputs: 2, units: THROUGH_TIME_UNITS, seed: s.seed, ...cell });
  const state = initOptimizer(TRAINING.optimizer, p);
  const rng = rngFor(s.seed, 'shuffle');
  const run: ArmRun = { losses: new Float64Array(s.training), normsRaw: new Float64Array(s.training), normsApplied: new Float64Array(s.training) };
  for (let i = 0; i < s.training; i++) {
    const result = throughTime(p, addingProblem(rng, TRAINING.batch, s.steps));
    const applied = clipped(result.grads, clipNorm, p.precision);
    applyGradients(p, applied, state, TRAINING.learningRate);
    run.losses[i] = result.loss;
    run.normsRaw[i] = largestNorm(result.grads);
    run.normsApplied[i] = largestNorm(applied);
  }
  return run;
}

/** The mean of the last `n` losses (the tables' number: the last 100 steps, as the through-time figure's). */
export function meanLast(losses: ArrayLike<number>, n = 100): number {
  let sum = 0;
  for (let i = losses.length - n; i < losses.length; i++) sum += losses[i]!;
  return sum / n;
}

/** The loss curve as the charts draw it: the mean of the `span` losses up to each `every`-th step (steps counted from 1). */
export function smoothed(losses: ArrayLike<number>, every = 10, span = 50): { xs: number[]; ys: number[] } {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let end = every; end <= losses.length; end += every) {
    const from = Math.max(0, end - span);
    let sum = 0;
    for (let i = from; i < end; i++) sum += losses[i]!;
    xs.push(end);
    ys.push(sum / (end - from));
  }
  return { xs, ys };
}

/**
 * Each run's mean loss over its last 100 steps, for each of `seeds` (the figure's settings but the
 * seed): plain arrays, in the order of `seeds`, so that a build can keep them as JSON.
 */
export function lastsOverSeeds<A extends Arm>(arms: readonly A[], seeds: readonly number[], s: Omit<RemedySettings, 'seed'> = REMEDY_DEFAULTS): Record<A, number[]> {
  return Object.fromEntries(arms.map((arm) => [arm, seeds.map((seed) => meanLast(trainArm(arm, { ...s, seed }).losses, Math.min(100, s.training)))])) as Record<A, number[]>;
}
