import { describe, expect, it } from 'vitest';
import { edgeRows } from './explosion-map-text';

describe('the explosion map’s table', () => {
  it('gives each input range its boundary 2/λ, its catapult limit 4/λ and the measured edge, widest range first', () => {
    // λ = 4: 2/λ = 0.5, 4/λ = 1. λ = 50: 2/λ = 0.04, 4/λ = 0.08.
    const rows = edgeRows(
      [
        { hi: 1, below: 0.45, above: 0.6, ratio: 1.2 },
        { hi: 10, below: 0.035, above: 0.045, ratio: 0.875 },
      ],
      [4, 50],
    );
    expect(rows).toEqual([
      ['10', '0.04', '0.08', '0.035', '0.045', '0.88'],
      ['1', '0.5', '1', '0.45', '0.6', '1.2'],
    ]);
  });

  it('shows a dash where a row has no finite or no exploding learning rate', () => {
    expect(edgeRows([{ hi: 2, below: null, above: null, ratio: null }], [1])).toEqual([['2', '2', '4', '–', '–', '–']]);
  });
});
