import { describe, expect, it } from 'vitest';
import { dataRows, lossRows, numberLabel, readoutLines } from './experiment-text';

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

describe('the readout beside the knobs', () => {
  it('gives the final loss and the three predictions as the tables print them', () => {
    const trace = { epochs: [{ epoch: 1, loss: 0.5 }, { epoch: 2, loss: 0.0123456789 }], predictions: [0.98765432, 1.95, -2.5] } as never;
    expect(readoutLines('en', trace)).toEqual(['final loss 0.012346', 'predictions 0.98765, 1.9500, -2.5000']);
    expect(readoutLines('zh-tw', trace)).toEqual(['最終 loss 0.012346', '預測 0.98765, 1.9500, -2.5000']);
  });

  it('names the epoch where the loss stopped being finite', () => {
    const trace = { epochs: [{ epoch: 1, loss: 3 }, { epoch: 2, loss: Infinity }, { epoch: 3, loss: NaN }], predictions: [NaN, NaN, NaN] } as never;
    expect(readoutLines('en', trace)).toEqual(['final loss NaN · ∞ from epoch 2', 'predictions NaN, NaN, NaN']);
    expect(readoutLines('zh-tw', trace)[0]).toBe('最終 loss NaN・第 2 個 epoch 起為 ∞');
  });

  it('shows a dash where a stopped run has no predictions', () => {
    expect(readoutLines('en', { epochs: [], predictions: null } as never)).toEqual(['final loss –', 'predictions –']);
  });
});
