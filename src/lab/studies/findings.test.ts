import { describe, expect, it } from 'vitest';
import type { ExplosionCell } from './explosion-grid';
import { explosionFindings, twoSig, vanishingFindings } from './findings';

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
  const f = explosionFindings({ seed: 3, lrs, his }, cells, lambdas);

  it('counts outcomes, and runs that broke the rule either way', () => {
    expect([f.runs, f.learned, f.stalled, f.exploded]).toEqual([12, 6, 1, 5]);
    expect(f.explodedBelow2).toBe(0);
    expect(f.survivedAbove4).toBe(1); // lr 0.4 at λ 15
    expect(f.between).toBe(5); // lr·λ in 2 … 4: one run in row 0 (3), two in row 1 (2, 4), two in row 2 (2, 4)
    expect(f.betweenExploded).toBe(2);
  });

  it('measures each row\'s edge in lr·λ units and as a multiple of the rule\'s limit', () => {
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

describe('what the prose quotes from the vanishing map', () => {
  it('gives the sigmoid\'s factor per added layer as the geometric mean from depth 1 to 10', () => {
    const cells = Array.from({ length: 10 }, (_, i) => ({ depth: i + 1, activation: 'sigmoid' as const, init: 'glorotUniform' as const, ratio: 0.3 * 0.25 ** i }));
    const relu = Array.from({ length: 10 }, (_, i) => ({ depth: i + 1, activation: 'relu' as const, init: 'glorotUniform' as const, ratio: 1 + i / 10 }));
    const f = vanishingFindings('glorotUniform', [...cells, ...relu]);
    expect(f.sigmoidFactor).toBeCloseTo(0.25, 12);
    expect([f.sigmoid1, f.sigmoid10]).toEqual([0.3, 0.3 * 0.25 ** 9]);
    expect([f.reluMin, f.reluMax]).toEqual([1, 1.9]);
  });
});
