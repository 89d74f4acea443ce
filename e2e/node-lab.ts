/**
 * The lab in the test runner's own Node process: what a figure shows after a drag is checked
 * against the same settings trained here, on tfjs's wasm backend in Node (as the build bakes), not
 * against anything the page computed.
 */
import { initBackend } from '../src/lab/engine/backend';
import { preset, type ExperimentId } from '../src/lab/engine/config';
import { withValues, type Values } from '../src/lab/settings/params';
import { train } from '../src/lab/engine/train';
import type { BackendInfo, RunTrace } from '../src/lab/engine/trace';
import type { ComparableTrace } from './fixtures';

let backend: Promise<BackendInfo> | null = null;

/** Trains an article experiment with some settings changed, in Node. */
export async function nodeRun(experiment: ExperimentId, values: Partial<Values>): Promise<RunTrace> {
  backend ??= initBackend();
  return train(withValues(preset(experiment), values), { backend: await backend });
}

/** The parts of a trace two runs of the same settings must agree on, as the page's `runIsland` returns them. */
export function comparable(trace: RunTrace): ComparableTrace {
  const encode = (v: unknown) => JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === 'number' && !Number.isFinite(x) ? String(x) : x)));
  const t = encode(trace);
  return {
    config: t.config,
    status: t.status,
    predictions: t.predictions,
    epochs: t.epochs.map((e: ComparableTrace['epochs'][number]) => ({ epoch: e.epoch, loss: e.loss, printed: e.printed, gradNorms: e.gradNorms, weightNorms: e.weightNorms })),
  };
}
