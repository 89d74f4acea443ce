import { ARTICLE, EXPERIMENTS, LOCALES, expect, holdWasm, island, runByButton, runIsland, holdLabWorker, test } from './fixtures';

for (const locale of LOCALES) {
  test(`${locale}: every island trains live to exactly the trace Node baked for its default seed`, async ({ page }) => {
    await page.goto(`/${locale}/${ARTICLE}/`);
    for (const experiment of EXPERIMENTS) {
      const { live, baked } = await runIsland(page, experiment);
      expect(live.status, experiment).toBe('done');
      expect(live, experiment).toEqual(baked);
      await expect(island(page, experiment)).toHaveAttribute('data-state', 'done');
    }
  });
}

test('exp2 marks the epoch where the loss became NaN, in words and in the console', async ({ page }) => {
  const exp2 = await runByButton(page, 'exp2');
  await expect(exp2.locator('[data-nan-marker]')).toBeVisible();
  await expect(exp2.locator('[data-nan-marker]')).toHaveText(/loss became NaN at epoch \d+/);
  await expect(exp2.locator('[data-console]')).toContainText('loss: nan');
  await expect(exp2.locator('[data-console]')).toContainText('layer1: [nan nan nan nan nan nan]');
});

test('exp3 with sigmoid predicts one number three times; switching ACT to relu spreads them', async ({ page }) => {
  const exp3 = await runByButton(page, 'exp3');
  const predictions = async () => (await exp3.locator('[data-prediction]').allTextContents()).map(Number);
  const sigmoid = await predictions();
  expect(Math.max(...sigmoid) - Math.min(...sigmoid)).toBeLessThan(0.01);

  await exp3.getByLabel('Activation (ACT)').selectOption('relu');
  await exp3.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(exp3).toHaveAttribute('data-state', 'done');
  const relu = await predictions();
  expect(Math.max(...relu) - Math.min(...relu)).toBeGreaterThan(0.3);
  expect(relu).not.toEqual(sigmoid);
});

test('a new seed trains something different; Reset brings back the baked run', async ({ page }) => {
  await page.goto(`/en/${ARTICLE}/`);
  const exp1 = island(page, 'exp1');
  // The seed field joins the page when the figure nears the viewport (issue 23: no form controls at load).
  await exp1.scrollIntoViewIfNeeded();
  const baked = await exp1.locator('[data-console]').textContent();
  await exp1.getByLabel('Seed').fill('12345');
  await exp1.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(exp1).toHaveAttribute('data-state', 'done');
  expect(await exp1.locator('[data-console]').textContent()).not.toBe(baked);
  await exp1.getByRole('button', { name: 'Reset' }).click();
  await expect(exp1).toHaveAttribute('data-state', 'idle');
  await expect(exp1.getByLabel('Seed')).toHaveValue(/^\d+$/);
  expect(await exp1.locator('[data-console]').textContent()).toBe(baked);
});

test('Stop cancels a run and the island says so', async ({ page }) => {
  await page.goto(`/en/${ARTICLE}/`);
  const exp3 = island(page, 'exp3');
  await exp3.hover(); // a pointer in a figure starts the page's worker
  await holdLabWorker(page); // the run waits in the middle for the cancel: Stop always lands mid-run
  const result = page.evaluate(async () => {
    const el = document.querySelector('lab-experiment[data-experiment="exp3"]') as HTMLElement & { run(): Promise<{ status: string }> };
    return (await el.run()).status;
  });
  await expect(exp3).toHaveAttribute('data-state', 'training');
  await exp3.getByRole('button', { name: 'Stop' }).click();
  expect(await result).toBe('cancelled');
  await expect(exp3).toHaveAttribute('data-state', 'cancelled');
});

test('Stop while the backend is still loading cancels the run before it trains', async ({ page, context }) => {
  const release = await holdWasm(context); // the island stays loading until release()
  await page.goto(`/en/${ARTICLE}/`);
  const exp1 = island(page, 'exp1');
  const baked = await exp1.locator('[data-console]').textContent();
  await exp1.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(exp1).toHaveAttribute('data-state', 'loading');
  await exp1.getByRole('button', { name: 'Stop' }).click();
  release();
  await expect(exp1).toHaveAttribute('data-state', 'cancelled');
  // Nothing trained: no live run, and the figure still shows the article's run, untouched.
  expect(await exp1.evaluate((el) => (el as HTMLElement & { lastRun: unknown }).lastRun)).toBeNull();
  await expect(exp1.locator('[data-console]')).toHaveText(baked ?? '');
  // The Stop was for that run only: the next Run trains.
  await exp1.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(exp1).toHaveAttribute('data-state', 'done');
  await expect(exp1.locator('[data-console]')).toContainText('Epoch 20/20');
});

test('Run, Stop and Run again while the backend is loading: the Stop ends the first run only', async ({ page, context }) => {
  const release = await holdWasm(context); // the island stays loading until release()
  await page.goto(`/en/${ARTICLE}/`);
  const exp1 = island(page, 'exp1');
  const run = exp1.getByRole('button', { name: 'Run', exact: true });
  await run.click();
  await expect(exp1).toHaveAttribute('data-state', 'loading');
  await exp1.getByRole('button', { name: 'Stop' }).click();
  await run.click();
  release();
  await expect(exp1).toHaveAttribute('data-state', 'done');
  await expect(exp1.locator('[data-console]')).toContainText('Epoch 20/20');
});

test('Stop while the backend is loading cancels a 200-seed ensemble before it trains', async ({ page, context }) => {
  const release = await holdWasm(context); // the island stays loading until release()
  await page.goto(`/en/${ARTICLE}/`);
  const ensemble = page.locator('lab-ensemble[data-experiment="exp3"]');
  await ensemble.scrollIntoViewIfNeeded();
  const before = await ensemble.locator('[data-summary]').textContent();
  await ensemble.getByRole('button', { name: 'Run 200 seeds' }).click();
  await expect(ensemble).toHaveAttribute('data-state', 'loading');
  await ensemble.getByRole('button', { name: 'Stop' }).click();
  release();
  await expect(ensemble).toHaveAttribute('data-state', 'cancelled');
  await expect(ensemble.locator('[data-summary]')).toHaveText(before ?? '');
});

test('a malformed seed gets a clear message and the default seed back, not a blank island', async ({ page }) => {
  await page.goto(`/en/${ARTICLE}/`);
  const exp1 = island(page, 'exp1');
  // The seed field joins the page when the figure nears the viewport (issue 23: no form controls at load).
  await exp1.scrollIntoViewIfNeeded();
  await exp1.getByLabel('Seed').fill('12abc');
  await exp1.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(exp1.locator('[data-status]')).toContainText('whole number');
  await expect(exp1.getByLabel('Seed')).toHaveValue('4');
  await expect(exp1.locator('[data-console]')).toContainText('Epoch 20/20');
});

test('the quoted numbers in the prose follow a live run of a new seed', async ({ page }) => {
  await page.goto(`/en/${ARTICLE}/`);
  const quote = page.locator('[data-num-exp="exp1"][data-num-q="lossLast"]').first();
  const before = await quote.textContent();
  await island(page, 'exp1').scrollIntoViewIfNeeded(); // the seed field joins the page near the viewport
  await island(page, 'exp1').getByLabel('Seed').fill('777');
  await island(page, 'exp1').getByRole('button', { name: 'Run', exact: true }).click();
  await expect(island(page, 'exp1')).toHaveAttribute('data-state', 'done');
  await expect(quote).not.toHaveText(before ?? '');
});
