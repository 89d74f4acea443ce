/**
 * The page's side of the lab worker: one worker per page, shared by every island, started on first
 * use. `run` resolves with the finished RunTrace; `onEvent` sees each epoch as it arrives.
 */
import type { BackendChoice } from '../backend';
import type { ExperimentConfig } from '../config';
import { TraceBuilder, type BackendInfo, type RunTrace, type TrainEvent } from '../trace';
import type { FromWorker, ToWorker } from './protocol';

export interface Ready {
  backend: BackendInfo;
  msToReady: number;
  fallbacks: string[];
}

interface ActiveRun {
  runId: number;
  builder: TraceBuilder;
  onEvent: (event: TrainEvent) => void;
  resolve: (trace: RunTrace) => void;
}

export class LabClient {
  private readonly worker: Worker;
  readonly ready: Promise<Ready>;
  private nextRunId = 1;
  private active: ActiveRun | null = null;
  private memoryWaiters: ((n: number) => void)[] = [];
  private failure: ((message: string) => void) | null = null;

  constructor(choice: BackendChoice = 'auto') {
    this.worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'lab' });
    this.ready = new Promise<Ready>((resolve, reject) => {
      this.failure = (message) => reject(new Error(message));
      this.worker.addEventListener('message', (e: MessageEvent<FromWorker>) => {
        if (e.data.type === 'ready') resolve(e.data);
      });
    });
    this.worker.addEventListener('message', (e: MessageEvent<FromWorker>) => this.receive(e.data));
    this.worker.addEventListener('error', (e) => this.fail(e.message || 'the lab worker stopped'));
    this.post({ type: 'init', choice });
  }

  private post(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  private receive(message: FromWorker): void {
    switch (message.type) {
      case 'ready':
        return;
      case 'failed':
        this.fail(message.message);
        return;
      case 'event': {
        const run = this.active;
        if (!run || run.runId !== message.runId) return; // an older run's late message
        run.builder.apply(message.event);
        run.onEvent(message.event);
        if (message.event.type === 'done') {
          this.active = null;
          run.resolve(run.builder.trace());
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
    this.failure?.(message);
    const run = this.active;
    this.active = null;
    if (run) {
      run.builder.apply({ type: 'done', status: 'error', predictions: null, totalMs: 0, backend: { name: 'unknown', simd: false, threads: 0 }, error: message });
      run.resolve(run.builder.trace());
    }
  }

  /** Trains `config` in the worker. A newer run (from any island) cancels this one, which then resolves as 'cancelled'. */
  async run(config: ExperimentConfig, onEvent: (event: TrainEvent) => void = () => {}): Promise<RunTrace> {
    await this.ready;
    const previous = this.active;
    if (previous) {
      previous.builder.apply({ type: 'done', status: 'cancelled', predictions: null, totalMs: 0, backend: (await this.ready).backend });
      previous.resolve(previous.builder.trace());
    }
    const runId = this.nextRunId++;
    return new Promise<RunTrace>((resolve) => {
      this.active = { runId, builder: new TraceBuilder(config), onEvent, resolve };
      this.post({ type: 'run', runId, config });
    });
  }

  /** Stops the active run; its promise resolves with status 'cancelled'. */
  cancel(): void {
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
    this.worker.terminate();
    this.fail('the lab worker was stopped');
  }
}

let shared: LabClient | null = null;

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
