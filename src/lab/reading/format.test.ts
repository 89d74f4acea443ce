import { describe, expect, it } from 'vitest';
import { formatArray, kerasNumber, kerasTimePerStep, predictionsLine, printoutLine, progressLine } from './format';

/** The article's console lines; its text collapsed runs of spaces, so compare with spaces collapsed too. */
const collapse = (s: string) => s.replace(/\s+/g, ' ');

describe('numpy-style printing of float32 arrays', () => {
  it('prints exp1 epoch 1 as the article did, positives padded for the minus sign', () => {
    const line = printoutLine([0.07604259, 0.27522993, -0.10235941, 0.08207107, -0.04505447, -0.07462746]);
    expect(line).toBe('layer1: [ 0.07604259  0.27522993 -0.10235941  0.08207107 -0.04505447 -0.07462746]');
  });

  it('pads shorter fractions on the right, as numpy aligns decimals (exp1 epoch 20)', () => {
    const line = printoutLine([0.00553192, 0.213019, -0.1658938, 0.21581025, -0.08234034, -0.2084046]);
    expect(line).toBe('layer1: [ 0.00553192  0.213019   -0.1658938   0.21581025 -0.08234034 -0.2084046 ]');
    expect(collapse(line)).toBe('layer1: [ 0.00553192 0.213019 -0.1658938 0.21581025 -0.08234034 -0.2084046 ]');
  });

  it('switches to e-notation for huge weights and wraps at numpy’s line width (exp2 epoch 2)', () => {
    const line = printoutLine([6.2245629e22, 1.1131139e23, 1.2879328e22, -1.5327043e23, -7.5734576e22, -1.557756e23]);
    expect(line).toBe('layer1: [ 6.2245629e+22  1.1131139e+23  1.2879328e+22 -1.5327043e+23\n -7.5734576e+22 -1.5577560e+23]');
  });

  it('prints nan as numpy does (exp2 epoch 3)', () => {
    expect(printoutLine([NaN, NaN, NaN, NaN, NaN, NaN])).toBe('layer1: [nan nan nan nan nan nan]');
  });

  it('pads nan and inf to the width of the finite entries', () => {
    expect(formatArray([0.5, NaN, -Infinity])).toBe('[ 0.5  nan -inf]');
  });

  it('uses e-notation when magnitudes are more than 1000× apart', () => {
    expect(formatArray([1e-5, 0.5])).toBe('[1.e-05 5.e-01]');
  });

  it('uses e-notation for a ratio between 1000 and 10000 even when no magnitude alone asks for it', () => {
    // numpy 2.4: str(np.array([0.002, 3.5], dtype=np.float32)); both values alone would print positionally.
    expect(formatArray([0.002, 3.5])).toBe('[2.0e-03 3.5e+00]');
    // and 405× apart stays positional: str(np.array([0.00123456789, 0.5], dtype=np.float32))
    expect(formatArray([0.00123456789, 0.5])).toBe('[0.00123457 0.5       ]');
  });

  it('rounds a value whose shortest form has 9 fractional digits to 8, as numpy’s precision 8 does', () => {
    // float32(0.012345678) reads back from '0.012345678' (9 digits); numpy prints [0.01234568].
    expect(formatArray([0.012345678])).toBe('[0.01234568]');
    expect(formatArray([0.012345678, -0.5])).toBe('[ 0.01234568 -0.5       ]');
  });

  it('prints exp3 sigmoid’s printout', () => {
    expect(printoutLine([0.18758693, -0.0771921, -0.01569629, 0.17212537, 0.1411779, 0.10927829])).toBe(
      'layer1: [ 0.18758693 -0.0771921  -0.01569629  0.17212537  0.1411779   0.10927829]',
    );
  });
});

describe('Keras progress lines', () => {
  it('prints the article’s exp1 epoch-1 line', () => {
    expect(progressLine(5, 2, 0.1663)).toBe('5/5 [==============================] - 0s 2ms/step - loss: 0.1663');
  });

  it('prints an astronomical loss in full, like Python’s %.4f (exp2 epoch 1)', () => {
    expect(kerasNumber(5.726920974826782e31)).toBe('57269209748267820971597475348480.0000');
  });

  it('prints nan loss as nan', () => {
    expect(progressLine(5, 2, NaN)).toBe('5/5 [==============================] - 0s 2ms/step - loss: nan');
  });

  it('prints tiny losses in e-notation', () => {
    expect(kerasNumber(0.00042)).toBe('4.2000e-04');
  });

  it('prints sub-millisecond steps in microseconds', () => {
    expect(kerasTimePerStep(0.31)).toBe('310us/step');
    expect(kerasTimePerStep(2.4)).toBe('2ms/step');
  });

  it('prints steps of a second or more in seconds, as Keras does (slow devices, the cpu backend)', () => {
    expect(kerasTimePerStep(1200)).toBe('1s/step');
    expect(progressLine(5, 1200, 0.25)).toBe('5/5 [==============================] - 6s 1s/step - loss: 0.2500');
  });
});

describe('predictions line', () => {
  it('prints the article’s exp1 predictions', () => {
    expect(predictionsLine([1, 2, 3], [0.98057926, 1.9300488, 2.8795183])).toBe('1=[0.98057926], 2=[1.9300488], 3=[2.8795183]');
  });

  it('prints the article’s exp3 predictions', () => {
    expect(predictionsLine([1, 2, 3], [0.5729448, 0.5735199, 0.5740514])).toBe('1=[0.5729448], 2=[0.5735199], 3=[0.5740514]');
  });
});
