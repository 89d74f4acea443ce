/**
 * Build-time baking: each figure's default run, trained once in Node on the wasm backend and
 * shared by every page that shows it (both locales, the island and the numbers quoted in the prose).
 */
import { initBackend } from '@/lab/backend';
import { preset, type ExperimentConfig, type ExperimentId } from '@/lab/config';
import { trainEnsemble, type EnsembleResult } from '@/lab/ensemble';
import { stringifyTrace } from '@/lab/trace';
import { train } from '@/lab/train';
import type { BackendInfo, RunTrace } from '@/lab/trace';

let backend: Promise<BackendInfo> | null = null;
const traces = new Map<string, Promise<RunTrace>>();
const ensembles = new Map<string, Promise<EnsembleResult>>();

/** The run of any config, trained once per build. */
export function bakedRun(config: ExperimentConfig): Promise<RunTrace> {
  const key = stringifyTrace({ config } as RunTrace);
  let trace = traces.get(key);
  if (!trace) {
    backend ??= initBackend();
    trace = backend.then((info) => train(config, { backend: info }));
    traces.set(key, trace);
  }
  return trace;
}

/** An experiment's default run. */
export function bakedTrace(id: ExperimentId): Promise<RunTrace> {
  return bakedRun(preset(id));
}

/** An experiment trained for many seeds at once, once per build. */
export function bakedEnsemble(id: ExperimentId, seeds: number[]): Promise<EnsembleResult> {
  const key = `${id}:${seeds[0]}:${seeds.length}`;
  let result = ensembles.get(key);
  if (!result) {
    backend ??= initBackend();
    result = backend.then(() => trainEnsemble(preset(id), seeds));
    ensembles.set(key, result);
  }
  return result;
}
