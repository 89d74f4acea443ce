/**
 * Setting up TensorFlow.js's WebAssembly backend, the same way in Node (tests, build-time baking)
 * and in the browser's worker.
 *
 * Preference, best first: the threaded SIMD binary (needs a cross-origin isolated page: COOP + COEP),
 * the SIMD binary, the plain binary, then tfjs's pure-JS cpu backend. Each wasm attempt is bounded
 * by a timeout, because a broken threaded build hangs instead of failing (see FIELD-NOTES). The
 * threaded one gets 2 s: it starts in 0.1–0.3 s where it works, and where it breaks (tfjs#7540, iOS
 * Safari: threads detected, then the start fails or never ends) the reader should not wait 15.
 */
import * as tf from '@tensorflow/tfjs-core';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { BackendInfo } from './trace';

export type WasmBinary = 'tfjs-backend-wasm.wasm' | 'tfjs-backend-wasm-simd.wasm' | 'tfjs-backend-wasm-threaded-simd.wasm';

/** 'auto' walks the whole ladder; the others start lower on it (for comparison, tests and old browsers). */
export type BackendChoice = 'auto' | 'wasm-simd' | 'wasm-plain' | 'cpu';

export interface BackendSetup {
  choice?: BackendChoice;
  /** Absolute URLs of the three binaries (browser); Node reads them from node_modules. */
  wasmPaths?: Record<WasmBinary, string>;
  /** Give up on one single-threaded wasm attempt after this long. */
  timeoutMs?: number;
  /** Called with a short reason whenever a rung of the ladder fails. */
  onFallback?: (reason: string) => void;
  /** Called as each wasm rung starts. */
  onAttempt?: (rung: { label: string; threads: boolean }) => void;
}

interface Rung {
  label: string;
  simd: boolean;
  threads: boolean;
  /** How long this rung may take to start, when it sets its own bound (else `timeoutMs`). */
  timeoutMs?: number;
}

/** The threaded start's bound. */
export const THREADED_TIMEOUT_MS = 2_000;

const WASM_LADDER: Rung[] = [
  { label: 'wasm threaded SIMD', simd: true, threads: true, timeoutMs: THREADED_TIMEOUT_MS },
  { label: 'wasm SIMD', simd: true, threads: false },
  { label: 'wasm', simd: false, threads: false },
];

function ladderFor(choice: BackendChoice): Rung[] {
  switch (choice) {
    case 'auto':
      return WASM_LADDER;
    case 'wasm-simd':
      return WASM_LADDER.slice(1);
    case 'wasm-plain':
      return WASM_LADDER.slice(2);
    case 'cpu':
      return [];
    default: {
      const never: never = choice;
      throw new Error(`unknown backend choice ${String(never)}`);
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not start within ${ms} ms`)), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

let pathsSet = false;

/** Sets up the best backend this environment allows and says what it got. */
export async function initBackend(setup: BackendSetup = {}): Promise<BackendInfo> {
  const { choice = 'auto', timeoutMs = 15_000, onFallback, onAttempt } = setup;
  if (setup.wasmPaths && !pathsSet) {
    setWasmPaths(setup.wasmPaths);
    pathsSet = true;
  }
  const env = tf.env();
  const simdAvailable = await env.getAsync('WASM_HAS_SIMD_SUPPORT');
  const threadsAvailable = await env.getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  for (const rung of ladderFor(choice)) {
    if ((rung.simd && !simdAvailable) || (rung.threads && !threadsAvailable)) continue;
    env.set('WASM_HAS_SIMD_SUPPORT', rung.simd);
    env.set('WASM_HAS_MULTITHREAD_SUPPORT', rung.threads);
    onAttempt?.(rung);
    try {
      const ok = await withTimeout(tf.setBackend('wasm'), rung.timeoutMs ?? timeoutMs, rung.label);
      if (ok) {
        await tf.ready();
        return describeBackend();
      }
      onFallback?.(`${rung.label} failed to initialise`);
    } catch (e) {
      onFallback?.(e instanceof Error ? e.message : String(e));
    }
  }
  await import('@tensorflow/tfjs-backend-cpu');
  if (!(await tf.setBackend('cpu'))) throw new Error('no TensorFlow.js backend could be started');
  return describeBackend();
}

/** What the current backend is: name, whether the SIMD binary runs, and the wasm thread-pool size (0 = none). */
export function describeBackend(): BackendInfo {
  const name = tf.getBackend();
  if (name !== 'wasm') return { name, simd: false, threads: 0 };
  const env = tf.env();
  const threads = env.getBool('WASM_HAS_MULTITHREAD_SUPPORT') ? getThreadsCount() : 0;
  return { name, simd: env.getBool('WASM_HAS_SIMD_SUPPORT'), threads };
}
