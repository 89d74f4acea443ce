/**
 * What the memory figure (src/figures/memory/) bakes at build time, in the one shape its first
 * paint, its picture and table for readers without JavaScript and the prose's numbers
 * (<FigNum fig="memory">) all read:
 *
 * - the default run (seed 1, T = 20, 600 steps, both cells), the run the reader's Run repeats;
 * - the seed ensemble: seeds 1–8 at T = 10, 20, 30, 50, both cells, 600 steps each, judged by the
 *   rule in src/lab/recurrent/memory.ts (about 1 min 50 s of arithmetic on a clean clone here), stored in
 *   src/build/bakes/ (committed) until the code it runs changes.
 *
 * Server only.
 */
import { cachedBake } from './bake-cache';
import { ADDING_BASELINE, ENSEMBLE, MEMORY_DEFAULTS, MEMORY_TRAINING, MEMORY_UNITS, SUCCESS_BELOW, TAIL, memoryEnsemble, tailMean, trailingMeans, trainMemory, type EnsemblePoint, type MemorySettings } from '@/lab/recurrent/memory';

/** Every how many steps the baked line keeps a point (the live chart draws every step). */
export const BAKED_EVERY = 5;

/** The figure's baked data as its page gets it (JSON). */
export interface MemoryBaked {
  settings: MemorySettings;
  /** Steps 1, 1 + BAKED_EVERY, …, and the last: the x of the lines below. */
  xs: number[];
  /** The mean loss of the last 20 steps at each of `xs` (trailingMeans), per cell. */
  rnn: number[];
  lstm: number[];
  /** The mean loss of the last 100 steps, per cell. */
  finals: { rnn: number; lstm: number };
  ensemble: EnsemblePoint[];
}

export interface MemoryBake {
  baked: MemoryBaked;
  quotes: Record<string, string>;
}

const packed = (v: number) => Number(v.toPrecision(6));
export const lossText = (v: number) => v.toFixed(3);

let bake: Promise<MemoryBake> | null = null;

export function memoryBake(): Promise<MemoryBake> {
  bake ??= Promise.resolve().then(() => {
    const s = MEMORY_DEFAULTS;
    const rnnLosses = trainMemory('rnn', s.length, s.seed, s.steps);
    const lstmLosses = trainMemory('lstm', s.length, s.seed, s.steps);
    const keep = (i: number) => i % BAKED_EVERY === 0 || i === s.steps - 1;
    const thin = (losses: number[]) => trailingMeans(losses).filter((_, i) => keep(i)).map(packed);
    const xs = rnnLosses.map((_, i) => i + 1).filter((_, i) => keep(i));
    // 64 runs: stored in src/build/bakes/ (committed) until the recurrent lab's code changes (bake-cache.ts).
    const ensemble = cachedBake('memory-ensemble', ENSEMBLE, () => memoryEnsemble(ENSEMBLE));
    const finals = { rnn: tailMean(rnnLosses), lstm: tailMean(lstmLosses) };
    const quotes: Record<string, string> = {
      seed: String(s.seed),
      length: String(s.length),
      lengthBack: String(s.length - 1),
      steps: String(s.steps),
      batch: String(MEMORY_TRAINING.batch),
      units: String(MEMORY_UNITS),
      tail: String(TAIL),
      baseline: lossText(ADDING_BASELINE),
      half: lossText(SUCCESS_BELOW),
      rnnFinal: lossText(finals.rnn),
      lstmFinal: lossText(finals.lstm),
      seeds: String(ENSEMBLE.seeds.length),
      seedsFirst: String(ENSEMBLE.seeds[0]),
      seedsLast: String(ENSEMBLE.seeds.at(-1)),
    };
    for (const point of ensemble) {
      quotes[`rnnAt${point.length}`] = String(point.successes.rnn);
      quotes[`lstmAt${point.length}`] = String(point.successes.lstm);
    }
    const baked: MemoryBaked = {
      settings: s,
      xs,
      rnn: thin(rnnLosses),
      lstm: thin(lstmLosses),
      finals: { rnn: packed(finals.rnn), lstm: packed(finals.lstm) },
      ensemble: ensemble.map((p) => ({ ...p, finals: { rnn: p.finals.rnn.map(packed), lstm: p.finals.lstm.map(packed) } })),
    };
    return { baked, quotes };
  });
  return bake;
}
