/**
 * Drag samples (drag.ts) summarised for results.json and the README's tables: per figure, medians
 * over the drags that completed of each drag's own p95, median and worst latency, where the time
 * went, and the long tasks; every drag that did not complete is a problem of the figure it feeds.
 */
import { failures } from './checks.ts';
import type { DragPlan, DragSample, DragScenario, LatencyParts } from './drag.ts';
import { percentile } from './latency.ts';
import type { Activity, DragProfile } from './trace-summary.ts';

export interface DragSummary {
  experiment: string;
  scenario: DragScenario;
  /** Medians over the completed drags of each drag's p95, median and worst latency (input event → painted), ms. */
  p95: number;
  median: number;
  max: number;
  /** The p95 of every latency of every completed drag together. */
  pooledP95: number;
  /** The median drag's p95 counted from the pointer event that moved the slider. */
  pointerP95: number;
  /** First input → first frame that painted a run of the drag; release → the full run painted (medians). */
  firstPaint: number;
  release: number;
  /** Per drag (medians): input events, of which painted and skipped; frames; moves sent. */
  inputs: number;
  painted: number;
  skipped: number;
  progressPaints: number;
  frames: number;
  /** Long tasks in the completed drags: how many, the longest (0: none), in how many drags. */
  longTasks: { count: number; longest: number; drags: number };
  /** Medians over the drags of each drag's parts, and of its slowest tenth's. */
  parts: LatencyParts | null;
  tailParts: LatencyParts | null;
  samples: DragSample[];
  problems: string[];
}

/** A traced drag's profile, with that drag's own latencies. */
export type TracedDrag = DragProfile & { drag: { p95: number; median: number; status: string } };

export interface DragResults {
  plan: DragPlan & { path: string; viewport: string; values: number[] };
  /** The figures after a warm-up (exp1–exp3), and the first drag after load (exp1). */
  warm: Record<string, DragSummary>;
  first: DragSummary | null;
  /** One more warm drag per figure under a Chromium trace (not counted above: tracing slows the page): where the threads' time went. */
  profiles: Record<string, TracedDrag | { error: string }>;
}

const med = (values: readonly number[]) => percentile(values, 50);
const PARTS: (keyof LatencyParts)[] = ['wait', 'worker', 'train', 'handle', 'toFrame', 'paint', 'render'];

function medianParts(all: readonly (LatencyParts | null)[]): LatencyParts | null {
  const some = all.filter((p): p is LatencyParts => p !== null);
  if (some.length === 0) return null;
  return Object.fromEntries(PARTS.map((k) => [k, med(some.map((p) => p[k]))])) as unknown as LatencyParts;
}

export function dragSummary(experiment: string, scenario: DragScenario, samples: readonly DragSample[]): DragSummary {
  const done = samples.filter((s) => s.status === 'done');
  const tasks = done.flatMap((s) => s.longTasks);
  return {
    experiment,
    scenario,
    p95: med(done.map((s) => s.p95)),
    median: med(done.map((s) => s.median)),
    max: med(done.map((s) => s.max)),
    pooledP95: percentile(done.flatMap((s) => s.latencies), 95),
    pointerP95: med(done.map((s) => percentile(s.pointerLatencies, 95))),
    firstPaint: med(done.map((s) => s.firstPaint ?? NaN)),
    release: med(done.map((s) => s.release ?? NaN)),
    inputs: med(done.map((s) => s.inputs)),
    painted: med(done.map((s) => s.painted)),
    skipped: med(done.map((s) => s.skipped)),
    progressPaints: med(done.map((s) => s.progressPaints)),
    frames: med(done.map((s) => s.frames)),
    longTasks: { count: tasks.length, longest: Math.max(0, ...tasks.map((t) => t.duration)), drags: done.filter((s) => s.longTasks.length > 0).length },
    parts: medianParts(done.map((s) => s.parts)),
    tailParts: medianParts(done.map((s) => s.tailParts)),
    samples: [...samples],
    problems: failures(`${scenario === 'first' ? 'first drag after load' : 'drag'}, ${experiment}`, samples),
  };
}

const ms0 = (v: number) => (Number.isFinite(v) ? v.toFixed(0) : '–');
const ms1 = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : '–');

/** The README's section on drags: latencies, where they went, long tasks. */
export function dragMarkdown(d: DragResults): string[] {
  const rows = [...Object.values(d.warm), ...(d.first ? [d.first] : [])];
  const name = (s: DragSummary) => `${s.experiment}${s.scenario === 'first' ? ', first drag after load' : ''}`;
  const lines = [
    `### Dragging the learning rate (${d.plan.path}, ${d.plan.viewport}; input event → end of the frame that painted its value, ms)`,
    '',
    `Each drag: the pointer (Playwright's mouse: trusted events) presses on the track at ${d.plan.from} and sweeps between ${d.plan.from} and ${d.plan.to} for ${(d.plan.ms / 1000).toFixed(0)} s, one ladder position every ${d.plan.everyMs.toFixed(1)} ms by the clock (${d.plan.values.join(', ')}, then back), then lets go. "first drag after load": the pointer moved into the figure and resting there 2 s (the worker starts on that intent), no warm-up. Medians over the drags that completed; the runs behind them in results.json.`,
    '',
    '| figure | drags | p95 (each drag’s) | median | worst | all drags’ p95 | from the pointer event, p95 | first paint | release → full run | inputs / painted / skipped | progress paints | frames in 2 s | long tasks (longest ms) |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map((s) => {
      const done = s.samples.filter((x) => x.status === 'done');
      const cell = (v: number) => (s.problems.length > 0 && done.length === 0 ? '**failed**' : ms0(v));
      return `| ${name(s)} | ${done.length} of ${s.samples.length} | ${cell(s.p95)} (${done.map((x) => ms0(x.p95)).join(', ')}) | ${cell(s.median)} | ${cell(s.max)} | ${ms0(s.pooledP95)} | ${ms0(s.pointerP95)} | ${ms0(s.firstPaint)} | ${ms0(s.release)} | ${ms0(s.inputs)} / ${ms0(s.painted)} / ${ms0(s.skipped)} | ${ms0(s.progressPaints)} | ${ms0(s.frames)} | ${s.longTasks.count} in ${s.longTasks.drags} drags${s.longTasks.count > 0 ? ` (${ms0(s.longTasks.longest)})` : ''} |`;
    }),
    '',
    'Where the time went (medians over the drags of each drag’s median over its painted values; in brackets the same over each drag’s slowest tenth):',
    '',
    '| figure | waiting for the run in flight | run posted → done arrived | of which train() in the worker | main thread handling its messages | → the next frame | the island’s paint callback | rest of the frame (style, layout, paint) |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map((s) => `| ${name(s)} | ${PARTS.map((k) => `${ms1(s.parts?.[k] ?? NaN)} (${ms1(s.tailParts?.[k] ?? NaN)})`).join(' | ')} |`),
  ];
  const profiles = Object.entries(d.profiles ?? {});
  if (profiles.length > 0) {
    const ok = profiles.filter((e): e is [string, TracedDrag] => 'main' in e[1]);
    const activities = Object.keys(ok[0]?.[1].main.byActivity ?? {}) as Activity[];
    const pct = (t: { busyMs: number; spanMs: number }) => `${ms0(t.busyMs)} of ${ms0(t.spanMs)} (${ms0((100 * t.busyMs) / t.spanMs)} %)`;
    const row = (label: string, cell: (p: TracedDrag) => string) => `| ${label} | ${ok.map(([, p]) => cell(p)).join(' | ')} |`;
    const tasks = ['frame', 'worker message', 'input', 'other'] as const;
    lines.push(
      '',
      'One more drag per figure under a Chromium trace (`devtools.timeline`, `toplevel`; tracing slows the page, so these drags are not counted above; the traces are in bench/tmp/): where the main thread’s time went, ms over the drag and its release, by what started each task and then by activity (self time):',
      '',
      `| | ${ok.map(([figure]) => figure).join(' | ')} |`,
      `|---|${ok.map(() => '---|').join('')}`,
      row("that drag's p95 / median latency", (p) => `${ms0(p.drag.p95)} / ${ms0(p.drag.median)}`),
      row('main thread busy', (p) => pct(p.main)),
      ...tasks.map((k) => row(`tasks: ${k === 'frame' ? 'frames (rAF callbacks, style, layout, paint)' : k === 'input' ? 'input events outside frames' : k === 'worker message' ? 'messages (the worker’s epochs and runs)' : 'other'} (how many)`, (p) => `${ms0(p.main.byTask[k].ms)} (${p.main.byTask[k].tasks})`)),
      ...activities.map((a) => row(a, (p) => ms0(p.main.byActivity[a]))),
      row('the lab worker busy', (p) => pct(p.worker)),
      ...profiles.filter(([, p]) => !('main' in p)).map(([figure, p]) => `\n${figure}: no profile (${'error' in p ? p.error : ''}).`),
    );
  }
  const frames = rows.flatMap((s) => s.samples.flatMap((x) => x.longFrames.map((f) => ({ ...f, figure: name(s) }))));
  if (frames.length > 0) {
    const sum = (k: 'duration' | 'scriptMs' | 'styleLayoutMs' | 'renderMs') => frames.reduce((t, f) => t + f[k], 0);
    lines.push(
      '',
      `Long animation frames (> 50 ms, Long Animation Frames API) in those drags: ${frames.length}, ${ms0(sum('duration'))} ms in all, of which script ${ms0(sum('scriptMs'))} ms, style and layout ${ms0(sum('styleLayoutMs'))} ms, rendering from its start ${ms0(sum('renderMs'))} ms. The longest: ${[...frames]
        .sort((a, b) => b.duration - a.duration)
        .slice(0, 3)
        .map((f) => `${f.figure} at ${ms0(f.start)} ms, ${ms0(f.duration)} ms (${f.scripts.map((x) => `${x.invoker}${x.source ? ` ${x.source}` : ''} ${ms0(x.ms)}`).join(', ') || 'no script'}; style and layout ${ms0(f.styleLayoutMs)})`)
        .join('; ')}.`,
    );
  }
  return lines;
}
