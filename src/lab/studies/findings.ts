/**
 * What the "why" figures show, as the numbers the prose quotes: computed from a map's cells (baked
 * at build time, or the reader's live run), so the sentence and the figure cannot disagree. Pure.
 */
import { edgesOf, type ExplosionCell, type ExplosionGrid, type ExplosionRow } from './explosion-grid';
import type { Activation, Initializer } from '../engine/config';

type MapCell = Pick<ExplosionCell, 'lr' | 'hi' | 'outcome' | 'firstNonFiniteEpoch'>;

/** The map's cells (grid order, every row present) as rows, each with its index into `grid.his`. */
export function rowsOf(grid: Pick<ExplosionGrid, 'lrs' | 'his'>, cells: readonly MapCell[]): ExplosionRow[] {
  const n = grid.lrs.length;
  return grid.his.map((hi, index) => ({ index, hi, cells: cells.slice(index * n, index * n + n) as ExplosionCell[] }));
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export interface ExplosionFindings {
  seed: number;
  runs: number;
  learned: number;
  stalled: number;
  exploded: number;
  /** Runs that exploded although lr·λ_max < 2 (the quadratic model says none should). */
  explodedBelow2: number;
  /** Runs that did not explode although lr·λ_max > 4. */
  survivedAbove4: number;
  /** Runs between the two lines (2 ≤ lr·λ ≤ 4), and how many of them exploded. */
  between: number;
  betweenExploded: number;
  /** The measured edge of each row in lr·λ units (2 × edge/boundary): least, median, most, and the input range of the most. */
  edgeMin: number;
  edgeMedian: number;
  edgeMax: number;
  edgeMaxHi: number;
  /** edge / (2/λ): how many times the predicted boundary the measured edge is. */
  ratioMin: number;
  ratioMedian: number;
  ratioMax: number;
  /** lr·λ_max of experiments 1 and 2's settings on this seed (lr 0.1, inputs up to 1 and 4). */
  exp1LrLambda: number;
  exp2LrLambda: number;
  /** Experiment 2's row (inputs up to 4): the last learning rate that stayed finite and the first that exploded. */
  exp2Below: number | null;
  exp2Above: number | null;
  /** Exploded runs by their first non-finite epoch: how many at epoch 1, and the latest epoch any reached. */
  explodedAtEpoch1: number;
  latestEpoch: number;
}

/**
 * The findings of a complete map: `cells` in grid order, `lambdas` the λ_max of each row
 * (`boundaryCurve`), experiments 1 and 2 at lr 0.1 and inputs up to 1 and 4 (both cells of the grid).
 */
export function explosionFindings(grid: ExplosionGrid, cells: readonly MapCell[], lambdas: readonly number[]): ExplosionFindings {
  const rows = rowsOf(grid, cells);
  const edges = edgesOf(rows, lambdas.map((lambda) => ({ lr: 2 / lambda })));
  const withEdge = edges.filter((e) => e.ratio !== null);
  const ratios = withEdge.map((e) => e.ratio!);
  const most = withEdge.length ? withEdge.reduce((m, e) => (e.ratio! > m.ratio! ? e : m)) : undefined;
  const lrLambda = (c: MapCell, row: number) => c.lr * lambdas[row]!;
  let explodedBelow2 = 0;
  let survivedAbove4 = 0;
  let between = 0;
  let betweenExploded = 0;
  rows.forEach((row) =>
    row.cells.forEach((c) => {
      const x = lrLambda(c, row.index);
      const exploded = c.outcome === 'exploded';
      if (x < 2 && exploded) explodedBelow2++;
      if (x > 4 && !exploded) survivedAbove4++;
      if (x >= 2 && x <= 4) {
        between++;
        if (exploded) betweenExploded++;
      }
    }),
  );
  const count = (o: string) => cells.filter((c) => c.outcome === o).length;
  const epochs = cells.map((c) => c.firstNonFiniteEpoch).filter((e): e is number => e !== null);
  const rowOf = (hi: number) => grid.his.indexOf(hi);
  const exp2Edge = edges[rowOf(4)];
  return {
    seed: grid.seed,
    runs: cells.length,
    learned: count('learned'),
    stalled: count('stalled'),
    exploded: count('exploded'),
    explodedBelow2,
    survivedAbove4,
    between,
    betweenExploded,
    edgeMin: 2 * Math.min(...ratios),
    edgeMedian: 2 * median(ratios),
    edgeMax: 2 * Math.max(...ratios),
    edgeMaxHi: most?.hi ?? NaN,
    ratioMin: Math.min(...ratios),
    ratioMedian: median(ratios),
    ratioMax: Math.max(...ratios),
    exp1LrLambda: 0.1 * (lambdas[rowOf(1)] ?? NaN),
    exp2LrLambda: 0.1 * (lambdas[rowOf(4)] ?? NaN),
    exp2Below: exp2Edge?.below ?? null,
    exp2Above: exp2Edge?.above ?? null,
    explodedAtEpoch1: epochs.filter((e) => e === 1).length,
    latestEpoch: epochs.length ? Math.max(...epochs) : 0,
  };
}

/** Two significant digits, the way the prose quotes a measurement (4.8, 0.23, 0.0031, 1.5e-7); '–' for none. */
export function twoSig(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  if (!Number.isFinite(v)) return v === Infinity ? '∞' : '−∞';
  const a = Math.abs(v);
  // A negative number gets the typographic minus sign, as in the prose around it.
  const text = a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(1).replace('e+', 'e') : String(Number(v.toPrecision(2)));
  return text.replace(/^-/, '−');
}

/** A share of a gradient, which may be tiny: two significant digits from 0.01 up, else "6.2e−3" (typographic minus). */
export function shareText(v: number): string {
  if (!Number.isFinite(v) || v <= 0) return twoSig(v);
  return v >= 0.01 ? twoSig(v) : v.toExponential(1).replace('e-', 'e−');
}

/** The numbers the prose quotes from the explosion map, by name (what `<FigNum fig="explosion-map" q="…">` shows). */
export function explosionQuotes(f: ExplosionFindings): Record<string, string> {
  return {
    seed: String(f.seed),
    runs: f.runs.toLocaleString('en'),
    learned: String(f.learned),
    stalled: String(f.stalled),
    exploded: String(f.exploded),
    explodedBelow2: String(f.explodedBelow2),
    survivedAbove4: String(f.survivedAbove4),
    between: String(f.between),
    betweenExploded: String(f.betweenExploded),
    edgeMin: twoSig(f.edgeMin),
    edgeMedian: twoSig(f.edgeMedian),
    edgeMax: twoSig(f.edgeMax),
    edgeMaxHi: twoSig(f.edgeMaxHi),
    ratioMin: twoSig(f.ratioMin),
    ratioMedian: twoSig(f.ratioMedian),
    ratioMax: twoSig(f.ratioMax),
    exp1LrLambda: twoSig(f.exp1LrLambda),
    exp2LrLambda: twoSig(f.exp2LrLambda),
    exp2Below: twoSig(f.exp2Below),
    exp2Above: twoSig(f.exp2Above),
    explodedAtEpoch1: String(f.explodedAtEpoch1),
    latestEpoch: String(f.latestEpoch),
  };
}

type VanishingPoint = { depth: number; activation: Activation; init: Initializer; ratio: number };

export interface VanishingFindings {
  init: Initializer;
  /** Sigmoid: the ratio at depth 1, 4 and 10, and the factor per added layer, (r10 / r1)^(1/9). */
  sigmoid1: number;
  sigmoid4: number;
  sigmoid10: number;
  sigmoidFactor: number;
  /** The least and largest ratio of each other activation over all depths. */
  tanhMin: number;
  tanhMax: number;
  reluMin: number;
  reluMax: number;
  linearMin: number;
  linearMax: number;
}

/** The findings of one initializer's map (cells of that initializer, depths 1…10). */
export function vanishingFindings(init: Initializer, cells: readonly VanishingPoint[]): VanishingFindings {
  const of = (a: Activation) => cells.filter((c) => c.activation === a && c.init === init).sort((x, y) => x.depth - y.depth);
  const at = (a: Activation, depth: number) => of(a).find((c) => c.depth === depth)?.ratio ?? NaN;
  const span = (a: Activation) => of(a).map((c) => c.ratio);
  const sig = of('sigmoid');
  const first = sig[0];
  const last = sig.at(-1);
  return {
    init,
    sigmoid1: at('sigmoid', 1),
    sigmoid4: at('sigmoid', 4),
    sigmoid10: at('sigmoid', 10),
    // Stryker disable next-line ConditionalExpression,EqualityOperator: with a single depth, first is last, and (r / r) ** (1 / 0) = 1 ** Infinity is NaN as well
    sigmoidFactor: first && last && last.depth > first.depth ? (last.ratio / first.ratio) ** (1 / (last.depth - first.depth)) : NaN,
    tanhMin: Math.min(...span('tanh')),
    tanhMax: Math.max(...span('tanh')),
    reluMin: Math.min(...span('relu')),
    reluMax: Math.max(...span('relu')),
    linearMin: Math.min(...span('linear')),
    linearMax: Math.max(...span('linear')),
  };
}

/** The vanishing map's quoted numbers, named `${init}.${name}`. */
export function vanishingQuotes(f: VanishingFindings): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(f)) if (name !== 'init') out[`${f.init}.${name}`] = twoSig(value as number);
  return out;
}
