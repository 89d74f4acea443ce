/**
 * <lab-experiment>: the live half of Experiment.astro. Wiring only: it reads the baked trace the
 * server rendered, asks the shared worker to train, and paints what comes back.
 *
 *            Run                  backend ready          done event
 *   idle ──────────▶ loading ─────────────────▶ training ──────────▶ done
 *    ▲                  │ no backend   │ Stop       │ Stop / newer run
 *    │                  ▼              └──────────▶ ▼
 *    └──── Reset ─── error                     cancelled      (Run again from any state)
 *
 * Contract for tests and power users: `data-experiment`, `data-state`, `run(options)` (the same path
 * as the Run button) and the read-only `lastRun`.
 */
import { ACTIVATIONS, EXPERIMENT_IDS, preset, type Activation, type ExperimentConfig, type ExperimentId } from '@/lab/config';
import { makeDataset } from '@/lab/data';
import { epochHeader, predictionsLine, printoutLine, progressLine, formatConsole } from '@/lab/format';
import { rngFor } from '@/lab/random';
import { summarize } from '@/lab/summary';
import { backendLabel, parseTrace, TraceBuilder, type RunTrace, type TrainEvent } from '@/lab/trace';
import { labClient, resetLabClient } from '@/lab/worker/client';
import { isLocale, t, type Locale, type UiKey } from '@/i18n/ui';
import type { Chart, LossChart } from '@/charts/charts';
import { DiagnosticsView } from './diagnostics';
import { MAX_SEED, parseSeed, textRow, type IslandState, whenNear } from './kit';
import { tripSentence } from './layers';

export type { IslandState } from './kit';
export interface RunOptions {
  seed?: number;
  activation?: Activation;
}

const numberLabel = (v: number) => (Number.isFinite(v) ? v.toPrecision(5) : String(v));

export class LabExperiment extends HTMLElement {
  #lastRun: RunTrace | null = null;
  #baked!: RunTrace;
  #experiment!: ExperimentId;
  #locale: Locale = 'zh-tw';
  #lossChart: LossChart | null = null;
  #dataChart: Chart | null = null;
  #charts: Promise<typeof import('@/charts/charts')> | null = null;
  #observer: IntersectionObserver | null = null;
  #running = false;
  #frame = 0;
  #lines: string[] = [];
  #losses: number[] = [];
  #shownSeed = -1;
  /** Counts this island's runs: a run that a newer one of the same island replaced must not touch the display. */
  #generation = 0;
  #diagnostics: DiagnosticsView | null = null;
  /** The live run's trace so far (the diagnostics draw from it). */
  #live: TraceBuilder | null = null;

  /** The last run started in this page (null until one finishes). */
  get lastRun(): RunTrace | null {
    return this.#lastRun;
  }

  #q<T extends Element>(selector: string): T {
    const el = this.querySelector<T>(selector);
    if (!el) throw new Error(`lab-experiment: missing ${selector}`);
    return el;
  }

  #t(key: UiKey, params?: Record<string, string | number>): string {
    return t(this.#locale, key, params);
  }

  connectedCallback(): void {
    const id = this.dataset['experiment'];
    if (!(EXPERIMENT_IDS as readonly string[]).includes(id ?? '')) throw new Error(`lab-experiment: unknown data-experiment ${id}`);
    this.#experiment = id as ExperimentId;
    const locale = this.dataset['locale'];
    if (isLocale(locale)) this.#locale = locale;
    this.#baked = parseTrace(this.#q('script[data-baked]').textContent ?? '');
    this.#shownSeed = this.#baked.config.seed;
    this.#diagnostics = new DiagnosticsView(this.#q('[data-diagnostics]'), this.#locale, this.#baked.config.layers.length);
    this.#diagnostics.show(this.#baked);

    for (const el of this.querySelectorAll<HTMLButtonElement | HTMLInputElement | HTMLSelectElement>('[data-action], [data-seed], [data-activation], [data-stop-on-nan]')) {
      el.disabled = false;
    }
    this.#syncButtons();
    this.addEventListener('click', this.#onClick);
    this.#q<HTMLInputElement>('[data-seed]').addEventListener('keydown', this.#onSeedKey);
    this.#setUpTabs();

    // Charts, the worker and tfjs load when the island comes near, never for a reader who does not scroll here.
    this.#observer = whenNear(this, () => {
      void this.#drawCharts();
      labClient();
    });
  }

  disconnectedCallback(): void {
    this.removeEventListener('click', this.#onClick);
    this.#observer?.disconnect();
    if (this.#running) labClient().cancel();
    cancelAnimationFrame(this.#frame);
    this.#lossChart?.destroy();
    this.#dataChart?.destroy();
    this.#diagnostics?.destroy();
    this.#lossChart = this.#dataChart = null;
  }

  #onClick = (e: Event): void => {
    const button = (e.target as Element).closest<HTMLButtonElement>('button[data-action]');
    if (!button || !this.contains(button)) return;
    switch (button.dataset['action']) {
      case 'run':
        void this.run();
        break;
      case 'stop':
        labClient().cancel();
        break;
      case 'reset':
        this.#reset();
        break;
      case 'new-seed':
        this.#q<HTMLInputElement>('[data-seed]').value = String(Math.floor(Math.random() * 100_000));
        void this.run();
        break;
    }
  };

  #onSeedKey = (e: KeyboardEvent): void => {
    if (e.key === 'Enter') {
      e.preventDefault();
      void this.run();
    }
  };

  #setState(state: IslandState, message?: string): void {
    this.dataset['state'] = state;
    this.#syncButtons();
    this.#q('[data-status]').textContent = message ?? this.#t(`state_${state}`);
  }

  #syncButtons(): void {
    const busy = this.dataset['state'] === 'loading' || this.dataset['state'] === 'training';
    this.#q<HTMLButtonElement>('[data-action="stop"]').disabled = !busy;
  }

  /** Trains this experiment in the worker, streaming into the console and charts; the Run button calls this. */
  async run(options: RunOptions = {}): Promise<RunTrace> {
    const config = this.#configFrom(options);
    if (!config) return this.#errorTrace(preset(this.#experiment), this.#q('[data-status]').textContent ?? '');
    this.#running = true;
    this.#lines = [];
    this.#losses = [];
    this.#live = new TraceBuilder(config);
    this.#diagnostics?.follow();
    this.#q<HTMLElement>('[data-trip]').hidden = true;
    this.#setState('loading');
    this.#q<HTMLElement>('[data-nan-marker]').hidden = true;
    this.#paintConsole();
    this.#showData(config);
    void this.#drawCharts().then(() => this.#lossChart?.set([]));

    const generation = ++this.#generation;
    const client = labClient();
    let lab;
    try {
      lab = await client.claim();
    } catch (e) {
      if (generation !== this.#generation) return this.#errorTrace(config, 'replaced by a newer run');
      resetLabClient(); // a fresh worker on the next try
      this.#running = false;
      const trace = this.#errorTrace(config, e instanceof Error ? e.message : String(e));
      this.#setState('error', `${this.#t('state_error')}: ${trace.error}. ${this.#t('retryHint')}`);
      return trace;
    }
    if (generation !== this.#generation) return new TraceBuilder(config).trace(); // replaced before it started: 'cancelled'
    this.#q('[data-badge]').textContent = backendLabel(lab.backend);
    this.#showFallbackNotice(lab.fallbacks, backendLabel(lab.backend));
    this.#setState('training');
    const trace = await lab.run(config, this.#onEvent);
    if (generation !== this.#generation) return trace; // Run again on this island: the newer run owns the display.
    this.#running = false;
    this.#lastRun = trace;
    this.#renderTrace(trace);
    if (trace.status === 'error') {
      resetLabClient();
      this.#setState('error', `${this.#t('state_error')}: ${trace.error ?? ''}. ${this.#t('retryHint')}`);
    } else {
      // The status is the island's live region: a NaN is said there too, not only drawn and marked.
      const nan = trace.epochs.find((e) => !Number.isFinite(e.loss));
      const nanNote = nan ? ` ${this.#t('lossBecameNaN', { epoch: nan.epoch, value: String(nan.loss) })}.` : '';
      this.#setState(trace.status, trace.status === 'done' ? `${this.#t('state_done')}.${nanNote} ${this.#t('liveNote')}` : undefined);
      if (trace.status === 'done' && this.#isDefaultModel(config)) this.#updateQuotes(trace);
    }
    return trace;
  }

  /** The config for a run, from options or the controls; shows a message and returns null if the seed is bad. */
  #configFrom(options: RunOptions): ExperimentConfig | null {
    const seedInput = this.#q<HTMLInputElement>('[data-seed]');
    const select = this.querySelector<HTMLSelectElement>('[data-activation]');
    const stopOnNonFinite = this.#q<HTMLInputElement>('[data-stop-on-nan]').checked;
    const seed = options.seed ?? parseSeed(seedInput.value);
    if (seed === null || !Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) {
      const fallback = this.#baked.config.seed;
      seedInput.value = String(fallback);
      this.#setState('error', this.#t('seedInvalid', { seed: fallback }));
      return null;
    }
    seedInput.value = String(seed);
    let activation: Activation | undefined;
    if (select) {
      const fromSelect = (ACTIVATIONS as readonly string[]).includes(select.value) ? (select.value as Activation) : undefined;
      activation = options.activation ?? fromSelect;
      if (activation) select.value = activation;
    }
    return { ...preset(this.#experiment, activation ? { seed, activation } : { seed }), stopOnNonFinite };
  }

  #errorTrace(config: ExperimentConfig, message: string): RunTrace {
    const builder = new TraceBuilder(config);
    builder.apply({ type: 'done', status: 'error', predictions: null, totalMs: 0, backend: { name: 'none', simd: false, threads: 0 }, error: message });
    return builder.trace();
  }

  #onEvent = (event: TrainEvent): void => {
    const steps = Math.ceil(this.#baked.config.data.points / this.#baked.config.batchSize);
    this.#live?.apply(event);
    switch (event.type) {
      case 'epochBegin':
        this.#lines.push(epochHeader(event.epoch, this.#baked.config.epochs), printoutLine(Array.from(event.printed)));
        break;
      case 'epochEnd':
        this.#lines.push(progressLine(steps, event.msPerStep, event.loss));
        this.#losses.push(event.loss);
        if (!Number.isFinite(event.loss)) this.#showNanMarker(event.epoch, event.loss);
        break;
      case 'trip':
        this.#showTrip(tripSentence(this.#locale, event.trip));
        break;
      case 'done':
        if (event.predictions) this.#lines.push(predictionsLine(this.#baked.config.predictInputs, Array.from(event.predictions)));
        break;
    }
    // Paint at most once a frame, however fast epochs arrive.
    if (!this.#frame) {
      this.#frame = requestAnimationFrame(() => {
        this.#frame = 0;
        this.#paintConsole();
        this.#lossChart?.set(this.#losses);
        if (this.#live) this.#diagnostics?.show(this.#live.trace());
      });
    }
  };

  #paintConsole(): void {
    const pre = this.#q<HTMLPreElement>('[data-console]');
    pre.textContent = this.#lines.join('\n');
    pre.scrollTop = pre.scrollHeight;
  }

  /** A visible note when the backend ladder had to step down (fallbacks are the reasons, first first). */
  #showFallbackNotice(fallbacks: readonly string[], backend: string): void {
    const notice = this.#q<HTMLElement>('[data-notice]');
    notice.hidden = fallbacks.length === 0;
    notice.textContent = fallbacks.length ? this.#t('fallbackNotice', { reason: fallbacks.join('; '), backend }) : '';
  }

  #showTrip(sentence: string): void {
    const trip = this.#q<HTMLElement>('[data-trip]');
    trip.textContent = sentence;
    trip.hidden = false;
  }

  #showNanMarker(epoch: number, loss: number): void {
    const marker = this.#q<HTMLElement>('[data-nan-marker]');
    if (!marker.hidden) return;
    marker.textContent = this.#t('lossBecameNaN', { epoch, value: String(loss) });
    marker.hidden = false;
  }

  /** Shows a whole trace: console, predictions, loss table and chart. */
  #renderTrace(trace: RunTrace): void {
    cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    this.#lines = formatConsole(trace).split('\n');
    this.#losses = trace.epochs.map((e) => e.loss);
    this.#paintConsole();
    this.#q<HTMLPreElement>('[data-console]').scrollTop = 0;
    this.querySelectorAll<HTMLElement>('[data-prediction]').forEach((cell) => {
      const p = trace.predictions?.[Number(cell.dataset['prediction'])];
      cell.textContent = p === undefined ? '–' : numberLabel(p);
    });
    const rows = this.#q<HTMLTableSectionElement>('[data-loss-rows]');
    rows.replaceChildren(
      ...trace.epochs.map((e) => textRow([String(e.epoch), numberLabel(e.loss)])),
    );
    this.#diagnostics?.show(trace);
    const trip = this.#q<HTMLElement>('[data-trip]');
    trip.hidden = !trace.trip;
    trip.textContent = trace.trip ? tripSentence(this.#locale, trace.trip) : '';
    const nan = trace.epochs.find((e) => !Number.isFinite(e.loss));
    const marker = this.#q<HTMLElement>('[data-nan-marker]');
    marker.hidden = !nan;
    if (nan) marker.textContent = this.#t('lossBecameNaN', { epoch: nan.epoch, value: String(nan.loss) });
    this.#lossChart?.set(this.#losses);
  }

  #reset(): void {
    if (this.#running) labClient().cancel();
    this.#q<HTMLInputElement>('[data-seed]').value = String(this.#baked.config.seed);
    const select = this.querySelector<HTMLSelectElement>('[data-activation]');
    if (select) select.value = this.#baked.config.layers[0]?.activation ?? 'sigmoid';
    this.#renderTrace(this.#baked);
    this.#showData(this.#baked.config);
    this.#q('[data-badge]').textContent = 'Node · WASM · SIMD';
    this.#setState('idle', this.#t('bakedNote', { seed: this.#baked.config.seed }));
    if (this.#baked.predictions) this.#updateQuotes(this.#baked);
  }

  /** The exp3 quotes in the prose are about sigmoid; a relu or None run must not overwrite them. */
  #isDefaultModel(config: ExperimentConfig): boolean {
    return config.layers[0]?.activation === this.#baked.config.layers[0]?.activation;
  }

  /** Puts this run's numbers into the prose's quotes (<Num exp=… q=…>) for this experiment. */
  #updateQuotes(trace: RunTrace): void {
    const values = summarize(trace);
    document.querySelectorAll<HTMLElement>(`[data-num-exp="${this.#experiment}"]`).forEach((el) => {
      const q = el.dataset['numQ'] as keyof typeof values | undefined;
      if (q && q in values) el.textContent = values[q];
    });
  }

  /** Redraws the data figure and table when the seed (and so the noise) changes. */
  #showData(config: ExperimentConfig): void {
    if (config.seed === this.#shownSeed) return;
    this.#shownSeed = config.seed;
    const data = makeDataset(config.data, rngFor(config.seed, 'noise'));
    this.#q('[data-data-rows]').replaceChildren(
      ...Array.from(data.x, (x, i) => textRow([x.toFixed(4), (data.z[i] ?? NaN).toFixed(4)])),
    );
    if (this.#charts) void this.#charts.then((charts) => this.#makeDataChart(charts, config));
  }

  #makeDataChart(charts: typeof import('@/charts/charts'), config: ExperimentConfig): void {
    this.#dataChart?.destroy();
    const data = makeDataset(config.data, rngFor(config.seed, 'noise'));
    this.#dataChart = charts.dataChart(this.#q('[data-chart="data"]'), data, { x: 'x', y: 'z' });
  }

  async #drawCharts(): Promise<void> {
    if (this.#charts) {
      await this.#charts;
      return;
    }
    this.#charts = import('@/charts/charts');
    const charts = await this.#charts;
    if (!this.isConnected) return;
    this.#lossChart = charts.lossChart(this.#q('[data-chart="loss"]'), {
      epochs: this.#baked.config.epochs,
      xLabel: this.#t('epoch'),
      yLabel: this.#t('loss'),
      nanLabel: 'NaN',
    });
    this.#lossChart.set(this.#losses.length || this.#running ? this.#losses : this.#baked.epochs.map((e) => e.loss));
    this.#makeDataChart(charts, this.#lastRun?.config ?? this.#baked.config);
    this.#diagnostics?.attach(charts);
  }

  /** Turns the two stacked code blocks into keyboard-operable tabs (without JS both stay visible). */
  #setUpTabs(): void {
    const list = this.querySelector<HTMLElement>('[data-tablist]');
    if (!list) return;
    const tabs = Array.from(list.querySelectorAll<HTMLButtonElement>('[role="tab"]'));
    const select = (tab: HTMLButtonElement, focus: boolean) => {
      for (const other of tabs) {
        const selected = other === tab;
        other.setAttribute('aria-selected', String(selected));
        other.tabIndex = selected ? 0 : -1;
        const panel = this.querySelector<HTMLElement>(`#${other.getAttribute('aria-controls') ?? ''}`);
        if (panel) panel.hidden = !selected;
      }
      if (focus) tab.focus();
    };
    list.hidden = false;
    this.classList.add('tabs-ready');
    select(tabs[0]!, false);
    list.addEventListener('click', (e) => {
      const tab = (e.target as Element).closest<HTMLButtonElement>('[role="tab"]');
      if (tab) select(tab, false);
    });
    list.addEventListener('keydown', (e) => {
      const i = tabs.indexOf(document.activeElement as HTMLButtonElement);
      if (i < 0) return;
      const next = e.key === 'ArrowRight' ? (i + 1) % tabs.length : e.key === 'ArrowLeft' ? (i - 1 + tabs.length) % tabs.length : e.key === 'Home' ? 0 : e.key === 'End' ? tabs.length - 1 : -1;
      if (next >= 0) {
        e.preventDefault();
        select(tabs[next]!, true);
      }
    });
  }
}

if (!customElements.get('lab-experiment')) customElements.define('lab-experiment', LabExperiment);

declare global {
  interface HTMLElementTagNameMap {
    'lab-experiment': LabExperiment;
  }
}
