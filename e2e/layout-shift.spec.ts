import { ARTICLE, expect, test } from './fixtures';
import type { Page } from '@playwright/test';

/**
 * Issue 23, point 4: nothing moves under the reader. A figure comes alive as it nears the viewport
 * (its live half, its charts, the controls an article page keeps in templates until then: lazy.ts,
 * define-near.ts, LaterControls.astro), and what it adds must take room that was held for it from
 * the first paint: a chart's 220 px, a knob row, the seed field, the epoch scrubber, the controls of
 * a figure defined late, predict-then-look's note and skip button. A run that streams its epochs
 * into the console must not move the panes below it either.
 *
 * Each test jumps (no input: a jump is not the reader's own press) so that the figure is already in
 * the viewport when it wakes, and reads the page's `layout-shift` entries from then on: their
 * scores summed, and the elements that moved, for the message. The bar, 0.002, is far under what
 * each cause gave at 1280 × 800 (charts drawn late 0.31, the console of a running figure 0.03,
 * knobs and seed field stamped into a fix 0.038, the overshoot's controls 0.053) and over the one
 * shift left: the badge in a figure's title that says which backend ran (about 0.0001).
 */

interface Shift {
  value: number;
  sources: string[];
}

async function watchShifts(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { shifts: { value: number; sources: string[] }[] | null };
    w.shifts = null; // null until the test starts counting
    const name = (n: Node | null): string => {
      const e = n instanceof Element ? n : (n?.parentElement ?? null);
      if (!e) return '?';
      const host = e.closest('[id^="fig-"], lab-predict');
      return `${e.localName}${e.className && typeof e.className === 'string' ? `.${e.className.trim().split(/\s+/).join('.')}` : ''} in ${host ? (host.id || host.localName) : 'the article'}`;
    };
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean; sources?: { node: Node | null }[] })[]) {
        if (w.shifts && !entry.hadRecentInput) w.shifts.push({ value: entry.value, sources: (entry.sources ?? []).map((s) => name(s.node)) });
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
}

async function startCounting(page: Page): Promise<void> {
  await page.evaluate(() => ((window as unknown as { shifts: unknown[] }).shifts = []));
}

async function shifts(page: Page): Promise<Shift[]> {
  // Two frames: a shift is reported for the frame that painted it.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return page.evaluate(() => (window as unknown as { shifts: Shift[] }).shifts);
}

const score = (list: Shift[]) => list.reduce((s, x) => s + x.value, 0);
const moved = (list: Shift[]) => [...new Set(list.flatMap((s) => s.sources))].join('; ');

/** Jumps so that the figure's top is 60 px into the viewport, with the page's fonts in, and counts from there. */
async function jumpTo(page: Page, selector: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  await startCounting(page);
  await page.evaluate((s) => {
    const el = document.querySelector(s)!;
    window.scrollBy(0, el.getBoundingClientRect().top - 60);
  }, selector);
}

/** Awake: defined, no controls left in a template, and every chart of it drawn. */
async function awake(page: Page, selector: string): Promise<void> {
  await page.waitForFunction(
    (s) => {
      const el = document.querySelector(s);
      return (
        !!el &&
        customElements.get(el.localName) !== undefined &&
        el.matches(':defined') &&
        el.querySelector('template[data-controls]') === null &&
        [...el.querySelectorAll('.chart')].every((c) => c.querySelector('canvas') !== null)
      );
    },
    selector,
    { timeout: 30_000 },
  );
}

const WAKING: [string, string][] = [
  ['experiment 1 (knobs, seed field, stop-on-NaN box, charts, epoch scrubber)', '#fig-exp1'],
  ['a fix (its knobs and seed field, two charts)', '#fig-fix-reluHe'],
  ['the overshoot (defined as it nears the viewport: its controls and chart)', '#fig-overshoot'],
  ['the vanishing map (the same, with its initialiser choice)', '#fig-vanishing-map'],
];

test.describe('at 1280 × 800', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  for (const [what, selector] of WAKING) {
    test(`${what} comes alive in view without moving anything`, async ({ page }) => {
      await watchShifts(page);
      await page.goto(`/en/${ARTICLE}/`);
      await jumpTo(page, selector);
      await awake(page, selector);
      const list = await shifts(page);
      expect(score(list), `moved: ${moved(list)}`).toBeLessThan(0.002);
    });
  }

  for (const id of ['fig-exp1', 'fig-fix-reluHe', 'fig-ensemble-exp3']) {
    test(`#${id}: the room held for its controls is their size (stamping them changes no height)`, async ({ page }) => {
      // A jump can let the figure wake before the frame that would show the room is painted; this
      // compares the boxes themselves, on a figure still far below the viewport (not yet woken).
      await page.goto(`/en/${ARTICLE}/`);
      const heights = await page.evaluate((id) => {
        const el = document.getElementById(id) as HTMLElement & { stampControls(): void };
        const figure = el.querySelector('figure')!;
        const rooms = el.querySelectorAll('[data-controls-room]').length;
        const before = figure.getBoundingClientRect().height;
        el.stampControls();
        return { rooms, before, after: figure.getBoundingClientRect().height, left: el.querySelectorAll('[data-controls-room], template[data-controls]').length };
      }, id);
      expect(heights.rooms).toBeGreaterThan(0);
      expect(heights.left).toBe(0);
      expect(heights.after).toBe(heights.before);
    });
  }

  test('a run of experiment 1 streaming into its console moves nothing below it', async ({ page }) => {
    await watchShifts(page);
    await page.goto(`/en/${ARTICLE}/`);
    await jumpTo(page, '#fig-exp1');
    await awake(page, '#fig-exp1');
    // Mid-figure in view: the console's pane and the predictions and loss panes under it.
    await page.evaluate(() => window.scrollBy(0, document.querySelector('#fig-exp1 [data-console]')!.getBoundingClientRect().top - 200));
    await startCounting(page);
    const status = await page.evaluate(async () => {
      const el = document.querySelector('#fig-exp1') as HTMLElement & { run(): Promise<{ status: string }> };
      return (await el.run()).status;
    });
    expect(status).toBe('done');
    const list = await shifts(page);
    expect(score(list), `moved: ${moved(list)}`).toBeLessThan(0.002);
  });
});

test.describe('at 375 × 812, zh-TW', () => {
  test.use({ viewport: { width: 375, height: 812 } });

  test('experiment 1, and the question above it, come alive in view without moving anything', async ({ page }) => {
    await watchShifts(page);
    await page.goto(`/zh-tw/${ARTICLE}/`);
    await jumpTo(page, 'lab-predict[data-veils="fig-exp1"]');
    await awake(page, 'lab-predict[data-veils="fig-exp1"]');
    await awake(page, '#fig-exp1');
    const list = await shifts(page);
    expect(score(list), `moved: ${moved(list)}`).toBeLessThan(0.002);
  });
});
