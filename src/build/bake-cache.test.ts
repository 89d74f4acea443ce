import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bakeKey, cachedBake, recurrentSources } from './bake-cache';

function scratch() {
  const dir = mkdtempSync(path.join(tmpdir(), 'bake-cache-'));
  const source = path.join(dir, 'source.ts');
  writeFileSync(source, 'export const a = 1;\n');
  return { dir: path.join(dir, 'cache'), source };
}

describe('the bake cache', () => {
  it('computes once, then returns the stored result (the same data) without computing', () => {
    const { dir, source } = scratch();
    let calls = 0;
    const compute = () => {
      calls += 1;
      return { finals: [0.1663, 0.0026], n: 3 };
    };
    const first = cachedBake('t', { seeds: [1, 2] }, compute, { dir, sources: [source] });
    const second = cachedBake('t', { seeds: [1, 2] }, compute, { dir, sources: [source] });
    expect(calls).toBe(1);
    expect(second).toEqual(first);
    expect(second).toEqual({ finals: [0.1663, 0.0026], n: 3 });
    expect(readdirSync(dir)).toHaveLength(1);
  });

  it('bakes again when a source file, the settings or the name change', () => {
    const { dir, source } = scratch();
    let calls = 0;
    const compute = () => ++calls;
    cachedBake('t', { seeds: [1] }, compute, { dir, sources: [source] });
    cachedBake('t', { seeds: [1, 2] }, compute, { dir, sources: [source] });
    cachedBake('u', { seeds: [1, 2] }, compute, { dir, sources: [source] });
    expect(calls).toBe(3);
    writeFileSync(source, 'export const a = 2;\n');
    expect(cachedBake('t', { seeds: [1] }, compute, { dir, sources: [source] })).toBe(4);
  });

  it('keeps one result per name: a new one replaces the old, and other names stay', () => {
    const { dir, source } = scratch();
    cachedBake('t', { seeds: [1] }, () => 1, { dir, sources: [source] });
    cachedBake('t-wide', { seeds: [1] }, () => 2, { dir, sources: [source] });
    cachedBake('t', { seeds: [1, 2] }, () => 3, { dir, sources: [source] });
    const files = readdirSync(dir).sort();
    expect(files).toHaveLength(2);
    expect(files.filter((f) => /^t-[0-9a-f]{32}\.json$/.test(f))).toHaveLength(1);
    expect(cachedBake('t', { seeds: [1, 2] }, () => 4, { dir, sources: [source] })).toBe(3);
    expect(cachedBake('t-wide', { seeds: [1] }, () => 5, { dir, sources: [source] })).toBe(2);
  });

  it('treats a damaged file as missing', () => {
    const { dir, source } = scratch();
    cachedBake('t', {}, () => 1, { dir, sources: [source] });
    const [file] = readdirSync(dir);
    writeFileSync(path.join(dir, file!), '{"trunc');
    expect(cachedBake('t', {}, () => 2, { dir, sources: [source] })).toBe(2);
  });

  it('keys a recurrent bake on every source of the recurrent lab and the random numbers, and no test', () => {
    const files = recurrentSources();
    expect(files).toContain(path.join('src', 'lab', 'recurrent', 'memory.ts'));
    expect(files).toContain(path.join('src', 'lab', 'recurrent', 'lstm.ts'));
    expect(files).toContain(path.join('src', 'lab', 'engine', 'random.ts'));
    expect(files.some((f) => f.endsWith('.test.ts'))).toBe(false);
    expect(bakeKey('x', 1, files)).toMatch(/^[0-9a-f]{32}$/);
  });
});
