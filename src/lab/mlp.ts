/**
 * The network: a stack of Dense layers, written out with TensorFlow.js ops, forward and backward.
 *
 * Why not tfjs-layers' `model.fit`: it shuffles with Math.random (a seeded run needs its own
 * shuffle), and it dispatches several times more kernels per step; at this size each kernel's
 * overhead, not arithmetic, is the cost. Writing the backward pass out also puts the whole story of
 * the article in a few lines: each layer multiplies the gradient by its weights and by its
 * activation's slope, and a sigmoid's slope h(1−h) is never more than 0.25.
 *
 * Shapes: a batch `x` is [B, 1]; layer l has kernel [in, out] and bias [out]; activations h_l are
 * [B, out_l] with h_0 = x.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Activation, LayerConfig } from './config';
import { uniform, type Rng } from './random';

export interface Dense {
  kernel: tf.Tensor2D;
  bias: tf.Tensor1D;
  activation: Activation;
}

/** Keras' glorot_uniform: U(±√(6 / (fan_in + fan_out))), drawn row by row in float32. */
export function glorotUniform(rng: Rng, fanIn: number, fanOut: number): Float32Array {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const w = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < w.length; i++) w[i] = uniform(rng, -limit, limit);
  return w;
}

/** Builds the layers with glorot-uniform kernels and zero biases; the input has one feature. */
export function initDense(layers: LayerConfig[], rng: Rng): Dense[] {
  let fanIn = 1;
  return layers.map(({ units, activation }) => {
    const kernel = tf.tensor2d(glorotUniform(rng, fanIn, units), [fanIn, units]);
    const bias = tf.zeros([units]) as tf.Tensor1D;
    fanIn = units;
    return { kernel, bias, activation };
  });
}

export function disposeDense(layers: Dense[]): void {
  for (const l of layers) {
    l.kernel.dispose();
    l.bias.dispose();
  }
}

/** Every layer's output, h_0 (the input) first; one fused kernel per layer (matMul + bias + activation). */
export function forward(layers: Dense[], x: tf.Tensor2D): tf.Tensor2D[] {
  const hs: tf.Tensor2D[] = [x];
  for (const l of layers) {
    hs.push(tf.fused.matMul({ a: hs[hs.length - 1]!, b: l.kernel, bias: l.bias, activation: l.activation }) as tf.Tensor2D);
  }
  return hs;
}

/** dh/da for a layer, written with its output h: sigmoid σ(1−σ) ≤ 0.25, relu 1 where h > 0. */
function activationSlope(activation: Activation, h: tf.Tensor2D): tf.Tensor2D | null {
  switch (activation) {
    case 'linear':
      return null;
    case 'sigmoid':
      return tf.mul(h, tf.sub(1, h));
    case 'relu':
      return tf.step(h);
    default: {
      const never: never = activation;
      throw new Error(`unknown activation ${String(never)}`);
    }
  }
}

// A type (not an interface) so tf.tidy accepts it as a TensorContainer.
export type Gradients = {
  /** Mean squared error of the batch, a scalar. */
  loss: tf.Scalar;
  /** ∂loss/∂kernel and ∂loss/∂bias per layer, same shapes as the parameters. */
  kernels: tf.Tensor2D[];
  biases: tf.Tensor1D[];
};

/**
 * Loss and gradients of one batch, by backpropagation, from the last layer to the first:
 *   d = ∂L/∂h_L = 2(h_L − y)/B          (MSE averaged over the batch)
 *   d ← d ⊙ act′(h_l)                    (the step that shrinks a gradient: a sigmoid's slope is ≤ 0.25)
 *   ∂L/∂W_l = h_{l−1}ᵀ d,  ∂L/∂b_l = Σ_batch d
 *   d ← d W_lᵀ                           (the step that grows it when weights or inputs are large)
 * Call inside tf.tidy.
 */
export function gradients(layers: Dense[], x: tf.Tensor2D, y: tf.Tensor2D): Gradients {
  const hs = forward(layers, x);
  const diff = tf.sub(hs[hs.length - 1]!, y);
  const loss = tf.mean(tf.square(diff));
  let d: tf.Tensor2D = tf.mul(diff, 2 / x.shape[0]);
  const kernels: tf.Tensor2D[] = new Array<tf.Tensor2D>(layers.length);
  const biases: tf.Tensor1D[] = new Array<tf.Tensor1D>(layers.length);
  for (let l = layers.length - 1; l >= 0; l--) {
    const layer = layers[l]!;
    const slope = activationSlope(layer.activation, hs[l + 1]!);
    if (slope) d = tf.mul(d, slope);
    kernels[l] = tf.matMul(hs[l]!, d, true, false);
    biases[l] = tf.sum(d, 0);
    if (l > 0) d = tf.matMul(d, layer.kernel, false, true);
  }
  return { loss: loss as tf.Scalar, kernels, biases };
}

/** L2 norm of a tensor, as a 1-element tensor. */
export function l2(t: tf.Tensor): tf.Tensor1D {
  return tf.reshape(tf.sqrt(tf.sum(tf.square(t))), [1]);
}

/** One plain-SGD step in place of the old parameters (which it disposes); returns [loss, ‖∂L/∂W_l‖ per layer]. */
export function sgdStep(layers: Dense[], x: tf.Tensor2D, y: tf.Tensor2D, learningRate: number): tf.Tensor1D {
  const next = tf.tidy(() => {
    const g = gradients(layers, x, y);
    const updated = layers.map((l, i) => ({
      kernel: tf.sub(l.kernel, tf.mul(g.kernels[i]!, learningRate)),
      bias: tf.sub(l.bias, tf.mul(g.biases[i]!, learningRate)),
    }));
    const stats = tf.concat([tf.reshape(g.loss, [1]), ...g.kernels.map(l2)]);
    return { updated, stats };
  });
  layers.forEach((l, i) => {
    l.kernel.dispose();
    l.bias.dispose();
    l.kernel = next.updated[i]!.kernel as tf.Tensor2D;
    l.bias = next.updated[i]!.bias as tf.Tensor1D;
  });
  return next.stats as tf.Tensor1D;
}

/** The network's outputs for plain inputs (the article's `model.predict`). */
export function predict(layers: Dense[], inputs: number[]): Float32Array {
  return tf.tidy(() => {
    const hs = forward(layers, tf.tensor2d(inputs, [inputs.length, 1]));
    return hs[hs.length - 1]!.dataSync() as Float32Array;
  });
}
