/**
 * <lab-ensemble>: trains one experiment for a block of seeds at once in the shared worker and shows
 * how the outcomes spread. Wiring only.
 */
import type { BarsChart } from '@/charts/charts';
import { isLocale, t, type Locale } from '@/i18n/ui';
import { EXPERIMENT_IDS, preset, type ExperimentId } from '@/lab/config';
import type { EnsembleResult } from '@/lab/ensemble';
import type { Histogram } from '@/lab/stats';
import { claimLab, errorText } from './claim';
import { labClient } from '@/lab/worker/client';
import { ensembleSummary, predictionHistogram } from './ensemble-text';
import { MAX_SEED, parseSeed, textRow, type IslandState } from './kit';

export class EnsembleIsland {
  #experiment!: ExperimentId;
  #count = 200;
  #locale: Locale = 'zh-tw';
  #chart: BarsChart | null = null;
  #hist!: Histogram;
  #lastRun: EnsembleResult | null = null;

  get lastRun(): EnsembleResult | null {
    return this.#lastRun;
  }

  #q<T extends Element>(selector: string): T {
    const el = this.host.querySelector<T>(selector);
    if (!el) throw new Error(`lab-ensemble: missing ${selector}`);
    return el;
  }

  constructor(private readonly host: HTMLElement) {
    const id = this.host.dataset['experiment'];
    if (!(EXPERIMENT_IDS as readonly string[]).includes(id ?? '')) throw new Error(`lab-ensemble: unknown data-experiment ${id}`);
    this.#experiment = id as ExperimentId;
    this.#count = Number(this.host.dataset['seeds'] ?? 200);
    if (isLocale(this.host.dataset['locale'])) this.#locale = this.host.dataset['locale'];
    this.#hist = (JSON.parse(this.#q('script[data-baked]').textContent ?? '{}') as { hist: Histogram }).hist;
    this.host.querySelectorAll<HTMLButtonElement | HTMLInputElement>('[data-action="run"], [data-seed]').forEach((el) => (el.disabled = false));
    this.host.addEventListener('click', this.#onClick);
    // Loaded because the figure is near, or because a reader or a script used it: draw now.
    void this.#drawChart();
  }

  /** The element left the page: stop what runs, free the charts. */
  disconnect(): void {
    this.host.removeEventListener('click', this.#onClick);
    if (this.host.dataset['state'] === 'training') labClient().cancel();
    this.#chart?.destroy();
  }

  #onClick = (e: Event): void => {
    const action = (e.target as Element).closest<HTMLButtonElement>('button[data-action]')?.dataset['action'];
    if (action === 'run') void this.run();
    if (action === 'stop') labClient().cancel();
  };

  #setState(state: IslandState, message?: string): void {
    this.host.dataset['state'] = state;
    this.#q<HTMLButtonElement>('[data-action="stop"]').disabled = !(state === 'loading' || state === 'training');
    this.#q('[data-status]').textContent = message ?? t(this.#locale, `state_${state}`);
  }

  /** Trains seeds first…first + count − 1 (the field's first seed, or `options.first`). */
  async run(options: { first?: number } = {}): Promise<EnsembleResult | null> {
    const input = this.#q<HTMLInputElement>('[data-seed]');
    const first = options.first ?? parseSeed(input.value);
    if (first === null || first + this.#count - 1 > MAX_SEED) {
      input.value = '1';
      this.#setState('error', t(this.#locale, 'seedInvalid', { seed: 1 }));
      return null;
    }
    input.value = String(first);
    const seeds = Array.from({ length: this.#count }, (_, i) => first + i);
    this.#setState('loading');
    let lab;
    try {
      lab = await claimLab(this.host, this.#locale);
    } catch (e) {
      this.#setState('error', errorText(t(this.#locale, 'state_error'), e));
      return null;
    }
    this.#setState('training');
    const config = preset(this.#experiment);
    const result = await lab.ensemble(config, seeds);
    if (result.status !== 'done') {
      this.#setState(result.status, result.error ? `${t(this.#locale, 'state_error')}: ${result.error}` : undefined);
      return result;
    }
    this.#lastRun = result;
    this.#hist = predictionHistogram(result, 0, config.predictInputs.length);
    this.#q('[data-summary]').textContent = ensembleSummary(this.#locale, result);
    await this.#drawChart();
    this.#setState('done');
    return result;
  }

  /** Draws the histogram (recreated each time: its bin labels follow the data's range) and its table. */
  #paint(charts?: typeof import('@/charts/charts')): void {
    const h = this.#hist;
    const label = (i: number, digits: number) => (h.lo + ((h.hi - h.lo) * (i + 0.5)) / h.counts.length).toFixed(digits);
    this.#q('[data-rows]').replaceChildren(...h.counts.map((c, i) => textRow([label(i, 3), String(c)])));
    if (!charts) return;
    this.#chart?.destroy();
    this.#chart = charts.barsChart(this.#q('[data-chart="hist"]'), {
      series: [{ label: t(this.#locale, 'count'), color: charts.themeOf(this.host).accent }],
      categories: h.counts.map((_, i) => (i % 4 === 0 ? label(i, 2) : '')),
      xLabel: t(this.#locale, 'prediction'),
      yLabel: t(this.#locale, 'count'),
    });
    this.#chart.set([h.counts]);
  }

  #charts: Promise<typeof import('@/charts/charts')> | null = null;

  async #drawChart(): Promise<void> {
    this.#charts ??= import('@/charts/charts');
    const charts = await this.#charts;
    if (this.host.isConnected) this.#paint(charts);
  }
}
