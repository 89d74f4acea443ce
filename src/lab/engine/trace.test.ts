import { afterEach, describe, expect, it, vi } from 'vitest';
import { preset } from './config';
import { backendLabel, errorTrace, parseTrace, parseTraces, recorder, stringifyTrace, TraceBuilder, type TrainEvent, type TripReport } from './trace';

const config = preset('exp1');
const wasm = { name: 'wasm', simd: true, threads: 0 };
const histogram = { lo: 0, hi: 1, counts: [1], nonFinite: 0 };
const epochEnd = (epoch: number, loss: number): TrainEvent => ({
  type: 'epochEnd',
  epoch,
  loss,
  gradNorms: Float32Array.of(1, 2),
  weightNorms: Float32Array.of(3, 4),
  slopes: Float32Array.of(1, 1),
  predictions: Float32Array.of(0.5, 1.5, 2.5),
  histograms: [histogram, histogram],
  msPerStep: 0.25,
});
const trip: TripReport = { epoch: 2, step: 3, quantity: 'loss', layer: null, param: null, loss: NaN, lastLoss: 1e30, lastKernelGradNorms: [1, 2], stopped: false };

describe('TraceBuilder', () => {
  it('is a cancelled run with no epochs and an unknown backend before any event', () => {
    expect(new TraceBuilder(config).trace()).toEqual({
      experiment: 'exp1',
      config,
      backend: { name: 'unknown', simd: false, threads: 0 },
      epochs: [],
      predictions: null,
      status: 'cancelled',
      trip: null,
      totalMs: 0,
    });
  });

  it('records each epoch with the printout from before it, as plain arrays', () => {
    const b = new TraceBuilder(config);
    b.apply({ type: 'epochBegin', epoch: 1, printed: Float32Array.of(0.25, -0.5) });
    b.apply(epochEnd(1, 0.125));
    b.apply(epochEnd(2, 0.0625)); // no epochBegin before it: an empty printout, not the last one again
    const [first, second] = b.trace().epochs;
    expect(first).toEqual({
      epoch: 1,
      loss: 0.125,
      printed: [0.25, -0.5],
      gradNorms: [1, 2],
      weightNorms: [3, 4],
      msPerStep: 0.25,
      slopes: [1, 1],
      predictions: [0.5, 1.5, 2.5],
      histograms: [histogram, histogram],
    });
    expect(Array.isArray(first!.gradNorms)).toBe(true);
    expect(second).toMatchObject({ epoch: 2, loss: 0.0625, printed: [] });
  });

  it('keeps the trip and the end: status, predictions (copied), time, backend, path and why not direct', () => {
    const b = new TraceBuilder(config);
    b.apply({ type: 'trip', trip });
    const predictions = Float32Array.of(1, 2, 3);
    b.apply({ type: 'done', status: 'done', predictions, totalMs: 42, backend: wasm, path: 'lean', directFallback: 'self-check failed' });
    predictions.fill(0); // the worker transfers the array away after this
    expect(b.trace()).toEqual({
      experiment: 'exp1',
      config,
      backend: wasm,
      epochs: [],
      predictions: [1, 2, 3],
      status: 'done',
      trip,
      totalMs: 42,
      path: 'lean',
      directFallback: 'self-check failed',
    });
  });

  it('leaves error, path and directFallback out when the end does not say them', () => {
    const b = new TraceBuilder(config);
    b.apply({ type: 'done', status: 'cancelled', predictions: null, totalMs: 1, backend: wasm });
    const t = b.trace();
    expect(Object.keys(t)).not.toContain('error');
    expect(Object.keys(t)).not.toContain('path');
    expect(Object.keys(t)).not.toContain('directFallback');
    expect(t.predictions).toBeNull();
  });

  it('hands out a copy of its epochs', () => {
    const b = new TraceBuilder(config);
    b.apply(epochEnd(1, 1));
    const t = b.trace();
    b.apply(epochEnd(2, 1));
    expect(t.epochs).toHaveLength(1);
  });
});

describe('errorTrace', () => {
  it('is a run that never trained: status error, the reason, backend none', () => {
    expect(errorTrace(config, 'learning rate must be > 0')).toEqual({
      experiment: 'exp1',
      config,
      backend: { name: 'none', simd: false, threads: 0 },
      epochs: [],
      predictions: null,
      status: 'error',
      error: 'learning rate must be > 0',
      trip: null,
      totalMs: 0,
    });
  });
});

describe('stringifyTrace and parseTrace', () => {
  it('carry NaN and ±Infinity through JSON as strings and back', () => {
    const b = new TraceBuilder(config);
    b.apply({ ...epochEnd(1, Infinity), gradNorms: Float32Array.of(NaN, -Infinity) } as TrainEvent);
    b.apply({ type: 'done', status: 'done', predictions: Float32Array.of(NaN), totalMs: 3, backend: wasm });
    const t = b.trace();
    const text = stringifyTrace(t);
    expect(text).toContain('"loss":"Infinity"');
    expect(text).toContain('"gradNorms":["NaN","-Infinity"]');
    const back = parseTrace(text);
    expect(back.epochs[0]!.loss).toBe(Infinity);
    expect(back.epochs[0]!.gradNorms).toEqual([NaN, -Infinity]);
    expect(back).toEqual(t);
  });

  it('parse any JSON of traces, and leave other strings alone', () => {
    expect(parseTraces<{ a: number; b: string; c: number[] }>('{"a":"-Infinity","b":"nan","c":["NaN",1]}')).toEqual({ a: -Infinity, b: 'nan', c: [NaN, 1] });
  });
});

describe('recorder', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('folds events into the trace, passes them on, and closes with the wall time, path and fallback', () => {
    const now = vi.spyOn(performance, 'now').mockReturnValue(100);
    const seen: TrainEvent[] = [];
    const r = recorder(config, wasm, (e) => seen.push(e));
    r.emit(epochEnd(1, 0.5));
    r.trainedBy('lean', 'no SIMD');
    now.mockReturnValue(350);
    const t = r.finish('done', Float32Array.of(7));
    expect(seen.map((e) => e.type)).toEqual(['epochEnd', 'done']);
    expect(seen[1]).toEqual({ type: 'done', status: 'done', predictions: Float32Array.of(7), totalMs: 250, backend: wasm, path: 'lean', directFallback: 'no SIMD' });
    expect(t).toMatchObject({ status: 'done', totalMs: 250, path: 'lean', directFallback: 'no SIMD', predictions: [7] });
    expect(t.epochs).toHaveLength(1);
  });

  it('says no path before a step was chosen, no fallback when there was none, and the error if any', () => {
    const seen: TrainEvent[] = [];
    const r = recorder(config, wasm, (e) => seen.push(e));
    const t = r.finish('error', null, 'boom');
    expect(t.error).toBe('boom');
    expect(seen[0]).not.toHaveProperty('path');
    expect(seen[0]).not.toHaveProperty('directFallback');
    const r2 = recorder(config, wasm);
    r2.trainedBy('direct', null);
    const t2 = r2.finish('done', null);
    expect(t2.path).toBe('direct');
    expect(t2).not.toHaveProperty('directFallback');
    expect(t2).not.toHaveProperty('error');
  });
});

describe('backendLabel', () => {
  it('names every part the badge shows', () => {
    expect(backendLabel({ name: 'wasm', simd: true, threads: 1 })).toBe('WASM · SIMD · 1 thread');
    expect(backendLabel({ name: 'wasm', simd: true, threads: 4 })).toBe('WASM · SIMD · 4 threads');
    expect(backendLabel({ name: 'cpu', simd: false, threads: 0 })).toBe('CPU');
  });

  it('words the threads in the page’s language when given how', () => {
    expect(backendLabel({ name: 'wasm', simd: false, threads: 2 }, (n) => `${n} 執行緒`)).toBe('WASM · 2 執行緒');
  });
});
