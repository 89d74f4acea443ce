import { describe, expect, it } from 'vitest';
import { preset } from '../engine/config';
import type { EpochRecord, RunTrace } from '../engine/trace';
import { formatArray, formatConsole, kerasNumber, kerasTimePerStep, predictionsLine, printoutLine, progressLine } from './format';

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

// Expected strings below are numpy 2.4's str(np.array(values, dtype=np.float32)) under
// np.set_printoptions(legacy='2.2'): the e-notation cutoff at 1e8 that this module documents (from
// numpy 2.3 on, float32 arrays switch at 1e6 instead: [1234567.] prints as [1.234567e+06]).
describe('numpy-style printing at its edges', () => {
  it('prints whole numbers with a bare point, never as e-notation or eight zeros', () => {
    expect(formatArray([100])).toBe('[100.]');
    expect(formatArray([100, 0.5])).toBe('[100.    0.5]');
    expect(formatArray([-100, 3])).toBe('[-100.    3.]');
    expect(formatArray([1, 2])).toBe('[1. 2.]');
    expect(formatArray([12345678])).toBe('[12345678.]');
  });

  it('drops the zeros left after rounding a 9th fractional digit', () => {
    // float32 0.012300001 is the next float32 above float32(0.0123): 8 places give 0.01230000.
    expect(formatArray([0.012300001])).toBe('[0.0123]');
    expect(formatArray([0.012300001, -0.5])).toBe('[ 0.0123 -0.5   ]');
  });

  it('switches to e-notation at 1e8 exactly, and for a smallest magnitude below 1e-4', () => {
    expect(formatArray([1e8])).toBe('[1.e+08]');
    expect(formatArray([99999999])).toBe('[1.e+08]'); // float32(99999999) is 1e8
    expect(formatArray([2e-4])).toBe('[0.0002]');
    expect(formatArray([9e-5])).toBe('[9.e-05]');
  });

  it('stays positional at exactly 1000× apart and leaves zeros out of the smallest magnitude', () => {
    expect(formatArray([0.5, 500])).toBe('[  0.5 500. ]');
    expect(formatArray([0.5, 501])).toBe('[5.00e-01 5.01e+02]');
    expect(formatArray([0, 1e-5])).toBe('[0.e+00 1.e-05]');
    expect(formatArray([0, 0])).toBe('[0. 0.]');
  });

  it('gives nan and inf the width of the numbers, in both notations, and one width when alone', () => {
    expect(formatArray([Infinity])).toBe('[inf]');
    expect(formatArray([NaN, -Infinity])).toBe('[ nan -inf]');
    expect(formatArray([NaN, Infinity, -Infinity])).toBe('[ nan  inf -inf]');
    expect(formatArray([1e-5, NaN])).toBe('[1.e-05    nan]');
    expect(formatArray([1e-5, -Infinity, -2.5e-3])).toBe('[ 1.0e-05     -inf -2.5e-03]');
  });
});

describe('Keras numbers at their edges', () => {
  // Keras' Progbar: `%.4f` when abs(v) > 1e-3, else `%.4e`; Python's results written out by hand.
  it('uses %.4e from 1e-3 down, zero and negatives included', () => {
    expect(kerasNumber(0.001)).toBe('1.0000e-03');
    expect(kerasNumber(0.0011)).toBe('0.0011');
    expect(kerasNumber(0)).toBe('0.0000e+00');
    expect(kerasNumber(-0.0005)).toBe('-5.0000e-04');
  });

  it('prints infinities as Python does, and 1e21 in full', () => {
    expect(kerasNumber(Infinity)).toBe('inf');
    expect(kerasNumber(-Infinity)).toBe('-inf');
    expect(kerasNumber(1e21)).toBe('1000000000000000000000.0000');
    expect(kerasNumber(-2.5)).toBe('-2.5000');
  });

  it('switches units at exactly one second and one millisecond', () => {
    expect(kerasTimePerStep(1000)).toBe('1s/step');
    expect(kerasTimePerStep(999)).toBe('999ms/step');
    expect(kerasTimePerStep(1)).toBe('1ms/step');
    expect(kerasTimePerStep(0.999)).toBe('999us/step');
  });
});

describe('the whole console of a run', () => {
  const record = (epoch: number, loss: number, printed: number[]): EpochRecord => ({ epoch, loss, printed, gradNorms: [1], weightNorms: [1], msPerStep: 2, slopes: [], predictions: [], histograms: [] });
  // 100 points in batches of 30: 4 steps an epoch (the last one 10 points).
  const config = { ...preset('exp1'), batchSize: 30, epochs: 2 };
  const trace = (predictions: number[] | null): RunTrace => ({ experiment: 'exp1', config, backend: { name: 'wasm', simd: true, threads: 0 }, epochs: [record(1, 0.1663, [0.5, -0.25]), record(2, 0.0026, [1, 2])], predictions, status: 'done', trip: null, totalMs: 1 });
  const bar = '[' + '='.repeat(30) + ']';

  it('prints each epoch as header, printout and progress line, then the predictions', () => {
    expect(formatConsole(trace([0.98057926, 1.9300488, 2.8795183])).split('\n')).toEqual([
      'Epoch 1/2',
      'layer1: [ 0.5  -0.25]',
      `4/4 ${bar} - 0s 2ms/step - loss: 0.1663`,
      'Epoch 2/2',
      'layer1: [1. 2.]',
      `4/4 ${bar} - 0s 2ms/step - loss: 0.0026`,
      '1=[0.98057926], 2=[1.9300488], 3=[2.8795183]',
    ]);
  });

  it('ends without a predictions line when the run gave none', () => {
    expect(formatConsole(trace(null)).split('\n')).toHaveLength(6);
  });
});
