/**
 * Every message between the page and the lab worker, as one typed union each way.
 *
 * Each run has a `runId` chosen by the page; every message about a run carries it, and the newest
 * run wins: starting a run cancels whatever the worker was doing, and the page drops messages whose
 * runId is not its current one.
 *
 *   page                         worker
 *   init ───────────────────────▶ sets up the backend (once)
 *        ◀─────────────────────── ready { backend, msToReady }  |  failed { message }
 *   run { runId, config } ──────▶ train(config)
 *        ◀─────────────────────── events { runId, events }  (epochBegin, epochEnd, …, done: one message
 *                                  a run when it is short, about one a frame while a long one goes)
 *   ensemble { runId, config, seeds } ▶ trainEnsemble(config, seeds)
 *        ◀─────────────────────── ensembleEpoch { runId, epoch, losses }, then ensembleDone { runId, result }
 *   explosionMap { runId, grid, rows, boundary } ▶ explosionMap(grid, { rows })
 *        ◀─────────────────────── explosionBoundary { runId, boundary } (if asked), explosionRow { runId, row } per row, then mapDone { runId, status }
 *   vanishingMap { runId, init, seeds } ▶ vanishingMap(init, { seeds })
 *        ◀─────────────────────── vanishingRow { runId, cells } per activation, then mapDone { runId, status }
 *   slopes { runId, config, epochs } ▶ replays config (epochLayers), summarises the hidden layers' pre-activations
 *        ◀─────────────────────── slopesDone { runId, status, epochs, summaries }
 *   cancel { runId } ───────────▶ aborts that run (its done event says 'cancelled')
 */
import type { ExperimentConfig, Initializer } from '@/lab/engine/config';
import type { BackendChoice } from '@/lab/engine/backend';
import type { EnsembleResult } from '@/lab/engine/ensemble';
import type { BoundaryPoint, ExplosionGrid, ExplosionRow } from '@/lab/studies/explosion-grid';
import type { SlopeSummary } from '@/lab/engine/activation-fns';
import type { VanishingCell } from '@/lab/studies/vanishing';
import type { BackendInfo, TrainEvent } from '@/lab/engine/trace';

export type ToWorker =
  | { type: 'init'; choice: BackendChoice }
  /** `quick`: a run shown while a control moves (train.ts `TrainOptions.quick`). */
  | { type: 'run'; runId: number; config: ExperimentConfig; quick?: boolean }
  | { type: 'ensemble'; runId: number; config: ExperimentConfig; seeds: number[] }
  /** The explosion map's rows `rows` (indices into grid.his), in this order; `boundary`: send the grid's predicted boundary first. */
  | { type: 'explosionMap'; runId: number; grid: ExplosionGrid; rows: number[]; boundary: boolean }
  | { type: 'vanishingMap'; runId: number; init: Initializer; seeds: number[] }
  /** Replays `config` up to its largest epoch in `epochs` and summarises each hidden layer's pre-activations after each of them (0: at initialisation). */
  | { type: 'slopes'; runId: number; config: ExperimentConfig; epochs: number[] }
  | { type: 'cancel'; runId: number }
  | { type: 'memory' };

/** How a map (or a replay) ended; `totalMs` is the worker's own time for its part. */
export type MapStatus = 'done' | 'cancelled' | 'error';

export type FromWorker =
  /** A rung of the backend ladder (backend.ts) is starting: the page watches a threaded start from outside. */
  | { type: 'attempt'; threads: boolean }
  | { type: 'ready'; backend: BackendInfo; msToReady: number; fallbacks: string[] }
  | { type: 'failed'; message: string }
  | { type: 'events'; runId: number; events: TrainEvent[] }
  | { type: 'ensembleEpoch'; runId: number; epoch: number; losses: Float32Array }
  | { type: 'ensembleDone'; runId: number; result: EnsembleResult }
  | { type: 'explosionBoundary'; runId: number; boundary: BoundaryPoint[] }
  | { type: 'explosionRow'; runId: number; row: ExplosionRow }
  | { type: 'vanishingRow'; runId: number; cells: VanishingCell[] }
  | { type: 'mapDone'; runId: number; status: MapStatus; totalMs: number; error?: string }
  | { type: 'slopesDone'; runId: number; status: MapStatus; epochs: number[]; summaries: SlopeSummary[][]; error?: string }
  | { type: 'memory'; numTensors: number };

/**
 * A run's events go out in batches: everything that happened in the last frame's worth of time, and
 * always the last one. A 20-epoch run takes a few milliseconds, and 41 separate messages would each
 * be a task on the page's busy main thread during a drag (bench/README.md); one message is one task.
 */
export const BATCH_MS = 16;

/** The typed arrays of an event, to transfer rather than copy. */
export function transferables(event: TrainEvent): ArrayBuffer[] {
  switch (event.type) {
    case 'epochBegin':
      return [event.printed.buffer as ArrayBuffer];
    case 'epochEnd':
      return [event.gradNorms, event.weightNorms, event.slopes, event.predictions].map((a) => a.buffer as ArrayBuffer);
    case 'trip':
      return [];
    case 'done':
      return event.predictions ? [event.predictions.buffer as ArrayBuffer] : [];
    default: {
      const never: never = event;
      throw new Error(`unknown event ${JSON.stringify(never)}`);
    }
  }
}
