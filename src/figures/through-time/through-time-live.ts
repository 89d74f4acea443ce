/**
 * <lab-through-time>: the live half of ThroughTime.astro. Every `input` of a knob asks for the frame
 * at those settings through the shared latest-wins scheduler (retrain.ts), which paints at most once
 * an animation frame. The frame itself is plain arithmetic on the page's main thread
 * (src/lab/recurrent/gradient-through-time.ts: both cells' backpropagation through time, a few
 * milliseconds): no worker, so nothing waits behind another figure's training and nothing is
 * copied across. The seed's cells are drawn once and kept while the knobs move.
 *
 * Views: "at initialisation" (live) and "after training" (the build's run for the default seed,
 * shown over the initial curves as ghosts; the knobs rest, since they set initial weights).
 *
 * Contract for tests: `data-figure="through-time"`, `data-state`, `data-steps` and `data-paints`
 * (the painted frame's length, and a count of paints), and `run({ cell, steps, seed })` resolving
 * with `{ norms }` (‖∂L/∂h_t‖ for t = 0…steps−1 of that cell) once the frame is painted.
 */
import type { LinesChart } from '@/charts/charts';
import {
  checkSettings,
  FIGURE_CELLS,
  seedCells,
  THROUGH_TIME_DEFAULTS,
  throughTimeFrame,
  type FigureCell,
  type SeedCells,
  type ThroughTimeFrame,
  type ThroughTimeSettings,
} from '@/lab/recurrent/gradient-through-time';
import { parseSeed, setHidden, setText, textRow } from '@/figures/shared/kit';
import { Shell } from '@/figures/shared/shell';
import { LatestWins } from '@/figures/shared/retrain';
import { onSchemeChange } from '@/figures/shared/why-kit';
import { curveRows, initSentence, knobText, settingsText, trainedSentence } from './through-time-text';

interface Baked {
  settings: ThroughTimeSettings;
  init: { rnn: number[]; lstm: number[]; bound: number[]; sigma: number };
  trained: { rnn: number[]; lstm: number[]; bound: number[]; sigma: number; steps: number };
}

type View = 'init' | 'trained';

/** The chart's lowest value (charts.ts says why there is one); the table and the sentence give the numbers below it. */
const Y_FLOOR = 1e-15;
type Knob = Exclude<keyof ThroughTimeSettings, 'seed'>;
const KNOBS: readonly Knob[] = ['steps', 'scale', 'forgetBias'];

export interface ThroughTimeRun {
  cell: FigureCell;
  settings: ThroughTimeSettings;
  /** ‖∂L/∂h_t‖, t = 0…steps−1. */
  norms: number[];
}

export class LabThroughTime extends HTMLElement {
  readonly #shell = new Shell(this);
  #baked!: Baked;
  #settings: ThroughTimeSettings = { ...THROUGH_TIME_DEFAULTS };
  #cells: SeedCells | null = null;
  #view: View = 'init';
  #shown: ThroughTimeFrame | null = null;
  #chart: LinesChart | null = null;
  #scheduler!: LatestWins<ThroughTimeSettings, ThroughTimeFrame | null, never>;
  #paints = 0;
  #tableDirty = false;
  #unscheme: (() => void) | null = null;

  connectedCallback(): void {
    this.#baked = JSON.parse(this.#shell.q('script[data-baked]').textContent ?? '{}') as Baked;
    this.#settings = { ...this.#baked.settings };
    this.#scheduler = new LatestWins<ThroughTimeSettings, ThroughTimeFrame | null, never>(
      {
        start: (s) => Promise.resolve(this.#frame(s)),
        paint: (frame) => {
          if (frame) this.#paint(frame);
        },
        progress: () => {},
      },
      { cancelled: () => null, failed: () => null, follow: () => ({ apply: () => {}, result: () => null }) },
    );
    for (const name of KNOBS) {
      const input = this.#knob(name);
      input.disabled = false;
      input.addEventListener('input', () => void this.#request({ ...this.#settings, [name]: Number(input.value) }));
    }
    const view = this.#shell.q<HTMLFieldSetElement>('[data-tt-view]');
    view.disabled = false;
    view.addEventListener('change', (e) => {
      const value = (e.target as HTMLInputElement).value;
      if (value === 'init' || value === 'trained') this.#switch(value);
    });
    const seed = this.#shell.q<HTMLInputElement>('[data-seed]');
    seed.disabled = false;
    const takeSeed = () => {
      const parsed = parseSeed(seed.value);
      if (parsed === null) {
        seed.value = String(this.#settings.seed);
        this.#shell.setState('done', this.#shell.t('ttBadInput', { fields: this.#shell.t('seed'), values: settingsText(this.#shell.locale, this.#settings) }));
        return;
      }
      if (parsed !== this.#settings.seed) void this.#request({ ...this.#settings, seed: parsed });
    };
    seed.addEventListener('change', takeSeed);
    seed.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') takeSeed();
    });
    const reset = this.#shell.q<HTMLButtonElement>('[data-action="reset"]');
    reset.disabled = false;
    reset.addEventListener('click', () => {
      this.#switch('init');
      void this.#request({ ...this.#baked.settings });
    });
    this.#shell.q('[data-tt-rows]').closest('details')!.addEventListener('toggle', () => this.#fillTable());
    this.#unscheme = onSchemeChange(() => void this.#drawChart(true));
    void this.#drawChart();
    void this.#request(this.#settings); // the baked frame, recomputed here: what every drag starts from
  }

  disconnectedCallback(): void {
    this.#unscheme?.();
    this.#scheduler.drop();
    this.#chart?.destroy();
    this.#chart = null;
  }

  /**
   * Shows `cell`'s gradient through time at `steps` and `seed` (the other knobs as they are) and
   * resolves with it once painted. Anything out of range is replaced by the default, and the status
   * line says so.
   */
  async run(options: { cell?: unknown; steps?: unknown; seed?: unknown; scale?: unknown; forgetBias?: unknown } = {}): Promise<ThroughTimeRun> {
    const { cell: rawCell, ...raw } = options;
    const { settings, rejected } = checkSettings({ ...this.#settings, ...raw });
    const cellOk = rawCell === undefined || (FIGURE_CELLS as readonly unknown[]).includes(rawCell);
    const cell: FigureCell = cellOk && rawCell !== undefined ? (rawCell as FigureCell) : 'rnn';
    this.#switch('init');
    const frame = (await this.#request(settings)) ?? this.#shown!;
    const bad = [...(cellOk ? [] : ['cell']), ...rejected];
    if (bad.length) this.#shell.setState('done', this.#shell.t('ttBadInput', { fields: bad.join(', '), values: `${cell}, ${settingsText(this.#shell.locale, frame.settings)}` }));
    return { cell, settings: frame.settings, norms: Array.from(frame[cell]) };
  }

  #knob(name: Knob): HTMLInputElement {
    return this.#shell.q<HTMLInputElement>(`[data-tt-knob="${name}"]`);
  }

  #request(s: ThroughTimeSettings): Promise<ThroughTimeFrame | null> {
    this.#settings = s;
    return this.#scheduler.request(s);
  }

  /** The frame at `s`, drawing the seed's cells only when the seed changed. */
  #frame(s: ThroughTimeSettings): ThroughTimeFrame {
    if (this.#cells?.seed !== s.seed) this.#cells = seedCells(s.seed);
    return throughTimeFrame(s, this.#cells, this.#shown);
  }

  #switch(view: View): void {
    if (view === this.#view) return;
    this.#view = view;
    this.dataset['view'] = view;
    for (const radio of this.querySelectorAll<HTMLInputElement>('[data-tt-view] input')) radio.checked = radio.value === view;
    for (const name of KNOBS) this.#knob(name).disabled = view === 'trained';
    this.#shell.q<HTMLInputElement>('[data-seed]').disabled = view === 'trained';
    setHidden(this.#shell.q('[data-tt-note]'), view === 'init');
    if (view === 'trained') this.#showTrained();
    else if (this.#shown) this.#paint(this.#shown);
    else this.#plot();
  }

  #paint(frame: ThroughTimeFrame): void {
    this.#shown = frame;
    const s = frame.settings;
    for (const name of KNOBS) {
      const input = this.#knob(name);
      if (Number(input.value) !== s[name]) input.value = String(s[name]);
      input.setAttribute('aria-valuetext', knobText(name, s[name]));
      setText(this.#shell.q(`[data-tt-value="${name}"]`), knobText(name, s[name]));
    }
    const seed = this.#shell.q<HTMLInputElement>('[data-seed]');
    if (document.activeElement !== seed) seed.value = String(s.seed);
    this.#paints += 1;
    this.dataset['paints'] = String(this.#paints);
    if (this.#view !== 'init') return;
    this.dataset['steps'] = String(s.steps);
    this.#shell.setState('done', this.#shell.t('ttLive', { seed: s.seed }));
    setText(this.#shell.q('[data-tt-sentence]'), initSentence(this.#shell.locale, frame));
    this.#tableDirty = true;
    this.#fillTable();
    this.#plot();
  }

  #showTrained(): void {
    const tr = this.#baked.trained;
    this.dataset['steps'] = String(tr.rnn.length);
    this.#shell.setState('done', this.#shell.t('ttViewTrained'));
    setText(this.#shell.q('[data-tt-sentence]'), trainedSentence(this.#shell.locale, tr, this.#baked.settings.seed));
    this.#tableDirty = true;
    this.#fillTable();
    this.#plot();
  }

  /** The table's rows follow what is shown, but only while it is open (a drag would rebuild 200 rows a frame for nobody). */
  #fillTable(): void {
    const details = this.#shell.q('[data-tt-rows]').closest('details')!;
    if (!this.#tableDirty || !details.open) return;
    this.#tableDirty = false;
    const curves = this.#view === 'trained' ? this.#baked.trained : this.#shown ?? this.#baked.init;
    this.#shell.q('[data-tt-rows]').replaceChildren(...curveRows(curves).map(textRow));
  }

  #plot(): void {
    if (!this.#chart) return;
    const ghost = this.#shell.q<HTMLElement>('[data-series="ghost"]');
    if (this.#view === 'trained') {
      const tr = this.#baked.trained;
      const xs = tr.rnn.map((_, t) => t);
      this.#chart.set(xs, [tr.rnn, tr.lstm, tr.bound]);
      const init = this.#baked.init;
      this.#chart.ghost(xs, [init.rnn, init.lstm, []]);
      setHidden(ghost, false);
      return;
    }
    const f = this.#shown;
    if (!f) {
      const b = this.#baked.init;
      this.#chart.set(b.rnn.map((_, t) => t), [b.rnn, b.lstm, b.bound]);
    } else this.#chart.set(Array.from(f.rnn, (_, t) => t), [Array.from(f.rnn), Array.from(f.lstm), Array.from(f.bound)]);
    this.#chart.ghost(null);
    setHidden(ghost, true);
  }

  async #drawChart(again = false): Promise<void> {
    const loaded = await this.#shell.charts();
    if (!loaded || (this.#chart && !again)) return;
    this.#chart?.destroy();
    const { charts, theme } = loaded;
    this.#chart = charts.linesChart(this.#shell.q('[data-chart="through-time"]'), {
      series: [
        { label: 'rnn', color: theme.accent },
        { label: 'lstm', color: theme.accent2 },
        { label: 'bound', color: theme.muted, dash: [4, 4] },
      ],
      xLabel: this.#shell.t('ttAxisX'),
      yLabel: this.#shell.t('ttAxisY'),
      log: true,
      yFloor: Y_FLOOR,
      xStep: 1,
    });
    this.#shell.swatches({ rnn: theme.accent, lstm: theme.accent2, bound: theme.muted, ghost: charts.fade(theme.muted, 0.45) });
    this.#plot();
  }
}

if (!customElements.get('lab-through-time')) customElements.define('lab-through-time', LabThroughTime);

declare global {
  interface HTMLElementTagNameMap {
    'lab-through-time': LabThroughTime;
  }
}
