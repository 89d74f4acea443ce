import { ARTICLE, LOCALES, expect, island, runIsland, test } from './fixtures';

for (const locale of LOCALES) {
  test.describe(`the ${locale} article on the production build`, () => {
    test('is cross-origin isolated and trains on threaded SIMD wasm loaded from our origin', async ({ page, watch }) => {
      const response = await page.goto(`/${locale}/${ARTICLE}/`);
      expect(response?.headers()['cross-origin-opener-policy']).toBe('same-origin');
      expect(response?.headers()['cross-origin-embedder-policy']).toBe('require-corp');
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);

      const { live, backend } = await runIsland(page, 'exp1');
      expect(live.status).toBe('done');
      expect(live.epochs).toHaveLength(20);
      // The threaded build works in production only because of the minification fix (src/build/threaded-wasm-fix.ts).
      expect(backend).toEqual({ name: 'wasm', simd: true, threads: expect.any(Number) });
      expect(backend.threads).toBeGreaterThanOrEqual(1);
      expect(watch.requests.some((url) => /tfjs-backend-wasm-threaded-simd\.[\w-]+\.wasm$/.test(url))).toBe(true);
      expect(watch.requests.some((url) => /tfjs-backend-wasm(-simd)?\.[\w-]+\.wasm$/.test(url))).toBe(false);
      await expect(island(page, 'exp1')).toHaveAttribute('data-state', 'done');
      await expect(island(page, 'exp1').locator('[data-badge]')).toHaveText(locale === 'en' ? /WASM · SIMD · \d+ threads?/ : /WASM · SIMD · \d+ 個執行緒/);
    });
  });
}

test('the threaded backend trains on the direct step: its self-check passed in the worker', async ({ page }) => {
  // A tfjs upgrade that changed a kernel the direct step calls would show here as path 'lean' and a
  // directFallback naming the difference (src/lab/engine/step/direct.ts); the numbers alone would not show it.
  await page.goto(`/en/${ARTICLE}/`);
  const trace = await page.evaluate(async () => {
    await customElements.whenDefined('lab-experiment');
    type Trace = { status: string; path?: string; directFallback?: string; backend: { name: string; threads: number } };
    const el = document.querySelector('lab-experiment[data-experiment="exp1"]') as HTMLElement & { run(): Promise<Trace> };
    const t = await el.run();
    return { status: t.status, path: t.path, directFallback: t.directFallback ?? null, backend: t.backend.name, threads: t.backend.threads };
  });
  expect(trace).toEqual({ status: 'done', path: 'direct', directFallback: null, backend: 'wasm', threads: expect.any(Number) });
  expect(trace.threads).toBeGreaterThanOrEqual(1);
});

test('the worker script and the wasm binaries carry the isolation headers too', async ({ page, request, watch }) => {
  await page.goto(`/en/${ARTICLE}/`);
  await runIsland(page, 'exp1');
  const assets = watch.requests.filter((url) => /\/_astro\/worker[^/]*\.js$|\.wasm$/.test(url));
  expect(assets.length).toBeGreaterThanOrEqual(2);
  for (const url of assets) {
    const res = await request.get(url);
    expect(res.headers()['cross-origin-embedder-policy'], url).toBe('require-corp');
    expect(res.headers()['cross-origin-opener-policy'], url).toBe('same-origin');
  }
});

test('the page itself never loads TensorFlow.js: it stays in the worker, fetched only once an island is wanted', async ({ page }) => {
  // The page's own scripts, read as they arrive: not the lab worker's entry script, and not what the
  // worker itself fetches (those requests have no frame).
  const scripts: Promise<{ url: string; text: string }>[] = [];
  page.on('response', (response) => {
    let inPage = true;
    try {
      response.frame();
    } catch {
      inPage = false;
    }
    const workerEntry = /\/_astro\/worker[^/]*\.js$/.test(response.url());
    if (inPage && !workerEntry && response.request().resourceType() === 'script') scripts.push(response.text().then((text) => ({ url: response.url(), text })));
  });
  await page.goto(`/en/${ARTICLE}/`, { waitUntil: 'networkidle' });
  await runIsland(page, 'exp1'); // the worker and tfjs load now, in the worker
  await page.waitForLoadState('networkidle'); // and whatever else the run brought in has arrived
  const loaded = await Promise.all(scripts);
  expect(loaded.length).toBeGreaterThan(0);
  // `tfjsflags` is the name of tfjs-core's URL flag parameter: in its bundle, and nowhere else.
  for (const { url, text } of loaded) expect(text.includes('tfjsflags'), url).toBe(false);
});

test('a reader who only reads costs no worker: no .wasm, no lab worker and no threads until a pointer enters a figure', async ({ page }) => {
  const wasm: string[] = [];
  page.on('request', (request) => {
    if (/\.wasm(\?|$)/.test(request.url())) wasm.push(request.url());
  });
  await page.goto(`/en/${ARTICLE}/`, { waitUntil: 'networkidle' });
  // Reading: scroll the whole article past every figure, a few frames a screen, then stay a while
  // on the page (5 s: longer than the idle warm-up this replaced ever waited), all without a pointer.
  await page.evaluate(async () => {
    const frames = (n: number) => new Promise<void>((resolve) => {
      const step = () => (--n <= 0 ? resolve() : requestAnimationFrame(step));
      requestAnimationFrame(step);
    });
    for (let y = 0; y < document.documentElement.scrollHeight; y += 600) {
      scrollTo(0, y);
      await frames(3);
    }
    const until = performance.now() + 5_000;
    while (performance.now() < until) await frames(10);
  });
  expect(wasm).toEqual([]);
  expect(page.workers()).toEqual([]);
  // Intent: the pointer enters a figure, and the worker with its backend starts.
  await island(page, 'exp1').hover();
  await expect.poll(() => wasm.length, { timeout: 20_000 }).toBeGreaterThan(0);
  await expect.poll(() => page.workers().length).toBeGreaterThan(0);
});
