import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ANCHORS, FIGURES, images, quotesOf, type QuoteSource } from './registry';

/**
 * The list of figures, read back as the site uses it. The expected names are written out here (the
 * element ids, the FigNum names the articles use, the picture URLs of the built site), not taken from
 * the descriptors themselves.
 */
describe('the registry of figures', () => {
  it('gives every figure element the anchor its element renders', () => {
    const anchor = (tag: string, props: Record<string, string> = {}) => ANCHORS[tag]?.(props);
    expect(Object.keys(ANCHORS).sort()).toEqual(['Ensemble', 'Experiment', 'ExplodingThroughTime', 'ExplosionMap', 'FixCompare', 'Memory', 'Overshoot', 'Remedies', 'ThroughTime', 'VanishingMap']);
    expect([
      anchor('Experiment', { experiment: 'exp3' }),
      anchor('Ensemble', { experiment: 'exp1', seeds: '50' }),
      anchor('FixCompare', { fix: 'reluHe' }),
      anchor('Overshoot'),
      anchor('ExplosionMap', { seed: '3' }),
      anchor('VanishingMap'),
      anchor('ExplodingThroughTime'),
      anchor('ThroughTime'),
      anchor('Remedies'),
      anchor('Memory'),
    ]).toEqual(['fig-exp3', 'fig-ensemble-exp1', 'fig-fix-reluHe', 'fig-overshoot', 'fig-explosion-map', 'fig-vanishing-map', 'fig-exploding-through-time', 'fig-through-time', 'fig-remedies', 'fig-memory']);
  });

  it('names each quote source once, the names the articles use', () => {
    const sources = FIGURES.flatMap((d) => ('quotes' in d ? Object.keys(d.quotes) : []));
    expect(sources.sort()).toEqual(['exploding-through-time', 'explosion-map', 'memory', 'overshoot', 'remedies', 'seeds', 'slopes', 'through-time', 'vanishing-map']);
  });

  it('computes a source’s numbers when asked (the exploding figure’s are arithmetic, no bake)', async () => {
    const quotes = await quotesOf('exploding-through-time');
    expect(Object.keys(quotes).length).toBeGreaterThan(0);
    expect(() => quotesOf('nothing' as QuoteSource)).toThrow(/no figure quotes numbers as "nothing"/);
  });

  it('lists the pictures for readers without JavaScript, one name each', async () => {
    expect([...(await images()).keys()].sort()).toEqual([
      'exploding',
      'explosion-map',
      'memory',
      'overshoot',
      'remedies-clipping',
      'remedies-forget-bias',
      'remedies-gating',
      'remedies-identity',
      'slopes',
      'through-time',
      'vanishing-map',
    ]);
  });

  it('loads in plain Node, as astro.config.mjs loads it (type stripping, no Vite: no `@/`, no extensionless path)', () => {
    const registry = new URL('registry.ts', import.meta.url).href;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', `const { ANCHORS } = await import(${JSON.stringify(registry)}); console.log(ANCHORS.Memory());`], { encoding: 'utf8' });
    expect(out.trim()).toBe('fig-memory');
  });
});
