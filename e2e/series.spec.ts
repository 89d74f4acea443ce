/**
 * The two articles as a series: the home page lists them in reading order with their part, each
 * article links the other (rel prev/next), and the second has what the first has for sharing: a
 * feed entry, a social card and its own structured data.
 */
import { readFileSync } from 'node:fs';
import { expect } from '@playwright/test';
import { articleLength } from '../src/build/words';
import { ARTICLE, LOCALES, SECOND_ARTICLE, test } from './fixtures';

const PART = { en: (n: number) => `Part ${n} of 2`, 'zh-tw': (n: number) => `系列第 ${n} 篇，共 2 篇` } as const;

for (const locale of LOCALES) {
  test(`${locale}: the home page lists the series in reading order, each article with its part`, async ({ page }) => {
    await page.goto(`/${locale}/`);
    const items = page.locator('.article-list li');
    const links = await items.locator('a').evaluateAll((as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
    expect(links.indexOf(`/${locale}/${ARTICLE}/`)).toBeGreaterThanOrEqual(0);
    expect(links.indexOf(`/${locale}/${SECOND_ARTICLE}/`)).toBe(links.indexOf(`/${locale}/${ARTICLE}/`) + 1);
    await expect(items.filter({ has: page.locator(`a[href$="/${SECOND_ARTICLE}/"]`) }).locator('.series-part')).toHaveText(PART[locale](2));
  });

  test(`${locale}: each article links the other as the part before or after it`, async ({ page }) => {
    await page.goto(`/${locale}/${ARTICLE}/`);
    await expect(page.locator('.series-top .series-part')).toHaveText(PART[locale](1));
    const next = page.locator('.series-end a[rel="next"]');
    await expect(next).toHaveCount(1);
    await expect(page.locator('a[rel="prev"]')).toHaveCount(0);
    await next.click();
    await expect(page).toHaveURL(new RegExp(`/${locale}/${SECOND_ARTICLE}/$`));
    await expect(page.locator('.series-top .series-part')).toHaveText(PART[locale](2));
    await expect(page.locator('a[rel="next"]')).toHaveCount(0);
    await page.locator('.series-top a[rel="prev"]').click();
    await expect(page).toHaveURL(new RegExp(`/${locale}/${ARTICLE}/$`));
  });

  test(`${locale}: the second article is in the feed, has its own social card and its own structured data`, async ({ page, request }) => {
    const feed = await (await request.get(`/${locale}/rss.xml`)).text();
    expect(feed).toContain(`/${locale}/${SECOND_ARTICLE}/</link>`);
    const card = await request.get(`/og/${locale}/${SECOND_ARTICLE}.png`);
    expect(card.status()).toBe(200);
    expect(card.headers()['content-type']).toContain('image/png');
    await page.goto(`/${locale}/${SECOND_ARTICLE}/`);
    expect(new URL((await page.locator('meta[property="og:image"]').getAttribute('content'))!).pathname).toBe(`/og/${locale}/${SECOND_ARTICLE}.png`);
    const data = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent())!) as Record<string, unknown>;
    expect(data['headline']).toBe((await page.locator('h1').textContent())?.trim());
  });
}

// The core path's budgets (issue 22 for part 1, issue 25 for part 2), counted as `npm run words`
// counts them in the production build: English words, Chinese ideographs, outside the folds.
const CORE_BUDGET = { [ARTICLE]: { en: 3500, 'zh-tw': 6000 }, [SECOND_ARTICLE]: { en: 3000, 'zh-tw': 5000 } } as const;
for (const [slug, budget] of Object.entries(CORE_BUDGET)) {
  test(`${slug}: the core path keeps its budget in both languages`, () => {
    for (const locale of LOCALES) {
      const { core, folds } = articleLength(readFileSync(`dist/${locale}/${slug}/index.html`, 'utf8'), locale);
      expect(core, `${locale} core`).toBeLessThanOrEqual(budget[locale]);
      expect(folds, `${locale}: the folds are counted too`).toBeGreaterThan(0);
      expect(core, `${locale}: the page has prose at all`).toBeGreaterThan(budget[locale] / 4);
    }
  });
}
