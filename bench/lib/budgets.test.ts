import { describe, expect, it } from 'vitest';
import type { PageResults } from '../page/driver.ts';
import type { EnsembleSample, RunSample } from '../page/protocol.ts';
import { judge, MEASURES, type Measure, type Measured } from './budgets.ts';
import { failures, LOSS_TOLERANCE, mismatches } from './checks.ts';
import { failedSample, type DragSample } from './drag.ts';
import { dragSummary } from './drag-report.ts';
import { ensembleSummary, trainingSummaries } from './report.ts';

const LOSSES = [0.5, 0.4, 0.3];
const run = (msPerStep: number, over: Partial<RunSample> = {}): RunSample => ({ status: 'done', msPerStep, totalMs: msPerStep * 100, stepMs: msPerStep, epochMs: 0, losses: LOSSES, ...over });
const errored = (): RunSample => ({ status: 'error', error: 'invalid experiment: learning rate must be > 0', msPerStep: NaN, totalMs: NaN, stepMs: NaN, epochMs: NaN, losses: [] });
const wasm = { name: 'wasm', simd: true, threads: 1 };

/** A bench page's results with the site's lane, its tensor path and the plain loop, exp3 only, yield after every step. */
function page(site: RunSample[], tensor: RunSample[] = [run(0.6)], plain: RunSample[] = [run(0.4)]): PageResults {
  return {
    crossOriginIsolated: true,
    hardwareConcurrency: 2,
    userAgent: '',
    lanes: [
      { choice: 'auto', engine: 'tfjs', backend: wasm, msToReady: 1, fallbacks: [] },
      { choice: 'auto', engine: 'tfjs-tensor', backend: wasm, msToReady: 1, fallbacks: [] },
      { choice: null, engine: 'plain', backend: null, msToReady: 0, fallbacks: [] },
    ],
    samples: { auto: { exp3: { 'message-channel': site } }, 'auto-tensor': { exp3: { 'message-channel': tensor } }, plain: { exp3: { 'message-channel': plain } } },
    profiles: {},
    dispatch: {},
    ensembles: {},
    yields: { messageChannelUs: 0, setTimeoutUs: 0 },
    errors: [],
    ms: 0,
  };
}

const profile = (kernelsPerStep: number) => ({ exp3: { kernelsPerStep, kernelsPerEpoch: 0, kernelMsPerStep: 0, kernelMsPerEpoch: 0, tensorsPerStep: 0, rows: [] } });

/** Just what the exp3 ratios read: summaries, lanes and profiles (the direct step shows no kernel per step, the tensor path some). */
function measured(p: PageResults): Measured {
  return {
    ...trainingSummaries(p),
    lanes: { auto: { label: 'site', backend: wasm, msToReady: 1, fallbacks: [] }, 'auto-tensor': { label: 'site, tensor path', backend: wasm, msToReady: 1, fallbacks: [] } },
    profiles: { auto: profile(0), 'auto-tensor': profile(84) },
  } as unknown as Measured;
}

const measure = (id: string) => MEASURES.find((m) => m.id === id)!;

describe('a figure counts only if every run behind it completed and computed the workload', () => {
  it('meets its budget when every run completed with the plain loop’s losses', () => {
    const budget = judge(measure('exp3-direct-vs-plain'), measured(page([run(0.15), run(0.15), run(0.15)])));
    expect(budget.status).toBe('met');
    expect(budget.value).toBeCloseTo(0.375);
  });

  it('fails the budget, with the error, when a run errored, instead of timing it as 0 ms', () => {
    const budget = judge(measure('exp3-direct-vs-plain'), measured(page([run(0.15), errored(), run(0.15)])));
    expect(budget.status).toBe('failed');
    expect(budget.value).toBeNull();
    expect(budget.measured).toBe('–');
    expect(budget.reasons.join()).toMatch(/1 of 3 runs ended 'error' \(invalid experiment: learning rate must be > 0\)/);
  });

  it('fails it when a run was cancelled', () => {
    const budget = judge(measure('exp3-direct-vs-plain'), measured(page([run(0.15), run(0.15, { status: 'cancelled' })])));
    expect(budget.status).toBe('failed');
    expect(budget.reasons.join()).toMatch(/ended 'cancelled'/);
  });

  it('fails it when a run computed other losses than the plain loop', () => {
    const budget = judge(measure('exp3-direct-vs-plain'), measured(page([run(0.15), run(0.15, { losses: [0.5, 0.4, 0.31] })])));
    expect(budget.status).toBe('failed');
    expect(budget.reasons.join()).toMatch(/losses differ from the plain loop's in 1 of 2 runs/);
  });

  it('fails a ratio whose reference, the plain loop, failed', () => {
    const budget = judge(measure('exp3-direct-vs-plain'), measured(page([run(0.15)], [run(0.6)], [errored()])));
    expect(budget.status).toBe('failed');
    expect(budget.reasons.join()).toMatch(/plain TypeScript loop, exp3, yield after every step: 1 of 1 runs ended 'error'/);
  });

  it('fails the direct step’s figure when the site’s lane did not take the direct step', () => {
    const r = measured(page([run(0.15)]));
    const budget = judge(measure('exp3-direct-vs-plain'), { ...r, profiles: { ...r.profiles, auto: profile(66) } });
    expect(budget.status).toBe('failed');
    expect(budget.reasons.join()).toMatch(/not the direct step \(tf.profile saw 66 kernels per step\)/);
  });

  it('reports the tensor path’s ratio beside the budget, without one', () => {
    const budget = judge(measure('exp3-tensor-vs-plain'), measured(page([run(0.15)])));
    expect(budget).toMatchObject({ status: 'reported', limit: null, measured: '1.50' });
  });

  it('fails a measure that measured nothing', () => {
    const nothing: Measure = { ...measure('exp3-direct-vs-plain'), read: () => ({ value: NaN, problems: [] }), note: () => '' };
    expect(judge(nothing, measured(page([run(0.15)])))).toMatchObject({ status: 'failed', reasons: ['nothing was measured'] });
  });

  it('says over budget only for a figure whose runs were all fine', () => {
    expect(judge(measure('exp3-direct-vs-plain'), measured(page([run(0.5)]))).status).toBe('over');
  });
});

describe('ensembles are checked as runs are', () => {
  const sample = (over: Partial<EnsembleSample> = {}): EnsembleSample => ({ status: 'done', totalMs: 1000, kernels: null, seedLosses: LOSSES, finalLosses: [0.3, 0.2], ...over });
  const withEnsembles = (site: EnsembleSample[]) => ({ ...page([run(0.15)], [run(0.6)], [run(0.4)]), samples: { plain: { exp3: { none: [run(0.4)] } } }, ensembles: { auto: [sample()], site } });

  it('fails the site’s ensemble when one of its runs was cancelled', () => {
    const e = ensembleSummary(withEnsembles([sample(), sample({ status: 'cancelled' })]));
    expect(e.lanes['site']!.problems.join()).toMatch(/1 of 2 runs ended 'cancelled'/);
    expect(e.lanes['auto']!.problems).toEqual([]);
  });

  it('fails it when a seed’s losses differ from the one-worker run’s or the plain loop’s', () => {
    expect(ensembleSummary(withEnsembles([sample({ finalLosses: [0.3, 0.25] })])).lanes['site']!.problems.join()).toMatch(/every seed's last loss: losses differ/);
    expect(ensembleSummary(withEnsembles([sample({ seedLosses: [0.5, 0.4, 0.2] })])).lanes['site']!.problems.join()).toMatch(/the plain loop's seed: losses differ/);
  });
});

describe('the checks', () => {
  it('count each way runs ended other than done, once', () => {
    expect(failures('x', [run(1), errored(), errored()])).toEqual(["x: 2 of 3 runs ended 'error' (invalid experiment: learning rate must be > 0)"]);
    expect(failures('x', [])).toEqual(['x: no run']);
  });

  it('allow float32 rounding and nothing more, and cannot check against nothing', () => {
    expect(mismatches('x', [[1 + LOSS_TOLERANCE / 2]], [1], 'ref').problems).toEqual([]);
    expect(mismatches('x', [[1 + LOSS_TOLERANCE * 2]], [1], 'ref').problems).toHaveLength(1);
    expect(mismatches('x', [[1, 2]], [1], 'ref').problems).toHaveLength(1);
    expect(mismatches('x', [[1]], null, 'ref').problems).toEqual(['x: no completed ref run to check the losses against']);
  });
});

describe('drags are judged as runs are', () => {
  const drag = (over: Partial<DragSample> = {}): DragSample => ({ ...failedSample('exp1', 'warm', ''), status: 'done', latencies: [20, 30, 40], pointerLatencies: [22, 32, 42], p95: 40, median: 30, max: 40, firstPaint: 30, release: 35, ...over });
  const withDrags = (exp1: DragSample[], first: DragSample[] = [drag({ scenario: 'first' })]) =>
    ({ drag: { plan: {}, warm: { exp1: dragSummary('exp1', 'warm', exp1) }, first: dragSummary('exp1', 'first', first) } }) as unknown as Measured;
  const failed = () => drag({ status: 'failed', error: 'painted 0.01 (asked for at 0 ms) after 0.02 (asked for at 16 ms): an older value after a newer one' });

  it('takes the median of each drag’s p95', () => {
    expect(judge(measure('drag-exp1'), withDrags([drag({ p95: 40 }), drag({ p95: 60 }), drag({ p95: 45 })]))).toMatchObject({ status: 'met', value: 45 });
  });

  it('fails the figure when a drag painted out of order, whatever its latencies', () => {
    const budget = judge(measure('drag-exp1'), withDrags([drag(), failed()]));
    expect(budget.status).toBe('failed');
    expect(budget.reasons.join()).toMatch(/drag, exp1: 1 of 2 runs ended 'failed' \(painted 0.01 .* an older value after a newer one\)/);
  });

  it('says none when no drag had a long task, and is over budget with any', () => {
    expect(judge(measure('drag-long-tasks'), withDrags([drag(), drag()]))).toMatchObject({ status: 'met', measured: 'none' });
    expect(judge(measure('drag-long-tasks'), withDrags([drag(), drag({ longTasks: [{ start: 100, duration: 64 }] })]))).toMatchObject({ status: 'over', value: 64 });
  });

  it('times the first drag from its first input event to its first paint', () => {
    expect(judge(measure('first-drag'), withDrags([drag()], [drag({ scenario: 'first', firstPaint: 150 })]))).toMatchObject({ status: 'over', value: 150 });
  });
});
