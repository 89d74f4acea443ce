import { expect, test } from '@playwright/test';
import { comparable, nodeRun } from '../e2e/node-lab';
import type { ComparableTrace } from '../e2e/fixtures';
import { serveStatic } from '../e2e/static-server';
import { missing, open, type EngineName, type EngineSession } from './drivers';

/**
 * A smoke run of the site in the two engines besides Chromium (Firefox, WebKit): both articles over
 * the production build with COOP/COEP, and once over a plain static host, where the coi service
 * worker isolates the page. Experiments 1 and 2 train through their `run()` (the Run button's
 * path) and must give the losses, gradient and weight norms, printed weights and predictions of the
 * same seed trained in this Node process, bit for bit: the same wasm and float32 arithmetic in
 * every engine. Each test prints the backend that ran; any console error fails it.
 */

const ARTICLE = 'exploding-vanishing-gradients';
const PREVIEW = `http://localhost:${Number(process.env['E2E_PORT'] ?? 4329)}`;
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
    console.log(`${session.engine} · ${where} · ${experiment}: ${run.badge}; cross-origin isolated: ${run.isolated}, SharedArrayBuffer: ${run.sharedMemory}`);
    expect(run.state, experiment).toBe('done');
    expect(run.isolated, 'cross-origin isolated').toBe(true);
    // The best rung the engine offers, and nothing failed on the way down (no notice): threaded SIMD
    // where the page has shared memory, single-threaded SIMD where the engine withholds it.
    expect(run.backend, experiment).toEqual({ name: 'wasm', simd: true, threads: run.sharedMemory ? expect.any(Number) : 0 });
    if (run.sharedMemory) expect(run.backend.threads, experiment).toBeGreaterThanOrEqual(1);
    expect(run.notice, experiment).toBe('');
    expect(run.trace.status, experiment).toBe('done');
    expect(run.trace, `${experiment}: the page's run against Node's, bit for bit`).toEqual(await nodeTrace(experiment));
  }
}

for (const engine of ['firefox', 'webkit'] as const satisfies readonly EngineName[]) {
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

    test('a plain static host: the coi service worker isolates the page, and experiments 1 and 2 still give Node’s numbers', async () => {
      const server = await serveStatic('dist', { port: STATIC_PORT });
      try {
        await session.goto(`${server.origin}/en/${ARTICLE}/`);
        // First visit: the service worker registers and reloads the page once, now with COOP/COEP.
        // (In between, the window passes through an isolated about:blank.)
        const reloaded = (origin: string) => location.origin === origin && document.readyState === 'complete' && crossOriginIsolated && !!navigator.serviceWorker.controller;
        await expect.poll(() => session.evaluate(reloaded, server.origin).catch(() => false), { timeout: 30_000 }).toBe(true);
        await experimentsMatchNode(session, 'en · plain static host');
      } finally {
        await server.close();
      }
    });
  });
}
