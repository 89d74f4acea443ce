import { describe, expect, it } from 'vitest';
import { dragProfile, type TraceEvent } from './trace-summary.ts';

const MAIN = { pid: 1, tid: 1 };
const WORKER = { pid: 1, tid: 2 };
const meta = (where: { pid: number; tid: number }, name: string): TraceEvent => ({ name: 'thread_name', ph: 'M', ts: 0, ...where, args: { name } });
/** A complete event, times in ms (traces count µs). */
const x = (where: { pid: number; tid: number }, name: string, ts: number, dur: number, url?: string): TraceEvent => ({
  name,
  ph: 'X',
  ts: ts * 1000,
  dur: dur * 1000,
  ...where,
  ...(url ? { args: { data: { url } } } : {}),
});

describe('a traced drag, summarised', () => {
  // A 20 ms frame: 8 ms of rAF callbacks (3 ms of it uPlot, which forces a 2 ms layout), then 5 ms layout and 4 ms paint;
  // then a 2 ms task for a message from the worker; the worker busy 6 ms.
  const events: TraceEvent[] = [
    meta(MAIN, 'CrRendererMain'),
    meta(WORKER, 'DedicatedWorker thread'),
    x(MAIN, 'ThreadControllerImpl::RunTask', 0, 20),
    x(MAIN, 'FireAnimationFrame', 1, 8),
    x(MAIN, 'FunctionCall', 1, 8, 'http://localhost/_astro/Experiment.js'),
    x(MAIN, 'FunctionCall', 4, 5, 'http://localhost/_astro/charts.CzCCHGnp.js'),
    x(MAIN, 'Layout', 6, 2),
    x(MAIN, 'Layout', 10, 5),
    x(MAIN, 'Paint', 15, 4),
    x(MAIN, 'ThreadControllerImpl::RunTask', 30, 2),
    x(MAIN, 'HandlePostMessage', 30, 2),
    x(WORKER, 'ThreadControllerImpl::RunTask', 0, 6),
  ];

  it('counts the main thread’s tasks by what started them', () => {
    const p = dragProfile(events);
    expect(p.main.busyMs).toBe(22);
    expect(p.main.byTask.frame).toEqual({ ms: 20, tasks: 1 });
    expect(p.main.byTask['worker message']).toEqual({ ms: 2, tasks: 1 });
  });

  it('splits self time into uPlot, other script, forced and ordinary layout, and paint', () => {
    const a = dragProfile(events).main.byActivity;
    expect(a['script: uPlot']).toBe(3);
    expect(a['script: other']).toBe(3 + 2); // the island's callback less uPlot, and the message handler
    expect(a['style and layout forced by uPlot']).toBe(2);
    expect(a['style and layout']).toBe(5);
    expect(a['paint, layerize, commit']).toBe(4);
    expect(a['inside tasks, in no traced event']).toBe(3); // the frame's 20 ms less the 17 ms of events inside it
  });

  it('finds the lab worker as the page’s busiest dedicated worker', () => {
    expect(dragProfile(events).worker).toEqual({ spanMs: 6, busyMs: 6 });
  });
});
