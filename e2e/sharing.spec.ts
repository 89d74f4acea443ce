import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { ARTICLE, LOCALES, expect, test } from './fixtures';

/**
 * Sharing and following: link-preview metadata on every page, the social card images, the RSS feeds
 * and the article's structured data. URLs in metadata name the production address (SITE_URL);
 * the tests fetch their paths from the preview server.
 */
const PAGES = ['/zh-tw/', '/en/', `/zh-tw/${ARTICLE}/`, `/en/${ARTICLE}/`, '/zh-tw/playground/', '/en/playground/'];
const CARDS = [...LOCALES.map((l) => `/og/${l}/${ARTICLE}.png`), ...LOCALES.map((l) => `/og/${l}.png`)];

const meta = (page: Page, key: string) => page.locator(`meta[property="${key}"], meta[name="${key}"]`).first().getAttribute('content');

/** Size and number of distinct colours of a PNG, measured by the browser itself. */
async function inspectImage(page: Page, path: string): Promise<{ width: number; height: number; colours: number; darkShare: number }> {
  return page.evaluate(async (path) => {
    const bitmap = await createImageBitmap(await (await fetch(path)).blob());
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(bitmap, 0, 0);
    const { data } = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
    const colours = new Set<number>();
    let dark = 0;
    for (let i = 0; i < data.length; i += 4 * 7) {
      colours.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
      if (data[i]! + data[i + 1]! + data[i + 2]! < 200) dark++;
    }
    return { width: bitmap.width, height: bitmap.height, colours: colours.size, darkShare: dark / (data.length / (4 * 7)) };
  }, path);
}

for (const path of PAGES) {
  test(`${path} has Open Graph and Twitter card metadata naming its own title, address and card`, async ({ page }) => {
    await page.goto(path);
    const title = (await page.locator('h1').first().textContent())?.trim() ?? '';
    expect(await meta(page, 'og:title')).toBe(title);
    expect(await meta(page, 'twitter:title')).toBe(title);
    expect(await meta(page, 'og:description')).toBe(await page.locator('meta[name="description"]').getAttribute('content'));
    expect(new URL((await meta(page, 'og:url'))!).pathname).toBe(path);
    expect(await meta(page, 'og:url')).toBe(await page.locator('link[rel="canonical"]').getAttribute('href'));
    expect(await meta(page, 'twitter:card')).toBe('summary_large_image');
    expect(await meta(page, 'og:locale')).toBe(path.startsWith('/en/') ? 'en_US' : 'zh_TW');
    const image = new URL((await meta(page, 'og:image'))!);
    expect(await meta(page, 'twitter:image')).toBe(image.href);
    expect(CARDS).toContain(image.pathname);
    expect(await meta(page, 'og:type')).toBe(path.endsWith(`${ARTICLE}/`) ? 'article' : 'website');
    if (path.endsWith(`${ARTICLE}/`)) expect(image.pathname).toBe(`/og/${path.split('/')[1]}/${ARTICLE}.png`);
  });
}

test('the language chooser at / and the embed pages have link previews too', async ({ page }) => {
  // Read `/` as a link preview's crawler does, without a browser: with JavaScript `/` forwards a
  // reader at once, and a forward still under way could land after the next navigation below.
  const html = await (await page.request.get('/')).text();
  expect(html).toContain('<meta property="og:title" content="梯度實驗室 · Gradient Lab">');
  expect(html).toMatch(/<meta property="og:image" content="https?:\/\/[^"]+\/og\/zh-tw\.png">/);
  expect(html).toContain('<meta name="twitter:card" content="summary_large_image">');
  await page.goto(`/embed/en/${ARTICLE}/exp3/`);
  expect(await meta(page, 'og:title')).toBe('exp3 · Watching gradients explode and vanish');
  expect(new URL((await meta(page, 'og:image'))!).pathname).toBe(`/og/en/${ARTICLE}.png`);
  expect(await meta(page, 'twitter:card')).toBe('summary_large_image');
});

test('every social card is a 1200 × 630 PNG with text and a curve on it, not a blank image', async ({ page, request }) => {
  await page.goto('/en/');
  for (const path of CARDS) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(200);
    expect(response.headers()['content-type'], path).toBe('image/png');
    const image = await inspectImage(page, path);
    expect({ width: image.width, height: image.height }, path).toEqual({ width: 1200, height: 630 });
    // Background, text and antialiasing, two curve colours: a blank or single-colour card has a handful.
    expect(image.colours, path).toBeGreaterThan(50);
    expect(image.darkShare, `${path}: share of dark (text) pixels`).toBeGreaterThan(0.005);
  }
});

test('the cards’ font is used at build time only: no font file of it in the build, none fetched by a page', async ({ page, watch }) => {
  const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [e.name]));
  expect(existsSync('dist')).toBe(true);
  expect(files('dist').filter((name) => /noto|\.(woff2?|ttf|otf)$/i.test(name) && !name.startsWith('KaTeX_'))).toEqual([]);
  await page.goto(`/zh-tw/${ARTICLE}/`);
  await page.waitForLoadState('networkidle');
  expect(watch.requests.filter((url) => /noto|fontsource/i.test(url))).toEqual([]);
});

for (const locale of LOCALES) {
  test(`${locale}: the RSS feed parses as XML, lists the article, and every page of the locale links it`, async ({ page, request }) => {
    const feedPath = `/${locale}/rss.xml`;
    const response = await request.get(feedPath);
    expect(response.status()).toBe(200);
    const text = await response.text();
    await page.goto(`/${locale}/`);
    const feed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'application/xml');
      const q = (el: ParentNode, sel: string) => el.querySelector(sel)?.textContent ?? null;
      return {
        error: doc.querySelector('parsererror')?.textContent ?? null,
        root: doc.documentElement.nodeName,
        title: q(doc, 'channel > title'),
        language: q(doc, 'channel > language'),
        items: [...doc.querySelectorAll('item')].map((item) => ({ title: q(item, 'title'), link: q(item, 'link'), pubDate: q(item, 'pubDate'), description: q(item, 'description') })),
      };
    }, text);
    expect(feed.error).toBeNull();
    expect(feed.root).toBe('rss');
    expect(feed.language).toBe(locale === 'en' ? 'en' : 'zh-Hant-TW');
    const item = feed.items.find((i) => i.link && new URL(i.link).pathname === `/${locale}/${ARTICLE}/`);
    expect(item, 'the article is in the feed').toBeDefined();
    expect(Number.isNaN(Date.parse(item!.pubDate ?? ''))).toBe(false);

    await page.goto(`/${locale}/${ARTICLE}/`);
    expect(item!.title).toBe((await page.locator('h1').textContent())?.trim());
    for (const path of [`/${locale}/`, `/${locale}/${ARTICLE}/`, `/${locale}/playground/`]) {
      await page.goto(path);
      const link = page.locator('link[rel="alternate"][type="application/rss+xml"]');
      await expect(link, path).toHaveCount(1);
      expect(new URL((await link.getAttribute('href'))!, page.url()).pathname, path).toBe(feedPath);
    }
  });

  test(`${locale}: the article carries TechArticle structured data that parses and matches the page`, async ({ page }) => {
    await page.goto(`/${locale}/${ARTICLE}/`);
    const blocks = await page.locator('script[type="application/ld+json"]').allTextContents();
    expect(blocks).toHaveLength(1);
    const data = JSON.parse(blocks[0]!) as Record<string, unknown>;
    expect(data['@context']).toBe('https://schema.org');
    expect(data['@type']).toBe('TechArticle');
    expect(data['headline']).toBe((await page.locator('h1').textContent())?.trim());
    expect(data['inLanguage']).toBe(await page.locator('html').getAttribute('lang'));
    expect(data['url']).toBe(await page.locator('link[rel="canonical"]').getAttribute('href'));
    expect(data['datePublished']).toBe(await page.locator('.article-header time').first().getAttribute('datetime'));
    expect(new URL((data['image'] as { url: string }).url).pathname).toBe(`/og/${locale}/${ARTICLE}.png`);
    expect((data['workTranslation'] as { url: string }[]).map((t) => new URL(t.url).pathname)).toEqual([`/${locale === 'en' ? 'zh-tw' : 'en'}/${ARTICLE}/`]);
  });
}
