import { describe, expect, it } from 'vitest';
import { chainRows, gradRows } from './diagnostics-text';

describe('the gradient panel’s table', () => {
  it('has one row per epoch: the epoch, then each layer’s gradient norm to three significant digits', () => {
    expect(gradRows([
      { epoch: 1, gradNorms: [0.123456, 45678, 2] },
      { epoch: 2, gradNorms: [NaN, Infinity, -Infinity] },
    ])).toEqual([
      ['1', '0.123', '4.57e+4', '2.00'],
      ['2', 'NaN', '∞', '−∞'],
    ]);
  });

  it('has no rows before the first epoch', () => {
    expect(gradRows([])).toEqual([]);
  });
});

describe('the chain rule’s table', () => {
  it('names the first, middle and output layers and gives each its slope and kernel norm', () => {
    expect(chainRows('en', { slopes: [0.25, 0.2, 0.1], weightNorms: [1.5, 2, 0.03125] })).toEqual([
      ['layer 0 (first)', '0.250', '1.50'],
      ['layer 1', '0.200', '2.00'],
      ['layer 2 (output)', '0.100', '0.0313'],
    ]);
  });

  it('says NaN for a layer whose kernel norm is missing, and names layers in Chinese on the zh-TW page', () => {
    expect(chainRows('zh-tw', { slopes: [0.5, 0.125], weightNorms: [4] })).toEqual([
      ['第 0 層（第一層）', '0.500', '4.00'],
      ['第 1 層（輸出層）', '0.125', 'NaN'],
    ]);
  });
});
