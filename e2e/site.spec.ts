import { ARTICLE, LOCALES, expect, test } from './fixtures';

test('/ sends an English-first browser to /en/', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  await page.goto('/');
  await expect(page).toHaveURL(/\/en\/$/);
  await context.close();
});

test('/ sends a Chinese-first browser to /zh-tw/', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'zh-TW' });
  const page = await context.newPage();
  await page.goto('/');
  await expect(page).toHaveURL(/\/zh-tw\/$/);
  await context.close();
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });
  test('/ offers a link to each language', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('link', { name: 'English' })).toHaveAttribute('href', '/en/');
    await expect(page.getByRole('link', { name: '繁體中文' })).toHaveAttribute('href', '/zh-tw/');
  });
});

for (const locale of LOCALES) {
  test(`${locale}: the home page lists the article and the article links its translation`, async ({ page }) => {
    await page.goto(`/${locale}/`);
    await page.locator(`a[href="/${locale}/${ARTICLE}/"]`).click();
    await expect(page).toHaveURL(new RegExp(`/${locale}/${ARTICLE}/$`));
    await expect(page.locator('html')).toHaveAttribute('lang', locale === 'en' ? 'en' : 'zh-Hant-TW');
    const alternates = await page.locator('link[rel="alternate"][hreflang]').evaluateAll((links) => links.map((l) => l.getAttribute('hreflang')));
    expect(alternates).toEqual(expect.arrayContaining(['zh-Hant-TW', 'en', 'x-default']));
    const other = locale === 'en' ? 'zh-tw' : 'en';
    await page.getByRole('navigation').locator(`a[href="/${other}/${ARTICLE}/"]`).click();
    await expect(page).toHaveURL(new RegExp(`/${other}/${ARTICLE}/$`));
  });
}

test('an unknown address gets the 404 page in both languages', async ({ page, watch }) => {
  watch.allow(/status of 404/);
  const response = await page.goto('/en/no-such-page/');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('找不到這個頁面');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
});

test('the sitemap lists both articles', async ({ request }) => {
  const index = await request.get('/sitemap-index.xml');
  expect(index.ok()).toBe(true);
  const sitemap = await request.get('/sitemap-0.xml');
  const text = await sitemap.text();
  for (const locale of LOCALES) expect(text).toContain(`/${locale}/${ARTICLE}/`);
});
