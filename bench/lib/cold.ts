/**
 * Cold start, the way a reader meets the article: a fresh browser context (empty HTTP cache), the
 * English article, then a click on exp1's Run. Times come from the page's own
 * clock (performance.now(), 0 = navigation start), stamped by an init script: when the island's
 * element is defined, when the lab worker is created, when Run is clicked, when `data-state`
 * changes, when the run first paints its console after the click (its first epochs, "Epoch 1/20"
 * on). The console already shows the article's baked run, whose text the live run of the default
 * settings reproduces exactly, so a change of the console is looked for, not its text. Two ways:
 *
 * - `eager`: Run is clicked as soon as the island is defined: the worker, tfjs and the .wasm are
 *   fetched and compiled after the click (since issue 23 nothing starts them before a reader's
 *   intent: a pointer or focus in a figure; `workerBeforeClick` says if anything did);
 * - `idle`: the page is left until the network is idle, then Run is clicked: whatever the page
 *   fetched on its own is "before the first interaction", the rest is "the first Run".
 */
import type { Browser, Page } from '@playwright/test';

export type Scenario = 'eager' | 'idle';

export interface ColdMarks {
  /** ms from navigation start */
  islandDefined: number;
  domContentLoaded: number;
  load: number;
  firstContentfulPaint: number | null;
  /** ms from the click */
  toLoading: number | null;
  toTraining: number | null;
  /** Click → the first frame in which the run repainted the console (its first epochs). */
  toFirstEpochLine: number | null;
  toDone: number | null;
  /** How long before the click the lab worker was created (negative: after it); null if it never was. */
  workerBeforeClick: number | null;
}

export interface Fetched {
  url: string;
  phase: 'before-interaction' | 'first-run';
  status: number;
  /** What the server sent for the body (encoded), as Chromium counted it. */
  transferred: number;
}

export interface ColdSample {
  scenario: Scenario;
  /** How the first run ended: the island's final `data-state` ('done', 'error', 'cancelled'), or 'timeout'. */
  status: string;
  /** What the island said when the run did not end 'done' (its status line), or how long it waited. */
  error?: string;
  marks: ColdMarks;
  requests: Fetched[];
  /** Module workers the page started (not the blob: pthread workers). */
  workers: string[];
  crossOriginIsolated: boolean;
  backendBadge: string;
}

declare global {
  interface Window {
    __benchMarks?: Record<string, number>;
  }
}

/** Runs in the page before any of its scripts (Playwright's init scripts are exempt from the CSP). */
function stampMarks(): void {
  const marks: Record<string, number> = {};
  window.__benchMarks = marks;
  const mark = (name: string) => {
    if (!(name in marks)) marks[name] = performance.now();
  };
  const island = () => document.querySelector('lab-experiment[data-experiment="exp1"]');
  void customElements.whenDefined('lab-experiment').then(() => mark('islandDefined'));
  document.addEventListener(
    'click',
    (e) => {
      if (e.target instanceof Element && e.target.closest('button[data-action="run"]') && island()?.contains(e.target)) mark('click');
    },
    true,
  );
  new MutationObserver((records) => {
    if (!('click' in marks)) return;
    const el = island();
    const state = el?.getAttribute('data-state');
    if (state) mark(`state:${state}`);
    const output = el?.querySelector('[data-console]');
    if (output && records.some((r) => output.contains(r.target))) mark('firstEpochLine');
  }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['data-state'] });
  const NativeWorker = window.Worker;
  window.Worker = class extends NativeWorker {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      if (options?.name === 'lab') mark('worker');
    }
  };
}

async function readMarks(page: Page): Promise<ColdMarks> {
  const raw = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    return { marks: window.__benchMarks ?? {}, dcl: nav?.domContentLoadedEventEnd ?? NaN, load: nav?.loadEventEnd ?? NaN, fcp: fcp ? fcp.startTime : null };
  });
  const m = raw.marks;
  const since = (name: string) => (m[name] !== undefined && m['click'] !== undefined ? m[name]! - m['click']! : null);
  return {
    islandDefined: m['islandDefined'] ?? NaN,
    domContentLoaded: raw.dcl,
    load: raw.load,
    firstContentfulPaint: raw.fcp,
    toLoading: since('state:loading'),
    toTraining: since('state:training'),
    toFirstEpochLine: since('firstEpochLine'),
    toDone: since('state:done'),
    workerBeforeClick: m['worker'] !== undefined && m['click'] !== undefined ? m['click'] - m['worker'] : null,
  };
}

export async function coldStart(browser: Browser, origin: string, path: string, scenario: Scenario): Promise<ColdSample> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  try {
    const page = await context.newPage();
    await page.addInitScript(stampMarks);
    const requests: Fetched[] = [];
    const workers: string[] = [];
    let phase: Fetched['phase'] = 'before-interaction';
    context.on('requestfinished', (request) => {
      const at = phase;
      void Promise.all([request.response(), request.sizes()]).then(([response, sizes]) =>
        requests.push({ url: request.url(), phase: at, status: response?.status() ?? 0, transferred: sizes.responseBodySize }),
      );
    });
    page.on('worker', (w) => {
      if (!w.url().startsWith('blob:')) workers.push(w.url());
    });
    await page.goto(`${origin}${path}`, { waitUntil: 'load' });
    await page.waitForFunction(() => window.__benchMarks?.['islandDefined'] !== undefined);
    if (scenario === 'idle') await page.waitForLoadState('networkidle');
    const island = page.locator('lab-experiment[data-experiment="exp1"]');
    const run = island.getByRole('button', { name: 'Run', exact: true });
    phase = 'first-run';
    await run.click();
    // Any end counts as an end: a run that errors is a failed sample, reported as such, not a wait until the timeout.
    const ended = await page
      .waitForFunction(() => ['done', 'error', 'cancelled'].includes(document.querySelector('lab-experiment[data-experiment="exp1"]')?.getAttribute('data-state') ?? ''), null, { timeout: 60_000 })
      .then(() => true, () => false);
    const state = (await island.getAttribute('data-state')) ?? '';
    const said = ((await island.locator('[data-status]').textContent()) ?? '').trim();
    await page.waitForLoadState('networkidle');
    const marks = await readMarks(page);
    const crossOriginIsolated = await page.evaluate(() => self.crossOriginIsolated);
    const backendBadge = (await island.locator('[data-badge]').textContent()) ?? '';
    const status = ended ? state : 'timeout';
    const error = status === 'done' ? undefined : ended ? said : `still '${state}' 60 s after the click`;
    return { scenario, status, ...(error === undefined ? {} : { error }), marks, requests, workers, crossOriginIsolated, backendBadge: backendBadge.trim() };
  } finally {
    await context.close();
  }
}
