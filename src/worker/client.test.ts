import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BackendInfo } from '@/lab/engine/trace';
import { LabClient, THREADED_WATCHDOG_MS } from './client';
import type { FromWorker, ToWorker } from './protocol';

/**
 * The page's watch over a threaded start (client.ts): a lab worker whose thread is blocked inside
 * it answers nothing and runs no timer of its own, as Firefox 153 left one inside `new Worker()`
 * for a pthread. Node has no Worker: a stand-in records what the page posts and sends what a lab
 * worker would, and the clock is a fake one.
 */
class FakeWorker {
  static made: FakeWorker[] = [];
  readonly posted: ToWorker[] = [];
  terminated = false;
  private readonly listeners: ((e: { data: FromWorker }) => void)[] = [];
  constructor() {
    FakeWorker.made.push(this);
  }
  addEventListener(type: string, listener: (e: { data: FromWorker }) => void): void {
    if (type === 'message') this.listeners.push(listener);
  }
  postMessage(message: ToWorker): void {
    this.posted.push(message);
  }
  terminate(): void {
    this.terminated = true;
  }
  /** What the lab worker says. */
  send(message: FromWorker): void {
    for (const listener of this.listeners) listener({ data: message });
  }
}

const SIMD: BackendInfo = { name: 'wasm', simd: true, threads: 0 };
const THREADED: BackendInfo = { name: 'wasm', simd: true, threads: 1 };

describe('a threaded start watched from the page', () => {
  beforeEach(() => {
    FakeWorker.made = [];
    vi.stubGlobal('Worker', FakeWorker);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('is given about 2 s, as issue 24 asks, not the 15 s of a wasm rung', () => {
    expect(THREADED_WATCHDOG_MS).toBeLessThanOrEqual(2_500);
  });

  it('that blocks the worker for good: the page stops it when its bound runs out and a single-threaded worker trains instead, saying why', async () => {
    const client = new LabClient();
    const [blocked] = FakeWorker.made;
    expect(blocked!.posted).toEqual([{ type: 'init', choice: 'auto' }]);
    blocked!.send({ type: 'attempt', threads: true }); // and then nothing, ever

    await vi.advanceTimersByTimeAsync(THREADED_WATCHDOG_MS - 1);
    expect(FakeWorker.made, 'no replacement before the bound').toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(blocked!.terminated).toBe(true);
    expect(FakeWorker.made).toHaveLength(2);
    const replacement = FakeWorker.made[1]!;
    expect(replacement.posted).toEqual([{ type: 'init', choice: 'wasm-simd' }]);

    replacement.send({ type: 'attempt', threads: false });
    await vi.advanceTimersByTimeAsync(10_000); // a single-threaded start is not watched
    replacement.send({ type: 'ready', backend: SIMD, msToReady: 80, fallbacks: [] });
    expect(await client.ready).toMatchObject({ backend: SIMD, msToReady: 80, fallbacks: [`wasm threaded SIMD did not start within ${THREADED_WATCHDOG_MS} ms`] });
    expect(replacement.terminated).toBe(false);
  });

  it('that ends in time keeps its worker and its threads', async () => {
    const client = new LabClient();
    const [worker] = FakeWorker.made;
    worker!.send({ type: 'attempt', threads: true });
    await vi.advanceTimersByTimeAsync(THREADED_WATCHDOG_MS - 100);
    worker!.send({ type: 'ready', backend: THREADED, msToReady: THREADED_WATCHDOG_MS - 100, fallbacks: [] });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await client.ready).toMatchObject({ backend: THREADED, msToReady: THREADED_WATCHDOG_MS - 100, fallbacks: [] });
    expect(FakeWorker.made).toHaveLength(1);
    expect(worker!.terminated).toBe(false);
  });
});
