import type { Locator, Page } from '@playwright/test';
import { mapLayout } from '../src/charts/explosion-map';
import { initBackend } from '../src/lab/engine/backend';
import { boundaryCurve, EXPLOSION_GRID, explosionCellConfig, explosionMap, type ExplosionCell } from '../src/lab/studies/explosion';
import { explosionFindings, explosionQuotes } from '../src/lab/studies/findings';
import { encodeCells } from '../src/lab/studies/map-codec';
import { vanishingMap } from '../src/lab/studies/vanishing';
import { ARTICLE, LOCALES, expect, island, test } from './fixtures';

/**
 * Issue 14: the figures that show why. Live maps against the baked ones and against the same maps
 * computed in this Node process (tfjs on wasm, as the build bakes); a map cell against the run the
 * experiment 2 figure makes of it; the overshoot's regimes; predict-then-look; the baked figures
 * without JavaScript.
 */

type Cell = Pick<ExplosionCell, 'lr' | 'hi' | 'outcome' | 'firstNonFiniteEpoch' | 'finalLoss'>;

let backend: Promise<unknown> | null = null;
const nodeMaps = new Map<number, Promise<ExplosionCell[]>>();
/** The explosion map of a seed, computed here once. */
function nodeMap(seed: number): Promise<ExplosionCell[]> {
  backend ??= initBackend();
  let map = nodeMaps.get(seed);
  if (!map) {
    map = backend.then(async () => (await explosionMap({ ...EXPLOSION_GRID, seed })).cells);
    nodeMaps.set(seed, map);
  }
  return map;
}

/** JSON turns NaN and ±Infinity into null; the page sends them as strings. */
const revive = (cells: (Omit<Cell, 'finalLoss'> & { finalLoss: number | string })[]): Cell[] => cells.map((c) => ({ ...c, finalLoss: Number(c.finalLoss) }));

async function openFigure(page: Page, locale: string, selector: string): Promise<Locator> {
  await page.goto(`/${locale}/${ARTICLE}/`);
  const fig = page.locator(selector);
  await fig.scrollIntoViewIfNeeded();
  await page.waitForFunction((tag) => customElements.get(tag) !== undefined, await fig.evaluate((el) => el.localName));
  return fig;
}

/** Recomputes the explosion map in the page; returns its cells (grid order) and the baked string. */
async function runMap(fig: Locator, seed?: number) {
  const result = await fig.evaluate(async (el, seed) => {
    const r = await (el as HTMLElement & { run(o: object): Promise<{ cells: object[]; status: string; workers: number }> }).run(seed === undefined ? {} : { seed });
    const cells = JSON.parse(JSON.stringify(r.cells, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)));
    const baked = JSON.parse(el.querySelector('script[data-baked]')!.textContent!) as { cells: string; seed: number };
    const quotes = Object.fromEntries([...document.querySelectorAll<HTMLElement>('[data-fig-num="explosion-map"]')].map((n) => [n.dataset['q'], n.textContent]));
    return { status: r.status, workers: r.workers, cells, baked, quotes, state: el.getAttribute('data-state') };
  }, seed);
  return { ...result, cells: revive(result.cells) };
}

for (const locale of LOCALES) {
  test(`${locale}: the explosion map recomputed in the page equals the baked one, cell for cell`, async ({ page }) => {
    const fig = await openFigure(page, locale, '[data-figure="explosion-map"]');
    const before = await fig.evaluate(() => Object.fromEntries([...document.querySelectorAll<HTMLElement>('[data-fig-num="explosion-map"]')].map((n) => [n.dataset['q'], n.textContent])));
    const live = await runMap(fig);
    expect(live.status).toBe('done');
    expect(live.state).toBe('done');
    expect(live.cells).toHaveLength(32 * 32);
    expect(live.cells.map((c) => [c.lr, c.hi])).toEqual(EXPLOSION_GRID.his.flatMap((hi) => EXPLOSION_GRID.lrs.map((lr) => [lr, hi])));
    expect(encodeCells(live.cells)).toBe(live.baked.cells);
    // Same seed, same numbers: the prose quoting the map says what it said.
    expect(live.quotes).toEqual(before);
  });
}

test('the explosion map in the page is the map trained in Node, to the last bit, and the prose follows a new seed', async ({ page }) => {
  test.setTimeout(90_000);
  const fig = await openFigure(page, 'en', '[data-figure="explosion-map"]');
  const live = await runMap(fig);
  const node = await nodeMap(EXPLOSION_GRID.seed);
  expect(live.cells.map((c) => [c.outcome, c.firstNonFiniteEpoch, c.finalLoss])).toEqual(node.map((c) => [c.outcome, c.firstNonFiniteEpoch, c.finalLoss]));

  const seed = 7;
  const other = await runMap(fig, seed);
  const nodeOther = await nodeMap(seed);
  expect(encodeCells(other.cells)).toBe(encodeCells(nodeOther));
  const expected = explosionQuotes(explosionFindings({ ...EXPLOSION_GRID, seed }, nodeOther, boundaryCurve({ ...EXPLOSION_GRID, seed }).map((b) => b.lambda)));
  expect(other.quotes).toEqual(Object.fromEntries(Object.keys(other.quotes).map((q) => [q, expected[q]])));
  expect(other.quotes['seed']).toBe('7');
});

/** The exp2 figure's last painted run, once it shows these settings. */
async function exp2RunOf(page: Page, lr: number, hi: number) {
  const exp2 = island(page, 'exp2');
  await expect.poll(() => exp2.evaluate((el) => {
    const run = (el as HTMLElement & { lastRun: { config: { learningRate: number; data: { hi: number } } } | null }).lastRun;
    return run && el.getAttribute('data-state') === 'done' ? [run.config.learningRate, run.config.data.hi] : null;
  }), { timeout: 20_000 }).toEqual([lr, hi]);
  return exp2.evaluate((el) => {
    const run = (el as HTMLElement & { lastRun: { config: unknown; epochs: { loss: number }[] } }).lastRun;
    return { config: run.config, losses: run.epochs.map((e) => (Number.isFinite(e.loss) ? e.loss : String(e.loss))) };
  });
}

test('a click on a map cell, or Enter on it, loads exactly that cell into the experiment 2 figure, whose run is the cell\'s', async ({ page }) => {
  const fig = await openFigure(page, 'en', '[data-figure="explosion-map"]');
  const node = await nodeMap(EXPLOSION_GRID.seed);
  const canvas = fig.locator('canvas');
  const box = (await canvas.boundingBox())!;
  const layout = mapLayout(EXPLOSION_GRID, Math.round(box.width));
  expect(layout.stride).toBe(1);
  const n = EXPLOSION_GRID.lrs.length;

  const check = async (row: number, col: number) => {
    const cell = node[row * n + col]!;
    const run = await exp2RunOf(page, cell.lr, cell.hi);
    expect(run.config).toEqual(explosionCellConfig(cell.lr, cell.hi, EXPLOSION_GRID.seed));
    const bad = run.losses.findIndex((l) => typeof l === 'string');
    expect(bad < 0 ? null : bad + 1).toBe(cell.firstNonFiniteEpoch);
    if (cell.firstNonFiniteEpoch === null) expect(run.losses.at(-1)).toBe(cell.finalLoss);
    await expect(fig.locator('[data-loaded-text]')).toContainText('as the map says');
  };

  // An exploding cell and a learning one, clicked at their centres.
  for (const [hi, lr] of [[2, 0.2512], [1, 0.0631]] as const) {
    const [row, col] = [EXPLOSION_GRID.his.indexOf(hi), EXPLOSION_GRID.lrs.indexOf(lr)];
    expect(node[row * n + col]!.outcome).toBe(hi === 2 ? 'exploded' : 'learned');
    const [x, y, w, h] = layout.rect({ row, col });
    await page.mouse.click(box.x + x + w / 2, box.y + y + h / 2);
    await expect(fig.locator('[data-cell]')).toContainText(`Learning rate ${lr}, inputs up to ${hi}`);
    await check(row, col);
  }

  // The keyboard: the map keeps the cell last clicked; two steps right is experiment 1's cell, then Enter.
  await fig.locator('[data-map]').focus();
  await expect(fig.locator('[data-cell]')).toContainText('Learning rate 0.0631, inputs up to 1 ');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(fig.locator('[data-cell]')).toContainText('Learning rate 0.1, inputs up to 1 ');
  await page.keyboard.press('Enter');
  await check(EXPLOSION_GRID.his.indexOf(1), EXPLOSION_GRID.lrs.indexOf(0.1));
});

for (const locale of LOCALES) {
  test(`${locale}: the vanishing map measured in the page equals the baked one for Glorot and for He`, async ({ page }) => {
    const fig = await openFigure(page, locale, '[data-figure="vanishing-map"]');
    for (const init of ['glorotUniform', 'heUniform'] as const) {
      const { live, baked } = await fig.evaluate(async (el, init) => {
        const r = await (el as HTMLElement & { run(o: object): Promise<{ status: string; cells: { depth: number; activation: string; init: string; ratio: number }[] }> }).run({ init });
        const b = JSON.parse(el.querySelector('script[data-baked]')!.textContent!) as { ratios: Record<string, number[][]> };
        return { live: r, baked: b.ratios[init]! };
      }, init);
      expect(live.status).toBe('done');
      expect(live.cells).toHaveLength(40);
      const activations = ['sigmoid', 'tanh', 'relu', 'linear'];
      const byCell = activations.map((a) => Array.from({ length: 10 }, (_, d) => Number(live.cells.find((c) => c.activation === a && c.depth === d + 1 && c.init === init)!.ratio.toPrecision(4))));
      expect(byCell).toEqual(baked);
      if (locale === 'en') {
        backend ??= initBackend();
        await backend;
        const node = await vanishingMap(init);
        expect(live.cells.map((c) => c.ratio)).toEqual(node.cells.map((c) => c.ratio));
      }
      await expect(fig).toHaveAttribute('data-init', init);
      await expect(fig.getByRole('radio', { checked: true })).toHaveValue(init);
    }
  });
}

test('the overshoot slider shows each regime: smooth below 1, zig-zag between 1 and 2, divergence past 2', async ({ page }) => {
  const fig = await openFigure(page, 'en', '[data-figure="overshoot"]');
  await expect(fig).toHaveAttribute('data-regime', 'diverge'); // it opens at 2.2, just past the edge
  const regimes: [number, string, RegExp][] = [
    [0.5, 'smooth', /= 0\.5\. Smooth/],
    [1, 'exact', /= 0\. Exact/],
    [1.5, 'zigzag', /= −0\.5\. Zig-zag/],
    [2, 'edge', /= −1\. The edge/],
    [2.5, 'diverge', /= −1\.5\. Diverges.*leaves the chart at step 3/],
  ];
  for (const [x, regime, sentence] of regimes) {
    await fig.evaluate((el, x) => (el as HTMLElement & { set(x: number): Promise<unknown> }).set(x), x);
    await expect(fig).toHaveAttribute('data-regime', regime);
    await expect(fig.locator('[data-ov-sentence]')).toHaveText(sentence);
  }
  // From the keyboard, with the regime in the slider's value text.
  const slider = fig.getByRole('slider', { name: 'η·λ (learning rate × curvature)' });
  await slider.focus();
  await page.keyboard.press('Home');
  await expect(fig).toHaveAttribute('data-regime', 'smooth');
  await expect(slider).toHaveAttribute('aria-valuetext', /^η·λ = 0\.05: smooth/);
  await page.keyboard.press('End');
  await expect(fig).toHaveAttribute('data-regime', 'diverge');
  // The marks where the experiments sit.
  await fig.getByRole('button', { name: /^Experiment 1 \(/ }).click();
  await expect(fig).toHaveAttribute('data-regime', 'smooth');
  await fig.getByRole('button', { name: /^Experiment 2 \(/ }).click();
  await expect(fig).toHaveAttribute('data-regime', 'diverge');
  expect(Number(await fig.getAttribute('data-value'))).toBeGreaterThan(4.5);
});

test('predict, then look: the answer shows only after a choice, the choice is judged aloud, and nothing is stored or sent', async ({ page, watch }) => {
  const fig = await openFigure(page, 'en', '[data-predict="exp2"]');
  const group = fig.getByRole('group', { name: /What will the loss of epoch 1 be\?/ });
  const answer = fig.locator('.predict-answer-text');
  await expect(group.getByRole('radio')).toHaveCount(4);
  // Not even folded away: the disclosure itself is gone until a choice is made.
  await expect(fig.locator('[data-answer-box]')).toBeHidden();
  await expect(answer).toBeHidden();
  const verdict = fig.getByRole('status');
  await expect(verdict).toHaveAttribute('aria-live', 'polite');
  const requests = watch.requests.length;
  // The figure below holds the answer: blurred (headings sharp, a note on top) until the choice.
  const figure = page.locator('#fig-exp2');
  await expect(figure).toHaveAttribute('data-veiled', '');
  await expect(figure.locator('[data-console]')).toHaveCSS('filter', /blur/);
  await expect(figure.locator('[data-scrub-printout]')).toHaveCSS('filter', /blur/); // the epoch slider's printout holds the answer too
  await expect(figure.locator('[data-chart="grads"]')).toHaveCSS('filter', /blur/);
  await expect(figure.locator('[data-readout]')).toHaveCSS('filter', /blur/); // the readout beside the knobs quotes the last loss
  await expect(figure.locator('[data-scrubber] input[type="range"]')).toHaveCSS('filter', 'none'); // controls stay sharp
  await expect(figure.locator('.lab-grid h4').first()).toHaveCSS('filter', 'none');

  await group.getByRole('radio', { name: 'About the same as in experiment 1' }).check();
  await expect(verdict).toHaveText('You chose “About the same as in experiment 1”. Not this time.');
  await expect(figure).not.toHaveAttribute('data-veiled');
  await expect(figure.locator('[data-console]')).toHaveCSS('filter', 'none');
  await expect(figure.locator('[data-readout]')).toHaveCSS('filter', 'none');
  await expect(fig.getByRole('button', { name: 'Show the results without guessing' })).toBeHidden();
  await expect(answer).toBeVisible();
  await expect(answer).toContainText('Many orders of magnitude larger, then nan');
  // Arrow keys move within the group, as in any radio group.
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(group.getByRole('radio', { name: 'Many orders of magnitude larger, then nan' })).toBeChecked();
  await expect(verdict).toHaveText('You chose “Many orders of magnitude larger, then nan”. That is what happens.');

  expect(await page.evaluate(() => localStorage.length + sessionStorage.length + document.cookie.length)).toBe(0);
  expect(watch.requests.slice(requests)).toEqual([]);
});

test('a reader who will not guess sees the results anyway: the skip button, or any use of the figure, clears the blur', async ({ page }) => {
  await page.goto(`/zh-tw/${ARTICLE}/`);
  const exp1 = page.locator('#fig-exp1');
  const exp3 = page.locator('#fig-exp3');
  await page.locator('[data-predict="exp1"]').scrollIntoViewIfNeeded();
  await expect(exp1).toHaveAttribute('data-veiled', '');
  await expect(exp1.locator('.lab-grid')).toHaveAttribute('data-veil-text', '先在上面猜一個，結果才會變清楚');
  await page.locator('[data-predict="exp1"]').getByRole('button', { name: '不猜了，直接看結果' }).click();
  await expect(exp1).not.toHaveAttribute('data-veiled');
  await expect(page.locator('[data-predict="exp1"] [data-answer-box]')).toBeHidden(); // the answer still waits for a guess

  await page.locator('[data-predict="exp3"]').scrollIntoViewIfNeeded();
  await expect(exp3).toHaveAttribute('data-veiled', '');
  await exp3.locator('[data-action="run"]').click();
  await expect(exp3).not.toHaveAttribute('data-veiled');
  await expect(exp3).toHaveAttribute('data-state', 'done');
});

test('σ′ under each layer follows experiment 3\'s epoch scrubber', async ({ page }) => {
  const exp3 = island(page, 'exp3');
  await page.goto(`/en/${ARTICLE}/`);
  const pane = exp3.locator('[data-slopes]');
  // As a reader gets there, through the figure: the article's figures are content-visibility: auto,
  // so a jump straight to a pane deep inside one is placed by the figure's estimated height and can
  // land beyond where the figure, once rendered, ends (and so not near it).
  await exp3.scrollIntoViewIfNeeded();
  await pane.scrollIntoViewIfNeeded();
  await expect(pane.locator('canvas')).toBeVisible();
  const slopes = await exp3.evaluate(async (el) => ((await (await fetch((el as HTMLElement).dataset['bakedSrc']!)).json()) as { epochs: { slopes: number[] }[] }).epochs.map((e) => e.slopes.slice(0, -1)));
  await expect(pane.locator('[data-slopes-title]')).toContainText('(epoch 20)');
  await exp3.locator('[data-scrub]').evaluate((el: HTMLInputElement) => {
    el.value = '1';
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await expect(pane.locator('[data-slopes-title]')).toContainText('(epoch 1)');
  await expect(pane.locator('[data-slopes-summary]')).toContainText(slopes[0]!.map((s) => s.toFixed(3)).join(', '));
  // The histograms come from a replay of the run in the worker; its mean slopes agree with the trace's.
  await expect(pane.locator('[data-slopes-note]')).toBeHidden();
  await expect(pane.locator('[data-slopes-rows] tr td:nth-child(2)')).toHaveText(slopes[0]!.map((s) => s.toFixed(3)));
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  for (const locale of LOCALES) {
    test(`${locale}: the why figures are in the page as pictures, tables and sentences baked at build time`, async ({ page }) => {
      await page.goto(`/${locale}/${ARTICLE}/`);
      const images = page.locator('img[data-baked-image]');
      await expect(images).toHaveCount(4);
      for (const img of await images.all()) {
        await img.scrollIntoViewIfNeeded();
        await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0)).toBe(true);
      }
      await expect(page.locator('[data-figure="explosion-map"] [data-edge-rows] tr')).toHaveCount(32);
      await expect(page.locator('[data-figure="vanishing-map"] [data-rows] tr')).toHaveCount(20);
      await expect(page.locator('[data-figure="overshoot"] [data-ov-rows] tr')).toHaveCount(21);
      await expect(page.locator('[data-slopes-rows] tr')).toHaveCount(4);
      // Every number the prose quotes from them is there (a spread over seeds may be a power of ten: 10²⁸).
      for (const num of await page.locator('[data-fig-num]').all()) await expect(num).toHaveText(/^[\d.,e−-]+$|^10⁻?[⁰¹²³⁴⁵⁶⁷⁸⁹]+$/);
      // Predict, then look: the choices are listed and the answer waits, folded.
      const predicts = page.locator('lab-predict');
      await expect(predicts).toHaveCount(3);
      for (const p of await predicts.all()) {
        await expect(p.locator('details > summary')).toBeVisible();
        await expect(p.locator('.predict-answer-text')).toBeHidden();
      }
    });
  }
});
