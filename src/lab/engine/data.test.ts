import { describe, expect, it } from 'vitest';
import { linspace, makeDataset } from './data';
import { normal, rngFor } from './random';

describe('linspace', () => {
  it('matches numpy: 100 points from 0 to 1 end exactly at 1 with step 1/99', () => {
    const x = linspace(0, 1, 100);
    expect(x[0]).toBe(0);
    expect(x[99]).toBe(1);
    expect(x[1]).toBe(Math.fround(1 / 99));
    expect(x[50]).toBe(Math.fround(50 / 99));
  });

  it('matches numpy away from 0: linspace(2, 6, 5) and linspace(−1, 1, 5)', () => {
    expect([...linspace(2, 6, 5)]).toEqual([2, 3, 4, 5, 6]);
    expect([...linspace(-1, 1, 5)]).toEqual([-1, -0.5, 0, 0.5, 1]);
  });

  it('sets the last point to hi itself, as numpy does, where i·step + lo would round past it', () => {
    // numpy 2: np.linspace(0.1, 1 + 2**-24, 4, dtype=np.float32)[-1] == 1.0, while 3 · step + 0.1 in
    // double is 1.000000059604645, which rounds up to the float32 1.0000001.
    const x = linspace(0.1, 1 + 2 ** -24, 4);
    expect(x).toHaveLength(4);
    expect(x[3]).toBe(1);
  });
});

describe('makeDataset', () => {
  const config = { lo: 0, hi: 4, points: 100, noiseSd: 0.1 };

  it('targets the clean inputs and feeds the noisy ones', () => {
    const d = makeDataset(config, rngFor(5, 'noise'));
    expect([...d.y]).toEqual([...linspace(0, 4, 100)]);
    const noise = d.z.map((z, i) => z - d.x[i]!);
    const sd = Math.sqrt(noise.reduce((s, v) => s + v * v, 0) / noise.length);
    expect(sd).toBeGreaterThan(0.07);
    expect(sd).toBeLessThan(0.13);
  });

  it('feeds z = x + noise, the noise one normal draw per point times sd, each rounded to float32 as numpy adds', () => {
    const d = makeDataset(config, rngFor(5, 'noise'));
    const rng = rngFor(5, 'noise');
    for (let i = 0; i < config.points; i++) expect(d.z[i], `point ${i}`).toBe(Math.fround(d.x[i]! + Math.fround(normal(rng) * 0.1)));
  });

  it('draws exactly one normal per point, so the noise stream goes on where it stopped', () => {
    const rng = rngFor(5, 'noise');
    makeDataset(config, rng);
    const ref = rngFor(5, 'noise');
    for (let i = 0; i < 2 * config.points; i++) ref.next(); // Box–Muller takes two uniforms per draw
    expect(rng.next()).toBe(ref.next());
  });

  it('gives the targets an array of their own, not the inputs’ one', () => {
    const d = makeDataset(config, rngFor(5, 'noise'));
    expect(d.y).not.toBe(d.x);
    d.x[0] = 99;
    expect(d.y[0]).toBe(0);
  });

  it('draws the same noise for the same seed and different noise for another', () => {
    const a = makeDataset(config, rngFor(5, 'noise'));
    const b = makeDataset(config, rngFor(5, 'noise'));
    const c = makeDataset(config, rngFor(6, 'noise'));
    expect([...a.z]).toEqual([...b.z]);
    expect([...a.z]).not.toEqual([...c.z]);
  });
});
