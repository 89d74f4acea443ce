/**
 * <lab-experiment>: the live half of Experiment.astro. Wiring only: it reads the baked trace the
 * server rendered, asks the shared worker to train whenever a knob moves or Run is pressed (through
 * the Retrainer, latest wins), and paints what comes back.
 *
 *        knob moves / Run / tweak()          run painted, nothing newer waiting
 *   idle ───────────────────────▶ training ─────────────────────────────────▶ done
 *    ▲      (loading first, while the backend starts) │ Stop, or another island's run
 *    │                                                ▼
 *    └──────────── Reset ───────────── error ◀── no backend      cancelled   (anything restarts it)
 *
 * Contract for tests and power users: `data-experiment`, `data-state`, every knob is
 * `[data-param="KEY"]`, `run(options)` (the Run button's path), `tweak(values)` (sets knobs as a
 * reader would and resolves with the run once it is painted) and the read-only `lastRun`.
 */
import type { DataChart, LossChart } from '@/charts/charts';
import { href } from '@/i18n/ui';
import { ACTIVATIONS, EXPERIMENT_IDS, preset, type Activation, type ExperimentConfig, type ExperimentId } from '@/lab/engine/config';
import { makeDataset } from '@/lab/engine/data';
import { formatConsole } from '@/lab/reading/format';
import { fromConfig, toSearch, withValues, type ParamKey, type Values } from '@/lab/settings/params';
import { rngFor } from '@/lab/engine/random';
import { outcome } from '@/lab/reading/summary';
import { errorTrace, parseTrace, type RunTrace } from '@/lab/engine/trace';
import { labClient, resetLabClient } from '@/worker/client';
import { DiagnosticsView } from '@/figures/diagnostics/diagnostics';
import { describeSettings } from '@/figures/knobs/knob-text';
import { KnobPanel } from '@/figures/knobs/knobs';
import { MAX_SEED, parseSeed, setHidden, setText, textRow, thinned, fixed } from '@/figures/shared/kit';
import { Shell } from '@/figures/shared/shell';
import { OffscreenPaints } from '@/figures/shared/offscreen';
import { stopTraining, trainOnLab } from '@/figures/shared/claim';
import { backendBadge, tripSentence } from '@/figures/shared/layers';
import { followProse, proseParts, type ProseParts } from '@/figures/shared/prose';
import { Retrainer, type Job } from '@/figures/shared/retrain';
import type { SlopesView } from '@/figures/slopes/slopes-live';

export type { IslandState } from '@/figures/shared/kit';
export interface RunOptions {
  seed?: number;
  activation?: Activation;
}

interface ExperimentJob extends Job {
  /** The knob that moved, when one did (the edge message names it). */
  key: ParamKey | null;
}

import { dataRows, lossRows, numberLabel, readoutLines } from './experiment-text';

export class ExperimentIsland {
  readonly #shell: Shell;
  readonly #offActions: () => void;
  /** The last run painted in this page (null until one finishes); only this class sets it. */
  lastRun: RunTrace | null = null;
  #baked!: RunTrace;
  #defaults!: Values;
  #experiment!: ExperimentId;
  #lossChart: LossChart | null = null;
  #dataChart: DataChart | null = null;
  #charts: Promise<typeof import('@/charts/charts')> | null = null;
  #knobs!: KnobPanel;
  #retrainer!: Retrainer<ExperimentJob>;
  #shown!: RunTrace;
  #dataKey = '';
  #diagnostics: DiagnosticsView | null = null;
  /** σ′ under each layer (experiment 3's figure only), following the diagnostics' scrubber. */
  #slopes: SlopesView | null = null;
  /** The last painted run's knob values and whether it exploded (the edge message compares with it). */
  #previous: { values: Values; exploded: boolean } | null = null;
  /** A drag's frames repaint the charts and panels that are off screen only when they come near (offscreen.ts). */
  #offscreen = new OffscreenPaints();
  /** The console is scrolled away from its top (a long run's progress, or the reader). */
  #consoleAway = false;
  #predictionCells: HTMLElement[] | null = null;
  /** The sentences in the article that quote this figure's run (prose.ts). */
  #prose: ProseParts;


  /** `baked`: the article's run, as /baked/<experiment>.json has it. */
  constructor(
    private readonly host: HTMLElement,
    baked: string,
  ) {
    this.#shell = new Shell(host);
    const id = this.host.dataset['experiment'];
    if (!(EXPERIMENT_IDS as readonly string[]).includes(id ?? '')) throw new Error(`lab-experiment: unknown data-experiment ${id}`);
    this.#experiment = id as ExperimentId;
    this.#baked = parseTrace(baked);
    this.#defaults = fromConfig(this.#baked.config);
    this.#shown = this.#baked;
    this.#dataKey = this.#tableKey = dataKey(this.#baked.config);
    this.#previous = { values: this.#defaults, exploded: outcome(this.#baked) === 'exploded' };
    this.#diagnostics = new DiagnosticsView(this.#shell.q('[data-diagnostics]'), this.#shell.locale, this.#baked.config.layers.length);
    this.#followSlopes();
    this.#diagnostics.show(this.#baked);
    this.#knobs = new KnobPanel(this.#shell.q('[data-knobs]'), this.#shell.locale, (_values, final, key) => void this.#request(final, key), (message) => this.#showKnobProblem(message));
    this.#retrainer = new Retrainer<ExperimentJob>({
      start: trainOnLab(this.#shell, { claimed: (lab) => this.#showFallbackNotice(lab.fallbacks, backendBadge(this.#shell.locale, lab.backend)) }),
      paint: (trace, job) => this.#paint(trace, job),
      progress: (trace, job) => this.#paintProgress(trace, job),
    });

    for (const el of this.host.querySelectorAll<HTMLButtonElement | HTMLInputElement | HTMLSelectElement>('[data-action], [data-seed], [data-stop-on-nan]')) el.disabled = false;
    this.#shell.syncStop();
    this.#offActions = this.#shell.onRunRow(
      { run: () => void this.run(), stop: () => stopTraining(this.#retrainer), reset: () => this.#reset() },
      { long: () => void this.tweak({ epochs: 2000 }) },
    );
    this.#shell.q<HTMLInputElement>('[data-seed]').addEventListener('keydown', this.#onSeedKey);
    const pre = this.#shell.q<HTMLPreElement>('[data-console]');
    pre.addEventListener('scroll', () => (this.#consoleAway = pre.scrollTop > 0), { passive: true });

    // Where the parts a drag may leave for later are, known before the first drag (offscreen.ts).
    const parts = ['[data-diagnostics]', '[data-chart="loss"]', '[data-slopes]'].map((s) => this.host.querySelector(s)).filter((el) => el !== null);
    this.#prose = proseParts(this.#experiment);
    this.#offscreen.watch([...parts, ...this.#prose.nums, ...this.#prose.leads, ...this.#prose.notes]);

    // Charts when the island comes near (the worker is already warming: lazy.ts).
    // Loaded because the figure is near, or because a reader or a script used it: draw now.
    void this.#drawCharts();
  }

  /**
   * σ′ under each layer (experiment 3's figure): its code loads with this live half (the figure is
   * near, or a reader or a script used it), then it follows the scrubber from the epoch on show.
   */
  #followSlopes(): void {
    const pane = this.host.querySelector<HTMLElement>('[data-slopes]');
    if (!pane || !this.#diagnostics) return;
    let latest: [RunTrace, number, boolean] | null = null;
    this.#diagnostics.onEpoch((trace, epoch, light) => {
      latest = [trace, epoch, light];
      this.#offscreen.paint(pane, () => this.#slopes?.show(trace, epoch, light), light);
    });
    void import('@/figures/slopes/slopes-live').then(({ SlopesView }) => {
      if (!this.host.isConnected) return;
      this.#slopes = new SlopesView(pane, this.#shell.locale, this.#baked);
      if (latest) this.#slopes.show(...latest);
    });
  }

  /** The element left the page: stop what runs, free the charts. */
  disconnect(): void {
    this.#offscreen.disconnect();
    this.#slopes?.destroy();
    this.#offActions();
    if (this.#retrainer.busy) labClient().cancel();
    this.#retrainer.drop();
    this.#lossChart?.destroy();
    this.#dataChart?.destroy();
    this.#diagnostics?.destroy();
    this.#lossChart = this.#dataChart = null;
  }

  #onSeedKey = (e: KeyboardEvent): void => {
    if (e.key === 'Enter') {
      e.preventDefault();
      void this.run();
    }
  };

  /** Trains the current settings (the Run button's path); `options` set the seed and ACT first. */
  async run(options: RunOptions = {}): Promise<RunTrace> {
    if (options.seed !== undefined) this.#shell.q<HTMLInputElement>('[data-seed]').value = String(options.seed);
    if (options.activation && (ACTIVATIONS as readonly string[]).includes(options.activation)) this.#knobs.set('act', options.activation);
    return this.#request(true, null);
  }

  /**
   * Sets knobs (and the seed) to `values` as a reader would, re-trains, and resolves with the run
   * once the frame that painted it has run. Keys this figure has no control for are ignored.
   */
  async tweak(values: Partial<Values>): Promise<RunTrace> {
    if (values.seed !== undefined) this.#shell.q<HTMLInputElement>('[data-seed]').value = String(values.seed);
    this.#knobs.setAll(values);
    const keys = Object.keys(values).filter((k) => k !== 'seed') as ParamKey[];
    return this.#request(true, keys.length === 1 ? keys[0]! : null);
  }

  /** The settings the controls describe now, or null (with a message) when the seed is not one. */
  #values(): Values | null {
    const seedInput = this.#shell.q<HTMLInputElement>('[data-seed]');
    const seed = parseSeed(seedInput.value);
    if (seed === null || seed > MAX_SEED) {
      const fallback = this.#baked.config.seed;
      seedInput.value = String(fallback);
      this.#shell.setState('error', this.#shell.t('seedInvalid', { seed: fallback }));
      return null;
    }
    seedInput.value = String(seed);
    return { ...this.#defaults, ...this.#knobs.values, seed } as Values;
  }

  #configOf(values: Values): ExperimentConfig {
    const stopOnNonFinite = this.#shell.q<HTMLInputElement>('[data-stop-on-nan]').checked;
    return { ...withValues(preset(this.#experiment), values), stopOnNonFinite };
  }

  #request(final: boolean, key: ParamKey | null): Promise<RunTrace> {
    const values = this.#values();
    if (!values) return Promise.resolve(errorTrace(preset(this.#experiment), this.#shell.q('[data-status]').textContent ?? ''));
    const config = this.#configOf(values);
    this.#shell.q<HTMLAnchorElement>('[data-playground]').href = href(`/${this.#shell.locale}/playground/${toSearch(values)}`);
    this.#showData(config); // the data are known before any training: draw them at once
    setHidden(this.#shell.q<HTMLElement>('[data-updating]'), false);
    return this.#retrainer.request({ config, final, key });
  }


  /** A finished run: everything the figure and the prose show. */
  #paint(trace: RunTrace, job: ExperimentJob): void {
    const waiting = this.#retrainer.busy;
    setHidden(this.#shell.q<HTMLElement>('[data-updating]'), !waiting);
    if (trace.status !== 'done') {
      // What trained before a Stop or a crash stays on show, as far as it got (never passed off as the whole run).
      if (trace.epochs.length > 0) this.#renderTrace(trace, true);
      if (trace.status === 'error') {
        resetLabClient();
        this.#shell.setState('error', `${this.#shell.t('state_error')}: ${trace.error ?? ''}. ${this.#shell.t('retryHint')}`);
      } else if (!waiting) this.#shell.setState('cancelled');
      return;
    }
    this.lastRun = trace;
    this.#shown = trace;
    const values = fromConfig(trace.config);
    const settings = describeSettings(this.#shell.locale, { ...values }, this.#defaults);
    this.#ghost(settings !== '');
    this.#renderTrace(trace, !job.final);
    // The prose around the figure and the status line change after the charts have drawn (uPlot draws
    // in a microtask queued by the calls above): text changed outside the figure first would make each
    // chart's font lay out the whole article again (bench/README.md, "where the time goes").
    queueMicrotask(() => {
      this.#showEdge(values, trace, job.key);
      // A drag's frames leave the sentences off screen for when they come into view; the full run writes them all.
      followProse(this.#shell.locale, this.#prose, trace, this.#baked, settings, (el, change) => this.#offscreen.paint(el, change, !job.final));
      if (waiting) return; // a newer value is on its way: stay 'training', say nothing yet
      const nan = trace.epochs.find((e) => !Number.isFinite(e.loss));
      const nanNote = nan ? this.#shell.t('nanSentence', { text: this.#shell.t('lossBecameNaN', { epoch: nan.epoch, value: fixed(nan.loss) }) }) : '';
      this.#shell.setState('done', this.#shell.t('statusDone', { nan: nanNote, live: this.#shell.t('liveNote') }));
    });
  }

  /** A long run still going: its console and loss so far, over the ghost. */
  #paintProgress(trace: RunTrace, job: ExperimentJob): void {
    this.#paintConsole(formatConsole(trace));
    // A drag's run that streams (a slow device, a long run) leaves the off-screen parts for later, as its end would.
    this.#paintCharts(trace, false, !job.final);
  }

  /**
   * The loss chart and the diagnostics, through the keeper of off-screen paints (offscreen.ts): a
   * drag's frame (`mayWait`) may leave them for later; any other paint drops what a drag left, so
   * nothing older can come back over it. `light`: leave the diagnostics' tables for the full run.
   */
  #paintCharts(trace: RunTrace, light: boolean, mayWait: boolean): void {
    this.#offscreen.paint(this.#shell.q('[data-chart="loss"]'), () => this.#lossChart?.set(trace.epochs.map((e) => e.loss), trace.config.epochs), mayWait);
    const diagnostics = this.#diagnostics;
    if (diagnostics) this.#offscreen.paint(this.#shell.q('[data-diagnostics]'), () => diagnostics.show(trace, light), mayWait);
  }

  /**
   * Says so when the knob that moved took the run across the edge between finite and exploding
   * ("At learning rate 0.071 this run explodes; at 0.063 it stayed finite.").
   */
  #showEdge(values: Values, trace: RunTrace, key: ParamKey | null): void {
    const exploded = outcome(trace) === 'exploded';
    const previous = this.#previous;
    this.#previous = { values, exploded };
    if (!previous || !key || previous.exploded === exploded) return;
    const others = (Object.keys(values) as ParamKey[]).filter((k) => k !== key);
    if (others.some((k) => values[k] !== previous.values[k])) return; // more than one thing changed
    const edge = this.#shell.q<HTMLElement>('[data-edge]');
    const name = (v: Values) => describeSettings(this.#shell.locale, { [key]: v[key] }, {});
    edge.textContent = this.#shell.t(exploded ? 'edgeExplodes' : 'edgeCalms', { setting: name(values), previous: name(previous.values) });
    edge.hidden = false;
  }

  /** The article's run as a faint reference behind this one, whenever this one is not it. */
  #ghostOn: boolean | null = null;
  #ghost(on: boolean): void {
    if (on === this.#ghostOn) return;
    this.#ghostOn = on;
    const baked = this.#baked;
    this.#lossChart?.ghost(on ? baked.epochs.map((e) => e.loss) : null);
    this.#diagnostics?.ghost(on ? baked : null);
    this.#shell.q<HTMLElement>('[data-loss-legend]').hidden = !on;
  }

  #showKnobProblem(message: Node[] | null): void {
    const box = this.#shell.q<HTMLElement>('[data-knob-problem]');
    setHidden(box, message === null);
    if (message !== null || box.hasChildNodes()) box.replaceChildren(...(message ?? []));
  }

  #paintConsole(text: string): void {
    const pre = this.#shell.q<HTMLPreElement>('[data-console]');
    pre.textContent = text;
    pre.scrollTop = pre.scrollHeight;
    this.#consoleAway = true;
  }

  /** A visible note when the backend ladder had to step down (fallbacks are the reasons, first first). */
  #showFallbackNotice(fallbacks: readonly string[], backend: string): void {
    const notice = this.#shell.q<HTMLElement>('[data-notice]');
    setHidden(notice, fallbacks.length === 0);
    setText(notice, fallbacks.length ? this.#shell.t('fallbackNotice', { reason: fallbacks.join('; '), backend }) : '');
  }

  /**
   * Shows a whole trace: console, predictions, loss chart and table, data table, diagnostics,
   * tripwire. `light`: a frame of a drag; the data tables (text alternatives of the charts, folded
   * away) wait for the full run, which keeps each frame's work small.
   */
  #renderTrace(trace: RunTrace, light = false): void {
    const pre = this.#shell.q<HTMLPreElement>('[data-console]');
    setText(pre, formatConsole(trace));
    // Back to the top only when it is away from it: setting scrollTop lays the page out at once.
    if (this.#consoleAway) pre.scrollTop = 0;
    this.#consoleAway = false;
    (this.#predictionCells ??= [...this.host.querySelectorAll<HTMLElement>('[data-prediction]')]).forEach((cell) => {
      const p = trace.predictions?.[Number(cell.dataset['prediction'])];
      setText(cell, p === undefined ? '–' : numberLabel(p));
    });
    // The readout beside the knobs follows every painted run, a drag's frames included (never left for later).
    const [loss, predictions] = readoutLines(this.#shell.locale, trace);
    setText(this.#shell.q('[data-readout-loss]'), loss);
    setText(this.#shell.q('[data-readout-predictions]'), predictions);
    if (!light) {
      this.#shell.q<HTMLTableSectionElement>('[data-loss-rows]').replaceChildren(...lossRows(thinned(trace.epochs)).map(textRow));
      this.#fillDataRows(trace.config);
    }
    this.#paintCharts(trace, light, light);
    const trip = this.#shell.q<HTMLElement>('[data-trip]');
    setHidden(trip, !trace.trip);
    setText(trip, trace.trip ? tripSentence(this.#shell.locale, trace.trip) : '');
    const nan = trace.epochs.find((e) => !Number.isFinite(e.loss));
    const marker = this.#shell.q<HTMLElement>('[data-nan-marker]');
    setHidden(marker, !nan);
    if (nan) setText(marker, this.#shell.t('lossBecameNaN', { epoch: nan.epoch, value: fixed(nan.loss) }));
  }

  #reset(): void {
    if (this.#retrainer.busy) labClient().cancel();
    this.#retrainer.drop();
    this.#shell.q<HTMLInputElement>('[data-seed]').value = String(this.#baked.config.seed);
    this.#knobs.setAll(this.#defaults);
    this.#showKnobProblem(null);
    this.#shown = this.#baked;
    this.#previous = { values: this.#defaults, exploded: outcome(this.#baked) === 'exploded' };
    this.#renderTrace(this.#baked);
    this.#showData(this.#baked.config);
    this.#ghost(false);
    this.#shell.q<HTMLElement>('[data-edge]').hidden = true;
    this.#shell.q<HTMLElement>('[data-updating]').hidden = true;
    this.#shell.q<HTMLAnchorElement>('[data-playground]').href = href(`/${this.#shell.locale}/playground/${toSearch(this.#defaults)}`);
    this.#shell.q('[data-badge]').textContent = 'Node · WASM · SIMD';
    this.#shell.setState('idle', this.#shell.t('bakedNote', { seed: this.#baked.config.seed }));
    // Through the same keeper as a drag's frames, so that no sentence kept from a drag paints over these.
    followProse(this.#shell.locale, this.#prose, this.#baked, this.#baked, '', (el, change) => this.#offscreen.paint(el, change, false));
  }

  /** Redraws the data figure when the data change (seed, input range or noise); its table follows with the full run. */
  #showData(config: ExperimentConfig): void {
    const key = dataKey(config);
    if (key === this.#dataKey) return;
    this.#dataKey = key;
    this.#dataChart?.set(makeDataset(config.data, rngFor(config.seed, 'noise')));
  }

  #tableKey = '';
  #fillDataRows(config: ExperimentConfig): void {
    const key = dataKey(config);
    if (key === this.#tableKey) return;
    this.#tableKey = key;
    const data = makeDataset(config.data, rngFor(config.seed, 'noise'));
    this.#shell.q('[data-data-rows]').replaceChildren(...dataRows(data).map(textRow));
  }

  async #drawCharts(): Promise<void> {
    if (this.#charts) {
      await this.#charts;
      return;
    }
    this.#charts = import('@/charts/charts');
    const charts = await this.#charts;
    if (!this.host.isConnected) return;
    this.#lossChart = charts.lossChart(this.#shell.q('[data-chart="loss"]'), {
      epochs: this.#shown.config.epochs,
      xLabel: this.#shell.t('epoch'),
      yLabel: this.#shell.t('loss'),
      nanLabel: 'NaN',
    });
    this.#lossChart.set(this.#shown.epochs.map((e) => e.loss), this.#shown.config.epochs);
    const theme = charts.themeOf(this.host);
    this.#shell.swatches({ live: theme.accent, ghost: charts.fade(theme.muted, 0.45) }, '[data-loss-legend]');
    const shown = this.#shown.config;
    this.#dataChart = charts.dataChart(this.#shell.q('[data-chart="data"]'), makeDataset(shown.data, rngFor(shown.seed, 'noise')), { x: 'x', y: 'z' });
    this.#diagnostics?.attach(charts);
    this.#ghostOn = null;
    this.#ghost(this.#shown !== this.#baked && describeSettings(this.#shell.locale, { ...fromConfig(this.#shown.config) }, this.#defaults) !== '');
  }

}

/** What decides the training data: a new data chart only when one of these changes. */
function dataKey(config: ExperimentConfig): string {
  const { lo, hi, points, noiseSd } = config.data;
  return `${config.seed}:${lo}:${hi}:${points}:${noiseSd}`;
}
