/** The explosion map's table, as the baked page and the live half both fill it. */
import type { RowEdge } from '@/lab/studies/explosion-grid';
import { twoSig } from '@/lab/studies/findings';

/**
 * One row per input range, widest first (as the map is drawn): the range, the stability boundary
 * 2/λ, the catapult limit 4/λ, the last learning rate that stayed finite, the first that exploded,
 * and the edge over the boundary.
 */
export function edgeRows(edges: readonly Pick<RowEdge, 'hi' | 'below' | 'above' | 'ratio'>[], lambdas: readonly number[]): string[][] {
  return edges.map((e, i) => [String(e.hi), twoSig(2 / lambdas[i]!), twoSig(4 / lambdas[i]!), twoSig(e.below), twoSig(e.above), twoSig(e.ratio)]).reverse();
}
