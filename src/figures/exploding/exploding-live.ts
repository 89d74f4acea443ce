/**
 * <lab-exploding>: the live half of ExplodingThroughTime.astro. The map (its shades baked into the
 * page) is drawn once per size and colour scheme on one canvas; the two descents are recomputed for
 * every pointer move, key press or knob change through the shared latest-wins scheduler
 * (retrain.ts), which paints them at most once a frame on a second canvas above it. A descent is
 * 200 steps of a 50-step recurrence: well under a millisecond, so no worker.
 *
 * The prose's numbers (<FigNum fig="exploding-through-time">) stay the default start's: the section
 * tells the story of that one start (the path zigzags along the wall, then one step throws it), which
 * another start need not repeat; the readout under the map is the reader's.
 *
 * Contract for tests: `data-figure="exploding-through-time"`, `data-state` (idle, then done once
 * painted), and `run({ w?, b?, lr? })` resolving, once painted, with the start, the step size, each
 * path's end { w, b, loss }, and `problem` (what was refused and replaced by the default, or '').
 */
import { canvasPainter } from '@/charts/painter';
import { drawPaths, drawSurface, surfaceLayout, type SurfaceLayout } from '@/charts/loss-surface';
import { currentScheme } from '@/charts/palette';
import { Shell } from '@/figures/shared/shell';
import { LatestWins } from '@/figures/shared/retrain';
import { onSchemeChange, sizeCanvas } from '@/figures/shared/why-kit';
import { check, endOf, EXPLODING, outcome, parseLevels, pathSentence, pathViews, startText, surfaceView, type Outcome, type Start } from './exploding-text';

interface Job {
  start: Start;
  lr: number;
}

export interface ExplodingResult {
  start: Start;
  lr: number;
  plain: { w: number; b: number; loss: number };
  clipped: { w: number; b: number; loss: number };
  problem: string;
}

const clamp = (v: number, [lo, hi]: readonly [number, number]) => Math.min(hi, Math.max(lo, v));
/** Two decimals: where a drag puts the start, as the fields show it. */
const round2 = (v: number) => Math.round(v * 100) / 100;

export class LabExploding extends HTMLElement {
  readonly #shell = new Shell(this);
  #levels: Uint8Array | null = null;
  #layout: SurfaceLayout | null = null;
  #shown: Outcome = outcome(EXPLODING.start, EXPLODING.lr);
  #scheduler!: LatestWins<Job, Outcome, never>;
  #resize: ResizeObserver | null = null;
  #unscheme: (() => void) | null = null;
  #unaction: (() => void) | null = null;
  #paints = 0;

  connectedCallback(): void {
    this.#levels = parseLevels(this.dataset['surface'] ?? '');
    this.#scheduler = new LatestWins<Job, Outcome, never>(
      {
        start: (job) => Promise.resolve(outcome(job.start, job.lr)),
        paint: (o) => this.#paint(o),
        progress: () => {},
      },
      {
        cancelled: (job) => outcome(job.start, job.lr),
        failed: (job) => outcome(job.start, job.lr),
        follow: (job) => ({ apply: () => {}, result: () => outcome(job.start, job.lr) }),
      },
    );
    for (const el of this.querySelectorAll<HTMLInputElement | HTMLButtonElement>('[data-ex-lr], [data-ex-w], [data-ex-b], [data-action="reset"]')) el.disabled = false;
    const map = this.#shell.q('[data-ex-map]');
    map.hidden = false;
    const lr = this.#shell.q<HTMLInputElement>('[data-ex-lr]');
    lr.addEventListener('input', () => void this.run({ lr: EXPLODING.ladder[Number(lr.value)] }));
    for (const field of ['w', 'b'] as const) {
      const input = this.#shell.q<HTMLInputElement>(`[data-ex-${field}]`);
      input.addEventListener('change', () => void this.run({ [field]: input.value }));
    }
    this.#unaction = this.#shell.onAction({ reset: () => void this.run({ ...EXPLODING.start, lr: EXPLODING.lr }) });
    this.#wirePointer(this.#shell.q<HTMLCanvasElement>('[data-ex-paths]'));
    map.addEventListener('keydown', (e) => this.#key(e));
    this.#resize = new ResizeObserver(() => this.#draw());
    this.#resize.observe(this.#shell.q('.ex-plot'));
    this.#unscheme = onSchemeChange(() => this.#draw());
    this.#draw();
    void this.run({});
  }

  disconnectedCallback(): void {
    this.#scheduler.drop();
    this.#resize?.disconnect();
    this.#unscheme?.();
    this.#unaction?.();
  }

  /** Moves the start and/or the step size (bad values: the default, and a message) and resolves once painted. */
  async run(options: { w?: unknown; b?: unknown; lr?: unknown } = {}): Promise<ExplodingResult> {
    const checked = check(this.#shell.locale, options, this.#wanted);
    this.#problem = checked.problem;
    this.#wanted = { start: checked.start, lr: checked.lr };
    const o = await this.#scheduler.request({ start: checked.start, lr: checked.lr });
    return { start: o.start, lr: o.lr, plain: endOf(o.plain), clipped: endOf(o.clipped), problem: checked.problem };
  }

  #problem = '';
  /** The newest start and step size asked for (a key pressed twice within a frame moves twice). */
  #wanted: Job = { start: EXPLODING.start, lr: EXPLODING.lr };

  #paint(o: Outcome): void {
    this.#shown = o;
    const locale = this.#shell.locale;
    this.#shell.q<HTMLInputElement>('[data-ex-w]').value = String(o.start.w);
    this.#shell.q<HTMLInputElement>('[data-ex-b]').value = String(o.start.b);
    const lr = this.#shell.q<HTMLInputElement>('[data-ex-lr]');
    lr.value = String(EXPLODING.ladder.indexOf(o.lr));
    lr.setAttribute('aria-valuetext', String(o.lr));
    this.#shell.q('[data-ex-lr-value]').textContent = String(o.lr);
    this.#shell.q('[data-ex-plain]').textContent = pathSentence(locale, o.plain, false);
    this.#shell.q('[data-ex-clipped]').textContent = pathSentence(locale, o.clipped, true);
    this.#shell.setState('done', this.#problem || startText(locale, o));
    this.dataset['startW'] = String(o.start.w);
    this.dataset['startB'] = String(o.start.b);
    this.dataset['lr'] = String(o.lr);
    this.dataset['paints'] = String(++this.#paints);
    this.#drawPaths();
  }

  /** Both canvases at the plot's width (at most 600 px); the map itself only here. */
  #draw(): void {
    const plot = this.#shell.q('.ex-plot');
    const width = Math.min(600, Math.floor(plot.clientWidth));
    if (width <= 0 || !this.#levels) return;
    const layout = surfaceLayout(EXPLODING.grid, width);
    this.#layout = layout;
    const scheme = currentScheme();
    const base = sizeCanvas(this.#shell.q<HTMLCanvasElement>('[data-ex-base]'), layout.width, layout.height);
    drawSurface(canvasPainter(base), layout, surfaceView(this.#levels, scheme, (key) => this.#shell.t(key)));
    sizeCanvas(this.#shell.q<HTMLCanvasElement>('[data-ex-paths]'), layout.width, layout.height);
    this.#drawPaths();
  }

  #drawPaths(): void {
    const layout = this.#layout;
    if (!layout) return;
    const canvas = this.#shell.q<HTMLCanvasElement>('[data-ex-paths]');
    const ctx = canvas.getContext('2d')!;
    ctx.clearRect(0, 0, layout.width, layout.height);
    const scheme = currentScheme();
    const p = canvasPainter(ctx);
    const { plot } = layout;
    p.clipped(plot.left - 8, plot.top - 8, plot.width + 16, plot.height + 16, () => drawPaths(p, layout, pathViews(this.#shown, scheme), this.#shown.start, scheme));
  }

  /** Press or drag on the map: the start follows the pointer (clamped to the map). */
  #wirePointer(canvas: HTMLCanvasElement): void {
    const moveTo = (e: PointerEvent) => {
      if (!this.#layout) return;
      const rect = canvas.getBoundingClientRect();
      const scale = this.#layout.width / rect.width; // the canvas may be drawn narrower than its layout
      const at = this.#layout.at((e.clientX - rect.left) * scale, (e.clientY - rect.top) * scale);
      void this.run({ w: round2(clamp(at.w, EXPLODING.grid.w)), b: round2(clamp(at.b, EXPLODING.grid.b)) });
    };
    canvas.addEventListener('pointerdown', (e) => {
      canvas.setPointerCapture(e.pointerId);
      this.#shell.q('[data-ex-map]').focus({ preventScroll: true });
      moveTo(e);
    });
    canvas.addEventListener('pointermove', (e) => {
      if (canvas.hasPointerCapture(e.pointerId)) moveTo(e);
    });
  }

  /** Arrow keys move the start by 0.1 (Shift: by 1); Home puts it back. */
  #key(e: KeyboardEvent): void {
    const step = e.shiftKey ? EXPLODING.key * 10 : EXPLODING.key;
    const moves: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
    const move = moves[e.key];
    if (e.key === 'Home') {
      e.preventDefault();
      void this.run({ ...EXPLODING.start });
      return;
    }
    if (!move) return;
    e.preventDefault();
    const { w, b } = this.#wanted.start;
    void this.run({ w: round2(clamp(w + move[0], EXPLODING.grid.w)), b: round2(clamp(b + move[1], EXPLODING.grid.b)) });
  }
}

if (!customElements.get('lab-exploding')) customElements.define('lab-exploding', LabExploding);

declare global {
  interface HTMLElementTagNameMap {
    'lab-exploding': LabExploding;
  }
}
