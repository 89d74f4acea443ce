/**
 * Build-time baking: each experiment's default run, trained once in Node on the wasm backend and
 * shared by every page that shows it (both locales, the island and the numbers quoted in the prose).
 */
import { initBackend } from '@/lab/backend';
import { preset, type ExperimentId } from '@/lab/config';
import { train } from '@/lab/train';
import type { BackendInfo, RunTrace } from '@/lab/trace';

let backend: Promise<BackendInfo> | null = null;
const traces = new Map<ExperimentId, Promise<RunTrace>>();

export function bakedTrace(id: ExperimentId): Promise<RunTrace> {
  let trace = traces.get(id);
  if (!trace) {
    backend ??= initBackend();
    trace = backend.then((info) => train(preset(id), { backend: info }));
    traces.set(id, trace);
  }
  return trace;
}
