/**
 * The live half of SlopePanel.astro, inside experiment 3's figure, made when the panel comes near:
 * follows the figure's epoch scrubber (DiagnosticsView.onEpoch) and its runs. The mean slopes come with every run's trace; the
 * histograms under them need the run's weights, so the first time a run's epoch is shown the
 * worker replays the run (the same steps, the same weights: preactivations.ts) and summarises every
 * epoch at once. Scrubbing then redraws without asking again. Wiring only.
 */
import { drawSlopes, slopesHeight, type LayerStrip } from '@/charts/slopes';
import { canvasPainter } from '@/charts/painter';
import { currentScheme } from '@/charts/palette';
import { t, type Locale } from '@/i18n/ui';
import type { SlopeRange } from '@/lab/engine/activation-fns';
import type { ExperimentConfig } from '@/lab/engine/config';
import { stringifyTrace, type RunTrace } from '@/lab/engine/trace';
import { labClient, type SlopesResult } from '@/worker/client';
import { setHidden, setText, textRow } from '@/figures/shared/kit';
import { LatestWins } from '@/figures/shared/retrain';
import { actSymbol, slopesRows, slopesSentence, unpackCounts, type PackedStrip } from './slopes-text';
import { onSchemeChange, sizeCanvas } from '@/figures/shared/why-kit';

/** Runs longer than this have only about this many of their epochs replayed (the nearest is shown). */
const MAX_EPOCHS = 100;

interface Job {
  key: string;
  config: ExperimentConfig;
  epochs: number[];
}

type Strip = LayerStrip & { mean: number; sd: number };

/** The epochs a run of `count` epochs gets summarised at: all of them, or about 100 evenly spaced (first and last included). */
export function replayEpochs(count: number): number[] {
  if (count <= MAX_EPOCHS) return Array.from({ length: count }, (_, i) => i + 1);
  const every = Math.ceil(count / MAX_EPOCHS);
  return Array.from({ length: count }, (_, i) => i + 1).filter((e) => e === 1 || e === count || e % every === 0);
}

const keyOf = (config: ExperimentConfig) => stringifyTrace({ config } as RunTrace);

export class SlopesView {
  #range: SlopeRange;
  /** The strips known for one run (its config's key): the baked run's last epoch, then a replay's. */
  #known: { key: string; byEpoch: Map<number, Strip[]> };
  #trace: RunTrace | null = null;
  #epoch = 0;
  /** The run whose replay is in flight. */
  #asked: string | null = null;
  #canvas: HTMLCanvasElement;
  #resize: ResizeObserver;
  #unscheme: () => void;
  #scheduler: LatestWins<Job, SlopesResult & { key: string }, never>;
  /** The plot's width, from the resize observer (reading it during a paint would lay the page out). */
  #width = 0;
  /** What the canvas shows now: a drag's frames redraw it only when one of these changed. */
  #drawn: readonly unknown[] = [];

  constructor(
    private readonly root: HTMLElement,
    private readonly locale: Locale,
    baked: RunTrace,
  ) {
    const data = JSON.parse(root.querySelector('[data-slopes-baked]')?.textContent ?? '{}') as { epoch: number; range: SlopeRange; layers: PackedStrip[] };
    this.#range = data.range;
    const strips = data.layers.map((s) => ({ counts: unpackCounts(s, data.range.bins), meanSlope: s.meanSlope, mean: s.mean, sd: s.sd }));
    this.#known = { key: keyOf(baked.config), byEpoch: new Map([[data.epoch, strips]]) };
    this.#canvas = root.querySelector('canvas')!;
    this.#canvas.hidden = false;
    this.#resize = new ResizeObserver(() => {
      this.#width = this.#q<HTMLElement>('[data-slopes-plot]').clientWidth; // laid out already: reading it costs nothing here
      this.#draw();
    });
    this.#resize.observe(root.querySelector('[data-slopes-plot]')!);
    this.#unscheme = onSchemeChange(() => this.#draw());
    this.#scheduler = new LatestWins<Job, SlopesResult & { key: string }, never>(
      {
        start: async (job) => ({ ...(await (await labClient().claim()).slopes(job.config, job.epochs)), key: job.key }),
        paint: (result) => this.#received(result),
        progress: () => {},
      },
      {
        cancelled: (job) => ({ status: 'cancelled', epochs: [], summaries: [], key: job.key }),
        failed: (job, error) => ({ status: 'error', epochs: [], summaries: [], key: job.key, error }),
        follow: (job) => ({ apply: () => {}, result: () => ({ status: 'cancelled', epochs: [], summaries: [], key: job.key }) }),
      },
    );
  }

  /** Shows a run at an epoch (the scrubber's). `light`: a frame of a drag, which asks the worker for nothing. */
  show(trace: RunTrace, epoch: number, light: boolean): void {
    this.#trace = trace;
    this.#epoch = epoch;
    const act = actSymbol(trace.config.layers[0]?.activation ?? 'sigmoid');
    const record = trace.epochs[epoch - 1];
    setText(this.#q('[data-slopes-title]'), t(this.locale, 'slopesTitle', { act, epoch }));
    if (record) setText(this.#q('[data-slopes-summary]'), slopesSentence(this.locale, epoch, record.slopes.slice(0, -1)));
    if (!light) this.#ask();
    this.#draw();
  }

  destroy(): void {
    this.#resize.disconnect();
    this.#unscheme();
    this.#scheduler.drop();
  }

  #q<T extends Element>(selector: string): T {
    return this.root.querySelector<T>(selector)!;
  }

  /** Asks the worker to replay the run on show, unless its strips are known, asked for already, or the panel is far away. */
  #ask(): void {
    const trace = this.#trace;
    if (!trace || trace.status === 'error' || trace.config.batchNorm) return;
    const key = keyOf(trace.config);
    const known = this.#known.key === key && (this.#known.byEpoch.has(this.#epoch) || (trace.epochs.length > MAX_EPOCHS && this.#known.byEpoch.size > 1));
    if (known || this.#asked === key) return;
    this.#asked = key;
    const epochs = replayEpochs(trace.epochs.length);
    if (!epochs.includes(this.#epoch)) epochs.push(this.#epoch);
    this.#note(t(this.locale, 'slopesComputing'));
    void this.#scheduler.request({ key, config: trace.config, epochs: epochs.sort((a, b) => a - b) });
  }

  #received(result: SlopesResult & { key: string }): void {
    if (this.#asked === result.key) this.#asked = null;
    if (result.status !== 'done') {
      this.#draw();
      return;
    }
    const byEpoch = new Map<number, Strip[]>();
    result.epochs.forEach((e, i) => byEpoch.set(e, (result.summaries[i] ?? []).map((s) => ({ counts: s.counts, meanSlope: s.meanSlope, mean: s.mean, sd: s.sd }))));
    this.#known = { key: result.key, byEpoch };
    this.#draw();
  }

  /** The known epoch nearest to `epoch` for the run on show, or null. */
  #nearest(epoch: number): number | null {
    if (!this.#trace || this.#known.key !== keyOf(this.#trace.config)) return null;
    let best: number | null = null;
    for (const e of this.#known.byEpoch.keys()) if (best === null || Math.abs(e - epoch) < Math.abs(best - epoch)) best = e;
    return best;
  }

  #note(text: string | null): void {
    const note = this.#q<HTMLElement>('[data-slopes-note]');
    setHidden(note, text === null);
    setText(note, text ?? '');
  }

  #draw(): void {
    const trace = this.#trace;
    if (!trace) return;
    const near = this.#nearest(this.#epoch);
    const strips = near === null ? [] : (this.#known.byEpoch.get(near) ?? []);
    if (near === null) this.#note(this.#asked ? t(this.locale, 'slopesComputing') : null);
    else this.#note(near === this.#epoch ? null : t(this.locale, 'slopesNearest', { epoch: near }));
    const activation = trace.config.layers[0]?.activation ?? 'sigmoid';
    const act = actSymbol(activation);
    const depth = trace.config.layers.length - 1;
    this.#width ||= this.#q<HTMLElement>('[data-slopes-plot]').clientWidth;
    const width = Math.min(640, this.#width || 600);
    const scheme = currentScheme();
    const drawing = [strips, activation, depth, width, scheme, globalThis.devicePixelRatio];
    if (drawing.every((v, i) => v === this.#drawn[i])) return;
    this.#drawn = drawing;
    if (near !== null) this.#q('[data-slopes-rows]').replaceChildren(...slopesRows(this.locale, strips).map((r) => textRow(r)));
    const ctx = sizeCanvas(this.#canvas, width, slopesHeight(depth));
    drawSlopes(canvasPainter(ctx), width, {
      activation,
      range: this.#range,
      layers: strips,
      depth,
      scheme,
      labels: {
        curve: t(this.locale, 'slopesCurve', { act }),
        value: t(this.locale, 'slopesValue', { act }),
        axis: t(this.locale, 'slopesAxis'),
        layer: (layer, slope) => t(this.locale, 'slopesLayer', { layer, act, slope }),
      },
    });
  }
}
