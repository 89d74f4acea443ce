/**
 * Training, Keras-style: per epoch, print (at the epoch's START, as the article's on_epoch_begin
 * callback does), shuffle all pairs, take batches in order, one plain-SGD step each; the epoch's
 * loss is the mean of its step losses. Emits events as it goes and returns the RunTrace.
 *
 * The host reads numbers from the backend once per epoch (one dataSync of everything the epoch
 * reports), never per step.
 */
import * as tf from '@tensorflow/tfjs-core';
import { validate, type ExperimentConfig } from './config';
import { makeDataset } from './data';
import { disposeDense, initDense, l2, predict, sgdStep, type Dense } from './mlp';
import { permutation, rngFor } from './random';
import { TraceBuilder, type BackendInfo, type RunTrace, type TrainEvent } from './trace';

export interface TrainOptions {
  onEvent?: (event: TrainEvent) => void;
  /** Aborting stops the run before its next step; everything it allocated is disposed. */
  signal?: AbortSignal;
  /** What to report as the backend (see backend.ts `describeBackend`). */
  backend: BackendInfo;
  /** Lets queued messages (a cancel) in between steps; defaults to a macrotask. */
  yieldToEventLoop?: () => Promise<void>;
}

/** The layer whose kernel the article prints (`model.layers[1]`), and how many entries of column 0. */
export const PRINT_LAYER = 1;
export const PRINT_COUNT = 6;

const defaultYield = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

class Cancelled extends Error {}

/** The first PRINT_COUNT entries of column 0 of the printed layer's kernel (fewer if it is smaller). */
function printedWeights(layers: Dense[]): tf.Tensor1D {
  const kernel = (layers[PRINT_LAYER] ?? layers[0]!).kernel;
  const rows = Math.min(PRINT_COUNT, kernel.shape[0]);
  return tf.tidy(() => tf.reshape(tf.slice(kernel, [0, 0], [rows, 1]), [rows]));
}

export async function train(config: ExperimentConfig, options: TrainOptions): Promise<RunTrace> {
  const builder = new TraceBuilder(config);
  const emit = (event: TrainEvent) => {
    builder.apply(event);
    options.onEvent?.(event);
  };
  const pause = options.yieldToEventLoop ?? defaultYield;
  const started = performance.now();
  const finish = (status: RunTrace['status'], predictions: Float32Array | null, error?: string) => {
    const done: TrainEvent = { type: 'done', status, predictions, totalMs: performance.now() - started, backend: options.backend };
    if (error !== undefined) done.error = error;
    emit(done);
    return builder.trace();
  };

  const problems = validate(config);
  if (problems.length > 0) return finish('error', null, `invalid experiment: ${problems.join('; ')}`);

  const data = makeDataset(config.data, rngFor(config.seed, 'noise'));
  const shuffleRng = rngFor(config.seed, 'shuffle');
  const n = config.data.points;
  const steps = Math.ceil(n / config.batchSize);
  const layerCount = config.layers.length;
  const z = tf.tensor2d(data.z, [n, 1]);
  const y = tf.tensor2d(data.y, [n, 1]);
  const layers = initDense(config.layers, rngFor(config.seed, 'init'));

  try {
    const first = printedWeights(layers);
    emit({ type: 'epochBegin', epoch: 1, printed: first.dataSync() as Float32Array });
    first.dispose();
    for (let epoch = 1; epoch <= config.epochs; epoch++) {
      const epochStart = performance.now();
      const order = tf.tensor1d(permutation(shuffleRng, n), 'int32');
      const zs = tf.gather(z, order);
      const ys = tf.gather(y, order);
      order.dispose();
      const stepStats: tf.Tensor1D[] = [];
      try {
        for (let s = 0; s < steps; s++) {
          if (options.signal?.aborted) throw new Cancelled();
          const start = s * config.batchSize;
          const size = Math.min(config.batchSize, n - start);
          const [xb, yb] = tf.tidy(() => [tf.slice(zs, [start, 0], [size, 1]), tf.slice(ys, [start, 0], [size, 1])]);
          stepStats.push(sgdStep(layers, xb as tf.Tensor2D, yb as tf.Tensor2D, config.learningRate));
          xb!.dispose();
          yb!.dispose();
          await pause();
        }
        // One read per epoch: every step's [loss, grad norms], then weight norms, then next epoch's printout.
        const all = tf.tidy(() => tf.concat([...stepStats, ...layers.map((l) => l2(l.kernel)), printedWeights(layers)]));
        const values = all.dataSync() as Float32Array;
        all.dispose();
        const msPerStep = (performance.now() - epochStart) / steps;

        let loss = 0;
        const gradNorms = new Float32Array(layerCount);
        for (let s = 0; s < steps; s++) {
          const row = s * (1 + layerCount);
          const size = Math.min(config.batchSize, n - s * config.batchSize);
          loss += (values[row]! * size) / n; // batch-size-weighted mean, as Keras' progress bar
          for (let l = 0; l < layerCount; l++) gradNorms[l] = gradNorms[l]! + values[row + 1 + l]! / steps;
        }
        const offset = steps * (1 + layerCount);
        const weightNorms = values.slice(offset, offset + layerCount);
        emit({ type: 'epochEnd', epoch, loss, gradNorms, weightNorms, msPerStep });
        if (epoch < config.epochs) emit({ type: 'epochBegin', epoch: epoch + 1, printed: values.slice(offset + layerCount) });
      } finally {
        for (const t of stepStats) t.dispose();
        zs.dispose();
        ys.dispose();
      }
    }
    return finish('done', predict(layers, config.predictInputs));
  } catch (e) {
    if (e instanceof Cancelled) return finish('cancelled', null);
    return finish('error', null, e instanceof Error ? e.message : String(e));
  } finally {
    disposeDense(layers);
    z.dispose();
    y.dispose();
  }
}
