import { createServer } from 'node:http';
import { test as base, type Frame, type Page } from '@playwright/test';
import { embedHeaders } from '../src/build/headers';
import { ARTICLE, expect, test } from './fixtures';

/**
 * Embedding, the way a teacher does it: a course page on another origin frames one figure
 * (/embed/<locale>/<article>/<figure>/). The course page is served here from a second origin,
 * 127.0.0.1 on E2E_PORT + 1 (another site altogether, not only another port), with or without
 * COOP/COEP, and the framed figure must load and train in both. The snippet is the one the
 * article's Embed control hands out.
 */
const SITE_PORT = Number(process.env.E2E_PORT ?? 4329);
const SITE = `http://localhost:${SITE_PORT}`;
const PARENT_PORT = SITE_PORT + 1;
const PARENT = `http://127.0.0.1:${PARENT_PORT}`;
const EMBED = `/embed/en/${ARTICLE}/exp1/`;

interface Course {
  /** What the course page shows from now on (an iframe snippet). */
  show(snippet: string): void;
}

/**
 * A course page: a heading and the snippet it is given. `?coi` adds the headers that make it
 * cross-origin isolated; `?frame=article` frames the article instead of an embed page.
 */
const embedTest = base.extend<object, { course: Course }>({
  course: [
    async ({}, use) => {
      let snippet = '';
      const server = createServer((req, res) => {
        const url = new URL(req.url ?? '/', PARENT);
        const headers: Record<string, string> = { 'Content-Type': 'text/html; charset=utf-8' };
        if (url.searchParams.has('coi')) Object.assign(headers, { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' });
        res.writeHead(url.pathname === '/' ? 200 : 404, headers);
        const body = url.searchParams.get('frame') === 'article' ? `<iframe src="${SITE}/en/${ARTICLE}/" title="article"></iframe>` : snippet;
        res.end(`<!doctype html><html lang="en"><title>Week 3</title><link rel="icon" href="data:,"><h1>Week 3: vanishing gradients</h1>${body}`);
      });
      await new Promise<void>((done) => server.listen(PARENT_PORT, '127.0.0.1', done));
      await use({ show: (s) => (snippet = s) });
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    },
    { scope: 'worker' },
  ],
});

/** The snippet as the Embed control writes it, pointing at the preview server. */
const SNIPPET = `<iframe src="${SITE}${EMBED}" title="exp1" width="100%" height="560" style="border: 0" loading="lazy" allow="cross-origin-isolated; clipboard-write"></iframe>`;

/** The framed figure, once its document has loaded. */
async function embedFrame(page: Page): Promise<Frame> {
  await expect.poll(() => page.frames().some((f) => f.url().startsWith(`${SITE}/embed/`))).toBe(true);
  const frame = page.frames().find((f) => f.url().startsWith(`${SITE}/embed/`))!;
  await frame.waitForLoadState();
  return frame;
}

/** Runs the framed experiment through its public run(), as the Run button does. */
function runFramed(frame: Frame) {
  return frame.evaluate(async () => {
    await customElements.whenDefined('lab-experiment');
    const el = document.querySelector('lab-experiment') as HTMLElement & { run(): Promise<{ status: string; backend: { threads: number } }> };
    const trace = await el.run();
    return { status: trace.status, threads: trace.backend.threads, state: el.dataset['state'], isolated: crossOriginIsolated };
  });
}

/** Console errors and CSP violations from every frame of the page. */
function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  return problems;
}

embedTest.describe('a figure embedded in another site’s page', () => {
  embedTest.beforeEach(({ course }) => course.show(SNIPPET));

  embedTest('in a page that is not cross-origin isolated, it trains on one thread and says so', async ({ page }) => {
    const problems = watchProblems(page);
    await page.goto(`${PARENT}/`);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
    const frame = await embedFrame(page);
    const result = await runFramed(frame);
    expect(result).toEqual({ status: 'done', threads: 0, state: 'done', isolated: false });
    await expect(frame.getByRole('note').filter({ hasText: 'single thread' })).toBeVisible();
    await expect(frame.locator('[data-badge]')).toHaveText('WASM · SIMD');
    expect(problems).toEqual([]);
  });

  embedTest('in a cross-origin-isolated page (COOP + COEP require-corp) it still loads, and trains on threads', async ({ page }) => {
    const problems = watchProblems(page);
    await page.goto(`${PARENT}/?coi`);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    const frame = await embedFrame(page);
    const result = await runFramed(frame);
    expect(result.status).toBe('done');
    expect(result.isolated, 'the parent lent its isolation through allow="cross-origin-isolated"').toBe(true);
    expect(result.threads).toBeGreaterThanOrEqual(1);
    await expect(frame.getByRole('note').filter({ hasText: 'single thread' })).toBeHidden();
    await expect(frame.getByRole('link', { name: /Watching gradients explode and vanish/ })).toHaveAttribute('href', new RegExp(`/en/${ARTICLE}/$`));
    expect(problems).toEqual([]);
  });

  embedTest('the article itself refuses to be framed by another site', async ({ page }) => {
    const problems = watchProblems(page);
    await page.goto(`${PARENT}/?frame=article`);
    await expect.poll(() => problems.some((p) => /frame-ancestors/.test(p))).toBe(true);
    const frame = page.frames().find((f) => f !== page.mainFrame());
    expect(await frame?.locator('article, lab-experiment').count().catch(() => 0)).toBe(0);
  });
});

embedTest.describe('with the snippet the article hands out', () => {
  embedTest('the copied snippet, pasted into a course page, shows the figure', async ({ browser, course }) => {
    const context = await browser.newContext();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: SITE });
    const page = await context.newPage();
    await page.goto(`${SITE}/en/${ARTICLE}/`);
    const control = page.locator('lab-experiment[data-experiment="exp1"] details.embed-control');
    await control.locator('summary').click();
    await control.getByRole('button', { name: 'Copy embed code' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Copied' })).toHaveText('Copied to the clipboard.');
    const snippet = await page.evaluate(() => navigator.clipboard.readText());
    expect(snippet).toMatch(/^<iframe src="https:\/\/[^"]+\/embed\/en\/exploding-vanishing-gradients\/exp1\/" title="[^"]+"[^>]* allow="cross-origin-isolated; clipboard-write"><\/iframe>$/);
    // The snippet names the production address; here the figure is on the preview server.
    course.show(snippet.replace(/https:\/\/[^/]+/, SITE));
    await page.goto(`${PARENT}/`);
    const frame = await embedFrame(page);
    await expect(frame.locator('lab-experiment')).toHaveAttribute('data-experiment', 'exp1');
    await context.close();
  });
});

test('an embed page may be framed by any site and loaded by an isolated one; no other page may be framed', async ({ request }) => {
  const embed = (await request.get(EMBED)).headers();
  expect(embed['content-security-policy']).toBe(embedHeaders()['Content-Security-Policy']);
  expect(embed['content-security-policy']).toMatch(/frame-ancestors \*$/);
  expect(embed['cross-origin-resource-policy']).toBe('cross-origin');
  expect(embed['cross-origin-embedder-policy']).toBe('require-corp');
  for (const path of [`/en/${ARTICLE}/`, '/en/', '/en/rss.xml', `/og/en/${ARTICLE}.png`]) {
    const headers = (await request.get(path)).headers();
    expect(headers['content-security-policy'], path).toMatch(/frame-ancestors 'none'$/);
    expect(headers['cross-origin-resource-policy'], path).toBe('same-origin');
  }
});

test('every figure of the article has an Embed control whose embed page shows that figure alone', async ({ page, request }) => {
  await page.goto(`/zh-tw/${ARTICLE}/`);
  const controls = page.locator('details.embed-control .embed-snippet');
  const found = await controls.evaluateAll((snippets) =>
    snippets.map((s) => ({ snippet: s.textContent ?? '', caption: s.closest('figure')?.querySelector('.fig-title')?.textContent ?? '' })),
  );
  const figures = await page.locator('lab-experiment, lab-fix, lab-ensemble').count();
  expect(found).toHaveLength(figures);
  for (const { snippet, caption } of found) {
    // The frame is announced by the figure's own title, not its internal id (issue 23).
    expect(caption).not.toBe('');
    expect(/title="([^"]+)"/.exec(snippet)![1]!.startsWith(`${caption} · `), snippet).toBe(true);
    const path = new URL(/src="([^"]+)"/.exec(snippet)![1]!).pathname;
    expect(path).toMatch(new RegExp(`^/embed/zh-tw/${ARTICLE}/[\\w-]+/$`));
    const html = await (await request.get(path)).text();
    expect(html.match(/<lab-(experiment|fix|ensemble)\b/g), path).toHaveLength(1);
    expect(html, path).toContain('<meta name="robots" content="noindex">');
    expect(html, path).not.toContain('class="embed-control"');
    expect(html, path).not.toContain('coi-serviceworker');
  }
});

test('an embed page opened on its own is cross-origin isolated, trains, and links back to the article', async ({ page }) => {
  await page.goto(`/embed/zh-tw/${ARTICLE}/fix-normalize/`);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await expect(page.locator('[data-threads-note]')).toBeHidden();
  const status = await page.evaluate(async () => {
    await customElements.whenDefined('lab-fix');
    const el = document.querySelector('lab-fix') as HTMLElement & { run(): Promise<unknown> };
    await el.run();
    return el.dataset['state'];
  });
  expect(status).toBe('done');
  const back = page.locator('.embed-header a');
  expect(new URL((await back.getAttribute('href'))!).pathname).toBe(`/zh-tw/${ARTICLE}/`);
  // Links leave the frame for a new tab: the article and the playground refuse to be framed.
  const opened = page.waitForEvent('popup');
  await page.locator('.playground-link a').click();
  expect(new URL((await opened).url()).pathname).toBe('/zh-tw/playground/');
});
