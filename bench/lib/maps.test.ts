import { describe, expect, it } from 'vitest';
import { encodeCells } from '../../src/lab/studies/map-codec';
import { bakedOutcomes } from './maps.ts';

describe('the bench\'s reading of a baked explosion map', () => {
  it('gives back the outcome and epoch of every cell the site encoded', () => {
    const cells = [
      { outcome: 'learned' as const, firstNonFiniteEpoch: null, finalLoss: 0.0021 },
      { outcome: 'stalled' as const, firstNonFiniteEpoch: null, finalLoss: 0.31 },
      { outcome: 'exploded' as const, firstNonFiniteEpoch: 1, finalLoss: NaN },
      { outcome: 'exploded' as const, firstNonFiniteEpoch: 17, finalLoss: Infinity },
      { outcome: 'learned' as const, firstNonFiniteEpoch: null, finalLoss: 1e-8 },
      { outcome: 'stalled' as const, firstNonFiniteEpoch: null, finalLoss: 9e11 },
    ];
    expect(bakedOutcomes(encodeCells(cells))).toEqual(cells.map((c) => ({ outcome: c.outcome, epoch: c.firstNonFiniteEpoch })));
  });
});
