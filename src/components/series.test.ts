import { describe, expect, it } from 'vitest';
import { seriesOrder, seriesPlace } from './series';

const items = [
  { slug: 'through-time', title: 'Two', part: 2 },
  { slug: 'about', title: 'Not in the series' },
  { slug: 'depth', title: 'One', part: 1 },
];

describe('the series', () => {
  it('keeps only articles with a part, in part order (not in date or file order)', () => {
    expect(seriesOrder(items).map((i) => i.slug)).toEqual(['depth', 'through-time']);
  });

  it('numbers an article by its place, with the neighbours on either side', () => {
    const series = seriesOrder(items);
    expect(seriesPlace(series, 'depth')).toEqual({ part: 1, total: 2, previous: undefined, next: { slug: 'through-time', title: 'Two', part: 2 } });
    expect(seriesPlace(series, 'through-time')).toEqual({ part: 2, total: 2, previous: { slug: 'depth', title: 'One', part: 1 }, next: undefined });
  });

  it('places an article outside the series nowhere', () => {
    expect(seriesPlace(seriesOrder(items), 'about')).toBeUndefined();
  });

  it('refuses two articles claiming one part', () => {
    expect(() => seriesOrder([...items, { slug: 'dup', title: 'Dup', part: 2 }])).toThrow(/both claim part 2/);
  });
});

describe('the articles on disk', () => {
  // A part is the same in every locale: the home pages and the prev/next links of the two languages
  // would otherwise order the series differently.
  it('give each article one part in all its locales, and no two articles the same part', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const dir = 'content/articles';
    const parts = new Map<string, Set<string>>();
    for (const slug of readdirSync(dir)) {
      for (const file of readdirSync(`${dir}/${slug}`).filter((f) => f.endsWith('.mdx'))) {
        const front = /^---\n([\s\S]*?)\n---/.exec(readFileSync(`${dir}/${slug}/${file}`, 'utf8'))?.[1] ?? '';
        const part = /^part:\s*(\d+)\s*$/m.exec(front)?.[1] ?? 'none';
        parts.set(slug, (parts.get(slug) ?? new Set()).add(part));
      }
    }
    expect(parts.size).toBeGreaterThanOrEqual(2);
    for (const [slug, set] of parts) expect([...set], slug).toHaveLength(1);
    const numbered = [...parts.values()].map((s) => [...s][0]!).filter((p) => p !== 'none');
    expect(new Set(numbered).size).toBe(numbered.length);
  });
});
