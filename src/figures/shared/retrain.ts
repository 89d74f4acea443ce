/**
 * Re-training while a control moves: the one piece of interaction every island shares (issue 13).
 * A slider's `input` event asks for a whole run of the new settings; this module decides which
 * runs actually happen and which get painted:
 *
 *   request(job) ──▶ pending (one slot: a newer job overwrites it, the older one resolves 'cancelled')
 *                       │ when nothing is in flight
 *                       ▼
 *                   in flight (one run in the shared worker) ──▶ finished ──▶ painted on the next frame
 *
 * - Latest wins, never queue: intermediate values are skipped, not run one after another.
 * - A run that is still going when a newer value arrives is abandoned if runs of this island are
 *   long (over LONG_MS, such as 2,000 epochs); a short one finishes first (abandoning it would
 *   starve a fast drag of any result), so the display lags by at most two runs. Long runs stream
 *   their epochs while they go.
 * - At most one paint a frame, and only the newest finished run: a superseded result never paints
 *   after a newer one, because runs happen one at a time and in order.
 * - Each `request` resolves with its own trace once the frame that painted it (or a newer one) has
 *   run, so `tweak()` can hand a test the run it sees.
 *
 * The scheduling itself (`LatestWins`) knows nothing about traces: a figure whose jobs are maps or
 * plain arithmetic (the overshoot) uses it with its own kind of result (`Results`). `Retrainer` is
 * the same scheduler for training runs.
 */
import { errorTrace, TraceBuilder, type RunTrace, type TrainEvent } from '@/lab/engine/trace';
import type { ExperimentConfig } from '@/lab/engine/config';

/** A run an island wants, with what it needs to paint it. `final`: the reader let go (a full run). */
export interface Job {
  config: ExperimentConfig;
  final: boolean;
}

export interface RetrainHooks<J, R = RunTrace, E = TrainEvent> {
  /** Starts the job's run in the worker, streaming its events; resolves when it ends, whatever the status. */
  start(job: J, onEvent: (event: E) => void): Promise<R>;
  /** Shows a finished run. */
  paint(result: R, job: J): void;
  /** Shows a run still in flight that has outlasted a frame (its result so far). */
  progress(result: R, job: J): void;
  /** A run was started (the island may say "training"). */
  started?(job: J): void;
}

/** What the scheduler needs to know about a kind of result. */
export interface Results<J, R, E> {
  /** What a request resolves with when a newer one replaced it before it was painted. */
  cancelled(job: J): R;
  /** What a request resolves with when its start threw. */
  failed(job: J, message: string): R;
  /** Folds the events of a run in flight into its result so far. */
  follow(job: J): { apply(event: E): void; result(): R };
}

/** Training runs: results are traces, built from the run's events as the worker's client builds them. */
const TRACES: Results<Job, RunTrace, TrainEvent> = {
  cancelled: (job) => new TraceBuilder(job.config).trace(), // status 'cancelled', no epochs
  failed: (job, message) => errorTrace(job.config, message),
  follow(job) {
    const builder = new TraceBuilder(job.config);
    return { apply: (event) => builder.apply(event), result: () => builder.trace() };
  },
};

/**
 * Runs slower than this count as long (hundreds of epochs): a newer value abandons them instead of
 * waiting. Shorter ones always finish, even when they take a few frames: abandoning every run that
 * is still going when the next value arrives would leave a fast drag with nothing painted at all.
 */
const LONG_MS = 250;
/** A run in flight for longer than this streams its epochs (a short one would only be painted half-done a frame before it is painted whole). */
const STREAM_MS = 100;

interface Entry<J, R> {
  job: J;
  resolve: (result: R) => void;
}

interface Flight<J, R, E> {
  entry: Entry<J, R>;
  started: number;
  abandoned: boolean;
  follower: { apply(event: E): void; result(): R };
}

/** The scheduler for any kind of job and result (see the top of this file). */
export class LatestWins<J, R, E> {
  #pending: Entry<J, R> | null = null;
  #flight: Flight<J, R, E> | null = null;
  /** The newest finished run not painted yet, and every request waiting for that paint. */
  #toPaint: { result: R; job: J } | null = null;
  #progress: Flight<J, R, E> | null = null;
  #waiting: { entry: Entry<J, R>; result: R }[] = [];
  #frame = 0;
  /** How long this island's last finished run took. */
  #lastMs = 0;

  /**
   * `streamAfterMs`: how long a run must be in flight before its partial results are painted
   * (a map paints its first row at once; a training run only once it has outlasted a frame).
   */
  constructor(
    private readonly hooks: RetrainHooks<J, R, E>,
    private readonly results: Results<J, R, E>,
    private readonly streamAfterMs: number = STREAM_MS,
  ) {}

  /** Is a run in flight or waiting? */
  get busy(): boolean {
    // A job waits only while another is in flight (request starts it at once otherwise).
    return this.#flight !== null;
  }

  /** Asks for a run of `job`; resolves with its result after the frame that painted it ('cancelled' if a newer job replaced it first). */
  request(job: J): Promise<R> {
    return new Promise<R>((resolve) => {
      if (this.#pending) this.#supersede(this.#pending);
      this.#pending = { job, resolve };
      const flight = this.#flight;
      if (!flight) this.#pump();
      else if (this.#lastMs > LONG_MS || performance.now() - flight.started > LONG_MS) {
        // A long run would keep the reader waiting: drop it; starting the next run cancels it in the worker.
        flight.abandoned = true;
        this.#supersede(flight.entry);
        this.#flight = null;
        this.#pump();
      }
    });
  }

  /**
   * Forgets the job waiting for its turn (Stop): it resolves 'cancelled'. The run in flight is left
   * to end as the worker ends it (its caller cancels it there), so its tensors are gone by the time
   * its request resolves.
   */
  dropPending(): void {
    if (this.#pending) this.#supersede(this.#pending);
    this.#pending = null;
  }

  /** Forgets everything waiting and in flight (the island is going away, or Reset): their requests resolve 'cancelled'. */
  drop(): void {
    if (this.#pending) this.#supersede(this.#pending);
    this.#pending = null;
    if (this.#flight) {
      this.#flight.abandoned = true;
      this.#supersede(this.#flight.entry);
      this.#flight = null;
    }
    this.#progress = null;
    this.#toPaint = null;
    for (const { entry, result } of this.#waiting) entry.resolve(result);
    this.#waiting = [];
    cancelAnimationFrame(this.#frame);
    this.#frame = 0;
  }

  #supersede(entry: Entry<J, R>): void {
    entry.resolve(this.results.cancelled(entry.job));
  }

  #pump(): void {
    const entry = this.#pending;
    this.#pending = null;
    if (!entry) return;
    const flight: Flight<J, R, E> = { entry, started: performance.now(), abandoned: false, follower: this.results.follow(entry.job) };
    this.#flight = flight;
    this.hooks.started?.(entry.job);
    const onEvent = (event: E) => {
      if (flight.abandoned) return;
      flight.follower.apply(event);
      if (performance.now() - flight.started >= this.streamAfterMs) {
        this.#progress = flight;
        this.#schedule();
      }
    };
    this.hooks.start(entry.job, onEvent).then(
      (result) => this.#finished(flight, result),
      (error: unknown) => this.#finished(flight, this.results.failed(entry.job, error instanceof Error ? error.message : String(error))),
    );
  }

  #finished(flight: Flight<J, R, E>, result: R): void {
    if (flight.abandoned) return; // its request already resolved as superseded
    this.#flight = null;
    this.#lastMs = performance.now() - flight.started;
    this.#progress = null; // runs go one at a time: any partial result shown so far was this run's, or an abandoned one's
    this.#toPaint = { result, job: flight.entry.job };
    this.#waiting.push({ entry: flight.entry, result });
    this.#schedule();
    this.#pump(); // the next value starts now, while this one waits for its frame
  }

  #schedule(): void {
    if (this.#frame) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      const done = this.#toPaint;
      this.#toPaint = null;
      if (done) this.hooks.paint(done.result, done.job);
      // A newer run still going that has outlasted a frame streams on top of (or instead of) it.
      const going = this.#progress;
      if (going && this.#flight === going && !done) this.hooks.progress(going.follower.result(), going.entry.job);
      const waiting = this.#waiting;
      this.#waiting = [];
      for (const { entry, result } of waiting) entry.resolve(result);
    });
  }
}

/** The scheduler for training runs: results are the runs' traces. */
export class Retrainer<J extends Job> extends LatestWins<J, RunTrace, TrainEvent> {
  constructor(hooks: RetrainHooks<J>) {
    super(hooks, TRACES);
  }
}
