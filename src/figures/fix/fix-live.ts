/**
 * <lab-fix>: trains an experiment before and after one fix, on the same seed, one after the other
 * in the page's shared worker, and overlays the two. The fix's own knob (its learning rate, its clip
 * norm, the input range it copes with) re-trains the pair as it moves, latest wins (retrain.ts).
 *
 *   idle ──Run both / a knob──▶ loading ──▶ training (before, then after) ──▶ done | cancelled | error
 *
 * Contract: `data-fix`, `data-state`, knobs are `[data-param="KEY"]`, `run(options)`, `tweak(values)`
 * (resolves with the pair once painted) and the read-only `lastRun`.
 */
import type { LinesChart } from '@/charts/charts';
import { href } from '@/i18n/ui';
import { FIX_IDS, FIXES, withFix, preset, type ExperimentConfig, type FixId } from '@/lab/engine/config';
import { fromConfig, toSearch, withValues, type ParamKey, type Values } from '@/lab/settings/params';
import { parseTraces, stringifyTrace, TraceBuilder, type RunTrace, type TrainEvent } from '@/lab/engine/trace';
import { stopTraining, trainOnLab } from '@/figures/shared/claim';
import { labClient, type Claim } from '@/worker/client';
import { fixOutcome, pairRows } from './fix-text';
import { describeSettings } from '@/figures/knobs/knob-text';
import { KnobPanel } from '@/figures/knobs/knobs';
import { parseSeed, textRow } from '@/figures/shared/kit';
import { Shell, type ChartKit } from '@/figures/shared/shell';
import type { ChartTheme } from '@/charts/theme';
import { Retrainer, type Job } from '@/figures/shared/retrain';

export type Pair = { before: RunTrace; after: RunTrace };

/** Knobs that describe the data, not the fix: they move the "before" run too. */
const SHARED: readonly ParamKey[] = ['hi', 'noise'];

interface FixJob extends Job {
  before: ExperimentConfig;
}

export class FixIsland {
  readonly #shell: Shell;
  readonly #offActions: () => void;
  #fix!: FixId;
  #traces: Pair | null = null;
  #baked!: Pair;
  #defaults!: Values;
  #shown!: Pair;
  #loss: LinesChart | null = null;
  #grads: LinesChart | null = null;
  #knobs!: KnobPanel;
  #retrainer!: Retrainer<FixJob>;
  /** The "before" run last trained, reused while only the fix's own knob moves. */
  #before: { key: string; trace: RunTrace } | null = null;
  #ghostOn: boolean | null = null;

  /** The last pair this figure painted from a live run (null until one finishes). */
  get lastRun(): Pair | null {
    return this.#traces;
  }

  /** `baked`: the article's pair, as /baked/fix-<fix>.json has it. */
  constructor(
    private readonly host: HTMLElement,
    baked: string,
  ) {
    this.#shell = new Shell(host);
    const fix = this.host.dataset['fix'];
    if (!(FIX_IDS as string[]).includes(fix ?? '')) throw new Error(`lab-fix: unknown data-fix ${fix}`);
    this.#fix = fix as FixId;
    this.#baked = parseTraces<Pair>(baked);
    this.#shown = this.#baked;
    this.#defaults = fromConfig(this.#baked.after.config);
    this.#knobs = new KnobPanel(this.#shell.q('[data-knobs]'), this.#shell.locale, (_v, final) => void this.#request(final), (message) => {
      const box = this.#shell.q<HTMLElement>('[data-knob-problem]');
      box.hidden = message === null;
      box.replaceChildren(...(message ?? []));
    });
    this.#retrainer = new Retrainer<FixJob>({
      start: trainOnLab(this.#shell, { run: (lab, job, onEvent) => this.#runPair(lab, job, onEvent) }),
      paint: (trace, job) => this.#paint(trace, job),
      progress: () => {},
    });
    this.host.querySelectorAll<HTMLButtonElement | HTMLInputElement>('[data-action], [data-seed]').forEach((el) => (el.disabled = false));
    this.#shell.q<HTMLButtonElement>('[data-action="stop"]').disabled = true;
    this.#offActions = this.#shell.onRunRow({ run: () => void this.run(), stop: () => stopTraining(this.#retrainer), reset: () => this.#reset() });
    // Loaded because the figure is near, or because a reader or a script used it: draw now.
    if (!this.#loss) void this.#shell.withCharts((charts, theme) => this.#drawCharts(charts, theme), () => !this.#loss);
  }

  /** The element left the page: stop what runs, free the charts. */
  disconnect(): void {
    this.#offActions();
    if (this.#retrainer.busy) labClient().cancel();
    this.#retrainer.drop();
    this.#loss?.destroy();
    this.#grads?.destroy();
  }

  /** Back to the article's pair: its seed, its knob, the baked runs. */
  #reset(): void {
    if (this.#retrainer.busy) labClient().cancel();
    this.#retrainer.drop();
    this.#shell.q<HTMLInputElement>('[data-seed]').value = String(this.#baked.before.config.seed);
    this.#knobs.setAll(this.#defaults);
    this.#shown = this.#baked;
    this.#show(this.#baked);
    this.#ghost(false);
    this.#shell.q<HTMLElement>('[data-updating]').hidden = true;
    this.#shell.q<HTMLAnchorElement>('[data-playground]').href = href(`/${this.#shell.locale}/playground/${toSearch(this.#defaults)}`);
    this.#shell.setState('idle', this.#shell.t('bakedNote', { seed: this.#baked.before.config.seed }));
  }

  /** Trains before and after on one seed (the field's, or `options.seed`) and shows both. */
  async run(options: { seed?: number } = {}): Promise<Pair | null> {
    if (options.seed !== undefined) this.#shell.q<HTMLInputElement>('[data-seed]').value = String(options.seed);
    return this.#pairOf(await this.#request(true));
  }

  /** Sets the knobs (and seed) as a reader would, re-trains the pair and resolves with it once painted. */
  async tweak(values: Partial<Values>): Promise<Pair | null> {
    if (values.seed !== undefined) this.#shell.q<HTMLInputElement>('[data-seed]').value = String(values.seed);
    this.#knobs.setAll(values);
    return this.#pairOf(await this.#request(true));
  }

  #pairOf(after: RunTrace): Pair | null {
    return after.status === 'done' && this.#traces?.after === after ? this.#traces : null;
  }

  #request(final: boolean): Promise<RunTrace> {
    const input = this.#shell.q<HTMLInputElement>('[data-seed]');
    const seed = parseSeed(input.value);
    if (seed === null) {
      input.value = String(this.#baked.before.config.seed);
      this.#shell.setState('error', this.#shell.t('seedInvalid', { seed: this.#baked.before.config.seed }));
      return Promise.resolve(new TraceBuilder(this.#baked.after.config).trace());
    }
    input.value = String(seed);
    const knobs = this.#knobs.values;
    const spec: { base: 'exp1' | 'exp2' | 'exp3' } = FIXES[this.#fix];
    const shared = Object.fromEntries(SHARED.filter((k) => k in knobs).map((k) => [k, knobs[k]]));
    const before = withValues(preset(spec.base, { seed }), shared);
    const after = withValues(withFix(this.#fix, seed), { ...knobs, seed });
    this.#shell.q<HTMLAnchorElement>('[data-playground]').href = href(`/${this.#shell.locale}/playground/${toSearch(fromConfig(after))}`);
    this.#shell.q<HTMLElement>('[data-updating]').hidden = false;
    return this.#retrainer.request({ config: after, before, final });
  }

  /** The fix's pair: the "before" run once per setting (it does not change while only the fix's knob moves), then the "after" run. */
  async #runPair(lab: Claim, job: FixJob, onEvent: (event: TrainEvent) => void): Promise<RunTrace> {
    const key = stringifyTrace({ config: job.before } as RunTrace);
    if (this.#before?.key !== key || this.#before.trace.status !== 'done') {
      const before = await lab.run(job.before, undefined, { quick: !job.final });
      if (before.status !== 'done') return before;
      this.#before = { key, trace: before };
    }
    return lab.run(job.config, onEvent, { quick: !job.final });
  }

  #paint(after: RunTrace, job: FixJob): void {
    const waiting = this.#retrainer.busy;
    this.#shell.q<HTMLElement>('[data-updating]').hidden = !waiting;
    if (after.status !== 'done') {
      if (!waiting) this.#shell.setState(after.status, after.status === 'error' ? `${this.#shell.t('state_error')}: ${after.error ?? ''}` : undefined);
      return;
    }
    const before = this.#before?.trace;
    if (!before) return;
    this.#traces = { before, after };
    this.#shown = this.#traces;
    this.#show(this.#traces, !job.final);
    const changed = describeSettings(this.#shell.locale, { ...fromConfig(after.config) }, this.#defaults) !== '';
    this.#ghost(changed);
    if (!waiting) this.#shell.setState('done');
  }

  /** The article's pair, faint, behind a pair the reader changed. */
  #ghost(on: boolean): void {
    if (on === this.#ghostOn) return;
    this.#ghostOn = on;
    const b = this.#baked;
    const xs = b.before.epochs.map((e) => e.epoch);
    this.#loss?.ghost(on ? xs : null, [b.before.epochs.map((e) => e.loss), b.after.epochs.map((e) => e.loss)]);
    const g = (tr: RunTrace, first: boolean) => tr.epochs.map((e) => (first ? e.gradNorms[0]! : e.gradNorms.at(-1)!));
    this.#grads?.ghost(on ? xs : null, [g(b.before, true), g(b.before, false), g(b.after, true), g(b.after, false)]);
  }

  #show({ before, after }: Pair, light = false): void {
    const epochs = Math.max(before.epochs.length, after.epochs.length);
    const xs = Array.from({ length: epochs }, (_, i) => i + 1);
    const lossOf = (tr: RunTrace) => tr.epochs.map((e) => e.loss);
    const gradOf = (tr: RunTrace, l: 'first' | 'last') => tr.epochs.map((e) => (l === 'first' ? e.gradNorms[0]! : e.gradNorms.at(-1)!));
    this.#loss?.set(xs, [lossOf(before), lossOf(after)]);
    this.#grads?.set(xs, [gradOf(before, 'first'), gradOf(before, 'last'), gradOf(after, 'first'), gradOf(after, 'last')]);
    this.#shell.q('[data-outcome="before"]').textContent = fixOutcome(this.#shell.locale, 'before', before);
    this.#shell.q('[data-outcome="after"]').textContent = fixOutcome(this.#shell.locale, 'after', after);
    if (light) return; // the table waits for the run shown when the reader lets go
    this.#shell.q('[data-rows]').replaceChildren(...pairRows(before, after, epochs).map(textRow));
  }

  #drawCharts(charts: ChartKit, theme: ChartTheme): void {
    const epoch = this.#shell.t('epoch');
    this.#loss = charts.linesChart(this.#shell.q('[data-chart="loss"]'), {
      series: [
        { label: this.#shell.t('fixBefore'), color: theme.muted, dash: [6, 4] },
        { label: this.#shell.t('fixAfter'), color: theme.accent },
      ],
      xLabel: epoch,
      yLabel: this.#shell.t('loss'),
      log: true,
    });
    this.#grads = charts.linesChart(this.#shell.q('[data-chart="grads"]'), {
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
    this.host.querySelectorAll<HTMLElement>('[data-grad-legend] li').forEach((li, i) => li.style.setProperty('--swatch', colors[i] ?? 'currentColor'));
    const [b, a] = this.host.querySelectorAll<HTMLElement>('.legend:not([data-grad-legend]) li');
    b?.style.setProperty('--swatch', theme.muted);
    a?.style.setProperty('--swatch', theme.accent);
    this.#show(this.#shown);
    this.#ghostOn = null;
    this.#ghost(this.#shown !== this.#baked && describeSettings(this.#shell.locale, { ...fromConfig(this.#shown.after.config) }, this.#defaults) !== '');
  }
}
