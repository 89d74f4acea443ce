/**
 * An experiment, described entirely as data. The three presets are the source article's Keras
 * experiments (see shared/EXPERIMENTS.md, the contract for "the same experiment").
 */

export const ACTIVATIONS = ['linear', 'sigmoid', 'relu', 'tanh'] as const;
/** `linear` is Keras' `activation=None`. */
export type Activation = (typeof ACTIVATIONS)[number];

export const EXPERIMENT_IDS = ['exp1', 'exp2', 'exp3'] as const;
export type ExperimentId = (typeof EXPERIMENT_IDS)[number];

export interface DataConfig {
  /** Clean inputs are `linspace(lo, hi, points)` in float32. */
  lo: number;
  hi: number;
  points: number;
  /** Standard deviation of the Gaussian noise added to each input (`z = x + noise`, target `y = x`). */
  noiseSd: number;
}

/** One Dense layer: `units` outputs, bias zero at the start, then the activation. */
export interface LayerConfig {
  units: number;
  activation: Activation;
}

export const INITIALIZERS = ['glorotUniform', 'heUniform'] as const;
/** Keras' glorot_uniform U(±√(6/(fan_in+fan_out))) or he_uniform U(±√(6/fan_in)). */
export type Initializer = (typeof INITIALIZERS)[number];

export const OPTIMIZERS = ['sgd', 'momentum', 'adam'] as const;
/** Keras' SGD (momentum 0), SGD with momentum 0.9, and Adam (β1 0.9, β2 0.999, ε 1e-7). */
export type OptimizerKind = (typeof OPTIMIZERS)[number];

/** Which figure a config belongs to: one of the article's experiments, or the playground. */
export type RunName = ExperimentId | 'playground';

export interface ExperimentConfig {
  experiment: RunName;
  /** One integer fixes the noise, the initial weights and every shuffle. */
  seed: number;
  data: DataConfig;
  /** Every Dense layer in order; the last one is the output and has 1 unit. The input has 1 feature. */
  layers: LayerConfig[];
  learningRate: number;
  batchSize: number;
  epochs: number;
  /** Inputs fed to the trained model at the end (the article's `model.predict([1])` etc.). */
  predictInputs: number[];
  /** The article's experiments use glorot-uniform kernels and plain SGD, and none of the fixes below. */
  initializer: Initializer;
  optimizer: OptimizerKind;
  /** Keras' `clipnorm`: each gradient tensor is rescaled to at most this L2 norm; 0 = off. */
  clipNorm: number;
  /** Scale inputs and targets from [lo, hi] to [0, 1] (predictions are scaled back). */
  normalize: boolean;
  /** Batch normalisation between each hidden layer's matmul and its activation. */
  batchNorm: boolean;
  /** Skip connections around hidden layers whose input and output widths match: h ← act(Wh + b) + h. */
  residual: boolean;
  /** Stop the run at the first step that makes a loss, weight or gradient non-finite. */
  stopOnNonFinite: boolean;
}

const linearNet: LayerConfig[] = [
  { units: 32, activation: 'linear' },
  { units: 1, activation: 'linear' },
];

function deepNet(activation: Activation): LayerConfig[] {
  return [
    ...Array.from({ length: 4 }, () => ({ units: 32, activation })),
    { units: 1, activation: 'linear' as const },
  ];
}

const shared = {
  learningRate: 0.1,
  batchSize: 20,
  epochs: 20,
  predictInputs: [1, 2, 3],
  initializer: 'glorotUniform' as const,
  optimizer: 'sgd' as const,
  clipNorm: 0,
  normalize: false,
  batchNorm: false,
  residual: false,
  stopOnNonFinite: false,
};

/**
 * Default seeds, chosen from a survey of seeds 1–30 so each default run looks like the article's:
 * exp1 (4) starts near the article's loss 0.17 and ends 0.0023 with 0.98/1.96/2.93; exp2 (14) has an
 * epoch-1 loss of 3.5e31 (the article: 5.7e31) and nan from epoch 2; exp3 (29) starts at 0.57 (the
 * article: 0.568) and predicts 0.58 three times. Other seeds behave differently, and the article says so.
 */
export const DEFAULT_SEEDS: Record<ExperimentId, number> = { exp1: 4, exp2: 14, exp3: 29 };

/** The article's experiments. exp3 takes the activation the article calls ACT (sigmoid by default). */
export function preset(id: ExperimentId, options: { seed?: number; activation?: Activation } = {}): ExperimentConfig {
  const seed = options.seed ?? DEFAULT_SEEDS[id];
  switch (id) {
    case 'exp1':
      return { experiment: id, seed, data: { lo: 0, hi: 1, points: 100, noiseSd: 0.05 }, layers: linearNet, ...shared };
    case 'exp2':
      return { experiment: id, seed, data: { lo: 0, hi: 4, points: 100, noiseSd: 0.1 }, layers: linearNet, ...shared };
    case 'exp3':
      return {
        experiment: id,
        seed,
        data: { lo: 0, hi: 1, points: 100, noiseSd: 0.05 },
        layers: deepNet(options.activation ?? 'sigmoid'),
        ...shared,
      };
    default: {
      const never: never = id;
      // Stryker disable next-line StringLiteral: unreachable, TypeScript refuses a fourth experiment here
      throw new Error(`unknown experiment ${String(never)}`);
    }
  }
}

/** Checks a config before training; returns the problems in plain words (empty when fine). */
export function validate(config: ExperimentConfig): string[] {
  const problems: string[] = [];
  const { data } = config;
  if (!Number.isInteger(config.seed)) problems.push('seed must be an integer');
  if (!(Number.isFinite(data.lo) && Number.isFinite(data.hi) && data.lo < data.hi)) problems.push('input range must satisfy lo < hi');
  if (!(Number.isInteger(data.points) && data.points >= 2 && data.points <= 100_000)) problems.push('points must be an integer in 2..100000');
  if (!(Number.isFinite(data.noiseSd) && data.noiseSd >= 0)) problems.push('noise sd must be ≥ 0');
  if (config.layers.length < 1) problems.push('the model needs at least one layer');
  config.layers.forEach((l, i) => {
    if (!(Number.isInteger(l.units) && l.units >= 1 && l.units <= 1024)) problems.push(`layer ${i} units must be an integer in 1..1024`);
    if (!ACTIVATIONS.includes(l.activation)) problems.push(`layer ${i} activation must be one of ${ACTIVATIONS.join(', ')}`);
  });
  if (config.layers.at(-1)?.units !== 1) problems.push('the last layer must have 1 unit');
  if (!(Number.isFinite(config.learningRate) && config.learningRate > 0)) problems.push('learning rate must be > 0');
  if (!(Number.isInteger(config.batchSize) && config.batchSize >= 1)) problems.push('batch size must be a positive integer');
  if (!(Number.isInteger(config.epochs) && config.epochs >= 1 && config.epochs <= 10_000)) problems.push('epochs must be an integer in 1..10000');
  if (!config.predictInputs.every(Number.isFinite)) problems.push('prediction inputs must be finite numbers');
  if (!INITIALIZERS.includes(config.initializer)) problems.push(`initializer must be one of ${INITIALIZERS.join(', ')}`);
  if (!OPTIMIZERS.includes(config.optimizer)) problems.push(`optimizer must be one of ${OPTIMIZERS.join(', ')}`);
  if (!(Number.isFinite(config.clipNorm) && config.clipNorm >= 0)) problems.push('clip norm must be ≥ 0 (0 = off)');
  return problems;
}

/** The fixes the article names, each a change to one experiment (the "before"); the island overlays before and after on one seed. */
export const FIXES = {
  normalize: { base: 'exp2', change: { normalize: true } },
  lowerLearningRate: { base: 'exp2', change: { learningRate: 0.01 } },
  clipGradients: { base: 'exp2', change: { clipNorm: 1 } },
  // At lr 0.1 a He-initialised relu stack itself explodes on some seeds (29 among them); 0.03 is steady.
  reluHe: { base: 'exp3', change: { initializer: 'heUniform', learningRate: 0.03 }, activation: 'relu' },
  batchNorm: { base: 'exp3', change: { batchNorm: true } },
  // Skips add up activations layer by layer; at lr 0.1 several seeds explode, so 0.03.
  residual: { base: 'exp3', change: { residual: true, learningRate: 0.03 } },
  adam: { base: 'exp3', change: { optimizer: 'adam', learningRate: 0.01 } },
} as const satisfies Record<string, { base: ExperimentId; change: Partial<ExperimentConfig>; activation?: Activation }>;
export type FixId = keyof typeof FIXES;
export const FIX_IDS = Object.keys(FIXES) as FixId[];

/** The "after" config of a fix, on the same seed as its "before". */
export function withFix(fix: FixId, seed?: number): ExperimentConfig {
  const f: { base: ExperimentId; change: Partial<ExperimentConfig>; activation?: Activation } = FIXES[fix];
  const base = preset(f.base, { ...(seed === undefined ? {} : { seed }), ...(f.activation ? { activation: f.activation } : {}) });
  return { ...base, ...f.change };
}
