/**
 * Where the page's main thread and the lab worker spent a drag, from a Chromium trace of it
 * (categories `devtools.timeline` and `toplevel`; no JS sampling, which would slow the page down
 * more than it tells). Two views of the main thread:
 *
 * - by task: what started each top-level task (a frame: rAF callbacks and rendering; a message from
 *   the worker; an input event; anything else);
 * - by activity: every event's self time (its duration less its children's), as script (uPlot's
 *   chart redraws apart), style and layout (apart: forced by script, uPlot's or other), paint
 *   (pre-paint, paint, layerize, commit), garbage collection, and the rest.
 */

/** The few fields of a Chromium trace event this reads. */
export interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: { name?: string; data?: { url?: string; functionName?: string } };
}

export interface ThreadTime {
  /** First event to last, and the sum of top-level tasks, ms. */
  spanMs: number;
  busyMs: number;
}

export interface DragProfile {
  main: ThreadTime & {
    byTask: Record<TaskKind, { ms: number; tasks: number }>;
    byActivity: Record<Activity, number>;
  };
  /** The busiest dedicated worker of the page's renderer: the lab worker. */
  worker: ThreadTime;
}

export type TaskKind = 'frame' | 'worker message' | 'input' | 'other';
export type Activity =
  | 'script: uPlot'
  | 'script: other'
  | 'style and layout forced by uPlot'
  | 'style and layout forced by other script'
  | 'style and layout'
  | 'paint, layerize, commit'
  | 'garbage collection'
  | 'other traced events'
  | 'inside tasks, in no traced event';

const TOP = 'ThreadControllerImpl::RunTask';
const SCRIPT = new Set(['FunctionCall', 'EvaluateScript', 'RunMicrotasks', 'FireAnimationFrame', 'EventDispatch', 'HandlePostMessage', 'TimerFire', 'v8.callFunction', 'v8.run', 'V8.Execute']);
const STYLE_LAYOUT = new Set(['Layout', 'UpdateLayoutTree', 'RecalculateStyles']);
const PAINT = new Set(['PrePaint', 'Paint', 'Layerize', 'Commit', 'UpdateLayer', 'PaintImage', 'RasterTask']);

type Timed = TraceEvent & { dur: number };

function threadName(events: readonly TraceEvent[], pid: number, tid: number): string {
  return events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.pid === pid && e.tid === tid)?.args?.name ?? '';
}

function threadEvents(events: readonly TraceEvent[], pid: number, tid: number): Timed[] {
  return events.filter((e): e is Timed => e.ph === 'X' && e.pid === pid && e.tid === tid && typeof e.dur === 'number').sort((a, b) => a.ts - b.ts || b.dur - a.dur);
}

function threadTime(xs: readonly Timed[]): ThreadTime {
  if (xs.length === 0) return { spanMs: 0, busyMs: 0 };
  const start = xs[0]!.ts;
  const end = Math.max(...xs.map((e) => e.ts + e.dur));
  return { spanMs: (end - start) / 1000, busyMs: xs.filter((e) => e.name === TOP).reduce((s, e) => s + e.dur, 0) / 1000 };
}

/** Each event with its self time and the events it sits inside (outermost first). */
function withStacks(xs: readonly Timed[]): { event: Timed; self: number; stack: Timed[] }[] {
  const out: { event: Timed; self: number; stack: Timed[] }[] = [];
  const open: { event: Timed; self: number; stack: Timed[] }[] = [];
  for (const event of xs) {
    while (open.length > 0 && open.at(-1)!.event.ts + open.at(-1)!.event.dur <= event.ts) open.pop();
    const parent = open.at(-1);
    if (parent) parent.self -= event.dur;
    const entry = { event, self: event.dur, stack: open.map((o) => o.event) };
    out.push(entry);
    open.push(entry);
  }
  return out;
}

const UPLOT = /\/charts\.[^/]*\.js/;

function activity(event: Timed, stack: readonly Timed[]): Activity {
  const inScript = stack.some((s) => SCRIPT.has(s.name));
  // The innermost function call with a script URL: whose code ran, or forced the layout.
  const call = [...stack, event].reverse().find((s) => s.name === 'FunctionCall' && s.args?.data?.url);
  const uPlot = UPLOT.test(call?.args?.data?.url ?? '');
  if (STYLE_LAYOUT.has(event.name)) return !inScript ? 'style and layout' : uPlot ? 'style and layout forced by uPlot' : 'style and layout forced by other script';
  if (PAINT.has(event.name)) return 'paint, layerize, commit';
  if (/GC|Scavenge|garbage/i.test(event.name)) return 'garbage collection';
  if (SCRIPT.has(event.name) || event.name.startsWith('V8.') || event.name.startsWith('v8.') || inScript) return uPlot ? 'script: uPlot' : 'script: other';
  return 'other traced events';
}

function taskKind(children: readonly Timed[]): TaskKind {
  const names = new Set(children.map((c) => c.name));
  if (names.has('FireAnimationFrame') || names.has('Layout') || names.has('Paint') || names.has('PrePaint')) return 'frame';
  if (names.has('HandlePostMessage')) return 'worker message';
  if (names.has('EventDispatch')) return 'input';
  return 'other';
}

/** The main thread (the page's CrRendererMain with the most events) and its busiest dedicated worker. */
export function dragProfile(events: readonly TraceEvent[]): DragProfile {
  const byThread = new Map<string, number>();
  for (const e of events) if (e.ph === 'X') byThread.set(`${e.pid}:${e.tid}`, (byThread.get(`${e.pid}:${e.tid}`) ?? 0) + 1);
  const threads = [...byThread.keys()].map((k) => k.split(':').map(Number) as [number, number]);
  const main = threads.filter(([p, t]) => threadName(events, p, t) === 'CrRendererMain').sort((a, b) => byThread.get(b.join(':'))! - byThread.get(a.join(':'))!)[0];
  const empty = { spanMs: 0, busyMs: 0 };
  const byTask = { frame: { ms: 0, tasks: 0 }, 'worker message': { ms: 0, tasks: 0 }, input: { ms: 0, tasks: 0 }, other: { ms: 0, tasks: 0 } };
  const byActivity: Record<Activity, number> = {
    'script: uPlot': 0,
    'script: other': 0,
    'style and layout forced by uPlot': 0,
    'style and layout forced by other script': 0,
    'style and layout': 0,
    'paint, layerize, commit': 0,
    'garbage collection': 0,
    'other traced events': 0,
    'inside tasks, in no traced event': 0,
  };
  if (!main) return { main: { ...empty, byTask, byActivity }, worker: empty };
  const xs = threadEvents(events, ...main);
  const stacked = withStacks(xs);
  let current: { task: Timed; children: Timed[] } | null = null;
  const close = () => {
    if (!current) return;
    const kind = taskKind(current.children);
    byTask[kind].ms += current.task.dur / 1000;
    byTask[kind].tasks++;
  };
  for (const { event, self, stack } of stacked) {
    if (event.name === TOP && !stack.some((s) => s.name === TOP)) {
      close();
      current = { task: event, children: [] };
    } else if (current && event.ts < current.task.ts + current.task.dur) current.children.push(event);
    // A top-level task's own time is work no trace event of these categories covers (scheduling, IPC, native input handling).
    byActivity[event.name === TOP && stack.length === 0 ? 'inside tasks, in no traced event' : activity(event, stack)] += self / 1000;
  }
  close();
  const workers = threads.filter(([p, t]) => p === main[0] && threadName(events, p, t) === 'DedicatedWorker thread').map(([p, t]) => threadTime(threadEvents(events, p, t)));
  return { main: { ...threadTime(xs), byTask, byActivity }, worker: workers.sort((a, b) => b.busyMs - a.busyMs)[0] ?? empty };
}
