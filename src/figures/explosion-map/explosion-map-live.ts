/**
 * <lab-explosion-map>: the live half of ExplosionMap.astro. It paints the baked map on a canvas,
 * recomputes it in the lab worker (and a second worker where there are two cores) row by row,
 * coarse to fine from the top, and loads any cell into the experiment 2 figure. Wiring only: the
 * runs are src/lab/studies/explosion.ts, the drawing src/charts/explosion-map.ts.
 *
 *        Run / run() / a seed                 every row in
 *   idle ───────────────────▶ loading ▶ training ──────────▶ done
 *                                          │ Stop, or a newer run anywhere on the page
 *                                          ▼
 *                                      cancelled (the rows done stay; the rest read "not computed")
 *
 * Contract for tests: `data-figure="explosion-map"`, `data-state`, `run({ seed? })` resolving with
 * `{ cells, status, seed, totalMs, firstRowMs, workers }` (cells as explosion.ts makes them, grid order).
 */
import { drawExplosionMap, mapLayout, type CellRef, type MapLayout } from '@/charts/explosion-map';
import { canvasPainter } from '@/charts/painter';
import { currentScheme } from '@/charts/palette';
import { EXPLOSION_GRID, edgesOf, topFirst, type ExplosionCell, type ExplosionGrid } from '@/lab/studies/explosion-grid';
import { explosionFindings, explosionQuotes, rowsOf, twoSig } from '@/lab/studies/findings';
import { cellSettings, decodeCells, roundedLoss, type BakedCell } from '@/lab/studies/map-codec';
import type { RunTrace } from '@/lab/engine/trace';
import type { MapStatus } from '@/worker/protocol';
import { labClient, resetLabClient } from '@/worker/client';
import { MAX_SEED, parseSeed, textRow } from '@/figures/shared/kit';
import { Shell } from '@/figures/shared/shell';
import { edgeRows } from './explosion-map-text';
import { LatestWins, type Results } from '@/figures/shared/retrain';
import { figureName, onSchemeChange, sizeCanvas, updateFigNums } from '@/figures/shared/why-kit';

interface MapJob {
  seed: number;
}

/** The map as it stands: finished rows' cells (grid order, null where not computed) and the boundary. */
interface MapState {
  seed: number;
  cells: (ExplosionCell | BakedCell | null)[];
  rowsDone: number;
  lambdas: number[] | null;
  status: MapStatus | 'running';
  totalMs: number;
  firstRowMs: number | null;
  workers: number;
  error?: string;
}

export interface MapRun {
  cells: ExplosionCell[];
  status: MapStatus;
  seed: number;
  totalMs: number;
  firstRowMs: number | null;
  workers: number;
}

const EPOCHS = 20;

function empty(grid: ExplosionGrid, job: MapJob, status: MapState['status'], lambdas: number[] | null = null): MapState {
  return { seed: job.seed, cells: new Array(grid.lrs.length * grid.his.length).fill(null), rowsDone: 0, lambdas, status, totalMs: 0, firstRowMs: null, workers: 0 };
}

export class LabExplosionMap extends HTMLElement {
  readonly #shell = new Shell(this);
  #offActions: () => void = () => {};
  #grid: ExplosionGrid = EXPLOSION_GRID;
  #baked!: MapState;
  #shown!: MapState;
  #lastRun: MapRun | null = null;
  #active: CellRef | null = null;
  #layout: MapLayout | null = null;
  #canvas!: HTMLCanvasElement;
  #resize: ResizeObserver | null = null;
  #unscheme: (() => void) | null = null;
  #frame = 0;
  #scheduler!: LatestWins<MapJob, MapState, MapState>;

  get lastRun(): MapRun | null {
    return this.#lastRun;
  }

  connectedCallback(): void {
    const baked = JSON.parse(this.#shell.q('script[data-baked]').textContent ?? '{}') as { seed: number; cells: string; lambdas: number[] };
    this.#grid = { ...EXPLOSION_GRID, seed: baked.seed };
    this.#baked = { ...empty(this.#grid, { seed: baked.seed }, 'done', baked.lambdas), cells: decodeCells(baked.cells, this.#grid), rowsDone: this.#grid.his.length };
    this.#shown = this.#baked;
    this.#canvas = this.#shell.q<HTMLCanvasElement>('canvas');
    const results: Results<MapJob, MapState, MapState> = {
      cancelled: (job) => empty(this.#grid, job, 'cancelled'),
      failed: (job, message) => ({ ...empty(this.#grid, job, 'error'), error: message }),
      follow: (job) => {
        let last = empty(this.#grid, job, 'running');
        return { apply: (state) => (last = state), result: () => last };
      },
    };
    this.#scheduler = new LatestWins<MapJob, MapState, MapState>(
      {
        start: (job, onEvent) => this.#start(job, onEvent),
        paint: (state) => this.#paint(state),
        progress: (state) => this.#show(state),
      },
      results,
      0, // every row is painted as it comes (at most once a frame)
    );

    const map = this.#shell.q<HTMLElement>('[data-map]');
    map.hidden = false;
    map.addEventListener('pointermove', this.#onPointerMove);
    map.addEventListener('click', this.#onClick);
    map.addEventListener('keydown', this.#onKey);
    map.addEventListener('focus', this.#onFocus);
    this.#offActions = this.#shell.onAction({
      run: () => void this.run(),
      'new-seed': () => void this.run({ seed: this.#shell.newSeed() }),
      stop: () => {
        labClient().cancel();
        this.#scheduler.drop();
        this.#shell.setState('cancelled');
      },
    });
    this.#shell.q<HTMLInputElement>('[data-seed]').addEventListener('keydown', this.#onSeedKey);
    for (const el of this.querySelectorAll<HTMLButtonElement | HTMLInputElement>('[data-action], [data-seed]')) el.disabled = false;
    this.#shell.syncStop();
    this.#resize = new ResizeObserver(() => this.#draw());
    this.#resize.observe(this.#shell.q('[data-map-plot]'));
    this.#unscheme = onSchemeChange(() => this.#draw());
    this.#draw();
    // Intent (a pointer or focus in the figure): both workers start, and warm up on one row in the
    // middle of the map, so a live map's first rows wait for neither. Scrolling past starts nothing.
    const warm = (): void => {
      this.removeEventListener('pointerenter', warm);
      this.removeEventListener('focusin', warm);
      labClient()
        .warmUp({ ...this.#grid, his: [this.#grid.his[this.#grid.his.length >> 1]!] })
        .catch(() => {}); // a worker that cannot start says so when the map runs
    };
    this.addEventListener('pointerenter', warm);
    this.addEventListener('focusin', warm);
  }

  disconnectedCallback(): void {
    this.#resize?.disconnect();
    this.#unscheme?.();
    if (this.#scheduler.busy) labClient().cancel();
    this.#scheduler.drop();
    this.#offActions();
    cancelAnimationFrame(this.#frame);
  }

  /** Recomputes the map live (seed: the field's, or `options.seed`); resolves once it is painted. */
  async run(options: { seed?: number } = {}): Promise<MapRun> {
    const input = this.#shell.q<HTMLInputElement>('[data-seed]');
    const seed = options.seed ?? parseSeed(input.value);
    if (seed === null || seed > MAX_SEED) {
      input.value = String(this.#baked.seed);
      this.#shell.setState('error', this.#shell.t('seedInvalid', { seed: this.#baked.seed }));
      return { cells: [], status: 'error', seed: this.#baked.seed, totalMs: 0, firstRowMs: null, workers: 0 };
    }
    input.value = String(seed);
    const state = await this.#scheduler.request({ seed });
    return { cells: state.cells.filter((c): c is ExplosionCell => c !== null), status: state.status === 'running' ? 'cancelled' : state.status, seed, totalMs: state.totalMs, firstRowMs: state.firstRowMs, workers: state.workers };
  }

  async #start(job: MapJob, onEvent: (state: MapState) => void): Promise<MapState> {
    this.#shell.setState('loading');
    // A new seed has other lines; the same seed keeps its own until the worker sends them again.
    const state = empty(this.#grid, job, 'running', job.seed === this.#shown.seed ? this.#shown.lambdas : null);
    this.#shown = state;
    this.#schedule();
    let lab;
    try {
      lab = await labClient().claim();
    } catch (e) {
      resetLabClient();
      return { ...state, status: 'error', error: e instanceof Error ? e.message : String(e) };
    }
    this.#shell.setState('training', this.#shell.t('mapProgress', { done: 0, rows: this.#grid.his.length }));
    const started = performance.now();
    const n = this.#grid.lrs.length;
    const snapshot = () => ({ ...state, cells: state.cells.slice() });
    const end = await lab.explosionMap({ ...this.#grid, seed: job.seed }, topFirst(this.#grid.his.length), {
      onBoundary: (boundary) => {
        state.lambdas = boundary.map((b) => b.lambda);
        onEvent(snapshot());
      },
      onRow: (row) => {
        row.cells.forEach((cell, col) => (state.cells[row.index * n + col] = cell));
        state.rowsDone++;
        state.firstRowMs ??= performance.now() - started;
        onEvent(snapshot());
      },
    });
    return { ...snapshot(), status: end.status, totalMs: end.totalMs, workers: end.workers, ...(end.error === undefined ? {} : { error: end.error }) };
  }

  /** A finished (or stopped) map. */
  #paint(state: MapState): void {
    if (state.status === 'error') {
      resetLabClient();
      this.#shell.setState('error', `${this.#shell.t('state_error')}: ${state.error ?? ''}. ${this.#shell.t('retryHint')}`);
      return;
    }
    this.#show(state);
    if (state.status !== 'done') {
      if (!this.#scheduler.busy) this.#shell.setState('cancelled');
      return;
    }
    const cells = state.cells.filter((c): c is ExplosionCell => c !== null);
    this.#lastRun = { cells, status: 'done', seed: state.seed, totalMs: state.totalMs, firstRowMs: state.firstRowMs, workers: state.workers };
    if (state.lambdas) {
      const grid = { ...this.#grid, seed: state.seed };
      updateFigNums('explosion-map', explosionQuotes(explosionFindings(grid, cells, state.lambdas)));
      this.#fillTable(cells, state.lambdas);
    }
    const seconds = (state.totalMs / 1000).toFixed(1);
    this.#shell.setState('done', this.#shell.t('mapDone', { runs: cells.length.toLocaleString('en'), seconds, workers: this.#shell.t(state.workers > 1 ? 'mapWorkers2' : 'mapWorkers1') }));
  }

  /** Shows a map (partial while it is computed). */
  #show(state: MapState): void {
    this.#shown = state;
    if (state.status === 'running' && this.dataset['state'] === 'training') {
      this.#shell.q('[data-status]').textContent = this.#shell.t('mapProgress', { done: state.rowsDone, rows: this.#grid.his.length });
    }
    this.#schedule();
    if (this.#active) this.#describe(this.#active);
  }

  #fillTable(cells: readonly ExplosionCell[], lambdas: readonly number[]): void {
    const edges = edgesOf(rowsOf(this.#grid, cells), lambdas.map((l) => ({ lr: 2 / l })));
    this.#shell.q('[data-edge-rows]').replaceChildren(...edgeRows(edges, lambdas).map(textRow));
  }

  #onSeedKey = (e: KeyboardEvent): void => {
    if (e.key === 'Enter') {
      e.preventDefault();
      void this.run();
    }
  };

  // ---- Drawing, at most once a frame ----

  #schedule(): void {
    if (this.#frame) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      this.#draw();
    });
  }

  #draw(): void {
    const plot = this.#shell.q<HTMLElement>('[data-map-plot]');
    const width = Math.min(600, plot.clientWidth || 600);
    const layout = mapLayout(this.#grid, width);
    this.#layout = layout;
    const ctx = sizeCanvas(this.#canvas, layout.width, layout.height);
    const state = this.#shown;
    drawExplosionMap(canvasPainter(ctx), layout, {
      grid: this.#grid,
      cells: state.cells,
      epochs: EPOCHS,
      lambdas: state.lambdas,
      marks: [
        { lr: 0.1, hi: 1, label: this.#shell.t('mapMark1') },
        { lr: 0.1, hi: 4, label: this.#shell.t('mapMark2') },
      ],
      active: this.#active,
      scheme: currentScheme(),
      labels: { x: this.#shell.t('mapAxisX'), y: this.#shell.t('mapAxisY'), line2: this.#shell.t('mapLine2'), line4: '4' },
    });
  }

  // ---- Cells: pointer, touch and keys ----

  #cellFrom(e: MouseEvent): CellRef | null {
    const box = this.#canvas.getBoundingClientRect();
    return this.#layout?.cellAt(e.clientX - box.left, e.clientY - box.top) ?? null;
  }

  #focusCell(cell: CellRef | null): void {
    const same = cell && this.#active && cell.row === this.#active.row && cell.col === this.#active.col;
    if (same || !cell) return;
    this.#active = cell;
    this.#describe(cell);
    this.#schedule();
  }

  #onPointerMove = (e: PointerEvent): void => {
    if (e.pointerType === 'mouse') this.#focusCell(this.#cellFrom(e));
  };

  #onClick = (e: MouseEvent): void => {
    const cell = this.#cellFrom(e);
    if (!cell) return;
    this.#focusCell(cell);
    void this.#load(cell);
  };

  #onFocus = (): void => {
    if (this.#active || !this.#layout) return;
    // Start where experiment 2 sits: the cell the prose is about.
    this.#focusCell(this.#layout.snap({ row: this.#grid.his.indexOf(4), col: this.#grid.lrs.indexOf(0.1) }));
  };

  #onKey = (e: KeyboardEvent): void => {
    const layout = this.#layout;
    if (!layout) return;
    const from = this.#active ?? layout.snap({ row: this.#grid.his.indexOf(4), col: this.#grid.lrs.indexOf(0.1) });
    const big = layout.rows.length;
    const moves: Record<string, [number, number]> = {
      ArrowUp: [1, 0],
      ArrowDown: [-1, 0],
      ArrowRight: [0, 1],
      ArrowLeft: [0, -1],
      Home: [0, -big],
      End: [0, big],
      PageUp: [big, 0],
      PageDown: [-big, 0],
    };
    const move = moves[e.key];
    if (move) {
      e.preventDefault();
      this.#focusCell(layout.step(from, move[0], move[1]));
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      this.#focusCell(from);
      void this.#load(from);
    }
  };

  #cellOf(cell: CellRef): ExplosionCell | BakedCell | null {
    return this.#shown.cells[cell.row * this.#grid.lrs.length + cell.col] ?? null;
  }

  #outcomeText(cell: Pick<ExplosionCell, 'outcome' | 'firstNonFiniteEpoch' | 'finalLoss'>): string {
    if (cell.outcome === 'exploded') return this.#shell.t('mapCellExploded', { epoch: cell.firstNonFiniteEpoch ?? '?' });
    return this.#shell.t(cell.outcome === 'learned' ? 'mapCellLearned' : 'mapCellStalled', { loss: twoSig(cell.finalLoss) });
  }

  /** What the cell in focus is, in words (the hover, tap and keyboard equivalent). */
  #describe(ref: CellRef): void {
    const s = cellSettings({ ...this.#grid, seed: this.#shown.seed }, ref.row, ref.col);
    const cell = this.#cellOf(ref);
    const lambda = this.#shown.lambdas?.[ref.row];
    this.#shell.q('[data-cell]').textContent = this.#shell.t('mapCell', {
      lr: s.lr,
      hi: s.hi,
      noise: twoSig(s.noise),
      x: lambda === undefined ? '–' : twoSig(s.lr * lambda),
      outcome: cell ? this.#outcomeText(cell) : this.#shell.t('mapCellPending'),
    });
  }

  /** Loads a computed cell into the experiment 2 figure, and says whether its run agrees. */
  async #load(ref: CellRef): Promise<void> {
    const cell = this.#cellOf(ref);
    if (!cell) return;
    const exp2 = document.querySelector<HTMLElement & { tweak(values: object): Promise<RunTrace> }>('lab-experiment[data-experiment="exp2"]');
    if (!exp2) return;
    const s = cellSettings({ ...this.#grid, seed: this.#shown.seed }, ref.row, ref.col);
    const figure = figureName(exp2);
    const line = this.#shell.q<HTMLElement>('[data-loaded]');
    const link = this.#shell.q<HTMLAnchorElement>('[data-goto]');
    line.hidden = false;
    link.textContent = this.#shell.t('mapGoTo', { figure });
    this.#shell.q('[data-loaded-text]').textContent = this.#shell.t('mapLoaded', { figure, lr: s.lr, hi: s.hi, noise: twoSig(s.noise), seed: s.seed });
    await customElements.whenDefined('lab-experiment');
    const trace = await exp2.tweak({ lr: s.lr, hi: s.hi, noise: s.noise, seed: s.seed });
    if (trace.status !== 'done') return; // replaced by a newer run: that one reports
    const bad = trace.epochs.findIndex((e) => !Number.isFinite(e.loss));
    const loss = trace.epochs.at(-1)?.loss ?? NaN;
    // The same run as the cell: the same first non-finite epoch, or the same final loss (to the map's precision).
    const same = bad >= 0 ? cell.firstNonFiniteEpoch === bad + 1 : cell.firstNonFiniteEpoch === null && roundedLoss(loss) === roundedLoss(cell.finalLoss);
    const ran = bad >= 0 ? this.#shell.t('mapCellExploded', { epoch: bad + 1 }) : same ? this.#outcomeText({ ...cell, finalLoss: loss }) : this.#shell.t('mapRanFinite', { loss: twoSig(loss) });
    this.#shell.q('[data-loaded-text]').textContent = same ? this.#shell.t('mapLoadedSame', { figure, outcome: ran }) : this.#shell.t('mapLoadedOther', { figure, outcome: ran, expected: this.#outcomeText(cell) });
  }
}

if (!customElements.get('lab-explosion-map')) customElements.define('lab-explosion-map', LabExplosionMap);

declare global {
  interface HTMLElementTagNameMap {
    'lab-explosion-map': LabExplosionMap;
  }
}
