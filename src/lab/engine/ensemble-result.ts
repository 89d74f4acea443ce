/**
 * What a seed ensemble reports, and how two halves of one (trained in two workers) make the whole.
 * No tfjs here: the page's client imports this, and it must not pull tfjs into the page's scripts.
 */
import { concatenated } from './stats';

export interface EnsembleResult {
  seeds: number[];
  /** losses[e][s]: seed s's mean loss in epoch e + 1. */
  losses: Float32Array[];
  /** predictions[s * k + i]: seed s's prediction for predictInputs[i]. */
  predictions: Float32Array;
  /** The first epoch whose loss was non-finite, per seed (0 = never). */
  explodedAt: Int32Array;
  status: 'done' | 'cancelled' | 'error';
  error?: string;
  totalMs: number;
  /** How many workers trained it side by side (two halves merged: 2). */
  workers: number;
}

/**
 * One ensemble from two halves trained apart (two workers): seeds, per-epoch losses, predictions and
 * explosion epochs side by side in the halves' order. The merged run is done only if both halves
 * are; an error in either is the merged run's error; epochs count only where both halves got there.
 */
export function mergeEnsembles(a: EnsembleResult, b: EnsembleResult): EnsembleResult {
  const floats = (x: Float32Array, y: Float32Array) => concatenated([x, y], (n) => new Float32Array(n));
  const failed = [a, b].find((r) => r.status === 'error');
  const status: EnsembleResult['status'] = failed ? 'error' : a.status === 'done' && b.status === 'done' ? 'done' : 'cancelled';
  const epochs = Math.min(a.losses.length, b.losses.length);
  return {
    seeds: [...a.seeds, ...b.seeds],
    losses: Array.from({ length: epochs }, (_, e) => floats(a.losses[e]!, b.losses[e]!)),
    predictions: status === 'done' ? floats(a.predictions, b.predictions) : new Float32Array(0),
    explodedAt: concatenated([a.explodedAt, b.explodedAt], (n) => new Int32Array(n)),
    status,
    ...(failed?.error === undefined ? {} : { error: failed.error }),
    totalMs: Math.max(a.totalMs, b.totalMs),
    workers: a.workers + b.workers,
  };
}
