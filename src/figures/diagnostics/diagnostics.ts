/**
 * The live half of Diagnostics.astro: draws the gradient-norm chart, the chain-rule bars and the
 * epoch scrubber from a (possibly still growing) RunTrace. Wiring only.
 */
import type { BarsChart, LinesChart } from '@/charts/charts';
import { t, type Locale } from '@/i18n/ui';
import { epochHeader, predictionsLine, printoutLine } from '@/lab/reading/format';
import { quoteNumber } from '@/lab/reading/summary';
import type { EpochRecord, RunTrace } from '@/lab/engine/trace';
import { setHidden, setText, textRow, thinned } from '@/figures/shared/kit';
import { layerLabel } from '@/figures/shared/layers';
import { chainRows, gradRows } from './diagnostics-text';

type Charts = typeof import('@/charts/charts');


export class DiagnosticsView {
  #grads: LinesChart | null = null;
  #chain: BarsChart | null = null;
  #hist: BarsChart | null = null;
  #histKey = '';
  #charts: Charts | null = null;
  #trace: RunTrace | null = null;
  #epoch = 0; // the scrubbed epoch (1-based); 0 = follow the latest
  #reference: RunTrace | null = null;
  /** The trace on show is a frame of a drag: tables wait for the full run. */
  #light = false;
  #layers: number;
  #epochListeners: ((trace: RunTrace, epoch: number, light: boolean) => void)[] = [];

  constructor(
    private readonly root: HTMLElement,
    private readonly locale: Locale,
    layers: number,
  ) {
    this.#layers = layers;
    const scrub = this.#q<HTMLInputElement>('[data-scrub]');
    scrub.addEventListener('input', () => {
      this.#epoch = Number(scrub.value);
      this.#light = false;
      this.#paintEpoch();
    });
    this.#q<HTMLSelectElement>('[data-hist-layer]').addEventListener('change', () => this.#paintEpoch());
  }

  #q<T extends Element>(selector: string): T {
    const el = this.root.querySelector<T>(selector);
    if (!el) throw new Error(`diagnostics: missing ${selector}`);
    return el;
  }

  #label(l: number): string {
    return layerLabel(this.locale, l, this.#layers);
  }

  /** Creates the charts (once the chart code has loaded) and colours the legend to match. */
  attach(charts: Charts): void {
    this.#charts = charts;
    this.#grads?.destroy();
    this.#chain?.destroy();
    const theme = charts.palette(charts.themeOf(this.root), this.#layers);
    this.root.querySelectorAll<HTMLElement>('[data-legend] li').forEach((li, l) => li.style.setProperty('--swatch', theme[l] ?? 'currentColor'));
    this.#grads = charts.linesChart(this.#q('[data-chart="grads"]'), {
      series: theme.map((color, l) => ({ label: this.#label(l), color })),
      xLabel: t(this.locale, 'epoch'),
      yLabel: '‖∂L/∂W‖',
      log: true,
    });
    const chainEl = this.root.querySelector<HTMLElement>('[data-chart="chain"]');
    if (chainEl) {
      const th = charts.themeOf(this.root);
      this.#chain = charts.barsChart(chainEl, {
        series: [
          { label: t(this.locale, 'meanSlope'), color: th.accent },
          { label: t(this.locale, 'kernelNorm'), color: th.accent2 },
        ],
        categories: Array.from({ length: this.#layers }, (_, l) => String(l)),
        xLabel: t(this.locale, 'layerName', { layer: '' }).trim(),
        yLabel: '',
        log: true,
      });
    }
    this.#paintGhost();
    if (this.#trace) this.show(this.#trace);
  }

  /**
   * Shows a trace (a live run's so far, or a finished one). `light`: a frame of a drag, which
   * repaints the charts and leaves the data tables (the charts' text alternatives) for the run
   * shown when the reader lets go.
   */
  show(trace: RunTrace, light = false): void {
    this.#trace = trace;
    this.#light = light;
    if (trace.config.layers.length !== this.#layers) this.#relayer(trace.config.layers.length); // re-enters show() once
    const epochs = trace.epochs;
    const xs = epochs.map((e) => e.epoch);
    this.#grads?.set(xs, Array.from({ length: this.#layers }, (_, l) => epochs.map((e) => e.gradNorms[l] ?? NaN)));
    if (!light) this.#q('[data-grad-rows]').replaceChildren(...gradRows(thinned(epochs)).map(textRow));
    const scrubber = this.#q<HTMLElement>('[data-scrubber]');
    const scrub = this.#q<HTMLInputElement>('[data-scrub]');
    setHidden(scrubber, epochs.length === 0);
    scrub.max = String(Math.max(1, epochs.length));
    if (this.#epoch === 0 || this.#epoch > epochs.length) scrub.value = String(epochs.length);
    this.#paintEpoch();
  }

  /** A run with another depth (the playground): new legend, layer choices and charts. */
  #relayer(layers: number): void {
    this.#layers = layers;
    const li = (l: number) => {
      const item = document.createElement('li');
      item.dataset['layer'] = String(l);
      item.textContent = this.#label(l);
      return item;
    };
    this.#q('[data-legend]').replaceChildren(...Array.from({ length: layers }, (_, l) => li(l)));
    const select = this.#q<HTMLSelectElement>('[data-hist-layer]');
    select.replaceChildren(
      ...Array.from({ length: layers }, (_, l) => {
        const option = document.createElement('option');
        option.value = String(l);
        option.textContent = this.#label(l);
        return option;
      }),
    );
    select.value = String(Math.min(1, layers - 1));
    this.#histKey = '';
    if (this.#charts) this.attach(this.#charts);
  }

  /** The article's run as faint lines behind the gradient norms (null removes them); only when it has as many layers. */
  ghost(trace: RunTrace | null): void {
    this.#reference = trace;
    this.#paintGhost();
  }

  #paintGhost(): void {
    const reference = this.#reference;
    if (!reference || reference.config.layers.length !== this.#layers) {
      this.#grads?.ghost(null);
      return;
    }
    this.#grads?.ghost(
      reference.epochs.map((e) => e.epoch),
      Array.from({ length: this.#layers }, (_, l) => reference.epochs.map((e) => e.gradNorms[l] ?? NaN)),
    );
  }

  /**
   * Calls `listener` with the run and the epoch on show whenever either changes (the scrubber
   * moved, or a run arrived; `light` for a frame of a drag): how other views in the figure follow
   * the scrubber this view owns.
   */
  onEpoch(listener: (trace: RunTrace, epoch: number, light: boolean) => void): void {
    this.#epochListeners.push(listener);
  }

  /** Back to following the newest epoch (a new run started). */
  follow(): void {
    this.#epoch = 0;
  }

  #selected(): EpochRecord | undefined {
    const epochs = this.#trace?.epochs ?? [];
    return epochs[(this.#epoch || epochs.length) - 1];
  }

  #paintEpoch(): void {
    const record = this.#selected();
    const trace = this.#trace;
    if (!record || !trace) return;
    for (const listener of this.#epochListeners) listener(trace, record.epoch, this.#light);
    setText(this.#q('[data-scrub-label]'), t(this.locale, 'scrubEpoch', { epoch: record.epoch }));
    setText(this.#q('[data-scrub-printout]'), [
      epochHeader(record.epoch, trace.config.epochs),
      printoutLine(record.printed),
      predictionsLine(trace.config.predictInputs, record.predictions),
    ].join('\n'));
    const layer = Number(this.#q<HTMLSelectElement>('[data-hist-layer]').value);
    const h = record.histograms[layer];
    if (h && this.#charts) {
      // Bin labels follow the weights' range: new labels on the same chart (a new chart only for a new bin count).
      const width = (h.hi - h.lo) / h.counts.length;
      const labels = h.counts.map((_, i) => (i % 3 === 0 ? quoteNumber(h.lo + width * (i + 0.5)) : ''));
      const key = String(h.counts.length);
      if (key !== this.#histKey || !this.#hist) {
        this.#hist?.destroy();
        this.#hist = this.#charts.barsChart(this.#q('[data-chart="hist"]'), {
          series: [{ label: t(this.locale, 'count'), color: this.#charts.themeOf(this.root).accent }],
          categories: labels,
          xLabel: t(this.locale, 'weightValue'),
          yLabel: t(this.locale, 'count'),
        });
        this.#histKey = key;
      }
      this.#hist.set([h.counts], labels);
    }
    // The histogram's text alternative: one row per bin (and the weights that are not finite).
    if (h && !this.#light) {
      const width = (h.hi - h.lo) / h.counts.length;
      const bins = h.counts.map((c, i) => textRow([`${quoteNumber(h.lo + width * i)} … ${quoteNumber(h.lo + width * (i + 1))}`, String(c)]));
      this.#q('[data-hist-rows]').replaceChildren(...bins, ...(h.nonFinite ? [textRow(['NaN, ±∞', String(h.nonFinite)])] : []));
    }

    // The chain rule: what each layer multiplies a gradient by on its way back.
    const title = this.root.querySelector('[data-chain-title]');
    if (title) setText(title, t(this.locale, 'chainTitle', { epoch: record.epoch }));
    this.#chain?.set([record.slopes, record.weightNorms]);
    const rows = this.root.querySelector('[data-chain-rows]');
    if (!this.#light) rows?.replaceChildren(...chainRows(this.locale, record).map(textRow));
    const summary = this.root.querySelector('[data-chain-summary]');
    if (summary) {
      const product = record.slopes.slice(0, -1).reduce((p, s) => p * s, 1);
      const ratio = (record.gradNorms.at(-1) ?? NaN) / (record.gradNorms[0] ?? NaN);
      setText(summary, t(this.locale, 'chainSummary', { product: quoteNumber(product), ratio: quoteNumber(ratio) }));
    }
  }

  destroy(): void {
    this.#grads?.destroy();
    this.#chain?.destroy();
    this.#hist?.destroy();
  }
}
