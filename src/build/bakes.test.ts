import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { THROUGH_TIME_DEFAULTS, trainedCurve, TRAINING } from '@/lab/recurrent/gradient-through-time';
import { ENSEMBLE, SUCCESS_BELOW, tailMean, trainMemory, type EnsemblePoint } from '@/lab/recurrent/memory';
import { bakeFile, cachedBake } from './bake-cache';
import { revived, storable } from './through-time-bake';

/**
 * The committed bakes (src/build/bakes/, see bake-cache.ts) are the code's own results for today's
 * sources: present under today's key, and one member re-trained here gives the stored number.
 */
describe('the committed bakes', () => {
  it('hold the memory ensemble for the current recurrent sources (else: npm run build, and commit src/build/bakes/)', () => {
    expect(existsSync(bakeFile('memory-ensemble', ENSEMBLE))).toBe(true);
  });

  it('store what the code computes: seed 1 at the shortest length, both cells, re-trained', () => {
    const stored = cachedBake<EnsemblePoint[]>('memory-ensemble', ENSEMBLE, () => {
      throw new Error('no committed memory ensemble for these sources');
    });
    const point = stored.find((p) => p.length === ENSEMBLE.lengths[0])!;
    const seedIndex = 0;
    for (const cell of ['rnn', 'lstm'] as const) {
      const losses = trainMemory(cell, point.length, ENSEMBLE.seeds[seedIndex]!, ENSEMBLE.steps);
      expect(point.finals[cell][seedIndex], cell).toBe(tailMean(losses));
    }
    // The counts follow the stored finals by the article's rule (below half the baseline).
    for (const p of stored) for (const cell of ['rnn', 'lstm'] as const) expect(p.successes[cell], `${cell} at T = ${p.length}`).toBe(p.finals[cell].filter((f) => f < SUCCESS_BELOW).length);
  }, 60_000);

  it('hold the through-time figure\'s two trained runs for the current sources', () => {
    expect(existsSync(bakeFile('through-time-trained', { s: THROUGH_TIME_DEFAULTS, TRAINING }))).toBe(true);
  });

  it('store what the code computes: the simple RNN\'s trained run, re-trained, to the last bit', () => {
    const stored = cachedBake('through-time-trained', { s: THROUGH_TIME_DEFAULTS, TRAINING }, (): { rnn: ReturnType<typeof storable> } => {
      throw new Error('no committed through-time runs for these sources');
    });
    const fresh = trainedCurve('rnn', THROUGH_TIME_DEFAULTS);
    const back = revived(stored.rnn);
    expect(back.losses).toEqual(fresh.losses);
    expect(back.after).toEqual(fresh.after);
    expect(back.before).toEqual(fresh.before);
    expect([back.sigmaAfter, back.factorAfter, back.lossLast]).toEqual([fresh.sigmaAfter, fresh.factorAfter, fresh.lossLast]);
    expect(Number.isNaN(back.gateMaxAfter)).toBe(true);
  }, 60_000);
});
