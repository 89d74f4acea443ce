import { describe, expect, it } from 'vitest';
import { preset } from '../engine/config';
import { EXPLOSION_GRID, explosionCellConfig, type ExplosionCell } from './explosion-grid';
import { cellSettings, decodeCells, encodeCells, roundedLoss } from './map-codec';
import { withValues } from '../settings/params';

const cell = (outcome: ExplosionCell['outcome'], firstNonFiniteEpoch: number | null, finalLoss: number): ExplosionCell => ({ lr: 0.1, hi: 1, outcome, firstNonFiniteEpoch, finalLoss, lastFiniteLoss: null });

describe('the explosion map in the page (two characters a cell)', () => {
  const grid = { lrs: [0.01, 0.1, 1], his: [1, 4] };
  const cells = [cell('stalled', null, 0.0523), cell('learned', null, 0.00231), cell('exploded', 1, NaN), cell('learned', null, 0.0098), cell('exploded', 2, Infinity), cell('exploded', 20, -Infinity)];

  it('keeps every outcome and first non-finite epoch exactly, and puts each cell at its lr and hi', () => {
    const text = encodeCells(cells);
    expect(text).toHaveLength(2 * cells.length);
    const back = decodeCells(text, grid);
    expect(back.map((c) => [c.outcome, c.firstNonFiniteEpoch])).toEqual(cells.map((c) => [c.outcome, c.firstNonFiniteEpoch]));
    expect(back.map((c) => [c.lr, c.hi])).toEqual([[0.01, 1], [0.1, 1], [1, 1], [0.01, 4], [0.1, 4], [1, 4]]);
  });

  it('keeps a finite loss to within 1.2 % (two significant digits) and an exploded run\'s loss not at all', () => {
    const back = decodeCells(encodeCells(cells), grid);
    for (const [i, c] of cells.entries()) {
      if (c.outcome === 'exploded') expect(back[i]!.finalLoss).toBeNaN();
      else expect(Math.abs(back[i]!.finalLoss / c.finalLoss - 1)).toBeLessThan(0.012);
    }
    for (const loss of [1e-7, 3.3e-4, 0.0999, 1, 57, 5e11]) expect(Math.abs(roundedLoss(loss) / loss - 1)).toBeLessThan(0.012);
  });

  it('gives the same string for two maps exactly when their outcomes and epochs agree and their losses round alike', () => {
    const text = encodeCells(cells);
    expect(encodeCells(cells.map((c) => ({ ...c, finalLoss: c.finalLoss * (1 + 1e-9) })))).toBe(text);
    expect(encodeCells(cells.map((c, i) => (i === 2 ? { ...c, firstNonFiniteEpoch: 3 } : c)))).not.toBe(text);
    expect(encodeCells(cells.map((c, i) => (i === 1 ? { ...c, outcome: 'stalled' as const } : c)))).not.toBe(text);
    expect(encodeCells(cells.map((c, i) => (i === 3 ? { ...c, finalLoss: c.finalLoss * 1.05 } : c)))).not.toBe(text);
  });

  it('clamps a loss beyond the scale to its ends: 10^11.99 at the top, 10^−8 at the bottom', () => {
    // 2,000 levels of 1/100 decade from 10^−8: the last is 10^(1999/100 − 8) = 10^11.99.
    const [top, bottom] = decodeCells(encodeCells([cell('stalled', null, 1e15), cell('learned', null, 1e-12)]), { lrs: [1, 2], his: [1] });
    expect(top!.finalLoss).toBeCloseTo(10 ** 11.99, -8);
    expect(top!.outcome).toBe('stalled');
    expect(bottom!.finalLoss).toBeCloseTo(1e-8, 20);
    expect(bottom!.outcome).toBe('learned');
  });

  it('keeps a loss just under 10^12 in the top decade, not folded into the bottom', () => {
    const [c] = decodeCells(encodeCells([cell('learned', null, 5e11)]), { lrs: [1], his: [1] });
    expect(Math.abs(c!.finalLoss / 5e11 - 1)).toBeLessThan(0.012);
  });

  it('keeps epochs 1 to 95 of an exploded run and refuses a later one', () => {
    const [first, last] = decodeCells(encodeCells([cell('exploded', 1, NaN), cell('exploded', 95, NaN)]), { lrs: [1, 2], his: [1] });
    expect([first!.firstNonFiniteEpoch, last!.firstNonFiniteEpoch]).toEqual([1, 95]);
    expect(() => encodeCells([cell('exploded', 96, NaN)])).toThrow(/does not fit/);
    expect(() => encodeCells([cell('exploded', 0, NaN)])).toThrow(/does not fit/);
  });

  it('refuses the one code no cell encodes to (4000, between stalled and exploded) and characters outside its alphabet', () => {
    // 4000 = 62 · 64 + 32: the 63rd and 33rd letters, '-' and 'W'.
    expect(() => decodeCells('-W', { lrs: [1], his: [1] })).toThrow(/unknown code/);
    expect(() => decodeCells('0!', { lrs: [1], his: [1] })).toThrow(/bad character/);
    expect(() => decodeCells('!0', { lrs: [1], his: [1] })).toThrow(/bad character/);
    expect(() => decodeCells('00!0', { lrs: [1, 2], his: [1] })).toThrow('the baked map has a bad character at cell 1');
  });

  it('reads code 1999 as learned and 2000 as stalled, both ends of the loss scale', () => {
    // 1999 = 31 · 64 + 15 ('V', 'F'): learned at 10^(19.99 − 8); 2000 = 31 · 64 + 16 ('V', 'G'): stalled at 10^−8.
    const [top, bottom] = decodeCells('VFVG', { lrs: [0.1, 1], his: [4] });
    expect([top!.outcome, bottom!.outcome]).toEqual(['learned', 'stalled']);
    expect(top!.finalLoss / 10 ** 11.99).toBeCloseTo(1, 12);
    expect(bottom!.finalLoss / 1e-8).toBeCloseTo(1, 12);
    expect([top!.lr, bottom!.lr, top!.hi]).toEqual([0.1, 1, 4]);
  });

  it('refuses a string that does not fit the grid', () => {
    expect(() => decodeCells(encodeCells(cells).slice(2), grid)).toThrow('the baked map has 5 cells, the grid 6');
    expect(() => decodeCells('!!'.repeat(6), grid)).toThrow(/bad character/);
  });
});

describe('a map cell\'s settings, as the experiment 2 figure takes them', () => {
  it('make, through the figure\'s knobs, exactly the run the map trained in that cell, for every cell', () => {
    const seed = 77;
    const grid = { ...EXPLOSION_GRID, seed };
    for (let row = 0; row < grid.his.length; row++) {
      for (let col = 0; col < grid.lrs.length; col++) {
        const s = cellSettings(grid, row, col);
        const { lr, hi, noise } = s;
        const viaKnobs = withValues(preset('exp2'), { lr, hi, noise, seed: s.seed });
        expect(viaKnobs).toEqual(explosionCellConfig(grid.lrs[col]!, grid.his[row]!, seed));
      }
    }
  });

  it('are experiment 2\'s own at experiment 2\'s cell (lr 0.1, inputs up to 4, noise 0.1, seed 14)', () => {
    const s = cellSettings(EXPLOSION_GRID, EXPLOSION_GRID.his.indexOf(4), EXPLOSION_GRID.lrs.indexOf(0.1));
    expect(s).toEqual({ lr: 0.1, hi: 4, noise: 0.1, seed: 14 });
    expect(withValues(preset('exp2'), s)).toEqual(preset('exp2'));
  });

  it('refuse a cell outside the grid', () => {
    expect(() => cellSettings(EXPLOSION_GRID, 32, 0)).toThrow(/no cell/);
  });
});
