import type { Page } from '@playwright/test';
import { ARTICLE, LOCALES, expect, test } from './fixtures';

/**
 * Issue 23, point 6: an embed fits a slide. In a 640 × 480 frame an experiment shows its knobs and
 * its readout without the frame being scrolled, after a run; and the Embed control's snippet asks
 * for the height the figure needs, no more than a few lines beyond it. A page opened at a viewport
 * of the frame's size is what the frame shows (an iframe's viewport is its box).
 */

/** Runs the page's one figure through its public run(), as its Run button does; returns its state. */
async function runFigure(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const el = document.querySelector<HTMLElement & { run(): Promise<unknown> }>('lab-experiment, lab-fix, lab-ensemble')!;
    await customElements.whenDefined(el.localName);
    await el.run();
    return el.dataset['state'] ?? '';
  });
}

/** Top and bottom of each element in the frame's viewport, the scroll position, and the viewport's height. */
async function boxes(page: Page, selectors: string[]) {
  return page.evaluate((selectors) => {
    // Every element the selector matches, as one span (all the knobs, say).
    const at = (s: string) => {
      const rects = [...document.querySelectorAll(s)].map((e) => e.getBoundingClientRect());
      return { selector: s, count: rects.length, top: Math.min(...rects.map((r) => r.top)), bottom: Math.max(...rects.map((r) => r.bottom)) };
    };
    return { scrollY: window.scrollY, height: window.innerHeight, boxes: selectors.map(at) };
  }, selectors);
}

for (const locale of LOCALES) {
  for (const experiment of ['exp2', 'exp3']) {
    test(`640×480, ${locale}: the ${experiment} embed shows its knobs and readout without scrolling the frame after a run`, async ({ page }) => {
      await page.setViewportSize({ width: 640, height: 480 });
      await page.goto(`/embed/${locale}/${ARTICLE}/${experiment}/`);
      expect(await runFigure(page)).toBe('done');
      const seen = await boxes(page, ['[data-param]', '[data-readout]']);
      expect(seen.scrollY).toBe(0);
      for (const box of seen.boxes) {
        expect(box.count, box.selector).toBeGreaterThan(0);
        expect(box.top, box.selector).toBeGreaterThanOrEqual(0);
        expect(box.bottom, box.selector).toBeLessThanOrEqual(seen.height);
      }
      await expect(page.locator('[data-readout]')).toBeVisible();
      await page.screenshot({ path: test.info().outputPath(`embed-${locale}-${experiment}-640x480.png`) });
    });
  }
}

/** What a reader of each kind of figure uses, top to bottom; the last one's bottom is what the frame needs. */
const NEEDS: Record<string, string[]> = {
  experiment: ['[data-param]', '[data-readout]', '[data-action="run"]', '[data-status]'],
  fix: ['[data-param]', '[data-action="run"]', '[data-status]', '[data-chart="loss"]'],
  ensemble: ['[data-action="run"]', '[data-status]', 'lab-ensemble'],
};
const kindOf = (figure: string) => (figure.startsWith('fix-') ? 'fix' : figure.startsWith('ensemble-') ? 'ensemble' : 'experiment');
/**
 * Room to spare under the last thing needed. The snippet's height is one per kind of figure (its
 * tallest member, src/figures/embeds.ts), so a shorter one (exp1 in English) has up to four lines.
 */
const SPARE = 112;

for (const locale of LOCALES) {
  test(`${locale}: every Embed snippet's height shows its figure's controls and outcome at 640 px wide, with at most ${SPARE} px to spare`, async ({ page, browser }) => {
    test.setTimeout(300_000);
    await page.goto(`/${locale}/${ARTICLE}/`);
    const snippets = await page.locator('details.embed-control .embed-snippet').allTextContents();
    expect(snippets.length).toBeGreaterThan(0);
    // Two frames at a time, as a slide deck with two embeds would: each waits on its own run's state.
    const check = async (snippet: string) => {
      const height = Number(/height="(\d+)"/.exec(snippet)?.[1]);
      const path = new URL(/src="([^"]+)"/.exec(snippet)![1]!).pathname;
      const figure = path.split('/').at(-2)!;
      const frame = await browser.newPage({ viewport: { width: 640, height } });
      await frame.goto(path);
      expect(await runFigure(frame), path).toBe('done');
      const seen = await boxes(frame, NEEDS[kindOf(figure)]!);
      const last = seen.boxes.at(-1)!;
      expect(seen.scrollY, path).toBe(0);
      for (const box of seen.boxes) expect(box.count > 0 && box.bottom, `${path} ${box.selector} inside a ${height} px frame`).toBeLessThanOrEqual(height);
      expect(height - last.bottom, `${path}: ${height} px asked, ${Math.round(last.bottom)} needed`).toBeLessThanOrEqual(SPARE);
      await frame.close();
    };
    for (let i = 0; i < snippets.length; i += 2) await Promise.all(snippets.slice(i, i + 2).map(check));
  });
}
