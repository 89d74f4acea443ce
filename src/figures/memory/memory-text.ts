/** The memory figure's words, shared by the server (baked) and the element (live). */
import { t, type Locale } from '@/i18n/ui';
import { ADDING_BASELINE, SUCCESS_BELOW, type EnsemblePoint, type MemoryCell, type MemorySettings } from '@/lab/recurrent/memory';

export const lossText = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : String(v));

const cellName = (locale: Locale, cell: MemoryCell) => t(locale, cell === 'rnn' ? 'ttRnn' : 'ttLstm');

/** "step 240 / 600 · loss simple RNN 0.171 · LSTM 0.021" (each loss the mean of the last 100 steps so far). */
export function progressText(locale: Locale, step: number, total: number, losses: Partial<Record<MemoryCell, number>>): string {
  const parts = (Object.entries(losses) as [MemoryCell, number][]).map(([cell, v]) => `${cellName(locale, cell)} ${lossText(v)}`);
  return t(locale, 'memProgress', { step, total, losses: parts.join(' · ') });
}

/** What a finished run says: each trained cell's tail mean and whether it is below half the baseline. */
export function runSentence(locale: Locale, s: MemorySettings, steps: number, finals: Partial<Record<MemoryCell, number>>): string {
  const half = lossText(SUCCESS_BELOW);
  const clauses = (Object.entries(finals) as [MemoryCell, number][]).map(([cell, v]) =>
    t(locale, 'memClause', { cell: cellName(locale, cell), loss: lossText(v), verdict: t(locale, v < SUCCESS_BELOW ? 'memYes' : 'memNo', { half }) }),
  );
  return t(locale, 'memSentence', { steps, length: s.length, seed: s.seed, clauses: clauses.join(locale === 'en' ? '; ' : '；'), baseline: lossText(ADDING_BASELINE) });
}

/** A table cell of the ensemble: "k / n", k of n seeds remembered. */
export const countText = (count: number, n: number) => `${count} / ${n}`;

/** The ensemble table's rows: T, then "k / n" for each cell. */
export function ensembleRows(points: readonly EnsemblePoint[]): string[][] {
  return points.map((p) => [String(p.length), countText(p.successes.rnn, p.finals.rnn.length), countText(p.successes.lstm, p.finals.lstm.length)]);
}

/** Where a live ensemble is: "seed 3 of 8, LSTM, T = 20 · step 240 / 600". */
export function ensembleProgressText(locale: Locale, at: { seed: number; n: number; cell: MemoryCell; length: number; step: number; steps: number }): string {
  return t(locale, 'memEnsembleProgress', { ...at, cell: cellName(locale, at.cell) });
}

/** "T = 30, seed 1, 600 steps": what the figure used instead of a bad input. */
export function settingsText(locale: Locale, s: MemorySettings): string {
  return `T = ${s.length}, ${t(locale, 'seed')} ${s.seed}, ${t(locale, 'memStepsUnit', { n: s.steps })}`;
}
