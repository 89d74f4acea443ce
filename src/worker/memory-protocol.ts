/**
 * The messages between the memory figure (src/figures/memory/) and its own small worker
 * (memory-worker.ts), one typed union each way, with a `runId` on every message; the newest run wins.
 *
 *   page                                         worker
 *   train { runId, cells, length, seed, steps, carryOn } ──▶ trains each cell `steps` more steps, the
 *        ◀──────────────────────────────────────── losses { runId, cell, from, losses } about every 30 ms,
 *        ◀──────────────────────────────────────── then done { runId, status, taken, totalMs }
 *   ensemble { runId, length, seeds, steps } ────▶ trains each seed of each cell afresh, in ensembleJobs' order,
 *        ◀──────────────────────────────────────── seed-step { runId, job, step } about every 30 ms,
 *        ◀──────────────────────────────────────── seed-done { runId, job, final } as each run ends,
 *        ◀──────────────────────────────────────── then done { runId, status, taken: {}, totalMs }
 *   stop { runId } ──────────────────────────────▶ ends that run after its current step (done: 'cancelled')
 *
 * `carryOn`: go on with the weights, Adam's moments and the batch stream the worker kept from the last
 * run of the same cell, length and seed (the figure's "train longer"); otherwise start afresh.
 *
 * `ensemble`: the build's seed ensemble (src/lab/recurrent/memory.ts, memoryEnsemble) at one length,
 * trained again; `job` indexes ensembleJobs(seeds), `final` is that run's tail mean. It keeps none of
 * its trainers, so a "train longer" after it still carries on the figure's run.
 *
 * Why a worker of its own and not the lab worker (src/worker/worker.ts): that one sets up
 * TensorFlow.js's WebAssembly backend (a .wasm download and a thread pool) before it serves anything,
 * and runs one job at a time, the newest cancelling the rest. The recurrent cells are plain TypeScript
 * (src/lab/recurrent/cells.ts says why), so this worker is a few kilobytes that start at once, and a
 * memory run neither waits for nor cancels another figure's training.
 */
import type { MemoryCell } from '@/lab/recurrent/memory';

export type ToMemoryWorker =
  | { type: 'train'; runId: number; cells: MemoryCell[]; length: number; seed: number; steps: number; carryOn: boolean }
  | { type: 'ensemble'; runId: number; length: number; seeds: number[]; steps: number }
  | { type: 'stop'; runId: number };

export type MemoryStatus = 'done' | 'cancelled' | 'error';

export type FromMemoryWorker =
  /** The cell's losses of steps from + 1 … from + losses.length (counted from the run's first step, across carry-ons). */
  | { type: 'losses'; runId: number; cell: MemoryCell; from: number; losses: Float64Array }
  /** The ensemble's run `job` has taken `step` steps. */
  | { type: 'seed-step'; runId: number; job: number; step: number }
  /** The ensemble's run `job` has ended: the mean loss of its last 100 steps. */
  | { type: 'seed-done'; runId: number; job: number; final: number }
  /** `taken`: each trained cell's steps so far, across carry-ons (none for an ensemble). */
  | { type: 'done'; runId: number; status: MemoryStatus; taken: Partial<Record<MemoryCell, number>>; totalMs: number; error?: string };
