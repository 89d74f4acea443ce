import { ARTICLE, expect, island, runByButton, test } from './fixtures';

const FIXES = ['normalize', 'lowerLearningRate', 'clipGradients', 'reluHe', 'batchNorm', 'residual', 'adam'];

test('exp2 names where the NaN first appeared, and can stop right there', async ({ page }) => {
  await page.goto(`/en/${ARTICLE}/`);
  const exp2 = island(page, 'exp2');
  await exp2.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(exp2).toHaveAttribute('data-state', 'done');
  await expect(exp2.locator('[data-trip]')).toHaveText(/NaN tripwire: .* at epoch \d+, step \d+\./);
  await expect(exp2.locator('[data-trip]')).toContainText('last finite kernel-gradient norm');

  await exp2.getByLabel('Stop at the first NaN').check();
  await exp2.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(exp2).toHaveAttribute('data-state', 'done');
  await expect(exp2.locator('[data-trip]')).toContainText('The run stopped there.');
  await expect(exp2.locator('[data-console]')).not.toContainText('Epoch 20/20');
});

test('exp3 shows every layer’s gradient norm, the chain rule, and any epoch on demand', async ({ page }) => {
  const exp3 = await runByButton(page, 'exp3');
  await expect(exp3.locator('[data-chart="grads"] canvas')).toBeVisible();
  await expect(exp3.locator('[data-grad-rows] tr')).toHaveCount(20);
  await expect(exp3.locator('[data-grad-rows] tr').first().locator('td')).toHaveCount(6);
  await expect(exp3.locator('[data-chain-summary]')).toHaveText(/the last layer’s gradient is [\d.]+ times the first layer’s/);

  const slider = exp3.locator('[data-scrub]');
  await slider.focus();
  await page.keyboard.press('Home');
  await expect(exp3.locator('[data-scrub-printout]')).toContainText('Epoch 1/20');
  await page.keyboard.press('ArrowRight');
  await expect(exp3.locator('[data-scrub-printout]')).toContainText('Epoch 2/20');
});

test('every fix trains before and after on the same seed and reports both', async ({ page }) => {
  await page.goto(`/en/${ARTICLE}/`);
  for (const fix of FIXES) {
    const figure = page.locator(`lab-fix[data-fix="${fix}"]`);
    await figure.scrollIntoViewIfNeeded();
    const result = await page.evaluate(async (fix) => {
      const el = document.querySelector(`lab-fix[data-fix="${fix}"]`) as HTMLElement & { run(): Promise<{ before: { config: { seed: number } }; after: { config: { seed: number } } } | null> };
      const r = await el.run();
      return r && { before: r.before.config.seed, after: r.after.config.seed };
    }, fix);
    expect(result, fix).not.toBeNull();
    expect(result!.before, fix).toBe(result!.after);
    await expect(figure, fix).toHaveAttribute('data-state', 'done');
    await expect(figure.locator('[data-outcome="after"]'), fix).toContainText('final loss');
  }
});

test('normalising exp2’s inputs turns its NaN into a fit', async ({ page }) => {
  await page.goto(`/en/${ARTICLE}/`);
  const figure = page.locator('lab-fix[data-fix="normalize"]');
  await figure.getByRole('button', { name: 'Run both' }).click();
  await expect(figure).toHaveAttribute('data-state', 'done');
  await expect(figure.locator('[data-outcome="before"]')).toContainText('NaN');
  await expect(figure.locator('[data-outcome="after"]')).not.toContainText('NaN');
});

test('the exp3 ensemble trains 200 seeds and summarises them', async ({ page }) => {
  await page.goto(`/en/${ARTICLE}/`);
  const ensemble = page.locator('lab-ensemble[data-experiment="exp3"]');
  await ensemble.scrollIntoViewIfNeeded();
  await ensemble.getByLabel('First seed').fill('1000');
  await ensemble.getByRole('button', { name: 'Run 200 seeds' }).click();
  await expect(ensemble).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(ensemble.locator('[data-summary]')).toHaveText(/of 200 seeds exploded \(inf or nan\)/);
  const counts = (await ensemble.locator('[data-rows] tr td:last-child').allTextContents()).map(Number);
  expect(counts.reduce((a, b) => a + b, 0)).toBe(200);
});

test('the ensemble, split over two workers where there are two cores, reproduces the build-time run exactly', async ({ page }) => {
  await page.goto(`/en/${ARTICLE}/`);
  const ensemble = page.locator('lab-ensemble[data-experiment="exp3"]');
  await ensemble.scrollIntoViewIfNeeded();
  // Everything but the time it took (and how many workers took it).
  const figures = async () => ({
    summary: (await ensemble.locator('[data-summary]').textContent())?.replace(/\s*\d+ ms for all.*$/, ''),
    counts: await ensemble.locator('[data-rows] tr td:last-child').allTextContents(),
  });
  const baked = await figures();
  await ensemble.getByRole('button', { name: 'Run 200 seeds' }).click();
  await expect(ensemble).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  expect(await figures()).toEqual(baked);
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  const labWorkers = page.workers().filter((w) => /\/_astro\/worker[^/]*\.js$/.test(w.url()));
  expect(labWorkers).toHaveLength(cores >= 2 ? 2 : 1);
  if (cores >= 2) await expect(ensemble.locator('[data-summary]')).toContainText('split between 2 workers training side by side');
});
