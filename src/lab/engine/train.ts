/**
 * One training run, Keras-style: per epoch, print (at the epoch's START, as the article's
 * on_epoch_begin callback does), shuffle all pairs, take batches in order, one optimiser step each;
 * the epoch's loss is the mean of its step losses. Emits events as it goes and returns the RunTrace.
 *
 * The host reads numbers back once per epoch (one dataSync of everything the epoch reports), never
 * per step. The NaN tripwire costs nothing until an epoch's numbers contain a non-finite value; then
 * the epoch is replayed from its starting snapshot one step at a time, in full detail, to find the
 * first step, layer and parameter that went bad (the replay computes exactly the same numbers).
 */
import * as tf from '@tensorflow/tfjs-core';
import { validate, type ExperimentConfig } from './config';
import type { Layer } from './net';
import { cloneSnapshot, disposeSnapshot, disposeSteps, readSteps, Session, type Snapshot, type StepDetail, type StepStats } from './session';
import { histogram, l2 } from './stats';
import { recorder, type BackendInfo, type RunTrace, type TrainEvent, type TripReport } from './trace';

export interface TrainOptions {
  onEvent?: (event: TrainEvent) => void;
  /** Aborting stops the run before its next step; everything it allocated is disposed. */
  signal?: AbortSignal;
  /** What to report as the backend (see backend.ts `describeBackend`). */
  backend: BackendInfo;
  /** Lets queued messages (a cancel) in between steps, when there is a signal; defaults to a macrotask. */
  yieldToEventLoop?: () => Promise<void>;
  /** false keeps the run off the direct step (direct.ts), for comparing the paths; default true. */
  direct?: boolean;
  /**
   * A run shown while a control moves (islands re-train on every frame of a drag): the same numbers,
   * but no tripwire replay (so no TripReport, and gradient norms past ~1.8e19 stay Infinity instead
   * of being recomputed) and no weight histograms. The full run when the reader lets go has all.
   */
  quick?: boolean;
}

/** The layer whose kernel the article prints (`model.layers[1]`), and how many entries of column 0. */
export const PRINT_LAYER = 1;
export const PRINT_COUNT = 6;

const defaultYield = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

class Cancelled extends Error {}

/** The first PRINT_COUNT entries of column 0 of the printed layer's kernel (seed 0), from `kernelValues()`. */
function printedWeights(layers: readonly Layer[], kernels: readonly Float32Array[]): Float32Array {
  const at = layers[PRINT_LAYER] ? PRINT_LAYER : 0;
  const [, rows, columns] = layers[at]!.kernel.shape;
  return Float32Array.from({ length: Math.min(PRINT_COUNT, rows) }, (_, i) => kernels[at]![i * columns]!);
}

/** Names the parameter at position `i` of `trainable(layers)`. */
function parameterAt(layers: readonly Layer[], i: number): { layer: number; param: NonNullable<TripReport['param']> } {
  let at = 0;
  for (let l = 0; l < layers.length; l++) {
    const names = layers[l]!.bn ? (['kernel', 'bias', 'gamma', 'beta'] as const) : (['kernel', 'bias'] as const);
    if (i < at + names.length) return { layer: l, param: names[i - at]! };
    at += names.length;
  }
  throw new Error(`no parameter at ${i}`);
}

/** The first thing a step made non-finite, in the order the step computes it; null if all finite. */
function firstNonFinite(layers: readonly Layer[], d: StepDetail): Pick<TripReport, 'quantity' | 'layer' | 'param'> | null {
  if (!Number.isFinite(d.loss)) return { quantity: 'loss', layer: null, param: null };
  const g = d.gradMax.findIndex((v) => !Number.isFinite(v));
  if (g >= 0) return { quantity: 'gradient', ...parameterAt(layers, g) };
  const w = d.paramMax.findIndex((v) => !Number.isFinite(v));
  if (w >= 0) return { quantity: 'weight', ...parameterAt(layers, w) };
  return null;
}

export async function train(config: ExperimentConfig, options: TrainOptions): Promise<RunTrace> {
  const { emit, finish, trainedBy } = recorder(config, options.backend, options.onEvent);
  const pause = options.yieldToEventLoop ?? defaultYield;

  const problems = validate(config);
  if (problems.length > 0) return finish('error', null, `invalid experiment: ${problems.join('; ')}`);

  const session = new Session(config, [config.seed], { direct: options.direct !== false });
  trainedBy(session.path, session.directFallback);
  const L = config.layers.length;
  const steps = session.steps;
  const n = config.data.points;
  let tripped = false;

  /** An epoch as the tripwire may need to replay it: the state it started from and its shuffled data. */
  interface Segment {
    epoch: number;
    start: Snapshot;
    data: { zs: tf.Tensor3D; ys: tf.Tensor3D };
  }
  const disposeSegment = (segment: Segment | null) => {
    if (!segment) return;
    disposeSnapshot(segment.start);
    tf.dispose([segment.data.zs, segment.data.ys]);
  };

  /**
   * Replays the previous and the current epoch from the previous one's start, one detailed step at a
   * time, until something goes non-finite. Starting an epoch early gives the exact last finite values
   * even when the current epoch's very first step is the bad one. The segments stay the caller's.
   */
  const replay = (segments: Segment[]): { found: { trip: TripReport; before: Snapshot } | null; details: StepDetail[] } => {
    const after = session.snapshot();
    session.restore(cloneSnapshot(segments[0]!.start));
    let last: StepDetail | null = null;
    let found: { trip: TripReport; before: Snapshot } | null = null;
    let details: StepDetail[] = [];
    for (const { epoch, data } of segments) {
      details = [];
      for (let s = 0; s < steps && !found; s++) {
        const before = session.snapshot();
        const detail = session.stepDetailed(data, s);
        const bad = firstNonFinite(session.layers, detail);
        if (bad) {
          const trip: TripReport = {
            epoch,
            step: s + 1,
            ...bad,
            loss: detail.loss,
            lastLoss: last ? last.loss : null,
            lastKernelGradNorms: last ? Array.from(last.kernelGradNorms) : null,
            stopped: config.stopOnNonFinite,
          };
          found = { trip, before };
        } else disposeSnapshot(before);
        last = detail;
        details.push(detail);
      }
    }
    if (found && config.stopOnNonFinite) {
      disposeSnapshot(after);
      session.restore(found.before);
      return { found, details };
    }
    session.restore(after);
    if (found) disposeSnapshot(found.before);
    return { found, details };
  };

  let previous: Segment | null = null;
  try {
    emit({ type: 'epochBegin', epoch: 1, printed: printedWeights(session.layers, session.kernelValues()) });
    for (let epoch = 1; epoch <= config.epochs; epoch++) {
      const epochStart = performance.now();
      // The epoch's starting point and data, kept for the tripwire's replay until the next epoch ends.
      // (A quick run never replays, so it keeps no snapshot.)
      const start: Snapshot | null = tripped || options.quick ? null : session.snapshot();
      const data = session.shuffled();
      let current: Segment | null = start ? { epoch, start, data } : null;
      const stepStats: StepStats[] = [];
      try {
        for (let s = 0; s < steps; s++) {
          if (options.signal?.aborted) throw new Cancelled();
          stepStats.push(session.step(data, s));
          if (options.signal) await pause(); // only a run that can be cancelled needs to let messages in
        }
        // Read once per epoch: every step's [loss, grad norms], the kernels (weight norms, the next
        // printout, histograms), the slopes and the predictions.
        const stepValues = readSteps(stepStats);
        const kernels = session.kernelValues();
        const weightNorms = Float32Array.from(kernels, l2);
        const printed = printedWeights(session.layers, kernels);
        const slopes = session.slopeValues();
        const predictions = session.predictionValues();
        const histograms = options.quick ? [] : kernels.map((w) => histogram(w)); // a drag's frame shows no histogram
        const msPerStep = (performance.now() - epochStart) / steps;

        let loss = 0;
        const gradNorms = new Float32Array(L);
        for (let s = 0; s < steps; s++) {
          const row = s * (1 + L);
          const size = Math.min(config.batchSize, n - s * config.batchSize);
          loss += (stepValues[row]! * size) / n; // batch-size-weighted mean, as Keras' progress bar
          for (let l = 0; l < L; l++) gradNorms[l] = gradNorms[l]! + stepValues[row + 1 + l]! / steps;
        }

        const suspicious = !tripped && !options.quick && [loss, ...gradNorms, ...weightNorms].some((v) => !Number.isFinite(v));
        let found: ReturnType<typeof replay>['found'] = null;
        if (suspicious && current) {
          const replayed = replay(previous ? [previous, current] : [current]);
          found = replayed.found;
          // No trip, only float32 overflow in the fast norms (gradients past ~1.8e19): take the replay's safe ones.
          if (!found && replayed.details.length === steps) {
            gradNorms.fill(0);
            for (const d of replayed.details) d.kernelGradNorms.forEach((v, l) => (gradNorms[l] = gradNorms[l]! + v / steps));
          }
          if (found) {
            disposeSegment(previous);
            disposeSegment(current);
            previous = current = null;
          }
        }
        if (found) {
          tripped = true;
          if (found.trip.stopped) {
            emit({ type: 'trip', trip: found.trip });
            return finish('done', session.predictionValues());
          }
        }
        emit({ type: 'epochEnd', epoch, loss, gradNorms, weightNorms, slopes, predictions, histograms, msPerStep });
        if (found) emit({ type: 'trip', trip: found.trip });
        disposeSegment(previous);
        previous = current;
        current = null;
        if (epoch < config.epochs) emit({ type: 'epochBegin', epoch: epoch + 1, printed });
      } finally {
        disposeSteps(stepStats);
        if (current) disposeSegment(current); // cancelled or failed mid-epoch
        else if (!start) tf.dispose([data.zs, data.ys]); // after a trip no segment holds the data
      }
    }
    return finish('done', session.predictionValues());
  } catch (e) {
    if (e instanceof Cancelled) return finish('cancelled', null);
    return finish('error', null, e instanceof Error ? e.message : String(e));
  } finally {
    disposeSegment(previous);
    session.dispose();
  }
}
