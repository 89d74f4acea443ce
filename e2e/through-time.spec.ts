import type { Locator, Page } from '@playwright/test';
import { LOCALES, expect, test } from './fixtures';

/**
 * Issue 25: the gradient through time, on the page the production build makes of it. The second
 * article is a draft, which production leaves out; its figures' embed pages are built all the same
 * (src/pages/embed/), so this spec opens the figure there.
 *
 * What it checks of the numbers are properties of the math, not of our output: the simple RNN's
 * gradient shrinks by at most σ_max(U) per step back (tanh's slope is at most 1), so at scale 0.5 over
 * 100 steps step 0 keeps at most 0.5^99 ≈ 1.6e-30 of the last step's; the LSTM's cell path multiplies
 * by its forget gate alone, σ(5) ≈ 0.993 at a forget-gate bias of 5, which over 99 steps leaves
 * about half.
 */
const SLUG = 'vanishing-gradients-through-time';

interface Run {
  cell: string;
  norms: number[];
  settings: { steps: number; scale: number; forgetBias: number; seed: number };
}

type Options = { cell?: unknown; steps?: unknown; seed?: unknown; scale?: unknown; forgetBias?: unknown };

async function openFigure(page: Page, locale: string): Promise<Locator> {
  await page.goto(`/embed/${locale}/${SLUG}/through-time/`);
  const fig = page.locator('[data-figure="through-time"]');
  await fig.scrollIntoViewIfNeeded();
  await page.waitForFunction(() => customElements.get('lab-through-time') !== undefined);
  await expect(fig).toHaveAttribute('data-state', 'done');
  return fig;
}

function run(fig: Locator, options: Options): Promise<Run> {
  return fig.evaluate((el, o) => (el as HTMLElement & { run(o: object): Promise<Run> }).run(o), options);
}

/** The chart's pixels, to see that it was painted again. */
function chartPixels(fig: Locator): Promise<string> {
  return fig.locator('[data-chart="through-time"] canvas').first().evaluate((c) => (c as HTMLCanvasElement).toDataURL());
}

for (const locale of LOCALES) {
  test(`${locale}: run() gives one gradient norm per step for each cell`, async ({ page }) => {
    const fig = await openFigure(page, locale);
    for (const cell of ['rnn', 'lstm']) {
      for (const steps of [50, 80]) {
        const r = await run(fig, { cell, steps, seed: 1 });
        expect(r.cell).toBe(cell);
        expect(r.norms).toHaveLength(steps);
        expect(r.norms.every((n) => Number.isFinite(n) && n > 0)).toBe(true);
        await expect(fig).toHaveAttribute('data-steps', String(steps));
      }
    }
  });
}

test('the simple RNN keeps at most σ_max(U)^(T−1) of the gradient at step 0, while the LSTM’s forget gate near 1 keeps far more', async ({ page }) => {
  const fig = await openFigure(page, 'en');
  const T = 100;
  const rnn = await run(fig, { cell: 'rnn', steps: T, seed: 1, scale: 0.5, forgetBias: 5 });
  const lstm = await run(fig, { cell: 'lstm', steps: T, seed: 1, scale: 0.5, forgetBias: 5 });
  const ratio = (r: Run) => r.norms[0]! / r.norms[T - 1]!;
  // Pascanu et al.'s bound, by hand: 0.5^99 ≈ 1.6e-30, thirty orders of magnitude.
  expect(ratio(rnn)).toBeLessThan(0.5 ** (T - 1));
  // The cell path: σ(5)^99 ≈ 0.51; the LSTM's ∂L/∂h follows it to well within a few orders of magnitude.
  expect(ratio(lstm)).toBeGreaterThan(1e-3);
  expect(ratio(lstm)).toBeGreaterThan(1e20 * ratio(rnn));
});

test('dragging the length knob repaints the chart at every new length', async ({ page }) => {
  const fig = await openFigure(page, 'en');
  const slider = fig.locator('[data-tt-knob="steps"]');
  await expect(slider).toBeEnabled();
  await expect(fig.locator('[data-chart="through-time"] canvas').first()).toBeVisible();
  const before = await chartPixels(fig);
  const paints = Number(await fig.getAttribute('data-paints'));
  const box = (await slider.boundingBox())!;
  const y = box.y + box.height / 2;
  // From the thumb at T = 50 (of 5–200) to the right, in small moves as a hand makes them.
  await page.mouse.move(box.x + box.width * ((50 - 5) / 195), y);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + box.width * ((50 - 5) / 195 + (0.5 * i) / 10), y);
  await page.mouse.up();
  const steps = Number(await slider.inputValue());
  expect(steps).toBeGreaterThan(120);
  await expect(fig).toHaveAttribute('data-steps', String(steps));
  expect(Number(await fig.getAttribute('data-paints'))).toBeGreaterThan(paints + 1);
  expect(await chartPixels(fig)).not.toBe(before);
  await expect(fig.locator('[data-tt-value="steps"]')).toHaveText(String(steps));
});

test('the keyboard moves a knob and the view switch', async ({ page }) => {
  const fig = await openFigure(page, 'zh-tw');
  await fig.locator('[data-tt-knob="steps"]').focus();
  await page.keyboard.press('ArrowRight');
  await expect(fig).toHaveAttribute('data-steps', '51');
  await fig.locator('input[value="trained"]').focus();
  await page.keyboard.press('Space');
  await expect(fig).toHaveAttribute('data-view', 'trained');
  await expect(fig.locator('[data-tt-knob="steps"]')).toBeDisabled();
  await expect(fig.locator('[data-tt-note]')).toBeVisible();
});

test('bad input to run() gets a clear message and the defaults', async ({ page }) => {
  const fig = await openFigure(page, 'en');
  const r = await run(fig, { cell: 'gru', steps: -3, seed: 'x' });
  expect(r.cell).toBe('rnn');
  expect(r.norms).toHaveLength(50);
  expect(r.settings.seed).toBe(1);
  await expect(fig.locator('[data-status]')).toContainText('Ignored cell, steps, seed');
  await expect(fig.locator('[data-status]')).toContainText('T = 50');
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  for (const locale of LOCALES) {
    test(`${locale}: the baked figure is there: its picture, sentence and table`, async ({ page }) => {
      await page.goto(`/embed/${locale}/${SLUG}/through-time/`);
      const fig = page.locator('[data-figure="through-time"]');
      const img = fig.locator('img[data-baked-image]');
      await expect(img).toBeVisible();
      expect(await img.evaluate((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0)).toBe(true);
      await expect(fig.locator('[data-tt-sentence]')).toContainText('e−');
      await expect(fig.locator('[data-tt-rows] tr')).toHaveCount(50);
    });
  }
});
