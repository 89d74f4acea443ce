/**
 * <lab-overshoot>: the live half of Overshoot.astro. The slider's every `input` asks for the descent
 * at that lr·λ through the shared latest-wins scheduler (retrain.ts), which paints at most once a
 * frame; the steps themselves are arithmetic (src/lab/studies/overshoot.ts), no worker.
 *
 * Contract for tests: `data-figure="overshoot"`, `data-regime` (smooth | exact | zigzag | edge |
 * diverge) of the descent painted last, and `set(lrLambda)` resolving with it once painted.
 */
import type { LinesChart } from '@/charts/charts';
import { descend, type Descent } from '@/lab/studies/overshoot';
import { textRow } from '@/figures/shared/kit';
import { Shell, type ChartKit } from '@/figures/shared/shell';
import type { ChartTheme } from '@/charts/theme';
import { descentRows, OVERSHOOT_STEPS, OVERSHOOT_Y, overshootSentence, valueText } from './overshoot-text';
import { LatestWins } from '@/figures/shared/retrain';

interface Job {
  x: number;
}

/**
 * A series as the chart shows it: up to and including its first point off the chart (so the line
 * visibly leaves), then gaps. Otherwise the lines between points far off the chart would cross it
 * again and again, as if w were still swinging inside it.
 */
function onChart(ys: number[]): number[] {
  const out = ys.findIndex((y) => Math.abs(y) > OVERSHOOT_Y[1]);
  return out < 0 ? ys : ys.map((y, k) => (k <= out ? y : NaN));
}

export class LabOvershoot extends HTMLElement {
  readonly #shell = new Shell(this);
  #ladder: number[] = [];
  #default = 2.2;
  #chart: LinesChart | null = null;
  #shown!: Descent;
  #x = 2.2;
  #scheduler!: LatestWins<Job, Descent, never>;

  connectedCallback(): void {
    const slider = this.#shell.q<HTMLInputElement>('[data-ov-slider]');
    this.#ladder = JSON.parse(slider.dataset['steps'] ?? '[]') as number[];
    this.#default = Number(this.dataset['default']);
    this.#x = this.#ladder[Number(slider.value)] ?? this.#default;
    this.#shown = descend(this.#x, { steps: OVERSHOOT_STEPS });
    this.#scheduler = new LatestWins<Job, Descent, never>(
      {
        start: (job) => Promise.resolve(descend(job.x, { steps: OVERSHOOT_STEPS })),
        paint: (descent, job) => this.#paint(descent, job.x),
        progress: () => {},
      },
      {
        cancelled: (job) => descend(job.x, { steps: 0 }),
        failed: (job) => descend(job.x, { steps: 0 }),
        follow: (job) => ({ apply: () => {}, result: () => descend(job.x, { steps: 0 }) }),
      },
    );
    for (const el of this.querySelectorAll<HTMLInputElement | HTMLButtonElement>('[data-ov-slider], [data-ov-jump]')) el.disabled = false;
    slider.addEventListener('input', () => void this.set(this.#ladder[Number(slider.value)] ?? this.#default));
    this.addEventListener('click', (e) => {
      const jump = (e.target as Element).closest<HTMLButtonElement>('[data-ov-jump]');
      if (jump) void this.set(Number(jump.dataset['ovJump']));
    });
    void this.#shell.withCharts((charts, theme) => this.#drawChart(charts, theme));
  }

  disconnectedCallback(): void {
    this.#scheduler.drop();
    this.#chart?.destroy();
    this.#chart = null;
  }

  /** Moves the figure to lr·λ = x (the nearest slider position) and resolves with the descent once painted. */
  set(x: number): Promise<Descent> {
    const slider = this.#shell.q<HTMLInputElement>('[data-ov-slider]');
    let best = 0;
    this.#ladder.forEach((v, i) => {
      if (Math.abs(v - x) < Math.abs(this.#ladder[best]! - x)) best = i;
    });
    slider.value = String(best);
    return this.#scheduler.request({ x: this.#ladder[best]! });
  }

  #paint(descent: Descent, x: number): void {
    this.#shown = descent;
    this.#x = x;
    this.dataset['regime'] = descent.regime;
    this.dataset['value'] = String(x);
    const slider = this.#shell.q<HTMLInputElement>('[data-ov-slider]');
    slider.setAttribute('aria-valuetext', valueText(this.#shell.locale, x, descent));
    this.#shell.q('[data-ov-value]').textContent = String(x);
    this.#shell.q('[data-ov-sentence]').textContent = overshootSentence(this.#shell.locale, descent);
    this.#shell.q('[data-ov-rows]').replaceChildren(...descentRows(descent).map(textRow));
    this.#shell.q<HTMLElement>('[data-series="ghost"]').hidden = x === this.#default;
    this.#plot();
  }

  #series(descent: Descent): number[][] {
    const w = Array.from(descent.w);
    const env = w.map((_, k) => Math.abs(descent.factor) ** k);
    return [w, env, env.map((v) => -v)].map(onChart);
  }

  #plot(): void {
    if (!this.#chart) return;
    const xs = Array.from({ length: OVERSHOOT_STEPS + 1 }, (_, k) => k);
    this.#chart.set(xs, this.#series(this.#shown));
    const ghost = descend(this.#default, { steps: OVERSHOOT_STEPS });
    this.#chart.ghost(this.#x === this.#default ? null : xs, [onChart(Array.from(ghost.w)), [], []]);
  }

  #drawChart(charts: ChartKit, theme: ChartTheme): void {
    this.#chart = charts.linesChart(this.#shell.q('[data-chart="overshoot"]'), {
      series: [
        { label: 'w', color: theme.accent },
        { label: '+', color: theme.accent2, dash: [6, 4] },
        { label: '−', color: theme.accent2, dash: [6, 4] },
      ],
      xLabel: this.#shell.t('ovStep'),
      yLabel: 'w',
      log: false,
      xRange: [0, OVERSHOOT_STEPS],
      yRange: OVERSHOOT_Y,
    });
    this.#shell.swatches({ w: theme.accent, envelope: theme.accent2, ghost: charts.fade(theme.muted, 0.45) });
    this.#plot();
  }
}

if (!customElements.get('lab-overshoot')) customElements.define('lab-overshoot', LabOvershoot);

declare global {
  interface HTMLElementTagNameMap {
    'lab-overshoot': LabOvershoot;
  }
}
