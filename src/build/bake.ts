/**
 * Build-time baking: each figure's default run, trained once in Node on the wasm backend and
 * shared by every page that shows it (both locales, the island and the numbers quoted in the prose);
 * the same for the maps and replays behind the "why" figures (issue 14).
 */
import { initBackend } from '@/lab/engine/backend';
import { preset, type ExperimentConfig, type ExperimentId, type Initializer } from '@/lab/engine/config';
import { trainEnsemble, type EnsembleResult } from '@/lab/engine/ensemble';
import { boundaryCurve, EXPLOSION_GRID, explosionMap, type BoundaryPoint, type ExplosionMapResult } from '@/lab/studies/explosion';
import { epochLayers, slopeSummaries, trainingInputs, type SlopeSummary } from '@/lab/studies/preactivations';
import { seedCurvature } from '@/lab/studies/stability';
import { vanishingMap, type VanishingMapResult } from '@/lab/studies/vanishing';
import { stringifyTrace } from '@/lab/engine/trace';
import { train } from '@/lab/engine/train';
import { meanGradRatio } from '@/lab/reading/summary';
import type { BackendInfo, RunTrace } from '@/lab/engine/trace';

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

/** An experiment (with a change to its settings, if any) trained for many seeds at once, once per build. */
export function bakedEnsemble(id: ExperimentId, seeds: number[], change: Partial<Pick<ExperimentConfig, 'learningRate'>> = {}): Promise<EnsembleResult> {
  const key = `${id}:${seeds[0]}:${seeds.length}:${JSON.stringify(change)}`;
  let result = ensembles.get(key);
  if (!result) {
    backend ??= initBackend();
    result = backend.then(() => trainEnsemble({ ...preset(id), ...change }, seeds));
    ensembles.set(key, result);
  }
  return result;
}

/**
 * Each seed's last-to-first gradient ratio (summary.ts, meanGradRatio) for an experiment's default
 * settings, once per build: the spread the prose quotes instead of the default seed's one draw.
 * Quick runs: the same numbers, without the weight histograms nobody reads here.
 */
const gradRatios = new Map<string, Promise<number[]>>();
export function bakedGradRatios(id: ExperimentId, seeds: number[]): Promise<number[]> {
  const key = `${id}:${seeds[0]}:${seeds.length}`;
  let result = gradRatios.get(key);
  if (!result) {
    backend ??= initBackend();
    result = backend.then(async (info) => {
      const ratios: number[] = [];
      for (const seed of seeds) ratios.push(meanGradRatio(await train(preset(id, { seed }), { backend: info, quick: true })) ?? NaN);
      return ratios;
    });
    gradRatios.set(key, result);
  }
  return result;
}

/** The explosion map on its default grid and seed, with each row's λ_max, once per build. */
let explosion: Promise<{ result: ExplosionMapResult; boundary: BoundaryPoint[] }> | null = null;
export function bakedExplosionMap(): Promise<{ result: ExplosionMapResult; boundary: BoundaryPoint[] }> {
  backend ??= initBackend();
  explosion ??= backend.then(async () => ({ result: await explosionMap(EXPLOSION_GRID), boundary: boundaryCurve(EXPLOSION_GRID, 'seed') }));
  return explosion;
}

/** The vanishing map for one initializer (default depths, activations and seeds), once per build. */
const vanishing = new Map<Initializer, Promise<VanishingMapResult>>();
export function bakedVanishingMap(init: Initializer): Promise<VanishingMapResult> {
  backend ??= initBackend();
  let result = vanishing.get(init);
  if (!result) {
    result = backend.then(() => vanishingMap(init));
    vanishing.set(init, result);
  }
  return result;
}

/** Each hidden layer's pre-activation summary after epoch `epoch` of a run of `config` (a replay), once per build. */
const slopes = new Map<string, Promise<SlopeSummary[]>>();
export function bakedSlopes(config: ExperimentConfig, epoch: number): Promise<SlopeSummary[]> {
  const key = `${stringifyTrace({ config } as RunTrace)}@${epoch}`;
  let result = slopes.get(key);
  if (!result) {
    backend ??= initBackend();
    result = backend.then(async () => {
      const layers = await epochLayers({ ...config, epochs: Math.max(1, epoch) });
      if (!layers) throw new Error('the replay for σ′ was cancelled');
      return slopeSummaries(layers[epoch]!, trainingInputs(config));
    });
    slopes.set(key, result);
  }
  return result;
}

/** λ_max at initialisation of an experiment 1/2 config (its own seed's data and weights). */
export function bakedCurvature(config: ExperimentConfig): number {
  return seedCurvature(config).lambda;
}

/** A fix figure needs only losses, gradient norms and the outcome of each run: the rest of each epoch stays out. */
export function slimTrace(trace: RunTrace): RunTrace {
  return { ...trace, epochs: trace.epochs.map((e) => ({ ...e, printed: [], weightNorms: [], slopes: [], predictions: [], histograms: [] })) };
}
