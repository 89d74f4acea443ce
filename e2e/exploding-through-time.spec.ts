import type { Locator, Page } from '@playwright/test';
import { surfaceLayout } from '../src/charts/loss-surface';
import { descend } from '../src/lab/recurrent/one-unit';
import { LOCALES, expect, test } from './fixtures';

/**
 * Issue 25, point 4: Pascanu, Mikolov & Bengio's one-unit network, its loss surface and two descents,
 * plain and clipped. The article is a draft, so the production build has no article page yet: these
 * tests open the figure's embed page, which always builds.
 */

/** The figure's settings as its text file states them (written out: that module speaks through the page's strings). */
const EXPLODING = { grid: { w: [0, 10], b: [-6, 4] } as const, steps: 200, clip: 1, start: { w: 6, b: -3.6 }, lr: 0.5 };

const embed = (locale: string) => `/embed/${locale}/vanishing-gradients-through-time/exploding-through-time/`;

interface End {
  w: number;
  b: number;
  loss: number;
}
interface Result {
  start: { w: number; b: number };
  lr: number;
  plain: End;
  clipped: End;
  problem: string;
}

async function open(page: Page, locale: string): Promise<Locator> {
  await page.goto(embed(locale));
  const fig = page.locator('[data-figure="exploding-through-time"]');
  await fig.scrollIntoViewIfNeeded();
  await page.waitForFunction(() => customElements.get('lab-exploding') !== undefined);
  await expect(fig).toHaveAttribute('data-state', 'done');
  return fig;
}

const run = (fig: Locator, options: object) => fig.evaluate((el, o) => (el as HTMLElement & { run(o: object): Promise<unknown> }).run(o), options) as Promise<Result>;

/** The canvas the paths are drawn on, its box, and the layout it was drawn with. */
async function mapBox(fig: Locator) {
  const canvas = fig.locator('canvas[data-ex-paths]');
  const box = (await canvas.boundingBox())!;
  const layout = surfaceLayout(EXPLODING.grid, Math.round(box.width));
  // The page draws at its own width; the box may differ from it by a fraction of a pixel.
  const at = (w: number, b: number) => ({ x: box.x + (layout.x(w) * box.width) / layout.width, y: box.y + (layout.y(b) * box.width) / layout.width });
  return { canvas, at };
}

const pixels = (canvas: Locator) => canvas.evaluate((c) => (c as HTMLCanvasElement).toDataURL());

for (const locale of LOCALES) {
  test(`${locale}: from beside the wall, the clipped path ends at a lower loss than the plain one`, async ({ page }) => {
    const fig = await open(page, locale);
    // Just below the wall at w = 6 (the wall: b = 0.5 − 6·σ(0.5) = −3.23). Both paths climb to it; a plain
    // step that lands on it (gradient over 10) moves η·‖g‖ > 5 and leaves the wall for the plateau above,
    // where σ(x_50) → 1, E → (1 − 0.7)² = 0.09 and the gradient is nearly 0: it stays near 0.09. A clipped
    // step moves at most η·1 = 0.5, so the clipped path stays at the wall and follows it down to the valley.
    const r = await run(fig, { w: 6, b: -3.6, lr: 0.5 });
    expect(r.problem).toBe('');
    expect(r.plain.loss).toBeGreaterThan(0.08);
    expect(r.plain.loss).toBeLessThanOrEqual(0.09);
    expect(r.clipped.loss).toBeLessThan(r.plain.loss);
    // The page's arithmetic is this process's, to the bit (exact-math's sigmoid on both sides).
    const node = descend({ w: 6, b: -3.6 }, { lr: 0.5, steps: EXPLODING.steps, clip: EXPLODING.clip });
    expect(r.clipped.loss).toBe(node.loss.at(-1));
    // And the readout says it, in the page's language.
    await expect(fig.locator('[data-ex-plain]')).toContainText(locale === 'en' ? 'the loss is 0.09' : 'loss 為 0.09');
  });

  test(`${locale}: a start or step size it cannot use is refused with a message, and the default is shown`, async ({ page }) => {
    const fig = await open(page, locale);
    const field = fig.locator('[data-ex-w]');
    await field.fill('abc');
    await field.press('Enter');
    await field.blur();
    await expect(fig.locator('[data-status]')).toContainText(locale === 'en' ? 'w must be a number from 0 to 10' : 'w 必須是 0 到 10 之間的數字');
    await expect(field).toHaveValue(String(EXPLODING.start.w));
    const r = await run(fig, { b: 99, lr: 'fast' });
    expect(r.start).toEqual(EXPLODING.start);
    expect(r.lr).toBe(EXPLODING.lr);
    expect(r.problem).not.toBe('');
  });
}

test('dragging the start point on the map moves it and repaints the paths', async ({ page }) => {
  const fig = await open(page, 'en');
  const { canvas, at } = await mapBox(fig);
  const before = await pixels(canvas);
  const paints = Number(await fig.getAttribute('data-paints'));
  const from = at(6, -3.6);
  const to = at(3, 1);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  for (let i = 1; i <= 5; i++) await page.mouse.move(from.x + ((to.x - from.x) * i) / 5, from.y + ((to.y - from.y) * i) / 5);
  await page.mouse.up();
  // Where the pointer let go, to within a pixel of the map (0.1 × 0.1 in w and b at 600 px: within 0.05).
  await expect.poll(async () => Math.abs(Number(await fig.getAttribute('data-start-w')) - 3)).toBeLessThan(0.05);
  await expect.poll(async () => Math.abs(Number(await fig.getAttribute('data-start-b')) - 1)).toBeLessThan(0.05);
  expect(Number(await fig.getAttribute('data-paints'))).toBeGreaterThan(paints + 1);
  expect(await pixels(canvas)).not.toBe(before);
  await expect(fig.locator('[data-ex-w]')).toHaveValue(await fig.getAttribute('data-start-w').then(String));
});

test('the arrow keys move the start point by 0.1, with Shift by 1, and Home puts it back', async ({ page }) => {
  const fig = await open(page, 'zh-tw');
  const map = fig.locator('[data-ex-map]');
  await map.focus();
  await map.press('ArrowRight');
  await map.press('ArrowRight');
  await map.press('ArrowUp');
  await expect(fig).toHaveAttribute('data-start-w', '6.2');
  await expect(fig).toHaveAttribute('data-start-b', '-3.5');
  await map.press('Shift+ArrowLeft');
  await expect(fig).toHaveAttribute('data-start-w', '5.2');
  await expect(fig.locator('[data-status]')).toContainText('起點 w = 5.2、b = −3.5');
  await map.press('Home');
  await expect(fig).toHaveAttribute('data-start-w', '6');
  await expect(fig).toHaveAttribute('data-start-b', '-3.6');
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });
  for (const locale of LOCALES) {
    test(`${locale}: the page shows the baked picture and the default start's readout`, async ({ page }) => {
      await page.goto(embed(locale));
      const img = page.locator('[data-figure="exploding-through-time"] img[data-baked-image]');
      await expect(img).toBeVisible();
      expect(await img.getAttribute('src')).toMatch(new RegExp(`/${locale}/figures/exploding-light\\.svg$`));
      await expect.poll(() => img.evaluate((i) => (i as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
      const svg = await page.request.get(`/${locale}/figures/exploding-dark.svg`);
      expect(svg.ok()).toBe(true);
      expect(await svg.text()).toMatch(/^<svg [^>]*role="img"><title>/);
      await expect(page.locator('[data-ex-plain]')).toContainText(locale === 'en' ? 'Plain gradient descent' : '一般梯度下降');
      await expect(page.locator('[data-ex-map]')).toBeHidden();
    });
  }
});
