/**
 * Messages between the bench page and its workers, one typed union each way (the shape of
 * src/worker/protocol.ts). Each request carries an `id`; the worker answers it once.
 *
 *   page                          bench worker
 *   init { choice } ────────────▶ sets up tfjs on that backend (null: no tfjs, plain loop only)
 *        ◀──────────────────────── ready { backend, msToReady }  |  failed { message }
 *   train { id, engine, … } ─────▶ one whole run; answers trained { id, sample } (a run that throws is a sample with status 'error')
 *   profile { id, engine, … } ───▶ three tfjs runs under tf.profile; answers profiled { id, profile }
 *   yields { id, count } ────────▶ times bare yields; answers yielded { id, … }
 *   dispatch { id } ─────────────▶ times single ops; answers dispatched { id, costs }
 *   ensemble { id, seeds } ──────▶ one exp3 seed ensemble (src/lab/engine/ensemble.ts); answers ensembled { id, sample } (likewise)
 *
 * Every run comes back with the status it ended in: the report fails a figure whose runs did not all
 * end 'done', or whose losses differ from the plain loop's (bench/lib/budgets.ts).
 */
import type { BackendChoice } from '../../src/lab/engine/backend';
import type { EnsembleResult } from '../../src/lab/engine/ensemble-result';
import type { BackendInfo } from '../../src/lab/engine/trace';

export const WORKLOADS = ['exp1', 'exp3'] as const;
/** exp1: 1→32→1 linear; exp3: 1→32×4 sigmoid→1. Both 100 points, batch 20, 20 epochs: 100 steps. */
export type Workload = (typeof WORKLOADS)[number];

/**
 * - `tfjs`: `train()` as the site calls it: the direct step (src/lab/engine/step/direct.ts) where the backend is
 *   wasm, the tensor path elsewhere;
 * - `tfjs-tensor`: `train(config, { direct: false })`, the tensor path on any backend (what the cpu
 *   backend and the playground's other settings run);
 * - `plain`: the plain TypeScript loop (plain-loop.ts), the reference.
 */
export type Engine = 'tfjs' | 'tfjs-tensor' | 'plain';

/**
 * What the run does between steps:
 * - `message-channel`: a macrotask after every step (what the lab worker did before it sliced its yields);
 * - `none`: a resolved promise, so the run never leaves its task (no cancel can land): compute only;
 * - `sliced`: a MessageChannel yield only once `SLICE_MS` have passed since the last (cancel latency ≤ one slice + one step),
 *   what the lab worker does (src/worker/worker.ts).
 */
export const YIELD_MODES = ['message-channel', 'none', 'sliced'] as const;
export type YieldMode = (typeof YIELD_MODES)[number];
export const SLICE_MS = 4;

/** A lane's name in the results: the backend choice (`-tensor` after it for the tensor path), or 'plain'. */
export const laneName = (lane: { choice: BackendChoice | null; engine: Engine }) =>
  lane.choice === null ? 'plain' : lane.engine === 'tfjs-tensor' ? `${lane.choice}-tensor` : lane.choice;

/** The `ensembles` key of the site's own ensemble path (LabClient, one or two lab workers). */
export const SITE_ENSEMBLE = 'site';

/** How a run ended: 'done', or 'error' / 'cancelled' with what the run said. Only 'done' counts. */
export interface Outcome {
  status: string;
  error?: string;
}

export interface RunSample extends Outcome {
  /** train()'s own figure: each epoch's wall time ÷ its steps, averaged over the epochs. */
  msPerStep: number;
  /** The whole run, setup and final predictions included. */
  totalMs: number;
  /** Median time between consecutive step ends inside an epoch: one step (+ its yield). */
  stepMs: number;
  /** Median extra time of the step that crosses an epoch boundary: the per-epoch work (read, diagnostics, shuffle). */
  epochMs: number;
  /** Each epoch's loss, to check that every engine computed the same run. */
  losses: number[];
}

export interface KernelRow {
  name: string;
  /** An op's scope (name ends in `__op`, e.g. tf.fused.matMul's custom-gradient wrapper): its time includes the kernels inside it. */
  wrapper: boolean;
  /** Calls per training step (inside an epoch), and per epoch boundary beyond one step's. */
  perStep: number;
  perEpoch: number;
  /** Microseconds inside the backend's kernel function per step, and per epoch boundary. */
  usPerStep: number;
  usPerEpoch: number;
}

/** Kernel counts and times; medians of several profiled runs. Wrapper rows are left out of the totals. */
export interface KernelProfile {
  kernelsPerStep: number;
  kernelsPerEpoch: number;
  /** Σ kernel time per step (profiled run); the rest of a step's wall time is tfjs's own bookkeeping. */
  kernelMsPerStep: number;
  kernelMsPerEpoch: number;
  /** Tensors created per step. */
  tensorsPerStep: number;
  rows: KernelRow[];
}

/** Microseconds per call, medians of 3 timings of 2000 calls inside tidies (so disposal is included). */
export interface DispatchCosts {
  /** add of two 1-element tensors: a kernel's fixed cost, no arithmetic to speak of. */
  tinyAdd: number;
  /** The same Add kernel through `engine.runKernel`: without the op's scope and argument checks. */
  tinyAddKernel: number;
  /** mul of a [1, 20, 32] tensor by a JS number (tfjs makes a scalar tensor for it each call). */
  mulByNumber: number;
  /** matMul [1, 20, 32] × [1, 32, 32], exp3's hidden layer. */
  matMul: number;
  /** tf.fused.matMul with bias and sigmoid, same shapes: the op (custom-gradient wrapper and reshapes included). */
  fusedMatMulOp: number;
  /** The same _FusedMatMul kernel called directly through the engine, without the op's wrapper. */
  fusedMatMulKernel: number;
  /** matMul [1, 20, 32] × [1, 32, 32]ᵀ (transposeB), as the backward pass's d·Wᵀ. */
  transposedMatMul: number;
  /** 4,096,000 multiply-adds as one matMul [1, 4000, 32] × [1, 32, 32] (tfjs-wasm hands this shape to XNNPACK). */
  flatMatMul4M: number;
  /** The same multiply-adds as [200, 20, 32] × [200, 32, 32], the ensemble's shape (tfjs-wasm's scalar loop). */
  batchedMatMul4M: number;
}

export interface EnsembleSample extends Outcome {
  /** trainEnsemble's own wall time: setup, 20 epochs, final predictions. */
  totalMs: number;
  /** Under tf.profile only: kernel ms per step by kernel name (epoch work included), wrappers left out. */
  kernels: { name: string; callsPerStep: number; msPerStep: number }[] | null;
  /** The loss curve of the seed the plain loop's exp3 run trains (preset('exp3').seed), to check against it; [] if absent. */
  seedLosses: number[];
  /** Every seed's loss in the last epoch, to check that each way of training the ensemble computed the same one. */
  finalLosses: number[];
}

/** An ensemble run's sample from what trainEnsemble (or the islands' client) returned. */
export function ensembleSample(result: EnsembleResult, totalMs: number, referenceSeed: number): EnsembleSample {
  const at = result.seeds.indexOf(referenceSeed);
  return {
    status: result.status,
    ...(result.error === undefined ? {} : { error: result.error }),
    totalMs,
    kernels: null,
    seedLosses: at < 0 ? [] : result.losses.map((epoch) => epoch[at]!),
    finalLosses: Array.from(result.losses.at(-1) ?? []),
  };
}

export type ToBench =
  | { type: 'init'; choice: BackendChoice | null }
  | { type: 'train'; id: number; engine: Engine; workload: Workload; yieldMode: YieldMode }
  | { type: 'profile'; id: number; engine: Engine; workload: Workload }
  | { type: 'yields'; id: number; count: number }
  | { type: 'dispatch'; id: number }
  | { type: 'ensemble'; id: number; seeds: number; profile: boolean };

export type FromBench =
  | { type: 'ready'; backend: BackendInfo | null; msToReady: number; fallbacks: string[] }
  | { type: 'failed'; id: number | null; message: string }
  | { type: 'trained'; id: number; sample: RunSample }
  | { type: 'profiled'; id: number; profile: KernelProfile }
  | { type: 'yielded'; id: number; messageChannelUs: number; setTimeoutUs: number }
  | { type: 'dispatched'; id: number; costs: DispatchCosts }
  | { type: 'ensembled'; id: number; sample: EnsembleSample };
