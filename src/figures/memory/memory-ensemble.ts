/**
 * The seed ensemble's live half (issue 25, point 3: "baked, and live on demand"). The button under
 * the table trains seeds 1–8 of both cells again at the reader's T in the figure's worker
 * (memory-worker.ts, `ensemble`): the build's runs, with the build's code and seeds
 * (src/lab/recurrent/memory.ts, memoryEnsemble), so the counts come out the same. Each table cell
 * takes its live count when its last seed ends; a T the build did not train gets a row of its own.
 *
 * One length per press: its 16 runs of 600 steps took 4.5–7.5 s at T = 7, 12.7 s at T = 20 and 30.4 s
 * at T = 50 in headless Chromium on a 2-core machine (load average 2–6), so the whole table (four
 * lengths) would take about a minute on a quiet machine and minutes on a busy one. A second press at
 * another T fills another row.
 *
 * LabMemory (memory-live.ts) owns the worker, the run ids and the figure's state; this class owns a
 * press's progress, the table and what the status line says at the end.
 */
import type { Shell } from '@/figures/shared/shell';
import { setText } from '@/figures/shared/kit';
import { ENSEMBLE, ensembleJobs, rememberedCount, type EnsembleJob, type EnsemblePoint, type MemoryCell } from '@/lab/recurrent/memory';
import type { FromMemoryWorker, ToMemoryWorker } from '@/worker/memory-protocol';
import { countText, ensembleProgressText } from './memory-text';

type SeedMessage = Extract<FromMemoryWorker, { type: 'seed-step' | 'seed-done' }>;
type DoneMessage = Extract<FromMemoryWorker, { type: 'done' }>;

/** A press of the button: its run, its length, each run's tail mean as it ends, and where it is. */
interface Press {
  runId: number;
  length: number;
  jobs: EnsembleJob[];
  /** Per cell, the tail means by the seed's place in ENSEMBLE.seeds (holes until they end). */
  finals: Record<MemoryCell, number[]>;
  job: number;
  step: number;
}

/** One length's live results: each cell whose seeds have all ended, its tail means and its count. */
export interface LiveRow {
  length: number;
  finals: Partial<Record<MemoryCell, number[]>>;
  successes: Partial<Record<MemoryCell, number>>;
}

const SEEDS: readonly number[] = ENSEMBLE.seeds;
const ended = (finals: readonly number[]) => finals.filter((f) => f !== undefined).length;

export class EnsembleTable {
  #press: Press | null = null;
  readonly #live = new Map<number, LiveRow>();

  constructor(
    private readonly shell: Shell,
    private readonly baked: readonly EnsemblePoint[],
  ) {}

  /** Whether a press is under way (its worker run has not reported its end). */
  get running(): boolean {
    return this.#press !== null;
  }

  owns(runId: number): boolean {
    return this.#press?.runId === runId;
  }

  /** Every length trained live so far, in the table's order. */
  rows(): LiveRow[] {
    return [...this.#live.values()].sort((a, b) => a.length - b.length);
  }

  /** The button's words for the reader's T. */
  label(length: number): string {
    return this.shell.t('memEnsembleRun', { first: SEEDS[0]!, last: SEEDS.at(-1)!, length });
  }

  /** Starts a press at `length` as run `runId`: the message for the worker, and what the status line says. */
  start(runId: number, length: number): { message: ToMemoryWorker; status: string } {
    this.#press = { runId, length, jobs: ensembleJobs(SEEDS), finals: { rnn: [], lstm: [] }, job: 0, step: 0 };
    this.paint();
    return {
      message: { type: 'ensemble', runId, length, seeds: [...SEEDS], steps: ENSEMBLE.steps },
      status: this.shell.t('memEnsembleTraining', { first: SEEDS[0]!, last: SEEDS.at(-1)!, length, runs: this.#press.jobs.length }),
    };
  }

  /** A run's progress or end; false when it belongs to no press under way. */
  receive(m: SeedMessage): boolean {
    const press = this.#press;
    if (!press || m.runId !== press.runId) return false;
    if (m.type === 'seed-step') {
      press.job = m.job;
      press.step = m.step;
      return true;
    }
    const { cell, seed } = press.jobs[m.job]!;
    press.finals[cell][SEEDS.indexOf(seed)] = m.final;
    if (ended(press.finals[cell]) === SEEDS.length) this.#fill(press.length, cell, press.finals[cell]);
    return true;
  }

  /** The press has ended (done, stopped, replaced or failed): what the status line says. */
  finish(m: DoneMessage): string {
    const press = this.#press!;
    this.#press = null;
    this.paint(press);
    const length = press.length;
    if (m.status === 'error') return m.error ?? this.shell.t('state_error');
    if (m.status === 'cancelled') return this.shell.t('memEnsembleStopped', { ...this.#where(press), n: SEEDS.length, length });
    const baked = this.baked.find((p) => p.length === length);
    const live = this.#live.get(length);
    const same = baked && live && live.successes.rnn === baked.successes.rnn && live.successes.lstm === baked.successes.lstm;
    const verdict = this.shell.t(!baked ? 'memEnsembleNew' : same ? 'memEnsembleSame' : 'memEnsembleDiffers');
    return this.shell.t('memEnsembleDone', { first: SEEDS[0]!, last: SEEDS.at(-1)!, length, seconds: (m.totalMs / 1000).toFixed(1), verdict });
  }

  /** The progress line: the press under way (or the one just ended). */
  paint(press = this.#press): void {
    if (!press) return;
    const { seed, cell } = this.#where(press);
    setText(this.shell.q('[data-mem-ensemble-progress]'), ensembleProgressText(this.shell.locale, { seed, n: SEEDS.length, cell, length: press.length, step: press.step, steps: ENSEMBLE.steps }));
  }

  /** Back to the build's table: its counts, its rows, no progress line. */
  reset(): void {
    this.#press = null;
    this.#live.clear();
    for (const row of this.shell.host.querySelectorAll<HTMLTableRowElement>('[data-mem-ensemble] tr[data-added]')) row.remove();
    for (const td of this.shell.host.querySelectorAll<HTMLTableCellElement>('[data-mem-ensemble] td[data-live]')) {
      const point = this.baked.find((p) => p.length === Number(td.closest('tr')!.dataset['length']))!;
      const cell = td.dataset['cell'] as MemoryCell;
      setText(td, countText(point.successes[cell], point.finals[cell].length));
      delete td.dataset['live'];
    }
    setText(this.shell.q('[data-mem-ensemble-progress]'), '');
  }

  /** The run under way: its seed and cell (the last run once all have ended). */
  #where(press: Press): EnsembleJob {
    return press.jobs[Math.min(press.job, press.jobs.length - 1)]!;
  }

  /** A cell whose seeds have all ended: its live count replaces the table's. */
  #fill(length: number, cell: MemoryCell, finals: number[]): void {
    const live = this.#live.get(length) ?? { length, finals: {}, successes: {} };
    live.finals[cell] = finals.slice();
    live.successes[cell] = rememberedCount(finals);
    this.#live.set(length, live);
    const td = this.#row(length).querySelector<HTMLTableCellElement>(`td[data-cell="${cell}"]`)!;
    setText(td, countText(live.successes[cell], finals.length));
    td.dataset['live'] = '';
  }

  /** The table's row for `length`, added in its place among the others when the build has none. */
  #row(length: number): HTMLTableRowElement {
    const body = this.shell.q<HTMLTableSectionElement>('[data-mem-ensemble] tbody');
    const rows = [...body.rows];
    const found = rows.find((r) => Number(r.dataset['length']) === length);
    if (found) return found;
    const row = document.createElement('tr');
    row.dataset['length'] = String(length);
    row.dataset['added'] = '';
    const cells = [String(length), '–', '–'];
    const names = [null, 'rnn', 'lstm'] as const;
    cells.forEach((text, i) => {
      const td = document.createElement('td');
      td.textContent = text;
      if (names[i]) td.dataset['cell'] = names[i]!;
      row.append(td);
    });
    body.insertBefore(row, rows.find((r) => Number(r.dataset['length']) > length) ?? null);
    return row;
  }
}
