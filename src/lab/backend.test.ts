import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend';
import { backendLabel } from './trace';

describe('initBackend in Node', () => {
  afterAll(async () => {
    await initBackend();
  });

  it('starts the wasm backend with SIMD and reports no threads (Node has none)', async () => {
    const info = await initBackend();
    expect(info).toEqual({ name: 'wasm', simd: true, threads: 0 });
    expect(tf.getBackend()).toBe('wasm');
  });

  it('falls to the plain wasm binary when asked to', async () => {
    const info = await initBackend({ choice: 'wasm-plain' });
    expect(info).toEqual({ name: 'wasm', simd: false, threads: 0 });
  });

  it('falls to the cpu backend when asked to', async () => {
    const info = await initBackend({ choice: 'cpu' });
    expect(info).toEqual({ name: 'cpu', simd: false, threads: 0 });
  });
});

describe('backendLabel', () => {
  it('names every part the badge shows', () => {
    expect(backendLabel({ name: 'wasm', simd: true, threads: 1 })).toBe('WASM · SIMD · 1 thread');
    expect(backendLabel({ name: 'wasm', simd: true, threads: 4 })).toBe('WASM · SIMD · 4 threads');
    expect(backendLabel({ name: 'cpu', simd: false, threads: 0 })).toBe('CPU');
  });
});
