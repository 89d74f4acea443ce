import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TOKEN_CLASSES, tokenClass } from './code-colors';

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
