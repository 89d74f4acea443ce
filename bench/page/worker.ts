/**
 * The bench worker: the same kind of worker as the lab's (a module worker, tfjs on the backend it is
 * told), running whole training runs on request and timing them. One worker per backend
 * configuration, so one page session can time them all; the plain loop gets a worker too. Each
 * request type has its own function here (timed runs, profiles, single ops, ensembles, yields).
 */
/// <reference lib="webworker" />
import * as tf from '@tensorflow/tfjs-core';
import { wasmPaths } from '../../src/worker/wasm-paths';
import { initBackend } from '../../src/lab/engine/backend';
import { trainEnsemble } from '../../src/lab/engine/ensemble';
import { preset } from '../../src/lab/engine/config';
import { trainPlain } from './plain-loop';
import type { BackendInfo, RunTrace } from '../../src/lab/engine/trace';
import { train } from '../../src/lab/engine/train';
import { ensembleSample, SLICE_MS, type DispatchCosts, type Engine, type EnsembleSample, type FromBench, type KernelProfile, type KernelRow, type RunSample, type ToBench, type Workload, type YieldMode } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

const post = (message: FromBench) => self.postMessage(message);

let backend: BackendInfo | null = null;

/** The lab worker's yield (src/worker/worker.ts): a MessageChannel round trip, no 4 ms clamp. */
const channel = new MessageChannel();
const waiting: (() => void)[] = [];
channel.port1.onmessage = () => waiting.shift()?.();
const messageChannelYield = () =>
  new Promise<void>((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });

function yielder(mode: YieldMode): () => Promise<void> {
  switch (mode) {
    case 'message-channel':
      return messageChannelYield;
    case 'none':
      return () => Promise.resolve();
    case 'sliced': {
      let last = performance.now();
      return () => {
        const now = performance.now();
        if (now - last < SLICE_MS) return Promise.resolve();
        last = now;
        return messageChannelYield();
      };
    }
    default: {
      const never: never = mode;
      throw new Error(`unknown yield mode ${String(never)}`);
    }
  }
}

const median = (values: number[]) => {
  const s = values.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/**
 * Splits the times between step ends into steps inside an epoch and steps that cross an epoch
 * boundary (which also carry the epoch's read, diagnostics and next shuffle).
 */
function segments<T, R>(marks: T[], stepsPerEpoch: number, between: (a: T, b: T) => R): { inside: R[]; boundary: R[] } {
  const inside: R[] = [];
  const boundary: R[] = [];
  for (let i = 1; i < marks.length; i++) (i % stepsPerEpoch === 0 ? boundary : inside).push(between(marks[i - 1]!, marks[i]!));
  return { inside, boundary };
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** What a run reports, whichever engine ran it; a run that throws is reported as an 'error' run, timed as nothing. */
async function runEngine(engine: Engine, workload: Workload, yieldToEventLoop: () => Promise<void>): Promise<Omit<RunSample, 'stepMs' | 'epochMs'>> {
  const config = preset(workload);
  // A signal, as the lab worker gives: train() yields between steps only in a run that can be cancelled.
  const { signal } = new AbortController();
  let trace: RunTrace;
  try {
    trace =
      engine === 'plain'
        ? await trainPlain(config, { signal, yieldToEventLoop })
        : await train(config, { backend: backend ?? { name: 'none', simd: false, threads: 0 }, signal, yieldToEventLoop, direct: engine === 'tfjs' });
  } catch (e) {
    return { status: 'error', error: `threw: ${errorText(e)}`, msPerStep: NaN, totalMs: NaN, losses: [] };
  }
  return {
    status: trace.status,
    ...(trace.error === undefined ? {} : { error: trace.error }),
    msPerStep: trace.epochs.reduce((s, e) => s + e.msPerStep, 0) / trace.epochs.length,
    totalMs: trace.totalMs,
    losses: trace.epochs.map((e) => e.loss),
  };
}

async function timedRun(engine: Engine, workload: Workload, mode: YieldMode): Promise<RunSample> {
  const config = preset(workload);
  const pause = yielder(mode);
  const marks: number[] = [];
  const run = await runEngine(engine, workload, () => {
    marks.push(performance.now());
    return pause();
  });
  const steps = Math.ceil(config.data.points / config.batchSize);
  const { inside, boundary } = segments(marks, steps, (a, b) => b - a);
  const stepMs = median(inside);
  return { ...run, stepMs, epochMs: median(boundary) - stepMs };
}

interface RowTally {
  calls: number;
  ms: number;
}

/** One run under tf.profile, cut at each step's end (train() calls the yield there): kernel calls and ms per step and per epoch boundary. */
async function profiledRun(engine: Engine, workload: Workload): Promise<{ step: Map<string, RowTally>; epoch: Map<string, RowTally>; tensorsPerStep: number }> {
  const config = preset(workload);
  const state = tf.engine().state;
  const marks: number[] = [];
  const info = await tf.profile(async () => {
    const run = await runEngine(engine, workload, async () => void marks.push(state.activeProfile.kernels.length));
    if (run.status !== 'done') throw new Error(`the profiled ${workload} run ended '${run.status}': ${run.error ?? ''}`);
    return [];
  });
  const kernels = await Promise.all(
    info.kernels.map(async (k) => {
      const ms = await k.kernelTimeMs;
      return { name: k.name, ms: typeof ms === 'number' ? ms : NaN, tensors: k.tensorsAdded };
    }),
  );
  const steps = Math.ceil(config.data.points / config.batchSize);
  const { inside, boundary } = segments(marks, steps, (a, b) => [a, b] as const);
  const tally = (ranges: (readonly [number, number])[]) => {
    const rows = new Map<string, RowTally>();
    let tensors = 0;
    for (const [from, to] of ranges) {
      for (const k of kernels.slice(from, to)) {
        const row = rows.get(k.name) ?? { calls: 0, ms: 0 };
        row.calls++;
        row.ms += k.ms;
        rows.set(k.name, row);
        tensors += k.tensors;
      }
    }
    const per = Math.max(1, ranges.length);
    for (const row of rows.values()) {
      row.calls /= per;
      row.ms /= per;
    }
    return { rows, tensors: tensors / per };
  };
  const step = tally(inside);
  return { step: step.rows, epoch: tally(boundary).rows, tensorsPerStep: step.tensors };
}

/** Kernel rows from `runs` profiled runs: counts as they are (the same every run), times as medians. */
async function profileRuns(engine: Engine, workload: Workload, runs: number): Promise<KernelProfile> {
  const results: Awaited<ReturnType<typeof profiledRun>>[] = [];
  for (let i = 0; i < runs; i++) results.push(await profiledRun(engine, workload));
  const first = results[0]!;
  const names = new Set([...first.step.keys(), ...first.epoch.keys()]);
  const zero = { calls: 0, ms: 0 };
  const rows: KernelRow[] = [...names].map((name) => {
    const s = first.step.get(name) ?? zero;
    const e = first.epoch.get(name) ?? zero;
    const usPerStep = median(results.map((r) => (r.step.get(name) ?? zero).ms)) * 1000;
    const usBoundary = median(results.map((r) => (r.epoch.get(name) ?? zero).ms)) * 1000;
    // A boundary segment holds one step too: what it has beyond a step is the epoch's own work.
    return { name, wrapper: name.endsWith('__op'), perStep: s.calls, usPerStep, perEpoch: e.calls - s.calls, usPerEpoch: usBoundary - usPerStep };
  });
  rows.sort((a, b) => b.usPerStep - a.usPerStep);
  const kernelsOnly = rows.filter((r) => !r.wrapper);
  const sum = (f: (r: KernelRow) => number) => kernelsOnly.reduce((s, r) => s + f(r), 0);
  return {
    kernelsPerStep: sum((r) => r.perStep),
    kernelsPerEpoch: sum((r) => r.perEpoch),
    kernelMsPerStep: sum((r) => r.usPerStep) / 1000,
    kernelMsPerEpoch: sum((r) => r.usPerEpoch) / 1000,
    tensorsPerStep: first.tensorsPerStep,
    rows,
  };
}

/** µs per call of single ops at exp3's sizes, on this worker's backend. */
function timeDispatch(): DispatchCosts {
  const tiny = tf.ones([1, 1, 1]);
  const h = tf.fill([1, 20, 32], 0.5) as tf.Tensor3D;
  const w = tf.fill([1, 32, 32], 0.01) as tf.Tensor3D;
  const bias = tf.zeros([32]); // rank 1: the wasm fused kernel takes no other bias (net.ts)
  const tall = tf.fill([1, 4000, 32], 0.5) as tf.Tensor3D;
  const hs = tf.fill([200, 20, 32], 0.5) as tf.Tensor3D;
  const ws = tf.fill([200, 32, 32], 0.01) as tf.Tensor3D;
  const attrs = { transposeA: false, transposeB: false, activation: 'sigmoid', leakyreluAlpha: 0.2 };
  /** µs per call: `calls` calls in tidies of up to 50, after as many again to warm up; median of 3. */
  const per = (op: () => unknown, calls = 2000) => {
    const inTidy = Math.min(50, calls);
    const batch = () => tf.tidy(() => void Array.from({ length: inTidy }, op));
    const rounds = Math.max(1, Math.round(calls / inTidy));
    for (let i = 0; i < rounds; i++) batch();
    const times = Array.from({ length: 3 }, () => {
      const start = performance.now();
      for (let i = 0; i < rounds; i++) batch();
      return ((performance.now() - start) / (rounds * inTidy)) * 1000;
    });
    return median(times);
  };
  const costs: DispatchCosts = {
    tinyAdd: per(() => tf.add(tiny, tiny)),
    tinyAddKernel: per(() => tf.engine().runKernel('Add', { a: tiny, b: tiny })),
    mulByNumber: per(() => tf.mul(h, 0.1)),
    matMul: per(() => tf.matMul(h, w)),
    fusedMatMulOp: per(() => tf.fused.matMul({ a: h, b: w, bias, activation: 'sigmoid' })),
    fusedMatMulKernel: per(() => tf.engine().runKernel('_FusedMatMul', { a: h, b: w, bias }, attrs)),
    transposedMatMul: per(() => tf.matMul(h, w, false, true)),
    flatMatMul4M: per(() => tf.matMul(tall, w), 20),
    batchedMatMul4M: per(() => tf.matMul(hs, ws), 20),
  };
  tf.dispose([tiny, h, w, bias, tall, hs, ws]);
  return costs;
}

/**
 * exp3 for seeds 1…count (trainEnsemble: the direct step seed by seed on wasm, else one batched
 * program), yielding per epoch as the lab worker does; optionally profiled. One that throws is an
 * 'error' sample.
 */
async function ensembleRun(count: number, profile: boolean): Promise<EnsembleSample> {
  try {
    return await ensembleOrThrow(count, profile);
  } catch (e) {
    return { status: 'error', error: `threw: ${errorText(e)}`, totalMs: NaN, kernels: null, seedLosses: [], finalLosses: [] };
  }
}

async function ensembleOrThrow(count: number, profile: boolean): Promise<EnsembleSample> {
  const config = preset('exp3');
  const seeds = Array.from({ length: count }, (_, i) => i + 1);
  const steps = config.epochs * Math.ceil(config.data.points / config.batchSize);
  const run = () => trainEnsemble(config, seeds, { yieldToEventLoop: messageChannelYield });
  if (!profile) {
    const result = await run();
    return ensembleSample(result, result.totalMs, config.seed);
  }
  let result: Awaited<ReturnType<typeof trainEnsemble>> | null = null;
  const info = await tf.profile(async () => {
    result = await run();
    return [];
  });
  const rows = new Map<string, { calls: number; ms: number }>();
  for (const k of info.kernels) {
    if (k.name.endsWith('__op')) continue;
    const ms = await k.kernelTimeMs;
    const row = rows.get(k.name) ?? { calls: 0, ms: 0 };
    row.calls++;
    row.ms += typeof ms === 'number' ? ms : NaN;
    rows.set(k.name, row);
  }
  const kernels = [...rows].map(([name, r]) => ({ name, callsPerStep: r.calls / steps, msPerStep: r.ms / steps })).sort((a, b) => b.msPerStep - a.msPerStep);
  const done = result as Awaited<ReturnType<typeof trainEnsemble>> | null;
  if (!done) throw new Error('the profiled ensemble returned nothing');
  return { ...ensembleSample(done, done.totalMs, config.seed), kernels };
}

async function timeYields(count: number): Promise<{ messageChannelUs: number; setTimeoutUs: number }> {
  let start = performance.now();
  for (let i = 0; i < count; i++) await messageChannelYield();
  const messageChannelUs = ((performance.now() - start) / count) * 1000;
  const timeouts = Math.max(1, Math.floor(count / 20));
  start = performance.now();
  for (let i = 0; i < timeouts; i++) await new Promise<void>((resolve) => setTimeout(resolve, 0));
  return { messageChannelUs, setTimeoutUs: ((performance.now() - start) / timeouts) * 1000 };
}

const failed = (id: number | null) => (e: unknown) => post({ type: 'failed', id, message: errorText(e) });

self.onmessage = (e: MessageEvent<ToBench>) => {
  const message = e.data;
  switch (message.type) {
    case 'init': {
      const started = performance.now();
      if (message.choice === null) {
        post({ type: 'ready', backend: null, msToReady: 0, fallbacks: [] });
        return;
      }
      const fallbacks: string[] = [];
      initBackend({
        choice: message.choice,
        wasmPaths: wasmPaths(self.location.href),
        onFallback: (reason) => fallbacks.push(reason),
      }).then((info) => {
        backend = info;
        post({ type: 'ready', backend: info, msToReady: performance.now() - started, fallbacks });
      }, failed(null));
      return;
    }
    case 'train':
      timedRun(message.engine, message.workload, message.yieldMode).then((sample) => post({ type: 'trained', id: message.id, sample }), failed(message.id));
      return;
    case 'profile':
      profileRuns(message.engine, message.workload, 3).then((profile) => post({ type: 'profiled', id: message.id, profile }), failed(message.id));
      return;
    case 'yields':
      timeYields(message.count).then((t) => post({ type: 'yielded', id: message.id, ...t }), failed(message.id));
      return;
    case 'ensemble':
      ensembleRun(message.seeds, message.profile).then((sample) => post({ type: 'ensembled', id: message.id, sample }), failed(message.id));
      return;
    case 'dispatch':
      try {
        post({ type: 'dispatched', id: message.id, costs: timeDispatch() });
      } catch (e) {
        failed(message.id)(e);
      }
      return;
    default: {
      const never: never = message;
      throw new Error(`unknown message ${JSON.stringify(never)}`);
    }
  }
};
