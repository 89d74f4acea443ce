import { describe, expect, it } from 'vitest';
import { countText, ensembleProgressText, ensembleRows } from './memory-text';

describe('the seed ensemble’s words', () => {
  it('writes a table cell as seeds remembered out of seeds trained', () => {
    expect(countText(3, 8)).toBe('3 / 8');
    const point = { length: 30, finals: { rnn: [0.2, 0.2], lstm: [0.01, 0.2] }, successes: { rnn: 0, lstm: 1 } };
    expect(ensembleRows([point])).toEqual([['30', '0 / 2', '1 / 2']]);
  });

  it('says where a live ensemble is, in each language, with the cell’s own name', () => {
    const at = { seed: 3, n: 8, cell: 'lstm' as const, length: 20, step: 240, steps: 600 };
    expect(ensembleProgressText('en', at)).toBe('seed 3 of 8, LSTM, T = 20 · step 240 / 600');
    expect(ensembleProgressText('zh-tw', { ...at, cell: 'rnn' })).toBe('種子 3（共 8 個），簡單 RNN，T = 20 · 第 240 / 600 步');
  });
});
