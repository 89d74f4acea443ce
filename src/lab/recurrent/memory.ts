/**
 * The memory task the second article trains live (src/figures/memory/): the adding problem
 * (adding.ts) at a length T the reader picks, a simple RNN and an LSTM of 16 units each trained on
 * the same stream of batches, and the rule that says whether a run has learnt to remember.
 *
 * Sizes, measured in Node 24 on this 2-core machine with other work running (bench/tmp, seeds 1–4,
 * 600 steps, batch 16, Adam 0.01, clipnorm 1): the simple RNN's mean loss over its last 50 steps was
 * 0.02–0.04 at T = 10 but 0.156–0.166 at T = 20, 0.158–0.174 at T = 30 and 0.172–0.187 at T = 50 (on
 * the baseline 0.167); the LSTM's 0.001–0.016 at T = 10, 20 and 30. A step of both cells at T = 30
 * costs about 5.3 ms (RNN 0.66, LSTM 4.7), at T = 20 about 2.7 ms (0.43, 2.3). In Chromium under
 * `astro preview`, with the machine's load average at 18–22 (other builds running on its 2 cores),
 * the default run at T = 30 took 7.5–16.7 s over seeds 1–3: over the 10 s. T = 20 halves
 * the work and the contrast is as complete there (the baked ensemble: the simple RNN learns on none
 * of 8 seeds, the LSTM on all 8), so it is the default.
 *
 * A `MemoryTrainer` holds one cell's weights, Adam's moments and its batch stream between calls, so
 * "train longer" is the same run carried on: n steps and then m more give the bits of n + m steps.
 */
import { rngFor, type Rng } from '../engine/random';
import { ADDING_BASELINE, addingProblem } from './adding';
import { initCell, type Params } from './cells';
import { initOptimizer, trainStep, type OptimizerState } from './train';

export const MEMORY_CELLS = ['rnn', 'lstm'] as const;
export type MemoryCell = (typeof MEMORY_CELLS)[number];

/** Hidden units of both cells and how they are trained (Keras' Adam with clipnorm; as the through-time figure's training). */
export const MEMORY_UNITS = 16;
export const MEMORY_TRAINING = { batch: 16, learningRate: 0.01, clipNorm: 1, optimizer: 'adam' } as const;

/** What the reader sets. */
export interface MemorySettings {
  /** Sequence length T: the first marker can be T − 1 steps before the answer. */
  length: number;
  /** Training steps (batches) of one press of Run. */
  steps: number;
  seed: number;
}

export const MEMORY_RANGES = {
  length: { min: 2, max: 100, step: 1, default: 20 },
  steps: { min: 1, max: 5000, step: 1, default: 600 },
  seed: { min: 0, max: 4294967295, step: 1, default: 1 },
} as const satisfies Record<keyof MemorySettings, { min: number; max: number; step: number; default: number }>;

export const MEMORY_DEFAULTS: MemorySettings = {
  length: MEMORY_RANGES.length.default,
  steps: MEMORY_RANGES.steps.default,
  seed: MEMORY_RANGES.seed.default,
};

/**
 * Settings from anything (a script's `run()` options, a typed field): each a whole number within its
 * range, or its default; `rejected` names the fields replaced, so the figure can say so.
 */
export function checkMemorySettings(raw: Partial<Record<keyof MemorySettings, unknown>>): { settings: MemorySettings; rejected: (keyof MemorySettings)[] } {
  const settings = { ...MEMORY_DEFAULTS };
  const rejected: (keyof MemorySettings)[] = [];
  for (const key of Object.keys(MEMORY_RANGES) as (keyof MemorySettings)[]) {
    const value = raw[key];
    if (value === undefined) continue;
    const range = MEMORY_RANGES[key];
    if (typeof value === 'number' && Number.isInteger(value) && value >= range.min && value <= range.max) settings[key] = value;
    else rejected.push(key);
  }
  return { settings, rejected };
}

/**
 * One cell learning the adding problem at length T from one seed: Keras' initial weights from the
 * seed's `init` stream, batches from its `shuffle` stream (the through-time figure's probe sequence,
 * from `noise`, is never among them). Both cells of a seed see the same batches.
 */
export class MemoryTrainer {
  readonly #params: Params;
  readonly #state: OptimizerState;
  readonly #batches: Rng;
  /** Steps taken so far. */
  taken = 0;

  constructor(
    readonly cell: MemoryCell,
    readonly length: number,
    readonly seed: number,
  ) {
    this.#params = initCell({ cell, inputs: 2, units: MEMORY_UNITS, seed, precision: 'float32' });
    this.#state = initOptimizer(MEMORY_TRAINING.optimizer, this.#params);
    this.#batches = rngFor(seed, 'shuffle');
  }

  /** One batch, one step; its loss before the step. */
  step(): number {
    const data = addingProblem(this.#batches, MEMORY_TRAINING.batch, this.length);
    this.taken += 1;
    return trainStep(this.#params, data, this.#state, MEMORY_TRAINING.learningRate, MEMORY_TRAINING.clipNorm).loss;
  }
}

/** `steps` steps of one cell from the start: the losses, one per step (the Node side of the browser's run). */
export function trainMemory(cell: MemoryCell, length: number, seed: number, steps: number): number[] {
  const trainer = new MemoryTrainer(cell, length, seed);
  return Array.from({ length: steps }, () => trainer.step());
}

/** How many of a run's last steps its verdict reads (one batch of 16 is noisy; a hundred are not). */
export const TAIL = 100;

/** The mean loss of the last `TAIL` steps (all of them in a shorter run). */
export function tailMean(losses: readonly number[]): number {
  const tail = losses.slice(-TAIL);
  return tail.reduce((a, b) => a + b, 0) / tail.length;
}

/**
 * The ensemble's rule: a run has learnt to remember when its mean loss over the last 100 steps is
 * below half the baseline (1/12 ≈ 0.083). A net that only learnt the mean sits at 1/6; one that adds
 * the two marked numbers goes towards 0; half-way is far from both in the runs we measured.
 */
export const SUCCESS_BELOW = ADDING_BASELINE / 2;
export const remembered = (losses: readonly number[]): boolean => tailMean(losses) < SUCCESS_BELOW;

/** How many steps the figure's line averages: one batch's loss jumps by a factor of ten from step to step. */
export const SMOOTH = 20;

/** At each step, the mean of the losses of the last `span` steps up to it (fewer at the start). */
export function trailingMeans(losses: readonly number[], span = SMOOTH): number[] {
  let sum = 0;
  return losses.map((v, i) => {
    sum += v;
    if (i >= span) sum -= losses[i - span]!;
    return sum / Math.min(i + 1, span);
  });
}

/** The baked ensemble: these lengths, these seeds, the default number of steps. */
export const ENSEMBLE = { lengths: [10, 20, 30, 50], seeds: [1, 2, 3, 4, 5, 6, 7, 8], steps: MEMORY_DEFAULTS.steps } as const;

export interface EnsemblePoint {
  length: number;
  /** Each seed's tail mean, in the plan's order of seeds. */
  finals: Record<MemoryCell, number[]>;
  /** Seeds that remembered, of the plan's seeds. */
  successes: Record<MemoryCell, number>;
}

/** One run of the ensemble at a length: a cell and a seed. */
export interface EnsembleJob {
  cell: MemoryCell;
  seed: number;
}

/**
 * The runs of one length, in the order the build and the figure's worker both train them: every
 * seed of the simple RNN, then every seed of the LSTM (so a table cell is complete before the next starts).
 */
export function ensembleJobs(seeds: readonly number[]): EnsembleJob[] {
  return MEMORY_CELLS.flatMap((cell) => seeds.map((seed) => ({ cell, seed })));
}

/** How many of a cell's seeds remembered, from their tail means (the rule of `remembered`). */
export const rememberedCount = (finals: readonly number[]): number => finals.filter((f) => f < SUCCESS_BELOW).length;

/** One length's point from each cell's tail means, in the plan's order of seeds. */
export function ensemblePoint(length: number, finals: Record<MemoryCell, number[]>): EnsemblePoint {
  return { length, finals, successes: { rnn: rememberedCount(finals.rnn), lstm: rememberedCount(finals.lstm) } };
}

/**
 * Every length and seed, both cells (ENSEMBLE's: about 1.5 min in Node on this machine under load,
 * once per build; tests pass a smaller one). The figure's worker trains one length of it the same
 * way, a slice at a time (src/worker/memory-worker.ts).
 */
export function memoryEnsemble(plan: { lengths: readonly number[]; seeds: readonly number[]; steps: number } = ENSEMBLE): EnsemblePoint[] {
  return plan.lengths.map((length) => {
    const finals: Record<MemoryCell, number[]> = { rnn: [], lstm: [] };
    for (const { cell, seed } of ensembleJobs(plan.seeds)) finals[cell].push(tailMean(trainMemory(cell, length, seed, plan.steps)));
    return ensemblePoint(length, finals);
  });
}

export { ADDING_BASELINE };
