/**
 * What the gradient-through-time figure (src/figures/through-time/) bakes at build time, in the one
 * shape its table, its picture for readers without JavaScript, its first paint and the prose's
 * numbers (<FigNum fig="through-time">) all read:
 *
 * - at initialisation, the default settings' frame, by the same function the live figure calls on
 *   every frame of a drag (src/lab/recurrent/gradient-through-time.ts);
 * - the same frame over twenty seeds, so the prose can say how general it is;
 * - after training: both cells trained on the adding problem for the default seed (tens of seconds,
 *   once per build), then measured on the same sequence.
 *
 * Server only.
 */
import { shareText, twoSig } from '@/lab/studies/findings';
import {
  ADDING_BASELINE,
  firstToLast,
  THROUGH_TIME_DEFAULTS,
  THROUGH_TIME_UNITS,
  throughTimeFrame,
  trainedCurve,
  TRAINING,
  type ThroughTimeFrame,
  type ThroughTimeSettings,
  type TrainedCell,
} from '@/lab/recurrent/gradient-through-time';
import { pascanuBound } from '@/lab/recurrent/through-time';
import { cachedBake } from './bake-cache';

/** The seeds the prose's general statements are read over. */
export const THROUGH_TIME_SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);

/** A number as the page carries it: six significant digits (the live figure recomputes exactly). */
export const packed = (v: number) => Number(v.toPrecision(6));
const pack = (xs: ArrayLike<number>) => Array.from(xs, packed);

/** The figure's baked data as its page gets it (JSON). */
export interface ThroughTimeBaked {
  settings: ThroughTimeSettings;
  init: { rnn: number[]; lstm: number[]; bound: number[]; sigma: number };
  trained: { rnn: number[]; lstm: number[]; bound: number[]; sigma: number; lstmSigma: number; steps: number };
}

export interface ThroughTimeBake {
  baked: ThroughTimeBaked;
  frame: ThroughTimeFrame;
  trained: { rnn: TrainedCell; lstm: TrainedCell };
  quotes: Record<string, string>;
}

function spread(values: number[]): { min: number; max: number } {
  return { min: Math.min(...values), max: Math.max(...values) };
}

/** The default frame and its quotes, without training: cheap (what the unit tests hold to the live code). */
export function throughTimeInit(): { frame: ThroughTimeFrame; baked: ThroughTimeBaked['init']; quotes: Record<string, string> } {
  const s = THROUGH_TIME_DEFAULTS;
  const frame = throughTimeFrame(s);
  const at = (change: Partial<ThroughTimeSettings>) => throughTimeFrame({ ...s, ...change });
  const seeds = THROUGH_TIME_SEEDS.map((seed) => at({ seed }));
  const rnnRatios = seeds.map((f) => firstToLast(f.rnn));
  const lstmRatios = seeds.map((f) => firstToLast(f.lstm));
  const rnnSpread = spread(rnnRatios);
  const lstmSpread = spread(lstmRatios);
  const scaled = at({ scale: 0.8 });
  const biased = at({ forgetBias: 3 });
  const quotes: Record<string, string> = {
    seed: String(s.seed),
    steps: String(s.steps),
    // Step 0 is this many steps back from the last: the products the prose quotes have this many factors.
    stepsBack: String(s.steps - 1),
    units: String(THROUGH_TIME_UNITS),
    rnnRatio: shareText(firstToLast(frame.rnn)),
    lstmRatio: shareText(firstToLast(frame.lstm)),
    seeds: String(THROUGH_TIME_SEEDS.length),
    seedsFirst: String(THROUGH_TIME_SEEDS[0]),
    seedsLast: String(THROUGH_TIME_SEEDS.at(-1)),
    lstmBelow: String(seeds.filter((_, i) => lstmRatios[i]! < rnnRatios[i]!).length),
    rnnRatioMin: shareText(rnnSpread.min),
    rnnRatioMax: shareText(rnnSpread.max),
    lstmRatioMin: shareText(lstmSpread.min),
    lstmRatioMax: shareText(lstmSpread.max),
    scale08Rnn: shareText(firstToLast(scaled.rnn)),
    scale08Bound: shareText(0.8 ** (s.steps - 1)),
    forget3Lstm: shareText(firstToLast(biased.lstm)),
    forgetGate1: (1 / (1 + Math.exp(-1))).toFixed(2),
    forgetGate3: (1 / (1 + Math.exp(-3))).toFixed(2),
    forgetPower1: shareText((1 / (1 + Math.exp(-1))) ** (s.steps - 1)),
  };
  return { frame, baked: { rnn: pack(frame.rnn), lstm: pack(frame.lstm), bound: pack(frame.bound), sigma: packed(frame.sigma) }, quotes };
}

let bake: Promise<ThroughTimeBake> | null = null;

/** Everything, trained once per build. */
export function throughTimeBake(): Promise<ThroughTimeBake> {
  bake ??= Promise.resolve().then(() => {
    const init = throughTimeInit();
    const s = THROUGH_TIME_DEFAULTS;
    // Two runs of TRAINING.steps steps (about 6 s here; the remedies figure reuses them): stored in
    // src/build/bakes/ until the recurrent lab's code changes (bake-cache.ts).
    const stored = cachedBake('through-time-trained', { s, TRAINING }, () => ({ rnn: storable(trainedCurve('rnn', s)), lstm: storable(trainedCurve('lstm', s)) }));
    const rnn = revived(stored.rnn);
    const lstm = revived(stored.lstm);
    const bound = pascanuBound(rnn.after, rnn.sigmaAfter);
    const quotes: Record<string, string> = {
      ...init.quotes,
      trainingSteps: String(TRAINING.steps),
      batch: String(TRAINING.batch),
      learningRate: String(TRAINING.learningRate),
      rnnTrainedRatio: shareText(firstToLast(rnn.after)),
      lstmTrainedRatio: shareText(firstToLast(lstm.after)),
      rnnSigmaAfter: twoSig(rnn.sigmaAfter),
      rnnSlopeBefore: rnn.factorBefore.toFixed(2),
      rnnSlopeAfter: rnn.factorAfter.toFixed(2),
      lstmForgetBefore: lstm.factorBefore.toFixed(2),
      lstmForgetAfter: lstm.factorAfter.toFixed(2),
      // Three decimals: 0.99⁴⁹ = 0.61 but 0.986⁴⁹ = 0.5, and the prose quotes the power beside the gate.
      lstmForgetMaxBefore: lstm.gateMaxBefore.toFixed(3),
      lstmForgetMaxAfter: lstm.gateMaxAfter.toFixed(3),
      lstmForgetMaxPower: shareText(lstm.gateMaxAfter ** (s.steps - 1)),
      lstmSigmaAfter: twoSig(lstm.sigmaAfter),
      rnnLossLast: lossText(rnn.lossLast),
      lstmLossLast: lossText(lstm.lossLast),
      baseline: lossText(ADDING_BASELINE),
    };
    return {
      frame: init.frame,
      trained: { rnn, lstm },
      quotes,
      baked: {
        settings: s,
        init: init.baked,
        trained: { rnn: pack(rnn.after), lstm: pack(lstm.after), bound: pack(bound), sigma: packed(rnn.sigmaAfter), lstmSigma: packed(lstm.sigmaAfter), steps: TRAINING.steps },
      },
    };
  });
  return bake;
}

/** A trained cell as plain JSON: arrays for the Float64Arrays (doubles survive JSON exactly), null for NaN. */
type StoredCell = Omit<TrainedCell, 'before' | 'after' | 'losses' | 'gateMaxBefore' | 'gateMaxAfter'> & { before: number[]; after: number[]; losses: number[]; gateMaxBefore: number | null; gateMaxAfter: number | null };

export function storable(c: TrainedCell): StoredCell {
  const nan = (v: number) => (Number.isNaN(v) ? null : v);
  return { ...c, before: Array.from(c.before), after: Array.from(c.after), losses: Array.from(c.losses), gateMaxBefore: nan(c.gateMaxBefore), gateMaxAfter: nan(c.gateMaxAfter) };
}

export function revived(c: StoredCell): TrainedCell {
  return { ...c, before: Float64Array.from(c.before), after: Float64Array.from(c.after), losses: Float64Array.from(c.losses), gateMaxBefore: c.gateMaxBefore ?? NaN, gateMaxAfter: c.gateMaxAfter ?? NaN };
}

function lossText(v: number): string {
  return v.toFixed(3);
}
