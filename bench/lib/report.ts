/**
 * From raw measurements to results.json and Markdown: medians, ratios to the plain loop, the
 * per-step anatomy, cold start, bytes, and the issue's budgets, each met or not. Longer than most
 * files because most of it is the layout of the tables; the arithmetic is in the first half.
 */
import type { Lane, PageResults } from '../page/driver.ts';
import { SLICE_MS, type DispatchCosts, type KernelProfile, type RunSample } from '../page/protocol.ts';
import type { BackendInfo } from '../../src/lab/trace.ts';
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
  /** Median of train()'s msPerStep over the runs. */
  msPerStep: number;
  /** Median step inside an epoch, and per-epoch extra work, from the step-end timestamps. */
  stepMs: number;
  epochMs: number;
  totalMs: number;
  runs: number[];
}

export interface BytesReport {
  byKind: Partial<Record<Kind, Bytes>>;
  jsCss: Bytes;
  all: Bytes;
  files: { url: string; raw: number; gzip: number }[];
}

export interface Budget {
  measure: string;
  today: string;
  budget: string;
  measured: string;
  met: boolean | null;
  note: string;
}

export interface Results {
  schema: 1;
  date: string;
  commit: { head: string; dirty: boolean } | null;
  machine: Machine & { browser: string; hardwareConcurrency: number; crossOriginIsolated: boolean };
  settings: { runs: number; warmup: number; coldRuns: number; stepsPerRun: number; gzipLevel: number; kB: number };
  noise: { loadBefore: number[]; loadAfter: number[]; othersCpuShare: number | null; stealShare: number | null; waitedForQuiet: boolean | null };
  buildMs: number | null;
  lanes: Record<string, { backend: BackendInfo | null; label: string; msToReady: number; fallbacks: string[] }>;
  training: Record<string, Record<string, Record<string, TimingSummary>>>;
  /** tfjs ÷ plain loop, same workload and yield mode (median ÷ median). */
  ratios: Record<string, Record<string, Record<string, number>>>;
  /** Largest relative gap between a lane's epoch losses and the plain loop's (first measured run). */
  agreement: Record<string, Record<string, number>>;
  yields: { messageChannelUs: number; setTimeoutUs: number };
  profiles: Record<string, Record<string, KernelProfile>>;
  dispatch: Record<string, DispatchCosts>;
  cold: Record<string, { islandDefined: number; toTraining: number; toFirstEpochLine: number; toDone: number; samples: ColdSample['marks'][]; badge: string }>;
  bytes: {
    beforeInteraction: BytesReport;
    firstRun: BytesReport;
    livePath: BytesReport;
    prefetchedBeforeInteraction: boolean;
    /** The article page's HTML, and how much of it is the baked traces (<script data-baked> JSON). */
    article: { html: Bytes; baked: Bytes };
  };
  ensemble: {
    measured: boolean;
    note: string;
    seeds: number;
    lanes: Record<string, { ms: number; runs: number[]; statuses: string[]; kernels: { name: string; callsPerStep: number; msPerStep: number }[] }>;
  };
  budgets: Budget[];
  benchPageMs: number;
}

export const kB = (n: number) => `${(n / 1000).toFixed(1)} kB`;
const ms = (n: number, digits = 3) => (Number.isFinite(n) ? n.toFixed(digits) : '–');

function summarise(samples: RunSample[]): TimingSummary {
  return {
    msPerStep: median(samples.map((s) => s.msPerStep)),
    stepMs: median(samples.map((s) => s.stepMs)),
    epochMs: median(samples.map((s) => s.epochMs)),
    totalMs: median(samples.map((s) => s.totalMs)),
    runs: samples.map((s) => Math.round(s.msPerStep * 10000) / 10000),
  };
}

export function laneLabel(lane: Pick<Lane, 'choice' | 'engine' | 'backend'>): string {
  const { backend } = lane;
  if (!backend) return 'plain TypeScript loop';
  const name = backend.name !== 'wasm' ? backend.name : `wasm${backend.threads > 0 ? ' threaded' : ''}${backend.simd ? ' SIMD' : ' plain'}`;
  return `${name}${lane.choice === 'auto' ? ' (auto: the site)' : ''}`;
}

export function bytesOf(urls: string[], dist: DistFiles): BytesReport {
  const byKind: Partial<Record<Kind, Bytes>> = {};
  const files: BytesReport['files'] = [];
  let all = NO_BYTES;
  for (const url of [...new Set(urls)]) {
    const b = dist.bytes(url);
    if (!b) continue;
    const kind = kindOf(url);
    byKind[kind] = addBytes(byKind[kind] ?? NO_BYTES, b);
    all = addBytes(all, b);
    files.push({ url: new URL(url).pathname, ...b });
  }
  return { byKind, jsCss: addBytes(byKind.js ?? NO_BYTES, byKind.css ?? NO_BYTES), all, files };
}

export function trainingSummaries(page: PageResults): Pick<Results, 'training' | 'ratios' | 'agreement'> {
  const training: Results['training'] = {};
  const ratios: Results['ratios'] = {};
  const agreement: Results['agreement'] = {};
  const plain = page.samples['plain'] ?? {};
  for (const [lane, byWorkload] of Object.entries(page.samples)) {
    for (const [workload, byMode] of Object.entries(byWorkload)) {
      for (const [mode, samples] of Object.entries(byMode)) {
        const summary = summarise(samples);
        ((training[lane] ??= {})[workload] ??= {})[mode] = summary;
        const reference = plain[workload]?.[mode];
        if (lane !== 'plain' && reference) ((ratios[lane] ??= {})[workload] ??= {})[mode] = summary.msPerStep / median(reference.map((s) => s.msPerStep));
      }
      const mine = byMode['none']?.[0]?.losses ?? [];
      const theirs = plain[workload]?.['none']?.[0]?.losses ?? [];
      const gap = mine.reduce((worst, v, i) => Math.max(worst, Math.abs(v - theirs[i]!) / Math.max(Math.abs(v), 1e-30)), 0);
      (agreement[lane] ??= {})[workload] = mine.length === theirs.length ? gap : NaN;
    }
  }
  return { training, ratios, agreement };
}

export function budgets(r: Omit<Results, 'budgets'>): Budget[] {
  const site = r.training['auto'];
  const exp3Ratio = r.ratios['auto']?.['exp3']?.['message-channel'] ?? NaN;
  const exp3RatioCompute = r.ratios['auto']?.['exp3']?.['none'] ?? NaN;
  const exp1 = site?.['exp1']?.['message-channel']?.msPerStep ?? NaN;
  const cold = r.cold['eager']?.toFirstEpochLine ?? NaN;
  const jsCss = r.bytes.beforeInteraction.jsCss.gzip;
  const live = r.bytes.livePath.all.gzip;
  // The site's own path (the page's client: two lab workers on two cores) where measured.
  const ensembleMs = (r.ensemble.lanes['site'] ?? r.ensemble.lanes['auto'])?.ms;
  const check = (value: number, limit: number) => (Number.isFinite(value) ? value <= limit : null);
  return [
    {
      measure: 'exp3 tfjs-wasm ms/step ÷ plain-loop ms/step',
      today: '2.9',
      budget: '≤ 1.0',
      measured: exp3Ratio.toFixed(2),
      met: check(exp3Ratio, 1),
      note: `site backend, both yielding after every step (stricter than the lab worker, which yields at most every ${SLICE_MS} ms: ${(r.ratios['auto']?.['exp3']?.['sliced'] ?? NaN).toFixed(2)}); compute only (no yield): ${exp3RatioCompute.toFixed(2)}`,
    },
    {
      measure: 'exp1 ms/step',
      today: '0.25',
      budget: '≤ 0.08',
      measured: ms(exp1),
      met: check(exp1, 0.08),
      note: `site backend (${r.lanes['auto']?.label ?? '?'}), train() in a worker yielding after every step (stricter than the lab worker, which yields at most every ${SLICE_MS} ms: ${ms(site?.['exp1']?.['sliced']?.msPerStep ?? NaN)}); compute only: ${ms(site?.['exp1']?.['none']?.msPerStep ?? NaN)}`,
    },
    {
      measure: 'cold click → first epoch',
      today: '~330 ms to backend ready',
      budget: '≤ 400 ms',
      measured: `${ms(cold, 0)} ms`,
      met: check(cold, 400),
      note: `empty cache, Run clicked as soon as the island is defined; click → backend ready ${ms(r.cold['eager']?.toTraining ?? NaN, 0)} ms; after the page went idle first: ${ms(r.cold['idle']?.toFirstEpochLine ?? NaN, 0)} ms; on the SIMD build (no threads): ${ms(r.cold['eager-simd']?.toFirstEpochLine ?? NaN, 0)} ms`,
    },
    {
      measure: 'JS+CSS before first interaction, gzip',
      today: '–',
      budget: '≤ 25 kB',
      measured: kB(jsCss),
      met: check(jsCss, 25_000),
      note: `${r.bytes.prefetchedBeforeInteraction ? 'includes the worker, prefetched because an island is near the first viewport' : 'the worker is not fetched before the reader scrolls or clicks'}; gzip per file: ${r.bytes.beforeInteraction.files
        .filter((f) => /\.(js|css)$/.test(f.url))
        .map((f) => `${f.url.replace('/_astro/', '')} ${kB(f.gzip)}`)
        .join(', ')}`,
    },
    {
      measure: 'live path: worker JS + the one .wasm it loads, gzip',
      today: '306 kB',
      budget: '≤ 260 kB',
      measured: kB(live),
      met: check(live, 260_000),
      note: r.bytes.livePath.files.map((f) => `${f.url.replace('/_astro/', '')} ${kB(f.gzip)}`).join(', '),
    },
    {
      measure: 'exp3, 200 seeds, 20 epochs',
      today: '–',
      budget: '≤ 2 s',
      measured: ensembleMs === undefined ? 'not yet' : `${(ensembleMs / 1000).toFixed(2)} s`,
      met: ensembleMs === undefined ? null : check(ensembleMs, 2000),
      note: `${r.ensemble.note}${Object.entries(r.ensemble.lanes)
        .map(([lane, e]) => `; ${lane === 'site' ? 'the site (the islands’ client: the 200 seeds split between two lab workers)' : `one worker, ${r.lanes[lane]?.label ?? lane}`}: ${(e.ms / 1000).toFixed(2)} s`)
        .join('')}`,
    },
  ];
}

const MODE_LABEL: Record<string, string> = { 'message-channel': 'yield after every step', none: 'no yield (compute only)', sliced: 'yield every ≥ 4 ms (what the lab worker does)' };

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
    '| measure | today (issue) | budget | measured | met |',
    '|---|---|---|---|---|',
    ...r.budgets.map((b) => `| ${b.measure} | ${b.today} | ${b.budget} | ${b.measured} | ${b.met === null ? '–' : b.met ? 'yes' : '**no**'} |`),
    '',
    ...r.budgets.map((b) => `- ${b.measure}: ${b.note}`),
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
        return t ? `${ms(t.msPerStep)}${ratio === undefined ? '' : ` (${ratio.toFixed(2)}×)`}` : '–';
      }),
    );
    lines.push(`| ${r.lanes[lane]!.label} | ${lane === 'plain' ? '–' : ms(r.lanes[lane]!.msToReady, 0)} | ${cells.join(' | ')} |`);
  }
  lines.push(
    '',
    `Yield modes: ${Object.entries(MODE_LABEL).map(([k, v]) => `${v} = \`${k}\``).join('; ')}. A bare MessageChannel yield costs ${r.yields.messageChannelUs.toFixed(1)} µs in the worker, setTimeout(0) ${r.yields.setTimeoutUs.toFixed(0)} µs. ` +
      `Every engine computed the same losses as the plain loop (largest relative gap ${Math.max(...Object.values(r.agreement).flatMap((w) => Object.values(w))).toExponential(1)}).`,
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
      const fixed = r.dispatch[lane]?.tinyAdd;
      if (!none || !mc) continue;
      // The direct step (src/lab/direct.ts) calls the wasm kernels without tfjs's engine: tf.profile sees none of them.
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
        "The site's step is the direct step (src/lab/direct.ts): it calls the wasm backend's kernels without tfjs's engine, so tf.profile sees none of them, only the tensor ops left in the per-epoch work (the NaN tripwire's snapshot, and the tensors of the shuffled data).",
      );
    }
  }
  const cold = (name: string) => r.cold[name];
  lines.push(
    '',
    `### Cold start (empty cache, /en/exploding-vanishing-gradients/, medians of ${r.settings.coldRuns})`,
    '',
    '| scenario | navigation → island defined | click → backend ready | click → "Epoch 1/20" | click → done |',
    '|---|---|---|---|---|',
    ...(Object.keys(COLD_SCENARIOS) as ColdName[]).flatMap((s) => {
      const c = cold(s);
      return c ? [`| ${COLD_SCENARIOS[s]} | ${ms(c.islandDefined, 0)} | ${ms(c.toTraining, 0)} | ${ms(c.toFirstEpochLine, 0)} | ${ms(c.toDone, 0)} |`] : [];
    }),
    '',
    '### Bytes (raw / gzip -6; kB = 1000 bytes)',
    '',
    '| what | html | css | js | wasm | fonts | other | JS+CSS |',
    '|---|---|---|---|---|---|---|---|',
  );
  const row = (name: string, b: BytesReport) =>
    `| ${name} | ${(['html', 'css', 'js', 'wasm', 'font', 'other'] as Kind[]).map((k) => (b.byKind[k] ? `${kB(b.byKind[k].raw)} / ${kB(b.byKind[k].gzip)}` : '–')).join(' | ')} | ${kB(b.jsCss.raw)} / **${kB(b.jsCss.gzip)}** |`;
  lines.push(row('before the first interaction', r.bytes.beforeInteraction), row('the first Run', r.bytes.firstRun), row('live path (worker + its imports + .wasm)', r.bytes.livePath));
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
  return lines.join('\n');
}

/** Headline numbers, for "what changed since the previous run". */
export function headline(r: Results): Record<string, number> {
  const t = (lane: string, w: string, m: string) => r.training[lane]?.[w]?.[m]?.msPerStep ?? NaN;
  return {
    'exp1 ms/step (site, yield/step)': t('auto', 'exp1', 'message-channel'),
    'exp3 ms/step (site, yield/step)': t('auto', 'exp3', 'message-channel'),
    'exp3 ÷ plain (yield/step)': r.ratios['auto']?.['exp3']?.['message-channel'] ?? NaN,
    'exp1 ms/step (plain, yield/step)': t('plain', 'exp1', 'message-channel'),
    'exp3 ms/step (plain, yield/step)': t('plain', 'exp3', 'message-channel'),
    'cold click → first epoch ms': r.cold['eager']?.toFirstEpochLine ?? NaN,
    'JS+CSS before interaction, gzip kB': r.bytes.beforeInteraction.jsCss.gzip / 1000,
    'live path, gzip kB': r.bytes.livePath.all.gzip / 1000,
    'exp3 ensemble, 200 seeds, s (site)': ((r.ensemble.lanes['site'] ?? r.ensemble.lanes['auto'])?.ms ?? NaN) / 1000,
  };
}

export function changes(previous: Results | null, current: Results): string {
  if (!previous) return 'No previous run recorded.';
  const before = headline(previous);
  const after = headline(current);
  const rows = Object.keys(after).map((k) => {
    const a = before[k] ?? NaN;
    const b = after[k]!;
    const delta = Number.isFinite(a) && a !== 0 ? `${(((b - a) / a) * 100).toFixed(0)}%` : '–';
    return `| ${k} | ${Number.isFinite(a) ? a.toFixed(3) : '–'} | ${b.toFixed(3)} | ${delta} |`;
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
