/**
 * <lab-fix>: trains an experiment before and after one fix, on the same seed, one after the other
 * in the page's shared worker, and overlays the two. Wiring only.
 *
 *   idle ──Run both──▶ loading ──▶ training (before, then after) ──▶ done | cancelled | error
 */
import type { LinesChart } from '@/charts/charts';
import { isLocale, t, type Locale } from '@/i18n/ui';
import { FIX_IDS, FIXES, preset, withFix, type FixId } from '@/lab/config';
import { backendLabel, parseTrace, type RunTrace } from '@/lab/trace';
import { labClient } from '@/lab/worker/client';
import { fixOutcome } from './fix-text';
import { fixed, parseSeed, textRow, type IslandState, whenNear } from './kit';

export class LabFix extends HTMLElement {
  #fix!: FixId;
  #locale: Locale = 'zh-tw';
  #traces: { before: RunTrace; after: RunTrace } | null = null;
  #baked!: { before: RunTrace; after: RunTrace };
  #loss: LinesChart | null = null;
  #grads: LinesChart | null = null;
  #observer: IntersectionObserver | null = null;
  #running = false;

  /** The last pair this figure trained live (null until one finishes). */
  get lastRun(): { before: RunTrace; after: RunTrace } | null {
    return this.#traces;
  }

  #q<T extends Element>(selector: string): T {
    const el = this.querySelector<T>(selector);
    if (!el) throw new Error(`lab-fix: missing ${selector}`);
    return el;
  }

  connectedCallback(): void {
    const fix = this.dataset['fix'];
    if (!(FIX_IDS as string[]).includes(fix ?? '')) throw new Error(`lab-fix: unknown data-fix ${fix}`);
    this.#fix = fix as FixId;
    if (isLocale(this.dataset['locale'])) this.#locale = this.dataset['locale'];
    this.#baked = {
      before: parseTrace(this.#q('script[data-baked="before"]').textContent ?? ''),
      after: parseTrace(this.#q('script[data-baked="after"]').textContent ?? ''),
    };
    this.querySelectorAll<HTMLButtonElement | HTMLInputElement>('[data-action], [data-seed]').forEach((el) => (el.disabled = false));
    this.#q<HTMLButtonElement>('[data-action="stop"]').disabled = true;
    this.addEventListener('click', this.#onClick);
    this.#observer = whenNear(this, () => {
      void this.#drawCharts();
    });
  }

  disconnectedCallback(): void {
    this.removeEventListener('click', this.#onClick);
    this.#observer?.disconnect();
    if (this.#running) labClient().cancel();
    this.#loss?.destroy();
    this.#grads?.destroy();
  }

  #onClick = (e: Event): void => {
    const button = (e.target as Element).closest<HTMLButtonElement>('button[data-action]');
    if (!button) return;
    switch (button.dataset['action']) {
      case 'run':
        void this.run();
        break;
      case 'stop':
        labClient().cancel();
        break;
      case 'new-seed':
        this.#q<HTMLInputElement>('[data-seed]').value = String(Math.floor(Math.random() * 100_000));
        void this.run();
        break;
    }
  };

  #setState(state: IslandState, message?: string): void {
    this.dataset['state'] = state;
    const busy = state === 'loading' || state === 'training';
    this.#q<HTMLButtonElement>('[data-action="stop"]').disabled = !busy;
    this.#q('[data-status]').textContent = message ?? t(this.#locale, `state_${state}`);
  }

  /** Trains before and after on one seed (the field's, or `options.seed`) and shows both. */
  async run(options: { seed?: number } = {}): Promise<{ before: RunTrace; after: RunTrace } | null> {
    const input = this.#q<HTMLInputElement>('[data-seed]');
    const seed = options.seed ?? parseSeed(input.value);
    if (seed === null) {
      input.value = String(this.#baked.before.config.seed);
      this.#setState('error', t(this.#locale, 'seedInvalid', { seed: this.#baked.before.config.seed }));
      return null;
    }
    input.value = String(seed);
    const spec: { base: 'exp1' | 'exp2' | 'exp3' } = FIXES[this.#fix];
    this.#running = true;
    this.#setState('loading');
    void this.#drawCharts();
    let lab;
    try {
      lab = await labClient().claim();
      this.#q('[data-badge]').textContent = backendLabel(lab.backend);
    } catch (e) {
      this.#running = false;
      this.#setState('error', `${t(this.#locale, 'state_error')}: ${e instanceof Error ? e.message : String(e)}`);
      return null;
    }
    this.#setState('training');
    const before = await lab.run(preset(spec.base, { seed }));
    this.#show(before, null);
    if (before.status !== 'done') return this.#end(before.status, null);
    const after = await lab.run(withFix(this.#fix, seed));
    if (after.status !== 'done') return this.#end(after.status, null);
    this.#traces = { before, after };
    this.#show(before, after);
    return this.#end('done', this.#traces);
  }

  #end(state: 'done' | 'cancelled' | 'error', result: { before: RunTrace; after: RunTrace } | null) {
    this.#running = false;
    this.#setState(state);
    return result;
  }

  #show(before: RunTrace, after: RunTrace | null): void {
    const xs = before.epochs.map((e) => e.epoch);
    const lossOf = (tr: RunTrace | null) => (tr ? tr.epochs.map((e) => e.loss) : []);
    const gradOf = (tr: RunTrace | null, l: 'first' | 'last') => (tr ? tr.epochs.map((e) => (l === 'first' ? e.gradNorms[0]! : e.gradNorms.at(-1)!)) : []);
    this.#loss?.set(xs, [lossOf(before), lossOf(after)]);
    this.#grads?.set(xs, [gradOf(before, 'first'), gradOf(before, 'last'), gradOf(after, 'first'), gradOf(after, 'last')]);
    this.#q('[data-outcome="before"]').textContent = fixOutcome(this.#locale, 'before', before);
    this.#q('[data-outcome="after"]').textContent = after ? fixOutcome(this.#locale, 'after', after) : '…';
    this.#q('[data-rows]').replaceChildren(
      ...before.epochs.map((e, i) => {
        const a = after?.epochs[i];
        return textRow([String(e.epoch), fixed(e.loss), a ? fixed(a.loss) : '–', fixed(e.gradNorms[0] ?? NaN), a ? fixed(a.gradNorms[0] ?? NaN) : '–']);
      }),
    );
  }

  async #drawCharts(): Promise<void> {
    if (this.#loss) return;
    const charts = await import('@/charts/charts');
    if (!this.isConnected || this.#loss) return;
    const theme = charts.themeOf(this);
    const epoch = t(this.#locale, 'epoch');
    this.#loss = charts.linesChart(this.#q('[data-chart="loss"]'), {
      series: [
        { label: t(this.#locale, 'fixBefore'), color: theme.muted, dash: [6, 4] },
        { label: t(this.#locale, 'fixAfter'), color: theme.accent },
      ],
      xLabel: epoch,
      yLabel: t(this.#locale, 'loss'),
      log: true,
    });
    this.#grads = charts.linesChart(this.#q('[data-chart="grads"]'), {
      series: [
        { label: 'before first', color: theme.accent2, dash: [6, 4] },
        { label: 'before last', color: theme.muted, dash: [6, 4] },
        { label: 'after first', color: theme.accent2 },
        { label: 'after last', color: theme.accent },
      ],
      xLabel: epoch,
      yLabel: '‖∂L/∂W‖',
      log: true,
    });
    const colors = [theme.accent2, theme.muted, theme.accent2, theme.accent];
    this.querySelectorAll<HTMLElement>('[data-grad-legend] li').forEach((li, i) => li.style.setProperty('--swatch', colors[i] ?? 'currentColor'));
    const [b, a] = this.querySelectorAll<HTMLElement>('.legend:not([data-grad-legend]) li');
    b?.style.setProperty('--swatch', theme.muted);
    a?.style.setProperty('--swatch', theme.accent);
    const shown = this.#traces ?? this.#baked;
    this.#show(shown.before, shown.after);
  }
}

if (!customElements.get('lab-fix')) customElements.define('lab-fix', LabFix);

declare global {
  interface HTMLElementTagNameMap {
    'lab-fix': LabFix;
  }
}
