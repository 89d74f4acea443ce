import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The tree's promises (README, "Architecture"), read from the source itself: which part imports
 * which, and how large a folder may grow.
 */
const SRC = dirname(fileURLToPath(import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|astro|mjs)$/.test(name) && !name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The part a file belongs to: lab/<part>, figures/<figure>, or the top folder (worker, charts, build, …). */
function part(file: string): string {
  const [top = '', second = ''] = relative(SRC, file).split('/');
  if (top === 'lab' || top === 'figures') return `${top}/${second.replace(/\.(ts|astro)$/, '')}`;
  return top.replace(/\.(ts|astro)$/, '');
}

/** Every import of the source files, as [from part, to part] pairs (packages left out). */
function imports(): { from: string; to: string; file: string; spec: string }[] {
  const out: { from: string; to: string; file: string; spec: string }[] = [];
  for (const file of sources(SRC)) {
    for (const m of readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
      const spec = m[1]!.split('?')[0]!;
      const target = spec.startsWith('@/') ? join(SRC, spec.slice(2)) : spec.startsWith('.') ? normalize(join(dirname(file), spec)) : null;
      if (target) out.push({ from: part(file), to: part(target), file: relative(SRC, file), spec });
    }
  }
  return out;
}

describe('the source tree', () => {
  const edges = imports();

  it('has no import cycle between its parts', () => {
    const graph = new Map<string, Set<string>>();
    for (const { from, to } of edges) if (from !== to) graph.set(from, (graph.get(from) ?? new Set()).add(to));
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (node: string, path: string[]): void => {
      if (state.get(node) === 'done') return;
      if (state.get(node) === 'open') {
        cycles.push([...path.slice(path.indexOf(node)), node].join(' → '));
        return;
      }
      state.set(node, 'open');
      for (const next of graph.get(node) ?? []) visit(next, [...path, node]);
      state.set(node, 'done');
    };
    for (const node of graph.keys()) visit(node, []);
    expect(cycles).toEqual([]);
  });

  it('keeps the lab pure: it imports nothing outside src/lab and touches no page', () => {
    const outside = edges.filter((e) => e.from.startsWith('lab/') && !e.to.startsWith('lab/')).map((e) => `${e.file}: ${e.spec}`);
    expect(outside).toEqual([]);
    const dom = sources(join(SRC, 'lab')).filter((f) => /\b(document|window|HTMLElement|customElements|self\.postMessage)\b/.test(readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')));
    expect(dom.map((f) => relative(SRC, f))).toEqual([]);
  });

  it('lets the worker and the charts import only the lab (and the charts their own helpers)', () => {
    const bad = edges.filter((e) => (e.from === 'worker' || e.from === 'charts') && e.to !== e.from && !e.to.startsWith('lab/')).map((e) => `${e.file}: ${e.spec}`);
    expect(bad).toEqual([]);
  });

  it('keeps build-time code away from the figures (figures may bake with it, never the reverse)', () => {
    const bad = edges.filter((e) => e.from === 'build' && e.to.startsWith('figures/')).map((e) => `${e.file}: ${e.spec}`);
    expect(bad).toEqual([]);
  });

  it('has no folder with more than 15 source files', () => {
    const counts = new Map<string, number>();
    for (const file of sources(SRC)) counts.set(dirname(relative(SRC, file)), (counts.get(dirname(relative(SRC, file))) ?? 0) + 1);
    expect([...counts].filter(([, n]) => n > 15)).toEqual([]);
  });
});
