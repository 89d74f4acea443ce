/**
 * The handful of numbers the prose quotes from a run ("the loss fell from 0.16 to 0.0023"), derived
 * from a RunTrace. The article shows the baked run's values and an island updates them after a live run.
 */
import { formatArray } from './format';
import type { RunTrace } from './trace';

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
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e5 || a < 1e-3)) {
    const [m = '', e = ''] = v.toExponential(2).split('e');
    return `${m}e${e.replace('+', '')}`;
  }
  return String(Number(v.toPrecision(4)));
}

function l2(v: number[]): number {
  return Math.hypot(...v);
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
  const ratios = epochs
    .map((e) => (e.gradNorms.at(-1) ?? NaN) / (e.gradNorms[0] ?? NaN))
    .filter((r) => Number.isFinite(r) && r > 0);
  const meanRatio = ratios.length ? ratios.reduce((s, r) => s + r, 0) / ratios.length : undefined;
  const change = first && last && first.printed.length ? l2(last.printed.map((w, i) => w - first.printed[i]!)) / l2(first.printed) : undefined;
  const prediction = (i: number) => (p[i] === undefined ? DASH : formatArray([p[i]]).slice(1, -1).trim());

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
 * The loss of the best constant prediction, the targets' variance: the yardstick for "did it learn".
 * Targets are linspace(lo, hi, N) (scaled to [0, 1] when the config normalises), whose variance is
 * (hi − lo)² · (N + 1) / (12 (N − 1)): 0.0850 for 100 points in [0, 1].
 */
export function constantLoss(config: RunTrace['config']): number {
  const { lo, hi, points } = config.data;
  const span = config.normalize ? 1 : hi - lo;
  return (span * span * (points + 1)) / (12 * (points - 1));
}

export type Outcome = 'exploded' | 'learned' | 'stalled';

/**
 * What a run did, in the words the prose uses: it went non-finite (exploded), it ended below a tenth
 * of the constant predictor's loss (learned: it explains at least 90% of the targets' variance), or
 * neither (stalled). A run that stopped or was cancelled before its end counts by what it reached.
 */
export function outcome(trace: RunTrace): Outcome {
  if (trace.trip || trace.epochs.some((e) => !Number.isFinite(e.loss)) || trace.predictions?.some((p) => !Number.isFinite(p))) return 'exploded';
  const last = trace.epochs.at(-1)?.loss;
  return last !== undefined && last < 0.1 * constantLoss(trace.config) ? 'learned' : 'stalled';
}
