import { describe, expect, it } from 'vitest';
import { anchorOf, figureNumbers as numbersWith, type Anchors } from './figure-numbers';

type Node = { type: string; name?: string; attributes?: { type: string; name: string; value: string }[]; children?: Node[] };

/** A table like the one the figures' registry gives the plugin (src/figures/registry.test.ts holds the real one). */
const ANCHORS: Anchors = {
  Experiment: (p) => `fig-${p['experiment']}`,
  Ensemble: (p) => `fig-ensemble-${p['experiment']}`,
  FixCompare: (p) => `fig-fix-${p['fix']}`,
  Overshoot: () => 'fig-overshoot',
};
const figureNumbers = () => numbersWith(ANCHORS);
const anchorIn = (node: Node | { type: string; name?: string | null }) => anchorOf(ANCHORS, node as never);

const jsx = (name: string, props: Record<string, string>, flow = true): Node => ({
  type: flow ? 'mdxJsxFlowElement' : 'mdxJsxTextElement',
  name,
  attributes: Object.entries(props).map(([k, v]) => ({ type: 'mdxJsxAttribute', name: k, value: v })),
});
const para = (...children: Node[]): Node => ({ type: 'paragraph', children });
const attr = (node: Node, name: string) => node.attributes?.find((a) => a.name === name)?.value;

describe('figure numbers', () => {
  it('numbers figures in document order and resolves references to them, before or after', () => {
    const early = jsx('FigRef', { to: 'fig-fix-adam' }, false);
    const later = jsx('FigRef', { to: 'fig-exp2' }, false);
    const figures = [jsx('Experiment', { experiment: 'exp1' }), jsx('Experiment', { experiment: 'exp2' }), jsx('Ensemble', { experiment: 'exp2' }), jsx('FixCompare', { fix: 'adam' })];
    const tree: Node = { type: 'root', children: [para(early), figures[0]!, figures[1]!, para({ type: 'text' }, later), figures[2]!, figures[3]!] };
    figureNumbers()(tree as never, { path: 'x/en.mdx' });
    expect(figures.map((f) => attr(f, 'figure'))).toEqual(['1', '2', '3', '4']);
    expect(attr(early, 'n')).toBe('4');
    expect(attr(later, 'n')).toBe('2');
  });

  it('stops the build on a reference to no figure, and on two figures with one anchor', () => {
    const dangling: Node = { type: 'root', children: [jsx('Experiment', { experiment: 'exp1' }), para(jsx('FigRef', { to: 'fig-exp9' }, false))] };
    expect(() => figureNumbers()(dangling as never, {})).toThrow(/fig-exp9/);
    const twice: Node = { type: 'root', children: [jsx('Experiment', { experiment: 'exp1' }), jsx('Experiment', { experiment: 'exp1' })] };
    expect(() => figureNumbers()(twice as never, {})).toThrow(/two figures/);
  });

  it('leaves other components alone', () => {
    const num = jsx('Num', { exp: 'exp1', q: 'lossFirst' }, false);
    figureNumbers()({ type: 'root', children: [para(num)] } as never, {});
    expect(attr(num, 'figure')).toBeUndefined();
  });

  it('counts only JSX elements as figures, and only string attributes as their props', () => {
    expect(anchorIn({ type: 'leafDirective', name: 'Overshoot' })).toBeNull();
    expect(anchorIn({ type: 'mdxJsxFlowElement', name: null })).toBeNull();
    // experiment={"exp2"} is an expression, not a string: it is left out, as if not written.
    const expression = { type: 'mdxJsxFlowElement', name: 'Experiment', attributes: [{ type: 'mdxJsxAttribute', name: 'experiment', value: { type: 'mdxJsxAttributeValueExpression', value: '"exp2"' } }] };
    expect(anchorIn(expression)).toBe('fig-undefined');
  });

  it('replaces a number an author wrote by hand and keeps the other attributes', () => {
    const figure = jsx('Experiment', { experiment: 'exp1', figure: '9' });
    const ref = jsx('FigRef', { to: 'fig-exp1', n: '7' }, false);
    figureNumbers()({ type: 'root', children: [figure, para(ref)] } as never, {});
    expect(figure.attributes).toEqual([
      { type: 'mdxJsxAttribute', name: 'experiment', value: 'exp1' },
      { type: 'mdxJsxAttribute', name: 'figure', value: '1' },
    ]);
    expect(ref.attributes).toEqual([
      { type: 'mdxJsxAttribute', name: 'to', value: 'fig-exp1' },
      { type: 'mdxJsxAttribute', name: 'n', value: '1' },
    ]);
  });

  it('names the file and the figures it knows when a reference is wrong', () => {
    const tree = (): Node => ({ type: 'root', children: [jsx('Experiment', { experiment: 'exp1' }), jsx('Overshoot', {}), para(jsx('FigRef', { to: 'fig-exp9' }, false))] });
    expect(() => figureNumbers()(tree() as never, { path: 'a/en.mdx' })).toThrow('a/en.mdx: <FigRef to="fig-exp9"> names no figure (known: fig-exp1, fig-overshoot)');
    expect(() => figureNumbers()(tree() as never, {})).toThrow('article: <FigRef to="fig-exp9">');
    const bare: Node = { type: 'root', children: [jsx('Overshoot', {}), jsx('FigRef', {}, false)] };
    expect(() => figureNumbers()(bare as never, {})).toThrow('article: <FigRef to=""> names no figure (known: fig-overshoot)');
    const twice: Node = { type: 'root', children: [jsx('Overshoot', {}), jsx('Overshoot', {})] };
    expect(() => figureNumbers()(twice as never, { path: 'b/zh-tw.mdx' })).toThrow('b/zh-tw.mdx: two figures with the anchor #fig-overshoot');
    expect(() => figureNumbers()(twice as never, {})).toThrow('article: two figures');
  });
});
