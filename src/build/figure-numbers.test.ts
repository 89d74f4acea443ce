import { describe, expect, it } from 'vitest';
import { figureNumbers } from './figure-numbers';

type Node = { type: string; name?: string; attributes?: { type: string; name: string; value: string }[]; children?: Node[] };

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
});
