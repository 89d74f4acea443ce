import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ARTICLE, expect, island, runIsland, test } from './fixtures';
import { serveStatic } from './static-server';

/**
 * The site deployed under a sub-path, as a GitHub Pages project site is (https://<owner>.github.io/<repo>/):
 * built here with BASE_PATH=/gradient-lab/ into its own folder, and served from that sub-path only,
 * with no headers at all (as Pages serves it), on E2E_PORT + 2. A link or a fetch that forgets the
 * sub-path gets a 404.
 *
 * The build takes a minute; set E2E_SUBPATH_DIST to a folder built that way to reuse it.
 */
const BASE = '/gradient-lab/';
const SITE_URL = 'https://owner.github.io';
const DIST = process.env.E2E_SUBPATH_DIST || 'dist-subpath';
const PORT = Number(process.env.E2E_PORT ?? 4329) + 2;

const sub = test.extend<object, { subOrigin: string }>({
  subOrigin: [
    async ({}, use) => {
      if (!process.env.E2E_SUBPATH_DIST) {
        await promisify(execFile)('scripts/node.sh', ['node_modules/.bin/astro', 'build'], {
          env: { ...process.env, BASE_PATH: BASE, DIST_DIR: DIST, SITE_URL },
          maxBuffer: 64 * 1024 * 1024,
        });
      }
      const server = await serveStatic(DIST, { base: BASE, port: PORT });
      await use(server.origin);
      await server.close();
    },
    { scope: 'worker', timeout: 300_000 },
  ],
  baseURL: async ({ subOrigin }, use) => use(subOrigin),
});

const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));

sub('every link, asset, worker, .wasm, feed and sitemap entry of the build names the sub-path', async ({ subOrigin }) => {
  expect(subOrigin).toBeTruthy();
  const all = files(DIST);
  const leaks: string[] = [];
  for (const file of all.filter((f) => f.endsWith('.html'))) {
    const html = readFileSync(file, 'utf8');
    for (const [, attr, url = ''] of html.matchAll(/\s(href|src|action|content)="(\/[^"]*)"/g)) {
      if (!url.startsWith(BASE)) leaks.push(`${file}: ${attr}="${url}"`);
    }
    for (const [url] of html.matchAll(new RegExp(`${SITE_URL}[^"\\s<]*`, 'g'))) {
      if (!url.startsWith(`${SITE_URL}${BASE}`)) leaks.push(`${file}: ${url}`);
    }
  }
  for (const file of all.filter((f) => /\.(js|css)$/.test(f))) {
    // Bundles name their chunks, workers, .wasm and font files by absolute path.
    for (const [match] of readFileSync(file, 'utf8').matchAll(/(?<![\w-])\/_astro\/[\w.-]+/g)) leaks.push(`${file}: ${match}`);
  }
  for (const file of all.filter((f) => f.endsWith('.xml'))) {
    for (const [, url = ''] of readFileSync(file, 'utf8').matchAll(/(?:<loc>|<link>|href=")([^<"]+)/g)) {
      if (!url.startsWith(`${SITE_URL}${BASE}`)) leaks.push(`${file}: ${url}`);
    }
  }
  expect(leaks).toEqual([]);
  const sitemap = readFileSync(join(DIST, 'sitemap-0.xml'), 'utf8');
  expect(sitemap).toContain(`<loc>${SITE_URL}${BASE}en/${ARTICLE}/</loc>`);
  expect(readFileSync(join(DIST, 'en/rss.xml'), 'utf8')).toContain(`<link>${SITE_URL}${BASE}en/${ARTICLE}/</link>`);
});

sub('a reader arrives at the sub-path, finds the article, and trains a figure; nothing is fetched outside it', async ({ browser, subOrigin }) => {
  const context = await browser.newContext({ locale: 'en-US', baseURL: subOrigin });
  const page = await context.newPage();
  const failed: string[] = [];
  const outside: string[] = [];
  page.on('response', (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
  });
  context.on('request', (r) => {
    const url = new URL(r.url());
    if (url.protocol !== 'blob:' && url.origin === subOrigin && !url.pathname.startsWith(BASE)) outside.push(r.url());
  });
  await page.goto(BASE);
  await expect(page).toHaveURL(`${subOrigin}${BASE}en/`);
  // No headers on this host: the coi service worker, registered under the sub-path, reloads the first page once.
  await expect.poll(() => page.evaluate(() => crossOriginIsolated).catch(() => false)).toBe(true);
  await page.waitForLoadState();
  await page.getByRole('link', { name: 'Watching gradients explode and vanish' }).click();
  await expect(page).toHaveURL(`${subOrigin}${BASE}en/${ARTICLE}/`);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  const { live, backend } = await runIsland(page, 'exp1');
  expect(live.status).toBe('done');
  expect(backend.threads).toBeGreaterThanOrEqual(1);
  await expect(island(page, 'exp1').locator('.chart canvas').first()).toBeVisible();
  const workers = page.workers().map((w) => w.url()).filter((u) => !u.startsWith('blob:'));
  expect(workers.length).toBeGreaterThan(0);
  for (const url of workers) expect(new URL(url).pathname.startsWith(`${BASE}_astro/`), url).toBe(true);

  // The header's links, the language switch, the feed, the card and an embed page.
  await page.getByRole('link', { name: '繁體中文' }).click();
  await expect(page).toHaveURL(`${subOrigin}${BASE}zh-tw/${ARTICLE}/`);
  for (const path of ['en/rss.xml', `og/en/${ARTICLE}.png`, `embed/en/${ARTICLE}/exp3/`, 'sitemap-index.xml']) {
    expect((await page.request.get(`${BASE}${path}`)).status(), path).toBe(200);
  }
  await page.goto(`${BASE}embed/en/${ARTICLE}/exp3/`);
  await expect(page.locator('lab-experiment')).toHaveAttribute('data-experiment', 'exp3');
  expect(failed).toEqual([]);
  expect(outside).toEqual([]);
  await context.close();
});

sub('an unknown address under the sub-path gets the 404 page, whose links stay under it', async ({ page, watch }) => {
  watch.allow(/status of 404/);
  const response = await page.goto(`${BASE}no-such-page/`);
  expect(response?.status()).toBe(404);
  // The coi service worker reloads the page once; click after that.
  await expect.poll(() => page.evaluate(() => crossOriginIsolated).catch(() => false)).toBe(true);
  await page.waitForLoadState();
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await page.getByRole('link', { name: 'Home' }).click();
  await expect(page).toHaveURL(new RegExp(`${BASE}en/$`));
});
