/**
 * The measures the report leads with: one row each in MEASURES, with its budget, how to read its
 * figure from the results, and a note. Reading a figure also gathers its problems (checks.ts): a
 * figure whose runs failed, were cancelled or did not compute the workload fails its budget, shown
 * as failed with the reasons, whatever its value; it never scores as fast.
 *
 * To add a measure: record its samples (each with a `status`, see protocol.ts `Outcome`) in
 * Results, then add one row here whose `read` returns the figure and `failures(…)` of its samples
 * (bench/README.md, "Adding a measure").
 */
import { failures } from './checks.ts';
import type { DragSummary } from './drag-report.ts';
import { percentile } from './latency.ts';
import { kB, ms, type Results, type TimingSummary } from './report.ts';

/** What the rest of the report has when the budgets are judged. */
export type Measured = Omit<Results, 'budgets'>;

/** A figure, and everything that makes it untrustworthy (empty when every run behind it completed and matched). */
export interface Reading {
  /** NaN when nothing usable was measured (which is a failure in itself). */
  value: number;
  problems: string[];
}

export interface Measure {
  /** Key in results.json; stable across runs. */
  id: string;
  /** What the table calls it. */
  measure: string;
  /** The figure before the work that set the budget (the issue's), or '–'. */
  today: string;
  /** The figure must be ≤ this, in the unit `read` returns; null: reported beside the budgets, without one. */
  limit: number | null;
  /** The limit as the table writes it ('≤ 400 ms'), or why there is none. */
  budget: string;
  format: (value: number) => string;
  read: (r: Measured) => Reading;
  note: (r: Measured) => string;
}

/**
 * - `met`, `over`: every run behind the figure completed and matched; within the budget or not;
 * - `reported`: the same, for a figure without a budget;
 * - `failed`: a run behind it failed, was cancelled or computed something else, or nothing was measured.
 */
export type Status = 'met' | 'over' | 'reported' | 'failed';

export interface Budget {
  id: string;
  measure: string;
  today: string;
  budget: string;
  limit: number | null;
  /** The figure; null when it failed (see `reasons`). */
  value: number | null;
  measured: string;
  status: Status;
  /** Why it failed; empty unless `status` is 'failed'. */
  reasons: string[];
  note: string;
}

/** The site's backend choice, whose lane the budgets take. */
const SITE = 'auto';
/** The budgets' yield mode: a MessageChannel round trip after every step, the strictest. */
const STRICT = 'message-channel';

const label = (r: Measured, lane: string) => r.lanes[lane]?.label ?? lane;

function timing(r: Measured, lane: string, workload: string, mode: string): Reading {
  const t: TimingSummary | undefined = r.training[lane]?.[workload]?.[mode];
  return t ? { value: t.msPerStep, problems: t.problems } : { value: NaN, problems: [`${label(r, lane)}, ${workload}, ${mode}: not measured`] };
}

/** tfjs ÷ plain loop: both figures' problems. */
function ratio(r: Measured, lane: string, workload: string, mode: string): Reading {
  const [a, b] = [timing(r, lane, workload, mode), timing(r, 'plain', workload, mode)];
  return { value: a.value / b.value, problems: [...a.problems, ...b.problems] };
}

/**
 * That a lane ran the path its figure is named for. The direct step calls the wasm kernels without
 * tfjs's engine, so tf.profile sees no kernel inside its steps; the tensor path's ~30–90 it sees.
 */
function onPath(r: Measured, lane: string, workload: string, path: 'direct' | 'tensor'): string[] {
  const p = r.profiles[lane]?.[workload];
  if (!p) return [`${label(r, lane)}, ${workload}: no tf.profile to tell which path it took`];
  if (path === 'direct' && p.kernelsPerStep > 0) return [`${label(r, lane)}, ${workload}: not the direct step (tf.profile saw ${p.kernelsPerStep.toFixed(0)} kernels per step)`];
  if (path === 'tensor' && p.kernelsPerStep === 0) return [`${label(r, lane)}, ${workload}: not the tensor path (tf.profile saw no kernel per step)`];
  return [];
}

/** A drag figure and the problems of every drag behind it. */
function dragged(summary: DragSummary | null | undefined, what: string, value: (d: DragSummary) => number): Reading {
  return summary ? { value: value(summary), problems: summary.problems } : { value: NaN, problems: [`${what}: not measured`] };
}

const dragNote = (d: DragSummary | null | undefined) =>
  d
    ? `each drag's p95: ${d.samples.map((s) => (s.status === 'done' ? ms(s.p95, 0) : '–')).join(', ')}; median latency ${ms(d.median, 0)} ms, worst ${ms(d.max, 0)} ms (medians over drags); per drag ${ms(d.inputs, 0)} input events, ${ms(d.painted, 0)} painted, ${ms(d.skipped, 0)} skipped (superseded); from the pointer event: p95 ${ms(d.pointerP95, 0)} ms; release → full run painted ${ms(d.release, 0)} ms`
    : 'not measured';

const withPath = (reading: Reading, extra: string[]): Reading => ({ value: reading.value, problems: [...reading.problems, ...extra] });
const fixed = (digits: number) => (v: number) => (Number.isFinite(v) ? v.toFixed(digits) : '–');
const sliced = `yields at most every 4 ms`;

export const MEASURES: Measure[] = [
  {
    id: 'exp3-direct-vs-plain',
    measure: "exp3 ms/step ÷ plain loop's: the direct step (the site's path)",
    today: '2.9',
    limit: 1,
    budget: '≤ 1.0',
    format: fixed(2),
    read: (r) => withPath(ratio(r, SITE, 'exp3', STRICT), onPath(r, SITE, 'exp3', 'direct')),
    note: (r) =>
      `train() on the site's backend (${label(r, SITE)}), which takes the direct step (src/lab/engine/step/direct.ts), against the plain loop, both yielding after every step (the lab worker ${sliced}: ${fixed(2)(r.ratios[SITE]?.['exp3']?.['sliced'] ?? NaN)}); compute only (no yield): ${fixed(2)(r.ratios[SITE]?.['exp3']?.['none'] ?? NaN)}`,
  },
  {
    id: 'exp3-tensor-vs-plain',
    measure: "exp3 ms/step ÷ plain loop's: the tensor path (`direct: false`)",
    today: '2.9 (the only path then)',
    limit: null,
    budget: 'none: reported beside the direct step',
    format: fixed(2),
    read: (r) => withPath(ratio(r, `${SITE}-tensor`, 'exp3', STRICT), onPath(r, `${SITE}-tensor`, 'exp3', 'tensor')),
    note: (r) =>
      `the same run on the same backend and worker with the direct step turned off (tfjs ops and kernels through its engine: what the cpu backend and the playground's other settings run), both yielding after every step; compute only: ${fixed(2)(r.ratios[`${SITE}-tensor`]?.['exp3']?.['none'] ?? NaN)}`,
  },
  {
    id: 'exp1-ms-per-step',
    measure: 'exp1 ms/step (the direct step)',
    today: '0.25',
    limit: 0.08,
    budget: '≤ 0.08',
    format: (v) => ms(v),
    read: (r) => withPath(timing(r, SITE, 'exp1', STRICT), onPath(r, SITE, 'exp1', 'direct')),
    note: (r) =>
      `site backend (${label(r, SITE)}), train() in a worker yielding after every step (the lab worker ${sliced}: ${ms(r.training[SITE]?.['exp1']?.['sliced']?.msPerStep ?? NaN)}); compute only: ${ms(r.training[SITE]?.['exp1']?.['none']?.msPerStep ?? NaN)}; tensor path: ${ms(r.training[`${SITE}-tensor`]?.['exp1']?.[STRICT]?.msPerStep ?? NaN)}`,
  },
  {
    id: 'cold-first-epoch',
    measure: 'cold click → first epoch',
    today: '~330 ms to backend ready',
    limit: 400,
    budget: '≤ 400 ms',
    format: (v) => `${ms(v, 0)} ms`,
    read: (r) => ({ value: r.cold['eager']?.toFirstEpochLine ?? NaN, problems: r.cold['eager']?.problems ?? ['cold start: not measured'] }),
    note: (r) =>
      `empty cache, Run clicked as soon as the island is defined (the lab worker had been created ${ms(r.cold['eager']?.workerBeforeClick ?? NaN, 0)} ms before the click, from the pointer entering the figure on its way to Run); click → backend ready ${ms(r.cold['eager']?.toTraining ?? NaN, 0)} ms; after the page went idle first: ${ms(r.cold['idle']?.toFirstEpochLine ?? NaN, 0)} ms; on the SIMD build (no threads): ${ms(r.cold['eager-simd']?.toFirstEpochLine ?? NaN, 0)} ms`,
  },
  {
    id: 'js-css-before-interaction',
    measure: 'JS+CSS before first interaction, gzip',
    today: '–',
    limit: 25_000,
    budget: '≤ 25 kB',
    format: kB,
    read: (r) => ({ value: r.bytes.beforeInteraction.jsCss.gzip, problems: [...r.bytes.beforeInteraction.problems, ...(r.bytes.workerPrefetch?.problems ?? [])] }),
    note: (r) =>
      `the page's own files; ${r.bytes.workerPrefetch?.files.length ? `the lab worker's, fetched before any interaction (since issue 23 they should not be: nothing starts the worker before a reader's intent), are apart: ${kB(r.bytes.workerPrefetch.jsCss.gzip)} of JS and ${kB(r.bytes.workerPrefetch.byKind.wasm?.gzip ?? 0)} of .wasm` : 'the lab worker is not fetched before the reader scrolls or clicks'}; gzip per file: ${r.bytes.beforeInteraction.files
        .filter((f) => /\.(js|css)$/.test(f.url))
        .map((f) => `${f.url.replace('/_astro/', '')} ${kB(f.gzip)}`)
        .join(', ')}`,
  },
  {
    id: 'live-path',
    measure: 'live path: worker JS + the one .wasm it loads, gzip',
    today: '306 kB',
    limit: 260_000,
    budget: '≤ 260 kB',
    format: kB,
    // Counted from the first eager cold start: a run that failed before loading the .wasm would count less.
    read: (r) => ({ value: r.bytes.livePath.all.gzip, problems: [...r.bytes.livePath.problems, ...failures('the cold start whose requests are counted', r.cold['eager']?.samples.slice(0, 1) ?? [])] }),
    note: (r) => r.bytes.livePath.files.map((f) => `${f.url.replace('/_astro/', '')} ${kB(f.gzip)}`).join(', '),
  },
  ...(['exp1', 'exp2', 'exp3'] as const).map(
    (experiment): Measure => ({
      id: `drag-${experiment}`,
      measure: `${experiment}: input event → repainted full run, p95 over a 2 s drag`,
      today: '–',
      limit: experiment === 'exp3' ? 80 : 50,
      budget: experiment === 'exp3' ? '≤ 80 ms' : '≤ 50 ms',
      format: (v) => `${ms(v, 0)} ms`,
      read: (r) => dragged(r.drag?.warm[experiment], `drags of ${experiment}`, (d) => d.p95),
      note: (r) => `median over ${r.drag?.warm[experiment]?.samples.length ?? 0} drags (each after a warm-up drag) of each drag's p95; ${dragNote(r.drag?.warm[experiment])}`,
    }),
  ),
  {
    id: 'drag-long-tasks',
    measure: 'main-thread long tasks during a 2 s drag (the longest)',
    today: '–',
    limit: 50,
    budget: 'none > 50 ms',
    // A long task is one over 50 ms: the figure is the longest (0 when there was none), so any one is over budget.
    format: (v) => (v === 0 ? 'none' : `${ms(v, 0)} ms`),
    read: (r) => {
      const all = Object.values(r.drag?.warm ?? {});
      if (all.length === 0) return { value: NaN, problems: ['drags: not measured'] };
      return { value: Math.max(...all.map((d) => d.longTasks.longest)), problems: all.flatMap((d) => d.problems) };
    },
    note: (r) =>
      `from the first input event to the end of the frame that painted the release's full run, in every drag of every figure: ${Object.values(r.drag?.warm ?? {})
        .map((d) => `${d.experiment} ${d.longTasks.count} in ${d.longTasks.drags} of ${d.samples.length} drags${d.longTasks.count > 0 ? ` (longest ${ms(d.longTasks.longest, 0)} ms)` : ''}`)
        .join(', ')}`,
  },
  {
    id: 'first-drag',
    measure: 'first drag after load (the pointer 2 s in the figure first), input → painted',
    today: '–',
    limit: 120,
    budget: '≤ 120 ms',
    format: (v) => `${ms(v, 0)} ms`,
    read: (r) => dragged(r.drag?.first, 'first drags after load', (d) => d.firstPaint),
    note: (r) =>
      `exp1, a fresh page each time: the figure in view, the network idle, the pointer moved into the figure and 2 s without other input, then the drag; its first input event → the end of the first frame that painted a run of the drag, median of ${r.drag?.first?.samples.length ?? 0}; ${r.drag?.first ? `each: ${r.drag.first.samples.map((s) => (s.firstPaint === null ? '–' : ms(s.firstPaint, 0))).join(', ')}; the rest of that drag: p95 ${ms(r.drag.first.p95, 0)} ms, ${r.drag.first.longTasks.count} long tasks in ${r.drag.first.longTasks.drags} drags; the lab worker was ready ${ms(percentile(r.drag.first.samples.map((s) => s.worker.ready ?? NaN), 50), 0)} ms before the first input` : 'not measured'}`,
  },
  {
    id: 'exp3-ensemble-200',
    measure: 'exp3, 200 seeds, 20 epochs',
    today: '–',
    limit: 2000,
    budget: '≤ 2 s',
    format: (v) => `${(v / 1000).toFixed(2)} s`,
    read: (r) => {
      const site = r.ensemble.lanes['site'];
      return site ? { value: site.ms, problems: site.problems } : { value: NaN, problems: ["the site's ensemble: not measured"] };
    },
    note: (r) =>
      `${r.ensemble.note}${Object.entries(r.ensemble.lanes)
        .map(([lane, e]) => `; ${lane === 'site' ? 'the site (the islands’ client: the 200 seeds split between two lab workers)' : `one worker, ${label(r, lane)}`}: ${(e.ms / 1000).toFixed(2)} s${e.problems.length > 0 ? ' (failed)' : ''}`)
        .join('')}`,
  },
  // Issue 14: the why maps, through their run() in the page (lib/maps.ts), and the article's HTML.
  {
    id: 'explosion-map',
    measure: 'explosion map, 32 × 32 runs, live, complete',
    today: '–',
    limit: 2000,
    budget: '≤ 2 s',
    format: (v) => `${(v / 1000).toFixed(2)} s`,
    read: (r) => (r.maps ? { value: r.maps.explosion.ms, problems: r.maps.explosion.problems } : { value: NaN, problems: ['the maps: not measured'] }),
    note: (r) =>
      r.maps
        ? `run() → resolved (the map painted), median of ${r.maps.explosion.samples.length} fresh pages (each: ${r.maps.explosion.samples.map((s) => (s.status === 'done' ? ms(s.ms, 0) : s.status)).join(', ')} ms), ${r.maps.explosion.samples[0]?.workers ?? '?'} lab workers; every cell's outcome and epoch checked against the baked map`
        : 'not measured',
  },
  {
    id: 'explosion-map-first-row',
    measure: 'explosion map: first row painted',
    today: '–',
    limit: 150,
    budget: '≤ 150 ms',
    format: (v) => `${ms(v, 0)} ms`,
    read: (r) => (r.maps ? { value: r.maps.explosion.firstRowMs ?? NaN, problems: r.maps.explosion.problems } : { value: NaN, problems: ['the maps: not measured'] }),
    note: (r) => (r.maps ? `run() → the first row's 32 cells in the page (the map's own firstRowMs; it paints them in the next frame), median; each: ${r.maps.explosion.samples.map((s) => (s.firstRowMs === null ? '–' : ms(s.firstRowMs, 0))).join(', ')} ms` : 'not measured'),
  },
  {
    id: 'vanishing-map',
    measure: 'vanishing map, 10 depths × 4 activations × 5 seeds',
    today: '–',
    limit: 1000,
    budget: '≤ 1 s',
    format: (v) => `${(v / 1000).toFixed(2)} s`,
    read: (r) => (r.maps ? { value: r.maps.vanishing.ms, problems: r.maps.vanishing.problems } : { value: NaN, problems: ['the maps: not measured'] }),
    note: (r) =>
      r.maps
        ? `Glorot, run() → resolved (painted), median of ${r.maps.vanishing.samples.length} fresh pages (each: ${r.maps.vanishing.samples.map((s) => (s.status === 'done' ? ms(s.ms, 0) : s.status)).join(', ')} ms); every ratio checked against the baked map`
        : 'not measured',
  },
  {
    id: 'article-html',
    measure: 'article HTML with the baked figures, gzip (the larger locale)',
    today: '66 kB',
    limit: 70_000,
    budget: '≤ 70 kB',
    format: kB,
    read: (r) => {
      const sizes = [r.bytes.article.html.gzip, r.bytes.articleZh?.html.gzip ?? NaN];
      return { value: Math.max(...sizes), problems: sizes.some((v) => !(v > 0)) ? ['an article page is missing from dist/'] : [] };
    },
    note: (r) => `en ${kB(r.bytes.article.html.gzip)}, zh-TW ${kB(r.bytes.articleZh?.html.gzip ?? NaN)} (gzip level 6; each figure's baked run and the UI strings are fetched by the live code, not inlined)`,
  },
];

/** A measure judged: failed if anything behind its figure failed or nothing was measured; else met, over or reported. */
export function judge(m: Measure, r: Measured): Budget {
  const { value, problems } = m.read(r);
  const reasons = problems.length > 0 ? problems : Number.isFinite(value) ? [] : ['nothing was measured'];
  const failed = reasons.length > 0;
  const status: Status = failed ? 'failed' : m.limit === null ? 'reported' : value <= m.limit ? 'met' : 'over';
  return {
    id: m.id,
    measure: m.measure,
    today: m.today,
    budget: m.budget,
    limit: m.limit,
    value: failed ? null : value,
    measured: failed ? '–' : m.format(value),
    status,
    reasons,
    note: m.note(r),
  };
}

export const budgets = (r: Measured): Budget[] => MEASURES.map((m) => judge(m, r));
