import { describe, expect, it } from 'vitest';
import { linspace, makeDataset } from './data';
import { rngFor } from './random';

describe('linspace', () => {
  it('matches numpy: 100 points from 0 to 1 end exactly at 1 with step 1/99', () => {
    const x = linspace(0, 1, 100);
    expect(x[0]).toBe(0);
    expect(x[99]).toBe(1);
    expect(x[1]).toBe(Math.fround(1 / 99));
    expect(x[50]).toBe(Math.fround(50 / 99));
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

  it('draws the same noise for the same seed and different noise for another', () => {
    const a = makeDataset(config, rngFor(5, 'noise'));
    const b = makeDataset(config, rngFor(5, 'noise'));
    const c = makeDataset(config, rngFor(6, 'noise'));
    expect([...a.z]).toEqual([...b.z]);
    expect([...a.z]).not.toEqual([...c.z]);
  });
});
