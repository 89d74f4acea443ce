import { ARTICLE, expect, island, test } from './fixtures';

/**
 * Issue 23, point 3: while a knob is dragged, the run's outcome (final loss, the three predictions,
 * the nan state) stays in the same viewport as the knob. `[data-readout]` sits right under the knobs
 * and follows every painted run, a drag's frames included.
 */

/** A number as the figure's tables print it: five significant digits, NaN and ∞ spelled out (written here, not imported). */
const SHOWN = `(v) => (Number.isFinite(v) ? v.toPrecision(5) : Number.isNaN(v) ? 'NaN' : v > 0 ? '∞' : '−∞')`;

interface Frame {
  top: number;
  bottom: number;
  height: number;
  text: string;
  /** The last painted run's final loss and predictions, formatted as above; null before one. */
  loss: string | null;
  predictions: string | null;
}

const CASES = [
  { width: 375, height: 812, locale: 'en', scheme: 'light' },
  { width: 375, height: 812, locale: 'zh-tw', scheme: 'dark' },
  { width: 1280, height: 800, locale: 'zh-tw', scheme: 'light' },
  { width: 1280, height: 800, locale: 'en', scheme: 'dark' },
] as const;

for (const { width, height, locale, scheme } of CASES) {
  test(`${width}×${height}, ${locale}, ${scheme}: during a drag of exp2's learning rate the readout is in the viewport on every frame and shows the latest run`, async ({ page }, testInfo) => {
    await page.setViewportSize({ width, height });
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(`/${locale}/${ARTICLE}/`);
    const fig = island(page, 'exp2');
    const slider = fig.locator('[data-param="lr"]');
    const readout = fig.locator('[data-readout]');
    await fig.scrollIntoViewIfNeeded();
    await expect(slider).toBeEnabled();
    await expect(slider).toHaveAttribute('data-steps', /^\[/);
    await slider.scrollIntoViewIfNeeded();
    await expect(readout).toHaveCount(1);

    // Every frame from here on: where the readout is, what it says, and what the last painted run was.
    await page.evaluate((shown) => {
      const fmt = new Function(`return ${shown}`)() as (v: number) => string;
      const w = window as unknown as { frames_: unknown[]; recording: boolean };
      w.frames_ = [];
      w.recording = true;
      const host = document.querySelector<HTMLElement & { lastRun: { epochs: { loss: number }[]; predictions: number[] | null } | null }>('lab-experiment[data-experiment="exp2"]')!;
      const el = host.querySelector<HTMLElement>('[data-readout]')!;
      const tick = () => {
        const r = el.getBoundingClientRect();
        const run = host.lastRun;
        w.frames_.push({
          top: r.top,
          bottom: r.bottom,
          height: window.innerHeight,
          text: el.textContent ?? '',
          loss: run ? fmt(run.epochs.at(-1)!.loss) : null,
          predictions: run?.predictions ? run.predictions.map(fmt).join(', ') : null,
        });
        if (w.recording) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    }, SHOWN);

    const box = (await slider.boundingBox())!;
    const y = box.y + box.height / 2;
    const at = (f: number) => box.x + box.width * f;
    await page.mouse.move(at(0.2), y);
    await page.mouse.down();
    for (const f of [0.3, 0.45, 0.6, 0.75]) {
      await page.mouse.move(at(f), y, { steps: 4 });
      // Let the figure paint a run at this position before moving on (a reader's slow drag).
      // Wait on state, not time: the run of the slider's current value has painted (latest wins, so it always does).
      await page.waitForFunction(() => {
        const el = document.querySelector('lab-experiment[data-experiment="exp2"]') as unknown as { lastRun: { config: { learningRate: number } } | null } & Element;
        const slider = el.querySelector<HTMLInputElement>('[data-param="lr"]')!;
        const steps = JSON.parse(slider.dataset['steps'] ?? '[]') as number[];
        return el.lastRun !== null && el.lastRun.config.learningRate === steps[Number(slider.value)];
      });
      if (f === 0.45) await page.screenshot({ path: testInfo.outputPath(`readout-${width}-${locale}-${scheme}.png`) });
    }
    await page.mouse.up();
    const value = JSON.parse((await slider.getAttribute('data-steps'))!)[Number(await slider.inputValue())] as number;
    await expect.poll(() => fig.evaluate((el) => (el as unknown as { lastRun: { config: { learningRate: number } } | null }).lastRun?.config.learningRate)).toBe(value);
    await expect(fig).toHaveAttribute('data-state', 'done');
    const frames = await page.evaluate(() => {
      const w = window as unknown as { frames_: Frame[]; recording: boolean };
      w.recording = false;
      return w.frames_;
    });

    expect(frames.length).toBeGreaterThan(5);
    // In the viewport, whole, on every frame.
    const out = frames.filter((f) => f.top < 0 || f.bottom > f.height);
    expect(out, `frames with the readout out of view: ${JSON.stringify(out.slice(0, 3))}`).toEqual([]);
    // Every frame after the first run of the drag shows that frame's last painted run.
    const painted = frames.filter((f) => f.loss !== null);
    expect(painted.length).toBeGreaterThan(0);
    const stale = painted.filter((f) => !f.text.includes(f.loss!) || !f.text.includes(f.predictions!));
    expect(stale, `frames whose readout is not the last run: ${JSON.stringify(stale.slice(0, 3))}`).toEqual([]);
    // The drag showed more than one run there as it went.
    expect(new Set(painted.map((f) => f.text)).size).toBeGreaterThan(1);

    // After letting go: the last run's values, as the predictions table shows them too.
    const last = frames.at(-1)!;
    const cells = await fig.locator('[data-prediction]').allTextContents();
    expect(cells.join(', ')).toBe(last.predictions);
    await expect(readout.locator('[data-readout-predictions]')).toContainText(cells.join(', '));
    await expect(readout.locator('[data-readout-loss]')).toContainText(last.loss!);
    if (locale === 'en') await expect(readout.locator('[data-readout-predictions]')).toHaveText(`predictions ${cells.join(', ')}`);
  });
}
