/**
 * The page's side of the lab worker: one worker per page, shared by every island, started on first
 * use. `run` resolves with the finished RunTrace; `onEvent` sees each epoch as it arrives. A large
 * seed ensemble also gets a second worker (the partner), where the device has the cores.
 */
import type { SlopeSummary } from '@/lab/engine/activation-fns';
import type { BackendChoice } from '@/lab/engine/backend';
import type { ExperimentConfig, Initializer } from '@/lab/engine/config';
import { mergeEnsembles, type EnsembleResult } from '@/lab/engine/ensemble-result';
import type { BoundaryPoint, ExplosionGrid, ExplosionRow } from '@/lab/studies/explosion-grid';
import { concatenated } from '@/lab/engine/stats';
import { TraceBuilder, type BackendInfo, type RunTrace, type TrainEvent } from '@/lab/engine/trace';
import type { VanishingCell } from '@/lab/studies/vanishing';
import type { FromWorker, MapStatus, ToWorker } from './protocol';

export interface Ready {
  backend: BackendInfo;
  msToReady: number;
  fallbacks: string[];
}

/**
 * Ensembles of at least this many seeds are split between two workers when the device has two or
 * more cores: the seeds are independent, so each half takes about half the time (200 seeds of exp3:
 * bench/README.md). Below it, a second worker's start would cost more than it saves.
 */
const SPLIT_SEEDS = 64;

/** `quick`: a run shown while a control moves (no tripwire replay; train.ts `TrainOptions.quick`). */
export interface RunOptions {
  quick?: boolean;
}

/** How a map (or a replay) ended. `totalMs`: wall time seen from the page; `workers`: how many it ran on. */
export interface MapEnd {
  status: MapStatus;
  totalMs: number;
  workers: number;
  error?: string;
}

/** What an explosion map reports while it runs: each finished row, and the predicted boundary (when asked for) first. */
export interface ExplosionHooks {
  onRow(row: ExplosionRow): void;
  onBoundary?(boundary: BoundaryPoint[]): void;
}

/** A replay's pre-activation summaries: `summaries[i]` per hidden layer, after epoch `epochs[i]`. */
export interface SlopesResult {
  status: MapStatus;
  epochs: number[];
  summaries: SlopeSummary[][];
  error?: string;
}

/** A claimed run (`LabClient.claim`): the backend it got, and what it can run. */
export interface Claim extends Ready {
  run(config: ExperimentConfig, onEvent?: (event: TrainEvent) => void, options?: RunOptions): Promise<RunTrace>;
  ensemble(config: ExperimentConfig, seeds: number[], onEpoch?: (epoch: number, losses: Float32Array) => void): Promise<EnsembleResult>;
  explosionMap(grid: ExplosionGrid, rows: number[], hooks: ExplosionHooks): Promise<MapEnd>;
  vanishingMap(init: Initializer, seeds: number[], onRow: (cells: VanishingCell[]) => void): Promise<MapEnd>;
  slopes(config: ExperimentConfig, epochs: number[]): Promise<SlopesResult>;
}

/** The run the worker is busy with, seen from the page: trace-building for `run`, result-collecting for `ensemble`. */
interface ActiveRun {
  runId: number;
  /** Takes a message about this run; returns true when it was the last one. */
  receive(message: FromWorker): boolean;
  /** Ends the run from the page's side: a newer run replaced it, or the worker died. */
  abandon(status: 'cancelled' | 'error', error?: string): void;
}

/**
 * How long the page gives a threaded start (and the warm-up run after it) before it stops that
 * worker and starts a single-threaded one. The worker bounds the start itself (backend.ts, 2 s), but
 * a worker whose thread is blocked inside it runs no timer and answers nothing: Firefox 153 blocked
 * inside `new Worker()` for a pthread in 5 of 8 starts with tfjs's 8 pthreads (none since the pool
 * starts only the pthreads that pay: src/build/threaded-wasm-fix.ts). A working threaded start and
 * warm-up take 0.1–0.5 s there, so 2 s is the bound with room for a loaded machine.
 */
export const THREADED_WATCHDOG_MS = 2_000;

export class LabClient {
  private worker!: Worker;
  readonly ready: Promise<Ready>;
  private resolveReady: (ready: Ready) => void = () => {};
  private nextRunId = 1;
  private active: ActiveRun | null = null;
  /**
   * Stops pressed while no run was active: a run claimed before one of them (`claim`) ends as
   * 'cancelled' instead of starting. That is how a Stop pressed while the backend is still starting
   * reaches the run the reader is waiting for, and no later one.
   */
  private stops = 0;
  /** Bumped when a newer run replaces this worker's run, even one still waiting for the backend. */
  private superseded = 0;
  /** The worker crashed or was stopped: nothing more will run here. */
  private dead = false;
  private memoryWaiters: ((n: number) => void)[] = [];
  private failure: ((message: string) => void) | null = null;
  /** The second worker for large ensembles, started on the first one and kept. */
  private partner: LabClient | null = null;

  constructor(choice: BackendChoice = 'auto', name = 'lab') {
    this.ready = new Promise<Ready>((resolve, reject) => {
      this.resolveReady = resolve;
      this.failure = (message) => reject(new Error(message));
    });
    this.ready.catch(() => {}); // a failed start is reported to whoever awaits it, not as unhandled
    this.startWorker(choice, name, []);
  }

  /** Starts the worker; a threaded start that does not end in time is replaced by a single-threaded one. */
  private startWorker(choice: BackendChoice, name: string, fallbacks: string[]): void {
    const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name });
    this.worker = worker;
    let watchdog: ReturnType<typeof setTimeout> | undefined;
    worker.addEventListener('message', (e: MessageEvent<FromWorker>) => {
      const message = e.data;
      if (message.type === 'attempt' || message.type === 'ready') clearTimeout(watchdog);
      if (message.type === 'attempt' && message.threads) {
        watchdog = setTimeout(() => {
          worker.terminate();
          if (this.dead) return;
          this.startWorker('wasm-simd', name, [...fallbacks, `wasm threaded SIMD did not start within ${THREADED_WATCHDOG_MS} ms`]);
        }, THREADED_WATCHDOG_MS);
      }
      if (message.type === 'ready') this.resolveReady({ ...message, fallbacks: [...fallbacks, ...message.fallbacks] });
      this.receive(message);
    });
    worker.addEventListener('error', (e) => this.fail(e.message || 'the lab worker stopped'));
    this.post({ type: 'init', choice });
  }

  private post(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  private receive(message: FromWorker): void {
    switch (message.type) {
      case 'attempt':
      case 'ready':
        return;
      case 'failed':
        this.fail(message.message);
        return;
      case 'events':
      case 'ensembleEpoch':
      case 'ensembleDone':
      case 'explosionBoundary':
      case 'explosionRow':
      case 'vanishingRow':
      case 'mapDone':
      case 'slopesDone': {
        const run = this.active;
        if (!run || run.runId !== message.runId) return; // an older run's late message
        if (run.receive(message)) {
          this.active = null;
          this.wakeIdle();
        }
        return;
      }
      case 'memory':
        this.memoryWaiters.shift()?.(message.numTensors);
        return;
      default: {
        const never: never = message;
        throw new Error(`unknown message ${JSON.stringify(never)}`);
      }
    }
  }

  /** The worker failed or died: reject readiness and end the active run as an error. */
  private fail(message: string): void {
    this.dead = true;
    this.failure?.(message);
    const run = this.active;
    this.active = null;
    run?.abandon('error', message);
    this.wakeIdle();
  }

  /** Jobs waiting for the worker to be idle (`startWhenIdle`). */
  private idleWaiters: (() => void)[] = [];

  private wakeIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const wake of waiters) wake();
  }

  /**
   * Starts a job that must never replace a run (the σ′ replay, which a figure asks for after it has
   * painted a run): it waits until nothing runs here, then starts in the same turn it saw the worker
   * idle. A run asked for later replaces it as usual.
   */
  private async startWhenIdle(make: (runId: number) => ActiveRun, message: (runId: number) => ToWorker): Promise<void> {
    await this.ready;
    while (this.active && !this.dead) await new Promise<void>((wake) => this.idleWaiters.push(wake));
    const runId = this.nextRunId++;
    if (this.dead) {
      make(runId).abandon('error', 'the lab worker stopped');
      return;
    }
    this.active = make(runId);
    this.post(message(runId));
  }

  /** Starts a run of either kind: the one before it (from any island) ends as 'cancelled'. */
  private async start(make: (runId: number) => ActiveRun, message: (runId: number) => ToWorker): Promise<void> {
    await this.ready;
    const previous = this.active;
    this.active = null;
    previous?.abandon('cancelled');
    const runId = this.nextRunId++;
    this.active = make(runId);
    this.post(message(runId));
  }

  /**
   * A run the reader asks for now, for when the backend is up: what the islands use. A Stop pressed
   * from now on, even while the backend is still starting, cancels what the claim runs (and nothing
   * claimed after it).
   */
  async claim(): Promise<Claim> {
    const stops = this.stops;
    const ready = await this.ready;
    return {
      ...ready,
      run: (config, onEvent, options) => this.run(config, onEvent, stops, options),
      ensemble: (config, seeds, onEpoch) => this.ensemble(config, seeds, onEpoch, stops),
      explosionMap: (grid, rows, hooks) => this.explosionMap(grid, rows, hooks, stops),
      vanishingMap: (init, seeds, onRow) => this.vanishingMap(init, seeds, onRow, stops),
      slopes: (config, epochs) => this.slopes(config, epochs, stops),
    };
  }

  /** Trains `config` in the worker, streaming its events; resolves with the whole trace. */
  async run(config: ExperimentConfig, onEvent: (event: TrainEvent) => void = () => {}, stops = this.stops, options: RunOptions = {}): Promise<RunTrace> {
    this.partner?.supersede(); // a newer run replaces an ensemble's other half too
    const backend = (await this.ready).backend;
    return new Promise<RunTrace>((resolve, reject) => {
      const builder = new TraceBuilder(config);
      const finish = (status: 'cancelled' | 'error', error?: string) => {
        builder.apply({ type: 'done', status, predictions: null, totalMs: 0, backend, ...(error === undefined ? {} : { error }) });
        resolve(builder.trace());
      };
      if (this.stops !== stops) {
        finish('cancelled'); // Stop was pressed before the run could start
        return;
      }
      this.start(
        (runId) => ({
          runId,
          receive: (m) => {
            if (m.type !== 'events') return false;
            for (const event of m.events) {
              builder.apply(event);
              onEvent(event);
            }
            if (m.events.at(-1)?.type !== 'done') return false;
            resolve(builder.trace());
            return true;
          },
          abandon: finish,
        }),
        (runId) => ({ type: 'run', runId, config, ...(options.quick ? { quick: true } : {}) }),
      ).catch(reject);
    });
  }

  /**
   * Trains `config` for every seed (trainEnsemble); `onEpoch` sees each epoch's per-seed losses.
   * Large ensembles run in two halves, here and in the partner worker, merged in seed order; if the
   * partner cannot start, or lands on another backend, this worker trains its half too.
   */
  async ensemble(config: ExperimentConfig, seeds: number[], onEpoch: (epoch: number, losses: Float32Array) => void = () => {}, stops = this.stops): Promise<EnsembleResult> {
    this.partner?.supersede(); // a newer run replaces an older ensemble's other half
    const backend = (await this.ready).backend;
    if (this.stops !== stops) return cancelledPart(seeds); // Stop was pressed before it could start
    if (seeds.length < SPLIT_SEEDS || cores() < 2) return this.ensembleHere(config, seeds, onEpoch);
    const partner = this.partnerFor(backend);
    const half = Math.ceil(seeds.length / 2);
    const [mine, theirs] = [seeds.slice(0, half), seeds.slice(half)];
    // Each epoch is passed on once both halves have finished it.
    const arrived: [Float32Array[], Float32Array[]] = [[], []];
    let passed = 0;
    const onHalf = (side: 0 | 1) => (epoch: number, losses: Float32Array) => {
      arrived[side][epoch - 1] = losses;
      for (let a = arrived[0][passed], b = arrived[1][passed]; a && b; a = arrived[0][passed], b = arrived[1][passed]) {
        onEpoch(++passed, concatenated([a, b], (n) => new Float32Array(n)));
      }
    };
    const [first, second] = await Promise.all([
      this.ensembleHere(config, mine, onHalf(0)),
      this.partnerHalf(partner, backend, (p) => p.ensembleHere(config, theirs, onHalf(1)), () => cancelledPart(theirs)),
    ]);
    // No usable partner: this worker trains the other half as well, unless its own was stopped.
    const rest = second ?? (first.status === 'done' ? await this.ensembleHere(config, theirs, onHalf(1)) : cancelledPart(theirs));
    return mergeEnsembles(first, rest);
  }

  /**
   * Warms both workers up for an explosion map while nothing else runs: each computes one row of
   * `grid` and throws it away. A live map's first rows then do not pay for the second worker's
   * start or for the training kernels' first, slow calls (the first map on a page took about twice
   * as long as the next without it). Any run asked for meanwhile replaces it, newest wins as ever;
   * it never replaces a run itself.
   */
  async warmUp(grid: ExplosionGrid): Promise<void> {
    const { backend } = await this.ready;
    this.warmHere(grid);
    if (cores() < 2) return;
    const partner = this.partnerFor(backend);
    if (await partner.ready.then(() => true, () => false)) partner.warmHere(grid);
  }

  /** Starts a throw-away row here if the worker is idle (checked and started in one go, so no run can slip in between). */
  private warmHere(grid: ExplosionGrid): void {
    if (this.active || this.dead || grid.his.length === 0) return;
    const runId = this.nextRunId++;
    this.active = { runId, receive: (m) => m.type === 'mapDone', abandon: () => {} };
    this.post({ type: 'explosionMap', runId, grid, rows: [0], boundary: false });
  }

  /** The second worker, started on first use (again after it died) on the backend this one got. */
  private partnerFor(backend: BackendInfo): LabClient {
    if (this.partner?.dead) {
      this.partner.terminate();
      this.partner = null;
    }
    return (this.partner ??= new LabClient(choiceFor(backend), 'lab-partner'));
  }

  /** The partner's half, or null when the partner cannot take it (it failed to start, or runs another backend). */
  private async partnerHalf<R>(partner: LabClient, backend: BackendInfo, work: (partner: LabClient) => Promise<R>, cancelled: () => R): Promise<R | null> {
    const generation = partner.superseded;
    const same = await partner.ready.then(
      (r) => r.backend.name === backend.name && r.backend.simd === backend.simd && r.backend.threads === backend.threads,
      () => false,
    );
    if (!same) {
      if (this.partner === partner) this.partner = null;
      partner.terminate();
      return null;
    }
    if (partner.superseded !== generation) return cancelled(); // a newer run came while it started
    const result = await work(partner);
    if (partner.dead && this.partner === partner) this.partner = null; // a fresh one next time
    return result;
  }

  private async ensembleHere(config: ExperimentConfig, seeds: number[], onEpoch: (epoch: number, losses: Float32Array) => void): Promise<EnsembleResult> {
    await this.ready;
    return new Promise<EnsembleResult>((resolve, reject) => {
      const losses: Float32Array[] = [];
      this.start(
        (runId) => ({
          runId,
          receive: (m) => {
            if (m.type === 'ensembleEpoch') {
              losses.push(m.losses);
              onEpoch(m.epoch, m.losses);
              return false;
            }
            if (m.type !== 'ensembleDone') return false;
            resolve(m.result);
            return true;
          },
          abandon: (status, error) => resolve({ ...cancelledPart(seeds), losses, status, ...(error === undefined ? {} : { error }) }),
        }),
        (runId) => ({ type: 'ensemble', runId, config, seeds }),
      ).catch(reject);
    });
  }

  /**
   * Computes the explosion map's rows `rows` (in this order), reporting each as it is done. With two
   * or more cores the rows are dealt alternately to this worker and the partner, so both go down the
   * coarse-to-fine order together; this worker also sends the boundary. As with ensembles, if the
   * partner cannot start or lands on another backend, this worker computes its rows as well.
   */
  async explosionMap(grid: ExplosionGrid, rows: number[], hooks: ExplosionHooks, stops = this.stops): Promise<MapEnd> {
    this.partner?.supersede();
    const started = performance.now();
    const backend = (await this.ready).backend;
    const ended = (status: MapStatus, workers: number, error?: string): MapEnd => ({ status, workers, totalMs: performance.now() - started, ...(error === undefined ? {} : { error }) });
    if (this.stops !== stops) return ended('cancelled', 1);
    if (rows.length < 2 || cores() < 2) {
      const here = await this.explosionHere(grid, rows, hooks, true);
      return ended(here.status, 1, here.error);
    }
    const partner = this.partnerFor(backend);
    const [mine, theirs] = [rows.filter((_, i) => i % 2 === 0), rows.filter((_, i) => i % 2 === 1)];
    const [first, second] = await Promise.all([
      this.explosionHere(grid, mine, hooks, true),
      this.partnerHalf(partner, backend, (p) => p.explosionHere(grid, theirs, hooks, false), (): Omit<MapEnd, 'workers'> => ({ status: 'cancelled', totalMs: 0 })),
    ]);
    const rest = second ?? (first.status === 'done' ? await this.explosionHere(grid, theirs, hooks, false) : { status: 'cancelled' as const, totalMs: 0 });
    const status: MapStatus = first.status === 'error' || rest.status === 'error' ? 'error' : first.status === 'done' && rest.status === 'done' ? 'done' : 'cancelled';
    return ended(status, second ? 2 : 1, first.error ?? rest.error);
  }

  /** Starts a map-like run here: `take` sees its messages until the one that ends it (it returns true then). */
  private mapHere<R>(message: (runId: number) => ToWorker, take: (m: FromWorker) => R | null, abandoned: (status: 'cancelled' | 'error', error?: string) => R, politely = false): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      (politely ? this.startWhenIdle : this.start).call(
        this,
        (runId) => ({
          runId,
          receive: (m) => {
            const end = take(m);
            if (end === null) return false;
            resolve(end);
            return true;
          },
          abandon: (status, error) => resolve(abandoned(status, error)),
        }),
        message,
      ).catch(reject);
    });
  }

  private async explosionHere(grid: ExplosionGrid, rows: number[], hooks: ExplosionHooks, boundary: boolean): Promise<Omit<MapEnd, 'workers'>> {
    await this.ready;
    return this.mapHere<Omit<MapEnd, 'workers'>>(
      (runId) => ({ type: 'explosionMap', runId, grid, rows, boundary }),
      (m) => {
        if (m.type === 'explosionBoundary') hooks.onBoundary?.(m.boundary);
        if (m.type === 'explosionRow') hooks.onRow(m.row);
        return m.type === 'mapDone' ? { status: m.status, totalMs: m.totalMs, ...(m.error === undefined ? {} : { error: m.error }) } : null;
      },
      (status, error) => ({ status, totalMs: 0, ...(error === undefined ? {} : { error }) }),
    );
  }

  /** The vanishing map for one initializer (every depth and activation, median over `seeds`), one activation's row at a time. */
  async vanishingMap(init: Initializer, seeds: number[], onRow: (cells: VanishingCell[]) => void, stops = this.stops): Promise<MapEnd> {
    this.partner?.supersede();
    const started = performance.now();
    await this.ready;
    const ended = (status: MapStatus, error?: string): MapEnd => ({ status, workers: 1, totalMs: performance.now() - started, ...(error === undefined ? {} : { error }) });
    if (this.stops !== stops) return ended('cancelled');
    return this.mapHere<MapEnd>(
      (runId) => ({ type: 'vanishingMap', runId, init, seeds }),
      (m) => {
        if (m.type === 'vanishingRow') onRow(m.cells);
        return m.type === 'mapDone' ? ended(m.status, m.error) : null;
      },
      ended,
    );
  }

  /**
   * Replays `config` and summarises its hidden layers' pre-activations after each of `epochs`
   * (preactivations.ts). It waits for the worker to be idle and never replaces a run (nor the
   * partner's half of one): any run asked for meanwhile replaces it instead.
   */
  async slopes(config: ExperimentConfig, epochs: number[], stops = this.stops): Promise<SlopesResult> {
    await this.ready;
    const none = (status: MapStatus, error?: string): SlopesResult => ({ status, epochs: [], summaries: [], ...(error === undefined ? {} : { error }) });
    if (this.stops !== stops) return none('cancelled');
    return this.mapHere<SlopesResult>(
      (runId) => ({ type: 'slopes', runId, config, epochs }),
      (m) => (m.type === 'slopesDone' ? { status: m.status, epochs: m.epochs, summaries: m.summaries, ...(m.error === undefined ? {} : { error: m.error }) } : null),
      none,
      true,
    );
  }

  /** Stops the active run (its promise resolves with status 'cancelled'), or the run about to start. */
  cancel(): void {
    if (this.active) this.post({ type: 'cancel', runId: this.active.runId });
    else this.stops++;
    this.partner?.supersede();
  }

  /** A newer run replaces whatever this worker runs or is about to run. */
  private supersede(): void {
    this.superseded++;
    if (this.active) this.post({ type: 'cancel', runId: this.active.runId });
  }

  /** Tensors alive in the worker (for leak checks). */
  numTensors(): Promise<number> {
    return new Promise((resolve) => {
      this.memoryWaiters.push(resolve);
      this.post({ type: 'memory' });
    });
  }

  terminate(): void {
    this.partner?.terminate();
    this.partner = null;
    this.worker.terminate();
    this.fail('the lab worker was stopped');
  }
}

/** Logical cores, 1 where unknown. */
function cores(): number {
  return typeof navigator === 'undefined' ? 1 : navigator.hardwareConcurrency || 1;
}

/** An ensemble (or half of one) that ended before it trained anything. */
function cancelledPart(seeds: number[]): EnsembleResult {
  return { seeds, losses: [], predictions: new Float32Array(0), explodedAt: new Int32Array(seeds.length), status: 'cancelled', totalMs: 0, workers: 1 };
}

/** The backend choice that gives a second worker the backend the first one got. */
function choiceFor(backend: BackendInfo): BackendChoice {
  if (backend.name !== 'wasm') return 'cpu';
  if (!backend.simd) return 'wasm-plain';
  return backend.threads > 0 ? 'auto' : 'wasm-simd';
}

let shared: LabClient | null = null;

declare global {
  interface Window {
    /**
     * Only when the page's URL has `?lab-debug`: the page's client (`labDebug.client()`), so end-to-end
     * tests and curious readers can count the worker's tensors or stop the worker. Absent otherwise.
     */
    labDebug?: { client: () => LabClient };
  }
}
if (typeof location !== 'undefined' && new URLSearchParams(location.search).has('lab-debug')) {
  window.labDebug = { client: () => labClient() };
}

/** The page's one worker. `?backend=cpu|wasm-simd|wasm-plain` in the URL picks a lower backend. */
export function labClient(): LabClient {
  if (!shared) {
    const requested = new URLSearchParams(location.search).get('backend');
    const choice: BackendChoice = requested === 'cpu' || requested === 'wasm-simd' || requested === 'wasm-plain' ? requested : 'auto';
    shared = new LabClient(choice);
  }
  return shared;
}

/** Forgets the page's worker (after it died) so the next use starts a fresh one. */
export function resetLabClient(): void {
  shared?.terminate();
  shared = null;
}
