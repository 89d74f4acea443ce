/**
 * The single-seed plain-SGD step with kernels called directly: the same kernels, in the same order,
 * on the same inputs as net.ts's `gradients` followed by optim.ts's SGD update, so the numbers are
 * identical; what goes is the ops' overhead around them (op scopes, the fused op's wrapper and
 * reshapes, a new scalar tensor for every JavaScript number). At this size that overhead is most of
 * a step (bench/README.md). Its one reason now: single-seed plain-SGD runs where the direct step
 * (direct.ts) does not run, i.e. on the cpu backend, or on a wasm build whose direct step failed its
 * self-check (stepper.ts chooses, once per session). Anything with batch norm, residuals, tanh, clipping, another
 * optimiser or several seeds takes the general path.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ExperimentConfig } from '../config';
import type { Layer } from '../net';

type T = tf.Tensor;

const kernel = (name: string, inputs: Record<string, T>, attrs: Record<string, unknown> = {}): T =>
  tf.engine().runKernel(name, inputs as tf.NamedTensorMap, attrs as tf.NamedAttrMap) as T;

/** Whether a run can take the lean step. */
export function leanable(config: ExperimentConfig, seeds: number): boolean {
  return (
    seeds === 1 &&
    config.optimizer === 'sgd' &&
    !(config.clipNorm > 0) &&
    !config.batchNorm &&
    !config.residual &&
    config.layers.every((l) => l.activation !== 'tanh')
  );
}

/** Scalars made once per run (1, the learning rate, 2/B per batch size) and kept until `dispose`. */
export class Constants {
  private readonly made = new Map<number, tf.Scalar>();
  get(value: number): tf.Scalar {
    let s = this.made.get(value);
    if (!s) this.made.set(value, (s = tf.keep(tf.scalar(value))));
    return s;
  }
  dispose(): void {
    tf.dispose([...this.made.values()]);
    this.made.clear();
  }
}

/**
 * Loss, gradients (kernel, bias per layer, as `trainable` orders them) and SGD's new parameters for
 * one batch of one seed. Call inside tf.tidy.
 */
export function leanSgdUpdate(layers: readonly Layer[], xb: T, yb: T, learningRate: number, constants: Constants): { loss: T; grads: T[]; params: T[] } {
  const L = layers.length;
  const hs: T[] = [xb];
  layers.forEach((layer, l) => {
    hs.push(kernel('_FusedMatMul', { a: hs[l]!, b: layer.kernel, bias: layer.bias }, { transposeA: false, transposeB: false, activation: layer.activation, leakyreluAlpha: 0 }));
  });
  const diff = kernel('Sub', { a: hs[L]!, b: yb });
  const loss = kernel('Mean', { x: kernel('Square', { x: diff }) }, { axis: [1, 2], keepDims: false });
  let d = kernel('Multiply', { a: diff, b: constants.get(2 / xb.shape[1]!) });
  const grads: T[] = new Array<T>(2 * L);
  for (let l = L - 1; l >= 0; l--) {
    const layer = layers[l]!;
    const h = hs[l + 1]!;
    if (layer.activation === 'sigmoid') d = kernel('Multiply', { a: d, b: kernel('Multiply', { a: h, b: kernel('Sub', { a: constants.get(1), b: h }) }) });
    else if (layer.activation === 'relu') d = kernel('Multiply', { a: d, b: kernel('Step', { x: h }, { alpha: 0 }) });
    grads[2 * l] = kernel('BatchMatMul', { a: kernel('Transpose', { x: hs[l]! }, { perm: [0, 2, 1] }), b: d }, { transposeA: false, transposeB: false });
    grads[2 * l + 1] = kernel('Sum', { x: d }, { axis: [0, 1], keepDims: false });
    if (l > 0) d = kernel('BatchMatMul', { a: d, b: kernel('Transpose', { x: layer.kernel }, { perm: [0, 2, 1] }) }, { transposeA: false, transposeB: false });
  }
  const lr = constants.get(learningRate);
  const params = layers.flatMap((layer, l) => [
    kernel('Sub', { a: layer.kernel, b: kernel('Multiply', { a: grads[2 * l]!, b: lr }) }),
    kernel('Sub', { a: layer.bias, b: kernel('Multiply', { a: grads[2 * l + 1]!, b: lr }) }),
  ]);
  return { loss, grads, params };
}
