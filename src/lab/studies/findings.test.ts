import { describe, expect, it } from 'vitest';
import type { ExplosionCell } from './explosion-grid';
import { explosionFindings, explosionQuotes, twoSig, vanishingFindings, vanishingQuotes, type ExplosionFindings, type VanishingFindings } from './findings';

describe('what the prose quotes from the explosion map', () => {
  // Three rows of four learning rates; λ_max 15, 20, 40: the rule's limits 0.13, 0.1, 0.05.
  const lrs = [0.05, 0.1, 0.2, 0.4];
  const his = [1, 2, 4];
  const lambdas = [15, 20, 40];
  const c = (lr: number, hi: number, outcome: ExplosionCell['outcome'], epoch: number | null = null) => ({ lr, hi, outcome, firstNonFiniteEpoch: epoch });
  const cells = [
    c(0.05, 1, 'stalled'), c(0.1, 1, 'learned'), c(0.2, 1, 'learned'), c(0.4, 1, 'learned'), // no edge; survives at lr·λ = 6
    c(0.05, 2, 'learned'), c(0.1, 2, 'learned'), c(0.2, 2, 'exploded', 2), c(0.4, 2, 'exploded', 1), // edge √(0.1·0.2), lr·λ 2.83
    c(0.05, 4, 'learned'), c(0.1, 4, 'exploded', 1), c(0.2, 4, 'exploded', 1), c(0.4, 4, 'exploded', 1), // edge √(0.05·0.1), lr·λ 2.83
  ];
  // Built inside each test, so that a change to the code is seen by the test that runs it.
  const findings = () => explosionFindings({ seed: 3, lrs, his }, cells, lambdas);

  it('counts outcomes, and runs that broke the rule either way', () => {
    const f = findings();
    expect([f.runs, f.learned, f.stalled, f.exploded]).toEqual([12, 6, 1, 5]);
    expect(f.explodedBelow2).toBe(0);
    expect(f.survivedAbove4).toBe(1); // lr 0.4 at λ 15
    expect(f.between).toBe(5); // lr·λ in 2 … 4: one run in row 0 (3), two in row 1 (2, 4), two in row 2 (2, 4)
    expect(f.betweenExploded).toBe(2);
  });

  it('measures each row\'s edge in lr·λ units and as a multiple of the rule\'s limit', () => {
    const f = findings();
    expect(f.edgeMin).toBeCloseTo(2 * Math.SQRT2, 12);
    expect(f.edgeMax).toBeCloseTo(2 * Math.SQRT2, 12);
    expect(f.ratioMedian).toBeCloseTo(Math.SQRT2, 12);
    expect(f.exp1LrLambda).toBeCloseTo(1.5, 12);
    expect(f.exp2LrLambda).toBeCloseTo(4, 12);
    expect([f.exp2Below, f.exp2Above]).toEqual([0.05, 0.1]);
    expect([f.explodedAtEpoch1, f.latestEpoch]).toEqual([4, 2]);
  });

  it('quotes numbers to two significant digits, with e-notation for tiny ones', () => {
    expect([twoSig(4.832), twoSig(0.2291), twoSig(0.00312), twoSig(1.5e-7), twoSig(1024), twoSig(null), twoSig(NaN), twoSig(-3.84), twoSig(-2e-5)]).toEqual(['4.8', '0.23', '0.0031', '1.5e-7', '1000', '–', '–', '−3.8', '−2.0e-5']);
  });
});

describe('the explosion map’s counts on both sides of the two lines', () => {
  // λ_max 10 in every row, so lr·λ is 1, 4 and 16 for learning rates 0.1, 0.4 and 1.6 (each exact in
  // float64), and the rule's limit 2/λ is 0.2. Row 1 explodes everywhere, row 2 from 0.4 on, row 4 at 1.6.
  const c = (lr: number, hi: number, outcome: ExplosionCell['outcome'], epoch: number | null = null) => ({ lr, hi, outcome, firstNonFiniteEpoch: epoch });
  const cells = [
    c(0.1, 1, 'exploded', 1), c(0.4, 1, 'exploded', 1), c(1.6, 1, 'exploded', 1), // no edge: nothing below the first explosion
    c(0.1, 2, 'learned'), c(0.4, 2, 'exploded', 3), c(1.6, 2, 'exploded', 1), // edge √(0.1·0.4) = 0.2: the limit itself
    c(0.1, 4, 'learned'), c(0.4, 4, 'learned'), c(1.6, 4, 'exploded', 2), // edge √(0.4·1.6) = 0.8: 4× the limit
  ];
  // Built inside each test, so that a change to the code is seen by the test that runs it.
  const findings = () => explosionFindings({ seed: 7, lrs: [0.1, 0.4, 1.6], his: [1, 2, 4] }, cells, [10, 10, 10]);

  it('counts a run that exploded below lr·λ = 2, and the runs at 4 as between the lines', () => {
    const f = findings();
    expect([f.runs, f.learned, f.stalled, f.exploded]).toEqual([9, 3, 0, 6]);
    expect([f.explodedBelow2, f.survivedAbove4]).toEqual([1, 0]);
    expect([f.between, f.betweenExploded]).toEqual([3, 2]);
  });

  it('finds the least, median and most edge over the rows that have one, and the row of the most', () => {
    const f = findings();
    expect(f.ratioMin).toBeCloseTo(1, 12);
    expect(f.ratioMedian).toBeCloseTo(2.5, 12);
    expect(f.ratioMax).toBeCloseTo(4, 12);
    expect([f.edgeMin, f.edgeMedian, f.edgeMax].map((v) => Number(v.toFixed(9)))).toEqual([2, 5, 8]);
    expect(f.edgeMaxHi).toBe(4);
    expect([f.exp2Below, f.exp2Above]).toEqual([0.4, 1.6]);
    expect([f.explodedAtEpoch1, f.latestEpoch]).toEqual([4, 3]);
  });

  it('has no edge, no most and no latest epoch on a map where nothing exploded', () => {
    const calm = explosionFindings({ seed: 7, lrs: [0.1, 0.4], his: [1, 4] }, [c(0.1, 1, 'learned'), c(0.4, 1, 'stalled'), c(0.1, 4, 'learned'), c(0.4, 4, 'learned')], [10, 10]);
    expect([calm.exploded, calm.survivedAbove4, calm.between, calm.betweenExploded]).toEqual([0, 0, 2, 0]);
    expect(calm.edgeMaxHi).toBeNaN();
    expect([calm.exp2Below, calm.exp2Above]).toEqual([0.4, null]);
    expect([calm.explodedAtEpoch1, calm.latestEpoch]).toEqual([0, 0]);
  });

  it('quotes every finding by name, counts as integers and measurements to two digits', () => {
    const findings: ExplosionFindings = {
      seed: 3, runs: 12345, learned: 10, stalled: 11, exploded: 12, explodedBelow2: 0, survivedAbove4: 2, between: 30, betweenExploded: 9,
      edgeMin: 2.345, edgeMedian: 2.83, edgeMax: 3.999, edgeMaxHi: 0.25, ratioMin: 1.17, ratioMedian: 1.415, ratioMax: 2, exp1LrLambda: 1.5, exp2LrLambda: 24.04,
      exp2Below: 0.0125, exp2Above: null, explodedAtEpoch1: 40, latestEpoch: 17,
    };
    expect(explosionQuotes(findings)).toEqual({
      seed: '3', runs: '12,345', learned: '10', stalled: '11', exploded: '12', explodedBelow2: '0', survivedAbove4: '2', between: '30', betweenExploded: '9',
      edgeMin: '2.3', edgeMedian: '2.8', edgeMax: '4', edgeMaxHi: '0.25', ratioMin: '1.2', ratioMedian: '1.4', ratioMax: '2', exp1LrLambda: '1.5', exp2LrLambda: '24',
      exp2Below: '0.013', exp2Above: '–', explodedAtEpoch1: '40', latestEpoch: '17',
    });
  });
});

describe('two significant digits at the edges', () => {
  it('keeps zero and 0.001 positional, and writes 1e5 and up in e-notation without a plus sign', () => {
    expect([twoSig(0), twoSig(0.001), twoSig(1e5), twoSig(2.46e6), twoSig(99_000)]).toEqual(['0', '0.001', '1.0e5', '2.5e6', '99000']);
  });

  it('writes infinities as signs, not as numbers', () => {
    expect([twoSig(Infinity), twoSig(-Infinity), twoSig(undefined)]).toEqual(['∞', '−∞', '–']);
  });
});

describe('what the prose quotes from the vanishing map', () => {
  it('reads one initializer’s cells by depth, whatever order they come in, and each activation’s extremes', () => {
    const cell = (init: 'glorotUniform' | 'heUniform', activation: 'sigmoid' | 'tanh' | 'relu' | 'linear', depth: number, ratio: number) => ({ depth, activation, init, ratio });
    const he = Array.from({ length: 10 }, (_, i) => cell('heUniform', 'sigmoid', i + 1, 5));
    // Sigmoid ratio 1/d² at depth d (not geometric, so depth 2 would give another factor than depth 10), shuffled.
    const sigmoid = [3, 10, 1, 7, 4, 2, 9, 5, 8, 6].map((d) => cell('glorotUniform', 'sigmoid', d, 1 / d ** 2));
    const tanh = [cell('glorotUniform', 'tanh', 1, 0.5), cell('glorotUniform', 'tanh', 2, 2), cell('glorotUniform', 'tanh', 3, 1), cell('heUniform', 'tanh', 1, 0.1)];
    const linear = [cell('glorotUniform', 'linear', 1, 3), cell('glorotUniform', 'linear', 2, 1), cell('heUniform', 'linear', 1, 9)];
    const f = vanishingFindings('glorotUniform', [...he, ...sigmoid, ...tanh, ...linear]);
    expect([f.sigmoid1, f.sigmoid4, f.sigmoid10]).toEqual([1, 1 / 16, 1 / 100]);
    expect(f.sigmoidFactor).toBeCloseTo(Math.pow(0.01, 1 / 9), 12); // (r10 / r1)^(1/9)
    expect([f.tanhMin, f.tanhMax, f.linearMin, f.linearMax]).toEqual([0.5, 2, 1, 3]);
  });

  it('has no factor per layer from a single depth', () => {
    expect(vanishingFindings('glorotUniform', [{ depth: 1, activation: 'sigmoid', init: 'glorotUniform', ratio: 0.3 }]).sigmoidFactor).toBeNaN();
  });

  it('quotes each finding under its initializer’s name, to two digits', () => {
    const f: VanishingFindings = { init: 'heUniform', sigmoid1: 0.2291, sigmoid4: 0.00312, sigmoid10: 1.5e-7, sigmoidFactor: 0.25, tanhMin: 0.5, tanhMax: 1.04, reluMin: 0.96, reluMax: 1.2, linearMin: 1, linearMax: 1 };
    expect(vanishingQuotes(f)).toEqual({
      'heUniform.sigmoid1': '0.23', 'heUniform.sigmoid4': '0.0031', 'heUniform.sigmoid10': '1.5e-7', 'heUniform.sigmoidFactor': '0.25',
      'heUniform.tanhMin': '0.5', 'heUniform.tanhMax': '1', 'heUniform.reluMin': '0.96', 'heUniform.reluMax': '1.2', 'heUniform.linearMin': '1', 'heUniform.linearMax': '1',
    });
  });

  it('gives the sigmoid\'s factor per added layer as the geometric mean from depth 1 to 10', () => {
    const cells = Array.from({ length: 10 }, (_, i) => ({ depth: i + 1, activation: 'sigmoid' as const, init: 'glorotUniform' as const, ratio: 0.3 * 0.25 ** i }));
    const relu = Array.from({ length: 10 }, (_, i) => ({ depth: i + 1, activation: 'relu' as const, init: 'glorotUniform' as const, ratio: 1 + i / 10 }));
    const f = vanishingFindings('glorotUniform', [...cells, ...relu]);
    expect(f.sigmoidFactor).toBeCloseTo(0.25, 12);
    expect([f.sigmoid1, f.sigmoid10]).toEqual([0.3, 0.3 * 0.25 ** 9]);
    expect([f.reluMin, f.reluMax]).toEqual([1, 1.9]);
  });
});

describe('the explosion map’s lines themselves', () => {
  // λ_max 20: lr 0.1 and 0.2 sit exactly on lr·λ = 2 and 4 (0.1 · 20 and 0.2 · 20 are exact in float64).
  const c = (lr: number, hi: number, outcome: ExplosionCell['outcome'], epoch: number | null = null) => ({ lr, hi, outcome, firstNonFiniteEpoch: epoch });

  it('counts a run exactly on either line as between them, never as below 2 or above 4', () => {
    const f = explosionFindings({ seed: 1, lrs: [0.1, 0.2], his: [1, 4] }, [c(0.1, 1, 'exploded', 1), c(0.2, 1, 'exploded', 1), c(0.1, 4, 'learned'), c(0.2, 4, 'learned')], [20, 20]);
    expect([f.explodedBelow2, f.survivedAbove4, f.between, f.betweenExploded]).toEqual([0, 0, 4, 2]);
  });

  it('names the first row with the largest edge when two rows share it', () => {
    // Both rows explode from lr 0.2 on: the same edge √(0.1 · 0.2) and the same λ, so the same ratio.
    const f = explosionFindings({ seed: 1, lrs: [0.1, 0.2], his: [1, 4] }, [c(0.1, 1, 'learned'), c(0.2, 1, 'exploded', 2), c(0.1, 4, 'learned'), c(0.2, 4, 'exploded', 1)], [20, 20]);
    expect(f.ratioMin).toBe(f.ratioMax);
    expect(f.edgeMaxHi).toBe(1);
  });
});

describe('the median edge', () => {
  it('is the middle of the rows’ edges in size, not in the rows’ order', () => {
    // λ 10, limit 0.2; rows explode from 1.6, 0.2 and 0.4: edges √(0.8·1.6), √(0.1·0.2), √(0.2·0.4),
    // ratios 4√2, √2/2 and √2, whose middle in size is √2 (the last row).
    const lrs = [0.1, 0.2, 0.4, 0.8, 1.6];
    const row = (hi: number, from: number) => lrs.map((lr) => ({ lr, hi, outcome: lr >= from ? ('exploded' as const) : ('learned' as const), firstNonFiniteEpoch: lr >= from ? 1 : null }));
    const f = explosionFindings({ seed: 1, lrs, his: [1, 2, 4] }, [...row(1, 1.6), ...row(2, 0.2), ...row(4, 0.4)], [10, 10, 10]);
    expect(f.ratioMedian).toBeCloseTo(Math.SQRT2, 12);
    expect(f.ratioMax).toBeCloseTo(4 * Math.SQRT2, 12);
  });
});
