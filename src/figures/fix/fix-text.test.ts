import { describe, expect, it } from 'vitest';
import type { EpochRecord, RunTrace } from '@/lab/engine/trace';
import { fixOutcome, pairRows } from './fix-text';

const epoch = (loss: number, gradNorms: number[] = []) => ({ loss, gradNorms }) as EpochRecord;
/** A run as the fix figure reads it: its epochs, its predictions and whether the tripwire stopped it. */
const run = (epochs: EpochRecord[], predictions: number[] | null = null, stopped = false) =>
  ({ epochs, predictions, trip: stopped ? { stopped: true } : null }) as RunTrace;

describe('the fix figure’s outcome line', () => {
  it('gives the final loss and the predictions, in each language', () => {
    const after = run([epoch(0.5), epoch(0.25), epoch(0.0021)], [0.99, 1.98, 2.97]);
    expect(fixOutcome('en', 'after', after)).toBe('after: final loss 0.0021, predictions 0.99 / 1.98 / 2.97.');
    expect(fixOutcome('zh-tw', 'after', after)).toBe('修正後：最終 loss 0.0021，預測 0.99 / 1.98 / 2.97。');
    expect(fixOutcome('en', 'before', after)).toMatch(/^before: /);
    expect(fixOutcome('zh-tw', 'before', after)).toMatch(/^修正前：/);
  });

  it('says NaN for a run the tripwire stopped, whatever its last recorded loss', () => {
    expect(fixOutcome('en', 'before', run([epoch(3.5)], [1, 2, 3], true))).toBe('before: final loss NaN, predictions 1 / 2 / 3.');
  });

  it('shows a dash for a run with no epoch and no predictions', () => {
    expect(fixOutcome('en', 'before', run([], null))).toBe('before: final loss –, predictions –.');
  });
});

describe('the fix figure’s table', () => {
  it('pairs each epoch’s loss and first-layer gradient norm, with a dash where one run has no such epoch', () => {
    const before = run([epoch(2, [10, 1]), epoch(Infinity, [Infinity])]);
    const after = run([epoch(0.5, [0.25])]);
    expect(pairRows(before, after)).toEqual([
      ['1', '2.00', '0.500', '10.0', '0.250'],
      ['2', '∞', '–', '∞', '–'],
    ]);
  });

  it('says NaN for an epoch without gradient norms', () => {
    expect(pairRows(run([epoch(1)]), run([epoch(1, [2])]))).toEqual([['1', '1.00', '1.00', 'NaN', '2.00']]);
  });

  it('lists as many epochs as asked', () => {
    const rows = pairRows(run([epoch(1, [1])]), run([epoch(1, [1])]), 3);
    expect(rows.map((r) => r[0])).toEqual(['1', '2', '3']);
    expect(rows[2]).toEqual(['3', '–', '–', '–', '–']);
  });
});
