import { describe, expect, it } from 'vitest';
import type { Activation } from '@/lab/engine/config';
import { packRatios, unpackRatios, vanishingRows, vanishingSummary, type VanPoint } from './vanishing-map-text';
import { VANISHING_ACTIVATIONS as VAN_ACTIVATIONS, VANISHING_DEPTHS as VAN_DEPTHS } from '@/lab/studies/vanishing-grid';

/**
 * A made-up map with round numbers: sigmoid halves with each added layer from 0.2 (so ×0.5, and
 * 0.2 / 2⁹ = 3.90625e-4 at ten layers), tanh climbs 0.5 → 0.86, ReLU 0.75 → 1.2, linear 1 → 5.5.
 */
const RATIO: Record<Activation, (depth: number) => number> = {
  sigmoid: (d) => 0.2 * 0.5 ** (d - 1),
  tanh: (d) => 0.5 + 0.04 * (d - 1),
  relu: (d) => 0.75 + 0.05 * (d - 1),
  linear: (d) => 1 + 0.5 * (d - 1),
};
const cells: VanPoint[] = (['sigmoid', 'tanh', 'relu', 'linear'] as const).flatMap((activation) =>
  Array.from({ length: 10 }, (_, i) => ({ depth: i + 1, activation, init: 'glorotUniform' as const, ratio: RATIO[activation](i + 1) })),
);

describe('the vanishing map’s sentence', () => {
  it('quotes the sigmoid’s fall, its factor per layer, and the other activations’ ranges', () => {
    expect(vanishingSummary('en', 'glorotUniform', cells)).toBe(
      'Glorot uniform: with sigmoid the ratio falls from 0.2 at one hidden layer to 3.9e-4 at ten, ×0.5 per added layer; tanh stays between 0.5 and 0.86, ReLU between 0.75 and 1.2, linear between 1 and 5.5.',
    );
    expect(vanishingSummary('zh-tw', 'glorotUniform', cells)).toBe(
      'Glorot 均勻分布：用 sigmoid 時，這個比值從 1 層隱藏層的 0.2 掉到 10 層的 3.9e-4，每多一層約乘上 0.5；tanh 介於 0.5 到 0.86，ReLU 介於 0.75 到 1.2，線性介於 1 到 5.5。',
    );
  });

  it('names the initialiser it describes', () => {
    const he = cells.map((c) => ({ ...c, init: 'heUniform' as const }));
    expect(vanishingSummary('en', 'heUniform', he)).toMatch(/^He uniform: with sigmoid the ratio falls from 0\.2 /);
  });
});

describe('the vanishing map’s table', () => {
  it('has a row per depth 1…10: each activation’s ratio, then the sigmoid bound 0.25ⁿ', () => {
    const rows = vanishingRows(cells);
    expect(rows).toHaveLength(10);
    expect(rows[0]).toEqual(['1', '0.2', '0.5', '0.75', '1', '0.25']);
    expect(rows[1]).toEqual(['2', '0.1', '0.54', '0.8', '1.5', '0.063']);
    // 0.25¹⁰ = 9.5367e-7
    expect(rows[9]).toEqual(['10', '3.9e-4', '0.86', '1.2', '5.5', '9.5e-7']);
  });

  it('shows a dash for a cell not measured', () => {
    const rows = vanishingRows(cells.filter((c) => !(c.activation === 'relu' && c.depth === 3)));
    expect(rows[2]).toEqual(['3', '0.05', '0.58', '–', '2', '0.016']);
  });

  it('covers four activations in the table’s column order and depths one to ten', () => {
    expect(VAN_ACTIVATIONS).toEqual(['sigmoid', 'tanh', 'relu', 'linear']);
    expect(VAN_DEPTHS).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });
});

describe('the vanishing map as the page carries it', () => {
  it('packs ratios by activation, then depth, to four significant digits', () => {
    const packed = packRatios(cells);
    expect(packed).toHaveLength(4);
    expect(packed[0]!.slice(0, 3)).toEqual([0.2, 0.1, 0.05]);
    expect(packed[0]![9]).toBe(0.0003906); // 3.90625e-4 to four digits
    expect(packed[1]![9]).toBe(0.86);
    expect(packed[3]).toEqual([1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5]);
  });

  it('packs a missing cell as NaN', () => {
    const packed = packRatios(cells.filter((c) => !(c.activation === 'tanh' && c.depth === 1)));
    expect(packed[1]![0]).toBeNaN();
    expect(packed[1]![1]).toBe(0.54);
  });

  it('unpacks to the cells it was made from, with the initialiser it is told', () => {
    const back = unpackRatios('heUniform', packRatios(cells));
    expect(back).toHaveLength(40);
    expect(back[0]).toEqual({ depth: 1, activation: 'sigmoid', init: 'heUniform', ratio: 0.2 });
    expect(back[39]).toEqual({ depth: 10, activation: 'linear', init: 'heUniform', ratio: 5.5 });
    expect(back.find((c) => c.activation === 'relu' && c.depth === 2)!.ratio).toBe(0.8);
  });

  it('unpacks a short or missing row as NaN', () => {
    const back = unpackRatios('glorotUniform', [[0.5]]);
    expect(back[0]!.ratio).toBe(0.5);
    expect(back[1]!.ratio).toBeNaN();
    expect(back[10]!.ratio).toBeNaN();
  });
});
