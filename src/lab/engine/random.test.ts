import { describe, expect, it } from 'vitest';
import { normal, permutation, rngFor, uniform } from './random';

describe('seeded randomness', () => {
  it('gives the same sequence for the same seed and stream', () => {
    const a = rngFor(42, 'noise');
    const b = rngFor(42, 'noise');
    for (let i = 0; i < 100; i++) expect(a.next()).toBe(b.next());
  });

  it('gives different sequences for different streams of one seed', () => {
    const a = rngFor(42, 'noise');
    const b = rngFor(42, 'init');
    const same = Array.from({ length: 20 }, () => a.next() === b.next()).filter(Boolean).length;
    expect(same).toBe(0);
  });

  it('gives different sequences for neighbouring seeds', () => {
    expect(rngFor(1, 'init').next()).not.toBe(rngFor(2, 'init').next());
  });

  it('draws standard normals with mean ≈ 0 and sd ≈ 1', () => {
    const rng = rngFor(7, 'noise');
    const xs = Array.from({ length: 20000 }, () => normal(rng));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(sd - 1)).toBeLessThan(0.03);
  });

  it('draws uniforms inside the range', () => {
    const rng = rngFor(3, 'init');
    for (let i = 0; i < 1000; i++) {
      const u = uniform(rng, -0.5, 0.25);
      expect(u).toBeGreaterThanOrEqual(-0.5);
      expect(u).toBeLessThan(0.25);
    }
  });

  it('shuffles into a permutation of every index', () => {
    const p = permutation(rngFor(9, 'shuffle'), 100);
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect([...p]).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});
