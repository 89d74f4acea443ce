/**
 * A seed ensemble: one experiment trained for many seeds.
 *
 * Where a single run takes the direct step (direct.ts: one seed, plain SGD, the wasm backend), the
 * seeds are simply trained one after another, epoch by epoch: each step costs a few microseconds of
 * calls into XNNPACK, and each seed's numbers are exactly those of its single run. Anywhere else the
 * seeds train as one tensor program (every tensor gets a leading seed axis, see net.ts), a few
 * batched kernels per step instead of 200 models; its numbers equal the single runs to float32
 * rounding. The batched program was the only way until the direct step: the wasm backend runs a
 * batched matMul as a plain scalar loop (~1 GMAC/s against XNNPACK's ~12), so 200 seeds took 4.7 s
 * where they now take well under the 2 s budget (bench/README.md).
 */
import * as tf from '@tensorflow/tfjs-core';
import { validate, type ExperimentConfig } from './config';
import type { EnsembleResult } from './ensemble-result';
import { disposeSteps, readSteps, Session, type StepStats } from './session';

export type { EnsembleResult } from './ensemble-result';

export interface EnsembleOptions {
  signal?: AbortSignal;
  /** true trains the seeds as one batched program even where they could run one by one (tests). */
  batched?: boolean;
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
    workers: 1,
  });
  const problems = validate(config);
  if (S === 0) problems.push('at least one seed');
  if (problems.length > 0) return empty('error', `invalid ensemble: ${problems.join('; ')}`);

  // One by one where a single run takes the direct step, else one batched session (made in the try below).
  const sessions: Session[] = [];
  let batched: Session | null = null;
  let steps = 0;
  const n = config.data.points;
  const losses: Float32Array[] = [];
  const explodedAt = new Int32Array(S);

  /** One epoch for every seed: step s's loss for seed i at [s * S + i]. */
  const epochLosses = (): Float32Array | null => {
    if (!batched) {
      const values = new Float32Array(steps * S);
      for (let i = 0; i < S; i++) {
        if (options.signal?.aborted) return null;
        const session = sessions[i]!;
        const data = session.shuffled();
        try {
          for (let s = 0; s < steps; s++) values[s * S + i] = (session.step(data, s, false) as Float32Array)[0]!;
        } finally {
          tf.dispose([data.zs, data.ys]);
        }
      }
      return values;
    }
    const data = batched.shuffled();
    const stats: StepStats[] = [];
    try {
      for (let s = 0; s < steps; s++) {
        if (options.signal?.aborted) return null;
        stats.push(batched.step(data, s, false));
      }
      return readSteps(stats); // one read per epoch: each step's per-seed loss column
    } finally {
      disposeSteps(stats);
      tf.dispose([data.zs, data.ys]);
    }
  };

  try {
    // The first seed's session says whether single runs take the direct step here.
    const first = options.batched ? null : new Session(config, [seeds[0]!]);
    if (first?.path === 'direct') {
      sessions.push(first);
      for (const seed of seeds.slice(1)) sessions.push(new Session(config, [seed]));
    } else {
      first?.dispose();
      batched = new Session(config, seeds);
    }
    steps = (batched ?? sessions[0]!).steps;
    for (let epoch = 1; epoch <= config.epochs; epoch++) {
      const values = epochLosses();
      if (!values) return { ...empty('cancelled'), losses };
      const epochLoss = new Float32Array(S);
      for (let s = 0; s < steps; s++) {
        const size = Math.min(config.batchSize, n - s * config.batchSize);
        for (let i = 0; i < S; i++) epochLoss[i] = epochLoss[i]! + (values[s * S + i]! * size) / n;
      }
      epochLoss.forEach((v, i) => {
        if (!Number.isFinite(v) && explodedAt[i] === 0) explodedAt[i] = epoch;
      });
      losses.push(epochLoss);
      options.onEpoch?.(epoch, epochLoss);
      if (options.yieldToEventLoop) await options.yieldToEventLoop();
    }
    const predictions = new Float32Array(S * config.predictInputs.length);
    if (batched) predictions.set(batched.predictionValues());
    else sessions.forEach((session, i) => predictions.set(session.predictionValues(), i * config.predictInputs.length));
    return { seeds: [...seeds], losses, predictions, explodedAt, status: 'done', totalMs: performance.now() - started, workers: 1 };
  } catch (e) {
    return { ...empty('error', e instanceof Error ? e.message : String(e)), losses };
  } finally {
    batched?.dispose();
    sessions.forEach((s) => s.dispose());
  }
}
