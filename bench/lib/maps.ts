/**
 * The "why" maps (issue 14), timed as a reader gets them: a fresh browser context per sample, the
 * English article, the map scrolled into view, the network idle, the pointer moved into the map (a
 * reader's intent: the map warms its workers then) and 1 s more, then the map's own `run()` (the contract the e2e tests use):
 *
 * - the explosion map: 32 × 32 full trainings, from `run()` to its promise resolving (the map
 *   painted), and the map's own `firstRowMs` (the call → the first row's cells back in the page);
 * - the vanishing map: 10 depths × 4 activations × the baked seeds, for Glorot (the figure's
 *   default), from `run()` to its promise resolving.
 *
 * A sample counts only if it ended `done` with every cell, and computed what the build baked: every
 * explosion cell's outcome and first non-finite epoch equal the baked map's (decoded here from the
 * baked string: two characters of a 64-letter alphabet per cell, 0–1999 learned, 2000–3999 stalled,
 * 4000 + e exploded at epoch e; src/lab/studies/map-codec.ts), every vanishing ratio equal to the baked one to
 * the four digits it keeps. Anything else is a sample with status `failed` and the reason, never a time.
 */
import type { Browser } from '@playwright/test';
import { failures } from './checks.ts';
import { percentile } from './latency.ts';

export interface MapSample {
  status: string;
  error?: string;
  /** run() → resolved, ms */
  ms: number;
  /** Explosion map: run() → the first row's cells in the page, ms. */
  firstRowMs: number | null;
  workers: number | null;
  cells: number;
}

export interface MapSummary {
  samples: MapSample[];
  /** Medians over the samples that counted. */
  ms: number;
  firstRowMs: number | null;
  problems: string[];
}

export interface MapResults {
  explosion: MapSummary;
  vanishing: MapSummary;
}

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_';

/** Outcome and first non-finite epoch of each baked cell (grid order). */
export function bakedOutcomes(encoded: string): { outcome: string; epoch: number | null }[] {
  const out: { outcome: string; epoch: number | null }[] = [];
  for (let i = 0; i + 1 < encoded.length; i += 2) {
    const v = ALPHABET.indexOf(encoded[i]!) * 64 + ALPHABET.indexOf(encoded[i + 1]!);
    out.push(v < 2000 ? { outcome: 'learned', epoch: null } : v < 4000 ? { outcome: 'stalled', epoch: null } : { outcome: 'exploded', epoch: v - 4000 });
  }
  return out;
}

function summarise(what: string, samples: MapSample[]): MapSummary {
  const done = samples.filter((s) => s.status === 'done');
  const rows = done.map((s) => s.firstRowMs).filter((v): v is number => v !== null);
  return {
    samples,
    ms: done.length > 0 ? percentile(done.map((s) => s.ms), 50) : NaN,
    firstRowMs: rows.length > 0 ? percentile(rows, 50) : null,
    problems: failures(what, samples),
  };
}

async function sample(browser: Browser, origin: string, path: string, figure: 'explosion-map' | 'vanishing-map'): Promise<MapSample> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  try {
    const page = await context.newPage();
    await page.goto(`${origin}${path}`, { waitUntil: 'load' });
    const fig = page.locator(`[data-figure="${figure}"]`);
    await fig.scrollIntoViewIfNeeded();
    await page.waitForFunction((sel) => customElements.get(document.querySelector(sel)!.localName) !== undefined, `[data-figure="${figure}"]`);
    await page.waitForLoadState('networkidle');
    await fig.hover({ position: { x: 20, y: 10 } });
    await page.waitForTimeout(1000);
    const r = await fig.evaluate(async (el, figure) => {
      const t0 = performance.now();
      const run = await (el as HTMLElement & { run(): Promise<{ status: string; error?: string; cells: Record<string, unknown>[]; firstRowMs?: number | null; workers?: number }> }).run();
      const ms = performance.now() - t0;
      const baked = JSON.parse(el.querySelector('script[data-baked]')!.textContent!) as { cells?: string; ratios?: Record<string, number[][]> };
      const cells =
        figure === 'explosion-map'
          ? run.cells.map((c) => ({ outcome: c['outcome'] as string, epoch: c['firstNonFiniteEpoch'] as number | null }))
          : run.cells.map((c) => ({ activation: c['activation'] as string, depth: c['depth'] as number, ratio: Number((c['ratio'] as number).toPrecision(4)) }));
      return { status: run.status, error: run.error, ms, firstRowMs: run.firstRowMs ?? null, workers: run.workers ?? null, cells, baked, init: el.getAttribute('data-init') };
    }, figure);
    const problems: string[] = [];
    if (figure === 'explosion-map') {
      const expected = bakedOutcomes(r.baked.cells ?? '');
      const live = r.cells as { outcome: string; epoch: number | null }[];
      if (live.length !== 1024 || expected.length !== 1024) problems.push(`${live.length} cells (the baked map has ${expected.length}; 1,024 expected)`);
      const differ = live.filter((c, i) => c.outcome !== expected[i]?.outcome || (c.outcome === 'exploded' && c.epoch !== expected[i]?.epoch)).length;
      if (differ > 0) problems.push(`${differ} cells differ from the baked map`);
    } else {
      const ratios = r.baked.ratios?.[r.init ?? ''] ?? [];
      const acts = ['sigmoid', 'tanh', 'relu', 'linear'];
      const live = r.cells as { activation: string; depth: number; ratio: number }[];
      if (live.length !== 40) problems.push(`${live.length} cells (40 expected)`);
      const differ = live.filter((c) => ratios[acts.indexOf(c.activation)]?.[c.depth - 1] !== c.ratio).length;
      if (differ > 0) problems.push(`${differ} ratios differ from the baked map`);
    }
    const status = r.status !== 'done' ? r.status : problems.length > 0 ? 'failed' : 'done';
    const error = r.status !== 'done' ? r.error : problems.length > 0 ? problems.join('; ') : undefined;
    return { status, ...(error === undefined ? {} : { error }), ms: r.ms, firstRowMs: r.firstRowMs, workers: r.workers, cells: r.cells.length };
  } catch (e) {
    return { status: 'error', error: `threw: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`, ms: NaN, firstRowMs: null, workers: null, cells: 0 };
  } finally {
    await context.close();
  }
}

/** `runs` samples of each map, alternating, after one untimed sample of each (the browser's own first-use costs). */
export async function mapResults(browser: Browser, origin: string, path: string, runs: number): Promise<MapResults> {
  await sample(browser, origin, path, 'explosion-map');
  await sample(browser, origin, path, 'vanishing-map');
  const explosion: MapSample[] = [];
  const vanishing: MapSample[] = [];
  for (let i = 0; i < runs; i++) {
    explosion.push(await sample(browser, origin, path, 'explosion-map'));
    vanishing.push(await sample(browser, origin, path, 'vanishing-map'));
  }
  return { explosion: summarise('explosion map', explosion), vanishing: summarise('vanishing map', vanishing) };
}
