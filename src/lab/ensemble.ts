/**
 * A seed ensemble: one experiment trained for many seeds at once, as one tensor program (every
 * tensor gets a leading seed axis, see net.ts), so 200 seeds cost a few batched kernels per step
 * instead of 200 models. Each seed's numbers are those of its single run, to float32 rounding.
 */
import * as tf from '@tensorflow/tfjs-core';
import { validate, type ExperimentConfig } from './config';
import { disposeSteps, readSteps, Session, type StepStats } from './session';

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
}

export interface EnsembleOptions {
  signal?: AbortSignal;
  onEpoch?: (epoch: number, losses: Float32Array) => void;
  yieldToEventLoop?: () => Promise<void>;
}

export async function trainEnsemble(config: ExperimentConfig, seeds: readonly number[], options: EnsembleOptions = {}): Promise<EnsembleResult> {
  const started = performance.now();
  const S = seeds.length;
  const empty = (status: EnsembleResult['status'], error?: string): EnsembleResult => ({
    seeds: [...seeds],
    losses: [],
    predictions: new Float32Array(0),
    explodedAt: new Int32Array(S),
    status,
    ...(error === undefined ? {} : { error }),
    totalMs: performance.now() - started,
  });
  const problems = validate(config);
  if (S === 0) problems.push('at least one seed');
  if (problems.length > 0) return empty('error', `invalid ensemble: ${problems.join('; ')}`);

  const session = new Session(config, seeds);
  const n = config.data.points;
  const losses: Float32Array[] = [];
  const explodedAt = new Int32Array(S);
  try {
    for (let epoch = 1; epoch <= config.epochs; epoch++) {
      const data = session.shuffled();
      const stats: StepStats[] = [];
      try {
        for (let s = 0; s < session.steps; s++) {
          if (options.signal?.aborted) return { ...empty('cancelled'), losses };
          stats.push(session.step(data, s, false));
        }
        // One read per epoch: each step's per-seed loss column.
        const values = readSteps(stats);
        const epochLoss = new Float32Array(S);
        for (let s = 0; s < session.steps; s++) {
          const size = Math.min(config.batchSize, n - s * config.batchSize);
          for (let i = 0; i < S; i++) epochLoss[i] = epochLoss[i]! + (values[s * S + i]! * size) / n;
        }
        epochLoss.forEach((v, i) => {
          if (!Number.isFinite(v) && explodedAt[i] === 0) explodedAt[i] = epoch;
        });
        losses.push(epochLoss);
        options.onEpoch?.(epoch, epochLoss);
      } finally {
        disposeSteps(stats);
        tf.dispose([data.zs, data.ys]);
      }
      if (options.yieldToEventLoop) await options.yieldToEventLoop();
    }
    const p = session.predictions();
    const predictions = (p.dataSync() as Float32Array).slice(); // a copy: the cpu backend returns its own storage
    p.dispose();
    return { seeds: [...seeds], losses, predictions, explodedAt, status: 'done', totalMs: performance.now() - started };
  } catch (e) {
    return { ...empty('error', e instanceof Error ? e.message : String(e)), losses };
  } finally {
    session.dispose();
  }
}
