/**
 * The bench page's side: starts one bench worker per backend configuration (and one for the plain
 * loop), then runs the plan in rounds, each round timing every (worker, workload, yield mode) once,
 * so background noise falls on every configuration alike. bench/harness.ts calls `run` through
 * Playwright and summarises what it returns.
 */
import type { BackendChoice } from '../../src/lab/engine/backend';
import { preset } from '../../src/lab/engine/config';
import type { BackendInfo } from '../../src/lab/engine/trace';
import { LabClient } from '../../src/worker/client';
import { ensembleSample, laneName, SITE_ENSEMBLE, type DispatchCosts, type EnsembleSample, type Engine, type FromBench, type KernelProfile, type RunSample, type ToBench, type Workload, type YieldMode } from './protocol';

export interface Plan {
  choices: BackendChoice[];
  /** Choices (among `choices`) timed a second time on the tensor path, `train(config, { direct: false })`, in the same worker. */
  tensorPath: BackendChoice[];
  workloads: Workload[];
  yieldModes: YieldMode[];
  warmup: number;
  runs: number;
  /** Bare yields to time, for the cost of one. */
  yields: number;
  /** The exp3 seed ensemble: how many seeds, on which backends, how many timed runs after one warm-up. */
  ensemble: { seeds: number; choices: BackendChoice[]; runs: number };
}

/** One worker and engine: a tfjs backend configuration (its direct or its tensor path), or the plain loop (choice null). */
export interface Lane {
  choice: BackendChoice | null;
  engine: Engine;
  backend: BackendInfo | null;
  msToReady: number;
  fallbacks: string[];
}

export interface PageResults {
  crossOriginIsolated: boolean;
  hardwareConcurrency: number;
  userAgent: string;
  lanes: Lane[];
  /** samples[lane][workload][yieldMode]: the measured runs (after warm-up). */
  samples: Record<string, Record<string, Record<string, RunSample[]>>>;
  profiles: Record<string, Record<string, KernelProfile>>;
  dispatch: Record<string, DispatchCosts>;
  /** ensembles[lane]: timed runs, then one profiled run last. */
  ensembles: Record<string, EnsembleSample[]>;
  yields: { messageChannelUs: number; setTimeoutUs: number };
  /** Requests that failed outside timed runs (a profile, the single-op timings), as "what: message". */
  errors: string[];
  ms: number;
}


class BenchWorker {
  readonly #worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'bench' });
  #nextId = 1;
  readonly #pending = new Map<number, { resolve: (m: FromBench) => void; reject: (e: Error) => void }>();
  #ready: ((m: FromBench) => void) | null = null;

  constructor() {
    this.#worker.addEventListener('message', (e: MessageEvent<FromBench>) => {
      const m = e.data;
      if (m.type === 'ready' || (m.type === 'failed' && m.id === null)) {
        this.#ready?.(m);
        return;
      }
      if (m.id === null) return;
      const waiter = this.#pending.get(m.id);
      this.#pending.delete(m.id);
      if (m.type === 'failed') waiter?.reject(new Error(m.message));
      else waiter?.resolve(m);
    });
  }

  init(choice: BackendChoice | null): Promise<Lane> {
    return new Promise((resolve, reject) => {
      this.#ready = (m) => {
        if (m.type === 'ready') resolve({ choice, engine: choice === null ? 'plain' : 'tfjs', backend: m.backend, msToReady: m.msToReady, fallbacks: m.fallbacks });
        else reject(new Error(m.type === 'failed' ? m.message : `unexpected ${m.type}`));
      };
      this.#post({ type: 'init', choice });
    });
  }

  /** Sends a request and waits for the answer of the given type. */
  ask<T extends FromBench['type']>(message: Exclude<ToBench, { type: 'init' }>, type: T): Promise<Extract<FromBench, { type: T }>> {
    return new Promise((resolve, reject) => {
      this.#pending.set(message.id, {
        resolve: (m) => (m.type === type ? resolve(m as Extract<FromBench, { type: T }>) : reject(new Error(`expected ${type}, got ${m.type}`))),
        reject,
      });
      this.#post(message);
    });
  }

  nextId(): number {
    return this.#nextId++;
  }

  #post(message: ToBench): void {
    this.#worker.postMessage(message);
  }

  terminate(): void {
    this.#worker.terminate();
  }
}

async function run(plan: Plan): Promise<PageResults> {
  const started = performance.now();
  const lanes: { lane: Lane; worker: BenchWorker }[] = [];
  // One at a time, so no backend's start-up time includes another's.
  for (const choice of [...plan.choices, null]) {
    const worker = new BenchWorker();
    const lane = await worker.init(choice);
    lanes.push({ lane, worker });
    if (choice !== null && plan.tensorPath.includes(choice)) lanes.push({ lane: { ...lane, engine: 'tfjs-tensor' }, worker });
  }
  const samples: PageResults['samples'] = {};
  const profiles: PageResults['profiles'] = {};
  const dispatch: PageResults['dispatch'] = {};
  const ensembles: PageResults['ensembles'] = {};
  const errors: string[] = [];
  /** A request outside the timed runs: its failure is recorded (and fails what depends on it), not fatal. */
  const attempt = async <T>(what: string, request: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await request();
    } catch (e) {
      errors.push(`${what}: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  };
  try {
    const plainWorker = lanes.at(-1)!.worker;
    const { messageChannelUs, setTimeoutUs } = await plainWorker.ask({ type: 'yields', id: plainWorker.nextId(), count: plan.yields }, 'yielded');

    const jobs = lanes.flatMap(({ lane, worker }) =>
      plan.workloads.flatMap((workload) => plan.yieldModes.map((yieldMode) => ({ lane, worker, workload, yieldMode }))),
    );
    for (let round = 0; round < plan.warmup + plan.runs; round++) {
      // Rotate the order each round, so no configuration always runs right after the same other one.
      const order = jobs.map((_, i) => jobs[(i + round) % jobs.length]!);
      for (const { lane, worker, workload, yieldMode } of order) {
        const { sample } = await worker.ask({ type: 'train', id: worker.nextId(), engine: lane.engine, workload, yieldMode }, 'trained');
        if (round < plan.warmup) continue;
        const byWorkload = (samples[laneName(lane)] ??= {});
        ((byWorkload[workload] ??= {})[yieldMode] ??= []).push(sample);
      }
    }
    for (const { lane, worker } of lanes) {
      if (lane.engine === 'plain') continue;
      const name = laneName(lane);
      if (lane.engine === 'tfjs') {
        const costs = await attempt(`single ops on ${name}`, () => worker.ask({ type: 'dispatch', id: worker.nextId() }, 'dispatched'));
        if (costs) dispatch[name] = costs.costs;
      }
      for (const workload of plan.workloads) {
        const profiled = await attempt(`tf.profile of ${workload} on ${name}`, () => worker.ask({ type: 'profile', id: worker.nextId(), engine: lane.engine, workload }, 'profiled'));
        if (profiled) (profiles[name] ??= {})[workload] = profiled.profile;
      }
    }
    const ensembleLanes = lanes.filter(({ lane }) => lane.engine === 'tfjs' && lane.choice !== null && plan.ensemble.choices.includes(lane.choice));
    for (let round = 0; round < 1 + plan.ensemble.runs + 1; round++) {
      for (const { lane, worker } of ensembleLanes) {
        const profile = round === plan.ensemble.runs + 1;
        const { sample } = await worker.ask({ type: 'ensemble', id: worker.nextId(), seeds: plan.ensemble.seeds, profile }, 'ensembled');
        if (round > 0) (ensembles[laneName(lane)] ??= []).push(sample);
      }
    }
    // The site's own path, timed from this page: the islands' LabClient, which splits a large
    // ensemble between its lab worker and a second one where there are two or more cores.
    const site = new LabClient('auto');
    const siteSamples: EnsembleSample[] = (ensembles[SITE_ENSEMBLE] = []);
    try {
      await site.ready;
      const config = preset('exp3');
      const seeds = Array.from({ length: plan.ensemble.seeds }, (_, i) => i + 1);
      for (let round = 0; round < 1 + plan.ensemble.runs; round++) {
        const t0 = performance.now();
        const result = await site.ensemble(config, seeds);
        if (round > 0) siteSamples.push(ensembleSample(result, performance.now() - t0, config.seed));
      }
    } catch (e) {
      // Not a figure: a sample that says why (the lab worker did not start, say), which fails the budget.
      siteSamples.push({ status: 'error', error: `threw: ${e instanceof Error ? e.message : String(e)}`, totalMs: NaN, kernels: null, seedLosses: [], finalLosses: [] });
    } finally {
      site.terminate();
    }
    return {
      crossOriginIsolated: self.crossOriginIsolated,
      hardwareConcurrency: navigator.hardwareConcurrency,
      userAgent: navigator.userAgent,
      lanes: lanes.map((l) => l.lane),
      samples,
      profiles,
      dispatch,
      ensembles,
      yields: { messageChannelUs, setTimeoutUs },
      errors,
      ms: performance.now() - started,
    };
  } finally {
    for (const { worker } of lanes) worker.terminate();
  }
}

declare global {
  interface Window {
    gradlabBench?: { run: (plan: Plan) => Promise<PageResults> };
  }
}

window.gradlabBench = { run };
document.documentElement.dataset['bench'] = 'ready';
