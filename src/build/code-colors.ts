/**
 * The code listings' token colours as classes instead of a style attribute on every token.
 *
 * Shiki writes `style="color:#CF222E;--shiki-dark:#FF7B72"` on each of the ~1,200 tokens of an
 * article's listings (two themes: github-light-default and its dark twin): ~5 kB of the article's
 * gzip HTML. The two themes use seven colour pairs, so each pair becomes a short class that sets the
 * light colour and the dark one as `--shiki-dark`, which global.css's dark rule reads
 * (`.astro-code span { color: var(--shiki-dark) }`). The block's own colour needs no class. A pair
 * not listed here fails the build: add it to TOKEN_CLASSES and to global.css.
 *
 * Then the listing is flattened: Shiki wraps every line in `<span class="line">` and every token
 * in a span, coloured or not. Nothing styles the lines, and a token in the listing's own colour
 * needs no element, so both become plain text (with the newlines between lines kept): the text,
 * what a reader copies, is the same; the article's gzip HTML is ~2 kB smaller (bench/README.md).
 */
import type { Element, ElementContent } from 'hast';
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

/** A span that only groups text: a line, or a token in the listing's own colour. */
function bare(node: ElementContent): node is Element {
  if (node.type !== 'element' || node.tagName !== 'span') return false;
  const keys = Object.keys(node.properties);
  return keys.length === 0 || (keys.length === 1 && node.properties['class'] === 'line');
}

/** `children` with every bare span replaced by its contents and neighbouring texts joined. */
export function flatten(children: readonly ElementContent[]): ElementContent[] {
  const out: ElementContent[] = [];
  const visit = (child: ElementContent): void => {
    if (bare(child)) return child.children.forEach(visit);
    const last = out.at(-1);
    if (child.type === 'text' && last?.type === 'text') last.value += child.value;
    else out.push(child.type === 'text' ? { ...child } : child);
  };
  children.forEach(visit);
  return out;
}

export const tokenClasses: ShikiTransformer = {
  name: 'gradients:token-classes',
  // Shiki gives up on a line after 500 ms by default and leaves the rest uncoloured, one theme at a
  // time, so on a busy machine the two themes can disagree about a token (a pair no class styles,
  // and the build fails on and off). Astro's <Code> has no prop for it; the options are read after
  // this hook: no limit. The listings are a few dozen short lines.
  preprocess(code, options) {
    options.tokenizeTimeLimit = 0;
    return code;
  },
  span(node) {
    const style = node.properties['style'];
    if (typeof style !== 'string') return;
    const cls = tokenClass(style);
    delete node.properties['style'];
    if (cls) node.properties['class'] = cls;
  },
  code(node) {
    node.children = flatten(node.children);
  },
};
