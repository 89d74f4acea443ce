import { describe, expect, it } from 'vitest';
import type { EnsembleResult } from '@/lab/engine/ensemble-result';
import { ensembleSummary } from './ensemble-text';

/** An ensemble of `n` seeds whose last losses are `last` (NaN for a seed that exploded). */
function ensemble(last: number[]): EnsembleResult {
  return {
    seeds: last.map((_, i) => i + 1),
    losses: [new Float32Array(last)],
    predictions: new Float32Array(last.length * 3),
    explodedAt: new Int32Array(last.map((v) => (Number.isFinite(v) ? 0 : 1))),
    status: 'done',
    totalMs: 12,
    workers: 1,
  };
}

describe('the seed ensemble\'s summary line', () => {
  it('quotes a median and a 5–95 % range when enough seeds survived', () => {
    const text = ensembleSummary('en', ensemble([0.5, 0.25, 0.125, 0.0625, 1, NaN]));
    expect(text).toMatch(/^1 of 6 seeds went non-finite\. Final loss of the rest: median 0\.25, 5–95% 0\.0625–1\./);
  });

  it('names the survivors\' losses instead of a range when fewer than five survived', () => {
    const text = ensembleSummary('en', ensemble([NaN, 0.01163, NaN, NaN]));
    expect(text).toMatch(/^3 of 4 seeds went non-finite\. The final loss of the ones that survived: 0\.01163\./);
    expect(text).not.toContain('median');
    expect(ensembleSummary('zh-tw', ensemble([NaN, 0.5, 0.25]))).toMatch(/^3 個種子裡有 1 個出現非有限值。撐過來的最終 loss：0\.25、0\.5。/);
  });

  it('says so when every seed exploded', () => {
    expect(ensembleSummary('en', ensemble([NaN, NaN]))).toMatch(/^All 2 seeds went non-finite\./);
  });
});
