import { describe, expect, it } from 'vitest';
import { preset } from './config';
import { EXPLOSION_GRID, explosionCellConfig, type ExplosionCell } from './explosion-grid';
import { cellSettings, decodeCells, encodeCells, roundedLoss } from './map-codec';
import { withValues } from './params';

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

  it('refuses a string that does not fit the grid', () => {
    expect(() => decodeCells(encodeCells(cells).slice(2), grid)).toThrow(/cells/);
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
