import { ARTICLE, LOCALES, expect, island, runIsland, test } from './fixtures';

/**
 * Screenshots of the article after every island has run, at desktop and phone widths, light and
 * dark, written to test-results/screenshots/ for a person to look at. The assertion that can fail
 * here is layout: nothing may scroll sideways on a 375 px phone.
 */
const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 375, height: 812 },
] as const;

for (const locale of LOCALES) {
  for (const viewport of VIEWPORTS) {
    for (const scheme of ['light', 'dark'] as const) {
      test(`${locale} ${viewport.name} ${scheme}: the article fits the width and is captured`, async ({ page }) => {
        await page.setViewportSize({ width: viewport.width, height: viewport.height });
        await page.emulateMedia({ colorScheme: scheme });
        await page.goto(`/${locale}/${ARTICLE}/`);
        for (const experiment of ['exp1', 'exp2', 'exp3']) {
          await island(page, experiment).scrollIntoViewIfNeeded();
          await runIsland(page, experiment);
          await expect(island(page, experiment).locator('.chart canvas').first()).toBeVisible();
        }
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow).toBeLessThanOrEqual(0);
        await page.screenshot({ path: `test-results/screenshots/${locale}-${viewport.name}-${scheme}.png`, fullPage: true });
        await island(page, 'exp2').screenshot({ path: `test-results/screenshots/${locale}-${viewport.name}-${scheme}-exp2.png` });
      });
    }
  }
}
