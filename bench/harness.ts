/**
 * `npm run bench`: builds the site, serves it with `astro preview`, and drives headless Chromium to
 * measure training speed per backend against the plain loop, cold start, bytes, and dragging a
 * figure's learning rate (latency, long tasks, the first drag after load). Writes
 * bench/results.json, prints a Markdown table and rewrites the generated block of bench/README.md.
 * Exits with status 1 when a measure failed (a run behind it errored, was cancelled or computed
 * other losses than the plain loop; bench/lib/budgets.ts), after writing the results all the same.
 *
 *   npm run bench -- [--skip-build] [--runs 15] [--warmup 2] [--cold 7] [--drags 7] [--port 4351]
 *                    [--max-load 0.7] [--no-write] [--only core,lighthouse,requests,cls,embed,ratio,series]
 *
 * `--only` runs the named parts alone: `core` is everything before issue 23 (training speed, cold
 * starts, bytes, drags, maps); the others are issue 23's (lib/phone.ts). Without `core` the results
 * go to bench/tmp/phone.json only, and bench/README.md and results.json are left alone.
 * `--no-write` prints the tables and keeps the results in bench/tmp/ (git-ignored) instead.
 *
 * On a shared machine, run it under the workspace's lock for heavy jobs (`flock /tmp/heavy.lock …`):
 * builds and benches share dist/. `--max-load` waits (up to 10 minutes) for the 1-minute load
 * average to fall under the given value before measuring; every run records how much CPU other
 * processes used while it measured.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from '@playwright/test';
import type { PageResults, Plan } from './page/driver.ts';
import { laneName } from './page/protocol.ts';
import { coldStart, type ColdSample, type Scenario } from './lib/cold.ts';
import { calibrate, DRAG_PLAN, dragSample, failedSample, type DragSample, type DragScenario, type Track } from './lib/drag.ts';
import { dragSummary, type DragResults } from './lib/drag-report.ts';
import { mapResults } from './lib/maps.ts';
import { dragProfile, type TraceEvent } from './lib/trace-summary.ts';
import { cpuSample, loadAverage, machine, othersShare, waitForQuiet } from './lib/machine.ts';
import { budgets } from './lib/budgets.ts';
import { bytesOf, changes, coldSummary, ensembleSummary, laneLabel, markdown, trainingSummaries, updateReadme, type Results } from './lib/report.ts';
import { build, preview, type Preview } from './lib/server.ts';
import { KNOB_DRAGS, knobDrag, memoryRuns } from './lib/knob-drag.ts';
import { DistFiles, kindOf, NO_BYTES, workerOnly } from './lib/sizes.ts';
import { EMBED_CASES, embedFit, LIGHTHOUSE_PAGES, LIGHTHOUSE_RUNS, lighthouseRounds, PHONE_PARTS, phoneMarkdown, requestLog, runRatio, sessionCls, type PhonePart, type PhoneResults } from './lib/phone.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BENCH = path.join(ROOT, 'bench');
const ARTICLE = '/en/exploding-vanishing-gradients/';
const SECOND_ARTICLE = '/en/vanishing-gradients-through-time/';
const log = (s: string) => console.error(`bench: ${s}`);

const { values: args } = parseArgs({
  options: {
    'skip-build': { type: 'boolean', default: false },
    runs: { type: 'string', default: '15' },
    warmup: { type: 'string', default: '2' },
    cold: { type: 'string', default: '7' },
    drags: { type: 'string', default: '7' },
    maps: { type: 'string', default: '7' },
    port: { type: 'string', default: process.env['BENCH_PORT'] ?? '4351' },
    'max-load': { type: 'string' },
    'no-write': { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});
const PARTS = ['core', ...PHONE_PARTS] as const;
const only = new Set((args.only ?? PARTS.join(',')).split(',').map((p) => p.trim()));
for (const part of only) if (!(PARTS as readonly string[]).includes(part)) throw new Error(`--only: unknown part "${part}" (known: ${PARTS.join(', ')})`);
const runs = Number(args.runs);
const warmup = Number(args.warmup);
const coldRuns = Number(args.cold);
const dragRuns = Number(args.drags);
const mapRuns = Number(args.maps);
if (!(runs >= 7 && coldRuns >= 7 && dragRuns >= 7 && mapRuns >= 7)) throw new Error('--runs, --cold, --drags and --maps must be at least 7 (medians of ≥ 7 runs)');

function browserPath(): string | undefined {
  const system = process.env['CHROMIUM_PATH'] ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
  if (!system && !existsSync(chromium.executablePath())) {
    throw new Error("no Chromium: install Debian's `chromium`, run `npx playwright install chromium`, or set CHROMIUM_PATH");
  }
  return system;
}

function commit(): Results['commit'] {
  try {
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: ROOT, encoding: 'utf8' }).trim() !== '';
    return { head, dirty };
  } catch {
    return null;
  }
}

async function coldSamples(browser: Browser, origin: string, path: string, scenario: Scenario): Promise<ColdSample[]> {
  await coldStart(browser, origin, path, scenario); // warm-up: the browser's own first-use costs
  const samples: ColdSample[] = [];
  for (let i = 0; i < coldRuns; i++) samples.push(await coldStart(browser, origin, path, scenario));
  return samples;
}

const DRAG_FIGURES = ['exp1', 'exp2', 'exp3'];

/**
 * Drags of each figure's learning rate (lib/drag.ts): the sliders calibrated first, then rounds of
 * one warm drag per figure (so background noise falls on each alike), then the first drags after
 * load, on exp1, the first figure a reader reaches.
 */
async function dragResults(browser: Browser, origin: string): Promise<DragResults> {
  const tracks = new Map<string, Track | string>();
  for (const experiment of DRAG_FIGURES) {
    tracks.set(experiment, await calibrate(browser, origin, ARTICLE, experiment).catch((e: unknown) => `calibrating the slider threw: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`));
  }
  const sample = (experiment: string, scenario: DragScenario): Promise<DragSample> => {
    const track = tracks.get(experiment)!;
    return typeof track === 'string' ? Promise.resolve(failedSample(experiment, scenario, track)) : dragSample(browser, origin, ARTICLE, experiment, scenario, track);
  };
  const warm = new Map<string, DragSample[]>(DRAG_FIGURES.map((e) => [e, []]));
  for (let i = 0; i < dragRuns; i++) for (const experiment of DRAG_FIGURES) warm.get(experiment)!.push(await sample(experiment, 'warm'));
  const first: DragSample[] = [];
  for (let i = 0; i < dragRuns; i++) first.push(await sample('exp1', 'first'));
  // One more warm drag per figure under a trace: where the main thread's and the worker's time went.
  const profiles: DragResults['profiles'] = {};
  for (const experiment of DRAG_FIGURES) {
    const track = tracks.get(experiment)!;
    if (typeof track === 'string') {
      profiles[experiment] = { error: track };
      continue;
    }
    let trace: Buffer | null = null;
    const traced = await dragSample(browser, origin, ARTICLE, experiment, 'warm', track, DRAG_PLAN, {
      before: (page) => browser.startTracing(page, { categories: ['devtools.timeline', 'toplevel'] }),
      after: async () => void (trace = await browser.stopTracing()),
    });
    if (trace === null) {
      profiles[experiment] = { error: traced.error ?? 'no trace' };
      continue;
    }
    mkdirSync(path.join(BENCH, 'tmp'), { recursive: true });
    writeFileSync(path.join(BENCH, 'tmp', `drag-trace-${experiment}.json`), trace);
    const events = (JSON.parse((trace as Buffer).toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
    profiles[experiment] = { ...dragProfile(events), drag: { p95: traced.p95, median: traced.median, status: traced.status } };
  }
  const exp1 = tracks.get('exp1');
  const values = typeof exp1 === 'string' || !exp1 ? [] : exp1.steps.filter((v, i) => v >= DRAG_PLAN.from && v <= DRAG_PLAN.to && Number.isFinite(exp1.xs[i]));
  return {
    plan: { ...DRAG_PLAN, path: ARTICLE, viewport: '1280 × 900', values },
    warm: Object.fromEntries([...warm].map(([e, samples]) => [e, dragSummary(e, 'warm', samples)])),
    first: dragSummary('exp1', 'first', first),
    profiles,
  };
}

/** The article's HTML, and the part of it that is baked traces. */
function articleBytes(dist: DistFiles, origin: string, page = ARTICLE): Results['bytes']['article'] {
  const file = dist.fileFor(`${origin}${page}`);
  if (!file) return { html: NO_BYTES, baked: NO_BYTES };
  const html = readFileSync(file);
  const text = html.toString('utf8');
  const baked = [...text.matchAll(/<script type="application\/json" data-baked>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
  const gzip = (b: Buffer | string) => gzipSync(b, { level: 6 }).length;
  const bakedRaw = baked.reduce((s, b) => s + Buffer.byteLength(b), 0);
  const without = baked.reduce((t, b) => t.replace(b, ''), text);
  return { html: { raw: html.length, gzip: gzip(html) }, baked: { raw: bakedRaw, gzip: gzip(html) - gzip(without) } };
}

async function benchPage(browser: Browser, origin: string): Promise<PageResults> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    page.on('pageerror', (e) => log(`bench page error: ${e.message}`));
    await page.goto(`${origin}/bench/`);
    await page.waitForFunction(() => document.documentElement.dataset['bench'] === 'ready');
    const plan: Plan = {
      choices: ['auto', 'wasm-simd', 'wasm-plain', 'cpu'],
      tensorPath: ['auto'],
      workloads: ['exp1', 'exp3'],
      yieldModes: ['message-channel', 'none', 'sliced'],
      warmup,
      runs,
      yields: 2000,
      ensemble: { seeds: 200, choices: ['auto', 'wasm-simd'], runs },
    };
    return await page.evaluate((p) => window.gradlabBench!.run(p), plan);
  } finally {
    await context.close();
  }
}

/** Issue 23's parts that `--only` asks for (all of them by default), in a fixed order. */
async function phoneResults(browser: Browser, root: string, origin: string, chromePath: string): Promise<PhoneResults> {
  const out: PhoneResults = {};
  const wanted = (part: PhonePart) => only.has(part);
  if (wanted('lighthouse')) {
    log(`lighthouse, mobile, ${LIGHTHOUSE_RUNS} rounds: ${LIGHTHOUSE_PAGES.join(', ')}…`);
    out.lighthouse = await lighthouseRounds(root, origin, chromePath);
  }
  if (wanted('requests')) {
    log('requests of the first 5 s after load…');
    out.requests = [await requestLog(browser, origin, ARTICLE), await requestLog(browser, origin, ARTICLE.replace('/en/', '/zh-tw/'))];
  }
  if (wanted('cls')) {
    log('layout shift over a reading session at 375 and 1280…');
    out.cls = [await sessionCls(browser, origin, 375, 812), await sessionCls(browser, origin, 1280, 800)];
  }
  if (wanted('embed')) {
    log('embeds in a 640 × 480 frame…');
    out.embed = [];
    for (const [locale, figure] of EMBED_CASES) out.embed.push(await embedFit(browser, origin, locale, figure));
  }
  if (wanted('series')) {
    log(`the second article: ${KNOB_DRAGS.length} knob drags…`);
    out.series = [];
    for (const d of KNOB_DRAGS) out.series.push(await knobDrag(browser, `${origin}${SECOND_ARTICLE}`, d.figure, d.knob));
    // A drag that failed or left an input unpainted is a failed measurement, never a fast one.
    log('the memory figure\'s default run, 3 times…');
    out.memory = await memoryRuns(browser, `${origin}${SECOND_ARTICLE}`, 3);
    if (out.series.some((d) => d.error || !Number.isFinite(d.p95)) || out.memory.error || !Number.isFinite(out.memory.median)) process.exitCode = 1;
  }
  if (wanted('ratio')) {
    log(`exp3's island run against the plain loop, ${runs} runs each…`);
    out.ratio = await runRatio(browser, origin, runs);
  }
  return out;
}

async function main(): Promise<void> {
  let buildMs: number | null = null;
  if (!args['skip-build']) {
    log('building the site (astro build)…');
    buildMs = await build(ROOT, path.join(BENCH, 'tmp', 'build.log'));
  }
  const dist = new DistFiles(path.join(ROOT, 'dist'));
  if (!existsSync(path.join(ROOT, 'dist', 'bench', 'index.html'))) throw new Error('dist/bench/index.html is missing: build first (drop --skip-build)');

  let server: Preview | null = null;
  let browser: Browser | null = null;
  const stopAll = async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
  };
  const onSignal = () => void stopAll().then(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    server = await preview(ROOT, Number(args.port), path.join(BENCH, 'tmp', 'preview.log'));
    const launchPath = browserPath();
    browser = await chromium.launch({
      ...(launchPath ? { executablePath: launchPath } : {}),
      args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
    const waitedForQuiet = args['max-load'] === undefined ? null : await waitForQuiet(Number(args['max-load']), 600_000, log);
    if (waitedForQuiet === false) log('the machine did not quieten down; measuring anyway (the results say so)');
    const chromePath = launchPath ?? chromium.executablePath();
    if (!only.has('core')) {
      const loadBefore = loadAverage();
      const phone = await phoneResults(browser, ROOT, server.origin, chromePath);
      const loadAfter = loadAverage();
      await stopAll();
      console.log(`${phoneMarkdown(phone)}\nLoad average before ${loadBefore.map((v) => v.toFixed(2)).join(', ')}; after ${loadAfter.map((v) => v.toFixed(2)).join(', ')}.`);
      mkdirSync(path.join(BENCH, 'tmp'), { recursive: true });
      writeFileSync(path.join(BENCH, 'tmp', 'phone.json'), `${JSON.stringify({ date: new Date().toISOString(), commit: commit(), loadBefore, loadAfter, ...phone }, null, 2)}\n`);
      log('wrote bench/tmp/phone.json (bench/README.md and results.json untouched)');
      return;
    }

    const loadBefore = loadAverage();
    const cpuFrom = cpuSample();
    log(`cold starts: ${coldRuns} + 1 warm-up for each of 3 scenarios…`);
    const eager = await coldSamples(browser, server.origin, ARTICLE, 'eager');
    const idle = await coldSamples(browser, server.origin, ARTICLE, 'idle');
    const eagerSimd = await coldSamples(browser, server.origin, `${ARTICLE}?backend=wasm-simd`, 'eager');
    log(`drags: the sliders calibrated, then ${dragRuns} drags of each of ${DRAG_FIGURES.join(', ')} and ${dragRuns} first drags after load…`);
    const drag = await dragResults(browser, server.origin);
    log(`the why maps: ${mapRuns} + 1 warm-up of each…`);
    const maps = await mapResults(browser, server.origin, ARTICLE, mapRuns);
    log('training speed in the bench page…');
    const page = await benchPage(browser, server.origin);
    const phone = await phoneResults(browser, ROOT, server.origin, chromePath);
    const cpuTo = cpuSample();
    const browserVersion = `Chromium ${browser.version()}`;
    await stopAll();

    const idleFirst = idle[0]!;
    const eagerFirst = eager[0]!;
    const fetched = (s: ColdSample, phase: 'before-interaction' | 'first-run') => s.requests.filter((r) => r.phase === phase && r.url.startsWith(server!.origin));
    const workerUrls = eagerFirst.workers.filter((u) => u.startsWith(server!.origin));
    const wasm = eagerFirst.requests.filter((r) => kindOf(r.url) === 'wasm');
    const livePath = bytesOf([...workerUrls.flatMap((u) => dist.withStaticImports(u)).map((url) => ({ url })), ...wasm], dist);
    // The live path is what a run loads: a run that fetched no worker or no .wasm did not load it, and counts nothing.
    if (workerUrls.length === 0) livePath.problems.push('the first eager cold start started no lab worker');
    if (wasm.length === 0) livePath.problems.push('the first eager cold start fetched no .wasm');
    // Before the first interaction: the page's own files, and apart from them the lab worker's, which since issue 23 nothing should fetch before a reader's intent.
    const before = fetched(idleFirst, 'before-interaction');
    const prefetched = workerOnly(before.map((r) => r.url), idleFirst.workers.filter((u) => u.startsWith(server!.origin)), dist);
    const previousFile = path.join(BENCH, 'results.json');
    const previous = existsSync(previousFile) ? (JSON.parse(readFileSync(previousFile, 'utf8')) as Results) : null;

    const partial: Omit<Results, 'budgets'> = {
      schema: 2,
      date: new Date().toISOString(),
      commit: commit(),
      machine: { ...machine(), browser: browserVersion, hardwareConcurrency: page.hardwareConcurrency, crossOriginIsolated: page.crossOriginIsolated },
      settings: { runs, warmup, coldRuns, dragRuns, stepsPerRun: 100, gzipLevel: 6, kB: 1000 },
      noise: { loadBefore, loadAfter: loadAverage(), othersCpuShare: othersShare(cpuFrom, cpuTo)?.others ?? null, stealShare: othersShare(cpuFrom, cpuTo)?.steal ?? null, waitedForQuiet },
      buildMs,
      lanes: Object.fromEntries(page.lanes.map((l) => [laneName(l), { backend: l.backend, label: laneLabel(l), msToReady: l.msToReady, fallbacks: l.fallbacks }])),
      ...trainingSummaries(page),
      yields: page.yields,
      profiles: page.profiles,
      dispatch: page.dispatch,
      cold: { eager: coldSummary('eager', eager), idle: coldSummary('idle', idle), 'eager-simd': coldSummary('eager, SIMD build', eagerSimd) },
      bytes: {
        beforeInteraction: bytesOf(before.filter((r) => !prefetched.has(r.url)), dist),
        workerPrefetch: bytesOf(before.filter((r) => prefetched.has(r.url)), dist),
        firstRun: bytesOf(fetched(idleFirst, 'first-run'), dist),
        livePath,
        prefetchedBeforeInteraction: fetched(idleFirst, 'before-interaction').some((r) => workerUrls.includes(r.url)),
        article: articleBytes(dist, server.origin),
        articleZh: articleBytes(dist, server.origin, ARTICLE.replace('/en/', '/zh-tw/')),
      },
      ensemble: ensembleSummary(page),
      drag,
      maps,
      errors: page.errors,
      benchPageMs: page.ms,
      phone,
    };
    const results: Results = { ...partial, budgets: budgets(partial) };
    const table = `${markdown(results)}\n\n${phoneMarkdown(phone)}`;
    const delta = changes(previous, results);
    console.log(`${table}\n\n${delta}`);
    const failed = results.budgets.filter((b) => b.status === 'failed');
    if (failed.length > 0) {
      // Still written: a failed run is a result too. The exit status says the figures are not usable.
      log(`FAILED: ${failed.map((b) => `${b.measure} (${b.reasons.join('; ')})`).join(' | ')}`);
      process.exitCode = 1;
    }
    if (results.noise.othersCpuShare !== null && results.noise.othersCpuShare > 0.1) {
      log(`warning: other processes used ${(results.noise.othersCpuShare * 100).toFixed(0)}% of the CPU while measuring; the figures are noisy`);
    }
    if (args['no-write']) writeFileSync(path.join(BENCH, 'tmp', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
    else {
      writeFileSync(previousFile, `${JSON.stringify(results, null, 2)}\n`);
      const readmeFile = path.join(BENCH, 'README.md');
      const readme = existsSync(readmeFile) ? readFileSync(readmeFile, 'utf8') : '# Benchmarks\n';
      writeFileSync(readmeFile, updateReadme(readme, `${table}\n\n${delta}`));
      log('wrote bench/results.json and the latest table in bench/README.md');
    }
  } finally {
    await stopAll();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

await main();
