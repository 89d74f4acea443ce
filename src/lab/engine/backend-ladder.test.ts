import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { initBackend } from './backend';

/**
 * The first rung, threaded SIMD, as it breaks on some devices (tensorflow/tfjs#7540, iOS Safari):
 * tfjs detects multithreading, then the threaded binary's start fails, or never ends. Node has no
 * threads, so the test says it does, and stands in for tfjs's start of the threaded binary; the
 * rungs below it start for real.
 */
const threaded = vi.hoisted(() => ({ behaviour: 'hang' as 'hang' | 'fail', started: () => {}, simdTried: false }));

vi.mock('@tensorflow/tfjs-core', async (importOriginal) => {
  const real = await importOriginal<typeof import('@tensorflow/tfjs-core')>();
  const setBackend = (name: string): Promise<boolean> => {
    if (name !== 'wasm' || !real.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT')) {
      threaded.simdTried ||= name === 'wasm';
      return real.setBackend(name);
    }
    threaded.started();
    return threaded.behaviour === 'hang' ? new Promise<boolean>(() => {}) : Promise.reject(new Error('RangeError: Out of memory'));
  };
  return { ...real, setBackend };
});

describe('a threaded start that breaks (tfjs#7540)', () => {
  let started: Promise<void>;
  beforeEach(() => {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true); // "multithreading detected"
    threaded.simdTried = false;
    started = new Promise((resolve) => (threaded.started = resolve));
  });
  afterEach(() => vi.useRealTimers());

  it('that hangs is given up after 2 s, not 15: the SIMD binary starts next', async () => {
    threaded.behaviour = 'hang';
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const reasons: string[] = [];
    const ready = initBackend({ onFallback: (r) => reasons.push(r) });
    await started;
    await vi.advanceTimersByTimeAsync(2_000);
    expect(threaded.simdTried, 'the SIMD rung was tried 2 s into the threaded start').toBe(true);
    vi.useRealTimers();
    expect(await ready).toEqual({ name: 'wasm', simd: true, threads: 0 });
    expect(reasons).toEqual(['wasm threaded SIMD did not start within 2000 ms']);
  });

  it('that fails falls to the SIMD binary at once, with the reason', async () => {
    threaded.behaviour = 'fail';
    const reasons: string[] = [];
    expect(await initBackend({ onFallback: (r) => reasons.push(r) })).toEqual({ name: 'wasm', simd: true, threads: 0 });
    expect(reasons).toEqual(['RangeError: Out of memory']);
  });
});
