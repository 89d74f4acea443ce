/**
 * The lab's Web Worker: sets up TensorFlow.js on WebAssembly and trains what the page asks for,
 * posting each epoch as it ends. Wiring only; the science is in src/lab.
 */
/// <reference lib="webworker" />
import * as tf from '@tensorflow/tfjs-core';
import { wasmPaths } from './wasm-paths';
import { initBackend } from '../backend';
import { trainEnsemble } from '../ensemble';
import { preset } from '../config';
import { train } from '../train';
import type { BackendInfo, TrainEvent } from '../trace';
import { BATCH_MS, transferables, type FromWorker, type ToWorker } from './protocol';

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
      }).then(warmUp);
      backend.then(
        (info) => post({ type: 'ready', backend: info, msToReady: performance.now() - started, fallbacks }),
        (error: unknown) => post({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
      );
      return;
    }
    case 'run':
    case 'ensemble':
      if (!backend) {
        post({ type: 'failed', message: `${message.type} before init` });
        return;
      }
      // The newest run wins: abort the old one now, start this one once the backend is there.
      current?.controller.abort();
      void backend.then((info) => (message.type === 'run' ? runExperiment(message, info) : runEnsemble(message)));
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
