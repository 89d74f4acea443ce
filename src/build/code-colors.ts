/**
 * The code listings' token colours as classes instead of a style attribute on every token.
 *
 * Shiki writes `style="color:#CF222E;--shiki-dark:#FF7B72"` on each of the ~1,200 tokens of an
 * article's listings (two themes: github-light-default and its dark twin): ~5 kB of the article's
 * gzip HTML. The two themes use seven colour pairs, so each pair becomes a short class that sets the
 * light colour and the dark one as `--shiki-dark`, which global.css's dark rule reads
 * (`.astro-code span { color: var(--shiki-dark) }`). The block's own colour needs no class. A pair
 * not listed here fails the build: add it to TOKEN_CLASSES and to global.css.
 */
import type { ShikiTransformer } from 'shiki';

/** Shiki's token style → the class in global.css ('' for the listing's own colour). */
export const TOKEN_CLASSES: Readonly<Record<string, string>> = {
  'color:#1F2328;--shiki-dark:#E6EDF3': '',
  'color:#CF222E;--shiki-dark:#FF7B72': 'tk-keyword',
  'color:#0550AE;--shiki-dark:#79C0FF': 'tk-constant',
  'color:#0A3069;--shiki-dark:#A5D6FF': 'tk-string',
  'color:#953800;--shiki-dark:#FFA657': 'tk-variable',
  'color:#8250DF;--shiki-dark:#D2A8FF': 'tk-function',
  'color:#6E7781;--shiki-dark:#8B949E': 'tk-comment',
};

/** The token class for a style Shiki wrote; throws for a colour pair the site does not style. */
export function tokenClass(style: string): string {
  const cls = TOKEN_CLASSES[style];
  if (cls === undefined) throw new Error(`code-colors.ts: no class for the token style "${style}": add it to TOKEN_CLASSES and global.css`);
  return cls;
}

export const tokenClasses: ShikiTransformer = {
  name: 'gradients:token-classes',
  span(node) {
    const style = node.properties['style'];
    if (typeof style !== 'string') return;
    const cls = tokenClass(style);
    delete node.properties['style'];
    if (cls) node.properties['class'] = cls;
  },
};
