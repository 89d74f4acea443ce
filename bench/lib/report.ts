/**
 * From raw measurements to results.json and Markdown: medians over the runs that completed, the
 * problems of those that did not (checks.ts), ratios to the plain loop, the per-step anatomy, cold
 * start, bytes, and the budgets' table (budgets.ts judges them). Longer than most files because
 * most of it is the layout of the tables; the arithmetic is in the first half.
 */
import type { PhoneResults } from './phone.ts';
import type { MapResults } from './maps.ts';
import type { Lane, PageResults } from '../page/driver.ts';
import { laneName, SITE_ENSEMBLE, type DispatchCosts, type EnsembleSample, type KernelProfile, type RunSample } from '../page/protocol.ts';
import type { BackendInfo } from '../../src/lab/engine/trace.ts';
import type { Budget } from './budgets.ts';
import { dragMarkdown, type DragResults } from './drag-report.ts';
import { failures, LOSS_TOLERANCE, mismatches } from './checks.ts';
import type { ColdSample } from './cold.ts';
import type { Machine } from './machine.ts';
import { addBytes, kindOf, NO_BYTES, type Bytes, type DistFiles, type Kind } from './sizes.ts';

export const COLD_SCENARIOS = {
  eager: 'click as soon as the island is defined',
  idle: 'click after the page went idle',
  'eager-simd': 'as eager, `?backend=wasm-simd` (no threads)',
} as const;
export type ColdName = keyof typeof COLD_SCENARIOS;

export const median = (values: readonly number[]): number => {
  const s = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export interface TimingSummary {
  /** Median of train()'s msPerStep over the runs that ended 'done'. */
  msPerStep: number;
  /** Median step inside an epoch, and per-epoch extra work, from the step-end timestamps. */
  stepMs: number;
  epochMs: number;
  totalMs: number;
  /** Every run's msPerStep (null in JSON for a run that timed nothing). */
  runs: number[];
  /** Runs that did not end 'done', or whose losses are not the plain loop's; empty when all are fine. */
  problems: string[];
}

export interface BytesReport {
  byKind: Partial<Record<Kind, Bytes>>;
  jsCss: Bytes;
  all: Bytes;
  files: { url: string; raw: number; gzip: number }[];
  /** JS, CSS or wasm files that failed to load or are not in dist/ (their bytes would go uncounted). */
  problems: string[];
}

export interface ColdSummary {
  /** Medians over the samples whose run ended 'done'. */
  islandDefined: number;
  toTraining: number;
  toFirstEpochLine: number;
  toDone: number;
  /** Median ms between the lab worker's creation and the click (positive: it was created before). */
  workerBeforeClick: number;
  samples: (ColdSample['marks'] & Pick<ColdSample, 'status' | 'error'>)[];
  badge: string;
  problems: string[];
}

export interface EnsembleSummary {
  /** Median wall time of the timed runs that ended 'done'. */
  ms: number;
  runs: number[];
  statuses: string[];
  kernels: { name: string; callsPerStep: number; msPerStep: number }[];
  /** Runs that did not end 'done', or whose losses are not the reference's (the plain loop for its seed, the site backend's one-worker run for every seed). */
  problems: string[];
  /** Largest relative gap of any run's losses from those references. */
  largestGap: number;
}

/**
 * Schema 2 (from 2026-11-27 afternoon): budgets have a `status` ('met' | 'over' | 'reported' |
 * 'failed') and `reasons` instead of `met`; summaries carry `problems`; the tensor path is a lane
 * (`auto-tensor`). Schema 1 runs are read only for "against the previous run".
 */
export interface Results {
  schema: 2;
  date: string;
  commit: { head: string; dirty: boolean } | null;
  machine: Machine & { browser: string; hardwareConcurrency: number; crossOriginIsolated: boolean };
  settings: { runs: number; warmup: number; coldRuns: number; dragRuns: number; stepsPerRun: number; gzipLevel: number; kB: number };
  noise: { loadBefore: number[]; loadAfter: number[]; othersCpuShare: number | null; stealShare: number | null; waitedForQuiet: boolean | null };
  buildMs: number | null;
  /** Issue 23's measures (lib/phone.ts); absent in results written before them. */
  phone?: PhoneResults;
  lanes: Record<string, { backend: BackendInfo | null; label: string; msToReady: number; fallbacks: string[] }>;
  training: Record<string, Record<string, Record<string, TimingSummary>>>;
  /** tfjs ÷ plain loop, same workload and yield mode (median ÷ median). */
  ratios: Record<string, Record<string, Record<string, number>>>;
  /** Largest relative gap between any completed run's epoch losses and the plain loop's, per lane and workload (NaN: a different number of epochs; absent: nothing completed to compare). */
  agreement: Record<string, Record<string, number>>;
  yields: { messageChannelUs: number; setTimeoutUs: number };
  profiles: Record<string, Record<string, KernelProfile>>;
  dispatch: Record<string, DispatchCosts>;
  cold: Record<string, ColdSummary>;
  bytes: {
    /** The page's own files fetched before the first interaction (the lab worker's are `workerPrefetch`). */
    beforeInteraction: BytesReport;
    /** The lab worker's files (script, its imports, .wasm) fetched before the first interaction (none since issue 23: the worker waits for intent). */
    workerPrefetch: BytesReport;
    firstRun: BytesReport;
    livePath: BytesReport;
    prefetchedBeforeInteraction: boolean;
    /** The article page's HTML, and how much of it is the baked traces (<script data-baked> JSON). */
    article: { html: Bytes; baked: Bytes };
    /** The same for the zh-TW article. */
    articleZh?: { html: Bytes; baked: Bytes };
  };
  ensemble: {
    note: string;
    seeds: number;
    lanes: Record<string, EnsembleSummary>;
  };
  /** Dragging the figures' learning rate in the article (issue 13): lib/drag.ts, lib/drag-report.ts. */
  drag: DragResults;
  /** The why maps (issue 14), timed through their run(): lib/maps.ts. Absent in runs before it. */
  maps?: MapResults;
  /** Requests outside the timed runs that failed (a profile, the single-op timings). */
  errors: string[];
  budgets: Budget[];
  benchPageMs: number;
}

export const kB = (n: number) => `${(n / 1000).toFixed(1)} kB`;
export const ms = (n: number, digits = 3) => (Number.isFinite(n) ? n.toFixed(digits) : '–');

const completed = <T extends { status: string }>(samples: readonly T[]) => samples.filter((s) => s.status === 'done');

function summarise(samples: RunSample[], problems: string[]): TimingSummary {
  const done = completed(samples);
  return {
    msPerStep: median(done.map((s) => s.msPerStep)),
    stepMs: median(done.map((s) => s.stepMs)),
    epochMs: median(done.map((s) => s.epochMs)),
    totalMs: median(done.map((s) => s.totalMs)),
    runs: samples.map((s) => Math.round(s.msPerStep * 10000) / 10000),
    problems,
  };
}

export function laneLabel(lane: Pick<Lane, 'choice' | 'engine' | 'backend'>): string {
  const { backend } = lane;
  if (!backend) return 'plain TypeScript loop';
  const name = backend.name !== 'wasm' ? backend.name : `wasm${backend.threads > 0 ? ' threaded' : ''}${backend.simd ? ' SIMD' : ' plain'}`;
  return `${name}${lane.choice === 'auto' ? ' (auto: the site)' : ''}${lane.engine === 'tfjs-tensor' ? ', tensor path (`direct: false`)' : ''}`;
}

/** Bytes of the files behind same-origin requests; `status` (when known) ≥ 400 is a failed load. */
export function bytesOf(requests: readonly { url: string; status?: number }[], dist: DistFiles): BytesReport {
  const byKind: Partial<Record<Kind, Bytes>> = {};
  const files: BytesReport['files'] = [];
  const problems: string[] = [];
  let all = NO_BYTES;
  const counted = (url: string) => ['js', 'css', 'wasm'].includes(kindOf(url));
  for (const { url, status } of requests) {
    if (status !== undefined && status >= 400 && counted(url)) problems.push(`${new URL(url).pathname}: HTTP ${status}`);
  }
  for (const url of [...new Set(requests.map((r) => r.url))]) {
    const b = dist.bytes(url);
    if (!b) {
      if (counted(url)) problems.push(`${new URL(url).pathname}: fetched, but not a file in dist/, so not counted`);
      continue;
    }
    const kind = kindOf(url);
    byKind[kind] = addBytes(byKind[kind] ?? NO_BYTES, b);
    all = addBytes(all, b);
    files.push({ url: new URL(url).pathname, ...b });
  }
  return { byKind, jsCss: addBytes(byKind.js ?? NO_BYTES, byKind.css ?? NO_BYTES), all, files, problems };
}

const MODE_LABEL: Record<string, string> = { 'message-channel': 'yield after every step', none: 'no yield (compute only)', sliced: 'yield every ≥ 4 ms (what the lab worker does)' };

/** The plain loop's losses for a workload (its first completed run; every run computes the same), or null. */
function plainLosses(page: PageResults, workload: string): number[] | null {
  const byMode = page.samples['plain']?.[workload] ?? {};
  const run = [byMode['none'] ?? [], ...Object.values(byMode)].flat().find((s) => s.status === 'done');
  return run ? run.losses : null;
}

/**
 * Medians per lane, workload and yield mode over the runs that completed; every run's status is
 * checked, and every completed run's losses against the plain loop's.
 */
export function trainingSummaries(page: PageResults): Pick<Results, 'training' | 'ratios' | 'agreement'> {
  const training: Results['training'] = {};
  const ratios: Results['ratios'] = {};
  const agreement: Results['agreement'] = {};
  const labels = new Map(page.lanes.map((l) => [laneName(l), laneLabel(l)]));
  for (const [lane, byWorkload] of Object.entries(page.samples)) {
    for (const [workload, byMode] of Object.entries(byWorkload)) {
      const reference = plainLosses(page, workload);
      const gaps: number[] = [];
      for (const [mode, samples] of Object.entries(byMode)) {
        const what = `${labels.get(lane) ?? lane}, ${workload}, ${MODE_LABEL[mode] ?? mode}`;
        const done = completed(samples);
        const matched = mismatches(what, done.map((s) => s.losses), reference, 'the plain loop');
        if (done.length > 0 && reference !== null) gaps.push(matched.largest);
        ((training[lane] ??= {})[workload] ??= {})[mode] = summarise(samples, [...failures(what, samples), ...matched.problems]);
      }
      // Only what was compared; runs that did not complete are problems already.
      if (gaps.length > 0) (agreement[lane] ??= {})[workload] = gaps.some(Number.isNaN) ? NaN : Math.max(...gaps);
    }
  }
  const plain = training['plain'] ?? {};
  for (const [lane, byWorkload] of Object.entries(training)) {
    if (lane === 'plain') continue;
    for (const [workload, byMode] of Object.entries(byWorkload)) {
      for (const [mode, summary] of Object.entries(byMode)) {
        const reference = plain[workload]?.[mode];
        if (reference) ((ratios[lane] ??= {})[workload] ??= {})[mode] = summary.msPerStep / reference.msPerStep;
      }
    }
  }
  return { training, ratios, agreement };
}

const ENSEMBLE_NOTE =
  'exp3, seeds 1–200, 20 epochs, trainEnsemble (src/lab/engine/ensemble.ts: one seed after another on the direct step where the backend is wasm, one batched program otherwise), yielding per epoch; timed in the page through the islands’ client, and alone in one bench worker per backend';

/**
 * Ensembles per lane (the bench workers' and the site's own): medians over the completed runs;
 * every run's status checked, the losses of the plain loop's seed (exp3's default, 29) against the
 * plain loop's exp3 run (the same seed and config), and every seed's last loss against the site backend's first one-worker run.
 */
export function ensembleSummary(page: PageResults): Results['ensemble'] {
  const labels = new Map(page.lanes.map((l) => [laneName(l), laneLabel(l)]));
  const all = Object.values(page.ensembles).flat();
  const firstDone = (samples: readonly EnsembleSample[] | undefined) => samples?.find((s) => s.status === 'done' && s.finalLosses.length > 0);
  const finals = (firstDone(page.ensembles['auto']) ?? firstDone(all))?.finalLosses ?? null;
  const plain = plainLosses(page, 'exp3');
  const lanes = Object.entries(page.ensembles).map(([lane, samples]): [string, EnsembleSummary] => {
    const what = lane === SITE_ENSEMBLE ? "the site's ensemble (the islands' client)" : `ensemble, one worker, ${labels.get(lane) ?? lane}`;
    const done = completed(samples);
    const seed = mismatches(`${what}, the plain loop's seed`, done.map((s) => s.seedLosses), plain, 'the plain loop');
    const every = mismatches(`${what}, every seed's last loss`, done.map((s) => s.finalLosses), finals, 'the one-worker ensemble on the site backend');
    const timed = done.filter((s) => s.kernels === null);
    const profiled = samples.find((s) => s.kernels !== null);
    return [
      lane,
      {
        ms: median(timed.map((s) => s.totalMs)),
        runs: samples.filter((s) => s.kernels === null).map((s) => Math.round(s.totalMs)),
        statuses: [...new Set(samples.map((s) => s.status))],
        kernels: profiled?.kernels?.slice(0, 12) ?? [],
        problems: [...failures(what, samples), ...seed.problems, ...every.problems],
        largestGap: Math.max(seed.largest, every.largest),
      },
    ];
  });
  return { note: ENSEMBLE_NOTE, seeds: page.ensembles[SITE_ENSEMBLE]?.[0]?.finalLosses.length ?? 0, lanes: Object.fromEntries(lanes) };
}

/** Cold starts of one scenario: medians over the samples whose run ended 'done' and showed its first epoch. */
export function coldSummary(name: string, samples: readonly ColdSample[]): ColdSummary {
  const what = `cold start, ${name}`;
  const done = completed(samples);
  const noLine = done.filter((s) => s.marks.toFirstEpochLine === null).length;
  const problems = [...failures(what, samples), ...(noLine > 0 ? [`${what}: ${noLine} of ${samples.length} runs ended 'done' without repainting the console`] : [])];
  return {
    islandDefined: median(done.map((s) => s.marks.islandDefined)),
    toTraining: median(done.map((s) => s.marks.toTraining ?? NaN)),
    toFirstEpochLine: median(done.map((s) => s.marks.toFirstEpochLine ?? NaN)),
    toDone: median(done.map((s) => s.marks.toDone ?? NaN)),
    workerBeforeClick: median(done.map((s) => s.marks.workerBeforeClick ?? NaN)),
    samples: samples.map((s) => ({ ...s.marks, status: s.status, ...(s.error === undefined ? {} : { error: s.error }) })),
    badge: samples[0]?.backendBadge ?? '',
    problems,
  };
}

export function markdown(r: Results): string {
  const lines: string[] = [];
  const laneOrder = Object.keys(r.lanes);
  lines.push(
    `Run ${r.date.slice(0, 16).replace('T', ' ')} UTC on ${r.machine.cores} × ${r.machine.cpu}, ${r.machine.browser}, headless, ${r.machine.crossOriginIsolated ? 'cross-origin isolated' : 'NOT cross-origin isolated'}; ` +
      `commit ${r.commit ? `${r.commit.head.slice(0, 8)}${r.commit.dirty ? ' + uncommitted changes' : ''}` : 'unknown'}. ` +
      `Medians of ${r.settings.runs} runs after ${r.settings.warmup} warm-up, ${r.settings.stepsPerRun} steps each (exp1 and exp3, batch 20, 20 epochs). ` +
      `While it measured, other processes used ${r.noise.othersCpuShare === null ? '?' : `${(r.noise.othersCpuShare * 100).toFixed(0)}%`} of the CPU and the hypervisor took ${r.noise.stealShare === null ? '?' : `${(r.noise.stealShare * 100).toFixed(0)}%`}; load average before: ${r.noise.loadBefore.join(' ')}.`,
    '',
    '### Budgets',
    '',
    '| measure | today (issue) | budget | measured | status |',
    '|---|---|---|---|---|',
    ...r.budgets.map((b) => `| ${b.measure} | ${b.today} | ${b.budget} | ${b.measured} | ${STATUS_LABEL[b.status]} |`),
    '',
    ...r.budgets.map((b) => `- ${b.measure}: ${b.status === 'failed' ? `**failed: ${b.reasons.join('; ')}.** ` : ''}${b.note}`),
    '',
    `A figure fails when any run behind it did not end 'done' or computed losses other than the plain loop's (relative gap over ${LOSS_TOLERANCE.toExponential(0)}), or nothing was measured; its value is then not shown. Medians are taken over the runs that completed.`,
    '',
    '### Training speed, ms per step (ratio to the plain loop under the same yield)',
    '',
    '| backend | start ms | exp1 yield/step | exp1 no yield | exp1 ≥ 4 ms slices | exp3 yield/step | exp3 no yield | exp3 ≥ 4 ms slices |',
    '|---|---|---|---|---|---|---|---|',
  );
  for (const lane of laneOrder) {
    const cells = ['exp1', 'exp3'].flatMap((w) =>
      ['message-channel', 'none', 'sliced'].map((m) => {
        const t = r.training[lane]?.[w]?.[m];
        const ratio = r.ratios[lane]?.[w]?.[m];
        if (!t) return '–';
        if (t.problems.length > 0) return '**failed**';
        return `${ms(t.msPerStep)}${ratio === undefined ? '' : ` (${ratio.toFixed(2)}×)`}`;
      }),
    );
    lines.push(`| ${r.lanes[lane]!.label} | ${lane === 'plain' || lane.endsWith('-tensor') ? '–' : ms(r.lanes[lane]!.msToReady, 0)} | ${cells.join(' | ')} |`);
  }
  lines.push(
    '',
    `Yield modes: ${Object.entries(MODE_LABEL).map(([k, v]) => `${v} = \`${k}\``).join('; ')}. A bare MessageChannel yield costs ${r.yields.messageChannelUs.toFixed(1)} µs in the worker, setTimeout(0) ${r.yields.setTimeoutUs.toFixed(0)} µs. ` +
      agreementSentence(r),
    '',
    '### Anatomy of a step (kernel counts from tf.profile; fixed cost = a 1-element add, an estimate within ±30 %)',
    '',
    '| backend | workload | step ms, no yield | + yield ms | per-epoch work ms | kernels/step | fixed cost µs/kernel | ≈ kernels × fixed cost, ms |',
    '|---|---|---|---|---|---|---|---|',
  );
  for (const lane of laneOrder) {
    for (const w of ['exp1', 'exp3']) {
      const none = r.training[lane]?.[w]?.['none'];
      const mc = r.training[lane]?.[w]?.['message-channel'];
      const p = r.profiles[lane]?.[w];
      const fixed = (r.dispatch[lane] ?? r.dispatch[lane.replace(/-tensor$/, '')])?.tinyAdd;
      if (!none || !mc) continue;
      // The direct step (src/lab/engine/step/direct.ts) calls the wasm kernels without tfjs's engine: tf.profile sees none of them.
      const direct = p !== undefined && p.kernelsPerStep === 0;
      const floor = p && fixed !== undefined && !direct ? (p.kernelsPerStep * fixed) / 1000 : NaN;
      const count = !p ? '–' : direct ? 'direct step: not seen by tf.profile' : p.kernelsPerStep.toFixed(0);
      lines.push(
        `| ${r.lanes[lane]!.label} | ${w} | ${ms(none.stepMs)} | ${ms(mc.stepMs - none.stepMs)} | ${ms(none.epochMs)} | ${count} | ${fixed === undefined ? '–' : fixed.toFixed(1)} | ${ms(floor)} |`,
      );
    }
  }
  lines.push(
    '',
    'Single ops, µs per call (median of 3 × 2000 calls inside tidies, disposal included):',
    '',
    '| backend | add, 1 element | the same Add kernel through engine.runKernel | mul by a JS number, 20×32 | matMul 20×32 · 32×32 | the same, · 32×32ᵀ | tf.fused.matMul + bias + sigmoid | its _FusedMatMul kernel, called directly | 4.1 M multiply-adds as 4000×32 · 32×32 | the same as 200 × (20×32 · 32×32) |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...laneOrder
      .filter((lane) => r.dispatch[lane])
      .map((lane) => {
        const d = r.dispatch[lane]!;
        const gmacs = (us: number) => `${us.toFixed(0)} (${(4_096_000 / us / 1000).toFixed(1)} GMAC/s)`;
        return `| ${r.lanes[lane]!.label} | ${[d.tinyAdd, d.tinyAddKernel, d.mulByNumber, d.matMul, d.transposedMatMul, d.fusedMatMulOp, d.fusedMatMulKernel].map((v) => v.toFixed(1)).join(' | ')} | ${gmacs(d.flatMatMul4M)} | ${gmacs(d.batchedMatMul4M)} |`;
      }),
  );
  const siteProfile = r.profiles['auto']?.['exp3'];
  if (siteProfile) {
    lines.push(
      '',
      `### exp3 on ${r.lanes['auto']!.label}: kernels per step and per epoch (tf.profile, median of 3 runs; times include the profiler's own cost)`,
      '',
      '| kernel | calls/step | µs/step | µs/call | extra calls per epoch |',
      '|---|---|---|---|---|',
    );
    for (const row of siteProfile.rows.filter((x) => x.perStep > 0 || x.perEpoch > 0)) {
      const name = row.wrapper ? `${row.name} (op wrapper: its time includes the kernels inside)` : row.name;
      lines.push(`| ${name} | ${row.perStep.toFixed(0)} | ${row.usPerStep.toFixed(1)} | ${row.perStep > 0 ? (row.usPerStep / row.perStep).toFixed(1) : '–'} | ${row.perEpoch.toFixed(0)} |`);
    }
    lines.push('', `Totals without wrappers: ${siteProfile.kernelsPerStep.toFixed(0)} kernels and ${siteProfile.tensorsPerStep.toFixed(0)} new tensors per step, ${siteProfile.kernelsPerEpoch.toFixed(0)} more kernels per epoch.`);
    if (siteProfile.kernelsPerStep === 0) {
      lines.push(
        '',
        "The site's step is the direct step (src/lab/engine/step/direct.ts): it calls the wasm backend's kernels without tfjs's engine, so tf.profile sees none of them, only the tensor ops left in the per-epoch work (the NaN tripwire's snapshot, and the tensors of the shuffled data).",
      );
    }
  }
  const cold = (name: string) => r.cold[name];
  lines.push(
    '',
    `### Cold start (empty cache, /en/exploding-vanishing-gradients/, medians of ${r.settings.coldRuns})`,
    '',
    '| scenario | navigation → island defined | lab worker created, ms before the click | click → backend ready | click → first epochs painted | click → done |',
    '|---|---|---|---|---|---|',
    ...(Object.keys(COLD_SCENARIOS) as ColdName[]).flatMap((s) => {
      const c = cold(s);
      return c ? [`| ${COLD_SCENARIOS[s]} | ${ms(c.islandDefined, 0)} | ${ms(c.workerBeforeClick ?? NaN, 0)} | ${ms(c.toTraining, 0)} | ${ms(c.toFirstEpochLine, 0)} | ${ms(c.toDone, 0)} |`] : [];
    }),
    '',
    ...dragMarkdown(r.drag),
    '',
    '### Bytes (raw / gzip -6; kB = 1000 bytes)',
    '',
    '| what | html | css | js | wasm | fonts | other | JS+CSS |',
    '|---|---|---|---|---|---|---|---|',
  );
  const row = (name: string, b: BytesReport) =>
    `| ${name} | ${(['html', 'css', 'js', 'wasm', 'font', 'other'] as Kind[]).map((k) => (b.byKind[k] ? `${kB(b.byKind[k].raw)} / ${kB(b.byKind[k].gzip)}` : '–')).join(' | ')} | ${kB(b.jsCss.raw)} / **${kB(b.jsCss.gzip)}** |`;
  lines.push(
    row("before the first interaction: the page's own", r.bytes.beforeInteraction),
    ...(r.bytes.workerPrefetch ? [row('before the first interaction: the lab worker (should be none: it waits for intent)', r.bytes.workerPrefetch)] : []),
    row('the first Run', r.bytes.firstRun),
    row('live path (worker + its imports + .wasm)', r.bytes.livePath),
  );
  const { html, baked } = r.bytes.article;
  lines.push(
    '',
    `The article's HTML is ${kB(html.raw)} (${kB(html.gzip)} gzip); the baked traces in it (\`<script data-baked>\` JSON) are ${kB(baked.raw)} raw and account for ${kB(baked.gzip)} of the gzip.`,
  );
  const siteEnsemble = r.ensemble.lanes['auto'];
  if (siteEnsemble && siteEnsemble.kernels.length > 0) {
    lines.push(
      '',
      `### exp3 ensemble, 200 seeds, on ${r.lanes['auto']!.label}: where a step's time goes (tf.profile, one run; epoch work included)`,
      '',
      '| kernel | calls/step | ms/step |',
      '|---|---|---|',
      ...siteEnsemble.kernels.map((k) => `| ${k.name} | ${k.callsPerStep.toFixed(1)} | ${k.msPerStep.toFixed(3)} |`),
    );
    if (!siteEnsemble.kernels.some((k) => /MatMul/.test(k.name))) {
      lines.push('', "No matMul in the profile: the seeds ran one after another on the direct step, whose kernels tf.profile does not see; what is left is the per-epoch tensor work.");
    }
  } else lines.push('', `Ensemble (exp3, 200 seeds): ${r.ensemble.note}.`);
  const problems = allProblems(r);
  if (problems.length > 0) lines.push('', '### Problems (every run, request or file that did not count)', '', ...problems.map((p) => `- ${p}`));
  return lines.join('\n');
}

const STATUS_LABEL: Record<Budget['status'], string> = { met: 'met', over: '**over budget**', reported: 'reported (no budget)', failed: '**failed**' };

/** What the losses check found, in one sentence: the same losses everywhere, or where not. */
function agreementSentence(r: Results): string {
  const gaps = Object.entries(r.agreement).flatMap(([lane, byWorkload]) => Object.entries(byWorkload).map(([workload, gap]) => ({ lane, workload, gap })));
  const off = gaps.filter((g) => !(g.gap <= LOSS_TOLERANCE));
  if (gaps.length > 0 && off.length === 0) {
    return `Every completed run of every engine computed the plain loop's losses (largest relative gap ${Math.max(...gaps.map((g) => g.gap)).toExponential(1)}; rounding stays under ${LOSS_TOLERANCE.toExponential(0)}).`;
  }
  if (gaps.length === 0) return '**No run was checked against the plain loop.**';
  return `**Losses that are not the plain loop's** (relative gap over ${LOSS_TOLERANCE.toExponential(0)}): ${off.map((g) => `${r.lanes[g.lane]?.label ?? g.lane}, ${g.workload}: ${Number.isNaN(g.gap) ? 'a different number of epochs' : g.gap.toExponential(1)}`).join('; ')}.`;
}

/** Every problem found, once each: runs, ensembles, cold starts, bytes, failed requests. */
function allProblems(r: Results): string[] {
  const found = [
    ...Object.values(r.training).flatMap((w) => Object.values(w).flatMap((m) => Object.values(m).flatMap((t) => t.problems))),
    ...Object.values(r.ensemble.lanes).flatMap((e) => e.problems),
    ...Object.values(r.cold).flatMap((c) => c.problems),
    ...[...Object.values(r.drag.warm), ...(r.drag.first ? [r.drag.first] : [])].flatMap((d) => d.problems),
    ...[r.bytes.beforeInteraction, r.bytes.workerPrefetch, r.bytes.firstRun, r.bytes.livePath].flatMap((b) => b?.problems ?? []),
    ...r.errors,
    ...r.budgets.flatMap((b) => b.reasons),
  ];
  return [...new Set(found)];
}

/** Headline numbers, for "what changed since the previous run". */
export function headline(r: Results): Record<string, number> {
  // A figure with problems is no figure (NaN, shown as –); schema-1 results had no problems recorded.
  const fine = (x: { problems?: string[] } | undefined) => x !== undefined && (x.problems?.length ?? 0) === 0;
  const t = (lane: string, w: string, m: string) => {
    const summary = r.training[lane]?.[w]?.[m];
    return fine(summary) ? summary!.msPerStep : NaN;
  };
  const ratio = (lane: string) => t(lane, 'exp3', 'message-channel') / t('plain', 'exp3', 'message-channel');
  const site = r.ensemble.lanes['site'];
  const cold = r.cold['eager'];
  const bytes = (b: BytesReport, value: number) => (fine(b) ? value : NaN);
  return {
    'exp1 ms/step (site, yield/step)': t('auto', 'exp1', 'message-channel'),
    'exp3 ms/step (site, yield/step)': t('auto', 'exp3', 'message-channel'),
    'exp3 ÷ plain, direct step (yield/step)': ratio('auto'),
    'exp3 ÷ plain, tensor path (yield/step)': ratio('auto-tensor'),
    'exp1 ms/step (plain, yield/step)': t('plain', 'exp1', 'message-channel'),
    'exp3 ms/step (plain, yield/step)': t('plain', 'exp3', 'message-channel'),
    'cold click → first epoch ms': fine(cold) ? cold!.toFirstEpochLine : NaN,
    'JS+CSS before interaction, gzip kB': bytes(r.bytes.beforeInteraction, r.bytes.beforeInteraction.jsCss.gzip / 1000),
    'live path, gzip kB': bytes(r.bytes.livePath, r.bytes.livePath.all.gzip / 1000),
    'exp3 ensemble, 200 seeds, s (site)': fine(site) ? site!.ms / 1000 : NaN,
    // Absent before the drags were measured (30 Nov 2026).
    ...Object.fromEntries(['exp1', 'exp2', 'exp3'].map((e) => [`drag ${e}: input → painted, p95 ms`, fine(r.drag?.warm[e]) ? r.drag.warm[e]!.p95 : NaN])),
    'drag: longest long task ms (0: none)': r.drag && Object.values(r.drag.warm).every(fine) ? Math.max(...Object.values(r.drag.warm).map((d) => d.longTasks.longest)) : NaN,
    'first drag after load: input → painted ms': fine(r.drag?.first ?? undefined) ? r.drag.first!.firstPaint : NaN,
  };
}

export function changes(previous: Results | null, current: Results): string {
  if (!previous) return 'No previous run recorded.';
  const before = headline(previous);
  const after = headline(current);
  const rows = Object.keys(after).map((k) => {
    const a = before[k] ?? NaN;
    const b = after[k]!;
    const delta = Number.isFinite(a) && Number.isFinite(b) && a !== 0 ? `${(((b - a) / a) * 100).toFixed(0)}%` : '–';
    const cell = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : '–');
    return `| ${k} | ${cell(a)} | ${cell(b)} | ${delta} |`;
  });
  return [
    `Against the previous run (${previous.date.slice(0, 16).replace('T', ' ')} UTC, commit ${previous.commit?.head.slice(0, 8) ?? '?'}${previous.commit?.dirty ? '+' : ''}):`,
    '',
    '| headline | previous | now | change |',
    '|---|---|---|---|',
    ...rows,
  ].join('\n');
}

export const README_START = '<!-- bench:latest:start (written by bench/harness.ts) -->';
export const README_END = '<!-- bench:latest:end -->';

/** Replaces the generated block of bench/README.md (or appends one). */
export function updateReadme(readme: string, block: string): string {
  const generated = `${README_START}\n${block}\n${README_END}`;
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start >= 0 && end > start) return readme.slice(0, start) + generated + readme.slice(end + README_END.length);
  return `${readme.trimEnd()}\n\n${generated}\n`;
}
