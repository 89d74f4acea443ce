import type { Page } from '@playwright/test';
import { embedHeaders, securityHeaders } from '../src/build/headers';
import { ARTICLE, EXPERIMENTS, LOCALES, expect, island, runEveryIsland, runIsland, test } from './fixtures';

/**
 * The site under its Content-Security-Policy (src/build/headers.ts), as the preview server and every
 * host send it: every page and every island must run without a single violation.
 *
 * Violations are caught two ways: the page's `securitypolicyviolation` events (recorded by an init
 * script, which the policy cannot stop), and the browser's "Refused to …" reports in the page's and
 * the workers' consoles (the worker and its pthreads are where wasm compiles and blob: workers start).
 */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  const fromConsole: string[] = [];
  const isViolation = (text: string) => /Content Security Policy|Refused to/i.test(text);
  page.on('console', (m) => {
    if (isViolation(m.text())) fromConsole.push(m.text());
  });
  page.on('worker', (worker) =>
    worker.on('console', (m) => {
      if (isViolation(m.text())) fromConsole.push(`worker ${worker.url()}: ${m.text()}`);
    }),
  );
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`));
  });
  return async () => [...(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)), ...fromConsole];
}

const PAGES = ['/zh-tw/', '/en/', `/zh-tw/${ARTICLE}/`, `/en/${ARTICLE}/`, '/zh-tw/playground/', '/en/playground/'];
/** The embed pages (one figure alone, for other sites' frames): their own header set, the same policy otherwise. */
const EMBEDS = [`/embed/en/${ARTICLE}/exp2/`, `/embed/zh-tw/${ARTICLE}/fix-batchNorm/`, `/embed/en/${ARTICLE}/ensemble-exp3/`];
/** What else the site serves: feeds and social cards. */
const FILES = ['/en/rss.xml', '/zh-tw/rss.xml', `/og/en/${ARTICLE}.png`, '/og/zh-tw.png'];

test('every page, script, stylesheet, worker and wasm file is served with the full security header set', async ({ page, request, watch }) => {
  const expected = Object.fromEntries(Object.entries(securityHeaders()).map(([k, v]) => [k.toLowerCase(), v]));
  await page.goto(`/en/${ARTICLE}/`);
  await runIsland(page, 'exp1');
  const assets = watch.requests.filter((url) => /\/_astro\/.+\.(js|css|wasm)$|\/coi-serviceworker\.js$/.test(url));
  expect(assets.some((url) => url.endsWith('.wasm'))).toBe(true);
  expect(assets.some((url) => url.endsWith('.css'))).toBe(true);
  for (const path of [...PAGES, '/', ...FILES, ...assets]) {
    const headers = (await request.get(path)).headers();
    expect(Object.fromEntries(Object.keys(expected).map((k) => [k, headers[k]])), path).toEqual(expected);
  }
  const embed = Object.fromEntries(Object.entries(embedHeaders()).map(([k, v]) => [k.toLowerCase(), v]));
  for (const path of EMBEDS) {
    const headers = (await request.get(path)).headers();
    expect(Object.fromEntries(Object.keys(embed).map((k) => [k, headers[k]])), path).toEqual(embed);
  }
});

test('pages carry no inline script or stylesheet that the policy would have to allow', async ({ request }) => {
  for (const path of ['/', ...PAGES, ...EMBEDS, '/404.html']) {
    const html = await (await request.get(path)).text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    // JSON and JSON-LD are data: the browser never runs them, and script-src does not apply.
    const executable = scripts.filter(([, attrs = '', body = '']) => !/\bsrc=/.test(attrs) && !/type="application\/(ld\+)?json"/.test(attrs) && body.trim() !== '');
    expect(executable.map(([tag]) => tag.slice(0, 120)), path).toEqual([]);
    expect(html, path).not.toMatch(/<style[\s>]/);
    expect(html, path).not.toMatch(/\son[a-z]+="/);
  }
});

for (const locale of LOCALES) {
  test(`${locale}: the article trains every island under the policy without a violation`, async ({ page }) => {
    test.setTimeout(120_000);
    const violations = await watchViolations(page);
    await page.goto(`/${locale}/${ARTICLE}/`);
    for (const experiment of EXPERIMENTS) {
      await island(page, experiment).scrollIntoViewIfNeeded();
      const { live, backend } = await runIsland(page, experiment);
      expect(live.status, experiment).toBe('done');
      expect(backend.threads, 'the threaded build (blob: pthread workers) ran').toBeGreaterThanOrEqual(1);
      await expect(island(page, experiment).locator('.chart canvas').first()).toBeVisible();
      await island(page, experiment).getByRole('tab').last().click();
    }
    const states = await runEveryIsland(page);
    expect(states.length).toBeGreaterThan(EXPERIMENTS.length);
    for (const { island: name, state } of states) expect(state, name).toBe('done');
    expect(await violations()).toEqual([]);
  });
}

for (const locale of LOCALES) {
  test(`${locale}: the playground trains, compares and exports under the policy without a violation`, async ({ page }) => {
    const violations = await watchViolations(page);
    await page.goto(`/${locale}/playground/?preset=fix-batchNorm&depth=3`);
    const status = await page.evaluate(async () => {
      await customElements.whenDefined('lab-playground');
      const el = document.querySelector('lab-playground') as HTMLElement & { run(): Promise<{ status: string } | null> };
      return (await el.run())?.status;
    });
    expect(status).toBe('done');
    await page.locator('[data-action="compare"]').click();
    const download = page.waitForEvent('download');
    await page.locator('[data-action="json"]').click();
    await download;
    expect(await violations()).toEqual([]);
  });
}

test('the home pages and the language chooser load without a violation', async ({ page }) => {
  const violations = await watchViolations(page);
  for (const path of ['/zh-tw/', '/en/']) {
    await page.goto(path);
    expect(await violations(), path).toEqual([]);
  }
  // `/` sends the reader on at once (a script), so wait for where it lands rather than for its own load.
  await page.goto('/', { waitUntil: 'commit' });
  await expect(page).toHaveURL(/\/(en|zh-tw)\/$/);
  await page.waitForLoadState();
  expect(await violations()).toEqual([]);
});

test('the 404 page loads without a violation and ends up cross-origin isolated', async ({ page, watch }) => {
  watch.allow(/status of 404/);
  const violations = await watchViolations(page);
  const response = await page.goto('/no-such-page/');
  expect(response?.status()).toBe(404);
  // Where a host sends no headers with its 404 page, the coi service worker supplies COOP/COEP and
  // reloads once (the GitHub Pages route); `astro preview` sends them, so this holds either way.
  await expect.poll(() => page.evaluate(() => crossOriginIsolated).catch(() => false)).toBe(true);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  expect(await violations()).toEqual([]);
});

test('the cpu backend, loaded on demand, trains under the policy without a violation', async ({ page }) => {
  const violations = await watchViolations(page);
  await page.goto(`/en/${ARTICLE}/?backend=cpu`);
  const { live, backend } = await runIsland(page, 'exp1');
  expect(live.status).toBe('done');
  expect(backend.name).toBe('cpu');
  expect(await violations()).toEqual([]);
});

test('the policy is live: an injected inline script and a string timer (eval) are refused and reported', async ({ page, watch }) => {
  watch.allow(/Content Security Policy|Refused to/);
  const violations = await watchViolations(page);
  await page.goto(`/en/${ARTICLE}/`);
  // Playwright's own evaluate may eval; code the page runs later (a string timer) may not.
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.injectedRan = true';
    document.head.append(script);
    setTimeout('window.timerRan = true', 0);
  });
  await expect.poll(violations).toEqual(expect.arrayContaining([expect.stringMatching(/^script-src-elem blocked inline/), expect.stringMatching(/^script-src blocked eval/)]));
  expect(await page.evaluate(() => ['injectedRan', 'timerRan'].filter((name) => name in window))).toEqual([]);
});

for (const locale of LOCALES) {
  test(`${locale}: the article's JSON-LD structured data is allowed by the policy as it is (data, not script)`, async ({ page }) => {
    const violations = await watchViolations(page);
    await page.goto(`/${locale}/${ARTICLE}/`);
    await page.waitForLoadState('networkidle');
    expect(await page.locator('script[type="application/ld+json"]').count()).toBe(1);
    expect(await violations()).toEqual([]);
  });
}

test('embed pages train their figure under the policy without a violation', async ({ page }) => {
  const violations = await watchViolations(page);
  for (const path of EMBEDS) {
    await page.goto(path);
    const state = await page.evaluate(async () => {
      const tags = ['lab-experiment', 'lab-fix', 'lab-ensemble'];
      await Promise.any(tags.map((tag) => customElements.whenDefined(tag)));
      const el = document.querySelector<HTMLElement & { run(): Promise<unknown> }>(tags.join(', '))!;
      await el.run();
      return el.dataset['state'];
    });
    expect(state, path).toBe('done');
    expect(await violations(), path).toEqual([]);
  }
});
