/**
 * <lab-memory>: the live half of Memory.astro. Run trains the chosen cells on the adding problem in
 * the figure's own worker (src/worker/memory-worker.ts; memory-protocol.ts says why not the lab
 * worker), which posts each ~30 ms slice of losses; the chart and the progress line follow at most
 * ten times a second (PAINT_MS), in an animation frame, so the page's main thread only paints, and
 * seldom: on a loaded machine every task on it risks passing 50 ms. "N steps more" asks the worker to
 * carry the same trainers on (same weights, Adam moments and batch stream).
 *
 *   idle ──Run──▶ training ──▶ done ──N steps more──▶ training ──▶ done
 *                    │  Stop                                │  Stop
 *                    ▼                                      ▼
 *                cancelled ──N steps more (carries on)──▶ training
 *   any ──Reset──▶ idle (the baked run shown again)
 *
 * The button under the seed ensemble's table trains it again at the reader's T in the same worker
 * (memory-ensemble.ts): training ──▶ done | cancelled as above, the chart and its run left alone. The
 * worker runs one job at a time, the newest winning, so Run and that button replace each other's run.
 *
 * The worker starts on intent only: a pointer entering the figure, focus moving into it, Run or run().
 *
 * Contract for tests: `data-experiment="memory"`, `data-state`, `data-step` (steps trained so far)
 * and `run(options)` resolving a MemoryTrace once the run ends. The trace follows the first
 * article's RunTrace (src/lab/engine/trace.ts) where it fits: `experiment`, `config`, `status`,
 * `error`, `totalMs`; in place of `epochs` (one record per epoch of one net) it has `losses`, per
 * trained cell the batch loss of every step from the run's first, across "N steps more": two nets
 * trained side by side, one batch per step, and nothing else recorded per step. `liveEnsemble` lists
 * the ensemble's lengths trained in the page, each cell's tail means and count.
 */
import type { LinesChart } from '@/charts/charts';
import {
  ADDING_BASELINE,
  checkMemorySettings,
  MEMORY_CELLS,
  MEMORY_DEFAULTS,
  tailMean,
  trailingMeans,
  type EnsemblePoint,
  type MemoryCell,
  type MemorySettings,
} from '@/lab/recurrent/memory';
import type { FromMemoryWorker, MemoryStatus, ToMemoryWorker } from '@/worker/memory-protocol';
import { parseSeed, setText } from '@/figures/shared/kit';
import { Shell } from '@/figures/shared/shell';
import { onSchemeChange } from '@/figures/shared/why-kit';
import { progressText, runSentence, settingsText } from './memory-text';
import { EnsembleTable, type LiveRow } from './memory-ensemble';

interface Baked {
  settings: MemorySettings;
  xs: number[];
  rnn: number[];
  lstm: number[];
  finals: { rnn: number; lstm: number };
  ensemble: EnsemblePoint[];
}

export type CellsChoice = 'both' | MemoryCell;
/** The least time between two paints of a run. */
const PAINT_MS = 100;

const CHOICES: readonly CellsChoice[] = ['both', ...MEMORY_CELLS];
const cellsOf = (choice: CellsChoice): MemoryCell[] => (choice === 'both' ? [...MEMORY_CELLS] : [choice]);

export interface MemoryRunOptions {
  length?: unknown;
  seed?: unknown;
  steps?: unknown;
  cells?: unknown;
  /** Carry the last run on (the "N steps more" button) instead of starting afresh. */
  carryOn?: unknown;
}

export interface MemoryTrace {
  experiment: 'memory';
  config: MemorySettings & { cells: MemoryCell[] };
  /** Per trained cell, the batch loss of every step since the run's first (carry-ons included). */
  losses: Partial<Record<MemoryCell, number[]>>;
  status: MemoryStatus;
  error?: string;
  /** Wall time of this press (not part of what two runs must agree on). */
  totalMs: number;
}

/** The run the chart shows: its settings, cells, the runs that carried it on and the losses so far. */
interface Lineage {
  settings: MemorySettings;
  cells: MemoryCell[];
  runs: Set<number>;
  losses: Partial<Record<MemoryCell, number[]>>;
  /** The step the current press trains up to. */
  target: number;
}

export class LabMemory extends HTMLElement {
  readonly #shell = new Shell(this);
  #baked!: Baked;
  #settings: MemorySettings = { ...MEMORY_DEFAULTS };
  #choice: CellsChoice = 'both';
  #worker: Worker | null = null;
  #runId = 0;
  #lineage: Lineage | null = null;
  #waiting = new Map<number, { resolve: (trace: MemoryTrace) => void; started: number }>();
  #table!: EnsembleTable;
  #frame = 0;
  #painted = 0;
  /** What the next paint redraws: the shown run (chart, progress line) and/or the ensemble's progress line. */
  readonly #dirty = new Set<'run' | 'table'>();
  #chart: LinesChart | null = null;
  #off: (() => void)[] = [];
  /** What the status line says before the run's outcome: the fields of run() that were replaced, if any. */
  #note = '';

  connectedCallback(): void {
    this.#baked = JSON.parse(this.#shell.q('script[data-baked]').textContent ?? '{}') as Baked;
    this.#settings = { ...this.#baked.settings };
    this.#table = new EnsembleTable(this.#shell, this.#baked.ensemble);
    const length = this.#shell.q<HTMLInputElement>('[data-mem-length]');
    length.disabled = false;
    length.addEventListener('input', () => this.#setLength(Number(length.value)));
    const cells = this.#shell.q<HTMLFieldSetElement>('[data-mem-cells]');
    cells.disabled = false;
    cells.addEventListener('change', (e) => {
      const value = (e.target as HTMLInputElement).value as CellsChoice;
      if (CHOICES.includes(value)) this.#choice = value;
      this.#forget();
    });
    const seed = this.#shell.q<HTMLInputElement>('[data-seed]');
    seed.disabled = false;
    const takeSeed = () => {
      const parsed = parseSeed(seed.value);
      if (parsed === null) {
        seed.value = String(this.#settings.seed);
        this.#shell.setState(this.#shell.state, this.#shell.t('ttBadInput', { fields: this.#shell.t('seed'), values: settingsText(this.#shell.locale, this.#settings) }));
        return;
      }
      if (parsed !== this.#settings.seed) {
        this.#settings = { ...this.#settings, seed: parsed };
        this.#forget();
      }
    };
    seed.addEventListener('change', takeSeed);
    seed.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') takeSeed();
    });
    for (const action of ['run', 'reset', 'ensemble']) this.#shell.q<HTMLButtonElement>(`[data-action="${action}"]`).disabled = false;
    this.#off.push(
      this.#shell.onAction({
        run: () => void this.run({ seed: this.#settings.seed, length: this.#settings.length, cells: this.#choice }),
        more: () => void this.run({ carryOn: true }),
        stop: () => this.#stop(),
        reset: () => this.#reset(),
        ensemble: () => this.#runEnsemble(),
        'stop-ensemble': () => this.#stop(),
      }),
    );
    // Intent: the worker starts when a pointer or focus comes into the figure, not when it scrolls by.
    const warm = () => void this.#ensureWorker();
    this.addEventListener('pointerenter', warm, { once: true });
    this.addEventListener('focusin', warm, { once: true });
    this.#off.push(onSchemeChange(() => void this.#drawChart(true)));
    this.#syncButtons();
    void this.#drawChart();
  }

  disconnectedCallback(): void {
    for (const off of this.#off) off();
    this.#off = [];
    this.#worker?.terminate();
    this.#worker = null;
    clearTimeout(this.#frame);
    this.#chart?.destroy();
    this.#chart = null;
  }

  /**
   * Trains and resolves with the trace once the run ends (done, stopped, or replaced by a newer run:
   * 'cancelled'). Settings out of range are replaced by their defaults, and the status line says so.
   * `carryOn: true` goes on from the last run (its settings; the options' others are ignored).
   */
  async run(options: MemoryRunOptions = {}): Promise<MemoryTrace> {
    const { settings, rejected } = checkMemorySettings({ length: options.length, seed: options.seed, steps: options.steps });
    const choiceOk = options.cells === undefined || CHOICES.includes(options.cells as CellsChoice);
    const choice: CellsChoice = choiceOk && options.cells !== undefined ? (options.cells as CellsChoice) : 'both';
    const bad = [...(choiceOk ? [] : ['cells']), ...rejected];
    const runId = ++this.#runId;
    const carry = options.carryOn === true && this.#lineage !== null;
    if (carry) {
      const lineage = this.#lineage!;
      lineage.runs.add(runId);
      lineage.target = Math.min(...lineage.cells.map((c) => lineage.losses[c]!.length)) + settings.steps;
    } else {
      this.#settings = settings;
      this.#choice = choice;
      this.#showSettings();
      const cells = cellsOf(choice);
      this.#lineage = { settings, cells, runs: new Set([runId]), losses: Object.fromEntries(cells.map((c) => [c, []])), target: settings.steps };
    }
    const lineage = this.#lineage!;
    const worker = this.#ensureWorker();
    const done = new Promise<MemoryTrace>((resolve) => this.#waiting.set(runId, { resolve, started: performance.now() }));
    const message: ToMemoryWorker = { type: 'train', runId, cells: lineage.cells, length: lineage.settings.length, seed: lineage.settings.seed, steps: settings.steps, carryOn: carry };
    worker.postMessage(message);
    this.#note = bad.length ? this.#shell.t('ttBadInput', { fields: bad.join(', '), values: settingsText(this.#shell.locale, settings) }) : '';
    this.#shell.setState('training', this.#note || this.#shell.t('state_training'));
    this.#syncButtons();
    this.#schedulePaint('run');
    return done;
  }

  /** The seed ensemble's runs at each length trained in the page so far (memory-ensemble.ts). */
  get liveEnsemble(): LiveRow[] {
    return this.#table.rows();
  }

  /** Trains the seed ensemble again at the reader's T; the table takes each cell's count as it ends. */
  #runEnsemble(): void {
    const runId = ++this.#runId;
    const { message, status } = this.#table.start(runId, this.#settings.length);
    this.#ensureWorker().postMessage(message);
    this.#shell.setState('training', status);
    this.#syncButtons();
  }

  #ensureWorker(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(new URL('../../worker/memory-worker.ts', import.meta.url), { type: 'module', name: 'memory' });
    worker.addEventListener('message', (e: MessageEvent<FromMemoryWorker>) => this.#receive(e.data));
    this.#worker = worker;
    return worker;
  }

  #receive(m: FromMemoryWorker): void {
    const lineage = this.#lineage;
    switch (m.type) {
      case 'losses': {
        // Losses of any run of the shown lineage count, placed by step: a slice posted just before
        // "N steps more" was sent belongs to the same trainers.
        if (!lineage?.runs.has(m.runId)) return;
        const into = lineage.losses[m.cell];
        if (!into) return;
        for (let i = 0; i < m.losses.length; i++) into[m.from + i] = m.losses[i]!;
        this.#schedulePaint('run');
        return;
      }
      case 'seed-step':
      case 'seed-done':
        if (this.#table.receive(m)) this.#schedulePaint('table');
        return;
      case 'done': {
        if (this.#table.owns(m.runId)) {
          const text = this.#table.finish(m);
          if (m.runId === this.#runId) this.#shell.setState(m.status, text);
          this.#syncButtons();
          return;
        }
        const waiting = this.#waiting.get(m.runId);
        this.#waiting.delete(m.runId);
        if (m.runId === this.#runId && lineage) this.#finish(m, lineage);
        waiting?.resolve({
          experiment: 'memory',
          config: { ...(lineage?.settings ?? this.#settings), cells: lineage?.cells ?? [] },
          losses: Object.fromEntries(Object.entries(lineage?.losses ?? {}).map(([c, xs]) => [c, xs.slice()])),
          status: m.status,
          ...(m.error !== undefined ? { error: m.error } : {}),
          totalMs: waiting ? performance.now() - waiting.started : m.totalMs,
        });
        return;
      }
      default: {
        const never: never = m;
        throw new Error(`lab-memory: unknown message ${JSON.stringify(never)}`);
      }
    }
  }

  #finish(m: Extract<FromMemoryWorker, { type: 'done' }>, lineage: Lineage): void {
    this.#paintRun();
    const steps = this.#taken(lineage);
    const locale = this.#shell.locale;
    const s = lineage.settings;
    const say = (text: string) => (this.#note ? `${this.#note} ${text}` : text);
    if (m.status === 'error') this.#shell.setState('error', say(m.error ?? this.#shell.t('state_error')));
    else if (m.status === 'cancelled') this.#shell.setState('cancelled', say(this.#shell.t('memStopped', { step: steps, more: this.#moreLabel() })));
    else this.#shell.setState('done', say(this.#shell.t('memLive', { seed: s.seed, length: s.length, steps, seconds: (m.totalMs / 1000).toFixed(1) })));
    if (steps > 0) setText(this.#shell.q('[data-mem-sentence]'), runSentence(locale, s, steps, this.#finals(lineage)));
    this.#syncButtons();
  }

  #taken(lineage: Lineage): number {
    return Math.min(...lineage.cells.map((c) => lineage.losses[c]!.length));
  }

  #finals(lineage: Lineage): Partial<Record<MemoryCell, number>> {
    return Object.fromEntries(lineage.cells.map((c) => [c, tailMean(lineage.losses[c]!)]));
  }

  #stop(): void {
    if (!this.#shell.busy) return;
    this.#worker?.postMessage({ type: 'stop', runId: this.#runId } satisfies ToMemoryWorker);
  }

  /** Back to the build's run and table: no lineage to carry on, the baked lines, the default settings. */
  #reset(): void {
    this.#stop();
    this.#runId += 1; // whatever is still on its way belongs to no shown run
    this.#lineage = null;
    this.#table.reset();
    this.#settings = { ...this.#baked.settings };
    this.#choice = 'both';
    this.#showSettings();
    const b = this.#baked;
    this.dataset['step'] = String(b.settings.steps);
    setText(this.#shell.q('[data-mem-progress]'), progressText(this.#shell.locale, b.settings.steps, b.settings.steps, b.finals));
    setText(this.#shell.q('[data-mem-sentence]'), runSentence(this.#shell.locale, b.settings, b.settings.steps, b.finals));
    this.#shell.setState('idle', this.#shell.t('memBaked', { seed: b.settings.seed, length: b.settings.length, steps: b.settings.steps }));
    this.#syncButtons();
    this.#plot();
  }

  /** A knob moved: the shown run can no longer be carried on with these settings (unless it is the one training). */
  #forget(): void {
    if (!this.#shell.busy || this.#table.running) this.#lineage = null;
    this.#syncButtons();
  }

  #setLength(length: number): void {
    this.#settings = { ...this.#settings, length };
    this.#showSettings();
    this.#forget();
  }

  #showSettings(): void {
    const s = this.#settings;
    const length = this.#shell.q<HTMLInputElement>('[data-mem-length]');
    if (Number(length.value) !== s.length) length.value = String(s.length);
    length.setAttribute('aria-valuetext', `T = ${s.length}`);
    setText(this.#shell.q('[data-mem-length-value]'), `T = ${s.length}`);
    const seed = this.#shell.q<HTMLInputElement>('[data-seed]');
    if (document.activeElement !== seed) seed.value = String(s.seed);
    for (const radio of this.querySelectorAll<HTMLInputElement>('[data-mem-cells] input')) radio.checked = radio.value === this.#choice;
    setText(this.#shell.q('[data-action="ensemble"]'), this.#table.label(s.length));
  }

  #moreLabel(): string {
    return this.#shell.t('memTrainLonger', { n: this.#settings.steps });
  }

  /** "N steps more" only when there is a run to carry on and none training; the ensemble's Stop only while it trains. */
  #syncButtons(): void {
    const more = this.#shell.q<HTMLButtonElement>('[data-action="more"]');
    setText(more, this.#moreLabel());
    more.disabled = this.#shell.busy || this.#lineage === null || this.#taken(this.#lineage) === 0;
    this.#shell.q<HTMLButtonElement>('[data-action="stop-ensemble"]').disabled = !(this.#shell.busy && this.#table.owns(this.#runId));
  }

  #schedulePaint(part: 'run' | 'table'): void {
    this.#dirty.add(part);
    if (this.#frame) return;
    const wait = Math.max(0, this.#painted + PAINT_MS - performance.now());
    this.#frame = window.setTimeout(
      () =>
        requestAnimationFrame(() => {
          this.#frame = 0;
          this.#painted = performance.now();
          if (this.#dirty.has('table')) this.#table.paint();
          if (this.#dirty.has('run')) this.#paintRun();
          this.#dirty.clear();
        }),
      wait,
    );
  }

  #paintRun(): void {
    const lineage = this.#lineage;
    if (!lineage) return;
    const steps = this.#taken(lineage);
    this.dataset['step'] = String(steps);
    setText(this.#shell.q('[data-mem-progress]'), progressText(this.#shell.locale, steps, lineage.target, steps > 0 ? this.#finals(lineage) : {}));
    this.#plot();
  }

  #plot(): void {
    if (!this.#chart) return;
    const lineage = this.#lineage;
    if (!lineage) {
      const b = this.#baked;
      this.#chart.set(b.xs, [b.rnn, b.lstm, b.xs.map(() => ADDING_BASELINE)]);
      return;
    }
    const n = Math.max(...lineage.cells.map((c) => lineage.losses[c]!.length));
    const xs = Array.from({ length: n }, (_, i) => i + 1);
    const line = (c: MemoryCell) => (lineage.losses[c] ? trailingMeans(lineage.losses[c]) : []);
    this.#chart.set(xs, [line('rnn'), line('lstm'), xs.map(() => ADDING_BASELINE)]);
  }

  async #drawChart(again = false): Promise<void> {
    const loaded = await this.#shell.charts();
    if (!loaded || (this.#chart && !again)) return;
    this.#chart?.destroy();
    const { charts, theme } = loaded;
    this.#chart = charts.linesChart(this.#shell.q('[data-chart="memory"]'), {
      series: [
        { label: 'rnn', color: theme.accent },
        { label: 'lstm', color: theme.accent2 },
        { label: 'baseline', color: theme.muted, dash: [4, 4] },
      ],
      xLabel: this.#shell.t('memAxisX'),
      yLabel: this.#shell.t('memAxisY'),
      log: true,
    });
    this.#shell.swatches({ rnn: theme.accent, lstm: theme.accent2, baseline: theme.muted });
    this.#plot();
  }
}

if (!customElements.get('lab-memory')) customElements.define('lab-memory', LabMemory);

declare global {
  interface HTMLElementTagNameMap {
    'lab-memory': LabMemory;
  }
}
