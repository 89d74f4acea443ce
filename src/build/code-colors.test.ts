import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { flatten, TOKEN_CLASSES, tokenClass, tokenClasses } from './code-colors';

describe('the code listings\' token classes', () => {
  it('refuses a colour pair the site does not style, so a new theme colour fails the build', () => {
    expect(() => tokenClass('color:#123456;--shiki-dark:#654321')).toThrow(/no class for the token style/);
  });

  it('has a rule in global.css for every class, with the same light and dark colours as the style it replaces', () => {
    const css = readFileSync(new URL('../styles/global.css', import.meta.url), 'utf8');
    for (const [style, cls] of Object.entries(TOKEN_CLASSES)) {
      if (!cls) continue;
      const [, light, dark] = /^color:(#[0-9A-F]{6});--shiki-dark:(#[0-9A-F]{6})$/.exec(style)!;
      expect(css).toContain(`.astro-code .${cls} { color: ${light}; --shiki-dark: ${dark}; }`);
    }
  });
});

describe('the code listings, flattened', () => {
  const source = 'import numpy as np\n\ndef f(x, lr=0.1):  # a comment\n    return np.mean(x) * lr\n';

  it('keeps the code\'s text exactly, with a class on each coloured token and no other span', async () => {
    const { codeToHtml } = await import('shiki');
    const html = await codeToHtml(source, { lang: 'python', themes: { light: 'github-light-default', dark: 'github-dark-default' }, transformers: [tokenClasses] });
    const code = /<code>([\s\S]*)<\/code>/.exec(html)![1]!;
    const text = code.replace(/<[^>]+>/g, '').replace(/&#x3C;/g, '<').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
    expect(text).toBe(source);
    expect(code).not.toMatch(/<span>|class="line"/);
    const spans = code.match(/<span[^>]*>/g) ?? [];
    expect(spans.length).toBeGreaterThan(5);
    for (const span of spans) expect(span).toMatch(/^<span class="tk-[a-z]+">$/);
    expect(code).toContain('<span class="tk-keyword">import</span>');
    expect(code).toContain('<span class="tk-comment"># a comment</span>');
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('tokenises every line fully however slow the machine, so both themes colour the same tokens', async () => {
    // Shiki stops tokenising a line after 500 ms by default and leaves its rest uncoloured, one
    // theme at a time: on a loaded build machine the two themes then disagree about a token and
    // its style pair is one the site does not style (the build failed on and off that way).
    // A clock that jumps a second on every reading makes every line "slow".
    const { codeToHtml } = await import('shiki');
    let now = Date.now();
    vi.spyOn(Date, 'now').mockImplementation(() => (now += 1000));
    const html = await codeToHtml(source, { lang: 'python', themes: { light: 'github-light-default', dark: 'github-dark-default' }, transformers: [tokenClasses] });
    expect(html).toContain('<span class="tk-keyword">import</span>');
    expect(html).toContain('<span class="tk-comment"># a comment</span>');
  });

  it('joins neighbouring texts and leaves coloured tokens as they are', () => {
    const token = { type: 'element' as const, tagName: 'span', properties: { class: 'tk-keyword' }, children: [{ type: 'text' as const, value: 'def' }] };
    const line = (...children: any[]) => ({ type: 'element' as const, tagName: 'span', properties: { class: 'line' }, children });
    const plain = (value: string) => ({ type: 'element' as const, tagName: 'span', properties: {}, children: [{ type: 'text' as const, value }] });
    const out = flatten([line(token, plain(' f'), plain('(x)')), { type: 'text', value: '\n' }, line(plain('  pass'))]);
    expect(out).toEqual([token, { type: 'text', value: ' f(x)\n  pass' }]);
  });

  it('joins texts into a copy, leaving the listing it read unchanged, and keeps elements themselves', () => {
    const first = { type: 'text' as const, value: 'a' };
    const second = { type: 'text' as const, value: 'b' };
    const token = { type: 'element' as const, tagName: 'span', properties: { class: 'tk-string' }, children: [{ type: 'text' as const, value: '"s"' }] };
    const out = flatten([first, second, token]);
    expect(out).toEqual([{ type: 'text', value: 'ab' }, token]);
    expect([first.value, second.value]).toEqual(['a', 'b']);
    expect(out[1]).toBe(token);
  });

  it('unwraps only spans that carry nothing but the line class', () => {
    const text = (value: string) => ({ type: 'text' as const, value });
    const bold = { type: 'element' as const, tagName: 'b', properties: {}, children: [text('b')] };
    const marked = { type: 'element' as const, tagName: 'span', properties: { class: 'line', dataHighlighted: '' }, children: [text('m')] };
    const other = { type: 'element' as const, tagName: 'span', properties: { class: 'word' }, children: [text('w')] };
    expect(flatten([bold, marked, other])).toEqual([bold, marked, other]);
  });
});
