/**
 * The reference training loop: one seed of an experiment, trained as `train()` (src/lab/engine/train.ts)
 * trains it, written as plain TypeScript over Float32Arrays with no TensorFlow.js. It is what every
 * tfjs speed is reported against, and an independent second statement of the arithmetic: for a
 * given seed it produces the same RunTrace as `train()` to float32 rounding (plain-loop.test.ts, run
 * by `npm run unit`). It lives in bench/ because only the benchmark runs it; the site never does.
 *
 * Same data and seeded streams, shuffles and batches, initial kernels, forward pass (matMul, + bias,
 * activation), backward pass (net.ts `gradients`), plain-SGD update, per-step numbers, per-epoch
 * diagnostics and events. Each +, −, × or ÷ is done in double and stored to float32, which is
 * exactly float32 arithmetic; dot products and sums accumulate in double, where tfjs's kernels sum in
 * float32 in their own order: that difference is the rounding the comparison allows.
 *
 * It covers what the article's experiments use: plain SGD without clipping, normalisation, batch
 * norm, residuals or stopping at a NaN; other configs end in an 'error' trace.
 *
 * One file on purpose (past the usual length): the whole reference, to be read side by side with
 * src/lab/engine/net.ts, session.ts and train.ts.
 *
 * Shapes, as in net.ts for one seed: a batch is [B, 1]; layer l has kernel [in, out] (row-major)
 * and bias [out]; h_l is [B, out_l] with h_0 = x.
 */
import { validate, type Activation, type ExperimentConfig } from '../../src/lab/engine/config';
import { makeDataset } from '../../src/lab/engine/data';
import { permutation, rngFor, uniform, type Rng } from '../../src/lab/engine/random';
import { histogram } from '../../src/lab/engine/stats';
import { recorder, type BackendInfo, type RunTrace, type TrainEvent, type TripReport } from '../../src/lab/engine/trace';

/** How a plain-loop run names its "backend" in traces and in the bench. */
export const PLAIN_BACKEND: BackendInfo = { name: 'plain-ts', simd: false, threads: 0 };

/** train.ts's printout: layer 1's kernel, column 0, first 6 rows (plain-loop.test.ts pins these). */
const PRINT_LAYER = 1;
const PRINT_COUNT = 6;

export interface PlainTrainOptions {
  onEvent?: (event: TrainEvent) => void;
  /** Aborting stops the run before its next step. */
  signal?: AbortSignal;
  /** Called after every step of a run that has a `signal`, as `train()` does; defaults to a macrotask. */
  yieldToEventLoop?: () => Promise<void>;
}

interface PlainLayer {
  fanIn: number;
  units: number;
  activation: Activation;
  kernel: Float32Array;
  bias: Float32Array;
  /** h_{l+1} for the rows in flight, [rows, units]. */
  out: Float32Array;
  /** ∂loss/∂h_{l+1}, then ∂loss/∂(pre-activation), [rows, units]. */
  delta: Float32Array;
}

/** What one step found non-finite, first in train.ts's order; indices are positions in [k0, b0, k1, b1, …]. */
export interface StepCheck {
  badGradient: number;
  badParam: number;
  /** ‖∂L/∂W_l‖ in double (no float32 overflow): the tripwire's `lastKernelGradNorms`. */
  kernelGradNorms: Float64Array;
}

function activate(activation: Activation, v: number): number {
  switch (activation) {
    case 'linear':
      return v;
    case 'sigmoid':
      return 1 / (1 + Math.exp(-v));
    case 'relu':
      return v < 0 ? 0 : v;
    case 'tanh':
      return Math.tanh(v);
    default: {
      const never: never = activation;
      throw new Error(`unknown activation ${String(never)}`);
    }
  }
}

/** act′ written with the output h, as net.ts `activationSlope` (NaN stays NaN). */
function slope(activation: Activation, h: number): number {
  switch (activation) {
    case 'linear':
      return 1;
    case 'sigmoid':
      return Math.fround(h * Math.fround(1 - h));
    case 'relu':
      return h > 0 ? 1 : Number.isNaN(h) ? NaN : 0;
    case 'tanh':
      return Math.fround(1 - Math.fround(h * h));
    default: {
      const never: never = activation;
      throw new Error(`unknown activation ${String(never)}`);
    }
  }
}

/** A Dense stack of one seed with its scratch buffers; `step` is one plain-SGD step in place. */
export class PlainMlp {
  readonly layers: PlainLayer[];
  /** Rows one pass can hold (batches and predictions; longer inputs go through in chunks). */
  readonly rows: number;
  readonly check: StepCheck;
  readonly #input: Float32Array;
  /** Double accumulators: one output row, or one kernel's gradient. */
  readonly #acc: Float64Array;

  /** Kernels drawn layer by layer, row by row from `rng` (net.ts `initialKernel`); zero biases. */
  constructor(config: Pick<ExperimentConfig, 'layers' | 'initializer'>, rng: Rng, rows: number) {
    let fanIn = 1;
    let largest = 1;
    this.layers = config.layers.map(({ units, activation }) => {
      const limit = config.initializer === 'heUniform' ? Math.sqrt(6 / fanIn) : Math.sqrt(6 / (fanIn + units));
      const kernel = new Float32Array(fanIn * units);
      for (let i = 0; i < kernel.length; i++) kernel[i] = uniform(rng, -limit, limit);
      const layer = { fanIn, units, activation, kernel, bias: new Float32Array(units), out: new Float32Array(rows * units), delta: new Float32Array(rows * units) };
      largest = Math.max(largest, fanIn * units);
      fanIn = units;
      return layer;
    });
    this.rows = rows;
    this.#input = new Float32Array(rows);
    this.#acc = new Float64Array(largest);
    this.check = { badGradient: -1, badParam: -1, kernelGradNorms: new Float64Array(this.layers.length) };
  }

  /** Forward pass of `size` ≤ rows inputs (one feature each); every layer's `out` holds its activations. */
  forward(x: ArrayLike<number>, size: number, from = 0): Float32Array {
    const input = this.#input;
    for (let b = 0; b < size; b++) input[b] = x[from + b]!;
    let h = input;
    const acc = this.#acc;
    for (const { fanIn, units, kernel, bias, out, activation } of this.layers) {
      for (let b = 0; b < size; b++) {
        acc.fill(0, 0, units);
        for (let k = 0; k < fanIn; k++) {
          const hk = h[b * fanIn + k]!;
          const row = k * units;
          for (let j = 0; j < units; j++) acc[j] = acc[j]! + hk * kernel[row + j]!;
        }
        // The matMul rounded to float32, + bias rounded, then the activation (the fused kernel's order).
        for (let j = 0; j < units; j++) out[b * units + j] = activate(activation, Math.fround(Math.fround(acc[j]!) + bias[j]!));
      }
      h = out;
    }
    return h;
  }

  /**
   * One plain-SGD step on `size` rows of (`x`, `y`). Writes [loss, ‖∂L/∂W_l‖ per layer] into `stats`
   * at `offset` as float32, as session.ts `step` returns them (the norm overflows as float32 does),
   * and fills `check`.
   */
  step(x: ArrayLike<number>, y: ArrayLike<number>, size: number, learningRate: number, stats: Float32Array, offset: number): void {
    const out = this.forward(x, size);
    const L = this.layers.length;
    const last = this.layers[L - 1]!;
    // d = ∂L/∂h_L = 2(h_L − y)/B; loss = mean((h_L − y)²).
    const scale = Math.fround(2 / size);
    let squares = 0;
    for (let b = 0; b < size; b++) {
      const diff = Math.fround(out[b]! - y[b]!);
      squares += Math.fround(diff * diff);
      last.delta[b] = diff * scale;
    }
    stats[offset] = squares / size;
    const lr = Math.fround(learningRate);
    const acc = this.#acc;
    const check = this.check;
    check.badGradient = check.badParam = -1;
    for (let l = L - 1; l >= 0; l--) {
      const layer = this.layers[l]!;
      const { fanIn, units, kernel, bias, delta, activation } = layer;
      const h = l > 0 ? this.layers[l - 1]!.out : this.#input;
      // d ← d ⊙ act′(h_{l+1}): the line where a sigmoid's slope (≤ 0.25) shrinks the gradient.
      if (activation !== 'linear') for (let i = 0; i < size * units; i++) delta[i] = delta[i]! * slope(activation, layer.out[i]!);
      // d_below ← d Wᵀ, with this layer's kernel before its update.
      if (l > 0) {
        const below = this.layers[l - 1]!.delta;
        for (let b = 0; b < size; b++) {
          for (let k = 0; k < fanIn; k++) {
            let s = 0;
            const row = k * units;
            for (let j = 0; j < units; j++) s += delta[b * units + j]! * kernel[row + j]!;
            below[b * fanIn + k] = s;
          }
        }
      }
      // ∂L/∂W = hᵀ d; then W ← W − lr·∂L/∂W (the product and the difference each rounded to float32).
      acc.fill(0, 0, fanIn * units);
      for (let b = 0; b < size; b++) {
        for (let k = 0; k < fanIn; k++) {
          const hk = h[b * fanIn + k]!;
          const row = k * units;
          for (let j = 0; j < units; j++) acc[row + j] = acc[row + j]! + hk * delta[b * units + j]!;
        }
      }
      let squared32 = 0; // float32 squares: overflows to Infinity where tfjs's does
      let squared64 = 0; // finite exactly when every entry is
      let updated = 0;
      for (let i = 0; i < fanIn * units; i++) {
        const g = Math.fround(acc[i]!);
        squared32 += Math.fround(g * g);
        squared64 += g * g;
        kernel[i] = kernel[i]! - Math.fround(g * lr);
        updated += kernel[i]!;
      }
      stats[offset + 1 + l] = Math.sqrt(Math.fround(squared32));
      check.kernelGradNorms[l] = Math.sqrt(squared64);
      // ∂L/∂b = Σ_batch d; b ← b − lr·∂L/∂b.
      let biasGrads = 0;
      let biasUpdated = 0;
      for (let j = 0; j < units; j++) {
        let g = 0;
        for (let b = 0; b < size; b++) g += delta[b * units + j]!;
        const g32 = Math.fround(g);
        biasGrads += g32;
        bias[j] = bias[j]! - Math.fround(g32 * lr);
        biasUpdated += bias[j]!;
      }
      // Positions in trainable order are 2l (kernel) and 2l + 1 (bias); lower layers come later here, and win.
      if (!Number.isFinite(biasGrads)) check.badGradient = 2 * l + 1;
      if (!Number.isFinite(squared64)) check.badGradient = 2 * l;
      if (!Number.isFinite(biasUpdated)) check.badParam = 2 * l + 1;
      if (!Number.isFinite(updated)) check.badParam = 2 * l;
    }
  }

  /** The first PRINT_COUNT entries of column 0 of the printed layer's kernel (train.ts `printedWeights`). */
  printed(): Float32Array {
    const { kernel, fanIn, units } = this.layers[PRINT_LAYER] ?? this.layers[0]!;
    return Float32Array.from({ length: Math.min(PRINT_COUNT, fanIn) }, (_, r) => kernel[r * units]!);
  }

  /** L2 norm of each layer's kernel, overflowing as float32 does (session.ts `quickNorms`). */
  weightNorms(): Float32Array {
    return Float32Array.from(this.layers, ({ kernel }) => {
      let s = 0;
      for (const w of kernel) s += Math.fround(w * w);
      return Math.sqrt(Math.fround(s));
    });
  }

  /** Mean |act′| per layer over the inputs `x` (net.ts `meanSlopes`; 1 for a linear layer). */
  meanSlopes(x: ArrayLike<number>): Float32Array {
    const sums = new Float64Array(this.layers.length);
    for (let from = 0; from < x.length; from += this.rows) {
      const size = Math.min(this.rows, x.length - from);
      this.forward(x, size, from);
      this.layers.forEach(({ activation, out, units }, l) => {
        for (let i = 0; i < size * units; i++) sums[l] = sums[l]! + Math.abs(slope(activation, out[i]!));
      });
    }
    return Float32Array.from(this.layers, ({ activation, units }, l) => (activation === 'linear' ? 1 : sums[l]! / (x.length * units)));
  }

  /** The network's outputs for plain inputs (the article's `model.predict`). */
  predict(inputs: readonly number[]): Float32Array {
    const result = new Float32Array(inputs.length);
    for (let from = 0; from < inputs.length; from += this.rows) {
      const size = Math.min(this.rows, inputs.length - from);
      result.set(this.forward(inputs, size, from).subarray(0, size), from);
    }
    return result;
  }
}

/** Why the plain loop cannot run a config, or null when it can. */
function unsupported(config: ExperimentConfig): string | null {
  const fixes = [config.optimizer !== 'sgd' && 'optimizers other than sgd', config.clipNorm > 0 && 'clipping', config.normalize && 'normalisation', config.batchNorm && 'batch norm', config.residual && 'residuals', config.stopOnNonFinite && 'stopping at a NaN'];
  const missing = fixes.filter((f): f is string => typeof f === 'string');
  return missing.length > 0 ? `the plain loop does not implement ${missing.join(', ')}` : null;
}

const defaultYield = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** `train()`'s loop with PlainMlp in place of tfjs: the same events, the same RunTrace. */
export async function trainPlain(config: ExperimentConfig, options: PlainTrainOptions = {}): Promise<RunTrace> {
  const { emit, finish } = recorder(config, PLAIN_BACKEND, options.onEvent);
  const pause = options.yieldToEventLoop ?? defaultYield;

  const problems = validate(config);
  if (problems.length > 0) return finish('error', null, `invalid experiment: ${problems.join('; ')}`);
  const gap = unsupported(config);
  if (gap) return finish('error', null, gap);

  const data = makeDataset(config.data, rngFor(config.seed, 'noise'));
  const shuffleRng = rngFor(config.seed, 'shuffle');
  const n = config.data.points;
  const { batchSize } = config;
  const steps = Math.ceil(n / batchSize);
  const L = config.layers.length;
  const net = new PlainMlp(config, rngFor(config.seed, 'init'), Math.max(batchSize, config.predictInputs.length));
  const xb = new Float32Array(batchSize);
  const yb = new Float32Array(batchSize);
  const stats = new Float32Array(steps * (1 + L));
  const previousNorms = new Float64Array(L);
  let previousLoss: number | null = null; // null before the run's first step
  let trip: TripReport | null = null;

  emit({ type: 'epochBegin', epoch: 1, printed: net.printed() });
  for (let epoch = 1; epoch <= config.epochs; epoch++) {
    const epochStart = performance.now();
    const order = permutation(shuffleRng, n);
    let found: TripReport | null = null;
    for (let s = 0; s < steps; s++) {
      if (options.signal?.aborted) return finish('cancelled', null);
      const start = s * batchSize;
      const size = Math.min(batchSize, n - start);
      for (let i = 0; i < size; i++) {
        xb[i] = data.z[order[start + i]!]!;
        yb[i] = data.y[order[start + i]!]!;
      }
      previousNorms.set(net.check.kernelGradNorms);
      net.step(xb, yb, size, config.learningRate, stats, s * (1 + L));
      const loss = stats[s * (1 + L)]!;
      const { badGradient, badParam } = net.check;
      if (!trip && !found && (!Number.isFinite(loss) || badGradient >= 0 || badParam >= 0)) {
        const at = !Number.isFinite(loss) ? null : badGradient >= 0 ? badGradient : badParam;
        // The last finite values are the previous step's, across an epoch boundary too (train.ts's replay).
        const previous = previousLoss === null ? { lastLoss: null, lastKernelGradNorms: null } : { lastLoss: previousLoss, lastKernelGradNorms: Array.from(previousNorms, Math.fround) };
        found = {
          epoch,
          step: s + 1,
          quantity: at === null ? 'loss' : badGradient >= 0 ? 'gradient' : 'weight',
          layer: at === null ? null : at >> 1,
          param: at === null ? null : at % 2 === 0 ? 'kernel' : 'bias',
          loss,
          ...previous,
          stopped: false,
        };
      }
      previousLoss = loss;
      if (options.signal) await pause(); // only a run that can be cancelled needs to let messages in
    }
    // What train.ts computes on the backend before its one read of the epoch.
    const weightNorms = net.weightNorms();
    const printed = net.printed();
    const slopes = net.meanSlopes(data.z);
    const predictions = net.predict(config.predictInputs);
    const msPerStep = (performance.now() - epochStart) / steps;

    let loss = 0;
    const gradNorms = new Float32Array(L);
    for (let s = 0; s < steps; s++) {
      const row = s * (1 + L);
      const size = Math.min(batchSize, n - s * batchSize);
      loss += (stats[row]! * size) / n; // batch-size-weighted mean, as Keras' progress bar
      for (let l = 0; l < L; l++) gradNorms[l] = gradNorms[l]! + stats[row + 1 + l]! / steps;
    }
    const histograms = net.layers.map((l) => histogram(l.kernel));
    emit({ type: 'epochEnd', epoch, loss, gradNorms, weightNorms, slopes, predictions, histograms, msPerStep });
    if (found) {
      trip = found;
      emit({ type: 'trip', trip });
    }
    if (epoch < config.epochs) emit({ type: 'epochBegin', epoch: epoch + 1, printed });
  }
  return finish('done', net.predict(config.predictInputs));
}
