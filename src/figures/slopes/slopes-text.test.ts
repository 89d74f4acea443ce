import { describe, expect, it } from 'vitest';
import type { SlopeSummary } from '@/lab/engine/activation-fns';
import { actSymbol, packStrip, slopesRows, slopesSentence, unpackCounts } from './slopes-text';

describe('the σ′ figure’s words', () => {
  it('names the sigmoid σ and ReLU as written, other activations by their name', () => {
    expect(actSymbol('sigmoid')).toBe('σ');
    expect(actSymbol('relu')).toBe('ReLU');
    expect(actSymbol('tanh')).toBe('tanh');
  });

  it('quotes each layer’s mean slope and their product (0.25 × 0.2 × 0.5 × 0.4 = 0.01)', () => {
    expect(slopesSentence('en', 20, [0.25, 0.2, 0.5, 0.4])).toBe(
      'At epoch 20 the mean slopes are 0.250, 0.200, 0.500, 0.400; their product, 0.01, is the slopes’ share of what the chain rule multiplies the gradient by on its way back through these layers (the weights supply the rest; ¼⁴ = 0.0039).',
    );
    expect(slopesSentence('zh-tw', 7, [0.25, 0.1])).toBe(
      '第 7 個 epoch 時，各層的平均斜率是 0.250、0.100；它們的乘積 0.025，是梯度往回穿過這幾層時，連鎖律裡斜率這一份的倍數（權重矩陣那一份不算在內；¼⁴ = 0.0039）。',
    );
  });

  it('has one table row per layer: its name, mean slope, mean pre-activation and their spread', () => {
    expect(slopesRows('en', [
      { meanSlope: 0.2, mean: -1.234, sd: 0.5 },
      { meanSlope: 0.0625, mean: 0.00012, sd: 123456 },
    ])).toEqual([
      ['layer 0', '0.200', '−1.2', '0.5'],
      ['layer 1', '0.063', '1.2e-4', '1.2e5'],
    ]);
    expect(slopesRows('zh-tw', [{ meanSlope: 1, mean: 0, sd: 2 }])).toEqual([['第 0 層', '1.000', '0', '2']]);
  });
});

describe('a layer’s histogram as the page carries it', () => {
  const summary = (counts: number[]): SlopeSummary => ({ counts, meanSlope: 0.123456789, mean: -2.3456789, sd: 1.00004999 }) as SlopeSummary;

  it('keeps only the span from the first to the last non-empty bin, and five significant digits', () => {
    const s = summary([0, 3, 0, 5, 0, 0, 0]);
    expect(packStrip(s)).toEqual({ from: 1, counts: [3, 0, 5], meanSlope: 0.12346, mean: -2.3457, sd: 1 });
    expect(s.counts).toEqual([0, 3, 0, 5, 0, 0, 0]); // the summary itself is left alone
  });

  it('keeps every bin when the first and last are both full', () => {
    expect(packStrip(summary([1, 0, 2])).counts).toEqual([1, 0, 2]);
    expect(packStrip(summary([1, 0, 2])).from).toBe(0);
  });

  it('carries no bins for an empty histogram', () => {
    expect(packStrip(summary([0, 0, 0]))).toMatchObject({ from: 0, counts: [] });
  });

  it('unpacks to the full set of bins, zero outside the span', () => {
    expect(unpackCounts({ from: 2, counts: [3, 0, 5], meanSlope: 0, mean: 0, sd: 0 }, 7)).toEqual([0, 0, 3, 0, 5, 0, 0]);
    expect(unpackCounts({ from: 0, counts: [], meanSlope: 0, mean: 0, sd: 0 }, 3)).toEqual([0, 0, 0]);
  });
});
