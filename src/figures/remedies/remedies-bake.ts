/**
 * What the "what to do" figure bakes at build time (src/lab/recurrent/remedies.ts trains the runs):
 * for the article's seed and length, six training runs on the same batches, paired into four
 * before/afters (two of them, the clipped simple RNN and the LSTM, are the gradient-through-time
 * figure's trained runs, the same bits, so the build trains them once); each run's loss curve (smoothed, as drawn) and its mean loss over the last 100
 * steps (the table), and the numbers the prose quotes (<FigNum fig="remedies">). No live half: the
 * runs take seconds each, so the figure is its pictures and its table. Server only.
 */
import { shareText, twoSig } from '@/lab/studies/findings';
import { ADDING_BASELINE, TRAINING } from '@/lab/recurrent/gradient-through-time';
import { ARM_NAMES, ARMS, meanLast, PAIRS, REMEDY_DEFAULTS, REMEDIES, smoothed, trainArm, type Arm, type ArmRun, type RemedySettings } from '@/lab/recurrent/remedies';
import { throughTimeBake } from '@/build/through-time-bake';

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
export function bakeRemedies(s: RemedySettings, reused: Partial<Record<'rnn' | 'lstm', Float64Array>> = {}): RemediesBake {
  const start = performance.now();
  const runs: Partial<Record<Arm, ArmRun>> = {};
  const losses = Object.fromEntries(ARM_NAMES.map((arm) => [arm, reused[arm as 'rnn'] ?? (runs[arm] = trainArm(arm, s)).losses])) as Record<Arm, Float64Array>;
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

let bake: Promise<RemediesBake> | null = null;

/** The article's runs, trained once per build. */
export function remediesBake(): Promise<RemediesBake> {
  bake ??= throughTimeBake().then(({ trained }) => {
    // REMEDY_DEFAULTS are the through-time figure's seed, length and training steps: its trained runs are these pairs' `rnn` and `lstm`.
    const b = bakeRemedies(REMEDY_DEFAULTS, { rnn: trained.rnn.losses, lstm: trained.lstm.losses });
    console.log(`remedies: ${Object.keys(b.runs).length} runs of ${REMEDY_DEFAULTS.training} steps in ${(b.ms / 1000).toFixed(1)} s`);
    return b;
  });
  return bake;
}

export { PAIRS, REMEDIES };
