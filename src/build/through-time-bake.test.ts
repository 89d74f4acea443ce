import { describe, expect, it } from 'vitest';
import { firstToLast, THROUGH_TIME_DEFAULTS, throughTimeFrame } from '@/lab/recurrent/gradient-through-time';
import { revived, storable, THROUGH_TIME_SEEDS, throughTimeInit } from './through-time-bake';

/*
 * The figure's baked half (its table, its picture, its first paint and the prose's numbers) against
 * what its live half computes for the default settings: the same numbers, to the six digits the
 * page carries. The live call is the one the element makes on every frame of a drag.
 */
describe('the gradient-through-time figure’s baked data', () => {
  const { baked, quotes } = throughTimeInit();
  const live = throughTimeFrame(THROUGH_TIME_DEFAULTS);
  const close = (page: number[], exact: ArrayLike<number>) => {
    expect(page).toHaveLength(exact.length);
    page.forEach((v, t) => expect(Math.abs(v / exact[t]! - 1), `step ${t}`).toBeLessThan(5e-6));
  };

  it('is the live frame at the default seed, length, scale and forget-gate bias, step by step', () => {
    close(baked.rnn, live.rnn);
    close(baked.lstm, live.lstm);
    close(baked.bound, live.bound);
    expect(baked.sigma).toBeCloseTo(live.sigma, 5);
  });

  it('quotes the live frame’s first-to-last ratios', () => {
    const two = (v: number) => v.toExponential(1).replace('e-', 'e−');
    expect(quotes['rnnRatio']).toBe(two(firstToLast(live.rnn)));
    expect(quotes['lstmRatio']).toBe(two(firstToLast(live.lstm)));
  });

  it('quotes the products back to step 0 with one factor per step back: 49 of them at 50 steps', () => {
    expect(quotes['stepsBack']).toBe('49');
    // σ(1) = 1/(1 + e^−1) = 0.7310586; ln 0.7310586 = −0.313262; ×49 = −15.3498; e^−15.3498 = 2.16e−7.
    expect(quotes['forgetPower1']).toBe('2.2e−7');
  });

  it('counts the seeds where the LSTM keeps less than the simple RNN, over the seeds it names', () => {
    const below = THROUGH_TIME_SEEDS.filter((seed) => {
      const f = throughTimeFrame({ ...THROUGH_TIME_DEFAULTS, seed });
      return firstToLast(f.lstm) < firstToLast(f.rnn);
    }).length;
    expect(quotes['lstmBelow']).toBe(String(below));
    expect(quotes['seeds']).toBe(String(THROUGH_TIME_SEEDS.length));
  });
});

describe('a trained run stored as JSON (src/build/bakes/)', () => {
  it('comes back as it went in: Float64Arrays to the last bit, NaN as NaN', () => {
    const cell = {
      before: Float64Array.of(1e-300, 0.1 + 0.2, 5e-324),
      after: Float64Array.of(Math.PI, 2),
      sigmaBefore: 0.9,
      sigmaAfter: 1.0000000000000002,
      factorBefore: 0.5,
      factorAfter: 0.25,
      gateMaxBefore: NaN,
      gateMaxAfter: 0.986,
      lossFirst: 0.17,
      lossLast: 0.0023383,
      losses: Float64Array.of(0.1666, 1 / 3),
    };
    const back = revived(JSON.parse(JSON.stringify(storable(cell))));
    expect(back.before).toBeInstanceOf(Float64Array);
    expect(Array.from(back.before)).toEqual([1e-300, 0.30000000000000004, 5e-324]);
    expect(Array.from(back.losses)).toEqual([0.1666, 1 / 3]);
    expect(back.after[0]).toBe(Math.PI);
    expect(Number.isNaN(back.gateMaxBefore)).toBe(true);
    expect(back.gateMaxAfter).toBe(0.986);
    expect(back.sigmaAfter).toBe(1.0000000000000002);
  });
});

