/**
 * The vanishing map: for a stack of `depth` hidden Dense(32, activation) layers and a Dense(1)
 * output on experiment 3's data (x in [0, 1], sd 0.05, 100 points), the ratio of the first
 * layer's kernel-gradient L2 norm to the output layer's, on the first batch of training before any
 * update: how much of the error signal reaches the bottom of the net at initialisation. Measured
 * there, not after an epoch, because a deep ReLU/He net at lr 0.1 can explode within its first
 * epoch on some seeds and would leave a hole in the map (FIELD-NOTES).
 *
 * Each cell is the median over several seeds; every seed's numbers are those of step 1 of its own
 * training run (same data, initial weights, first shuffled batch, same kernels: net.ts `gradients`
 * on one seed).
 */
import * as tf from '@tensorflow/tfjs-core';
import { preset, type Activation, type ExperimentConfig, type Initializer } from '../engine/config';
import { gradients } from '../engine/net';
import { Session } from '../engine/session';
import { l2 } from '../engine/stats';
import { VANISHING_ACTIVATIONS, VANISHING_DEPTHS, VANISHING_SEEDS } from './vanishing-grid';

export { VANISHING_ACTIVATIONS, VANISHING_DEPTHS, VANISHING_SEEDS } from './vanishing-grid';

export interface VanishingCell {
  /** Hidden layers (the output layer comes on top). */
  depth: number;
  activation: Activation;
  init: Initializer;
  /** Median over the seeds of ‖∂L/∂W_first‖ / ‖∂L/∂W_output‖ (geometric mean of the middle two for an even count). */
  ratio: number;
  /** The same ratio for each seed, in `seeds` order. */
  seedRatios: number[];
}

/** Experiment 3 with `depth` hidden layers of this activation and this initializer. */
export function vanishingConfig(depth: number, activation: Activation, init: Initializer, seed: number): ExperimentConfig {
  const base = preset('exp3', { seed, activation });
  const hidden = base.layers[0]!;
  return { ...base, initializer: init, layers: [...Array.from({ length: depth }, () => ({ ...hidden })), base.layers.at(-1)!] };
}

/**
 * Per seed, each layer's kernel-gradient L2 norm on the first batch of the run before any update
 * ([seeds][layers], layer 0 first, the output layer last).
 *
 * One seed at a time: a single seed's matMuls go to XNNPACK, while the seed-batched program runs
 * tfjs-wasm's scalar batched matMul, 5× slower here (bench/README.md). It also makes each seed's
 * gradients exactly those of step 1 of its own run (the single-seed tensor path, which the direct
 * step reproduces bit for bit).
 */
export function firstStepGradNorms(config: ExperimentConfig, seeds: readonly number[]): number[][] {
  return seeds.map((seed) => {
    // direct: false — only the tensor path's `layers` and batches are used, no step is taken.
    const session = new Session({ ...config, seed }, [seed], { direct: false });
    const data = session.shuffled(); // epoch 1's shuffle
    const { xb, yb } = session.batch(data, 0);
    try {
      const kernels = tf.tidy(() => {
        const { grads } = gradients(session.layers, xb, yb);
        return session.layers.map((_, l) => grads[2 * l]!); // kernels sit at 2l (no batch norm here)
      });
      // Read and summed in float64 (stats.ts `l2`): one read per layer instead of a dozen norm ops each.
      const values = kernels.map((k) => l2(k.dataSync() as Float32Array));
      tf.dispose(kernels);
      return values;
    } finally {
      tf.dispose([data.zs, data.ys, xb, yb]);
      session.dispose();
    }
  });
}

/** The median of positive ratios, taken on a log scale (for an even count the geometric mean of the middle two). */
export function logMedian(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : Math.sqrt(sorted[mid - 1]! * sorted[mid]!);
}

/** One cell: the ratio for each seed and their median. */
export function vanishingCell(depth: number, activation: Activation, init: Initializer, seeds: readonly number[] = VANISHING_SEEDS): VanishingCell {
  if (seeds.length === 0) throw new Error('the vanishing map needs at least one seed');
  const perSeed = firstStepGradNorms(vanishingConfig(depth, activation, init, seeds[0]!), seeds);
  const seedRatios = perSeed.map((n) => n[0]! / n[n.length - 1]!);
  return { depth, activation, init, ratio: logMedian(seedRatios), seedRatios };
}

export interface VanishingMapOptions {
  depths?: readonly number[];
  activations?: readonly Activation[];
  seeds?: readonly number[];
  /** Called with each activation's row of cells (every depth) as it is done. */
  onRow?: (activation: Activation, cells: VanishingCell[]) => void;
  /** Aborting stops the map before its next cell; the result then holds the cells done so far. */
  signal?: AbortSignal;
  /** Awaited after every cell, to let a cancel in; default none. */
  yieldToEventLoop?: () => Promise<void>;
}

export interface VanishingMapResult {
  status: 'done' | 'cancelled';
  init: Initializer;
  /** Activation by activation, each by depth. */
  cells: VanishingCell[];
  totalMs: number;
}

/** The whole map for one initializer (what the figure redraws when the reader switches Glorot / He). Needs a ready backend. */
export async function vanishingMap(init: Initializer, options: VanishingMapOptions = {}): Promise<VanishingMapResult> {
  const started = performance.now();
  const { depths = VANISHING_DEPTHS, activations = VANISHING_ACTIVATIONS, seeds = VANISHING_SEEDS } = options;
  const cells: VanishingCell[] = [];
  const result = (status: VanishingMapResult['status']): VanishingMapResult => ({ status, init, cells, totalMs: performance.now() - started });
  for (const activation of activations) {
    const row: VanishingCell[] = [];
    for (const depth of depths) {
      if (options.signal?.aborted) return result('cancelled');
      const cell = vanishingCell(depth, activation, init, seeds);
      row.push(cell);
      cells.push(cell);
      if (options.yieldToEventLoop) await options.yieldToEventLoop();
    }
    options.onRow?.(activation, row);
  }
  return result('done');
}
