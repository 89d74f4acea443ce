import { ARTICLE, EXPERIMENTS, LOCALES, expect, island, test } from './fixtures';

test.use({ javaScriptEnabled: false });

for (const locale of LOCALES) {
  test(`${locale}: without JavaScript every experiment's baked console and predictions are in the page`, async ({ page }) => {
    await page.goto(`/${locale}/${ARTICLE}/`);
    for (const experiment of EXPERIMENTS) {
      const el = island(page, experiment);
      await expect(el.locator('[data-console]')).toContainText('Epoch 1/20');
      await expect(el.locator('[data-console]')).toContainText('Epoch 20/20');
      await expect(el.locator('[data-console]')).toContainText('layer1: [');
      expect(await el.locator('[data-prediction]').count()).toBe(3);
      // The readout beside the knobs (issue 23) is baked with the article's run: its predictions are the table's.
      const cells = await el.locator('[data-prediction]').allTextContents();
      await expect(el.locator('[data-readout]')).toBeVisible();
      await expect(el.locator('[data-readout-predictions]')).toContainText(cells.join(', '));
      // No "press Run" without a Run button: the noscript line speaks instead.
      await expect(el.locator('[data-status]')).toBeHidden();
      await expect(el.locator('.status:not([data-status])')).toBeVisible();
      await expect(el.locator('[data-action="run"]')).toBeHidden();
    }
    await expect(island(page, 'exp1').locator('[data-console]')).toContainText(/1=\[[\d.]+\], 2=\[[\d.]+\], 3=\[[\d.]+\]/);
    await expect(island(page, 'exp2').locator('[data-console]')).toContainText('loss: nan');
    await expect(island(page, 'exp2').locator('[data-nan-marker]')).toBeVisible();
    // Experiment 2's article run turns NaN: the readout says so, as the marker under the chart does.
    await expect(island(page, 'exp2').locator('[data-readout-loss]')).toContainText('NaN');
    // The math was typeset at build time.
    expect(await page.locator('.katex').count()).toBeGreaterThan(3);
  });
}
