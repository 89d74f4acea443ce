import { expect, test } from './fixtures';

const PRESETS = ['exp1', 'exp2', 'exp3', 'fix-normalize', 'fix-lowerLearningRate', 'fix-clipGradients', 'fix-reluHe', 'fix-batchNorm', 'fix-residual', 'fix-adam'];

type Run = { status: string; epochs: { loss: number | string }[]; predictions: (number | string)[] | null };

async function runPlayground(page: import('@playwright/test').Page): Promise<Run> {
  return page.evaluate(async () => {
    await customElements.whenDefined('lab-playground');
    const el = document.querySelector('lab-playground') as HTMLElement & { run(): Promise<unknown> };
    const trace = await el.run();
    return JSON.parse(JSON.stringify(trace, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)));
  });
}

test('every preset of the playground trains to the end', async ({ page }) => {
  for (const name of PRESETS) {
    await page.goto(`/en/playground/?preset=${name}`);
    await expect(page.locator('[data-problems]')).toBeHidden();
    const run = await runPlayground(page);
    expect(run.status, name).toBe('done');
    expect(run.epochs, name).toHaveLength(20);
  }
});

test('a shared link reproduces the same run', async ({ page, browser }) => {
  await page.goto('/en/playground/');
  await page.getByLabel('Hidden layers').fill('3');
  await page.getByLabel('Hidden layers').press('Tab');
  await page.getByLabel('Activation').selectOption('tanh');
  await page.getByLabel('Seed').fill('4242');
  await page.getByLabel('Seed').press('Tab');
  await expect(page).toHaveURL(/depth=3/);
  await expect(page).toHaveURL(/act=tanh/);
  const first = await runPlayground(page);
  const shared = page.url();

  const other = await browser.newPage();
  await other.goto(shared);
  await expect(other.getByLabel('Hidden layers')).toHaveValue('3');
  const second = await runPlayground(other);
  expect(second.epochs.map((e) => e.loss)).toEqual(first.epochs.map((e) => e.loss));
  expect(second.predictions).toEqual(first.predictions);
  await other.close();
});

test('a malformed address gets a visible message and the defaults, and nothing in it becomes markup', async ({ page }) => {
  await page.goto('/en/playground/?depth=99&lr=fast&%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E=1&act=%3Cb%3Ebold%3C%2Fb%3E');
  const problems = page.locator('[data-problems]');
  await expect(problems).toBeVisible();
  // Settings are named as the form names them; what was typed comes back as code, never as markup.
  await expect(problems).toContainText('“Hidden layers” = 99 is outside 1…10.');
  await expect(problems).toContainText('“Learning rate” = “fast” is not a number.');
  await expect(problems.locator('code', { hasText: 'fast' })).toHaveCount(1);
  await expect(problems).toContainText('<img src=x onerror=alert(1)>');
  expect(await problems.locator('img, b').count()).toBe(0);
  await expect(page.getByLabel('Hidden layers')).toHaveValue('4');
  await expect(page.getByLabel('Learning rate', { exact: true })).toHaveValue('0.1');
  const run = await runPlayground(page);
  expect(run.status).toBe('done');
});

test('a run can be kept as A, compared, and exported as CSV and JSON', async ({ page }) => {
  await page.goto('/en/playground/?preset=exp1');
  await runPlayground(page);
  await page.getByRole('button', { name: 'Keep as A for comparison' }).click();
  await expect(page.locator('[data-loss-legend] [data-series="a"]')).toBeVisible();
  const csv = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download CSV' }).click();
  const csvText = await (await csv).createReadStream().then(async (s) => {
    let text = '';
    for await (const chunk of s) text += chunk;
    return text;
  });
  expect(csvText.split('\n')[0]).toBe('epoch,loss,grad_norm_0,grad_norm_1,weight_norm_0,weight_norm_1,mean_slope_0,mean_slope_1,ms_per_step');
  expect(csvText.trim().split('\n')).toHaveLength(21);
  const json = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download JSON' }).click();
  expect((await json).suggestedFilename()).toBe('gradient-lab-run.json');
});

test('the Run button trains the default settings', async ({ page }) => {
  await page.goto('/en/playground/');
  const playground = page.locator('lab-playground');
  await page.waitForFunction(() => customElements.get('lab-playground'));
  await playground.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(playground).toHaveAttribute('data-state', 'done');
  await expect(playground.locator('[data-problems]')).toBeHidden();
});
