import type { Page } from '@playwright/test';
import { ARTICLE, EXPERIMENTS, expect, island, labWorker, runIsland, slowLabWorker, test, type ComparableTrace } from './fixtures';
import { serveStatic } from './static-server';

/**
 * What keeps the experiments running when the best path is not there: a host without COOP/COEP,
 * .wasm files that cannot be fetched, a reader who asks for the cpu backend, a worker that dies,
 * and a reader who presses Run and Stop a hundred times.
 */

test.describe('served by a plain static host that sends no COOP/COEP', () => {
  const plain = test.extend<object, { plainOrigin: string }>({
    plainOrigin: [
      async ({}, use) => {
        const server = await serveStatic('dist');
        await use(server.origin);
        await server.close();
      },
      { scope: 'worker' },
    ],
    baseURL: async ({ plainOrigin }, use) => use(plainOrigin),
  });

  plain.describe('in a browser without service workers', () => {
    plain('the island trains on single-threaded SIMD wasm and its badge says so', async ({ page, watch }) => {
      // As in a private window of some browsers: no navigator.serviceWorker, so no coi route either.
      await page.addInitScript(() => delete (Navigator.prototype as { serviceWorker?: unknown }).serviceWorker);
      await page.goto(`/en/${ARTICLE}/`);
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
      const { live, backend } = await runIsland(page, 'exp1');
      expect(live.status).toBe('done');
      expect(backend).toEqual({ name: 'wasm', simd: true, threads: 0 });
      await expect(island(page, 'exp1').locator('[data-badge]')).toHaveText('WASM · SIMD');
      // Threads were never possible here, so nothing fell back: no notice.
      await expect(island(page, 'exp1').getByRole('note')).toBeHidden();
      expect(watch.requests.some((url) => /tfjs-backend-wasm-simd\.[\w-]+\.wasm$/.test(url))).toBe(true);
      expect(watch.requests.some((url) => /threaded-simd\.[\w-]+\.wasm$/.test(url))).toBe(false);
    });
  });

  plain('the coi service worker makes the page cross-origin isolated and the island trains on threads', async ({ page }) => {
    await page.goto(`/en/${ARTICLE}/`);
    // First visit: the service worker registers and reloads the page once, now with COOP/COEP.
    await expect.poll(() => page.evaluate(() => crossOriginIsolated).catch(() => false)).toBe(true);
    await page.waitForLoadState();
    const { live, backend } = await runIsland(page, 'exp1');
    expect(live.status).toBe('done');
    expect(backend.threads).toBeGreaterThanOrEqual(1);
    await expect(island(page, 'exp1').locator('[data-badge]')).toHaveText(/WASM · SIMD · \d+ threads?/);
  });
});

test.describe('a threaded start that breaks, as on iOS Safari (tfjs#7540: threads detected, then the start fails or hangs)', () => {
  const THREADED = '**/*threaded-simd.*.wasm';

  /** The island trained single-threaded to the article's numbers, and its badge and note say why. */
  async function fellBackToSimd(page: Page) {
    const { live, baked, backend } = await runIsland(page, 'exp1');
    expect(live).toEqual(baked);
    expect(backend).toEqual({ name: 'wasm', simd: true, threads: 0 });
    const exp1 = island(page, 'exp1');
    await expect(exp1.locator('[data-badge]')).toHaveText('WASM · SIMD');
    await expect(exp1.getByRole('note')).toContainText('could not start');
    await expect(exp1.getByRole('note')).toContainText('runs on WASM · SIMD instead');
    return exp1.getByRole('note');
  }

  test('a threaded binary that fails to start: the island trains on single-threaded SIMD and says so', async ({ page, context, watch }) => {
    watch.allow(/wasm|WebAssembly|abort/i); // the broken binary's own complaints
    await context.route(THREADED, (route) => route.fulfill({ status: 200, contentType: 'application/wasm', body: 'not a wasm module' }));
    await page.goto(`/en/${ARTICLE}/`);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    await fellBackToSimd(page);
  });

  test('a threaded start that blocks the worker for good: the page replaces the worker by a single-threaded one', async ({ page, context }) => {
    // The threaded binary is held back, so the worker is surely inside the threaded start; then its
    // thread is blocked, as Firefox 153 left it in some starts: it runs no timer and answers nothing.
    let requested = () => {};
    const inThreadedStart = new Promise<void>((resolve) => (requested = resolve));
    await context.route(THREADED, () => requested()); // never answered
    await page.goto(`/en/${ARTICLE}/`);
    await island(page, 'exp1').hover(); // a pointer in a figure starts the page's worker
    const worker = await labWorker(page);
    await inThreadedStart;
    void worker.evaluate(() => {
      for (;;);
    }).catch(() => {}); // ends when the page terminates the worker
    await expect(await fellBackToSimd(page)).toContainText('did not start within 2000 ms');
  });
});

test('when no .wasm file can be fetched the island falls back to the cpu backend and says so', async ({ page, context, watch }) => {
  watch.allow(/Failed to load resource/); // the blocked .wasm requests themselves
  await context.route('**/*.wasm', (route) => route.abort('blockedbyclient'));
  await page.goto(`/en/${ARTICLE}/`);
  const exp1 = island(page, 'exp1');
  await exp1.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(exp1).toHaveAttribute('data-state', 'done');
  await expect(exp1.locator('[data-badge]')).toHaveText('CPU');
  const notice = exp1.getByRole('note');
  await expect(notice).toBeVisible();
  await expect(notice).toContainText('could not start');
  await expect(notice).toContainText('runs on CPU instead');
  expect(await exp1.locator('[data-prediction]').allTextContents()).toEqual([expect.stringMatching(/^\d/), expect.stringMatching(/^\d/), expect.stringMatching(/^\d/)]);
});

test('?backend=cpu trains every island on the cpu backend to the wasm backend’s numbers, without fetching any .wasm and without a fallback notice', async ({ page, watch }) => {
  await page.goto(`/en/${ARTICLE}/?backend=cpu`);
  for (const experiment of EXPERIMENTS) {
    const { live, baked, backend } = await runIsland(page, experiment);
    expect(live.status, experiment).toBe('done');
    expect(backend.name, experiment).toBe('cpu');
    await expect(island(page, experiment).locator('[data-badge]')).toHaveText('CPU');
    await expect(island(page, experiment).getByRole('note')).toBeHidden();
    // The same numbers as wasm, to float32 rounding: the baked trace is the same run on the wasm
    // backend (in Node, at build time). exp2 blows up on both, in the same epochs.
    expect(live.config, experiment).toEqual(baked.config);
    expect(beyondRounding(live, baked), experiment).toEqual([]);
  }
  expect(watch.requests.filter((url) => url.endsWith('.wasm'))).toEqual([]);
});

/**
 * The numbers of two traces that differ by more than float32 rounding explains: 1e-4 relative (printed
 * weights: of the largest printed one), and non-finite in both or in neither. Why 1e-4, and the same
 * comparison on every experiment, three seeds and the fixes: src/lab/engine/backend.test.ts.
 */
function beyondRounding(a: ComparableTrace, b: ComparableTrace): string[] {
  const out: string[] = [];
  const compare = (what: string, x: readonly (number | string)[], y: readonly (number | string)[], scale?: number) => {
    if (x.length !== y.length) out.push(`${what}: ${x.length} vs ${y.length} numbers`);
    x.forEach((u, i) => {
      const v = y[i];
      // JSON carries NaN and ±Infinity as strings.
      if (typeof u !== 'number' || typeof v !== 'number') {
        if (typeof u !== typeof v) out.push(`${what}[${i}]: ${u} vs ${String(v)}`);
      } else if (Math.abs(u - v) > 1e-4 * (scale ?? Math.max(Math.abs(u), Math.abs(v)))) out.push(`${what}[${i}]: ${u} vs ${v}`);
    });
  };
  if (a.epochs.length !== b.epochs.length) out.push(`epochs: ${a.epochs.length} vs ${b.epochs.length}`);
  a.epochs.forEach((e, i) => {
    const f = b.epochs[i];
    if (!f) return;
    compare(`epoch ${e.epoch} loss`, [e.loss], [f.loss]);
    compare(`epoch ${e.epoch} gradNorms`, e.gradNorms, f.gradNorms);
    compare(`epoch ${e.epoch} weightNorms`, e.weightNorms, f.weightNorms);
    const printed = e.printed.filter((v): v is number => typeof v === 'number').map(Math.abs);
    compare(`epoch ${e.epoch} printed`, e.printed, f.printed, Math.max(0, ...printed));
  });
  compare('predictions', a.predictions ?? [], b.predictions ?? []);
  return out;
}

test.describe('when the worker dies mid-run', () => {
  test('a crash (an uncaught error in the worker) shows an error, and Run tries again on a fresh worker', async ({ page, watch }) => {
    watch.allow(/the test crashed the lab worker/);
    await page.goto(`/en/${ARTICLE}/`);
    const exp3 = island(page, 'exp3');
    await exp3.hover(); // a pointer in a figure starts the page's worker
    // Arm the crash inside the worker before the run, so it lands mid-run however fast training is: right after the batch with epoch 3 is posted.
    const worker = await labWorker(page);
    await worker.evaluate(() => {
      const post = self.postMessage.bind(self) as (message: unknown, transfer: Transferable[]) => void;
      let epochs = 0;
      self.postMessage = ((message: { type?: string; events?: { type?: string }[] }, transfer: Transferable[] = []) => {
        post(message, transfer);
        const before = epochs;
        if (message.type === 'events') epochs += message.events?.filter((e) => e.type === 'epochEnd').length ?? 0;
        if (before < 3 && epochs >= 3) {
          setTimeout(() => {
            throw new Error('the test crashed the lab worker');
          });
        }
      }) as typeof self.postMessage;
    });
    await exp3.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(exp3).toHaveAttribute('data-state', 'error');
    await expect(exp3.getByRole('status').first()).toContainText('the test crashed the lab worker');
    await expect(exp3.getByRole('status').first()).toContainText('Press Run to try again');
    await expect(exp3.locator('[data-console]')).toContainText('Epoch 3/20');

    await exp3.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(exp3).toHaveAttribute('data-state', 'done');
    await expect(exp3.locator('[data-console]')).toContainText('Epoch 20/20');
  });

  test('a terminated worker ends the run as an error, and Run tries again on a fresh worker', async ({ page }) => {
    await page.goto(`/en/${ARTICLE}/?lab-debug`);
    const exp1 = island(page, 'exp1');
    await exp1.hover(); // a pointer in a figure starts the page's worker
    // A 20-epoch exp1 run takes a few milliseconds and comes back in one message, too fast to be
    // caught in the middle: train 2,000 epochs instead (the worker sends them in batches, one a
    // frame), slowed down after each batch (as on a slow device), and terminate the worker from the
    // page as soon as epoch 3 shows.
    await slowLabWorker(page, 150);
    const status = await page.evaluate(async () => {
      const el = document.querySelector('lab-experiment[data-experiment="exp1"]') as HTMLElement & { tweak(v: object): Promise<{ status: string }> };
      const printout = el.querySelector('[data-console]')!;
      const observer = new MutationObserver(() => {
        if (printout.textContent?.includes('Epoch 3/')) {
          observer.disconnect();
          window.labDebug!.client().terminate();
        }
      });
      observer.observe(printout, { childList: true, characterData: true, subtree: true });
      return (await el.tweak({ epochs: 2000 })).status;
    });
    expect(status).toBe('error');
    await expect(exp1).toHaveAttribute('data-state', 'error');
    await expect(exp1.getByRole('status').first()).toContainText('Press Run to try again');

    await exp1.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(exp1).toHaveAttribute('data-state', 'done');
  });
});

test('running an island again while it trains: latest wins, the replaced run ends cancelled, and the island never shows it as stopped', async ({ page }) => {
  await page.goto(`/en/${ARTICLE}/?lab-debug`);
  const exp3 = island(page, 'exp3');
  await exp3.hover(); // a pointer in a figure starts the page's worker
  // A 2,000-epoch run, slowed after every batch of epochs it sends (as on a slow device), is still
  // training 400 ms after it started, however fast this machine is: longer than a short run may take
  // (retrain.ts LONG_MS), so a newer request replaces it. The newer one is the article's 20 epochs.
  await slowLabWorker(page, 150);
  const result = await page.evaluate(async () => {
    const el = document.querySelector('lab-experiment[data-experiment="exp3"]') as HTMLElement & { tweak(v: object): Promise<{ status: string }> };
    const states: string[] = [];
    new MutationObserver(() => states.push(el.dataset['state'] ?? '')).observe(el, { attributeFilter: ['data-state'] });
    const started = new Promise<void>((resolve) => {
      const watch = new MutationObserver(() => {
        if (el.dataset['state'] !== 'training') return;
        watch.disconnect();
        resolve();
      });
      watch.observe(el, { attributeFilter: ['data-state'] });
    });
    const first = el.tweak({ epochs: 2000 });
    await started;
    await new Promise((r) => setTimeout(r, 400));
    const second = el.tweak({ epochs: 20 });
    return { first: (await first).status, second: (await second).status, states };
  });
  expect(result.first).toBe('cancelled');
  expect(result.second).toBe('done');
  expect(result.states).not.toContain('cancelled');
  expect(result.states.at(-1)).toBe('done');
});

test('a hundred runs and cancels in one page leave the worker holding no extra tensors and no island training', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto(`/en/${ARTICLE}/?lab-debug`);
  // Warm up: one full run of each island, then the count every later check must match.
  for (const experiment of EXPERIMENTS) expect((await runIsland(page, experiment)).live.status).toBe('done');

  const result = await page.evaluate(async (ids) => {
    type Island = HTMLElement & { run(): Promise<{ status: string }> };
    const islands = ids.map((id) => document.querySelector(`lab-experiment[data-experiment="${id}"]`) as Island);
    const client = window.labDebug!.client();
    const baseline = await client.numTensors();
    const counts: number[] = [];
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const pending: Promise<unknown>[] = [];
    const outcome = new Map<number, string>();
    const neverEnded = new Set<number>();
    /** Waits for every run so far; a run that never ends is what this test looks for, so after 30 s it is noted and no longer awaited. */
    const settle = async () => {
      const waiting = pending.filter((_, i) => !outcome.has(i + 1) && !neverEnded.has(i + 1));
      await Promise.race([Promise.all(waiting), new Promise((r) => setTimeout(r, 30_000))]);
      pending.forEach((_, i) => outcome.has(i + 1) || neverEnded.add(i + 1));
    };
    for (let i = 1; i <= 100; i++) {
      const el = islands[i % islands.length]!;
      pending.push(el.run().then(({ status }) => outcome.set(i, status)));
      const kind = i % 10 === 0 ? 'finish' : random() < 0.5 ? 'stop' : 'replace';
      if (kind === 'stop') {
        await new Promise((r) => setTimeout(r, random() * 30));
        el.querySelector<HTMLButtonElement>('[data-action="stop"]')!.click();
      }
      // 'replace': the next run (of any island) cancels this one.
      if (kind !== 'replace') await settle();
      if (i % 25 === 0) {
        // Count once the worker has let go: a run a newer one replaced resolves 'cancelled' at once in
        // the page, but holds its tensors in the worker until it reaches its next pause. A leak never
        // comes back to the baseline, and is counted at the deadline.
        await settle();
        let count = await client.numTensors();
        for (const until = performance.now() + 10_000; count !== baseline && performance.now() < until; ) {
          await new Promise((r) => setTimeout(r, 50));
          count = await client.numTensors();
        }
        counts.push(count);
      }
    }
    await settle();
    const statuses: Record<string, number> = {};
    for (const status of outcome.values()) statuses[status] = (statuses[status] ?? 0) + 1;
    return { baseline, counts, statuses, neverEnded: [...neverEnded], states: islands.map((el) => el.dataset['state']) };
  }, EXPERIMENTS);

  expect(result.neverEnded, 'runs whose promise never settled').toEqual([]);
  expect(result.counts).toEqual([result.baseline, result.baseline, result.baseline, result.baseline]);
  expect(result.statuses['done']).toBeGreaterThanOrEqual(10);
  expect(result.statuses['cancelled']).toBeGreaterThanOrEqual(40);
  expect(result.statuses['error']).toBeUndefined();
  for (const state of result.states) expect(['done', 'cancelled']).toContain(state);
});
