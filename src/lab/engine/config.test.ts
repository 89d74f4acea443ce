import { describe, expect, it } from 'vitest';
import { ACTIVATIONS, DEFAULT_SEEDS, FIX_IDS, preset, validate, withFix, type ExperimentConfig } from './config';

/*
 * The presets against the contract for "the same experiment" (shared/EXPERIMENTS.md, from the
 * source article's Keras code): linspace of 100 points, sd 0.05 on [0, 1] or 0.1 on [0, 4], plain
 * SGD at 0.1, batches of 20, 20 epochs, predictions at 1, 2, 3, glorot-uniform kernels.
 */
const articleTraining = {
  learningRate: 0.1,
  batchSize: 20,
  epochs: 20,
  predictInputs: [1, 2, 3],
  initializer: 'glorotUniform',
  optimizer: 'sgd',
  clipNorm: 0,
  normalize: false,
  batchNorm: false,
  residual: false,
  stopOnNonFinite: false,
};

describe('the article’s experiments as presets', () => {
  // The linear net of experiments 1 and 2; they differ only in the data (and the seed the article shows).
  const linearNet = [
    { units: 32, activation: 'linear' },
    { units: 1, activation: 'linear' },
  ];

  it('exp1: Dense(32) → Dense(1), linear, on [0, 1] with noise sd 0.05', () => {
    expect(preset('exp1')).toEqual({ experiment: 'exp1', seed: 4, data: { lo: 0, hi: 1, points: 100, noiseSd: 0.05 }, layers: linearNet, ...articleTraining });
  });

  it('exp2: the same net on [0, 4] with noise sd 0.1', () => {
    expect(preset('exp2')).toEqual({ experiment: 'exp2', seed: 14, data: { lo: 0, hi: 4, points: 100, noiseSd: 0.1 }, layers: linearNet, ...articleTraining });
  });

  it('exp3: 4 × Dense(32, sigmoid) → Dense(1) on [0, 1], the activation replaceable', () => {
    const sigmoid = { units: 32, activation: 'sigmoid' };
    expect(preset('exp3')).toEqual({
      experiment: 'exp3',
      seed: 29,
      data: { lo: 0, hi: 1, points: 100, noiseSd: 0.05 },
      layers: [sigmoid, sigmoid, sigmoid, sigmoid, { units: 1, activation: 'linear' }],
      ...articleTraining,
    });
    expect(preset('exp3', { activation: 'relu' }).layers.map((l) => l.activation)).toEqual(['relu', 'relu', 'relu', 'relu', 'linear']);
  });

  it('takes a seed, else the default one', () => {
    expect(DEFAULT_SEEDS).toEqual({ exp1: 4, exp2: 14, exp3: 29 });
    expect(preset('exp2', { seed: 7 }).seed).toBe(7);
    expect(preset('exp3', { seed: 0 }).seed).toBe(0);
  });

  it('is valid', () => {
    for (const id of ['exp1', 'exp2', 'exp3'] as const) expect(validate(preset(id))).toEqual([]);
  });
});

describe('validate', () => {
  const ok = preset('exp1');
  const problems = (change: Partial<ExperimentConfig>) => validate({ ...ok, ...change });
  const data = (change: Partial<ExperimentConfig['data']>) => problems({ data: { ...ok.data, ...change } });

  it('refuses a seed that is not an integer', () => {
    expect(problems({ seed: 1.5 })).toEqual(['seed must be an integer']);
  });

  it.each([
    [1, 1],
    [2, 1],
    [NaN, 1],
    [0, Infinity],
  ])('refuses the input range lo %s, hi %s', (lo, hi) => {
    expect(data({ lo, hi })).toEqual(['input range must satisfy lo < hi']);
  });

  it('takes 2 to 100,000 points, whole', () => {
    for (const points of [2, 100_000]) expect(data({ points })).toEqual([]);
    for (const points of [1, 100_001, 2.5]) expect(data({ points })).toEqual(['points must be an integer in 2..100000']);
  });

  it('takes a noise sd of 0 but not below, nor NaN', () => {
    expect(data({ noiseSd: 0 })).toEqual([]);
    for (const noiseSd of [-0.01, NaN, Infinity]) expect(data({ noiseSd })).toEqual(['noise sd must be ≥ 0']);
  });

  it('needs a layer, the last with 1 unit', () => {
    expect(problems({ layers: [] })).toEqual(['the model needs at least one layer', 'the last layer must have 1 unit']);
    expect(problems({ layers: [{ units: 1, activation: 'linear' }] })).toEqual([]);
    expect(problems({ layers: [{ units: 2, activation: 'linear' }] })).toEqual(['the last layer must have 1 unit']);
  });

  it('takes 1 to 1024 whole units per layer and a known activation, naming the layer', () => {
    const layers = (units: number, activation = 'relu') => [{ units, activation } as ExperimentConfig['layers'][number], { units: 1, activation: 'linear' as const }];
    for (const units of [1, 1024]) expect(problems({ layers: layers(units) })).toEqual([]);
    for (const units of [0, 1025, 3.5]) expect(problems({ layers: layers(units) })).toEqual(['layer 0 units must be an integer in 1..1024']);
    expect(problems({ layers: layers(8, 'softmax') })).toEqual([`layer 0 activation must be one of ${ACTIVATIONS.join(', ')}`]);
    expect(ACTIVATIONS.join(', ')).toBe('linear, sigmoid, relu, tanh');
  });

  it('needs a positive, finite learning rate', () => {
    for (const learningRate of [0, -0.1, NaN, Infinity]) expect(problems({ learningRate })).toEqual(['learning rate must be > 0']);
    expect(problems({ learningRate: 1e-9 })).toEqual([]);
  });

  it('needs a whole batch size of at least 1', () => {
    expect(problems({ batchSize: 1 })).toEqual([]);
    for (const batchSize of [0, 2.5]) expect(problems({ batchSize })).toEqual(['batch size must be a positive integer']);
  });

  it('takes 1 to 10,000 whole epochs', () => {
    for (const epochs of [1, 10_000]) expect(problems({ epochs })).toEqual([]);
    for (const epochs of [0, 10_001, 1.5]) expect(problems({ epochs })).toEqual(['epochs must be an integer in 1..10000']);
  });

  it('needs finite prediction inputs', () => {
    expect(problems({ predictInputs: [] })).toEqual([]);
    expect(problems({ predictInputs: [1, NaN] })).toEqual(['prediction inputs must be finite numbers']);
  });

  it('takes only the known initializers and optimizers', () => {
    expect(problems({ initializer: 'heUniform', optimizer: 'adam' })).toEqual([]);
    expect(problems({ initializer: 'zeros' as never })).toEqual(['initializer must be one of glorotUniform, heUniform']);
    expect(problems({ optimizer: 'rmsprop' as never })).toEqual(['optimizer must be one of sgd, momentum, adam']);
  });

  it('takes a clip norm of 0 (off) or more, finite', () => {
    expect(problems({ clipNorm: 0 })).toEqual([]);
    for (const clipNorm of [-1, NaN, Infinity]) expect(problems({ clipNorm })).toEqual(['clip norm must be ≥ 0 (0 = off)']);
  });

  it('lists every problem, in order', () => {
    expect(problems({ seed: 0.5, learningRate: 0, epochs: 0 })).toEqual(['seed must be an integer', 'learning rate must be > 0', 'epochs must be an integer in 1..10000']);
  });
});

describe('withFix', () => {
  it('changes its experiment as the article’s fixes say, on the same seed', () => {
    expect(withFix('normalize', 3)).toEqual({ ...preset('exp2', { seed: 3 }), normalize: true });
    expect(withFix('lowerLearningRate')).toEqual({ ...preset('exp2'), learningRate: 0.01 });
    expect(withFix('clipGradients', 5)).toEqual({ ...preset('exp2', { seed: 5 }), clipNorm: 1 });
    expect(withFix('reluHe', 6)).toEqual({ ...preset('exp3', { seed: 6, activation: 'relu' }), initializer: 'heUniform', learningRate: 0.03 });
    expect(withFix('batchNorm')).toEqual({ ...preset('exp3'), batchNorm: true });
    expect(withFix('residual')).toEqual({ ...preset('exp3'), residual: true, learningRate: 0.03 });
    expect(withFix('adam', 2)).toEqual({ ...preset('exp3', { seed: 2 }), optimizer: 'adam', learningRate: 0.01 });
    expect(FIX_IDS).toEqual(['normalize', 'lowerLearningRate', 'clipGradients', 'reluHe', 'batchNorm', 'residual', 'adam']);
  });
});
