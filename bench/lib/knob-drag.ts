/**
 * The second article's figures under a dragging hand: a range knob swept back and forth for 2 s
 * with Playwright's mouse (trusted pointer events, one move every 16.7 ms, paced by the clock, not
 * by the page), and, in the page, every `input` event's time and every paint the figure reports
 * (its `data-paints` counter, which it bumps inside the animation frame that draws the new frame).
 *
 * Latency of an input = the first paint that ended after it − the input's timestamp, the frame in
 * which the reader sees its consequence or a later one (a superseded input waits for the paint of
 * the one that replaced it: latest wins). An input never followed by a paint is a failed sample
 * (Infinity), never a fast one. Long tasks (> 50 ms) on the main thread are counted as well.
 *
 * Figures: through-time (issue 25: p95 ≤ 50 ms input → painted; the scale knob and the sequence-
 * length knob, which at 200 steps is the heaviest frame) and exploding-through-time (the learning
 * rate: two 200-step descents on a 2-parameter surface).
 */
import type { Browser } from '@playwright/test';

export interface KnobDrag {
  figure: string;
  knob: string;
  inputs: number;
  paints: number;
  /** Input → painted, ms: median, p95, max; Infinity when an input was never painted. */
  p50: number;
  p95: number;
  max: number;
  longTasks: number;
  longestTaskMs: number;
  error?: string;
}

export const KNOB_DRAGS = [
  { figure: 'through-time', knob: '[data-tt-knob="scale"]' },
  { figure: 'through-time', knob: '[data-tt-knob="steps"]' },
  { figure: 'exploding-through-time', knob: '[data-ex-lr]' },
] as const;

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]! : NaN;
};

/** Drags one knob of one figure on `pageUrl` and reports input → painted. */
export async function knobDrag(browser: Browser, pageUrl: string, figure: string, knob: string): Promise<KnobDrag> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const base = { figure, knob, inputs: 0, paints: 0, p50: Infinity, p95: Infinity, max: Infinity, longTasks: 0, longestTaskMs: 0 };
  try {
    await page.addInitScript(() => {
      const w = window as unknown as { __drag: { inputs: number[]; paints: number[]; long: number[] } };
      w.__drag = { inputs: [], paints: [], long: [] };
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__drag.long.push(e.duration);
      }).observe({ type: 'longtask', buffered: false });
      document.addEventListener('input', (e) => w.__drag.inputs.push(e.timeStamp), true);
      const watch = () => {
        for (const el of document.querySelectorAll<HTMLElement>('[data-figure][data-paints]')) {
          if (el.dataset['benchWatched']) continue;
          el.dataset['benchWatched'] = '1';
          // Bumped inside the animation-frame callback that draws; this observer runs when that
          // callback has returned (its microtask checkpoint), so the time is "drawn, about to be
          // rendered in this frame".
          new MutationObserver(() => w.__drag.paints.push(performance.now())).observe(el, { attributes: true, attributeFilter: ['data-paints'] });
        }
      };
      document.addEventListener('DOMContentLoaded', () => {
        watch();
        new MutationObserver(watch).observe(document.body, { childList: true, subtree: true });
      });
    });
    await page.goto(pageUrl, { waitUntil: 'load' });
    const root = page.locator(`[data-figure="${figure}"]`).first();
    await root.scrollIntoViewIfNeeded();
    const slider = root.locator(knob).first();
    // Intent: the pointer inside the figure, then wait until the knobs are live.
    const box0 = await root.boundingBox();
    if (!box0) throw new Error('figure not laid out');
    await page.mouse.move(box0.x + box0.width / 2, box0.y + 20);
    await slider.scrollIntoViewIfNeeded();
    await page.waitForFunction((el) => !(el as HTMLInputElement).disabled, await slider.elementHandle(), { timeout: 30_000 });
    await page.waitForTimeout(500);
    const box = await slider.boundingBox();
    if (!box) throw new Error('knob not laid out');
    const y = box.y + box.height / 2;
    const xAt = (f: number) => box.x + 8 + f * (box.width - 16);
    await page.evaluate(() => {
      const w = window as unknown as { __drag: { inputs: number[]; paints: number[]; long: number[] } };
      w.__drag = { inputs: [], paints: [], long: [] };
    });
    await page.mouse.move(xAt(0.5), y);
    await page.mouse.down();
    const t0 = Date.now();
    for (let i = 1; Date.now() - t0 < 2000; i++) {
      const phase = (i % 60) / 60; // one sweep up and back every second
      const f = 0.5 + 0.45 * Math.sin(2 * Math.PI * phase);
      const due = t0 + i * 16.7;
      await page.mouse.move(xAt(f), y);
      const wait = due - Date.now();
      if (wait > 0) await page.waitForTimeout(wait);
    }
    await page.mouse.up();
    await page.waitForTimeout(800);
    const rec = await page.evaluate(() => (window as unknown as { __drag: { inputs: number[]; paints: number[]; long: number[] } }).__drag);
    const lat = rec.inputs.map((t) => {
      const p = rec.paints.find((q) => q >= t);
      return p === undefined ? Infinity : p - t;
    });
    if (lat.length === 0) throw new Error('no input event: the drag did not move the knob');
    return {
      ...base,
      inputs: rec.inputs.length,
      paints: rec.paints.length,
      p50: quantile(lat, 0.5),
      p95: quantile(lat, 0.95),
      max: Math.max(...lat),
      longTasks: rec.long.length,
      longestTaskMs: rec.long.length ? Math.max(...rec.long) : 0,
    };
  } catch (e) {
    return { ...base, error: (e instanceof Error ? e.message : String(e)).split('\n')[0]! };
  } finally {
    await context.close();
  }
}

export function knobDragMarkdown(rows: KnobDrag[]): string {
  const n = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : '∞');
  const out = ['| figure | knob | inputs | paints | input → painted p50 / p95 / max (ms) | long tasks (longest ms) |', '|---|---|---|---|---|---|'];
  for (const r of rows) out.push(`| ${r.figure} | \`${r.knob}\` | ${r.inputs} | ${r.paints} | ${n(r.p50)} / ${n(r.p95)} / ${n(r.max)} | ${r.longTasks} (${n(r.longestTaskMs)}) |${r.error ? ` **failed: ${r.error}**` : ''}`);
  return out.join('\n');
}

/** The memory figure's default run (both cells, seed 1, T = 20, 600 steps) in the browser: issue 25 wants ≤ 10 s. */
export interface MemoryRun {
  /** Wall time of each `run()` from the page, ms; a run that did not end `done` is Infinity. */
  ms: number[];
  median: number;
  statuses: string[];
  error?: string;
}

export async function memoryRuns(browser: Browser, pageUrl: string, runs = 3): Promise<MemoryRun> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  try {
    await page.goto(pageUrl, { waitUntil: 'load' });
    const fig = page.locator('[data-experiment="memory"]').first();
    await fig.scrollIntoViewIfNeeded();
    await fig.hover({ position: { x: 20, y: 10 } }); // intent: the figure's worker starts
    const out = await page.evaluate(async (runs) => {
      await customElements.whenDefined('lab-memory');
      const el = document.querySelector('[data-experiment="memory"]') as HTMLElement & { run(o?: object): Promise<{ status: string }> };
      const ms: number[] = [];
      const statuses: string[] = [];
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        const trace = await el.run({});
        statuses.push(trace.status);
        ms.push(trace.status === 'done' ? performance.now() - t0 : Infinity);
      }
      return { ms, statuses };
    }, runs);
    return { ...out, median: quantile(out.ms, 0.5) };
  } catch (e) {
    return { ms: [], median: Infinity, statuses: [], error: (e instanceof Error ? e.message : String(e)).split('\n')[0]! };
  } finally {
    await context.close();
  }
}

export function memoryRunMarkdown(r: MemoryRun): string {
  const s = (x: number) => (Number.isFinite(x) ? (x / 1000).toFixed(1) : '∞');
  return `| memory figure, default run (both cells, T = 20, 600 steps) | ${r.ms.map(s).join(' / ')} s | median ${s(r.median)} s |${r.error ? ` **failed: ${r.error}**` : ''}`;
}
