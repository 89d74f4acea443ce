/**
 * What the "what to do" figure bakes at build time (src/lab/recurrent/remedies.ts trains the runs):
 * for the article's seed and length, six training runs on the same batches, paired into four
 * before/afters (two of them, the clipped simple RNN and the LSTM, are the gradient-through-time
 * figure's trained runs, the same bits, so the build trains them once); each run's loss curve (smoothed, as drawn) and its mean loss over the last 100
 * steps (the table), and the numbers the prose quotes (<FigNum fig="remedies">). No live half: the
 * runs take seconds each, so the figure is its pictures and its table.
 *
 * The prose's counts over seeds (the fold "more seeds, and how our runs compare with the papers") are
 * baked here too: every run over seeds 1–10 and the IRNN over 11–30 (80 runs, about 2 min in Node on
 * this machine), kept by bake-cache.ts until the recurrent lab's code changes. Server only.
 */
import { shareText, twoSig } from '@/lab/studies/findings';
import { ADDING_BASELINE, TRAINING } from '@/lab/recurrent/gradient-through-time';
import { ARM_NAMES, ARMS, lastsOverSeeds, meanLast, PAIRS, REMEDY_DEFAULTS, REMEDIES, smoothed, trainArm, type Arm, type ArmRun, type RemedySettings } from '@/lab/recurrent/remedies';
import { throughTimeBake } from '@/build/through-time-bake';
import { cachedBake, recurrentSources } from '@/build/bake-cache';

/** A number as the page carries it: four significant digits. */
const packed = (v: number) => Number(v.toPrecision(4));

export interface RemediesBaked {
  settings: RemedySettings;
  /** The training steps each smoothed point ends at. */
  xs: number[];
  arms: Record<Arm, { ys: number[]; last: number }>;
}

export interface RemediesBake {
  baked: RemediesBaked;
  /** Every run's loss per step. */
  losses: Record<Arm, Float64Array>;
  /** The runs trained here, with their gradient norms (not the reused ones). */
  runs: Partial<Record<Arm, ArmRun>>;
  quotes: Record<string, string>;
  /** How long the runs trained here took, ms (the build log says so). */
  ms: number;
}

const lossText = (v: number) => v.toFixed(3);

/**
 * The bake for any settings (the tests use short runs); the build calls remediesBake(). `reused`
 * gives the losses of runs already trained elsewhere with the same settings (the caller vouches).
 */
export function bakeRemedies(s: RemedySettings, reused: Partial<Record<'rnn' | 'lstm', Float64Array>> = {}, train: (arm: Arm, s: RemedySettings) => ArmRun = trainArm): RemediesBake {
  const start = performance.now();
  const runs: Partial<Record<Arm, ArmRun>> = {};
  const losses = Object.fromEntries(ARM_NAMES.map((arm) => [arm, reused[arm as 'rnn'] ?? (runs[arm] = train(arm, s)).losses])) as Record<Arm, Float64Array>;
  const ms = performance.now() - start;
  const curves = Object.fromEntries(ARM_NAMES.map((arm) => [arm, smoothed(losses[arm])])) as Record<Arm, ReturnType<typeof smoothed>>;
  const last = (arm: Arm) => meanLast(losses[arm], Math.min(100, s.training));
  const c = ARMS.rnn.clipNorm;
  const raw = runs.rnnNoClip!.normsRaw;
  const irnn = runs.irnn!.normsRaw;
  const quotes: Record<string, string> = {
    seed: String(s.seed),
    steps: String(s.steps),
    training: String(s.training),
    batch: String(TRAINING.batch),
    learningRate: String(TRAINING.learningRate),
    clipNorm: String(c),
    baseline: lossText(ADDING_BASELINE),
    ...Object.fromEntries(ARM_NAMES.map((arm) => [`${arm}Last`, lossText(last(arm))])),
    // How large the unclipped simple RNN's gradients got, and how often; the same for the (clipped) IRNN.
    noClipLargest: twoSig(Math.max(...raw)),
    noClipOver: String(raw.filter((n) => n > c).length),
    irnnLargest: twoSig(Math.max(...irnn)),
    irnnClippedSteps: String(irnn.filter((n) => n > c).length),
    lstmGain: shareText(last('lstm') / ADDING_BASELINE),
    irnnGain: shareText(last('irnn') / ADDING_BASELINE),
  };
  return {
    losses,
    runs,
    quotes,
    ms,
    baked: {
      settings: s,
      xs: curves.rnn.xs,
      arms: Object.fromEntries(ARM_NAMES.map((arm) => [arm, { ys: curves[arm].ys.map(packed), last: packed(last(arm)) }])) as RemediesBaked['arms'],
    },
  };
}

const range = (first: number, last: number) => Array.from({ length: last - first + 1 }, (_, i) => first + i);

/** How far seed 1 generalises: every run over `seeds`, the IRNN over `more`, and the loss the prose counts runs below. */
export const OVER_SEEDS = { seeds: range(1, 10), more: range(11, 30), below: 0.1 } as const;
export type SeedPlan = { seeds: readonly number[]; more: readonly number[]; below: number };

/** Each run's mean loss over its last 100 steps, per seed of the plan (what the cache keeps: plain JSON). */
export interface SeedLasts {
  lasts: Record<Arm, number[]>;
  more: { irnn: number[] };
}

/**
 * The prose's numbers over seeds: for each run, on how many seeds it ended below `below`; the IRNN
 * on the further seeds; on how many seeds the clipped IRNN ended above the baseline, and its worst
 * loss; and the most clipping moved the simple RNN's loss on any seed, rounded up (the prose says
 * "at most").
 */
export function seedQuotes({ lasts, more }: SeedLasts, plan: SeedPlan = OVER_SEEDS): Record<string, string> {
  const below = (xs: readonly number[]) => String(xs.filter((v) => v < plan.below).length);
  const moved = Math.max(...lasts.rnn.map((v, i) => Math.abs(v - lasts.rnnNoClip[i]!)));
  return {
    seedsRuns: String(ARM_NAMES.length),
    seedsN: String(plan.seeds.length),
    seedsFirst: String(plan.seeds[0]),
    seedsLast: String(plan.seeds.at(-1)),
    moreN: String(plan.more.length),
    moreFirst: String(plan.more[0]),
    moreLast: String(plan.more.at(-1)),
    below: String(plan.below),
    ...Object.fromEntries(ARM_NAMES.map((arm) => [`${arm}Below`, below(lasts[arm])])),
    irnnMoreBelow: below(more.irnn),
    irnnAbove: String(lasts.irnn.filter((v) => v > ADDING_BASELINE).length),
    irnnWorst: twoSig(Math.max(...lasts.irnn)),
    // Up to the next thousandth; less a hair, so that float noise on a whole thousandth (2.0000000000000004) stays put.
    clipMoved: (Math.ceil(moved * 1000 - 1e-9) / 1000).toFixed(3),
  };
}

/** The runs over seeds, from the cache when the recurrent lab's code has not changed since. */
export function seedLasts(s: Omit<RemedySettings, 'seed'> = REMEDY_DEFAULTS, plan: SeedPlan = OVER_SEEDS): SeedLasts {
  return cachedBake(
    'remedies-seeds',
    { s: { steps: s.steps, training: s.training }, seeds: plan.seeds, more: plan.more, arms: ARMS, training: TRAINING },
    () => ({ lasts: lastsOverSeeds(ARM_NAMES, plan.seeds, s), more: lastsOverSeeds(['irnn'], plan.more, s) }),
    { sources: recurrentSources() },
  );
}

/** An arm's run as plain JSON (doubles survive JSON exactly), and back. */
type StoredRun = Record<keyof ArmRun, number[]>;
export const storableRun = (r: ArmRun): StoredRun => ({ losses: Array.from(r.losses), normsRaw: Array.from(r.normsRaw), normsApplied: Array.from(r.normsApplied) });
export const revivedRun = (r: StoredRun): ArmRun => ({ losses: Float64Array.from(r.losses), normsRaw: Float64Array.from(r.normsRaw), normsApplied: Float64Array.from(r.normsApplied) });

/** The figure's own runs that the through-time figure does not train, stored until the recurrent lab's code changes. */
function storedRuns(s: RemedySettings): (arm: Arm) => ArmRun {
  const own = ARM_NAMES.filter((arm) => arm !== 'rnn' && arm !== 'lstm');
  const stored = cachedBake('remedies-runs', { s, arms: ARMS, training: TRAINING }, () => Object.fromEntries(own.map((arm) => [arm, storableRun(trainArm(arm, s))])) as Record<string, StoredRun>, {
    sources: recurrentSources(),
  });
  return (arm) => revivedRun(stored[arm]!);
}

let bake: Promise<RemediesBake> | null = null;

/** The article's runs, trained once per build, and the prose's counts over seeds. */
export function remediesBake(): Promise<RemediesBake> {
  bake ??= throughTimeBake().then(({ trained }) => {
    // REMEDY_DEFAULTS are the through-time figure's seed, length and training steps: its trained runs are these pairs' `rnn` and `lstm`.
    const b = bakeRemedies(REMEDY_DEFAULTS, { rnn: trained.rnn.losses, lstm: trained.lstm.losses }, storedRuns(REMEDY_DEFAULTS));
    console.log(`remedies: ${Object.keys(b.runs).length} runs of ${REMEDY_DEFAULTS.training} steps (src/build/bakes/, trained when missing)`);
    const start = performance.now();
    const over = seedLasts();
    console.log(`remedies: the runs over seeds in ${((performance.now() - start) / 1000).toFixed(1)} s (cached until src/lab/recurrent changes)`);
    // Seed 1 is the figure's own seed: its runs over seeds must be the figure's, to the bit.
    const first = OVER_SEEDS.seeds.indexOf(REMEDY_DEFAULTS.seed);
    for (const arm of ARM_NAMES) {
      const own = meanLast(b.losses[arm], Math.min(100, REMEDY_DEFAULTS.training));
      if (first >= 0 && over.lasts[arm][first] !== own) throw new Error(`remedies: seed ${REMEDY_DEFAULTS.seed}'s ${arm} over seeds ended at ${over.lasts[arm][first]}, the figure's at ${own}`);
    }
    return { ...b, quotes: { ...b.quotes, ...seedQuotes(over) } };
  });
  return bake;
}

export { PAIRS, REMEDIES };
