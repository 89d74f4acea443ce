/**
 * The handful of numbers the prose quotes from a run ("the loss fell from 0.16 to 0.0023"), derived
 * from a RunTrace. The article shows the baked run's values and an island updates them after a live run.
 */
import { formatArray } from './format';
import type { RunTrace } from '../engine/trace';
import { makeDataset } from '../engine/data';
import { classify, yardstick, type Outcome } from '../engine/outcome';
import { rngFor } from '../engine/random';

export const SUMMARY_KEYS = [
  'lossFirst',
  'lossLast',
  'pred1',
  'pred2',
  'pred3',
  'predSpread',
  'nanEpoch',
  'peakWeight',
  'gradRatio',
  'weightChange',
] as const;
export type SummaryKey = (typeof SUMMARY_KEYS)[number];

const DASH = '–';

/** A loss the way a person would quote it: 4 significant digits, e-notation when huge or tiny. */
export function quoteNumber(v: number | undefined): string {
  if (v === undefined) return DASH;
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v === Infinity ? '∞' : '−∞';
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e5 || a < 1e-3)) return v.toExponential(2).replace('e+', 'e');
  return String(Number(v.toPrecision(4)));
}

function l2(v: number[]): number {
  return Math.hypot(...v);
}

/**
 * How many times larger the output layer's kernel gradient is than the first layer's, averaged over
 * the run's epochs (those where both are finite and positive); undefined when there are none.
 */
export function meanGradRatio(trace: RunTrace): number | undefined {
  const ratios = trace.epochs
    .map((e) => (e.gradNorms.at(-1) ?? NaN) / (e.gradNorms[0] ?? NaN))
    .filter((r) => Number.isFinite(r) && r > 0);
  return ratios.length ? ratios.reduce((s, r) => s + r, 0) / ratios.length : undefined;
}

export function summarize(trace: RunTrace): Record<SummaryKey, string> {
  const { epochs, predictions } = trace;
  const first = epochs[0];
  const last = epochs.at(-1);
  const p = predictions ?? [];
  const finitePreds = p.filter(Number.isFinite);
  const nanAt = epochs.find((e) => !Number.isFinite(e.loss));
  const finitePrinted = epochs.flatMap((e) => e.printed).filter(Number.isFinite);
  const peak = finitePrinted.reduce((m, v) => (Math.abs(v) > Math.abs(m) ? v : m), 0);
  const meanRatio = meanGradRatio(trace);
  const change = first && last && first.printed.length ? l2(last.printed.map((w, i) => w - first.printed[i]!)) / l2(first.printed) : undefined;
  const prediction = (i: number) => (p[i] === undefined ? DASH : formatArray([p[i]]).slice(1, -1)); // one number: no padding to trim

  return {
    lossFirst: quoteNumber(first?.loss),
    lossLast: quoteNumber(last?.loss),
    pred1: prediction(0),
    pred2: prediction(1),
    pred3: prediction(2),
    predSpread: finitePreds.length === p.length && p.length > 0 ? quoteNumber(Math.max(...p) - Math.min(...p)) : DASH,
    nanEpoch: nanAt ? String(nanAt.epoch) : DASH,
    peakWeight: finitePrinted.length ? quoteNumber(Math.abs(peak)) : DASH,
    gradRatio: meanRatio === undefined ? DASH : meanRatio >= 10 ? String(Math.round(meanRatio)) : meanRatio.toFixed(2),
    weightChange: change === undefined || !Number.isFinite(change) ? DASH : `${Number((change * 100).toPrecision(2))}%`,
  };
}

/**
 * What a run did (src/lab/engine/outcome.ts: the words the maps and the prose share): exploded if any
 * epoch's loss or a prediction went non-finite, learned if the last loss is within the yardstick
 * of the run's own training data (scaled to [0, 1] when the config normalises, as its loss is),
 * stalled otherwise.
 */
export function outcome(trace: RunTrace): Outcome {
  const firstBad = trace.epochs.find((e) => !Number.isFinite(e.loss));
  if (trace.trip || firstBad || trace.predictions?.some((p) => !Number.isFinite(p))) return 'exploded';
  const { config } = trace;
  const data = makeDataset(config.data, rngFor(config.seed, 'noise'));
  const { lo, hi } = config.data;
  const scale = (v: Float32Array) => (config.normalize ? v.map((x) => (x - lo) / (hi - lo)) : v);
  const last = trace.epochs.at(-1)?.loss ?? Infinity;
  return classify(null, last, yardstick({ z: scale(data.z), y: scale(data.y) }));
}
