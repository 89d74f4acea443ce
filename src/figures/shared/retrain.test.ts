import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { preset } from '@/lab/engine/config';
import { LatestWins, Retrainer, type Job as TrainJob, type RetrainHooks, type Results } from './retrain';

/**
 * The drag scheduler, driven by hand: the test owns the clock (performance.now), the animation
 * frames (requestAnimationFrame) and when each run in the "worker" ends.
 */
let now = 10_000 + 0;
let frames = new Map<number, () => void>();
let nextFrame = 1;

/** Lets promises settle (a finished run reaches the scheduler), runs the frame callbacks waiting, and settles again. */
async function frame(): Promise<void> {
  await settle();
  const due = [...frames.values()];
  frames = new Map();
  for (const f of due) f();
  await settle();
}
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

type Job = string;
/** A result is the job's name with how it ended. */
type Result = string;
type Event = number;

const RESULTS: Results<Job, Result, Event> = {
  cancelled: (job) => `${job}:cancelled`,
  failed: (job, message) => `${job}:error:${message}`,
  follow(job) {
    let seen = 0;
    return { apply: (e) => (seen = e), result: () => `${job}:partial:${seen}` };
  },
};

interface Run {
  job: Job;
  onEvent: (e: Event) => void;
  finish: (result?: Result) => void;
  fail: (error: Error) => void;
}

function harness(streamAfterMs?: number) {
  const runs: Run[] = [];
  const painted: string[] = [];
  const progress: string[] = [];
  const started: string[] = [];
  const hooks: RetrainHooks<Job, Result, Event> = {
    start: (job, onEvent) =>
      new Promise<Result>((resolve, reject) => {
        runs.push({ job, onEvent, finish: (r) => resolve(r ?? `${job}:done`), fail: reject });
      }),
    paint: (result) => painted.push(result),
    progress: (result) => progress.push(result),
    started: (job) => started.push(job),
  };
  const scheduler = new LatestWins(hooks, RESULTS, streamAfterMs);
  /** Each request's resolution, in the order they resolve. */
  const resolved: string[] = [];
  const request = (job: Job) => scheduler.request(job).then((r) => (resolved.push(r), r));
  /** Asks for each job in turn, as frames of a drag do. */
  const ask = (...jobs: Job[]) => jobs.forEach((job) => void request(job));
  return { scheduler, runs, painted, progress, started, resolved, request, ask };
}

beforeEach(() => {
  // Not zero: a sum where a difference belongs must show.
  now = 10_000;
  frames = new Map();
  vi.spyOn(performance, 'now').mockImplementation(() => now);
  vi.stubGlobal('requestAnimationFrame', (f: () => void) => {
    frames.set(nextFrame, f);
    return nextFrame++;
  });
  vi.stubGlobal('cancelAnimationFrame', (id: number) => frames.delete(id));
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('LatestWins (the drag scheduler)', () => {
  it('starts a request at once when nothing is in flight', () => {
    const h = harness();
    void h.request('a');
    expect(h.started).toEqual(['a']);
  });

  it('runs only the newest of the values that arrive while a short run is in flight (latest wins, never queued)', async () => {
    const h = harness();
    h.ask('a', 'b', 'c');
    await settle();
    // b was overtaken by c before it could start: it never runs.
    expect(h.started).toEqual(['a']);
    expect(h.resolved).toEqual(['b:cancelled']);
    h.runs[0]!.finish();
    await settle();
    expect(h.started).toEqual(['a', 'c']);
  });

  it('has at most one run in flight at a time', async () => {
    const h = harness();
    h.ask('a', 'b');
    await settle();
    expect(h.runs).toHaveLength(1);
    h.runs[0]!.finish();
    await settle();
    expect(h.runs).toHaveLength(2);
  });

  it('lets a short run finish rather than abandon it for a newer value', async () => {
    const h = harness();
    void h.request('a');
    now = 10_000 + 249;
    void h.request('b');
    await settle();
    expect(h.resolved).toEqual([]);
    expect(h.started).toEqual(['a']);
  });

  it('abandons a run in flight past its deadline (250 ms) when a newer value arrives, and starts the newer one at once', async () => {
    const h = harness();
    void h.request('a');
    now = 10_000 + 251;
    void h.request('b');
    await settle();
    expect(h.resolved).toEqual(['a:cancelled']);
    expect(h.started).toEqual(['a', 'b']);
  });

  it('abandons even a fresh run when the last finished run of this figure was long', async () => {
    const h = harness();
    void h.request('a');
    now = 10_000 + 300;
    h.runs[0]!.finish();
    await frame();
    void h.request('b');
    now = 10_000 + 301;
    void h.request('c');
    await settle();
    expect(h.started).toEqual(['a', 'b', 'c']);
    expect(h.resolved).toContain('b:cancelled');
  });

  it('never paints an abandoned run, even when it ends afterwards', async () => {
    const h = harness();
    void h.request('a');
    now = 10_000 + 500;
    void h.request('b');
    h.runs[0]!.finish();
    await frame();
    expect(h.painted).toEqual([]);
    h.runs[1]!.finish();
    await frame();
    expect(h.painted).toEqual(['b:done']);
  });

  it('paints a finished run on the next frame, not before, and resolves its request after that paint', async () => {
    const h = harness();
    const done = h.request('a');
    h.runs[0]!.finish();
    await settle();
    expect(h.painted).toEqual([]);
    expect(h.resolved).toEqual([]);
    await frame();
    expect(h.painted).toEqual(['a:done']);
    expect(await done).toBe('a:done');
  });

  it('paints only the newest finished run when two finish before a frame, and never an older one after a newer', async () => {
    const h = harness();
    h.ask('a', 'b');
    h.runs[0]!.finish();
    await settle();
    h.runs[1]!.finish();
    await settle();
    await frame();
    expect(h.painted).toEqual(['b:done']);
    // Both requests resolve with their own result once that frame has run.
    expect(h.resolved.sort()).toEqual(['a:done', 'b:done']);
  });

  it('streams the partial result of a run that has outlasted streamAfterMs, and not before', async () => {
    const h = harness(100);
    void h.request('a');
    now = 10_000 + 50;
    h.runs[0]!.onEvent(1);
    await frame();
    expect(h.progress).toEqual([]);
    now = 10_000 + 150;
    h.runs[0]!.onEvent(2);
    await frame();
    expect(h.progress).toEqual(['a:partial:2']);
  });

  it('resolves a run whose start throws with the failed result, and paints it', async () => {
    const h = harness();
    const done = h.request('a');
    h.runs[0]!.fail(new Error('no backend'));
    await settle();
    await frame();
    expect(await done).toBe('a:error:no backend');
    expect(h.painted).toEqual(['a:error:no backend']);
  });

  it('dropPending cancels the waiting value but lets the run in flight end and paint', async () => {
    const h = harness();
    h.ask('a', 'b');
    h.scheduler.dropPending();
    await settle();
    expect(h.resolved).toEqual(['b:cancelled']);
    h.runs[0]!.finish();
    await frame();
    expect(h.painted).toEqual(['a:done']);
    expect(h.started).toEqual(['a']);
  });

  it('drop cancels everything waiting, in flight and unpainted, and paints nothing afterwards', async () => {
    const h = harness();
    h.ask('a', 'b');
    h.scheduler.drop();
    await settle();
    expect(h.resolved.sort()).toEqual(['a:cancelled', 'b:cancelled']);
    expect(h.scheduler.busy).toBe(false);
    h.runs[0]!.finish();
    await frame();
    expect(h.painted).toEqual([]);
  });

  it('is busy while a run is in flight or waiting, and idle once they end', async () => {
    const h = harness();
    expect(h.scheduler.busy).toBe(false);
    void h.request('a');
    expect(h.scheduler.busy).toBe(true);
    h.runs[0]!.finish();
    await frame();
    expect(h.scheduler.busy).toBe(false);
  });
  it('still counts a run in flight for exactly 250 ms as short', async () => {
    const h = harness();
    void h.request('a');
    now = 10_000 + 250;
    void h.request('b');
    await settle();
    expect(h.started).toEqual(['a']);
  });

  it('treats a figure whose last run took exactly 250 ms as fast', async () => {
    const h = harness();
    void h.request('a');
    now = 10_000 + 250;
    h.runs[0]!.finish();
    await frame();
    void h.request('b');
    void h.request('c');
    await settle();
    expect(h.started).toEqual(['a', 'b']);
  });

  it('streams a run from the moment it has been in flight for streamAfterMs', async () => {
    const h = harness(100);
    void h.request('a');
    now = 10_000 + 100;
    h.runs[0]!.onEvent(7);
    await frame();
    expect(h.progress).toEqual(['a:partial:7']);
  });

  it('shows no partial result of a run once it is abandoned, from before or after', async () => {
    const h = harness(100);
    void h.request('a');
    now = 10_000 + 200;
    h.runs[0]!.onEvent(1); // streamed: a partial result is waiting for the frame
    now = 10_000 + 300;
    void h.request('b'); // abandons a before that frame
    h.runs[0]!.onEvent(2);
    await frame();
    expect(h.progress).toEqual([]);
    expect(frames.size).toBe(0);
  });

  it('asks for no frame for the events of a run it dropped', async () => {
    const h = harness(0);
    void h.request('a');
    h.scheduler.drop();
    h.runs[0]!.onEvent(1);
    expect(frames.size).toBe(0);
    await frame();
    expect(h.progress).toEqual([]);
  });

  it('asks for at most one animation frame at a time', async () => {
    const h = harness(0);
    void h.request('a');
    h.runs[0]!.onEvent(1);
    h.runs[0]!.onEvent(2);
    expect(frames.size).toBe(1);
  });

  it('leaves no animation frame waiting once dropped', async () => {
    const h = harness();
    void h.request('a');
    h.runs[0]!.finish();
    await settle();
    expect(frames.size).toBe(1);
    h.scheduler.drop();
    expect(frames.size).toBe(0);
  });

  it('resolves a request waiting for its paint when dropped before the frame', async () => {
    const h = harness();
    const done = h.request('a');
    h.runs[0]!.finish();
    await settle();
    h.scheduler.drop();
    expect(await done).toBe('a:done');
  });
});

describe('Retrainer (the scheduler for training runs)', () => {
  const config = preset('exp1');
  const job: TrainJob = { config, final: true };

  it('resolves a replaced request with an empty cancelled trace of its own settings', async () => {
    const r = new Retrainer({ start: () => new Promise(() => {}), paint: () => {}, progress: () => {} });
    void r.request(job);
    const replaced = r.request({ config: { ...config, learningRate: 0.2 }, final: false });
    void r.request(job);
    const trace = await replaced;
    expect(trace.status).toBe('cancelled');
    expect(trace.epochs).toEqual([]);
    expect(trace.config.learningRate).toBe(0.2);
  });

  it('turns a run that throws into an error trace that carries the message and no backend', async () => {
    const r = new Retrainer({ start: () => Promise.reject(new Error('worker gone')), paint: () => {}, progress: () => {} });
    const done = r.request(job);
    await frame();
    const trace = await done;
    expect(trace.status).toBe('error');
    expect(trace.error).toBe('worker gone');
    expect(trace.backend).toEqual({ name: 'none', simd: false, threads: 0 });
  });

  it('builds the partial trace it streams from the run’s events', async () => {
    const shown: number[] = [];
    let send: (e: Parameters<Parameters<RetrainHooks<TrainJob>['start']>[1]>[0]) => void = () => {};
    const r = new Retrainer({
      start: (_job, onEvent) => {
        send = onEvent;
        return new Promise(() => {});
      },
      paint: () => {},
      progress: (trace) => shown.push(trace.epochs.length),
    });
    void r.request(job);
    now = 10_000 + 150;
    send({ type: 'epochBegin', epoch: 1, printed: new Float32Array(6) });
    send({ type: 'epochEnd', epoch: 1, loss: 0.5, gradNorms: new Float32Array(2), weightNorms: new Float32Array(2), msPerStep: 1, slopes: new Float32Array(2), predictions: new Float32Array(3), histograms: [] });
    await frame();
    expect(shown).toEqual([1]);
  });
});
