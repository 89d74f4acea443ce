/**
 * <lab-vanishing-map>: the live half of VanishingMap.astro. Draws the ratios on a log axis (uPlot),
 * redraws at once when the reader switches initialisation (from the numbers it has for it: baked,
 * or measured here), and measures the map again in the lab worker on Run, one activation's row at a
 * time, through the shared latest-wins scheduler. Wiring only: the science is src/lab/studies/vanishing.ts.
 *
 * Contract for tests: `data-figure="vanishing-map"`, `data-state`, `data-init`, and
 * `run({ init? })` resolving with `{ cells: [{ depth, activation, init, ratio }], status, totalMs }`.
 */
import { sigmoidBound } from '@/lab/engine/activation-fns';
import type { LinesChart } from '@/charts/charts';
import { ACTIVATION_STYLE, currentScheme } from '@/charts/palette';
import { INITIALIZERS, type Initializer } from '@/lab/engine/config';
import { vanishingFindings, vanishingQuotes } from '@/lab/studies/findings';
import type { MapStatus } from '@/worker/protocol';
import { labClient, resetLabClient } from '@/worker/client';
import { textRow } from '@/figures/shared/kit';
import { Shell } from '@/figures/shared/shell';
import { LatestWins } from '@/figures/shared/retrain';
import { unpackRatios, vanishingRows, vanishingSummary, type VanPoint } from './vanishing-map-text';
import { VANISHING_ACTIVATIONS, VANISHING_DEPTHS } from '@/lab/studies/vanishing-grid';
import { onSchemeChange, updateFigNums } from '@/figures/shared/why-kit';

interface Job {
  init: Initializer;
}

interface VanState {
  init: Initializer;
  cells: VanPoint[];
  status: MapStatus | 'running';
  totalMs: number;
  error?: string;
}

export interface VanishingRun {
  cells: VanPoint[];
  status: MapStatus;
  init: Initializer;
  totalMs: number;
}

export class LabVanishingMap extends HTMLElement {
  readonly #shell = new Shell(this);
  #seeds: number[] = [];
  /** The newest numbers for each initializer: baked, then whatever was measured here. */
  #known = new Map<Initializer, VanPoint[]>();
  #init: Initializer = 'glorotUniform';
  #chart: LinesChart | null = null;
  #charts: typeof import('@/charts/charts') | null = null;
  #unscheme: (() => void) | null = null;
  #scheduler!: LatestWins<Job, VanState, VanState>;
  #lastRun: VanishingRun | null = null;

  get lastRun(): VanishingRun | null {
    return this.#lastRun;
  }

  connectedCallback(): void {
    const baked = JSON.parse(this.#shell.q('script[data-baked]').textContent ?? '{}') as { seeds: number[]; ratios: Record<Initializer, number[][]> };
    this.#seeds = baked.seeds;
    for (const init of INITIALIZERS) this.#known.set(init, unpackRatios(init, baked.ratios[init] ?? []));
    const empty = (job: Job, status: VanState['status']): VanState => ({ init: job.init, cells: [], status, totalMs: 0 });
    this.#scheduler = new LatestWins<Job, VanState, VanState>(
      {
        start: (job, onEvent) => this.#start(job, onEvent),
        paint: (state) => this.#paint(state),
        progress: (state) => this.#show(state.init, state.cells),
      },
      {
        cancelled: (job) => empty(job, 'cancelled'),
        failed: (job, message) => ({ ...empty(job, 'error'), error: message }),
        follow: (job) => {
          let last = empty(job, 'running');
          return { apply: (s) => (last = s), result: () => last };
        },
      },
      0, // every activation's row is drawn as it comes
    );
    const choice = this.#shell.q<HTMLFieldSetElement>('[data-init-choice]');
    choice.disabled = false;
    choice.addEventListener('change', (e) => {
      const value = (e.target as HTMLInputElement).value as Initializer;
      if ((INITIALIZERS as readonly string[]).includes(value)) this.#switch(value);
    });
    const run = this.#shell.q<HTMLButtonElement>('[data-action="run"]');
    run.disabled = false;
    run.addEventListener('click', () => void this.run());
    this.#unscheme = onSchemeChange(() => void this.#drawChart(true));
    void this.#drawChart();
    // The worker starts on intent (a pointer or focus in the figure), not while the reader scrolls past.
    this.addEventListener('pointerenter', () => void labClient(), { once: true });
    this.addEventListener('focusin', () => void labClient(), { once: true });
  }

  disconnectedCallback(): void {
    this.#unscheme?.();
    if (this.#scheduler.busy) labClient().cancel();
    this.#scheduler.drop();
    this.#chart?.destroy();
    this.#chart = null;
  }

  /** Measures the map for `init` (default: the one shown) in the worker; resolves once it is painted. */
  async run(options: { init?: Initializer } = {}): Promise<VanishingRun> {
    if (options.init && options.init !== this.#init) this.#switch(options.init);
    const state = await this.#scheduler.request({ init: this.#init });
    return { cells: state.cells, status: state.status === 'running' ? 'cancelled' : state.status, init: state.init, totalMs: state.totalMs };
  }

  #switch(init: Initializer): void {
    this.#init = init;
    this.dataset['init'] = init;
    for (const radio of this.querySelectorAll<HTMLInputElement>('[data-init-choice] input')) radio.checked = radio.value === init;
    this.#show(init, this.#known.get(init) ?? []);
  }

  async #start(job: Job, onEvent: (state: VanState) => void): Promise<VanState> {
    this.#shell.setState('loading');
    let lab;
    try {
      lab = await labClient().claim();
    } catch (e) {
      resetLabClient();
      return { init: job.init, cells: [], status: 'error', totalMs: 0, error: e instanceof Error ? e.message : String(e) };
    }
    this.#shell.setState('training');
    const cells: VanPoint[] = [];
    const end = await lab.vanishingMap(job.init, this.#seeds, (row) => {
      cells.push(...row.map(({ depth, activation, init, ratio }) => ({ depth, activation, init, ratio })));
      onEvent({ init: job.init, cells: cells.slice(), status: 'running', totalMs: 0 });
    });
    return { init: job.init, cells, status: end.status, totalMs: end.totalMs, ...(end.error === undefined ? {} : { error: end.error }) };
  }

  #paint(state: VanState): void {
    if (state.status === 'error') {
      resetLabClient();
      this.#shell.setState('error', `${this.#shell.t('state_error')}: ${state.error ?? ''}. ${this.#shell.t('retryHint')}`);
      return;
    }
    if (state.status !== 'done') {
      if (!this.#scheduler.busy) this.#shell.setState('cancelled');
      return;
    }
    this.#known.set(state.init, state.cells);
    this.#lastRun = { cells: state.cells, status: 'done', init: state.init, totalMs: state.totalMs };
    this.#shell.q(`[data-rows="${state.init}"]`).replaceChildren(...vanishingRows(state.cells).map((r) => textRow(r)));
    updateFigNums('vanishing-map', vanishingQuotes(vanishingFindings(state.init, state.cells)));
    if (state.init === this.#init) this.#show(state.init, state.cells);
    this.#shell.setState('done', this.#shell.t('vanDone', { n: this.#seeds.length, seconds: (state.totalMs / 1000).toFixed(2) }));
  }

  /** Shows `init`'s numbers if it is the initializer on show (a row at a time while measuring). */
  #show(init: Initializer, cells: readonly VanPoint[]): void {
    if (init !== this.#init) return;
    if (cells.length === VANISHING_ACTIVATIONS.length * VANISHING_DEPTHS.length) this.#shell.q('[data-summary]').textContent = vanishingSummary(this.#shell.locale, init, cells);
    const ys = VANISHING_ACTIVATIONS.map((a) => VANISHING_DEPTHS.map((d) => cells.find((c) => c.activation === a && c.depth === d)?.ratio ?? NaN));
    this.#chart?.set([...VANISHING_DEPTHS], [...ys, VANISHING_DEPTHS.map(sigmoidBound)]);
  }

  async #drawChart(again = false): Promise<void> {
    this.#charts ??= await import('@/charts/charts');
    if (!this.isConnected || (this.#chart && !again)) return;
    this.#chart?.destroy();
    const styles = ACTIVATION_STYLE[currentScheme()];
    const theme = this.#charts.themeOf(this);
    this.#chart = this.#charts.linesChart(this.#shell.q('[data-chart="vanishing"]'), {
      series: [
        ...VANISHING_ACTIVATIONS.map((a) => {
          const s = styles[a as keyof typeof styles];
          return { label: a, color: s.colour, ...(s.dash.length ? { dash: s.dash } : {}) };
        }),
        { label: '0.25ⁿ', color: theme.muted, dash: [2, 4] },
      ],
      xLabel: this.#shell.t('vanDepth'),
      yLabel: this.#shell.t('vanRatio'),
      log: true,
      xRange: [1, 10],
      xStep: 1,
    });
    this.#show(this.#init, this.#known.get(this.#init) ?? []);
  }
}

if (!customElements.get('lab-vanishing-map')) customElements.define('lab-vanishing-map', LabVanishingMap);

declare global {
  interface HTMLElementTagNameMap {
    'lab-vanishing-map': LabVanishingMap;
  }
}
