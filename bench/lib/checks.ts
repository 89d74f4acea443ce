/**
 * What a run must be for its time to count: it ended 'done', and it computed what the plain loop
 * computes. A run that errored has no time worth keeping (it may have stopped after one epoch, or
 * before the first), and a run that computed something else was not the workload it is named for.
 * Each check returns problems, one sentence each, saying what failed and how often; a figure with a
 * problem fails the budget it feeds (budgets.ts), whatever its value.
 */
import type { Outcome } from '../page/protocol.ts';

/**
 * The plain loop computes train()'s trace to float32 rounding: bench/page/plain-loop.test.ts allows
 * a relative gap of 5e-5 over whole traces (measured: ~1.5e-5); a 0.1 % change of the learning rate
 * moves the numbers by 20 times that. The bench checks every run's epoch losses against it.
 */
export const LOSS_TOLERANCE = 5e-5;

/** Why runs cannot be counted: one line per way they ended other than 'done' (none if all did). */
export function failures(what: string, runs: readonly Outcome[]): string[] {
  if (runs.length === 0) return [`${what}: no run`];
  const ends = new Map<string, number>();
  for (const run of runs) {
    if (run.status === 'done') continue;
    const end = `'${run.status}'${run.error ? ` (${run.error})` : ''}`;
    ends.set(end, (ends.get(end) ?? 0) + 1);
  }
  return [...ends].map(([end, n]) => `${what}: ${n} of ${runs.length} runs ended ${end}`);
}

/** Relative difference, 0 for two equal values or two NaNs (as plain-loop.test.ts measures it). */
export function relativeGap(a: number, b: number): number {
  if (Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b))) return 0;
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
}

/** The largest relative gap between two loss sequences; NaN when they cannot be compared (lengths differ, or empty). */
export function lossGap(a: readonly number[], b: readonly number[]): number {
  if (a.length === 0 || a.length !== b.length) return NaN;
  return a.reduce((worst, v, i) => Math.max(worst, relativeGap(v, b[i]!)), 0);
}

/**
 * Runs whose losses are not the reference's to float32 rounding. `runs` are those that ended 'done'
 * (the others are `failures`); `reference` null means there was nothing to check against, which is
 * a problem too: an unchecked figure is not a figure.
 */
export function mismatches(what: string, runs: readonly (readonly number[])[], reference: readonly number[] | null, against: string): { problems: string[]; largest: number } {
  if (runs.length === 0) return { problems: [], largest: NaN };
  if (reference === null) return { problems: [`${what}: no completed ${against} run to check the losses against`], largest: NaN };
  const gaps = runs.map((losses) => lossGap(losses, reference));
  const bad = gaps.filter((g) => !(g <= LOSS_TOLERANCE));
  const largest = gaps.reduce((w, g) => (Number.isNaN(g) || g > w ? g : w), 0);
  const problems = bad.length === 0 ? [] : [`${what}: losses differ from ${against}'s in ${bad.length} of ${runs.length} runs (largest relative gap ${Number.isNaN(largest) ? 'not comparable: different lengths' : largest.toExponential(1)}; rounding stays under ${LOSS_TOLERANCE.toExponential(0)})`];
  return { problems, largest };
}
