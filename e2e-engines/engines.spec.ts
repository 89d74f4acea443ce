import { expect, test } from '@playwright/test';
import { comparable, nodeRun } from '../e2e/node-lab';
import { preset } from '../src/lab/engine/config';
import type { ComparableTrace } from '../e2e/fixtures';
import { serveStatic } from '../e2e/static-server';
import { missing, open, selected, type EngineSession } from './drivers';

/**
 * A smoke run of the site in the two engines besides Chromium (Firefox, WebKit): both articles over
 * the production build with COOP/COEP, and once over a plain static host, where the coi service
 * worker isolates the page. Experiments 1 and 2 train through their `run()` (the Run button's
 * path) and must give the losses, gradient and weight norms, printed weights and predictions of the
 * same seed trained in this Node process, bit for bit: the same wasm and float32 arithmetic in
 * every engine. Each test prints the backend that ran; any console error fails it. Then a reader's
 * few moves: a learning-rate drag (its last value's run, bit for bit), the explosion map, an embed.
 *
 * Measured on a loaded 2-core machine (Firefox 153 ESR, WebKitGTK 2.50.6): Firefox trains on
 * threaded SIMD (1 thread); WebKitGTK gives a cross-origin-isolated page no SharedArrayBuffer (JSC's
 * `useSharedArrayBuffer` is off in this port; `JSC_useSharedArrayBuffer=1` turns it on, and then it
 * runs 2 threads), so it trains on single-threaded SIMD, with no fallback notice since threads were
 * never offered. Both give Node's numbers bit for bit.
 */

const ARTICLE = 'exploding-vanishing-gradients';
const PREVIEW = `http://localhost:${Number(process.env['ENGINES_PORT'] ?? 4339)}`; // as playwright.engines.config.ts
const STATIC_PORT = Number(process.env['E2E_STATIC_PORT'] ?? 0);

interface IslandRun {
  trace: ComparableTrace;
  backend: { name: string; simd: boolean; threads: number };
  badge: string;
  state: string;
  /** The island's fallback notice (empty when no rung of the backend ladder failed). */
  notice: string;
  isolated: boolean;
  /** Whether the engine gives this page SharedArrayBuffer, which the threaded build needs. */
  sharedMemory: boolean;
}

/** The backend in words, the same in every locale (the badge is in the page's language). */
function backendWords(run: IslandRun): string {
  const { name, simd, threads } = run.backend;
  const what = name !== 'wasm' ? name : `wasm ${threads ? `threaded SIMD (${threads} thread${threads === 1 ? '' : 's'})` : simd ? 'SIMD' : 'plain'}`;
  return `${what}${run.notice ? ', fell back' : ''}${run.sharedMemory ? '' : ', no SharedArrayBuffer'}`;
}

/** In the page: runs one experiment island through `run()`, as runIsland (e2e/fixtures.ts) does in Chromium. */
async function runInPage(experiment: string): Promise<IslandRun> {
  const el = document.querySelector(`lab-experiment[data-experiment="${experiment}"]`) as HTMLElement & { run(): Promise<any> };
  el.scrollIntoView({ block: 'center' });
  await customElements.whenDefined('lab-experiment');
  const live = await el.run();
  // JSON has no NaN or ±Infinity: carry them as strings, as the baked files do.
  const t = JSON.parse(JSON.stringify(live, (_k, x) => (typeof x === 'number' && !Number.isFinite(x) ? String(x) : x)));
  return {
    trace: {
      config: t.config,
      status: t.status,
      predictions: t.predictions,
      epochs: t.epochs.map((e: any) => ({ epoch: e.epoch, loss: e.loss, printed: e.printed, gradNorms: e.gradNorms, weightNorms: e.weightNorms })),
    },
    backend: live.backend,
    badge: el.querySelector('[data-badge]')?.textContent?.trim() ?? '',
    state: el.dataset['state'] ?? '',
    notice: el.querySelector('[role="note"]')?.textContent?.trim() ?? '',
    isolated: crossOriginIsolated,
    sharedMemory: typeof SharedArrayBuffer === 'function',
  };
}

const expected = new Map<string, Promise<ComparableTrace>>();
/** The experiment's default seed trained here in Node, on tfjs's wasm backend, as the build bakes it. */
function nodeTrace(experiment: 'exp1' | 'exp2'): Promise<ComparableTrace> {
  let trace = expected.get(experiment);
  if (!trace) expected.set(experiment, (trace = nodeRun(experiment, {}).then(comparable)));
  return trace;
}

/** Runs exp1 and exp2 on the open page, checks each against Node bit for bit, and says what ran. */
async function experimentsMatchNode(session: EngineSession, where: string): Promise<void> {
  for (const experiment of ['exp1', 'exp2'] as const) {
    const run = await session.evaluate(runInPage, experiment);
    // The line scripts/engines.mjs gathers for npm test's summary: `<engine> · <where> · <what> · backend: <badge>`.
    console.log(`${session.engine} · ${where} · ${experiment} · backend: ${backendWords(run)}; badge '${run.badge}', cross-origin isolated: ${run.isolated}`);
    expect(run.state, experiment).toBe('done');
    expect(run.isolated, 'cross-origin isolated').toBe(true);
    // Threaded SIMD where the page has shared memory, unless the threaded start did not end within
    // its bound (backend.ts, client.ts: it includes fetching the threaded binary, which a loaded
    // machine's first visit to an origin can take longer for), and then the notice says so;
    // single-threaded SIMD with no notice where the engine withholds shared memory.
    if (run.notice) console.log(`${session.engine} · ${where} · ${experiment}: fell back: ${run.notice}`);
    expect(run.backend, experiment).toEqual({ name: 'wasm', simd: true, threads: run.sharedMemory && !run.notice ? expect.any(Number) : 0 });
    if (run.sharedMemory && !run.notice) expect(run.backend.threads, experiment).toBeGreaterThanOrEqual(1);
    if (run.notice) expect(run.notice, experiment).toMatch(/wasm threaded SIMD did not start within \d+ ms/);
    expect(run.trace.status, experiment).toBe('done');
    expect(run.trace, `${experiment}: the page's run against Node's, bit for bit`).toEqual(await nodeTrace(experiment));
  }
}

/**
 * In the page: brings a figure's learning-rate knob to the middle of the window, once `alive` (its
 * live half has started) and once its box has stayed put for three frames running (the figure and
 * the page above it settle as it renders). The pointer actions find the knob themselves (drivers.ts,
 * rangeThumb, says why no coordinates are handed over).
 */
async function knobInView({ experiment, alive }: { experiment: string; alive: boolean }): Promise<void> {
  const figure = document.querySelector<HTMLElement>(`lab-experiment[data-experiment="${experiment}"]`)!;
  // The article carries a figure's knobs in a template until the figure comes near the viewport.
  figure.scrollIntoView({ block: 'center', behavior: 'instant' });
  const until = performance.now() + 30_000;
  const frame = () => new Promise((r) => requestAnimationFrame(r));
  let slider: HTMLInputElement | null;
  while (!(slider = figure.querySelector<HTMLInputElement>('[data-param="lr"]')) || (alive && (!slider.dataset['steps'] || slider.disabled))) {
    if (performance.now() > until) throw new Error(`the knob was not ${slider ? 'alive' : 'in the page'} within 30 s`);
    await frame();
  }
  let last = '';
  for (let still = 0; still < 3; ) {
    if (performance.now() > until) throw new Error('the knob did not settle in the window within 30 s');
    slider.scrollIntoView({ block: 'center', behavior: 'instant' });
    await frame();
    const box = slider.getBoundingClientRect();
    const now = `${box.left},${box.top},${box.width},${box.height}`;
    still = box.width > 0 && box.top >= 0 && box.bottom <= innerHeight && now === last ? still + 1 : 0;
    last = now;
  }
}

/** In the page: once the figure has painted the full run of the knob's value, that value and the run. */
async function afterDrag(experiment: string): Promise<{ lr: number; trace: ComparableTrace }> {
  const el = document.querySelector(`lab-experiment[data-experiment="${experiment}"]`) as HTMLElement & { lastRun: any };
  const slider = el.querySelector<HTMLInputElement>('[data-param="lr"]')!;
  const until = performance.now() + 30_000;
  for (;;) {
    const lr = (JSON.parse(slider.dataset['steps']!) as number[])[Number(slider.value)]!;
    if (el.dataset['state'] === 'done' && el.lastRun?.config.learningRate === lr) {
      const t = JSON.parse(JSON.stringify(el.lastRun, (_k, x) => (typeof x === 'number' && !Number.isFinite(x) ? String(x) : x)));
      const epochs = t.epochs.map((e: any) => ({ epoch: e.epoch, loss: e.loss, printed: e.printed, gradNorms: e.gradNorms, weightNorms: e.weightNorms }));
      return { lr, trace: { config: t.config, status: t.status, predictions: t.predictions, epochs } };
    }
    if (performance.now() > until) throw new Error(`the run of lr ${lr} was not painted within 30 s (state ${el.dataset['state']})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

for (const engine of selected()) {
  test.describe(engine, () => {
    test.describe.configure({ mode: 'serial' });
    let session: EngineSession;

    test.beforeAll(async ({}, info) => {
      const why = missing(engine);
      if (why) throw new Error(`${engine} cannot run here: ${why}`);
      info.setTimeout(120_000);
      const started = performance.now();
      session = await open(engine);
      console.log(`${engine}: ${session.version}, started in ${Math.round(performance.now() - started)} ms`);
    });
    test.afterAll(async () => session?.close());
    test.afterEach(() => {
      expect(session.errors.splice(0), 'console errors').toEqual([]);
    });

    for (const locale of ['en', 'zh-tw'] as const) {
      test(`${locale} article, production build with COOP/COEP: experiments 1 and 2 give Node's numbers bit for bit`, async () => {
        await session.goto(`${PREVIEW}/${locale}/${ARTICLE}/`);
        await experimentsMatchNode(session, `${locale} · astro preview`);
      });
    }

    test('a reader drags a learning-rate knob, runs the explosion map and opens an embed', async () => {
      await session.goto(`${PREVIEW}/en/${ARTICLE}/`);
      // A pointer in the figure is the reader's intent: it starts the figure's live half.
      const knob = 'lab-experiment[data-experiment="exp1"] [data-param="lr"]';
      await session.evaluate(knobInView, { experiment: 'exp1', alive: false });
      await session.hover(knob);
      await session.evaluate(knobInView, { experiment: 'exp1', alive: true });
      await session.dragRange(knob, 40);
      const dragged = await session.evaluate(afterDrag, 'exp1');
      console.log(`${engine} · dragged exp1's learning rate to ${dragged.lr}`);
      expect(dragged.lr, 'the drag moved the knob').not.toBe(preset('exp1').learningRate);
      expect(dragged.trace, `exp1 at lr ${dragged.lr}: the page's run against Node's, bit for bit`).toEqual(comparable(await nodeRun('exp1', { lr: dragged.lr })));

      const map = await session.evaluate(async () => {
        const el = document.querySelector('lab-explosion-map') as HTMLElement & { run(): Promise<{ status: string }> };
        el.scrollIntoView({ block: 'center' });
        await customElements.whenDefined('lab-explosion-map');
        return { status: (await el.run()).status, state: el.dataset['state'] };
      }, null);
      expect(map).toEqual({ status: 'done', state: 'done' });

      await session.goto(`${PREVIEW}/embed/en/${ARTICLE}/exp1/`);
      const embedded = await session.evaluate(runInPage, 'exp1');
      console.log(`${engine} · embed · exp1 · backend: ${backendWords(embedded)}; badge '${embedded.badge}'`);
      expect(embedded.trace, 'the embed against Node, bit for bit').toEqual(await nodeTrace('exp1'));
    });

    test('a plain static host: the coi service worker isolates the page, and experiments 1 and 2 still give Node’s numbers', async () => {
      const server = await serveStatic('dist', { port: STATIC_PORT });
      try {
        await session.goto(`${server.origin}/en/${ARTICLE}/`);
        // First visit: the service worker registers and reloads the page once, now with COOP/COEP.
        // (In between, the window passes through an isolated about:blank.)
        const reloaded = (origin: string) => location.origin === origin && document.readyState === 'complete' && crossOriginIsolated && !!navigator.serviceWorker.controller;
        await expect.poll(() => session.evaluate(reloaded, server.origin).catch(() => false), { timeout: 30_000 }).toBe(true);
        // The reload cuts the first document's downloads short (fonts, a lazily imported module), and
        // Firefox logs each as an error of that document (NS_BINDING_ABORTED; 'error loading
        // dynamically imported module'). A reader never sees that document: what counts is the
        // isolated one the tests below run in, which loads the same code again.
        for (const e of session.errors.splice(0)) console.log(`${engine} · plain static host · before the service worker's reload: ${e}`);
        await experimentsMatchNode(session, 'en · plain static host');
      } finally {
        await server.close();
      }
    });
  });
}
