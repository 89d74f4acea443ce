/**
 * What a run produces: a stream of events while it trains, and the RunTrace they add up to.
 * RunTrace is a public contract (islands, exports and tests read it); events are its increments,
 * small enough to post from a worker every epoch.
 */
import type { ExperimentConfig } from './config';
import type { Histogram } from './stats';

/** Which TensorFlow.js backend ran the numbers; `threads` is the size of the wasm thread pool (0 = none). */
export interface BackendInfo {
  name: string;
  simd: boolean;
  threads: number;
}

/** "WASM · SIMD · 1 thread", "CPU": how the badge names a backend; `threads` words the pool in the page's language. */
export function backendLabel(info: BackendInfo, threads: (n: number) => string = (n) => (n === 1 ? '1 thread' : `${n} threads`)): string {
  const parts = [info.name.toUpperCase()];
  if (info.simd) parts.push('SIMD');
  if (info.threads > 0) parts.push(threads(info.threads));
  return parts.join(' · ');
}

export type RunStatus = 'done' | 'cancelled' | 'error';

/** Which step trained a run (session.ts): the direct kernel calls (direct.ts), the lean tensor step (lean.ts) or the general one. */
export type StepPath = 'direct' | 'lean' | 'general';

/** Where a run first produced a non-finite number (the NaN tripwire). Layers count from 0, steps and epochs from 1. */
export interface TripReport {
  epoch: number;
  step: number;
  /** What went first, in the order a step computes: the loss, then the gradients, then the updated weights. */
  quantity: 'loss' | 'gradient' | 'weight';
  layer: number | null;
  param: 'kernel' | 'bias' | 'gamma' | 'beta' | null;
  /** This step's loss (NaN/Infinity when the loss tripped). */
  loss: number;
  /** The previous step's loss and per-layer kernel-gradient norms: the last finite values (null at the very first step). */
  lastLoss: number | null;
  lastKernelGradNorms: number[] | null;
  /** The run stopped here (config.stopOnNonFinite) rather than carrying the NaN on. */
  stopped: boolean;
}

export type TrainEvent =
  /** Before epoch `epoch` (1-based) trains: the article's printout of layers[1]'s kernel, column 0, first 6. */
  | { type: 'epochBegin'; epoch: number; printed: Float32Array }
  /**
   * After epoch `epoch`: mean step loss; per layer the kernel-gradient L2 norm (mean over the steps), the
   * kernel's L2 norm, the mean |activation slope| on the training inputs, and a histogram of the kernel;
   * the predictions at this point.
   */
  | {
      type: 'epochEnd';
      epoch: number;
      loss: number;
      gradNorms: Float32Array;
      weightNorms: Float32Array;
      slopes: Float32Array;
      predictions: Float32Array;
      histograms: Histogram[];
      msPerStep: number;
    }
  | { type: 'trip'; trip: TripReport }
  /** The end of a run, whatever ended it. `predictions` is null unless the run completed. */
  | { type: 'done'; status: RunStatus; predictions: Float32Array | null; totalMs: number; backend: BackendInfo; error?: string; path?: StepPath; directFallback?: string };

export interface EpochRecord {
  epoch: number;
  loss: number;
  printed: number[];
  gradNorms: number[];
  weightNorms: number[];
  msPerStep: number;
  slopes: number[];
  predictions: number[];
  histograms: Histogram[];
}

export interface RunTrace {
  experiment: ExperimentConfig['experiment'];
  config: ExperimentConfig;
  backend: BackendInfo;
  epochs: EpochRecord[];
  predictions: number[] | null;
  status: RunStatus;
  error?: string;
  /** Where the run first went non-finite, if it did. */
  trip: TripReport | null;
  /** Wall time of the whole run in ms (not part of what two runs must agree on). */
  totalMs: number;
  /** Which step trained it (absent when no session was made: an invalid config, a run that never started). */
  path?: StepPath;
  /**
   * Why a run the direct step would serve took the lean step instead: the direct step failed its
   * self-check on this backend (direct.ts), as it would after a tfjs upgrade that changed the kernels
   * it calls. The numbers are the same; only the speed differs.
   */
  directFallback?: string;
}

/**
 * Folds events into a RunTrace. The same code runs inside `train` and in the page's worker client,
 * so the trace a page shows is built exactly like the one Node bakes at build time.
 */
export class TraceBuilder {
  private readonly epochs: EpochRecord[] = [];
  private pendingPrinted: number[] | null = null;
  private trip: TripReport | null = null;
  private end: Extract<TrainEvent, { type: 'done' }> | null = null;

  constructor(private readonly config: ExperimentConfig) {}

  apply(event: TrainEvent): void {
    switch (event.type) {
      case 'epochBegin':
        this.pendingPrinted = Array.from(event.printed);
        break;
      case 'epochEnd':
        this.epochs.push({
          epoch: event.epoch,
          loss: event.loss,
          printed: this.pendingPrinted ?? [],
          gradNorms: Array.from(event.gradNorms),
          weightNorms: Array.from(event.weightNorms),
          msPerStep: event.msPerStep,
          slopes: Array.from(event.slopes),
          predictions: Array.from(event.predictions),
          histograms: event.histograms,
        });
        this.pendingPrinted = null;
        break;
      case 'trip':
        this.trip = event.trip;
        break;
      case 'done':
        // A copy: the worker transfers the event's arrays to the page right after this, which empties them here.
        this.end = { ...event, predictions: event.predictions ? event.predictions.slice() : null };
        break;
      // Stryker disable next-line all: unreachable, TypeScript refuses a fifth kind of event here
      default: {
        const never: never = event;
        // Stryker disable next-line StringLiteral: unreachable (above)
        throw new Error(`unknown event ${JSON.stringify(never)}`);
      }
    }
  }

  /** The trace so far; status 'cancelled' until a `done` event says otherwise. */
  trace(): RunTrace {
    const end = this.end;
    const trace: RunTrace = {
      experiment: this.config.experiment,
      config: this.config,
      backend: end?.backend ?? { name: 'unknown', simd: false, threads: 0 },
      epochs: this.epochs.slice(),
      predictions: end?.predictions ? Array.from(end.predictions) : null,
      status: end?.status ?? 'cancelled',
      trip: this.trip,
      totalMs: end?.totalMs ?? 0,
    };
    if (end?.error !== undefined) trace.error = end.error;
    if (end?.path !== undefined) trace.path = end.path;
    if (end?.directFallback !== undefined) trace.directFallback = end.directFallback;
    return trace;
  }
}

/** JSON cannot hold NaN or ±Infinity; these keep them as strings on the way out and back. */
/** A run that never trained: its settings, status 'error' and the reason, no backend. */
export function errorTrace(config: ExperimentConfig, message: string): RunTrace {
  const builder = new TraceBuilder(config);
  builder.apply({ type: 'done', status: 'error', predictions: null, totalMs: 0, backend: { name: 'none', simd: false, threads: 0 }, error: message });
  return builder.trace();
}

export function stringifyTrace(trace: RunTrace): string {
  return JSON.stringify(trace, (_key, value: unknown) =>
    typeof value === 'number' && !Number.isFinite(value) ? String(value) : value,
  );
}

export function parseTrace(text: string): RunTrace {
  return parseTraces<RunTrace>(text);
}

/** Any JSON holding traces (a fix figure's `{ before, after }`), with NaN and ±Infinity back as numbers. */
export function parseTraces<T>(text: string): T {
  return JSON.parse(text, (_key, value: unknown) =>
    value === 'NaN' || value === 'Infinity' || value === '-Infinity' ? Number(value) : value,
  ) as T;
}

/**
 * How a training loop reports: `emit` folds an event into the trace and passes it on; `finish` sends
 * the closing `done` event (with the run's wall time) and returns the finished trace. Shared by
 * `train()` and the plain reference loop, so both report alike.
 */
export function recorder(config: ExperimentConfig, backend: BackendInfo, onEvent?: (event: TrainEvent) => void) {
  const builder = new TraceBuilder(config);
  const started = performance.now();
  let trainedOn: { path: StepPath; directFallback: string | null } | null = null;
  const emit = (event: TrainEvent): void => {
    builder.apply(event);
    onEvent?.(event);
  };
  /** Says which step trains the run, and why not the direct one if it failed its self-check, for the closing `done` event. */
  const trainedBy = (path: StepPath, directFallback: string | null): void => {
    trainedOn = { path, directFallback };
  };
  const finish = (status: RunStatus, predictions: Float32Array | null, error?: string): RunTrace => {
    const done: TrainEvent = { type: 'done', status, predictions, totalMs: performance.now() - started, backend };
    if (error !== undefined) done.error = error;
    if (trainedOn) done.path = trainedOn.path;
    if (trainedOn?.directFallback) done.directFallback = trainedOn.directFallback;
    emit(done);
    return builder.trace();
  };
  return { emit, finish, trainedBy };
}
