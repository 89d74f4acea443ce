import { describe, expect, it } from 'vitest';
import { edgesOf, type ExplosionCell, type ExplosionRow } from './explosion-grid';

const row = (index: number, outcomes: ExplosionCell['outcome'][], lrs = [0.01, 0.04, 0.16, 0.64]): ExplosionRow => ({
  index,
  hi: index + 1,
  cells: outcomes.map((outcome, i) => ({ lr: lrs[i]!, hi: index + 1, outcome, firstNonFiniteEpoch: outcome === 'exploded' ? 1 : null, finalLoss: 0.01, lastFiniteLoss: null })),
});

describe('the edge of a map row', () => {
  it('lies between the last rate that stayed finite and the first that exploded, at their geometric mean', () => {
    const [e] = edgesOf([row(0, ['learned', 'stalled', 'exploded', 'exploded'])], [{ lr: 0.1 }]);
    // √(0.04 · 0.16) = 0.08; over the boundary 0.1: 0.8.
    expect(e).toMatchObject({ hi: 1, below: 0.04, above: 0.16, boundary: 0.1 });
    expect(e!.edge).toBeCloseTo(0.08, 15);
    expect(e!.ratio).toBeCloseTo(0.8, 15);
  });

  it('has no edge, only a first exploding rate, in a row that explodes at its first cell', () => {
    const [e] = edgesOf([row(0, ['exploded', 'exploded', 'exploded', 'exploded'])], [{ lr: 0.1 }]);
    expect(e).toMatchObject({ below: null, above: 0.01, edge: null, ratio: null });
  });

  it('has no edge, only its last finite rate, in a row that never explodes', () => {
    const [e] = edgesOf([row(0, ['learned', 'learned', 'stalled', 'stalled'])], [{ lr: 0.1 }]);
    expect(e).toMatchObject({ below: 0.64, above: null, edge: null, ratio: null });
  });

  it('reads each row against its own boundary, by the row’s index', () => {
    const edges = edgesOf([row(1, ['learned', 'exploded', 'exploded', 'exploded']), row(0, ['learned', 'learned', 'exploded', 'exploded'])], [{ lr: 1 }, { lr: 2 }]);
    expect(edges.map((e) => e.boundary)).toEqual([2, 1]);
  });
});
