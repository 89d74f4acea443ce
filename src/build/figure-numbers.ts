/**
 * Numbers an article's figures at build time, in document order (a remark plugin for the MDX).
 *
 * Every figure element (the `anchors` table it is given: element name → the anchor id it renders,
 * from src/figures/registry.ts in astro.config.mjs) gets a `figure="N"` attribute, counting from 1 through the
 * file; every `<FigRef to="fig-…" />` gets the number of the figure whose anchor id it names, so the
 * prose can say "Figure 4" and stay right when a figure is added above it. A reference to an id no
 * figure has stops the build. Ids are stable (derived from the figure's props, see `anchorOf`), so
 * links to `#fig-exp2` survive renumbering.
 */

/** The parts of an MDX syntax tree this plugin reads (mdast with mdx-jsx nodes). */
interface Attribute {
  type: string;
  name?: string;
  value?: unknown;
}
interface Node {
  type: string;
  name?: string | null;
  attributes?: Attribute[];
  children?: Node[];
}

/** Figure element name → the anchor id it renders (`id` on its custom element), from its string attributes. */
export type Anchors = Readonly<Record<string, (props: Record<string, string>) => string>>;

function isJsx(node: Node): boolean {
  return node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement';
}

function stringProps(node: Node): Record<string, string> {
  const props: Record<string, string> = {};
  // Stryker disable next-line ConditionalExpression: an expression attribute ({...props}) has no name, so the name test already leaves it out
  for (const a of node.attributes ?? []) if (a.type === 'mdxJsxAttribute' && a.name && typeof a.value === 'string') props[a.name] = a.value;
  return props;
}

function setAttribute(node: Node, name: string, value: string): void {
  node.attributes = [...(node.attributes ?? []).filter((a) => a.name !== name), { type: 'mdxJsxAttribute', name, value }];
}

function walk(node: Node, visit: (node: Node) => void): void {
  visit(node);
  for (const child of node.children ?? []) walk(child, visit);
}

/** The anchor id a figure element renders, or null for anything that is not a figure. */
export function anchorOf(anchors: Anchors, node: Node): string | null {
  const make = isJsx(node) && node.name ? anchors[node.name] : undefined;
  return make ? make(stringProps(node)) : null;
}

export function figureNumbers(anchors: Anchors) {
  return (tree: Node, file: { path?: string }) => {
    const numbers = new Map<string, number>();
    walk(tree, (node) => {
      const anchor = anchorOf(anchors, node);
      if (anchor === null) return;
      if (numbers.has(anchor)) throw new Error(`${file.path ?? 'article'}: two figures with the anchor #${anchor}`);
      numbers.set(anchor, numbers.size + 1);
      setAttribute(node, 'figure', String(numbers.size));
    });
    walk(tree, (node) => {
      if (!isJsx(node) || node.name !== 'FigRef') return;
      const to = stringProps(node)['to'] ?? '';
      const n = numbers.get(to);
      if (n === undefined) throw new Error(`${file.path ?? 'article'}: <FigRef to="${to}"> names no figure (known: ${[...numbers.keys()].join(', ')})`);
      setAttribute(node, 'n', String(n));
    });
  };
}
