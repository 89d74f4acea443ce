/**
 * <lab-playground>: the form ⇄ settings ⇄ URL loop, live runs, an A/B comparison and exports.
 * The settings' shapes, ranges and URL syntax all come from src/lab/settings/params.ts; this file only wires.
 *
 *   URL ──parseSearch──▶ settings ──▶ form        form change ──▶ settings ──toSearch──▶ URL
 *   Run ──toConfig──▶ worker ──events──▶ console, loss chart, diagnostics
 */
import type { LinesChart } from '@/charts/charts';
import { loadStrings } from '@/i18n/ui';
import { epochHeader, predictionsLine, printoutLine, progressLine } from '@/lab/reading/format';
import { defaults, fromConfig, PARAMS, parseSearch, parseValue, presetValues, toConfig, toSearch, type Param, type PresetName, type Problem, type Values } from '@/lab/settings/params';
import { parseTrace, stringifyTrace, TraceBuilder, type RunTrace, type TrainEvent } from '@/lab/engine/trace';
import { fixed } from '@/figures/shared/kit';
import { Shell, type ChartKit } from '@/figures/shared/shell';
import type { ChartTheme } from '@/charts/theme';
import { labClient } from '@/worker/client';
import { DiagnosticsView } from '@/figures/diagnostics/diagnostics';
import type { IslandState } from '@/figures/shared/kit';
import { claimLab, errorText } from '@/figures/shared/claim';
import { tripSentence } from '@/figures/shared/layers';
import { problemNodes } from '@/figures/knobs/problem-text';
import { describeSettings } from '@/figures/knobs/knob-text';

const numberLabel = (v: number | undefined) => (v === undefined ? '–' : fixed(v, 5));

export class LabPlayground extends HTMLElement {
  readonly #shell = new Shell(this);
  #values: Values = defaults();
  #trace!: RunTrace;
  #pinned: RunTrace | null = null;
  #lastRun: RunTrace | null = null;
  #live: TraceBuilder | null = null;
  #loss: LinesChart | null = null;
  #diagnostics!: DiagnosticsView;
  #frame = 0;
  #lines: string[] = [];

  get lastRun(): RunTrace | null {
    return this.#lastRun;
  }

  /** The settings now in force (after the URL and the form). */
  get values(): Values {
    return { ...this.#values };
  }

  connectedCallback(): void {
    this.#trace = parseTrace(this.#shell.q('script[data-baked]').textContent ?? '');
    this.#diagnostics = new DiagnosticsView(this.#shell.q('[data-diagnostics]'), this.#shell.locale, this.#trace.config.layers.length);
    const { values, problems } = parseSearch(location.search);
    this.#values = values;
    this.#showProblems(problems);
    this.#fillForm();
    const form = this.#shell.q<HTMLFormElement>('[data-form]');
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.run();
    });
    form.addEventListener('change', this.#onChange);
    this.#shell.onAction({
      stop: () => labClient().cancel(),
      share: () =>
        void navigator.clipboard?.writeText(location.href).then(
          () => (this.#shell.q('[data-status]').textContent = this.#shell.t('shared')),
          () => undefined,
        ),
      compare: () => {
        this.#pinned = this.#lastRun;
        this.#paintComparison();
      },
      csv: () => this.#lastRun && this.#download('gradient-lab-run.csv', 'text/csv', toCsv(this.#lastRun)),
      json: () => this.#lastRun && this.#download('gradient-lab-run.json', 'application/json', stringifyTrace(this.#lastRun)),
    });
    void this.#shell.withCharts((charts, theme) => this.#drawCharts(charts, theme));
  }

  disconnectedCallback(): void {
    if (this.dataset['state'] === 'training') labClient().cancel();
    cancelAnimationFrame(this.#frame);
    this.#loss?.destroy();
    this.#diagnostics.destroy();
  }

  #showProblems(problems: Problem[]): void {
    const box = this.#shell.q<HTMLElement>('[data-problems]');
    box.hidden = problems.length === 0;
    // Text nodes only: nothing from the URL ever becomes markup.
    this.#shell.q('[data-problem-list]').replaceChildren(
      ...problems.map((p) => {
        const li = document.createElement('li');
        li.replaceChildren(...problemNodes(this.#shell.locale, p));
        return li;
      }),
    );
  }

  #fillForm(): void {
    const form = this.#shell.q<HTMLFormElement>('[data-form]');
    for (const param of PARAMS as readonly Param[]) {
      const control = form.elements.namedItem(param.key) as HTMLInputElement | HTMLSelectElement | null;
      if (!control) continue;
      const v = this.#values[param.key as keyof Values];
      if (control instanceof HTMLInputElement && control.type === 'checkbox') control.checked = v === true;
      else control.value = String(v);
    }
  }

  /** A control changed: read it through the table's parser; a bad value is reported and put back. */
  #onChange = (e: Event): void => {
    const control = e.target as HTMLInputElement | HTMLSelectElement;
    if (control.name === 'preset') {
      if (control.value) this.#values = presetValues(control.value as PresetName);
      this.#fillForm();
      this.#syncUrl([]);
      return;
    }
    const param = (PARAMS as readonly Param[]).find((p) => p.key === control.name);
    if (!param) return;
    const raw = control instanceof HTMLInputElement && control.type === 'checkbox' ? (control.checked ? '1' : '0') : control.value;
    const parsed = parseValue(param, raw);
    this.#shell.q<HTMLSelectElement>('[data-preset]').value = '';
    if (!parsed.ok) {
      this.#fillForm();
      this.#syncUrl([parsed.problem]);
      return;
    }
    const next = { ...this.#values, [param.key]: parsed.value } as Values;
    if (!(next.lo < next.hi)) {
      this.#fillForm();
      this.#syncUrl([{ kind: 'order', key: 'hi' }]);
      return;
    }
    this.#values = next;
    this.#syncUrl([]);
  };

  #syncUrl(problems: Problem[]): void {
    this.#showProblems(problems);
    history.replaceState(null, '', `${location.pathname}${toSearch(this.#values)}`);
  }

  #download(name: string, type: string, text: string): void {
    const url = URL.createObjectURL(new Blob([text], { type }));
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  #setState(state: IslandState, message?: string): void {
    this.#shell.setState(state, message);
    // Compare and the exports need a finished run, and wait while one is going.
    for (const a of ['compare', 'csv', 'json']) this.#shell.q<HTMLButtonElement>(`[data-action="${a}"]`).disabled = this.#shell.busy || !this.#lastRun;
  }

  /** Trains the current settings (the same path as the Run button). */
  async run(): Promise<RunTrace | null> {
    const config = toConfig(this.#values);
    this.#lines = [];
    this.#live = new TraceBuilder(config);
    this.#diagnostics.follow();
    this.#shell.q<HTMLElement>('[data-trip]').hidden = true;
    this.#setState('loading');
    let lab;
    try {
      lab = await claimLab(this, this.#shell.locale);
    } catch (e) {
      this.#setState('error', errorText(this.#shell.t('state_error'), e));
      return null;
    }
    this.#setState('training');
    const trace = await lab.run(config, this.#onEvent);
    this.#lastRun = trace;
    this.#trace = trace;
    this.#render(trace);
    this.#setState(trace.status, trace.status === 'error' ? `${this.#shell.t('state_error')}: ${trace.error ?? ''}` : undefined);
    return trace;
  }

  #onEvent = (event: TrainEvent): void => {
    const config = toConfig(this.#values);
    const steps = Math.ceil(config.data.points / config.batchSize);
    this.#live?.apply(event);
    if (event.type === 'epochBegin') this.#lines.push(epochHeader(event.epoch, config.epochs), printoutLine(Array.from(event.printed)));
    if (event.type === 'epochEnd') this.#lines.push(progressLine(steps, event.msPerStep, event.loss));
    if (event.type === 'trip') {
      const trip = this.#shell.q<HTMLElement>('[data-trip]');
      trip.textContent = tripSentence(this.#shell.locale, event.trip);
      trip.hidden = false;
    }
    if (event.type === 'done' && event.predictions) this.#lines.push(predictionsLine(config.predictInputs, Array.from(event.predictions)));
    if (!this.#frame) {
      this.#frame = requestAnimationFrame(() => {
        this.#frame = 0;
        const pre = this.#shell.q<HTMLPreElement>('[data-console]');
        pre.textContent = this.#lines.join('\n');
        pre.scrollTop = pre.scrollHeight;
        if (this.#live) this.#paintTrace(this.#live.trace());
      });
    }
  };

  #render(trace: RunTrace): void {
    cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    this.#shell.q('[data-console]').textContent = this.#lines.join('\n');
    this.#paintTrace(trace);
    this.querySelectorAll<HTMLElement>('[data-prediction]').forEach((cell) => {
      cell.textContent = numberLabel(trace.predictions?.[Number(cell.dataset['prediction'])]);
    });
  }

  #paintTrace(trace: RunTrace): void {
    // Diagnostics are laid out for one layer count; a different depth gets a fresh view of the same markup.
    this.#diagnostics.show(trace);
    this.#paintComparison();
  }

  #paintComparison(): void {
    const current = this.#live?.trace() ?? this.#trace;
    const a = this.#pinned;
    const epochs = Math.max(current.epochs.length, a?.epochs.length ?? 0);
    const xs = Array.from({ length: epochs }, (_, i) => i + 1);
    this.#loss?.set(xs, [current.epochs.map((e) => e.loss), a ? a.epochs.map((e) => e.loss) : []]);
    const legendA = this.#shell.q<HTMLElement>('[data-loss-legend] [data-series="a"]');
    legendA.hidden = !a;
    this.#shell.q<HTMLElement>('[data-a-head]').hidden = !a;
    if (a) {
      const v = fromConfig(a.config);
      legendA.textContent = this.#shell.t('compareOn', { what: describeSettings(this.#shell.locale, { seed: v.seed, depth: v.depth, width: v.width, act: v.act, lr: v.lr }, {}) });
    }
    this.querySelectorAll<HTMLElement>('[data-prediction-a]').forEach((cell) => {
      cell.hidden = !a;
      cell.textContent = numberLabel(a?.predictions?.[Number(cell.dataset['predictionA'])]);
    });
  }

  #drawCharts(charts: ChartKit, theme: ChartTheme): void {
    this.#loss = charts.linesChart(this.#shell.q('[data-chart="loss"]'), {
      series: [
        { label: this.#shell.t('runB'), color: theme.accent },
        { label: this.#shell.t('runA'), color: theme.muted, dash: [6, 4] },
      ],
      xLabel: this.#shell.t('epoch'),
      yLabel: this.#shell.t('loss'),
      log: true,
    });
    this.#shell.swatches({ b: theme.accent, a: theme.muted }, '[data-loss-legend]');
    this.#diagnostics.attach(charts);
    this.#paintTrace(this.#trace);
  }
}

/** One row per epoch: loss, then each layer's gradient norm, weight norm and mean activation slope. */
export function toCsv(trace: RunTrace): string {
  const L = trace.config.layers.length;
  const layerCols = (name: string) => Array.from({ length: L }, (_, l) => `${name}_${l}`);
  const header = ['epoch', 'loss', ...layerCols('grad_norm'), ...layerCols('weight_norm'), ...layerCols('mean_slope'), 'ms_per_step'];
  const rows = trace.epochs.map((e) => [e.epoch, e.loss, ...e.gradNorms, ...e.weightNorms, ...e.slopes, e.msPerStep].map(String).join(','));
  return [header.join(','), ...rows].join('\n') + '\n';
}

// Defined once the page's strings are here: the form's messages are in them.
void loadStrings().then(() => {
  if (!customElements.get('lab-playground')) customElements.define('lab-playground', LabPlayground);
});

declare global {
  interface HTMLElementTagNameMap {
    'lab-playground': LabPlayground;
  }
}
