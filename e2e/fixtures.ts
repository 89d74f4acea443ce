import { test as base, expect, type BrowserContext, type Locator, type Page } from '@playwright/test';

export const ARTICLE = 'exploding-vanishing-gradients';
/** The series' second article (part 2). */
export const SECOND_ARTICLE = 'vanishing-gradients-through-time';
export const LOCALES = ['zh-tw', 'en'] as const;
export const EXPERIMENTS = ['exp1', 'exp2', 'exp3'] as const;

/**
 * Every page gets watched: console errors, uncaught exceptions and any request that leaves our
 * origin fail the test at its end. Tests that expect an error say so with `allowErrors`.
 */
export interface Watch {
  errors: string[];
  foreign: string[];
  requests: string[];
  /** Console errors matching this are expected by the test (a 404 page logs its own 404). */
  allow(pattern: RegExp): void;
}

export const test = base.extend<{ watch: Watch }>({
  watch: [
    async ({ page, baseURL }, use) => {
      const errors: string[] = [];
      const foreign: string[] = [];
      const requests: string[] = [];
      const origin = new URL(baseURL ?? 'http://localhost').origin;
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      page.context().on('request', (r) => {
        const url = r.url();
        requests.push(url);
        if (!url.startsWith(origin) && !url.startsWith('blob:') && !url.startsWith('data:')) foreign.push(url);
      });
      const allowed: RegExp[] = [];
      const watch: Watch = { errors, foreign, requests, allow: (p) => allowed.push(p) };
      await use(watch);
      expect(foreign, 'requests to another origin').toEqual([]);
      expect(errors.filter((e) => !allowed.some((p) => p.test(e))), 'console errors').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

export function island(page: Page, experiment: string) {
  return page.locator(`lab-experiment[data-experiment="${experiment}"]`);
}

/**
 * A picture of one figure for a person to look at: the figure scrolled to the top of the window, and
 * the window captured (its top part, where the knobs, the readout and the console are, when the
 * figure is taller than the window). Not Playwright's element or clipped full-page screenshot: on
 * the English article both first resize the page's viewport (to 1 px tall in Chromium 150, seen from
 * the page), its layout then runs to 160,000 px, no frame comes, and they wait out the test's minute.
 */
export async function figureShot(page: Page, figure: Locator, path: string): Promise<void> {
  await figure.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path });
}

/** Opens the English article, scrolls to an experiment, presses its Run button and waits for the run to end. */
export async function runByButton(page: Page, experiment: string) {
  await page.goto(`/en/${ARTICLE}/`);
  const fig = island(page, experiment);
  await fig.scrollIntoViewIfNeeded();
  await fig.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(fig).toHaveAttribute('data-state', 'done');
  return fig;
}

/** A trace with what may differ between two runs of the same seed removed (timings, the backend). */
export interface ComparableTrace {
  config: unknown;
  epochs: { epoch: number; loss: number | string; printed: (number | string)[]; gradNorms: (number | string)[]; weightNorms: (number | string)[] }[];
  predictions: (number | string)[] | null;
  status: string;
}

/** Runs an island through its public `run()` and returns the live and the baked trace, comparable. */
export async function runIsland(page: Page, experiment: string, options: Record<string, unknown> = {}): Promise<{ live: ComparableTrace; baked: ComparableTrace; backend: { name: string; simd: boolean; threads: number } }> {
  return page.evaluate(
    async ({ experiment, options }) => {
      const el = document.querySelector(`lab-experiment[data-experiment="${experiment}"]`) as HTMLElement & { run(o: unknown): Promise<any> };
      await customElements.whenDefined('lab-experiment');
      const encode = (v: unknown) => JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === 'number' && !Number.isFinite(x) ? String(x) : x)));
      const strip = (t: any) => ({
        config: t.config,
        status: t.status,
        predictions: t.predictions,
        epochs: t.epochs.map((e: any) => ({ epoch: e.epoch, loss: e.loss, printed: e.printed, gradNorms: e.gradNorms, weightNorms: e.weightNorms })),
      });
      const live = await el.run(options);
      const baked = await (await fetch(el.dataset['bakedSrc']!)).json();
      return { live: strip(encode(live)), baked: strip(baked), backend: live.backend };
    },
    { experiment, options },
  );
}

/** Every interactive figure's element name that trains on Run: the article's experiments, fix comparisons, seed ensembles and the two maps. */
export const ISLAND_TAGS = ['lab-experiment', 'lab-fix', 'lab-ensemble', 'lab-explosion-map', 'lab-vanishing-map'] as const;

/**
 * Runs every island on the page, one after another, through its public `run()` (the Run button's
 * path), scrolling each into view first; returns each one's `data-state` afterwards.
 */
export async function runEveryIsland(page: Page): Promise<{ island: string; state: string }[]> {
  return page.evaluate(async (tags) => {
    const states: { island: string; state: string }[] = [];
    for (const el of document.querySelectorAll<HTMLElement & { run(): Promise<unknown> }>(tags.join(', '))) {
      el.scrollIntoView({ block: 'center' });
      await customElements.whenDefined(el.localName); // some load their code only when near
      await el.run();
      const key = el.dataset['experiment'] ?? el.dataset['fix'] ?? '';
      states.push({ island: `${el.localName}[${key}]`, state: el.dataset['state'] ?? '' });
    }
    return states;
  }, ISLAND_TAGS);
}

/** The page's lab worker (not tfjs's pthread workers, which are blob: URLs), once the page has started it. */
export async function labWorker(page: Page) {
  const isLab = (url: string) => /\/_astro\/worker[^/]*\.js$/.test(url);
  await expect.poll(() => page.workers().some((w) => isLab(w.url()))).toBe(true);
  return page.workers().find((w) => isLab(w.url()))!;
}

/**
 * Holds every .wasm request of the context back until the returned function is called, so that an
 * island pressed in the meantime is surely still loading its backend.
 */
export async function holdWasm(context: BrowserContext): Promise<() => void> {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await context.route('**/*.wasm', async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

/**
 * Holds the page's lab worker's next run at its first pause (where it lets a cancel in) until the
 * page sends a cancel, however fast this machine trains: a Stop test then always finds the run in
 * the middle, with no race against the clock. The worker pauses by posting to a MessageChannel
 * (worker.ts yieldToEventLoop); those posts wait here, and go out after the cancel has been handled.
 */
export async function holdLabWorker(page: Page): Promise<void> {
  const worker = await labWorker(page);
  await worker.evaluate(() => {
    const proto = MessagePort.prototype;
    const post = proto.postMessage;
    const held: (() => void)[] = [];
    proto.postMessage = function (this: MessagePort, ...args: unknown[]) {
      held.push(() => (post as (...a: unknown[]) => void).apply(this, args));
    } as typeof proto.postMessage;
    // Added after the worker's own handler, so it runs after the cancel has aborted the run.
    self.addEventListener('message', (e: MessageEvent<{ type?: string }>) => {
      if (e.data?.type !== 'cancel' || proto.postMessage === post) return;
      proto.postMessage = post;
      for (const release of held.splice(0)) release();
    });
  });
}

/**
 * Makes the page's lab worker take at least `ms` per epoch, as on a slow device, so a test can press
 * Stop mid-run however fast this machine trains. It waits inside the worker after each batch of epochs is
 * posted (a batch is one epoch once a run has lasted a frame: protocol.ts BATCH_MS).
 */
export async function slowLabWorker(page: Page, ms: number): Promise<void> {
  const worker = await labWorker(page);
  await worker.evaluate((ms) => {
    const post = self.postMessage.bind(self) as (message: unknown, transfer: Transferable[]) => void;
    self.postMessage = ((message: { type?: string; events?: { type?: string }[] }, transfer: Transferable[] = []) => {
      post(message, transfer);
      if (message.type === 'events' && message.events?.some((e) => e.type === 'epochEnd')) {
        const until = performance.now() + ms;
        while (performance.now() < until);
      }
    }) as typeof self.postMessage;
  }, ms);
}
