/**
 * The lean step (lean.ts) with tfjs's dispatch taken out: the wasm backend's own compiled kernels,
 * called from JavaScript on buffers allocated once per run. Every multiply-add still runs in
 * tfjs-backend-wasm (XNNPACK where it uses XNNPACK), with the same arguments the backend's own
 * kernel functions would pass, in the same order, so the numbers are bit for bit those of lean.ts
 * and of the general path (direct.test.ts). What goes is the per-kernel cost around them: op
 * scopes, tensor bookkeeping, a heap allocation and a new tensor id per output, and XNNPACK
 * operators built for a fresh id and torn down again — several microseconds a kernel, most of a
 * step at this size (bench/README.md).
 *
 * Two things the backend does for its own tensors are done here by hand:
 * - XNNPACK's fully-connected operator copies (packs) the weights and the bias when it is created,
 *   and tfjs caches it under both their tensor ids until one of them is disposed. Our buffers keep
 *   their ids and change their contents, so a buffer is re-registered (disposed and registered again
 *   at the same address, which drops every cached operator that packed it) after it is written and
 *   before anything may use it as weights or bias again: a scratch buffer just before its product,
 *   the kernels and biases right after the update, so that the next step and any tfjs op on the
 *   layers between steps (the tripwire's detailed step, predictions) see the new values. Each of the
 *   two is needed (direct.test.ts).
 * - Shapes are passed as int32 arrays in wasm memory, written once per run.
 *
 * The updates in place rely on tf.clone copying. The tripwire (train.ts) keeps snapshots of the
 * layers made with tf.clone (net.ts `cloneLayers`) while this step goes on writing the originals.
 * On the wasm backend tf.clone (the Identity kernel) copies the data into a buffer of its own, so a
 * snapshot keeps its numbers; were it to share the data, as the cpu backend's does (its tensors are
 * never written in place), every snapshot would follow the live weights and the replay would start
 * from the wrong place. The self-check below tests the copy, and so does direct.test.ts.
 *
 * Calling the exports with tfjs 4.22's argument lists and reading the backend's private
 * `dataIdMap` is safe only as long as tfjs-backend-wasm keeps them; an upgrade could make this step
 * fail or, worse, compute something else. So once per backend (once per worker or process), before
 * the first direct step, `DirectSgd.verdict` runs two steps of a small net both ways and compares
 * them bit for bit (`selfCheck`, at the end of this file, next to the code it vouches for). On any
 * difference, missing export or error the direct step is refused for good: runs take the lean step
 * (the same numbers, more slowly) and their trace says why (`RunTrace.directFallback`).
 *
 * Only for what lean.ts covers (one seed, plain SGD, dense layers with linear, sigmoid or relu) and
 * only on the wasm backend; `DirectSgd.create` returns null anywhere else.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Activation } from '../config';
import { Constants, leanSgdUpdate } from './lean';
import { meanSlopes, predict, type Layer } from '../net';

type Kernel = (...args: number[]) => void;

/** The parts of the wasm module (an Emscripten module) this file calls. */
interface WasmModule {
  HEAPF32: Float32Array;
  HEAP32: Int32Array;
  _malloc(bytes: number): number;
  _free(pointer: number): void;
  _register_tensor: Kernel;
  _dispose_data: Kernel;
  __FusedMatMul: Kernel;
  _BatchMatMul: Kernel;
  _Sub: Kernel;
  _Multiply: Kernel;
  _Square: Kernel;
  _Sqrt: Kernel;
  _Sum: Kernel;
  _Mean: Kernel;
  _Step: Kernel;
  _Transpose: Kernel;
  _Abs: Kernel;
}

interface WasmBackend {
  wasm: WasmModule;
  dataIdMap: { get(dataId: object): { id: number; memoryOffset: number } | undefined };
}

const EXPORTS = [
  '_malloc', '_free', '_register_tensor', '_dispose_data', '__FusedMatMul', '_BatchMatMul', '_Sub', '_Multiply',
  '_Square', '_Sqrt', '_Sum', '_Mean', '_Step', '_Transpose', '_Abs',
] as const;

/** tfjs-backend-wasm's dtype and activation codes (src/cc/backend.h, fusable_activations.h). */
const FLOAT32 = 0;
const FUSED: Record<Exclude<Activation, 'tanh'>, number> = { linear: 0, relu: 1, sigmoid: 5 };

/** The active backend if it is the wasm backend, seen as this file uses it (`DirectSgd.verdict` checks that it fits). */
function wasmBackend(): WasmBackend | null {
  return tf.getBackend() === 'wasm' ? (tf.backend() as unknown as WasmBackend) : null;
}

/** Whether the direct step may run on a backend, and how long finding out took. */
export type DirectVerdict = { ok: true; ms: number } | { ok: false; reason: string; ms: number };

/**
 * The verdict per backend instance. Module-level on purpose: the check is about the tfjs build the
 * worker or process loaded, not about a run, and once is enough.
 */
const verdicts = new WeakMap<object, DirectVerdict>();

/** A tensor seen as the backend sees it: its id and where its floats start in wasm memory (bytes). */
interface Buffer {
  id: number;
  offset: number;
  size: number;
}

/**
 * What the wasm Transpose kernel does with a shape and a permutation: drop the size-1 dimensions
 * (renumbering the permutation) and skip the work when what is left is in order, in which case the
 * output is a plain copy of the input and the input can be used as it is.
 */
export function reducedTranspose(shape: readonly number[], perm: readonly number[]): { shape: number[]; perm: number[]; copy: boolean } {
  const kept = shape.filter((d) => d !== 1);
  const order = perm.filter((p) => shape[p] !== 1);
  const ranked = order.map((p) => order.filter((q) => q < p).length);
  return { shape: kept, perm: ranked, copy: ranked.every((p, i) => p === i) };
}

/** A shape (or permutation) as the kernels take it: a pointer to int32s in wasm memory, and their count. */
interface Shape {
  pointer: number;
  rank: number;
}

/** Shapes written once into wasm memory, looked up when a plan is made (never per step); freed together. */
class Shapes {
  private readonly made = new Map<string, Shape>();
  constructor(private readonly wasm: WasmModule) {}
  at(values: readonly number[]): Shape {
    const key = values.join(',');
    let shape = this.made.get(key);
    if (!shape) {
      shape = { pointer: this.wasm._malloc(Math.max(4, 4 * values.length)) >>> 0, rank: values.length };
      this.wasm.HEAP32.set(values, shape.pointer >>> 2);
      this.made.set(key, shape);
    }
    return shape;
  }
  dispose(): void {
    for (const shape of this.made.values()) this.wasm._free(shape.pointer);
    this.made.clear();
  }
}

/** A transposition fixed at plan time: either a kernel call into `out`, or the input as it is. */
interface Transposition {
  copy: boolean;
  shape: Shape;
  perm: Shape;
  out: Buffer | null;
}

/** Buffers and shapes for one batch size. */
interface Plan {
  batch: number;
  x: Buffer;
  y: Buffer;
  /** h[l + 1] is layer l's output, [1, B, out]; h[0] is x. */
  h: Buffer[];
  hShape: Shape[];
  /** [1, B, 1], and per layer [1, in, B] (the input transposed). */
  column: Shape;
  inputTShape: Shape[];
  diff: Buffer;
  square: Buffer;
  loss: Buffer;
  twoOverB: Buffer;
  /** Per layer: 1 − h, the activation's slope, d ⊙ slope (unused for linear layers). */
  oneMinus: Buffer[];
  slope: Buffer[];
  dAct: Buffer[];
  /** d after the top: 2(h − y)/B, [1, B, 1]. */
  top: Buffer;
  /** Per layer: hᵀ of its input, d summed over the batch (its transposition), d Wᵀ. */
  inputT: Transposition[];
  dT: Transposition[];
  dIn: Buffer[];
  /** Per layer: |slope| and its mean (meanSlopes in net.ts). */
  absSlope: Buffer[];
  meanSlope: Buffer[];
}

export class DirectSgd {
  private readonly tensors: tf.Tensor[] = [];
  private readonly plans = new Map<number, Plan>();
  private readonly shapes: Shapes;
  private readonly wasm: WasmModule;
  private readonly L: number;
  private readonly one: Buffer;
  private readonly lr: Buffer;
  /** Per layer: gradient of the kernel and the bias, each times the learning rate, ‖∂W‖ pieces. */
  private readonly gK: Buffer[];
  private readonly gB: Buffer[];
  private readonly gKlr: Buffer[];
  private readonly gBlr: Buffer[];
  private readonly gKsquare: Buffer[];
  private readonly gKsum: Buffer[];
  private readonly gKnorm: Buffer[];
  private readonly wT: Transposition[];
  /** Per layer: the kernel's shape [1, in, out], the bias's [out], the transposed kernel's [1, out, in]; and a scalar's []. */
  private readonly kShape: Shape[];
  private readonly bShape: Shape[];
  private readonly wTShape: Shape[];
  private readonly scalar: Shape;

  /** A direct step for these layers, or null when the backend is not wasm or the direct step failed its self-check there. */
  static create(layers: readonly Layer[], learningRate: number): DirectSgd | null {
    const backend = wasmBackend();
    if (!backend || layers.some((l) => l.activation === 'tanh' || l.bn || l.residual || l.kernel.shape[0] !== 1)) return null;
    if (!DirectSgd.verdict()?.ok) return null;
    return new DirectSgd(backend, layers, learningRate);
  }

  /**
   * Whether the direct step computes, on the active backend, what the tensor path computes (null when
   * the backend is not wasm, where it never runs). The first call per backend runs the self-check.
   */
  static verdict(): DirectVerdict | null {
    const backend = wasmBackend();
    if (!backend) return null;
    let verdict = verdicts.get(backend);
    if (!verdict) {
      verdict = DirectSgd.check(backend);
      verdicts.set(backend, verdict);
    }
    return verdict;
  }

  /** Runs the self-check now on the active backend, whatever an earlier one found (`verdict` keeps the first). */
  static selfCheck(): DirectVerdict | null {
    const backend = wasmBackend();
    return backend && DirectSgd.check(backend);
  }

  private static check(backend: WasmBackend): DirectVerdict {
    return selfCheck(backend, (layers, learningRate) => new DirectSgd(backend, layers, learningRate));
  }

  private constructor(private readonly backend: WasmBackend, layers: readonly Layer[], learningRate: number) {
    this.wasm = backend.wasm;
    this.shapes = new Shapes(this.wasm);
    this.L = layers.length;
    this.one = this.keep(tf.scalar(1));
    this.lr = this.keep(tf.scalar(learningRate));
    const sizes = layers.map((l) => [l.kernel.shape[1], l.kernel.shape[2]] as const);
    this.gK = sizes.map(([i, o]) => this.buffer([1, i, o]));
    this.gB = sizes.map(([, o]) => this.buffer([o]));
    this.gKlr = sizes.map(([i, o]) => this.buffer([1, i, o]));
    this.gBlr = sizes.map(([, o]) => this.buffer([o]));
    this.gKsquare = sizes.map(([i, o]) => this.buffer([1, i, o]));
    this.gKsum = sizes.map(() => this.buffer([1]));
    this.gKnorm = sizes.map(() => this.buffer([1]));
    this.wT = sizes.map(([i, o]) => this.transposition([1, i, o], [0, 2, 1]));
    this.kShape = sizes.map(([i, o]) => this.shapes.at([1, i, o]));
    this.bShape = sizes.map(([, o]) => this.shapes.at([o]));
    this.wTShape = sizes.map(([i, o]) => this.shapes.at([1, o, i]));
    this.scalar = this.shapes.at([]);
  }

  private keep(tensor: tf.Tensor): Buffer {
    this.tensors.push(tf.keep(tensor));
    return this.view(tensor);
  }

  private buffer(shape: number[]): Buffer {
    return this.keep(tf.zeros(shape));
  }

  private view(tensor: tf.Tensor): Buffer {
    const data = this.backend.dataIdMap.get(tensor.dataId);
    if (!data) throw new Error('direct step: a tensor the wasm backend does not know');
    return { id: data.id, offset: data.memoryOffset, size: tensor.size };
  }

  private transposition(shape: number[], perm: number[]): Transposition {
    const r = reducedTranspose(shape, perm);
    return {
      copy: r.copy,
      shape: this.shapes.at(r.shape),
      perm: this.shapes.at(r.perm),
      out: r.copy ? null : this.buffer(perm.map((p) => shape[p]!)),
    };
  }

  private plan(layers: readonly Layer[], batch: number): Plan {
    let plan = this.plans.get(batch);
    if (plan) return plan;
    const outs = layers.map((l) => l.kernel.shape[2]);
    const ins = layers.map((l) => l.kernel.shape[1]);
    const x = this.buffer([1, batch, 1]);
    const h = [x, ...outs.map((o) => this.buffer([1, batch, o]))];
    plan = {
      batch,
      x,
      y: this.buffer([1, batch, 1]),
      h,
      hShape: [1, ...outs].map((o) => this.shapes.at([1, batch, o])),
      column: this.shapes.at([1, batch, 1]),
      inputTShape: ins.map((i) => this.shapes.at([1, i, batch])),
      diff: this.buffer([1, batch, 1]),
      square: this.buffer([1, batch, 1]),
      loss: this.buffer([1]),
      twoOverB: this.keep(tf.scalar(2 / batch)),
      top: this.buffer([1, batch, 1]),
      oneMinus: outs.map((o) => this.buffer([1, batch, o])),
      slope: outs.map((o) => this.buffer([1, batch, o])),
      dAct: outs.map((o) => this.buffer([1, batch, o])),
      inputT: ins.map((i) => this.transposition([1, batch, i], [0, 2, 1])),
      // tf.sum over axes [0, 1] first moves them innermost: perm [2, 0, 1].
      dT: outs.map((o) => this.transposition([1, batch, o], [2, 0, 1])),
      dIn: ins.map((i) => this.buffer([1, batch, i])),
      absSlope: outs.map((o) => this.buffer([1, batch, o])),
      meanSlope: outs.map(() => this.buffer([1])),
    };
    this.plans.set(batch, plan);
    return plan;
  }

  /** Drops whatever the backend cached under this buffer's id (XNNPACK's packed weights). */
  private refresh(b: Buffer): void {
    this.wasm._dispose_data(b.id);
    this.wasm._register_tensor(b.id, b.size, b.offset);
  }

  /** An elementwise kernel with broadcasting (Sub, Multiply): the arguments of binary_kernel.ts. */
  private binary(kernel: Kernel, a: Buffer, aShape: Shape, b: Buffer, bShape: Shape, out: Buffer): void {
    kernel(a.id, aShape.pointer, aShape.rank, b.id, bShape.pointer, bShape.rank, FLOAT32, out.id);
  }

  /** `a · b` for [1, m, k] · [1, k, n], as the BatchMatMul kernel runs it; b is treated as weights. */
  private matMul(a: Buffer, aShape: Shape, b: Buffer, bShape: Shape, out: Buffer): void {
    this.refresh(b);
    this.wasm._BatchMatMul(a.id, aShape.pointer, 3, b.id, bShape.pointer, 3, 0, 0, out.id);
  }

  private transpose(t: Transposition, input: Buffer): Buffer {
    if (t.copy || !t.out) return input;
    this.wasm._Transpose(input.id, t.shape.pointer, t.shape.rank, FLOAT32, t.out.id, t.perm.pointer, t.perm.rank);
    return t.out;
  }

  /**
   * One SGD step on one batch: the batch is `batch` rows of x and y starting at row `start` of
   * the [1, N, 1] tensors `xs` and `ys`. Updates the layers' kernels and biases in place and writes
   * [loss, ‖∂W_0‖, …, ‖∂W_L−1‖] into `stats` at `at` (the loss alone when `norms` is false).
   */
  step(layers: readonly Layer[], xs: tf.Tensor, ys: tf.Tensor, start: number, batch: number, stats: Float32Array, at: number, norms = true): void {
    const { wasm, L } = this;
    const p = this.plan(layers, batch);
    const heap = wasm.HEAPF32;
    const [x, y] = [(this.view(xs).offset >>> 2) + start, (this.view(ys).offset >>> 2) + start];
    heap.copyWithin(p.x.offset >>> 2, x, x + batch);
    heap.copyWithin(p.y.offset >>> 2, y, y + batch);
    const kernels = layers.map((l) => this.view(l.kernel));
    const biases = layers.map((l) => this.view(l.bias));

    this.forward(layers, p, kernels, biases);
    this.binary(wasm._Sub, p.h[L]!, p.column, p.y, p.column, p.diff);
    wasm._Square(p.diff.id, FLOAT32, p.square.id);
    wasm._Mean(p.square.id, batch, p.loss.id);
    this.binary(wasm._Multiply, p.diff, p.column, p.twoOverB, this.scalar, p.top);

    let d = p.top;
    for (let l = L - 1; l >= 0; l--) {
      const hShape = p.hShape[l + 1]!;
      const h = p.h[l + 1]!;
      const act = layers[l]!.activation;
      if (act === 'sigmoid') {
        this.binary(wasm._Sub, this.one, this.scalar, h, hShape, p.oneMinus[l]!);
        this.binary(wasm._Multiply, h, hShape, p.oneMinus[l]!, hShape, p.slope[l]!);
        this.binary(wasm._Multiply, d, hShape, p.slope[l]!, hShape, p.dAct[l]!);
        d = p.dAct[l]!;
      } else if (act === 'relu') {
        wasm._Step(h.id, 0, FLOAT32, p.slope[l]!.id);
        this.binary(wasm._Multiply, d, hShape, p.slope[l]!, hShape, p.dAct[l]!);
        d = p.dAct[l]!;
      }
      this.matMul(this.transpose(p.inputT[l]!, p.h[l]!), p.inputTShape[l]!, d, hShape, this.gK[l]!);
      wasm._Sum(this.transpose(p.dT[l]!, d).id, batch, FLOAT32, this.gB[l]!.id);
      if (l > 0) {
        this.matMul(d, hShape, this.transpose(this.wT[l]!, kernels[l]!), this.wTShape[l]!, p.dIn[l]!);
        d = p.dIn[l]!;
      }
    }

    for (let l = 0; l < L; l++) {
      const [kernel, bias, kShape, bShape] = [kernels[l]!, biases[l]!, this.kShape[l]!, this.bShape[l]!];
      this.binary(wasm._Multiply, this.gK[l]!, kShape, this.lr, this.scalar, this.gKlr[l]!);
      this.binary(wasm._Sub, kernel, kShape, this.gKlr[l]!, kShape, kernel);
      this.binary(wasm._Multiply, this.gB[l]!, bShape, this.lr, this.scalar, this.gBlr[l]!);
      this.binary(wasm._Sub, bias, bShape, this.gBlr[l]!, bShape, bias);
      this.refresh(kernel);
      this.refresh(bias);
      if (!norms) continue;
      wasm._Square(this.gK[l]!.id, FLOAT32, this.gKsquare[l]!.id);
      wasm._Sum(this.gKsquare[l]!.id, this.gK[l]!.size, FLOAT32, this.gKsum[l]!.id);
      wasm._Sqrt(this.gKsum[l]!.id, FLOAT32, this.gKnorm[l]!.id);
    }

    const read = wasm.HEAPF32; // the heap may have grown (a new view) since the step began
    stats[at] = read[p.loss.offset >>> 2]!;
    if (norms) for (let l = 0; l < L; l++) stats[at + 1 + l] = read[this.gKnorm[l]!.offset >>> 2]!;
  }

  /** Every layer's output for the rows in the plan's x, as the fused matMul op computes it. */
  private forward(layers: readonly Layer[], p: Plan, kernels: readonly Buffer[], biases: readonly Buffer[]): void {
    for (let l = 0; l < this.L; l++) {
      const kernel = kernels[l]!;
      const [h, kShape] = [p.hShape[l]!, this.kShape[l]!];
      const act = FUSED[layers[l]!.activation as Exclude<Activation, 'tanh'>];
      this.wasm.__FusedMatMul(p.h[l]!.id, h.pointer, 3, kernel.id, kShape.pointer, 3, 0, 0, act, biases[l]!.id, 0, 0, p.h[l + 1]!.id);
    }
  }

  private forwardOn(layers: readonly Layer[], p: Plan): void {
    this.forward(layers, p, layers.map((l) => this.view(l.kernel)), layers.map((l) => this.view(l.bias)));
  }

  /** The network's outputs for `inputs` (one value per row), what net.ts's `predict` computes. */
  outputs(layers: readonly Layer[], inputs: Float32Array): Float32Array {
    const p = this.plan(layers, inputs.length);
    this.wasm.HEAPF32.set(inputs, p.x.offset >>> 2);
    this.forwardOn(layers, p);
    const out = p.h[this.L]!;
    return this.wasm.HEAPF32.slice(out.offset >>> 2, (out.offset >>> 2) + inputs.length);
  }

  /**
   * Mean |activation slope| per layer on the rows of `xs` ([1, N, 1]), the kernels and numbers of
   * net.ts's `meanSlopes`: h(1 − h) for sigmoid, step(h) for relu, and 1 for a linear layer.
   */
  meanSlopes(layers: readonly Layer[], xs: tf.Tensor): Float32Array {
    const { wasm } = this;
    const rows = xs.size;
    const p = this.plan(layers, rows);
    const from = this.view(xs).offset >>> 2;
    wasm.HEAPF32.copyWithin(p.x.offset >>> 2, from, from + rows);
    this.forwardOn(layers, p);
    const out = new Float32Array(this.L);
    for (let l = 0; l < this.L; l++) {
      const act = layers[l]!.activation;
      const h = p.h[l + 1]!;
      const shape = p.hShape[l + 1]!;
      if (act === 'linear') {
        out[l] = 1;
        continue;
      }
      if (act === 'sigmoid') {
        this.binary(wasm._Sub, this.one, this.scalar, h, shape, p.oneMinus[l]!);
        this.binary(wasm._Multiply, h, shape, p.oneMinus[l]!, shape, p.slope[l]!);
      } else wasm._Step(h.id, 0, FLOAT32, p.slope[l]!.id);
      wasm._Abs(p.slope[l]!.id, FLOAT32, p.absSlope[l]!.id);
      wasm._Mean(p.absSlope[l]!.id, h.size, p.meanSlope[l]!.id);
      out[l] = wasm.HEAPF32[p.meanSlope[l]!.offset >>> 2]!;
    }
    return out;
  }

  dispose(): void {
    tf.dispose(this.tensors);
    this.tensors.length = 0;
    this.plans.clear();
    this.shapes.dispose();
  }
}

/** How the self-check gets a DirectSgd past `create` (which waits for the check's verdict). */
type MakeDirect = (layers: readonly Layer[], learningRate: number) => DirectSgd;

/** The check's net: a sigmoid, a relu and a linear hidden layer (every activation code the step passes), widths 3, 4, 2. */
const CHECK_LAYERS: readonly (readonly [number, number, Exclude<Activation, 'tanh'>])[] = [
  [1, 3, 'sigmoid'],
  [3, 4, 'relu'],
  [4, 2, 'linear'],
  [2, 1, 'linear'],
];

/** Signed, irregular, reproducible numbers for the check's weights and data. */
const wobble = (i: number, scale: number) => scale * Math.sin(1.7 * i + 0.3);

/** The first float32 that differs bit for bit, as words; null when all agree. */
function firstDifference(what: string, a: Float32Array, b: Float32Array): string | null {
  if (a.length !== b.length) return `${what}: ${a.length} numbers vs ${b.length}`;
  const [x, y] = [new Uint32Array(a.buffer, a.byteOffset, a.length), new Uint32Array(b.buffer, b.byteOffset, b.length)];
  const i = x.findIndex((v, k) => v !== y[k]);
  return i < 0 ? null : `${what}[${i}] is ${a[i]} on the direct step, ${b[i]} on the tensor path`;
}

/**
 * Two steps of the check's net (batch 5 from row 2 of 8, then from row 0: the row offset, real
 * transpositions and the copies of size-1 ones; non-zero biases), by this file and by lean.ts's
 * tensor step, then the outputs and mean slopes of the updated nets (net.ts): every kernel and
 * argument list the direct step uses, compared bit for bit. The outputs read weights written in
 * place and the second step uses the first one's scratch buffers as weights again, so stale XNNPACK
 * operators show too (see the top of this file); and tf.clone must copy. In Node it takes 2–10 ms
 * once the kernels are warm, 20–45 ms as a process's first use of them (direct-check.test.ts).
 */
function selfCheck(backend: WasmBackend, make: MakeDirect): DirectVerdict {
  const started = performance.now();
  const constants = new Constants();
  let reason: string;
  try {
    // Every tensor made in here goes at the end, also when a kernel throws.
    reason = tf.tidy(() => compareSteps(backend, make, constants) ?? '');
  } catch (e) {
    reason = `it threw ${e instanceof Error ? e.message : String(e)}`;
  } finally {
    constants.dispose();
  }
  const ms = performance.now() - started;
  return reason === '' ? { ok: true, ms } : { ok: false, reason: `the direct step failed its self-check (${reason}); runs take the lean step`, ms };
}

/** What `selfCheck` compares: null when the direct step and the tensor path agree, else the first difference. Call inside tf.tidy. */
function compareSteps(backend: WasmBackend, make: MakeDirect, constants: Constants): string | null {
  const module = backend.wasm as unknown as Record<string, unknown> | undefined;
  const missing = module ? EXPORTS.filter((name) => typeof module[name] !== 'function') : EXPORTS;
  if (missing.length > 0) return `tfjs-backend-wasm has no ${missing.join(', ')}`;
  if (!(module!['HEAPF32'] instanceof Float32Array) || typeof backend.dataIdMap?.get !== 'function') return 'tfjs-backend-wasm keeps its memory or its tensors elsewhere';

  let at = 0;
  const layers = (): Layer[] =>
    CHECK_LAYERS.map(([fanIn, fanOut, activation]) => ({
      kernel: tf.tensor3d(Float32Array.from({ length: fanIn * fanOut }, () => wobble(at++, 0.8)), [1, fanIn, fanOut]),
      bias: tf.tensor1d(Float32Array.from({ length: fanOut }, () => wobble(at++, 0.3))),
      activation,
      residual: false,
      bn: null,
    }));
  const ours = layers();
  at = 0;
  const theirs = layers();
  const xs = tf.tensor3d(Float32Array.from({ length: 8 }, (_, i) => wobble(100 + i, 1)), [1, 8, 1]);
  const ys = tf.tensor3d(Float32Array.from({ length: 8 }, (_, i) => wobble(200 + i, 1)), [1, 8, 1]);
  const [batch, learningRate] = [5, 0.5];
  const inputs = [-0.5, 0.25, 1.5];

  const offset = (t: tf.Tensor) => backend.dataIdMap.get(t.dataId)?.memoryOffset;
  if (offset(tf.clone(ours[0]!.kernel)) === offset(ours[0]!.kernel)) return 'tf.clone shares memory here, so snapshots would change under the updates in place';

  const starts = [2, 0];
  const direct = make(ours, learningRate);
  const stats = new Float32Array(starts.length * (1 + ours.length));
  let outputs: Float32Array;
  let slopes: Float32Array;
  try {
    starts.forEach((start, s) => direct.step(ours, xs, ys, start, batch, stats, s * (1 + ours.length)));
    outputs = direct.outputs(ours, Float32Array.from(inputs));
    slopes = direct.meanSlopes(ours, xs);
  } finally {
    direct.dispose();
  }

  let updated: Layer[] = theirs;
  const reported: tf.Tensor[] = [];
  for (const start of starts) {
    const [xb, yb] = [tf.slice(xs, [0, start, 0], [1, batch, 1]), tf.slice(ys, [0, start, 0], [1, batch, 1])];
    const { loss, grads, params } = leanSgdUpdate(updated, xb, yb, learningRate, constants);
    // As stepper.ts's general step reports them: the loss, then each kernel gradient's sqrt(sum(square)).
    reported.push(tf.reshape(loss, [1]), ...updated.map((_, l) => tf.sqrt(tf.sum(tf.square(grads[2 * l]!), [1, 2]))));
    updated = updated.map((l, i) => ({ ...l, kernel: params[2 * i] as tf.Tensor3D, bias: params[2 * i + 1]! }));
  }
  const values = (t: tf.Tensor) => t.dataSync() as Float32Array;
  const parameters = ours.flatMap((l, i) => [
    firstDifference(`layer ${i}'s new kernel`, values(l.kernel), values(updated[i]!.kernel)),
    firstDifference(`layer ${i}'s new bias`, values(l.bias), values(updated[i]!.bias)),
  ]);
  return (
    firstDifference('the losses and kernel-gradient norms', stats, values(tf.concat(reported))) ??
    parameters.find((d) => d !== null) ??
    firstDifference('the outputs', outputs, values(predict(updated, inputs, 1))) ??
    firstDifference('the mean slopes', slopes, values(meanSlopes(updated, xs)))
  );
}
