/**
 * <lab-ensemble>: trains one experiment for a block of seeds at once in the shared worker and shows
 * how the outcomes spread. Wiring only.
 */
import type { BarsChart } from '@/charts/charts';
import { EXPERIMENT_IDS, preset, type ExperimentId } from '@/lab/engine/config';
import type { EnsembleResult } from '@/lab/engine/ensemble';
import type { Histogram } from '@/lab/engine/stats';
import { claimLab, errorText } from '@/figures/shared/claim';
import { labClient } from '@/worker/client';
import { binMiddle, ensembleSummary, histogramRows, predictionHistogram } from './ensemble-text';
import { MAX_SEED, parseSeed, textRow } from '@/figures/shared/kit';
import { Shell } from '@/figures/shared/shell';

export class EnsembleIsland {
  readonly #shell: Shell;
  readonly #offActions: () => void;
  #experiment!: ExperimentId;
  #count = 200;
  #chart: BarsChart | null = null;
  #hist!: Histogram;
  #lastRun: EnsembleResult | null = null;

  get lastRun(): EnsembleResult | null {
    return this.#lastRun;
  }

  constructor(private readonly host: HTMLElement) {
    this.#shell = new Shell(host);
    const id = this.host.dataset['experiment'];
    if (!(EXPERIMENT_IDS as readonly string[]).includes(id ?? '')) throw new Error(`lab-ensemble: unknown data-experiment ${id}`);
    this.#experiment = id as ExperimentId;
    this.#count = Number(this.host.dataset['seeds'] ?? 200);
    this.#hist = (JSON.parse(this.#shell.q('script[data-baked]').textContent ?? '{}') as { hist: Histogram }).hist;
    this.host.querySelectorAll<HTMLButtonElement | HTMLInputElement>('[data-action="run"], [data-seed]').forEach((el) => (el.disabled = false));
    this.#offActions = this.#shell.onAction({ run: () => void this.run(), stop: () => labClient().cancel() });
    // Loaded because the figure is near, or because a reader or a script used it: draw now.
    void this.#drawChart();
  }

  /** The element left the page: stop what runs, free the charts. */
  disconnect(): void {
    this.#offActions();
    if (this.host.dataset['state'] === 'training') labClient().cancel();
    this.#chart?.destroy();
  }

  /** Trains seeds first…first + count − 1 (the field's first seed, or `options.first`). */
  async run(options: { first?: number } = {}): Promise<EnsembleResult | null> {
    const input = this.#shell.q<HTMLInputElement>('[data-seed]');
    const first = options.first ?? parseSeed(input.value);
    if (first === null || first + this.#count - 1 > MAX_SEED) {
      input.value = '1';
      this.#shell.setState('error', this.#shell.t('seedInvalid', { seed: 1 }));
      return null;
    }
    input.value = String(first);
    const seeds = Array.from({ length: this.#count }, (_, i) => first + i);
    this.#shell.setState('loading');
    let lab;
    try {
      lab = await claimLab(this.host, this.#shell.locale);
    } catch (e) {
      this.#shell.setState('error', errorText(this.#shell.t('state_error'), e));
      return null;
    }
    this.#shell.setState('training');
    const config = preset(this.#experiment);
    const result = await lab.ensemble(config, seeds);
    if (result.status !== 'done') {
      this.#shell.setState(result.status, result.error ? `${this.#shell.t('state_error')}: ${result.error}` : undefined);
      return result;
    }
    this.#lastRun = result;
    this.#hist = predictionHistogram(result, 0, config.predictInputs.length);
    this.#shell.q('[data-summary]').textContent = ensembleSummary(this.#shell.locale, result);
    await this.#drawChart();
    this.#shell.setState('done');
    return result;
  }

  /** Draws the histogram (recreated each time: its bin labels follow the data's range) and its table. */
  #paint(charts?: typeof import('@/charts/charts')): void {
    const h = this.#hist;
    this.#shell.q('[data-rows]').replaceChildren(...histogramRows(h).map(textRow));
    if (!charts) return;
    this.#chart?.destroy();
    this.#chart = charts.barsChart(this.#shell.q('[data-chart="hist"]'), {
      series: [{ label: this.#shell.t('count'), color: charts.themeOf(this.host).accent }],
      categories: h.counts.map((_, i) => (i % 4 === 0 ? binMiddle(h, i).toFixed(2) : '')),
      xLabel: this.#shell.t('prediction'),
      yLabel: this.#shell.t('count'),
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
