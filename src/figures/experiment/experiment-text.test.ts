import { describe, expect, it } from 'vitest';
import { dataRows, lossRows, numberLabel } from './experiment-text';

describe('an experiment figure’s numbers', () => {
  it('prints a loss or a prediction to five significant digits, NaN and ∞ as a reader writes them', () => {
    expect(numberLabel(0.0123456789)).toBe('0.012346');
    expect(numberLabel(2)).toBe('2.0000');
    expect(numberLabel(NaN)).toBe('NaN');
    expect(numberLabel(Infinity)).toBe('∞');
    expect(numberLabel(-Infinity)).toBe('−∞');
  });

  it('lists the loss table as epoch, loss', () => {
    expect(lossRows([
      { epoch: 1, loss: 1234.5678 },
      { epoch: 2, loss: NaN },
    ])).toEqual([
      ['1', '1234.6'],
      ['2', 'NaN'],
    ]);
  });

  it('lists each clean input beside its noisy copy to four decimals', () => {
    // Values a float32 holds exactly, so that the four decimals are the hand-rounded ones.
    const x = new Float32Array([0.5, -1.25]);
    const z = new Float32Array([0.515625, -1.1875]);
    expect(dataRows({ x, z })).toEqual([
      ['0.5000', '0.5156'],
      ['-1.2500', '-1.1875'],
    ]);
  });

  it('says NaN where a noisy copy is missing', () => {
    expect(dataRows({ x: new Float32Array([1, 2]), z: new Float32Array([1]) })).toEqual([
      ['1.0000', '1.0000'],
      ['2.0000', 'NaN'],
    ]);
  });
});
