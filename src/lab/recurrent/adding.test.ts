import { describe, expect, it } from 'vitest';
import { rngFor } from '../engine/random';
import { ADDING_BASELINE, addingProblem } from './adding';

describe('the adding problem', () => {
  const T = 11;
  const data = addingProblem(rngFor(1, 'noise'), 200, T);

  it('has two features per step and one target per sequence', () => {
    expect([data.batch, data.steps, data.features, data.x.length, data.y.length]).toEqual([200, T, 2, 200 * T * 2, 200]);
  });

  it('marks exactly two steps per sequence, one in each half, and asks for the sum of their numbers', () => {
    for (let b = 0; b < data.batch; b++) {
      const marked = Array.from({ length: T }, (_, t) => t).filter((t) => data.x[(b * T + t) * 2 + 1] === 1);
      const zeros = Array.from({ length: T }, (_, t) => data.x[(b * T + t) * 2 + 1]).filter((m) => m === 0).length;
      expect(marked.length).toBe(2);
      expect(zeros).toBe(T - 2);
      expect(marked[0]!).toBeLessThan(5); // the first half of 11 steps: 0…4
      expect(marked[1]!).toBeGreaterThanOrEqual(5);
      expect(data.y[b]).toBeCloseTo(data.x[(b * T + marked[0]!) * 2]! + data.x[(b * T + marked[1]!) * 2]!, 6);
    }
  });

  it('draws the numbers from [0, 1) and both markers over their whole halves', () => {
    const values = Array.from({ length: data.batch * T }, (_, i) => data.x[2 * i]!);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const firsts = new Set<number>();
    const seconds = new Set<number>();
    for (let b = 0; b < data.batch; b++) {
      const marked = Array.from({ length: T }, (_, t) => t).filter((t) => data.x[(b * T + t) * 2 + 1] === 1);
      firsts.add(marked[0]!);
      seconds.add(marked[1]!);
    }
    expect([...firsts].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4]);
    expect([...seconds].sort((a, b) => a - b)).toEqual([5, 6, 7, 8, 9, 10]);
  });

  it('scores 1/6 ≈ 0.167 for always answering 1 (Le, Jaitly & Hinton 2015)', () => {
    const big = addingProblem(rngFor(2, 'noise'), 40_000, 4);
    const mse = Array.from(big.y).reduce((s, y) => s + (y - 1) ** 2, 0) / big.batch;
    expect(ADDING_BASELINE).toBeCloseTo(0.1667, 4);
    // The standard error of the mean of (u₁ + u₂ − 1)² over 40,000 draws is about 0.0009.
    expect(Math.abs(mse - ADDING_BASELINE)).toBeLessThan(0.004);
  });

  it('gives the same batch for the same stream and seed, and the next batch after it', () => {
    const a = addingProblem(rngFor(3, 'noise'), 4, 6);
    const b = addingProblem(rngFor(3, 'noise'), 4, 6);
    expect(Array.from(a.x)).toEqual(Array.from(b.x));
    const rng = rngFor(3, 'noise');
    addingProblem(rng, 4, 6);
    expect(Array.from(addingProblem(rng, 4, 6).x)).not.toEqual(Array.from(a.x));
  });

  it('draws, per sequence, its T numbers, then the first marker’s step, then the second’s', () => {
    const [B, T2] = [3, 7]; // halves 0…2 and 3…6
    const got = addingProblem(rngFor(8, 'noise'), B, T2, 'float64');
    const rng = rngFor(8, 'noise');
    for (let b = 0; b < B; b++) {
      const numbers = Array.from({ length: T2 }, () => rng.next());
      const first = Math.floor(rng.next() * 3);
      const second = 3 + Math.floor(rng.next() * 4);
      const markers = Array.from({ length: T2 }, (_, t) => (t === first || t === second ? 1 : 0));
      expect(Array.from(got.x.subarray(b * T2 * 2, (b + 1) * T2 * 2))).toEqual(numbers.flatMap((u, t) => [u, markers[t]]));
      expect(got.y[b]).toBe(numbers[first]! + numbers[second]!);
    }
    expect(got.x).toBeInstanceOf(Float64Array);
    expect(got.y).toBeInstanceOf(Float64Array);
    expect(addingProblem(rngFor(8, 'noise'), 1, 2).x).toBeInstanceOf(Float32Array);
  });

  it('draws T + 2 numbers per sequence and no more, so the next batch starts where this one stopped', () => {
    const rng = rngFor(10, 'noise');
    addingProblem(rng, 3, 5);
    const ref = rngFor(10, 'noise');
    for (let i = 0; i < 3 * (5 + 2); i++) ref.next();
    expect(rng.next()).toBe(ref.next());
  });

  it('takes two steps, one per half', () => {
    const d = addingProblem(rngFor(9, 'noise'), 5, 2);
    for (let b = 0; b < 5; b++) expect([d.x[b * 4 + 1], d.x[b * 4 + 3]]).toEqual([1, 1]);
  });

  it('refuses a sequence too short to have two halves', () => {
    expect(() => addingProblem(rngFor(1, 'noise'), 1, 1)).toThrow(/two steps/);
  });
});
