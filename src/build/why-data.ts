/**
 * What the "why" figures bake at build time, in the shape the components, the prose's numbers
 * (FigNum) and the images for readers without JavaScript (src/pages/[locale]/figures/) all read:
 * one place, so the page's table, its picture and its sentences come from the same numbers.
 * Server only (it trains, through bake.ts).
 */
import { INITIALIZERS, preset, type Initializer } from '@/lab/engine/config';
import { EXPERIMENT_CELLS, EXPLOSION_GRID, edgesOf, type ExplosionGrid, type RowEdge } from '@/lab/studies/explosion-grid';
import { explosionFindings, explosionQuotes, rowsOf, twoSig, vanishingFindings, vanishingQuotes, type ExplosionFindings, type VanishingFindings } from '@/lab/studies/findings';
import { decodeCells, encodeCells, type BakedCell } from '@/lab/studies/map-codec';
import type { SlopeSummary } from '@/lab/engine/activation-fns';
import { VANISHING_SEEDS, type VanishingCell } from '@/lab/studies/vanishing';
import { lossSpread, powerOfTen, quantile, ratioSpread, roundRatio, type LossSpread, type RatioSpread } from '@/lab/studies/seed-spread';
import { bakedCurvature, bakedEnsemble, bakedExplosionMap, bakedGradRatios, bakedSlopes, bakedTrace, bakedVanishingMap } from './bake';

export interface ExplosionBake {
  grid: ExplosionGrid;
  /** The cells as the page gets them (map-codec.ts), and decoded again: what every view of the baked map shows. */
  encoded: string;
  cells: BakedCell[];
  /** λ_max per row (exact; the page gets them to 5 digits, enough to draw the lines). */
  lambdas: number[];
  edges: RowEdge[];
  findings: ExplosionFindings;
  quotes: Record<string, string>;
  marks: { lr: number; hi: number }[];
}

export async function explosionBake(): Promise<ExplosionBake> {
  const { result, boundary } = await bakedExplosionMap();
  const grid = EXPLOSION_GRID;
  const encoded = encodeCells(result.cells);
  const cells = decodeCells(encoded, grid);
  const lambdas = boundary.map((b) => b.lambda);
  const findings = explosionFindings(grid, cells, lambdas);
  return {
    grid,
    encoded,
    cells,
    lambdas,
    edges: edgesOf(rowsOf(grid, cells), boundary),
    findings,
    quotes: explosionQuotes(findings),
    marks: [EXPERIMENT_CELLS.exp1, EXPERIMENT_CELLS.exp2],
  };
}

export interface VanishingBake {
  seeds: number[];
  /** Per initializer: depth, activation and median ratio of each net (the per-seed ratios stay out of the page). */
  cells: Record<Initializer, Pick<VanishingCell, 'depth' | 'activation' | 'init' | 'ratio'>[]>;
  findings: Record<Initializer, VanishingFindings>;
  quotes: Record<string, string>;
}

export async function vanishingBake(): Promise<VanishingBake> {
  const maps = await Promise.all(INITIALIZERS.map((init) => bakedVanishingMap(init)));
  const cells = Object.fromEntries(maps.map((m) => [m.init, m.cells.map(({ depth, activation, init, ratio }) => ({ depth, activation, init, ratio }))])) as VanishingBake['cells'];
  const findings = Object.fromEntries(INITIALIZERS.map((init) => [init, vanishingFindings(init, cells[init])])) as VanishingBake['findings'];
  return { seeds: [...VANISHING_SEEDS], cells, findings, quotes: Object.assign({}, ...INITIALIZERS.map((init) => vanishingQuotes(findings[init]))) };
}

export interface OvershootBake {
  /** lr·λ_max of experiments 1 and 2 at their own default seeds. */
  exp1: number;
  exp2: number;
  quotes: Record<string, string>;
}

export function overshootBake(): OvershootBake {
  const exp1 = preset('exp1').learningRate * bakedCurvature(preset('exp1'));
  const exp2 = preset('exp2').learningRate * bakedCurvature(preset('exp2'));
  const lambda1 = bakedCurvature(preset('exp1'));
  const lambda2 = bakedCurvature(preset('exp2'));
  return {
    exp1,
    exp2,
    quotes: {
      exp1: twoSig(exp1),
      exp2: twoSig(exp2),
      lambda1: twoSig(lambda1),
      lambda2: twoSig(lambda2),
      factor1: twoSig(1 - exp1),
      factor2: twoSig(1 - exp2),
      grow5: twoSig(Math.abs(1 - exp2) ** 5),
      lr1: twoSig(2 / lambda1),
      lr2: twoSig(2 / lambda2),
    },
  };
}

export interface SlopesBake {
  epoch: number;
  summaries: SlopeSummary[];
  quotes: Record<string, string>;
}

/** Experiment 3's default run at its last epoch: each hidden layer's pre-activations and mean slope. */
export async function slopesBake(): Promise<SlopesBake> {
  const trace = await bakedTrace('exp3');
  const epoch = trace.epochs.length;
  const summaries = await bakedSlopes(trace.config, epoch);
  const slopes = summaries.map((s) => s.meanSlope);
  const quotes: Record<string, string> = {
    epoch: String(epoch),
    product: twoSig(slopes.reduce((p, s) => p * s, 1)),
    min: slopes.reduce((m, s) => Math.min(m, s), Infinity).toFixed(3),
    max: slopes.reduce((m, s) => Math.max(m, s), -Infinity).toFixed(3),
  };
  slopes.forEach((s, l) => (quotes[`slope${l}`] = s.toFixed(3)));
  summaries.forEach((s, l) => (quotes[`sd${l}`] = twoSig(s.sd)));
  return { epoch, summaries, quotes };
}

/** The seeds the spreads are read over: the same 200 as the seed-ensemble figures (Ensemble.astro), so experiment 2's runs are shared. */
export const SPREAD_SEEDS = Array.from({ length: 200 }, (_, i) => i + 1);

export interface SeedsBake {
  /** Experiment 2's epoch-1 loss over the seeds. */
  exp2Loss1: LossSpread;
  /** Experiment 3's last-to-first gradient ratio over the seeds. */
  exp3Ratio: RatioSpread;
  quotes: Record<string, string>;
}

/**
 * What the prose says of experiments 1, 2 and 3 in general, read over 200 seeds rather than the
 * default one (issue 22, point 4): how many of experiment 1's seeds explode at learning rates 0.3
 * and 0.4, how many of experiment 2's explode (at its learning rate and at three lower ones) and how late, and
 * where its learning rate puts η·λ_max at initialisation. Experiment 2's losses come from the seed ensemble the article
 * shows; experiment 3's ratios from 200 quick runs (about 15 s of the build).
 */
export async function seedsBake(): Promise<SeedsBake> {
  const ensemble = await bakedEnsemble('exp2', SPREAD_SEEDS);
  const exp2Loss1 = lossSpread(ensemble.losses[0] ?? new Float32Array(0));
  const exp3Ratio = ratioSpread(await bakedGradRatios('exp3', SPREAD_SEEDS));
  const exploded = (r: { explodedAt: Int32Array }) => r.explodedAt.filter((e) => e > 0).length;
  const exp1At = async (learningRate: number) => exploded(await bakedEnsemble('exp1', SPREAD_SEEDS, { learningRate }));
  const exp2At = async (learningRate: number) => exploded(await bakedEnsemble('exp2', SPREAD_SEEDS, { learningRate }));
  // η·λ_max at initialisation for experiment 2's learning rate, one value per seed (its own data and weights).
  const exp2 = preset('exp2');
  const etaLambda = SPREAD_SEEDS.map((seed) => exp2.learningRate * bakedCurvature(preset('exp2', { seed })));
  const oneDecimal = (q: number) => quantile(etaLambda, q).toFixed(1);
  return {
    exp2Loss1,
    exp3Ratio,
    quotes: {
      seeds: String(SPREAD_SEEDS.length),
      exp1At03Exploded: String(await exp1At(0.3)),
      exp1At04Exploded: String(await exp1At(0.4)),
      exp2Exploded: String(exploded(ensemble)),
      exp2At006Exploded: String(await exp2At(0.06)),
      exp2At007Exploded: String(await exp2At(0.07)),
      exp2At008Exploded: String(await exp2At(0.08)),
      exp2EtaLambdaMedian: oneDecimal(0.5),
      exp2EtaLambdaP5: oneDecimal(0.05),
      exp2EtaLambdaP95: oneDecimal(0.95),
      exp2Survivors: String(SPREAD_SEEDS.length - exploded(ensemble)),
      exp2LatestNan: String(Math.max(...ensemble.explodedAt)),
      exp2Loss1Median: powerOfTen(exp2Loss1.median),
      exp2Loss1Q1: powerOfTen(exp2Loss1.q1),
      exp2Loss1Q3: powerOfTen(exp2Loss1.q3),
      exp2Loss1NonFinite: String(exp2Loss1.nonFinite),
      exp2Loss1NonFinitePct: String(Math.round((100 * exp2Loss1.nonFinite) / exp2Loss1.seeds)),
      exp3RatioMedian: roundRatio(exp3Ratio.median),
      exp3RatioP5: roundRatio(exp3Ratio.p5),
      exp3RatioP95: roundRatio(exp3Ratio.p95),
    },
  };
}
