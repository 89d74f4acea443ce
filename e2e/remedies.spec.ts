import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { LOCALES, expect, test } from './fixtures';

/**
 * Issue 25, point 5: "what to do", four before/after pairs trained at build time. The article is a
 * draft, so these tests open the figure's embed page, which always builds. The figure has no script
 * of its own: the same page is checked with JavaScript off and on.
 */

const SLUG = 'vanishing-gradients-through-time';
const embed = (locale: string) => `/embed/${locale}/${SLUG}/remedies/`;
const REMEDIES = ['clipping', 'gating', 'forget-bias', 'identity'];

/**
 * Seed 1's mean losses over the last 100 of 600 steps, measured in Node with a loop over train.ts's
 * trainStep (not the figure's code) while choosing the settings: before, after (and the IRNN unclipped).
 */
const EXPECTED: Record<string, string[]> = {
  clipping: ['0.172', '0.170'],
  gating: ['0.170', '0.072'],
  'forget-bias': ['0.169', '0.072'],
  identity: ['0.170', '0.030', '0.163'],
};

/** The figure's embed height (src/figures/remedies/figure.ts, embed.height), written out. */
const EMBED_HEIGHT = 900;

async function loaded(page: Page, selector: string): Promise<boolean> {
  return page.locator(selector).evaluate((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0);
}

async function checkFigure(page: Page, locale: string): Promise<void> {
  await page.goto(embed(locale));
  const fig = page.locator('[data-figure="remedies"]');
  await expect(fig).toBeVisible();
  for (const remedy of REMEDIES) {
    const row = fig.locator(`tbody tr[data-remedy="${remedy}"] .num`);
    await expect(row).toHaveText(EXPECTED[remedy]!);
  }
}

for (const js of [false, true]) {
  test.describe(`JavaScript ${js ? 'on' : 'off'}`, () => {
    test.use({ javaScriptEnabled: js });

    for (const locale of LOCALES) {
      test(`${locale}, 1280 px: all four pairs are drawn side by side and the table gives seed 1's losses`, async ({ page }) => {
        await page.setViewportSize({ width: 1280, height: 900 });
        await checkFigure(page, locale);
        const fig = page.locator('[data-figure="remedies"]');
        await expect(fig.locator('fieldset.rm-pick')).toBeHidden();
        for (const remedy of REMEDIES) {
          const img = `[data-figure="remedies"] .rm-panel[data-remedy="${remedy}"] img`;
          await page.locator(img).scrollIntoViewIfNeeded();
          await expect(page.locator(img)).toBeVisible();
          await expect.poll(() => loaded(page, img)).toBe(true);
        }
      });

      test(`${locale}, 375 px: one pair at a time, picked with the radio buttons`, async ({ page }) => {
        await page.setViewportSize({ width: 375, height: 800 });
        await checkFigure(page, locale);
        const fig = page.locator('[data-figure="remedies"]');
        const panel = (remedy: string) => fig.locator(`.rm-panel[data-remedy="${remedy}"]`);
        await expect(panel('clipping')).toBeVisible();
        for (const other of REMEDIES.slice(1)) await expect(panel(other)).toBeHidden();
        await fig.locator('input[value="identity"]').check();
        await expect(panel('identity')).toBeVisible();
        await expect(panel('clipping')).toBeHidden();
        await expect.poll(() => loaded(page, '[data-figure="remedies"] .rm-panel[data-remedy="identity"] img')).toBe(true);
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(width).toBeLessThanOrEqual(375);
      });
    }
  });
}

test('dark mode picks the dark pictures', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(embed('en'));
  const img = '[data-figure="remedies"] .rm-panel[data-remedy="gating"] img';
  await page.locator(img).scrollIntoViewIfNeeded();
  await expect.poll(() => page.locator(img).evaluate((i) => (i as HTMLImageElement).currentSrc)).toMatch(/remedies-gating-dark\.svg$/);
});

for (const locale of LOCALES) {
  test(`${locale}: the embed's height holds the whole figure at 640 px, with at most 112 px to spare`, async ({ page }) => {
    await page.setViewportSize({ width: 640, height: EMBED_HEIGHT });
    await page.goto(embed(locale));
    const bottom = await page.locator('[data-figure="remedies"] figure').evaluate((f) => f.getBoundingClientRect().bottom);
    expect(bottom).toBeLessThanOrEqual(EMBED_HEIGHT);
    expect(bottom).toBeGreaterThan(EMBED_HEIGHT - 112);
  });
}

for (const scheme of ['light', 'dark'] as const) {
  for (const width of [375, 1280]) {
    test(`zh-tw, ${width} px, ${scheme}: no serious or critical axe findings (WCAG 2.2 AA)`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize({ width, height: 900 });
      await page.goto(embed('zh-tw'));
      const { violations } = await new AxeBuilder({ page }).include('[data-figure="remedies"]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
      expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([]);
    });
  }
}
