/**
 * Dragging a figure's learning-rate slider the way a reader does, with Playwright's mouse (trusted
 * pointer events, so Chromium moves the slider and fires `input` itself), and recording in the page
 * what happened: every `input` and the `change` at the release, every frame in which the figure
 * painted a new run, each run's trip through the lab worker, and the long tasks (issue 13's budgets).
 *
 * The drag: the pointer presses on the track at lr 0.01 and sweeps back and forth between 0.01 and
 * 0.2 on the slider's ladder, one ladder position further every 16.7 ms (a 60 Hz hand), up over
 * every other position and down over the ones in between, so no value comes back within ~0.38 s
 * (which keeps "which event did this paint answer" unambiguous; latency.ts). The moves are paced by
 * the clock, not by the page: if the page falls behind, Chromium coalesces the pointer moves it has
 * not dispatched yet, as it does for a real mouse. Then the pointer lets go (`change`: the full run).
 *
 * Two scenarios, each in a fresh browser context (empty cache) at 1280 × 900:
 * - `warm`: the figure in view, the network idle, a 1 s warm-up drag and its release, then the
 *   timed 2 s drag;
 * - `first`: the figure in view, the network idle, then the pointer moved into the figure (a
 *   reader's intent: the islands start the worker then, src/figures/shared/lazy.ts) and 2 s without
 *   any other input, then the timed drag: the page's first.
 *
 * Nothing here changes the site: an init script wraps `requestAnimationFrame` (to see the frame in
 * which `lastRun` changes), the `Worker` class (to stamp the lab worker's messages) and observes
 * long tasks, before any of the page's scripts run.
 *
 * Longer than most files because that init script is one self-contained function (Playwright
 * serialises it into the page), kept beside the code that reads what it records.
 */
import type { Browser, Page } from '@playwright/test';
import { attribute, percentile, type Answered, type DragPaint, type DragRequest, type RunStamp } from './latency.ts';

export type DragScenario = 'warm' | 'first';

/** A long task (> 50 ms on the main thread), ms from the drag's first input. */
export interface LongTask {
  start: number;
  duration: number;
}

/** A long animation frame (> 50 ms), from the Long Animation Frames API: where its time went. */
export interface LongFrame {
  start: number;
  duration: number;
  /** Script in callbacks and event handlers, then style and layout, then the rest of rendering. */
  scriptMs: number;
  styleLayoutMs: number;
  renderMs: number;
  scripts: { invoker: string; source: string; ms: number }[];
}

/** Per-drag medians over the answered input events: where each one's latency went (ms). */
export interface LatencyParts {
  /** input → its run posted to the worker (waiting for the run in flight, latest wins). */
  wait: number;
  /** posted → `done` arrived on the main thread; of which train() itself (the worker's totalMs). */
  worker: number;
  train: number;
  /** Main-thread ms in the lab client's message handlers for the run (its 20-odd epoch messages). */
  handle: number;
  /** `done` arrived → the paint's frame began (waiting for the next animation frame). */
  toFrame: number;
  /** The island's paint callback (console, predictions, charts, diagnostics, prose). */
  paint: number;
  /** End of the paint callback → end of the frame (style, layout, paint on the main thread, other callbacks). */
  render: number;
}

export interface DragSample {
  experiment: string;
  scenario: DragScenario;
  /** 'done' when the drag ended with its final value's full run painted and nothing painted out of order. */
  status: string;
  error?: string;
  /** The timed drag: first input → release, ms; rAF frames in that time; the moves sent. */
  ms: number;
  frames: number;
  moves: number;
  /** Input events and what became of them. */
  inputs: number;
  painted: number;
  skipped: number;
  /** Frames that painted a run still in flight (its epochs so far) rather than a finished one. */
  progressPaints: number;
  /** Input event → end of the frame that painted its value, for every painted one, in order (ms). */
  latencies: number[];
  /** The same from the pointer event that moved the slider. */
  pointerLatencies: number[];
  p95: number;
  median: number;
  max: number;
  /** First input → end of the first frame that painted any run of this drag. */
  firstPaint: number | null;
  /** Release (`change`) → end of the frame that painted the full run. */
  release: number | null;
  parts: LatencyParts | null;
  /** The same over its slowest tenth (latency ≥ the drag's 90th percentile): what makes the tail. */
  tailParts: LatencyParts | null;
  longTasks: LongTask[];
  longFrames: LongFrame[];
  /** When the lab worker was created and ready, ms before the first input (positive: before it). */
  worker: { created: number | null; ready: number | null };
}

/** What the init script keeps in the page. */
interface PageLog {
  requests: (DragRequest & { fig: string })[];
  paints: (Omit<DragPaint, 'run'> & { fig: string; runId: number | null })[];
  /** Frames in which a figure's console changed but its lastRun did not: a run still in flight painted so far (the Retrainer's `progress`). */
  progress: { fig: string; start: number }[];
  runs: Record<number, RunStamp>;
  frames: number[];
  longTasks: LongTask[];
  longFrames: LongFrame[];
  worker: { created: number | null; ready: number | null };
  /** Keep stamping frames (a rAF loop) while true. */
  counting: boolean;
}

declare global {
  interface Window {
    __drag?: PageLog & { reset(): void; count(on: boolean): void };
  }
}

/** The init script: runs in the page before any of its scripts. Self-contained (Playwright serialises it). */
function instrument(): void {
  const empty = () => ({ requests: [], paints: [], progress: [], runs: {}, frames: [], longTasks: [], longFrames: [] });
  const log: PageLog = { ...empty(), worker: { created: null, ready: null }, counting: false };
  const nativeRaf = window.requestAnimationFrame.bind(window);
  const byConfig = new WeakMap<object, number>();
  const seen = new WeakMap<Element, unknown>();
  let pointerAt: number | null = null;

  // Which figure a slider belongs to, and the learning rate its position stands for.
  const slider = (t: EventTarget | null) => (t instanceof HTMLInputElement && t.dataset['param'] === 'lr' ? t : null);
  const figOf = (el: Element) => el.closest('lab-experiment')?.getAttribute('data-experiment') ?? '?';
  const valueOf = (el: HTMLInputElement) => (JSON.parse(el.dataset['steps'] ?? '[]') as number[])[Number(el.value)] ?? NaN;
  for (const type of ['pointerdown', 'pointermove']) document.addEventListener(type, (e) => (pointerAt = e.timeStamp), true);
  let changes = 0;
  for (const kind of ['input', 'change'] as const) {
    document.addEventListener(
      kind,
      (e) => {
        const el = slider(e.target);
        if (kind === 'change') changes++;
        if (el) log.requests.push({ kind, fig: figOf(el), value: valueOf(el), at: e.timeStamp, pointerAt });
      },
      true,
    );
  }
  // The release. Chromium fires `change` only when the value differs from the one it last committed,
  // so a drag that lets go where the previous one did has none; the site then starts the full run
  // from the pointer's release (src/figures/knobs/knobs.ts), and so is the release recorded here, before the
  // site's own look (this listener and its timer come first).
  let pressed: HTMLInputElement | null = null;
  document.addEventListener('pointerdown', (e) => (pressed = slider(e.target)), true);
  window.addEventListener(
    'pointerup',
    (e) => {
      const el = pressed;
      pressed = null;
      if (!el) return;
      const before = changes;
      const at = e.timeStamp;
      setTimeout(() => {
        if (changes === before) log.requests.push({ kind: 'change', fig: figOf(el), value: valueOf(el), at, pointerAt: at });
      }, 0);
    },
    true,
  );

  /** Runs `then` in a task of its own, ahead of ordinary ones: after the current frame's style, layout and paint. */
  const after = (then: () => void) => {
    const s = (globalThis as { scheduler?: { postTask(cb: () => void, o: { priority: string }): Promise<void> } }).scheduler;
    if (s) void s.postTask(then, { priority: 'user-blocking' });
    else {
      const c = new MessageChannel();
      c.port1.onmessage = then;
      c.port2.postMessage(null);
    }
  };
  // Which figures' consoles changed (a MutationObserver's callback runs before `look`, queued later in the same callback).
  const changed = new Set<Element>();
  const watchConsoles = () => {
    for (const el of document.querySelectorAll('lab-experiment')) {
      const pre = el.querySelector('[data-console]');
      if (pre) new MutationObserver(() => changed.add(el)).observe(pre, { childList: true, characterData: true, subtree: true });
    }
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', watchConsoles, { once: true });
  else watchConsoles();
  /** Records a paint for every figure whose lastRun is new since the last look, and a progress paint for one whose console alone changed. */
  const look = (frame: number, start: number) => {
    const end = performance.now();
    for (const el of document.querySelectorAll('lab-experiment')) {
      const run = (el as Element & { lastRun?: { config: { learningRate: number }; status: string } | null }).lastRun;
      const consoleChanged = changed.delete(el);
      if (!run || seen.get(el) === run) {
        if (consoleChanged) log.progress.push({ fig: el.getAttribute('data-experiment') ?? '?', start });
        continue;
      }
      seen.set(el, run);
      const paint = { fig: el.getAttribute('data-experiment') ?? '?', value: run.config.learningRate, status: run.status, frame, start, end, frameEnd: NaN, runId: byConfig.get(run.config) ?? null };
      log.paints.push(paint);
      after(() => (paint.frameEnd = performance.now()));
    }
  };
  // A paint is a rAF callback after which a figure's lastRun is a new object.
  window.requestAnimationFrame = (callback) =>
    nativeRaf((frame) => {
      const start = performance.now();
      try {
        callback(frame);
      } finally {
        // The paint ends after the microtasks it queued (uPlot commits its redraws in one), which run before this one.
        queueMicrotask(() => look(frame, start));
      }
    });
  const tick = (frame: number) => {
    if (!log.counting) return;
    log.frames.push(frame);
    nativeRaf(tick);
  };

  // The lab worker's runs: posted (and for which config), done, and the page's time handling their messages.
  const NativeWorker = window.Worker;
  class StampedWorker extends NativeWorker {
    #lab = false;
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      this.#lab = options?.name === 'lab';
      if (!this.#lab) return;
      log.worker.created = performance.now();
      super.addEventListener('message', (e: MessageEvent) => {
        const m = e.data as { type?: string; runId?: number; events?: { type?: string; totalMs?: number }[] } | null;
        if (m?.type === 'ready') log.worker.ready = performance.now();
        const run = m?.runId === undefined ? undefined : log.runs[m.runId];
        const done = m?.type === 'events' ? m.events?.find((ev) => ev.type === 'done') : undefined;
        if (run && run.doneAt === null && done) {
          run.doneAt = performance.now();
          run.totalMs = done.totalMs ?? null;
        }
      });
    }
    override addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void {
      if (!this.#lab || type !== 'message') return super.addEventListener(type, listener, options);
      super.addEventListener(
        type,
        (e: Event) => {
          const s = performance.now();
          if (typeof listener === 'function') listener.call(this, e);
          else listener.handleEvent(e);
          const id = ((e as MessageEvent).data as { runId?: number } | null)?.runId;
          const run = id === undefined ? undefined : log.runs[id];
          if (run) run.handleMs += performance.now() - s;
        },
        options,
      );
    }
    override postMessage(message: unknown, options?: Transferable[] | StructuredSerializeOptions): void {
      const m = message as { type?: string; runId?: number; quick?: boolean; config?: object } | null;
      if (this.#lab && m?.type === 'run' && m.runId !== undefined && m.config) {
        log.runs[m.runId] = { runId: m.runId, quick: m.quick === true, postedAt: performance.now(), doneAt: null, totalMs: null, handleMs: 0 };
        byConfig.set(m.config, m.runId);
      }
      (super.postMessage as (m: unknown, o?: unknown) => void)(message, options);
    }
  }
  window.Worker = StampedWorker;

  const observe = (type: string, take: (e: PerformanceEntry) => void) => {
    try {
      new PerformanceObserver((list) => list.getEntries().forEach(take)).observe({ type, buffered: true });
    } catch {
      // not supported: nothing recorded, which the report shows as such
    }
  };
  observe('longtask', (e) => log.longTasks.push({ start: e.startTime, duration: e.duration }));
  observe('long-animation-frame', (e) => {
    const f = e as PerformanceEntry & { renderStart: number; styleAndLayoutStart: number; scripts: { invoker: string; sourceURL: string; sourceFunctionName: string; duration: number }[] };
    const end = f.startTime + f.duration;
    const scriptMs = f.scripts.reduce((s, x) => s + x.duration, 0);
    log.longFrames.push({
      start: f.startTime,
      duration: f.duration,
      scriptMs,
      styleLayoutMs: f.styleAndLayoutStart > 0 ? end - f.styleAndLayoutStart : 0,
      renderMs: f.renderStart > 0 ? end - f.renderStart : 0,
      scripts: [...f.scripts]
        .sort((a, b) => b.duration - a.duration)
        .slice(0, 4)
        .map((x) => ({ invoker: x.invoker, source: `${x.sourceURL.replace(/^.*\//, '')}${x.sourceFunctionName ? ` ${x.sourceFunctionName}` : ''}`, ms: x.duration })),
    });
  });

  window.__drag = Object.assign(log, {
    /** Forgets everything recorded so far (the worker's start stays). */
    reset: () => void Object.assign(log, empty()),
    count(on: boolean) {
      log.counting = on;
      if (on) nativeRaf(tick);
    },
  });
}

/** The slider's ladder and where to put the pointer for each position (x of the middle of the pixels that select it). */
export interface Track {
  steps: number[];
  y: number;
  /** x per ladder position; NaN where no pixel selected it. */
  xs: number[];
  /** The slider's box at calibration: a drag re-reads the box and moves by the difference (the page may lay out differently by then). */
  left: number;
  top: number;
}

const lrSlider = (experiment: string) => `lab-experiment[data-experiment="${experiment}"] [data-param="lr"]`;

async function openFigure(browser: Browser, origin: string, path: string, experiment: string): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  const page = await context.newPage();
  await page.addInitScript(instrument);
  await page.goto(`${origin}${path}`, { waitUntil: 'load' });
  // The figure first: its knobs are in a template until it comes near the viewport (src/figures/shared/lazy.ts).
  await page.locator(`lab-experiment[data-experiment="${experiment}"]`).scrollIntoViewIfNeeded();
  const slider = page.locator(lrSlider(experiment));
  await slider.waitFor({ state: 'attached' });
  await slider.scrollIntoViewIfNeeded();
  await slider.waitFor({ state: 'visible' });
  await page.waitForFunction((sel) => !(document.querySelector(sel) as HTMLInputElement | null)?.disabled, lrSlider(experiment));
  // The slider's ladder arrives with the figure's live half (src/figures/knobs/knobs.ts).
  await page.waitForFunction((sel) => (document.querySelector(sel) as HTMLInputElement | null)?.dataset['steps'] !== undefined, lrSlider(experiment));
  return { page, close: () => context.close() };
}

/**
 * Waits until the release's full run is painted: a `change` recorded, a paint of the figure after
 * it, and the figure 'done' (or ended otherwise). False after `timeoutMs`.
 */
async function settled(page: Page, experiment: string, timeoutMs = 20_000): Promise<boolean> {
  return page
    .waitForFunction(
      (experiment) => {
        const log = window.__drag!;
        const release = log.requests.findLast((r) => r.fig === experiment && r.kind === 'change');
        const state = document.querySelector(`lab-experiment[data-experiment="${experiment}"]`)?.getAttribute('data-state');
        if (state === 'error' || state === 'cancelled') return true;
        return release !== undefined && state === 'done' && log.paints.some((p) => p.fig === experiment && p.start >= release.at && Number.isFinite(p.frameEnd));
      },
      experiment,
      { timeout: timeoutMs, polling: 50 },
    )
    .then(
      () => true,
      () => false,
    );
}

/**
 * Finds which pixel selects which ladder position: presses on the track at its left end and moves
 * one pixel at a time to the right end, reading the value the slider takes. Its runs warm the page up.
 */
export async function calibrate(browser: Browser, origin: string, path: string, experiment: string): Promise<Track> {
  const { page, close } = await openFigure(browser, origin, path, experiment);
  try {
    const slider = page.locator(lrSlider(experiment));
    const box = await slider.boundingBox();
    if (!box) throw new Error(`${experiment}: the lr slider has no box`);
    const steps = JSON.parse((await slider.getAttribute('data-steps')) ?? '[]') as number[];
    const y = box.y + box.height / 2;
    const hits = new Map<number, number[]>();
    await page.mouse.move(box.x + 1, y);
    await page.mouse.down();
    for (let x = Math.ceil(box.x + 1); x <= Math.floor(box.x + box.width - 1); x++) {
      await page.mouse.move(x, y);
      const position = Number(await slider.inputValue());
      hits.set(position, [...(hits.get(position) ?? []), x]);
    }
    await page.mouse.up();
    await settled(page, experiment);
    const xs = steps.map((_, i) => {
      const at = hits.get(i);
      return at ? (Math.min(...at) + Math.max(...at)) / 2 : NaN;
    });
    return { steps, y, xs, left: box.x, top: box.y };
  } finally {
    await close();
  }
}

/**
 * The sweep: the positions from lo to hi that a pointer can select, up over every other one and down
 * over those in between, repeated for `moves` moves. (Chromium snaps a slider to its datalist's
 * tick, the article's value, from a few pixels away: the positions next to it have no pixel.)
 */
export function sweep(track: Track, lo: number, hi: number, moves: number): number[] {
  const reachable: number[] = [];
  for (let p = lo; p <= hi; p++) if (Number.isFinite(track.xs[p])) reachable.push(p);
  const up = reachable.filter((_, i) => i % 2 === 0);
  const down = reachable.filter((_, i) => i % 2 === 1).reverse();
  const cycle = [...up, ...down];
  return Array.from({ length: moves }, (_, i) => cycle[i % cycle.length]!);
}

export interface DragPlan {
  /** The ends of the sweep, as learning rates on the ladder. */
  from: number;
  to: number;
  /** One move per this many ms. */
  everyMs: number;
  /** The timed drag and the warm-up drag, ms. */
  ms: number;
  warmupMs: number;
}

export const DRAG_PLAN: DragPlan = { from: 0.01, to: 0.2, everyMs: 1000 / 60, ms: 2000, warmupMs: 1000 };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** Presses at the first position, moves to one position per `everyMs` by the clock (not waiting for the page), lets go. */
async function pointerDrag(page: Page, track: Track, positions: readonly number[], everyMs: number, experiment: string): Promise<void> {
  // Where the slider is now: a block above it (the predict-then-look question, say) may have taken
  // its final shape after the calibration measured it.
  const box = await page.locator(lrSlider(experiment)).boundingBox();
  if (!box) throw new Error(`${experiment}: the lr slider has no box`);
  const dx = box.x - track.left;
  const y = track.y + (box.y - track.top);
  const xs = positions.map((p) => (track.xs[p] ?? NaN) + dx);
  if (xs.some((x) => !Number.isFinite(x))) throw new Error('the sweep asks for a position no pixel selects');
  const failed: unknown[] = [];
  const moves: Promise<void>[] = [];
  await page.mouse.move(xs[0]!, y);
  await page.mouse.down();
  const t0 = performance.now();
  for (let i = 1; i < xs.length; i++) {
    await sleep(t0 + i * everyMs - performance.now());
    moves.push(page.mouse.move(xs[i]!, y).catch((e: unknown) => void failed.push(e)));
  }
  await Promise.all(moves);
  if (failed.length > 0) throw failed[0];
  await page.mouse.up();
}

const round = (v: number) => Math.round(v * 10) / 10;
const medianOf = (values: readonly number[]) => percentile(values, 50);

/** A drag that could not be made (the page did not open, the slider could not be calibrated): a sample that says why. */
export function failedSample(experiment: string, scenario: DragScenario, error: string): DragSample {
  return { experiment, scenario, status: 'error', error, ms: NaN, frames: 0, moves: 0, inputs: 0, painted: 0, skipped: 0, progressPaints: 0, latencies: [], pointerLatencies: [], p95: NaN, median: NaN, max: NaN, firstPaint: null, release: null, parts: null, tailParts: null, longTasks: [], longFrames: [], worker: { created: null, ready: null } };
}

/** Something to do just before and after the timed drag (start and stop a trace, say). */
export interface AroundDrag {
  before(page: Page): Promise<void>;
  after(page: Page): Promise<void>;
}

/** One drag sample, in a fresh context; anything that throws comes back as a sample with status 'error'. */
export async function dragSample(browser: Browser, origin: string, path: string, experiment: string, scenario: DragScenario, track: Track, plan: DragPlan = DRAG_PLAN, around?: AroundDrag): Promise<DragSample> {
  let opened: { page: Page; close: () => Promise<void> } | null = null;
  try {
    opened = await openFigure(browser, origin, path, experiment);
    const { page } = opened;
    const lo = track.steps.indexOf(plan.from);
    const hi = track.steps.indexOf(plan.to);
    if (lo < 0 || hi <= lo) throw new Error(`${plan.from} and ${plan.to} are not on the slider's ladder`);
    await page.waitForLoadState('networkidle');
    if (scenario === 'warm') {
      const warm = sweep(track, lo, hi, Math.round(plan.warmupMs / plan.everyMs));
      await pointerDrag(page, track, warm, plan.everyMs, experiment);
      if (!(await settled(page, experiment))) throw new Error('the warm-up drag did not settle');
    } else {
      // The pointer enters the figure (intent: the worker starts), then rests there 2 s.
      await page.locator(`lab-experiment[data-experiment="${experiment}"]`).hover({ position: { x: 20, y: 10 } });
      await sleep(2000);
    }
    await page.evaluate(() => {
      window.__drag!.reset();
      window.__drag!.count(true);
    });
    const positions = sweep(track, lo, hi, Math.round(plan.ms / plan.everyMs));
    await around?.before(page);
    let ended: boolean;
    try {
      await pointerDrag(page, track, positions, plan.everyMs, experiment);
      ended = await settled(page, experiment);
    } finally {
      await around?.after(page);
    }
    const final = track.steps[positions.at(-1)!]!;
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 50)))));
    const state = await page.locator(`lab-experiment[data-experiment="${experiment}"]`).getAttribute('data-state');
    const log = await page.evaluate(() => {
      window.__drag!.count(false);
      const { requests, paints, progress, runs, frames, longTasks, longFrames, worker } = window.__drag!;
      return { requests, paints, progress, runs, frames, longTasks, longFrames, worker };
    });
    return summariseDrag(experiment, scenario, log, positions.length, ended ? (state === 'done' ? null : `the figure ended '${state}'`) : `not settled on ${final} within 20 s (state '${state}')`);
  } catch (e) {
    return failedSample(experiment, scenario, `threw: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  } finally {
    await opened?.close();
  }
}

/** From the page's log to a sample: attribution, latencies, where they went, long tasks in the drag's window. */
function summariseDrag(experiment: string, scenario: DragScenario, log: Omit<PageLog, 'counting'>, moves: number, ended: string | null): DragSample {
  const requests = log.requests.filter((r) => r.fig === experiment);
  const paints: DragPaint[] = log.paints.filter((p) => p.fig === experiment && p.status === 'done').map((p) => ({ ...p, run: p.runId === null ? null : (log.runs[p.runId] ?? null) }));
  const { answered, skipped, problems } = attribute(requests, paints);
  const t0 = requests[0]?.at ?? NaN;
  const release = requests.findLastIndex((r) => r.kind === 'change');
  const releasedAt = release >= 0 ? requests[release]!.at : NaN;
  const windowEnd = Math.max(...answered.map((a) => paints[a.paint]!.frameEnd), releasedAt);
  const painted = answered.filter((a) => requests[a.request]!.kind === 'input');
  const latencies = painted.map((a) => a.latency);
  const partsOf = (some: readonly Answered[]): LatencyParts | null => {
    if (some.length === 0) return null;
    const part = (pick: (p: DragPaint, r: DragRequest, run: RunStamp | null) => number | null) => round(medianOf(some.map((a) => pick(paints[a.paint]!, requests[a.request]!, paints[a.paint]!.run) ?? NaN)));
    return {
      wait: part((_p, r, run) => (run ? run.postedAt - r.at : null)),
      worker: part((_p, _r, run) => (run?.doneAt ? run.doneAt - run.postedAt : null)),
      train: part((_p, _r, run) => run?.totalMs ?? null),
      handle: part((_p, _r, run) => run?.handleMs ?? null),
      toFrame: part((p, _r, run) => (run?.doneAt ? p.start - run.doneAt : null)),
      paint: part((p) => p.end - p.start),
      render: part((p) => p.frameEnd - p.end),
    };
  };
  const releasePaint = answered.find((a) => a.request === release);
  if (requests.filter((r) => r.kind === 'input').length < 10) problems.push(`only ${requests.filter((r) => r.kind === 'input').length} input events`);
  if (ended) problems.push(ended);
  if (painted.some((a) => !Number.isFinite(a.latency))) problems.push('a paint whose frame never ended');
  // Long tasks and frames that overlap the drag, from its first input to the frame that painted the release's run.
  const inWindow = <T extends { start: number; duration: number }>(items: readonly T[]) => items.filter((x) => x.start + x.duration >= t0 && x.start <= windowEnd).map((x) => ({ ...x, start: round(x.start - t0) }));
  return {
    experiment,
    scenario,
    status: problems.length === 0 ? 'done' : 'failed',
    ...(problems.length === 0 ? {} : { error: problems.join('; ') }),
    ms: round(releasedAt - t0),
    frames: log.frames.filter((f) => f >= t0 && f <= releasedAt).length,
    moves,
    inputs: requests.filter((r) => r.kind === 'input').length,
    painted: painted.length,
    skipped: skipped.length,
    progressPaints: log.progress.filter((p) => p.fig === experiment && p.start >= t0 && p.start <= releasedAt).length,
    latencies: latencies.map(round),
    pointerLatencies: painted.map((a) => round(a.pointerLatency ?? NaN)),
    p95: round(percentile(latencies, 95)),
    median: round(medianOf(latencies)),
    max: round(Math.max(...latencies)),
    firstPaint: answered.length > 0 ? round(paints[answered[0]!.paint]!.frameEnd - t0) : null,
    release: releasePaint ? round(releasePaint.latency) : null,
    parts: partsOf(painted),
    tailParts: partsOf(painted.filter((a) => a.latency >= percentile(latencies, 90))),
    longTasks: inWindow(log.longTasks).map((t) => ({ start: t.start, duration: round(t.duration) })),
    longFrames: inWindow(log.longFrames),
    worker: { created: log.worker.created === null ? null : round(t0 - log.worker.created), ready: log.worker.ready === null ? null : round(t0 - log.worker.ready) },
  };
}
