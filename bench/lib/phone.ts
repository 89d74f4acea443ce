/**
 * Issue 23's measures (a light page on a phone): Lighthouse's mobile scores, the requests of the
 * first 5 s after load without interaction, layout shift over a scripted reading session, whether an
 * embed fits a 640 × 480 frame, and the cost of exp3's whole island run against the plain loop.
 * Each is its own part, so `npm run bench -- --only lighthouse,requests,cls,embed,ratio` runs any
 * of them alone (bench/harness.ts). Reported, never asserted by a test: the checks (no .wasm, no
 * worker; the embed fits) say `ok` or why not.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { knobDragMarkdown, memoryRunMarkdown, type KnobDrag, type MemoryRun } from './knob-drag.ts';

export const PHONE_PARTS = ['lighthouse', 'requests', 'cls', 'embed', 'ratio', 'series'] as const;
export type PhonePart = (typeof PHONE_PARTS)[number];

const ARTICLES = ['/en/exploding-vanishing-gradients/', '/zh-tw/exploding-vanishing-gradients/'];
const median = (xs: number[]) => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const firstLine = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0]!;

// ---------------------------------------------------------------------------------------------
// Lighthouse

export interface LighthouseScore {
  page: string;
  /** 0–100, or null when the run failed (then `error`). */
  performance: number | null;
  tbtMs: number | null;
  cls: number | null;
  /** Each run's score, in order (null: that run failed), when this is several runs' summary. */
  runs?: (number | null)[];
  error?: string;
}

/**
 * One Lighthouse run (its CLI, the project's devDependency; mobile preset, simulated throttling,
 * performance only) against `url` in a headless `chromePath`, each in a fresh browser profile.
 */
export function lighthouse(root: string, url: string, chromePath: string): Promise<LighthouseScore> {
  const cli = path.join(root, 'node_modules', 'lighthouse', 'cli', 'index.js');
  const page = new URL(url).pathname;
  const args = [cli, url, '--only-categories=performance', '--output=json', '--output-path=stdout', '--quiet', `--chrome-path=${chromePath}`, '--chrome-flags=--headless=new --no-sandbox --disable-gpu'];
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: root, maxBuffer: 64 * 1024 * 1024, timeout: 240_000 }, (error, stdout) => {
      try {
        if (error && !stdout) throw error;
        const lhr = JSON.parse(stdout) as { categories: { performance: { score: number | null } }; audits: Record<string, { numericValue?: number }>; runtimeError?: { message: string } };
        if (lhr.runtimeError) throw new Error(lhr.runtimeError.message);
        const score = lhr.categories.performance.score;
        resolve({ page, performance: score === null ? null : Math.round(score * 100), tbtMs: lhr.audits['total-blocking-time']?.numericValue ?? null, cls: lhr.audits['cumulative-layout-shift']?.numericValue ?? null });
      } catch (e) {
        resolve({ page, performance: null, tbtMs: null, cls: null, error: firstLine(e) });
      }
    });
  });
}

/** How many Lighthouse runs each page gets: one run moves by ±3 points here, so the report is their median. */
export const LIGHTHOUSE_RUNS = 3;

/**
 * Every page `runs` times, in rounds (each round visits every page once, so a noisy minute falls on
 * all of them alike), then per page the median score and TBT of the runs that ended, the largest
 * CLS, and every run's score. A page whose runs all failed has no score (never a fast one), and any
 * failure is reported beside the median.
 */
export async function lighthouseRounds(root: string, origin: string, chromePath: string, pages: readonly string[] = LIGHTHOUSE_PAGES, runs = LIGHTHOUSE_RUNS): Promise<LighthouseScore[]> {
  const all = new Map<string, LighthouseScore[]>(pages.map((p) => [p, []]));
  for (let round = 0; round < runs; round++) for (const page of pages) all.get(page)!.push(await lighthouse(root, `${origin}${page}`, chromePath));
  return pages.map((page) => summarizeLighthouse(page, all.get(page)!));
}

/** One page's runs as one row: medians of what ended, the largest CLS, each run's score; failures named. */
export function summarizeLighthouse(page: string, runs: readonly LighthouseScore[]): LighthouseScore {
  const ok = runs.filter((r) => r.performance !== null && !r.error);
  const failed = runs.filter((r) => !ok.includes(r));
  const error = failed.length ? `${failed.length} of ${runs.length} runs failed: ${failed[0]!.error ?? 'no score'}` : undefined;
  if (ok.length === 0) return { page, performance: null, tbtMs: null, cls: null, runs: runs.map(() => null), ...(error ? { error } : {}) };
  return {
    page,
    performance: median(ok.map((r) => r.performance!)),
    tbtMs: median(ok.map((r) => r.tbtMs ?? NaN)),
    cls: Math.max(...ok.map((r) => r.cls ?? NaN)),
    runs: runs.map((r) => (ok.includes(r) ? r.performance : null)),
    ...(error ? { error } : {}),
  };
}

export const LIGHTHOUSE_PAGES = [...ARTICLES, '/en/playground/', '/en/vanishing-gradients-through-time/', '/zh-tw/vanishing-gradients-through-time/'];

// ---------------------------------------------------------------------------------------------
// Requests of the first 5 s after load

export interface RequestLog {
  page: string;
  /** Every request from navigation to 5 s after the load event, ms after navigation start. */
  requests: { url: string; type: string; atMs: number }[];
  /** Workers the page started in that time (the lab worker; tfjs's pthreads are blob: URLs). */
  workers: string[];
  /** 'ok', or what broke the rule: no .wasm and no worker before a reader's intent. */
  check: string;
}

export async function requestLog(browser: Browser, origin: string, page = ARTICLES[0]!): Promise<RequestLog> {
  const context = await browser.newContext({ viewport: { width: 375, height: 812 } });
  try {
    const tab = await context.newPage();
    const started = Date.now();
    const requests: RequestLog['requests'] = [];
    const workers: string[] = [];
    tab.on('request', (r) => requests.push({ url: r.url().replace(origin, ''), type: r.resourceType(), atMs: Date.now() - started }));
    tab.on('worker', (w) => workers.push(w.url().replace(origin, '')));
    await tab.goto(`${origin}${page}`, { waitUntil: 'load' });
    await tab.waitForTimeout(5000); // the window the issue names: 5 s after load, no input at all
    const wasm = requests.filter((r) => /\.wasm(\?|$)/.test(r.url));
    const workerScripts = requests.filter((r) => /\/_astro\/worker[^/]*\.js/.test(r.url));
    const problems = [
      ...(wasm.length ? [`${wasm.length} .wasm request(s)`] : []),
      ...(workerScripts.length ? [`worker script fetched (${workerScripts[0]!.url})`] : []),
      ...(workers.length ? [`${workers.length} worker(s) started`] : []),
    ];
    return { page, requests, workers, check: problems.length ? problems.join('; ') : 'ok' };
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Layout shift over a reading session

export interface SessionCls {
  width: number;
  height: number;
  /** CLS as Lighthouse and web-vitals define it: the largest session window (gaps < 1 s, ≤ 5 s) of shifts without recent input. */
  cls: number;
  /** Every shift without recent input, summed over the whole session. */
  total: number;
  shifts: number;
  error?: string;
}

/** The article's figures 1, 2 and 5: the experiments whose learning rate the session drags. */
const SESSION_FIGURES = ['exp1', 'exp2', 'exp3'];

async function dragLearningRate(page: Page, experiment: string): Promise<void> {
  const fig = page.locator(`lab-experiment[data-experiment="${experiment}"]`);
  const slider = fig.locator('[data-param="lr"]');
  await slider.scrollIntoViewIfNeeded();
  await slider.waitFor({ state: 'visible' });
  const box = (await slider.boundingBox())!;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * 0.3, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.6, y, { steps: 20 });
  await page.mouse.up();
  // Done when the run of the value let go has painted (latest wins, so it always does).
  await page.waitForFunction((e) => {
    const el = document.querySelector(`lab-experiment[data-experiment="${e}"]`) as (Element & { lastRun: { config: { learningRate: number } } | null }) | null;
    const input = el?.querySelector<HTMLInputElement>('[data-param="lr"]');
    const steps = JSON.parse(input?.dataset['steps'] ?? '[]') as number[];
    return !!el && el.getAttribute('data-state') === 'done' && el.lastRun?.config.learningRate === steps[Number(input!.value)];
  }, experiment, { timeout: 60_000 });
}

/**
 * A reader's session on the English article at one size: scroll it from top to bottom with the
 * wheel, back to the top, then for figures 1, 2 and 5 press Run (and wait for the run) and drag the
 * learning rate once. Shifts within 500 ms of a press are the reader's own (hadRecentInput) and do
 * not count, as in Lighthouse and web-vitals.
 */
export async function sessionCls(browser: Browser, origin: string, width: number, height: number): Promise<SessionCls> {
  const context = await browser.newContext({ viewport: { width, height } });
  try {
    const page = await context.newPage();
    await page.addInitScript(() => {
      const w = window as unknown as { shifts: { value: number; at: number }[] };
      w.shifts = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) if (!e.hadRecentInput) w.shifts.push({ value: e.value, at: e.startTime });
      }).observe({ type: 'layout-shift', buffered: true });
    });
    await page.goto(`${origin}${ARTICLES[0]}`, { waitUntil: 'load' });
    for (let i = 0; i < 400; i++) {
      await page.mouse.wheel(0, height * 0.8);
      await page.waitForTimeout(60);
      if (await page.evaluate(() => window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2)) break;
    }
    await page.evaluate(() => window.scrollTo(0, 0));
    for (const experiment of SESSION_FIGURES) {
      const fig = page.locator(`lab-experiment[data-experiment="${experiment}"]`);
      await fig.scrollIntoViewIfNeeded();
      await fig.locator('[data-action="run"]').click();
      await page.waitForFunction((e) => document.querySelector(`lab-experiment[data-experiment="${e}"]`)?.getAttribute('data-state') === 'done', experiment, { timeout: 120_000 });
      await dragLearningRate(page, experiment);
    }
    const shifts = await page.evaluate(() => (window as unknown as { shifts: { value: number; at: number }[] }).shifts);
    return { width, height, ...clsOf(shifts), shifts: shifts.length };
  } catch (e) {
    return { width, height, cls: NaN, total: NaN, shifts: 0, error: firstLine(e) };
  } finally {
    await context.close();
  }
}

/** web-vitals' CLS: shifts grouped into windows (a new one after a 1 s gap or 5 s from its start); the largest window's sum. */
export function clsOf(shifts: readonly { value: number; at: number }[]): { cls: number; total: number } {
  let best = 0;
  let sum = 0;
  let first = -Infinity;
  let last = -Infinity;
  for (const { value, at } of shifts) {
    if (at - last > 1000 || at - first > 5000) {
      sum = 0;
      first = at;
    }
    sum += value;
    last = at;
    best = Math.max(best, sum);
  }
  return { cls: best, total: shifts.reduce((s, x) => s + x.value, 0) };
}

// ---------------------------------------------------------------------------------------------
// An embed in a 640 × 480 frame

export interface EmbedFit {
  page: string;
  /** 'ok', or what is out of the frame (or needed a scroll) after a run. */
  check: string;
}

export async function embedFit(browser: Browser, origin: string, locale: string, figure: string): Promise<EmbedFit> {
  const page = `/embed/${locale}/exploding-vanishing-gradients/${figure}/`;
  const context = await browser.newContext({ viewport: { width: 640, height: 480 } });
  try {
    const tab = await context.newPage();
    await tab.goto(`${origin}${page}`);
    const out = await tab.evaluate(async () => {
      const el = document.querySelector<HTMLElement & { run(): Promise<unknown> }>('lab-experiment')!;
      await customElements.whenDefined('lab-experiment');
      await el.run();
      const outside = ['[data-param]', '[data-readout]'].flatMap((s) =>
        [...document.querySelectorAll(s)].filter((e) => {
          const r = e.getBoundingClientRect();
          return r.top < 0 || r.bottom > innerHeight || r.height === 0;
        }).map(() => s),
      );
      return { state: el.dataset['state'], scrollY, outside: [...new Set(outside)] };
    });
    const problems = [...(out.state === 'done' ? [] : [`run ended ${out.state}`]), ...(out.scrollY ? [`scrolled ${out.scrollY} px`] : []), ...out.outside.map((s) => `${s} outside the frame`)];
    return { page, check: problems.length ? problems.join('; ') : 'ok' };
  } catch (e) {
    return { page, check: `threw: ${firstLine(e)}` };
  } finally {
    await context.close();
  }
}

export const EMBED_CASES = [
  ['en', 'exp2'],
  ['zh-tw', 'exp2'],
  ['en', 'exp3'],
  ['zh-tw', 'exp3'],
] as const;

// ---------------------------------------------------------------------------------------------
// The whole island run against the plain loop

export interface RunRatio {
  /** exp3's `run()` on the article, from the call to the frame after it resolved (messaging and paint included); ms each. */
  islandMs: number[];
  /** The plain Float32Array loop's whole exp3 run in a worker of the bench page, yielding as the lab worker does ('sliced'); ms each. */
  plainMs: number[];
  ratio: number;
  error?: string;
}

export async function runRatio(browser: Browser, origin: string, runs: number): Promise<RunRatio> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    await page.goto(`${origin}${ARTICLES[0]}`);
    const fig = page.locator('lab-experiment[data-experiment="exp3"]');
    await fig.scrollIntoViewIfNeeded();
    await fig.hover({ position: { x: 20, y: 10 } }); // intent: the worker starts
    const islandMs = await page.evaluate(async (runs) => {
      const el = document.querySelector('lab-experiment[data-experiment="exp3"]') as HTMLElement & { run(): Promise<{ status: string }> };
      await customElements.whenDefined('lab-experiment');
      const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const out: number[] = [];
      for (let i = 0; i < runs + 2; i++) {
        const t0 = performance.now();
        const trace = await el.run();
        await frame();
        if (trace.status !== 'done') throw new Error(`exp3 run ended ${trace.status}`);
        if (i >= 2) out.push(performance.now() - t0); // two warm-up runs
      }
      return out;
    }, runs);
    await page.goto(`${origin}/bench/`);
    await page.waitForFunction(() => document.documentElement.dataset['bench'] === 'ready');
    const plain = await page.evaluate(
      (runs) =>
        window.gradlabBench!.run({ choices: [], tensorPath: [], workloads: ['exp3'], yieldModes: ['sliced'], warmup: 2, runs, yields: 10, ensemble: { seeds: 1, choices: [], runs: 0 } }),
      runs,
    );
    const samples = plain.samples['plain']?.['exp3']?.['sliced'] ?? [];
    const plainMs = samples.filter((s) => s.status === 'done').map((s) => s.totalMs);
    return { islandMs, plainMs, ratio: median(islandMs) / median(plainMs) };
  } catch (e) {
    return { islandMs: [], plainMs: [], ratio: NaN, error: firstLine(e) };
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------------------------------------

export interface PhoneResults {
  lighthouse?: LighthouseScore[];
  requests?: RequestLog[];
  cls?: SessionCls[];
  embed?: EmbedFit[];
  ratio?: RunRatio;
  /** The second article's figures dragged (knob-drag.ts). */
  series?: KnobDrag[];
  /** The memory figure's default run, timed in the page (knob-drag.ts). */
  memory?: MemoryRun;
}

const n = (v: number | null | undefined, digits = 0) => (v === null || v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(digits));

export function phoneMarkdown(r: PhoneResults): string {
  const out: string[] = [];
  if (r.lighthouse) {
    const runs = Math.max(1, ...r.lighthouse.map((s) => s.runs?.length ?? 1));
    out.push(
      `### Lighthouse, mobile (issue 23: ≥ 95, TBT ≤ 200 ms, CLS ≤ 0.02): median of ${runs} run${runs > 1 ? 's' : ''} per page`,
      '',
      '| page | performance | each run | TBT, ms | CLS (largest) |',
      '|---|---|---|---|---|',
    );
    for (const s of r.lighthouse) out.push(`| ${s.page} | ${n(s.performance)} | ${(s.runs ?? [s.performance]).map((v) => n(v)).join(', ')} | ${n(s.tbtMs)} | ${n(s.cls, 3)} |${s.error ? ` ${s.error}` : ''}`);
    out.push('');
  }
  if (r.requests) {
    out.push('### Requests in the first 5 s after load, no interaction (no .wasm, no worker)', '', '| page | requests | check |', '|---|---|---|');
    for (const l of r.requests) out.push(`| ${l.page} | ${l.requests.length} | ${l.check} |`);
    out.push('');
  }
  if (r.cls) {
    out.push('### Layout shift over a reading session (issue 23: ≤ 0.05)', '', '| viewport | CLS (largest window) | all shifts summed | shifts |', '|---|---|---|---|');
    for (const c of r.cls) out.push(`| ${c.width} × ${c.height} | ${n(c.cls, 3)} | ${n(c.total, 3)} | ${c.shifts} |${c.error ? ` ${c.error}` : ''}`);
    out.push('');
  }
  if (r.embed) {
    out.push('### An embed in a 640 × 480 frame, after a run (knobs and readout in view)', '', '| page | check |', '|---|---|');
    for (const e of r.embed) out.push(`| ${e.page} | ${e.check} |`);
    out.push('');
  }
  if (r.ratio) {
    const x = r.ratio;
    out.push('### exp3: the whole island run ÷ the plain loop (issue 23: ≤ 1.0×)', '', '| island run, ms | plain loop, ms | ratio |', '|---|---|---|');
    out.push(`| ${n(median(x.islandMs), 1)} | ${n(median(x.plainMs), 1)} | ${n(x.ratio, 2)}× |${x.error ? ` ${x.error}` : ''}`);
    out.push('');
  }
  if (r.series) {
    out.push('### The second article: dragging its figures, 1280 × 900 (issue 25: through-time p95 ≤ 50 ms)', '', knobDragMarkdown(r.series), '');
  }
  if (r.memory) {
    out.push('### The second article: a trained run (issue 25: ≤ 10 s each)', '', '| run | each | |', '|---|---|---|', memoryRunMarkdown(r.memory), '');
  }
  return out.join('\n');
}
