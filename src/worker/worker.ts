/**
 * The lab's Web Worker: sets up TensorFlow.js on WebAssembly and trains what the page asks for,
 * posting each epoch as it ends. Wiring only; the science is in src/lab.
 */
/// <reference lib="webworker" />
import * as tf from '@tensorflow/tfjs-core';
import { wasmPaths } from './wasm-paths';
import { initBackend } from '@/lab/engine/backend';
import { trainEnsemble } from '@/lab/engine/ensemble';
import { preset } from '@/lab/engine/config';
import { boundaryCurve, explosionMap } from '@/lab/studies/explosion';
import { epochLayers, slopeSummaries, trainingInputs } from '@/lab/studies/preactivations';
import { train } from '@/lab/engine/train';
import type { BackendInfo, TrainEvent } from '@/lab/engine/trace';
import { vanishingMap } from '@/lab/studies/vanishing';
import { BATCH_MS, transferables, type FromWorker, type MapStatus, type ToWorker } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

const post = (message: FromWorker, transfer: Transferable[] = []) => self.postMessage(message, transfer);

let backend: Promise<BackendInfo> | null = null;
let current: { runId: number; controller: AbortController } | null = null;

/**
 * Lets queued messages (a cancel) run, at most every 4 ms of training: a Stop still lands within
 * 4 ms plus one step, and exp3 saves about a tenth of its step time (bench/README.md). A
 * MessageChannel round trip rather than setTimeout, which browsers clamp to 4 ms.
 */
const YIELD_EVERY_MS = 4;
const channel = new MessageChannel();
const waiting: (() => void)[] = [];
channel.port1.onmessage = () => waiting.shift()?.();
let lastYield = 0;
const yieldToEventLoop = (): Promise<void> => {
  const now = performance.now();
  if (now - lastYield < YIELD_EVERY_MS) return Promise.resolve();
  lastYield = now;
  return new Promise<void>((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });
};

/** Makes `runId` the current run (aborting the previous one) and returns its signal. */
function begin(runId: number): AbortController {
  current?.controller.abort();
  const controller = new AbortController();
  current = { runId, controller };
  return controller;
}

function end(controller: AbortController): void {
  if (current?.controller === controller) current = null;
}

/** Collects a run's events and posts them together (protocol.ts `BATCH_MS`): at the end, and once a frame's worth of time has passed. */
function batcher(runId: number) {
  let events: TrainEvent[] = [];
  let since = performance.now();
  const flush = () => {
    if (events.length === 0) return;
    post({ type: 'events', runId, events }, events.flatMap(transferables));
    events = [];
    since = performance.now();
  };
  return {
    push(event: TrainEvent) {
      events.push(event);
      if (event.type === 'done' || performance.now() - since >= BATCH_MS) flush();
    },
    flush,
  };
}

async function runExperiment(message: Extract<ToWorker, { type: 'run' }>, info: BackendInfo): Promise<void> {
  const controller = begin(message.runId);
  const batch = batcher(message.runId);
  await train(message.config, {
    backend: info,
    quick: message.quick === true,
    signal: controller.signal,
    yieldToEventLoop,
    onEvent: (event) => batch.push(event),
  });
  batch.flush();
  end(controller);
}

async function runEnsemble(message: Extract<ToWorker, { type: 'ensemble' }>): Promise<void> {
  const controller = begin(message.runId);
  const result = await trainEnsemble(message.config, message.seeds, {
    signal: controller.signal,
    yieldToEventLoop,
    onEpoch: (epoch, losses) => post({ type: 'ensembleEpoch', runId: message.runId, epoch, losses: losses.slice() }),
  });
  post({ type: 'ensembleDone', runId: message.runId, result });
  end(controller);
}

/**
 * One epoch of experiment 3 before the worker says it is ready: the direct step's once-per-worker
 * self-check and the first use of every kernel at the article's sizes happen here, while the
 * browser is idle, instead of inside the reader's first run (80–150 ms of it, bench/README.md).
 */
async function warmUp(info: BackendInfo): Promise<BackendInfo> {
  await train({ ...preset('exp3'), epochs: 1 }, { backend: info });
  return info;
}

/** Starts what a message asks for (a run of any kind). */
function start(message: Extract<ToWorker, { type: 'run' | 'ensemble' | 'explosionMap' | 'vanishingMap' | 'slopes' }>, info: BackendInfo): Promise<void> {
  switch (message.type) {
    case 'run':
      return runExperiment(message, info);
    case 'ensemble':
      return runEnsemble(message);
    case 'explosionMap':
      return runExplosionMap(message);
    case 'vanishingMap':
      return runVanishingMap(message);
    case 'slopes':
      return runSlopes(message);
    default: {
      const never: never = message;
      throw new Error(`unknown run ${JSON.stringify(never)}`);
    }
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** A map run (rows streamed as they finish), ended by one `mapDone` whatever happens. */
async function mapRun(runId: number, compute: (signal: AbortSignal) => Promise<{ status: MapStatus }>): Promise<void> {
  const controller = begin(runId);
  const started = performance.now();
  try {
    const { status } = await compute(controller.signal);
    post({ type: 'mapDone', runId, status, totalMs: performance.now() - started });
  } catch (error) {
    post({ type: 'mapDone', runId, status: 'error', totalMs: performance.now() - started, error: messageOf(error) });
  }
  end(controller);
}

function runExplosionMap({ runId, grid, rows, boundary }: Extract<ToWorker, { type: 'explosionMap' }>): Promise<void> {
  return mapRun(runId, (signal) => {
    if (boundary) post({ type: 'explosionBoundary', runId, boundary: boundaryCurve(grid, 'seed') });
    return explosionMap(grid, { rows, signal, yieldToEventLoop, onRow: (row) => post({ type: 'explosionRow', runId, row }) });
  });
}

function runVanishingMap({ runId, init, seeds }: Extract<ToWorker, { type: 'vanishingMap' }>): Promise<void> {
  return mapRun(runId, (signal) => vanishingMap(init, { seeds, signal, yieldToEventLoop, onRow: (_activation, cells) => post({ type: 'vanishingRow', runId, cells }) }));
}

async function runSlopes(message: Extract<ToWorker, { type: 'slopes' }>): Promise<void> {
  const { runId, config, epochs } = message;
  const controller = begin(runId);
  let status: MapStatus = 'done';
  let error: string | undefined;
  let summaries: ReturnType<typeof slopeSummaries>[] = [];
  try {
    // A run's first e epochs do not depend on how many follow: replay only as far as needed.
    const replay = await epochLayers({ ...config, epochs: Math.max(1, ...epochs) }, { signal: controller.signal, yieldToEventLoop });
    if (replay) {
      const inputs = trainingInputs(config);
      summaries = epochs.map((e) => slopeSummaries(replay[e]!, inputs));
    } else status = 'cancelled';
  } catch (e) {
    status = 'error';
    error = messageOf(e);
  }
  post({ type: 'slopesDone', runId, status, epochs: status === 'done' ? epochs : [], summaries, ...(error === undefined ? {} : { error }) });
  end(controller);
}

self.onmessage = (e: MessageEvent<ToWorker>) => {
  const message = e.data;
  switch (message.type) {
    case 'init': {
      if (backend) return;
      const started = performance.now();
      const fallbacks: string[] = [];
      backend = initBackend({
        choice: message.choice,
        wasmPaths: wasmPaths(self.location.href),
        onFallback: (reason) => fallbacks.push(reason),
        onAttempt: ({ threads }) => post({ type: 'attempt', threads }),
      }).then(warmUp);
      backend.then(
        (info) => post({ type: 'ready', backend: info, msToReady: performance.now() - started, fallbacks }),
        (error: unknown) => post({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
      );
      return;
    }
    case 'run':
    case 'ensemble':
    case 'explosionMap':
    case 'vanishingMap':
    case 'slopes':
      if (!backend) {
        post({ type: 'failed', message: `${message.type} before init` });
        return;
      }
      // The newest run wins: abort the old one now, start this one once the backend is there.
      current?.controller.abort();
      void backend.then((info) => start(message, info));
      return;
    case 'cancel':
      if (current?.runId === message.runId) current.controller.abort();
      return;
    case 'memory':
      post({ type: 'memory', numTensors: tf.memory().numTensors });
      return;
    default: {
      const never: never = message;
      throw new Error(`unknown message ${JSON.stringify(never)}`);
    }
  }
};
