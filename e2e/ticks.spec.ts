import { ARTICLE, LOCALES, expect, runEveryIsland, test } from './fixtures';

/**
 * Issue 23, point 5: every live chart keeps its tick labels on a phone. A uPlot chart draws its axes
 * on its canvas, and when no tick spacing fits the width it draws none and says nothing (figure 6's
 * layer axis lost its 1–10 at 375 px). So the check reads what was painted: every `fillText` on a
 * canvas since that canvas was last cleared whole (one frame of the chart), placed with the canvas's
 * transform at the time, in CSS pixels. Engine-independent (the 2D canvas API only); no uPlot
 * internals, only its plot area (`.u-over`) to tell the x axis (below it) from the y axis (left of it).
 *
 * An axis has its ticks when the row of texts nearest the plot (x) or the column nearest it (y)
 * holds at least two texts: the axis's own title sits farther out, alone.
 */

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    type Drawn = { text: string; x: number; y: number };
    const proto = CanvasRenderingContext2D.prototype;
    const texts = new WeakMap<HTMLCanvasElement, Drawn[]>();
    const clearRect = proto.clearRect;
    proto.clearRect = function (x: number, y: number, w: number, h: number) {
      if (x <= 0 && y <= 0 && w >= this.canvas.width && h >= this.canvas.height) texts.set(this.canvas as HTMLCanvasElement, []);
      return clearRect.call(this, x, y, w, h);
    };
    const fillText = proto.fillText;
    proto.fillText = function (text: string, x: number, y: number, maxWidth?: number) {
      const canvas = this.canvas as HTMLCanvasElement;
      const at = this.getTransform().transformPoint(new DOMPoint(x, y));
      const scale = canvas.clientWidth > 0 ? canvas.clientWidth / canvas.width : 1;
      const list = texts.get(canvas) ?? [];
      list.push({ text: String(text), x: at.x * scale, y: at.y * scale });
      texts.set(canvas, list);
      return maxWidth === undefined ? fillText.call(this, text, x, y) : fillText.call(this, text, x, y, maxWidth);
    };
    (window as unknown as { paintedTexts: (c: HTMLCanvasElement) => Drawn[] }).paintedTexts = (c) => texts.get(c) ?? [];
  });
});

for (const locale of LOCALES) {
  test(`375×812, ${locale}: every live chart on the article shows tick labels on both axes once its figure has run`, async ({ page }) => {
    test.setTimeout(300_000);
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto(`/${locale}/${ARTICLE}/`);
    const states = await runEveryIsland(page);
    expect(states.length).toBeGreaterThan(0);

    const charts = page.locator('.uplot');
    const count = await charts.count();
    let checked = 0;
    for (let i = 0; i < count; i++) {
      const chart = charts.nth(i);
      if (!(await chart.isVisible())) continue; // a chart inside a closed fold is not on show
      await chart.scrollIntoViewIfNeeded();
      // A chart may repaint as it comes into view: poll until its current frame has both axes' ticks.
      await expect
        .poll(
          () =>
            chart.evaluate((el, i): string => {
              const canvas = el.querySelector('canvas')!;
              const over = el.querySelector('.u-over')!.getBoundingClientRect();
              const box = canvas.getBoundingClientRect();
              const plot = { left: over.left - box.left, bottom: over.bottom - box.top };
              const drawn = (window as unknown as { paintedTexts: (c: HTMLCanvasElement) => { text: string; x: number; y: number }[] }).paintedTexts(canvas).filter((t) => t.text.trim() !== ''); // uPlot draws a filtered-out tick as ''
              const nearest = (items: { text: string; d: number }[]) => {
                if (items.length === 0) return [];
                const d = Math.min(...items.map((t) => t.d));
                return items.filter((t) => Math.abs(t.d - d) < 1).map((t) => t.text);
              };
              const x = nearest(drawn.filter((t) => t.y > plot.bottom).map((t) => ({ text: t.text, d: t.y - plot.bottom })));
              const y = nearest(drawn.filter((t) => t.x < plot.left).map((t) => ({ text: t.text, d: plot.left - t.x })));
              const where = el.closest('[id]')?.id ?? '';
              const chart = `#${i} in ${where} (${el.parentElement?.dataset['chart'] ?? ''})`;
              // What is drawn, when it is not enough, so a failure says which chart and which axis.
              return x.length >= 2 && y.length >= 2 ? 'ticks on both axes' : JSON.stringify({ chart, x, y, drawn: drawn.length });
            }, i),
          { message: `chart ${i} draws at least two tick labels on each axis` },
        )
        .toBe('ticks on both axes');
      checked += 1;
    }
    // The experiments, fixes, ensembles and both maps each have one or more.
    expect(checked).toBeGreaterThanOrEqual(8);
  });
}
