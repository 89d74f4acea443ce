/**
 * A prototype, for measurement only: one seed's training step on tfjs written for as few kernel
 * calls as the arithmetic allows, to see how close the engine can come to the plain loop. It is
 * not the lab's engine (src/lab/net.ts, session.ts, train.ts are), covers plain SGD with linear,
 * sigmoid and relu layers only, and skips the per-epoch diagnostics; the bench compares its
 * per-step time with train()'s and checks its losses against the plain loop's.
 *
 * Differences from net.ts's step, each a kernel-count saving measured by the bench:
 * - kernels are called through the engine (`runKernel`), not through ops: no op scope, no
 *   custom-gradient wrapper, no reshapes around tf.fused.matMul;
 * - the learning rate is folded into the top gradient once (d = diff · 2lr/B), so each update is one
 *   `Sub`; the norms are of lr·∂L/∂W and divided by lr on the host;
 * - constants (1, 2lr/B) are tensors made once, not a new scalar per call;
 * - transposed products (hᵀd, dWᵀ) become a `Transpose` and a plain matMul, which tfjs-wasm hands
 *   to XNNPACK; its own transposed matMul is a scalar loop;
 * - per-step numbers are scalars kept until the epoch ends, then packed and read once (no per-step
 *   concat); the square root is taken on the host.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Activation, ExperimentConfig } from '../../src/lab/config';
import { makeDataset } from '../../src/lab/data';
import { PlainMlp } from '../../src/lab/plain-loop';
import { permutation, rngFor } from '../../src/lab/random';

type T3 = tf.Tensor3D;
const engine = () => tf.engine();
const kernel = (name: string, inputs: Record<string, tf.Tensor>, attrs: Record<string, unknown> = {}) =>
  engine().runKernel(name, inputs, attrs as Parameters<ReturnType<typeof engine>['runKernel']>[2]) as tf.Tensor;

const fusedMatMul = (a: T3, b: T3, bias: tf.Tensor1D, activation: Activation) =>
  kernel('_FusedMatMul', { a, b, bias }, { transposeA: false, transposeB: false, activation, leakyreluAlpha: 0 }) as T3;
const matMul = (a: T3, b: T3) => kernel('BatchMatMul', { a, b }, { transposeA: false, transposeB: false }) as T3;
const transpose = (x: T3) => kernel('Transpose', { x }, { perm: [0, 2, 1] }) as T3;
const sub = (a: tf.Tensor, b: tf.Tensor) => kernel('Sub', { a, b });
const mul = (a: tf.Tensor, b: tf.Tensor) => kernel('Multiply', { a, b });
const sumAll = (x: tf.Tensor) => kernel('Sum', { x }, { axis: x.shape.map((_, i) => i), keepDims: false });

export interface LeanRun {
  losses: number[];
  msPerStep: number;
  totalMs: number;
}

export async function leanTrain(config: ExperimentConfig, yieldToEventLoop: () => Promise<void>): Promise<LeanRun> {
  if (config.layers.some((l) => l.activation === 'tanh') || config.optimizer !== 'sgd') throw new Error('the lean prototype covers sgd with linear, sigmoid and relu layers');
  const started = performance.now();
  const n = config.data.points;
  const { batchSize } = config;
  const steps = Math.ceil(n / batchSize);
  const L = config.layers.length;
  const lr = Math.fround(config.learningRate);
  const data = makeDataset(config.data, rngFor(config.seed, 'noise'));
  const shuffleRng = rngFor(config.seed, 'shuffle');
  const init = new PlainMlp(config, rngFor(config.seed, 'init'), 1);
  let kernels = init.layers.map((l) => tf.tensor3d(l.kernel, [1, l.fanIn, l.units]));
  let biases = init.layers.map((l) => tf.tensor1d(l.bias));
  const z = tf.tensor3d(data.z, [1, n, 1]);
  const y = tf.tensor3d(data.y, [1, n, 1]);
  const one = tf.scalar(1);
  const scales = new Map<number, tf.Scalar>(); // 2·lr/B per batch size
  const scale = (size: number) => {
    let s = scales.get(size);
    if (!s) scales.set(size, (s = tf.keep(tf.scalar(Math.fround(Math.fround(2 / size) * lr))))); // made inside a tidy: kept
    return s;
  };
  const losses: number[] = [];
  let stepTime = 0;
  try {
    for (let epoch = 1; epoch <= config.epochs; epoch++) {
      const epochStart = performance.now();
      const order = tf.tensor1d(permutation(shuffleRng, n), 'int32');
      const zs = kernel('GatherV2', { x: z, indices: order }, { axis: 1, batchDims: 0 }) as T3;
      const ys = kernel('GatherV2', { x: y, indices: order }, { axis: 1, batchDims: 0 }) as T3;
      order.dispose();
      const stats: tf.Tensor[] = [];
      for (let s = 0; s < steps; s++) {
        const start = s * batchSize;
        const size = Math.min(batchSize, n - start);
        const next = tf.tidy(() => {
          const xb = kernel('Slice', { x: zs }, { begin: [0, start, 0], size: [1, size, 1] }) as T3;
          const yb = kernel('Slice', { x: ys }, { begin: [0, start, 0], size: [1, size, 1] }) as T3;
          const hs: T3[] = [xb];
          kernels.forEach((w, l) => hs.push(fusedMatMul(hs[l]!, w, biases[l]!, config.layers[l]!.activation)));
          const diff = sub(hs[L]!, yb);
          const squares = sumAll(kernel('Square', { x: diff }));
          let d = mul(diff, scale(size)) as T3; // lr·∂L/∂h_L
          const newKernels: T3[] = new Array<T3>(L);
          const newBiases: tf.Tensor1D[] = new Array<tf.Tensor1D>(L);
          const gradSquares: tf.Tensor[] = new Array<tf.Tensor>(L);
          for (let l = L - 1; l >= 0; l--) {
            const h = hs[l + 1]!;
            const activation = config.layers[l]!.activation;
            if (activation === 'sigmoid') d = mul(d, mul(h, sub(one, h))) as T3;
            else if (activation === 'relu') d = mul(d, kernel('Step', { x: h }, { alpha: 0 })) as T3;
            const dW = matMul(transpose(hs[l]!), d);
            const db = kernel('Sum', { x: d }, { axis: [0, 1], keepDims: false }) as tf.Tensor1D;
            gradSquares[l] = sumAll(kernel('Square', { x: dW }));
            if (l > 0) d = matMul(d, transpose(kernels[l]!));
            newKernels[l] = sub(kernels[l]!, dW) as T3;
            newBiases[l] = sub(biases[l]!, db) as tf.Tensor1D;
          }
          return { newKernels, newBiases, step: [squares, ...gradSquares] };
        });
        tf.dispose([...kernels, ...biases]);
        kernels = next.newKernels;
        biases = next.newBiases;
        stats.push(...next.step);
        await yieldToEventLoop();
      }
      const packed = tf.stack(stats); // once per epoch: an op's overhead does not matter here
      const values = packed.dataSync();
      tf.dispose([packed, ...stats, zs, ys]);
      let loss = 0;
      for (let s = 0; s < steps; s++) loss += values[s * (1 + L)]! / n; // Σ squares / n: the batch-weighted mean
      losses.push(loss);
      stepTime += performance.now() - epochStart;
    }
  } finally {
    tf.dispose([...kernels, ...biases, z, y, one, ...scales.values()]);
  }
  return { losses, msPerStep: stepTime / (steps * config.epochs), totalMs: performance.now() - started };
}
