/**
 * The network: Dense layers written out with TensorFlow.js ops, forward and backward, batched over
 * seeds. A run trains S models side by side, each with its own data, weights and shuffles; a
 * single run is S = 1 and a seed ensemble is S = 200, through the same code.
 *
 * Why not tfjs-layers' `model.fit`: it shuffles with Math.random (a seeded run needs its own
 * shuffle) and dispatches several times more kernels per step; at this size each kernel's overhead,
 * not arithmetic, is the cost. Written out, the backward pass also tells the article's story in a
 * few lines: each layer multiplies the gradient by its activation's slope (a sigmoid's is ≤ 0.25)
 * and by its weights.
 *
 * Shapes: x is [S, B, 1]; layer l has kernel [S, in, out] and bias [S, 1, out]; h_l is [S, B, out_l].
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Activation, ExperimentConfig, Initializer } from './config';
import { rngFor, uniform, type Rng } from './random';

export interface BatchNorm {
  gamma: tf.Tensor3D;
  beta: tf.Tensor3D;
  movingMean: tf.Tensor3D;
  movingVar: tf.Tensor3D;
}

export interface Layer {
  kernel: tf.Tensor3D;
  /**
   * [S, 1, out]; for a single seed [out], because the wasm backend's fused matMul accepts only a bias
   * whose data was created rank-1 (a reshape does not count), and the fused kernel is what makes a
   * single run fast.
   */
  bias: tf.Tensor;
  activation: Activation;
  /** Adds the layer's input to its output (hidden layers of equal width, when the config asks). */
  residual: boolean;
  bn: BatchNorm | null;
}

/**
 * Keras' BatchNormalization epsilon; its momentum 0.99 would leave the moving statistics (used for
 * predictions) only 63% of the way there after this article's 100 steps, so 0.9.
 */
const BN_MOMENTUM = 0.9;
const BN_EPSILON = 1e-3;

/** A kernel's initial values for one seed, drawn row by row in float32. */
export function initialKernel(rng: Rng, initializer: Initializer, fanIn: number, fanOut: number): Float32Array {
  const limit = initializer === 'heUniform' ? Math.sqrt(6 / fanIn) : Math.sqrt(6 / (fanIn + fanOut));
  const w = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < w.length; i++) w[i] = uniform(rng, -limit, limit);
  return w;
}

/** The layers for these seeds: each seed's `init` stream draws its kernels layer by layer, biases start at zero. */
export function initLayers(config: ExperimentConfig, seeds: readonly number[]): Layer[] {
  const rngs = seeds.map((s) => rngFor(s, 'init'));
  const S = seeds.length;
  let fanIn = 1;
  return config.layers.map(({ units, activation }, l) => {
    const values = new Float32Array(S * fanIn * units);
    rngs.forEach((rng, s) => values.set(initialKernel(rng, config.initializer, fanIn, units), s * fanIn * units));
    const hidden = l < config.layers.length - 1;
    const layer: Layer = {
      kernel: tf.tensor3d(values, [S, fanIn, units]),
      bias: S === 1 ? tf.zeros([units]) : tf.zeros([S, 1, units]),
      activation,
      residual: config.residual && hidden && l > 0 && fanIn === units,
      bn:
        config.batchNorm && hidden
          ? { gamma: tf.ones([S, 1, units]), beta: tf.zeros([S, 1, units]), movingMean: tf.zeros([S, 1, units]), movingVar: tf.ones([S, 1, units]) }
          : null,
    };
    fanIn = units;
    return layer;
  });
}

/** Every trainable tensor, in a fixed order (kernel, bias, then gamma and beta for batch norm, per layer). */
export function trainable(layers: readonly Layer[]): tf.Tensor[] {
  return layers.flatMap((l) => (l.bn ? [l.kernel, l.bias, l.bn.gamma, l.bn.beta] : [l.kernel, l.bias]));
}

/** Every tensor a layer owns, trainable or not. */
export function owned(layers: readonly Layer[]): tf.Tensor[] {
  return layers.flatMap((l) => [l.kernel, l.bias, ...(l.bn ? [l.bn.gamma, l.bn.beta, l.bn.movingMean, l.bn.movingVar] : [])]);
}

/**
 * A copy of the layers that survives the originals being disposed, and being written in place by the
 * direct step (direct.ts): on the wasm backend tf.clone copies the data into a buffer of its own.
 * (The cpu backend's clone shares the data instead, which is safe there: nothing writes its tensors in place.)
 */
export function cloneLayers(layers: readonly Layer[]): Layer[] {
  return layers.map((l) => ({
    ...l,
    kernel: tf.clone(l.kernel),
    bias: tf.clone(l.bias),
    bn: l.bn ? { gamma: tf.clone(l.bn.gamma), beta: tf.clone(l.bn.beta), movingMean: tf.clone(l.bn.movingMean), movingVar: tf.clone(l.bn.movingVar) } : null,
  }));
}

function activate(activation: Activation, a: tf.Tensor3D): tf.Tensor3D {
  switch (activation) {
    case 'linear':
      return a;
    case 'sigmoid':
      return tf.sigmoid(a);
    case 'relu':
      return tf.relu(a);
    case 'tanh':
      return tf.tanh(a);
    default: {
      const never: never = activation;
      throw new Error(`unknown activation ${String(never)}`);
    }
  }
}

/** dh/da written with the output h: sigmoid h(1−h) ≤ 0.25, tanh 1−h², relu 1 where h > 0, linear none. */
export function activationSlope(activation: Activation, h: tf.Tensor3D): tf.Tensor3D | null {
  switch (activation) {
    case 'linear':
      return null;
    case 'sigmoid':
      return tf.mul(h, tf.sub(1, h));
    case 'relu':
      return tf.step(h);
    case 'tanh':
      return tf.sub(1, tf.square(h));
    default: {
      const never: never = activation;
      throw new Error(`unknown activation ${String(never)}`);
    }
  }
}

/** What the backward pass needs from the forward pass, per layer. */
interface LayerTrace {
  input: tf.Tensor3D;
  /** act(·), before any residual is added: the slope is taken from it. */
  activated: tf.Tensor3D;
  bn: { xhat: tf.Tensor3D; invStd: tf.Tensor3D; mean: tf.Tensor3D; variance: tf.Tensor3D } | null;
}

export interface Forward {
  output: tf.Tensor3D;
  trace: LayerTrace[];
}

/** The forward pass. `training` uses batch statistics in batch norm; otherwise the moving ones. Call inside tf.tidy. */
export function forward(layers: readonly Layer[], x: tf.Tensor3D, training: boolean): Forward {
  let h = x;
  const trace: LayerTrace[] = [];
  for (const layer of layers) {
    const input = h;
    let activated: tf.Tensor3D;
    let bnTrace: LayerTrace['bn'] = null;
    if (!layer.bn) {
      // One seed: one fused kernel, matMul + bias + activation. The wasm kernel takes only a rank-1
      // bias, so several seeds (each with its own bias) and tanh (not fusable) take separate ops.
      const seeds = input.shape[0];
      activated =
        seeds === 1 && layer.activation !== 'tanh'
          ? (tf.fused.matMul({ a: input, b: layer.kernel, bias: layer.bias, activation: layer.activation }) as tf.Tensor3D)
          : activate(layer.activation, tf.add(tf.matMul(input, layer.kernel), layer.bias) as tf.Tensor3D);
    } else {
      const a = tf.add(tf.matMul(input, layer.kernel), layer.bias);
      const mean = training ? (tf.mean(a, 1, true) as tf.Tensor3D) : layer.bn.movingMean;
      const variance = training ? (tf.mean(tf.square(tf.sub(a, mean)), 1, true) as tf.Tensor3D) : layer.bn.movingVar;
      const invStd = tf.rsqrt(tf.add(variance, BN_EPSILON)) as tf.Tensor3D;
      const xhat = tf.mul(tf.sub(a, mean), invStd) as tf.Tensor3D;
      bnTrace = { xhat, invStd, mean, variance };
      activated = activate(layer.activation, tf.add(tf.mul(xhat, layer.bn.gamma), layer.bn.beta));
    }
    h = layer.residual ? tf.add(activated, input) : activated;
    trace.push({ input, activated, bn: bnTrace });
  }
  return { output: h, trace };
}

// A type (not an interface) so tf.tidy accepts it as a TensorContainer.
export type Gradients = {
  /** Mean squared error per seed, [S]. */
  loss: tf.Tensor1D;
  /** Same order and shapes as `trainable(layers)`. */
  grads: tf.Tensor[];
  /** Batch norm's new moving statistics per layer (null for layers without it). */
  moving: ({ mean: tf.Tensor3D; variance: tf.Tensor3D } | null)[];
};

/**
 * Loss and gradients of one batch per seed, by backpropagation from the last layer to the first:
 *   d = ∂L/∂h_L = 2(h_L − y)/B            (MSE averaged over the batch; seeds are independent)
 *   d ← d ⊙ act′(h_l)                      (the step that shrinks a gradient: a sigmoid's slope is ≤ 0.25)
 *   ∂L/∂W_l = h_{l−1}ᵀ d,  ∂L/∂b_l = Σ_batch d
 *   d ← d W_lᵀ  (+ d again through a skip)  (the step that grows it when weights or inputs are large)
 * Call inside tf.tidy.
 */
export function gradients(layers: readonly Layer[], x: tf.Tensor3D, y: tf.Tensor3D): Gradients {
  const { output, trace } = forward(layers, x, true);
  const diff = tf.sub(output, y);
  const loss = tf.mean(tf.square(diff), [1, 2]) as tf.Tensor1D;
  let d: tf.Tensor3D = tf.mul(diff, 2 / x.shape[1]);
  const perLayer: tf.Tensor[][] = new Array<tf.Tensor[]>(layers.length);
  const moving: Gradients['moving'] = new Array<Gradients['moving'][number]>(layers.length);
  for (let l = layers.length - 1; l >= 0; l--) {
    const layer = layers[l]!;
    const t = trace[l]!;
    const skip = layer.residual ? d : null;
    const slope = activationSlope(layer.activation, t.activated);
    if (slope) d = tf.mul(d, slope);
    let bnGrads: tf.Tensor3D[] = [];
    moving[l] = null;
    if (layer.bn && t.bn) {
      const { xhat, invStd, mean, variance } = t.bn;
      const batch = x.shape[1];
      const dGamma = tf.sum(tf.mul(d, xhat), 1, true) as tf.Tensor3D;
      const dBeta = tf.sum(d, 1, true) as tf.Tensor3D;
      const dxhat = tf.mul(d, layer.bn.gamma);
      // ∂L/∂a for a = xW + b through the normalisation (the batch mean and variance depend on a too).
      d = tf.mul(
        tf.div(invStd, batch),
        tf.sub(tf.sub(tf.mul(dxhat, batch), tf.sum(dxhat, 1, true)), tf.mul(xhat, tf.sum(tf.mul(dxhat, xhat), 1, true))),
      );
      bnGrads = [dGamma, dBeta];
      moving[l] = {
        mean: tf.add(tf.mul(layer.bn.movingMean, BN_MOMENTUM), tf.mul(mean, 1 - BN_MOMENTUM)) as tf.Tensor3D,
        variance: tf.add(tf.mul(layer.bn.movingVar, BN_MOMENTUM), tf.mul(variance, 1 - BN_MOMENTUM)) as tf.Tensor3D,
      };
    }
    // The bias gradient takes the bias's own shape: [out] for one seed, [S, 1, out] for several.
    const dBias = layer.bias.rank === 1 ? tf.sum(d, [0, 1]) : tf.sum(d, 1, true);
    // Transpose, then an untransposed matMul: the wasm backend sends only untransposed products to
    // XNNPACK, and a transposed one costs 4× more (bench/README.md).
    perLayer[l] = [tf.matMul(tf.transpose(t.input, [0, 2, 1]), d), dBias, ...bnGrads];
    if (l > 0) {
      d = tf.matMul(d, tf.transpose(layer.kernel, [0, 2, 1]));
      if (skip) d = tf.add(d, skip);
    }
  }
  return { loss, grads: perLayer.flat(), moving };
}

/** Per-seed L2 norm of each tensor, [S, tensors.length]; safe from float32 overflow (scaled by the max). */
export function norms(tensors: readonly tf.Tensor3D[]): tf.Tensor2D {
  return tf.tidy(() =>
    tf.stack(
      tensors.map((t) => {
        const m = tf.max(tf.abs(t), [1, 2]);
        const safe = tf.maximum(m, 1e-30);
        const scaled = tf.div(t, tf.reshape(safe, [-1, 1, 1]));
        return tf.mul(m, tf.sqrt(tf.sum(tf.square(scaled), [1, 2])));
      }),
      1,
    ),
  ) as tf.Tensor2D;
}

/** Outputs for plain inputs, [S, inputs.length]. */
export function predict(layers: readonly Layer[], inputs: readonly number[], seeds: number): tf.Tensor2D {
  return tf.tidy(() => {
    const x = tf.tile(tf.tensor3d(Float32Array.from(inputs), [1, inputs.length, 1]), [seeds, 1, 1]);
    return tf.reshape(forward(layers, x as tf.Tensor3D, false).output, [seeds, inputs.length]);
  });
}

/** Mean activation slope |act′| per layer on inputs x (the slopes’ share of what the chain rule multiplies by; the weights are the rest), [S, L]. */
export function meanSlopes(layers: readonly Layer[], x: tf.Tensor3D): tf.Tensor2D {
  return tf.tidy(() => {
    const { trace } = forward(layers, x, false);
    return tf.stack(
      layers.map((layer, l) => {
        const slope = activationSlope(layer.activation, trace[l]!.activated);
        return slope ? tf.mean(tf.abs(slope), [1, 2]) : tf.ones([x.shape[0]]);
      }),
      1,
    ) as tf.Tensor2D;
  });
}
