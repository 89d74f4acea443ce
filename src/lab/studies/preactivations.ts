/**
 * What each hidden layer's activation function sees: the pre-activations a = h·W + b of every
 * training input, summarised as a histogram over a fixed range plus the mean slope act′(a) over
 * them. For experiment 3's figure: the sigmoid and σ′ drawn once, each layer's values on top, so
 * the reader sees why every layer's mean slope sits near 0.2 and never reaches the ¼ at a = 0.
 *
 * Computed on demand, not in the per-epoch trace. A run's trace already carries each layer's mean
 * slope per epoch (`slopes`); the distributions behind them would add a forward pass in JavaScript
 * (~0.3 M multiply-adds for experiment 3, about as long as the epoch's five training steps) to
 * every epoch of every run, for one figure. Instead `epochLayers` replays the run when the figure
 * asks — the same Session steps as train(), so the same weights bit for bit — and keeps each
 * epoch's weights as numbers; `slopeSummaries` then turns any of them into the figure's data.
 *
 * The forward pass here is plain float64 arithmetic on the float32 weights (the same in Node and in
 * every browser); its mean slopes equal the trace's (computed by the tfjs kernels in float32) to
 * float32 rounding (preactivations.test.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Activation, ExperimentConfig } from '../engine/config';
import { makeDataset } from '../engine/data';
import type { Layer } from '../engine/net';
import { rngFor } from '../engine/random';
import { activate, slopeAt, SLOPE_RANGE, type SlopeRange, type SlopeSummary } from '../engine/activation-fns';
import { Session } from '../engine/session';

// The activations, their slopes and the summary's shape need no TensorFlow.js: activation-fns.ts.
export * from '../engine/activation-fns';

/** One Dense layer of one seed as numbers: kernel [fanIn × units] row-major, bias [units]. */
export interface PlainLayer {
  fanIn: number;
  units: number;
  activation: Activation;
  /** Adds the layer's input to its output (config.residual). */
  residual: boolean;
  kernel: Float32Array;
  bias: Float32Array;
}

/** Copies of seed 0's weights of a Session's (or a Snapshot's) layers. Layers with batch norm are not covered. */
export function readLayers(layers: readonly Layer[]): PlainLayer[] {
  return layers.map((l) => {
    if (l.bn) throw new Error('pre-activations with batch norm are not covered');
    const [, fanIn, units] = l.kernel.shape;
    const kernel = (l.kernel.dataSync() as Float32Array).slice(0, fanIn * units);
    const bias = (l.bias.dataSync() as Float32Array).slice(0, units);
    return { fanIn, units, activation: l.activation, residual: l.residual, kernel, bias };
  });
}

/** The inputs z a run of this config trains on, as the net sees them (scaled to [0, 1] when the config normalises). */
export function trainingInputs(config: ExperimentConfig): Float32Array {
  const { data } = config;
  const z = makeDataset(data, rngFor(config.seed, 'noise')).z;
  return config.normalize ? z.map((v) => (v - data.lo) / (data.hi - data.lo)) : z;
}

/** Every layer's pre-activations for each input (one feature each): [inputs × units] row-major per layer, float64. */
export function preActivations(layers: readonly PlainLayer[], inputs: ArrayLike<number>): Float64Array[] {
  const n = inputs.length;
  let h = Float64Array.from(inputs);
  return layers.map(({ fanIn, units, activation, residual, kernel, bias }) => {
    if (h.length !== n * fanIn) throw new Error('layer widths do not chain');
    const a = new Float64Array(n * units);
    const next = new Float64Array(n * units);
    for (let b = 0; b < n; b++) {
      for (let j = 0; j < units; j++) {
        let sum = bias[j]!;
        for (let k = 0; k < fanIn; k++) sum += h[b * fanIn + k]! * kernel[k * units + j]!;
        a[b * units + j] = sum;
        next[b * units + j] = activate(activation, sum) + (residual ? h[b * fanIn + j]! : 0);
      }
    }
    h = next;
    return a;
  });
}

/** Summarises one layer's pre-activations. */
export function summarizeSlopes(values: ArrayLike<number>, activation: Activation, range: SlopeRange = SLOPE_RANGE): SlopeSummary {
  const counts = new Array<number>(range.bins).fill(0);
  const width = (range.hi - range.lo) / range.bins;
  let [below, above, nonFinite, slopeSum, sum, squares] = [0, 0, 0, 0, 0, 0];
  for (let i = 0; i < values.length; i++) {
    const a = values[i]!;
    slopeSum += slopeAt(activation, a);
    sum += a;
    squares += a * a;
    if (!Number.isFinite(a)) nonFinite++;
    else if (a < range.lo) below++;
    else if (a >= range.hi) above++;
    else counts[Math.min(range.bins - 1, Math.floor((a - range.lo) / width))]!++;
  }
  const n = values.length;
  const mean = sum / n;
  return {
    activation,
    range,
    counts,
    below,
    above,
    nonFinite,
    total: n,
    meanSlope: slopeSum / n,
    mean,
    sd: Math.sqrt(Math.max(0, squares / n - mean * mean)),
  };
}

/** One summary per hidden layer (every layer but the output), on these inputs. */
export function slopeSummaries(layers: readonly PlainLayer[], inputs: ArrayLike<number>, range: SlopeRange = SLOPE_RANGE): SlopeSummary[] {
  const hidden = layers.slice(0, -1);
  return preActivations(hidden, inputs).map((a, l) => summarizeSlopes(a, hidden[l]!.activation, range));
}

/**
 * Replays a run of this config and returns its weights at the start (index 0) and after each epoch
 * (index e), as numbers: the Session steps train() takes, so the same weights bit for bit (for a
 * run that stays finite, or one that does not stop at its first non-finite value). For experiment 3
 * that is 100 steps and 21 small reads: 25–60 ms in Node on the shared 2-core machine, and then
 * 1.5–3 ms per epoch's `slopeSummaries`. Null if aborted. Needs a ready backend.
 */
export async function epochLayers(
  config: ExperimentConfig,
  options: { signal?: AbortSignal; yieldToEventLoop?: () => Promise<void> } = {},
): Promise<PlainLayer[][] | null> {
  const session = new Session(config, [config.seed]);
  try {
    const out = [readLayers(session.layers)];
    for (let epoch = 1; epoch <= config.epochs; epoch++) {
      if (options.signal?.aborted) return null;
      const data = session.shuffled();
      try {
        for (let s = 0; s < session.steps; s++) {
          const stats = session.step(data, s, false);
          if (!(stats instanceof Float32Array)) stats.dispose(); // the tensor paths' loss, not needed
        }
      } finally {
        tf.dispose([data.zs, data.ys]);
      }
      out.push(readLayers(session.layers));
      if (options.yieldToEventLoop) await options.yieldToEventLoop();
    }
    return out;
  } finally {
    session.dispose();
  }
}
