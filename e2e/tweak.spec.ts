import type { Locator, Page } from '@playwright/test';
import { ARTICLE, LOCALES, expect, island, test, type ComparableTrace } from './fixtures';
import { comparable, nodeRun } from './node-lab';
import type { RunTrace } from '../src/lab/engine/trace';

/**
 * Issue 13: every article figure has knobs, and moving one re-trains the whole run on every frame,
 * latest wins. Expected numbers come from the same settings trained in this Node process.
 */

/**
 * Scrolls `el` to the top of the window and lets two frames pass: an IntersectionObserver reports in
 * the frame after a scroll, and the figure decides what is off screen from those reports.
 */
async function scrolledTo(el: Locator): Promise<void> {
  await el.evaluate(async (node) => {
    node.scrollIntoView({ block: 'start' });
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  });
}

/** The figure's last painted run, comparable with a Node trace. */
async function lastRun(fig: Locator): Promise<ComparableTrace> {
  return comparable(await fig.evaluate((el) => (el as HTMLElement & { lastRun: RunTrace }).lastRun));
}

/**
 * A drag as a reader's pointer makes it: `input` events at the slider's positions for `values`, as
 * fast as the page takes them (several between two frames, none waited for), then `change`.
 * Meanwhile every frame records which value the figure shows; returns that sequence.
 */
async function drag(fig: Locator, key: string, values: number[]): Promise<number[]> {
  return fig.evaluate(
    async (el, { key, values }) => {
      await customElements.whenDefined(el.localName);
      const slider = el.querySelector<HTMLInputElement>(`[data-param="${key}"]`)!;
      const steps = JSON.parse(slider.dataset['steps']!) as number[];
      const shown: number[] = [];
      let watching = true;
      const keyOf = (c: any) => (key === 'lr' ? c.learningRate : key === 'hi' ? c.data.hi : key === 'epochs' ? c.epochs : key === 'depth' ? c.layers.length - 1 : key === 'clip' ? c.clipNorm : c.data.noiseSd);
      const watch = () => {
        const run = (el as any).lastRun;
        const cfg = run?.after?.config ?? run?.config;
        const v = cfg ? keyOf(cfg) : undefined;
        if (v !== undefined && v !== shown.at(-1)) shown.push(v);
        if (watching) requestAnimationFrame(watch);
      };
      requestAnimationFrame(watch);
      for (let i = 0; i < values.length; i++) {
        slider.value = String(steps.indexOf(values[i]!));
        slider.dispatchEvent(new Event('input', { bubbles: true }));
        if (i % 3 === 2) await new Promise((r) => setTimeout(r, 8)); // about two events per frame
      }
      slider.dispatchEvent(new Event('change', { bubbles: true }));
      const last = values.at(-1);
      const until = performance.now() + 30_000;
      for (;;) {
        const run = (el as any).lastRun;
        const cfg = run?.after?.config ?? run?.config;
        if (cfg && keyOf(cfg) === last && el.getAttribute('data-state') === 'done') break;
        if (performance.now() > until) throw new Error(`drag: the full run of ${last} was not painted within 30 s (state ${el.getAttribute('data-state')})`);
        await new Promise((r) => setTimeout(r, 20));
      }
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      watching = false;
      return shown;
    },
    { key, values },
  );
}

async function ladder(fig: Locator, key: string): Promise<number[]> {
  return JSON.parse((await fig.locator(`[data-param="${key}"]`).getAttribute('data-steps'))!) as number[];
}

function between(steps: number[], lo: number, hi: number): number[] {
  return steps.filter((v) => v >= lo && v <= hi);
}

async function open(page: Page, locale: string, experiment: string): Promise<Locator> {
  // Counts the runs the page asks its worker for (intermediate values of a drag must be skipped, not run).
  await page.addInitScript(() => {
    const post = Worker.prototype.postMessage;
    (window as unknown as { runsAsked: number }).runsAsked = 0;
    Worker.prototype.postMessage = function (this: Worker, message: unknown, ...rest: unknown[]) {
      if ((message as { type?: string } | null)?.type === 'run') (window as unknown as { runsAsked: number }).runsAsked++;
      return (post as (...a: unknown[]) => void).call(this, message, ...rest);
    } as typeof Worker.prototype.postMessage;
  });
  await page.goto(`/${locale}/${ARTICLE}/`);
  const fig = island(page, experiment);
  await fig.scrollIntoViewIfNeeded();
  await expect(fig.locator('[data-param="lr"]')).toBeEnabled();
  // The live half gives each slider its ladder (from the parameter table) when it starts.
  await expect(fig.locator('[data-param="lr"]')).toHaveAttribute('data-steps', /^\[/);
  return fig;
}

for (const experiment of ['exp1', 'exp2', 'exp3'] as const) {
  test(`${experiment}: a drag of the learning rate ends showing exactly the last value's run, trained the same in Node`, async ({ page }) => {
    const fig = await open(page, 'en', experiment);
    const steps = await ladder(fig, 'lr');
    // Up over every other position, back down over the ones in between: each value is sent once.
    const range = between(steps, 0.02, 0.2);
    const path = [...range.filter((_, i) => i % 2 === 0), ...range.filter((_, i) => i % 2 === 1 && range[i]! >= 0.05).reverse()];
    const asked = await page.evaluate(() => (window as unknown as { runsAsked: number }).runsAsked);
    const shown = await drag(fig, 'lr', path);
    const runs = (await page.evaluate(() => (window as unknown as { runsAsked: number }).runsAsked)) - asked;
    const last = path.at(-1)!;
    expect(shown.at(-1)).toBe(last);
    // Latest wins: what was painted appears in the order the values were sent, never an older one after a newer.
    const sentAt = (v: number) => path.indexOf(v);
    const order = shown.filter((v) => path.includes(v)).map(sentAt);
    expect(order, `painted ${shown.join(', ')}`).toEqual([...order].sort((a, b) => a - b));
    // Skipped, not queued: fewer runs than values sent (the full run on release included), and fewer paints.
    expect(runs, `${runs} runs for ${path.length} values`).toBeLessThan(path.length);
    expect(shown.length).toBeLessThan(path.length);

    const expected = comparable(await nodeRun(experiment, { lr: last }));
    expect(await lastRun(fig)).toEqual(expected);
    const predictions = await fig.locator('[data-prediction]').allTextContents();
    expect(predictions).toEqual((expected.predictions ?? []).map((p) => (typeof p === 'number' ? p.toPrecision(5) : p)));
    await expect(fig.locator('[data-console]')).toContainText(`Epoch ${expected.epochs.length}/${expected.epochs.length}`);
  });
}

test('exp2: dragging the learning rate from 0.01 to 0.2 turns finite runs into NaN runs, live, and the figure names the edge', async ({ page }) => {
  const fig = await open(page, 'en', 'exp2');
  const steps = await ladder(fig, 'lr');
  const seen = await fig.evaluate(async (el, values) => {
    const slider = el.querySelector<HTMLInputElement>('[data-param="lr"]')!;
    const steps = JSON.parse(slider.dataset['steps']!) as number[];
    const outcomes: { lr: number; finite: boolean }[] = [];
    for (const v of values) {
      slider.value = String(steps.indexOf(v));
      slider.dispatchEvent(new Event('input', { bubbles: true }));
      // One value a frame, and wait until it is on screen: the figure shows every step of this slow drag.
      const until = performance.now() + 10_000;
      while ((el as any).lastRun?.config.learningRate !== v) {
        if (performance.now() > until) throw new Error(`slow drag: the run of lr ${v} was not painted within 10 s`);
        await new Promise((r) => requestAnimationFrame(r));
      }
      const run = (el as any).lastRun;
      outcomes.push({ lr: v, finite: run.epochs.every((e: { loss: number }) => Number.isFinite(e.loss)) });
    }
    slider.dispatchEvent(new Event('change', { bubbles: true }));
    return outcomes;
  }, between(steps, 0.01, 0.2));
  expect(seen[0]!.finite).toBe(true);
  expect(seen.at(-1)!.finite).toBe(false);
  const flip = seen.findIndex((s) => !s.finite);
  expect(seen.slice(flip).every((s) => !s.finite), JSON.stringify(seen)).toBe(true);
  await expect(fig.locator('[data-edge]')).toBeVisible();
  await expect(fig.locator('[data-edge]')).toHaveText(`At learning rate ${seen[flip]!.lr} this run explodes; at learning rate ${seen[flip - 1]!.lr} it stayed finite.`);
  // The article's run stays behind as a reference, named in the legend.
  await expect(fig.locator('[data-loss-legend]')).toBeVisible();
});

test('letting go of a slider always ends in the full run, even where the browser fires no change event (a drag back to where the last one ended)', async ({ page }) => {
  const fig = await open(page, 'en', 'exp1');
  const slider = fig.locator('[data-param="lr"]');
  // The question above the figure takes its final shape once its script runs: measure after that.
  await expect(page.locator('[data-predict="exp1"] [data-note]')).toBeVisible();
  await slider.scrollIntoViewIfNeeded();
  const box = (await slider.boundingBox())!;
  const y = box.y + box.height / 2;
  const at = (f: number) => box.x + box.width * f;
  const full = () =>
    fig.evaluate((el) => {
      const run = (el as HTMLElement & { lastRun: { config: { learningRate: number }; epochs: { histograms: unknown[] }[] } | null }).lastRun;
      if (!run) return null;
      return { lr: run.config.learningRate, histograms: run.epochs.at(-1)!.histograms.length, state: el.getAttribute('data-state') };
    });
  const value = async () => JSON.parse((await slider.getAttribute('data-steps'))!)[Number(await slider.inputValue())] as number;

  // A drag, let go: the full run (a quick run of a drag's frame carries no histograms).
  await page.mouse.move(at(0.3), y);
  await page.mouse.down();
  await page.mouse.move(at(0.35), y, { steps: 4 });
  await page.mouse.up();
  const first = await value();
  expect(first).not.toBe(0.1); // the pointer moved the slider off the article's value
  await expect.poll(full).toEqual({ lr: first, histograms: 2, state: 'done' });

  // Away and back to the same position, let go: the value is the one last committed, so a browser
  // may fire no change; the figure must still end with that value's full run, not a drag's frame.
  await page.mouse.down();
  await page.mouse.move(at(0.6), y, { steps: 6 });
  await expect.poll(async () => (await full())?.lr).not.toBe(first);
  await page.mouse.move(at(0.35), y, { steps: 6 });
  await page.mouse.up();
  expect(await value()).toBe(first);
  await expect.poll(full).toEqual({ lr: first, histograms: 2, state: 'done' });
});

test('a drag leaves the parts of the figure that are off screen for when they come into view, then shows the newest run there; letting go paints everything', async ({ page }) => {
  // A short window, so that the whole diagnostics panel (the part that waits, printout included) is
  // more than the keeper's 200 px below it: at 720 px its top sat right at that margin, and whether
  // the printout waited depended on which report the observer had delivered.
  await page.setViewportSize({ width: 1280, height: 500 });
  const fig = await open(page, 'en', 'exp3');
  const steps = await ladder(fig, 'lr');
  const slider = fig.locator('[data-param="lr"]');
  await scrolledTo(slider);
  expect((await fig.locator('[data-diagnostics]').boundingBox())!.y).toBeGreaterThan(500 + 200);
  const printout = fig.locator('[data-scrub-printout]');
  const lastPrintout = async () => ((await fig.locator('[data-console]').textContent()) ?? '').split('\n').filter((l) => l.startsWith('layer1:')).at(-1);
  // The scrubber's printout (in the diagnostics, far below the slider) is off screen.
  const viewport = page.viewportSize()!;
  expect((await printout.boundingBox())!.y).toBeGreaterThan(viewport.height + 400);
  const before = await printout.textContent();
  // Frames of a drag (input events, no release): the console follows, the printout waits.
  const values = between(steps, 0.02, 0.06);
  await fig.evaluate(async (el, values) => {
    const slider = el.querySelector<HTMLInputElement>('[data-param="lr"]')!;
    const steps = JSON.parse(slider.dataset['steps']!) as number[];
    for (const v of values) {
      slider.value = String(steps.indexOf(v));
      slider.dispatchEvent(new Event('input', { bubbles: true }));
    }
    const until = performance.now() + 20_000;
    while ((el as any).lastRun?.config.learningRate !== values.at(-1)) {
      if (performance.now() > until) throw new Error(`drag: the run of lr ${values.at(-1)} was not painted within 20 s`);
      await new Promise((r) => setTimeout(r, 20));
    }
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  }, values);
  const quick = await lastPrintout();
  expect(quick).toBeDefined();
  expect(await printout.textContent()).toBe(before);
  expect(before).not.toContain(quick!);
  // Scrolled to, it shows the newest run (the console's last epoch), not the one it had.
  await printout.scrollIntoViewIfNeeded();
  await expect(printout).toContainText(quick!);
  await expect(fig.locator('[data-chain-title]')).toContainText('epoch 20');

  // Letting go (back at the top): the full run paints every part at once, in view or not.
  await slider.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await fig.evaluate((el) => {
    const slider = el.querySelector<HTMLInputElement>('[data-param="lr"]')!;
    const steps = JSON.parse(slider.dataset['steps']!) as number[];
    slider.value = String(steps.indexOf(0.08));
    slider.dispatchEvent(new Event('input', { bubbles: true }));
    slider.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await expect.poll(() => fig.evaluate((el) => (el as any).lastRun?.config.learningRate)).toBe(0.08);
  await expect(fig).toHaveAttribute('data-state', 'done');
  expect((await printout.boundingBox())!.y).toBeGreaterThan(viewport.height + 400);
  const full = await lastPrintout();
  expect(full).not.toBe(quick);
  await expect(printout).toContainText(full!);
  expect(await lastRun(fig)).toEqual(comparable(await nodeRun('exp3', { lr: 0.08 })));
});

test('Reset after a drag brings back the article’s numbers in the sentences off screen, and nothing from the drag comes back over them when they are scrolled to', async ({ page }) => {
  const fig = await open(page, 'en', 'exp1');
  const nums = page.locator('[data-num-exp="exp1"]');
  const baked = await nums.allTextContents();
  await scrolledTo(fig.locator('[data-param="lr"]'));
  // The sentences after the figure are off screen while the slider is dragged.
  const viewport = page.viewportSize()!;
  const far = await nums.evaluateAll((els, h) => els.filter((el) => el.getBoundingClientRect().top > h + 400).length, viewport.height);
  expect(far).toBeGreaterThan(0);
  await fig.evaluate(async (el) => {
    const slider = el.querySelector<HTMLInputElement>('[data-param="lr"]')!;
    const steps = JSON.parse(slider.dataset['steps']!) as number[];
    for (const v of [0.03, 0.02]) {
      slider.value = String(steps.indexOf(v));
      slider.dispatchEvent(new Event('input', { bubbles: true }));
    }
    const until = performance.now() + 20_000;
    while ((el as any).lastRun?.config.learningRate !== 0.02) {
      if (performance.now() > until) throw new Error('drag: the run of lr 0.02 was not painted within 20 s');
      await new Promise((r) => setTimeout(r, 20));
    }
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  });
  await fig.getByRole('button', { name: 'Reset' }).click();
  await expect(fig).toHaveAttribute('data-state', 'idle');
  // Each sentence scrolled to in turn (some sit in folded parts of the page: scrolled to all the same).
  for (let i = 0; i < baked.length; i++) {
    await nums.nth(i).evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  }
  expect(await nums.allTextContents()).toEqual(baked);
});

test('keyboard arrows on a knob re-train the run, and Reset brings back the article’s settings', async ({ page }) => {
  const fig = await open(page, 'en', 'exp1');
  const steps = await ladder(fig, 'lr');
  const slider = fig.getByRole('slider', { name: 'Learning rate' });
  await slider.focus();
  await page.keyboard.press('ArrowRight');
  const up = steps[steps.indexOf(0.1) + 1]!;
  await expect.poll(() => fig.evaluate((el) => (el as any).lastRun?.config.learningRate)).toBe(up);
  await expect(fig).toHaveAttribute('data-state', 'done');
  await expect(slider).toHaveAttribute('aria-valuetext', String(up));
  await expect(fig.locator('[data-param-input="lr"]')).toHaveValue(String(up));
  expect(await lastRun(fig)).toEqual(comparable(await nodeRun('exp1', { lr: up })));

  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  const down = steps[steps.indexOf(0.1) - 1]!;
  await expect.poll(() => fig.evaluate((el) => (el as any).lastRun?.config.learningRate)).toBe(down);

  await fig.getByRole('button', { name: 'Reset' }).click();
  await expect(fig).toHaveAttribute('data-state', 'idle');
  await expect(slider).toHaveAttribute('aria-valuetext', '0.1');
  await expect(fig.locator('[data-param-input="lr"]')).toHaveValue('0.1');
});

test('a typed value re-trains; a bad one gets a message in the page’s language and the last good value back', async ({ page }) => {
  const fig = await open(page, 'zh-tw', 'exp1');
  const box = fig.locator('[data-param-input="lr"]');
  await box.fill('0.037');
  await box.press('Enter');
  await expect.poll(() => fig.evaluate((el) => (el as any).lastRun?.config.learningRate)).toBe(0.037);
  await box.fill('fast');
  await box.press('Enter');
  await expect(fig.locator('[data-knob-problem]')).toHaveText('「學習率」=「fast」不是數字。');
  await expect(box).toHaveValue('0.037');
  await box.fill('50');
  await box.press('Enter');
  await expect(fig.locator('[data-knob-problem]')).toContainText('超出');
  await expect(box).toHaveValue('0.037');
});

test('tweak() sets the knobs as a reader would and resolves with the painted run; the fix figures follow their own knob', async ({ page }) => {
  const fig = await open(page, 'en', 'exp3');
  const result = await fig.evaluate(async (el) => {
    const t = await (el as any).tweak({ act: 'relu', depth: 2, lr: 0.05, epochs: 30, seed: 7 });
    return {
      lr: t.config.learningRate,
      depth: t.config.layers.length - 1,
      act: t.config.layers[0].activation,
      epochs: t.epochs.length,
      sameAsLast: (el as any).lastRun === t,
      shownSeed: (el.querySelector('[data-seed]') as HTMLInputElement).value,
      select: (el.querySelector('[data-param="act"]') as HTMLSelectElement).value,
      playground: (el.querySelector('[data-playground]') as HTMLAnchorElement).href,
    };
  });
  expect(result).toMatchObject({ lr: 0.05, depth: 2, act: 'relu', epochs: 30, sameAsLast: true, shownSeed: '7', select: 'relu' });
  // "Open in the playground" carries the current values.
  const url = new URL(result.playground);
  expect(Object.fromEntries(url.searchParams)).toMatchObject({ seed: '7', act: 'relu', depth: '2', lr: '0.05', epochs: '30', hi: '1' });
  expect(await lastRun(fig)).toEqual(comparable(await nodeRun('exp3', { act: 'relu', depth: 2, lr: 0.05, epochs: 30, seed: 7 })));

  const clip = page.locator('lab-fix[data-fix="clipGradients"]');
  await clip.scrollIntoViewIfNeeded();
  const pair = await clip.evaluate(async (el) => {
    const p = await (el as any).tweak({ clip: 5 });
    return { clip: p.after.config.clipNorm, beforeClip: p.before.config.clipNorm, state: el.getAttribute('data-state') };
  });
  expect(pair).toEqual({ clip: 5, beforeClip: 0, state: 'done' });
  await expect(clip.getByRole('slider', { name: 'Clip norm (0 = off)' })).toHaveAttribute('aria-valuetext', '5');
  await clip.getByRole('button', { name: 'Reset' }).click();
  await expect(clip).toHaveAttribute('data-state', 'idle');
  await expect(clip.locator('[data-param-input="clip"]')).toHaveValue('1');
});

for (const locale of LOCALES) {
  test(`${locale}: every knob has an accessible name and a value text in the page’s language`, async ({ page }) => {
    await page.goto(`/${locale}/${ARTICLE}/`);
    const exp3 = island(page, 'exp3');
    await exp3.scrollIntoViewIfNeeded();
    const zh = locale === 'zh-tw';
    await expect(exp3.getByRole('slider', { name: zh ? '學習率' : 'Learning rate' })).toHaveAttribute('aria-valuetext', '0.1');
    await expect(exp3.getByRole('slider', { name: zh ? 'Epoch 數' : 'Epochs' })).toHaveAttribute('aria-valuetext', zh ? '20 個 epoch' : '20 epochs');
    await expect(exp3.getByRole('slider', { name: zh ? '隱藏層數' : 'Hidden layers' })).toHaveAttribute('aria-valuetext', zh ? '4 個隱藏層' : '4 hidden layers');
    await expect(exp3.getByRole('combobox', { name: zh ? '啟動函數（ACT）' : 'Activation (ACT)' })).toHaveValue('sigmoid');
    const unnamed = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('[data-param], [data-param-input]')].filter((el) => {
        const labelled = el.getAttribute('aria-label') || (el.id && document.querySelector(`label[for="${el.id}"]`)) || el.closest('label');
        return !labelled;
      }).length,
    );
    expect(unnamed).toBe(0);
  });
}
