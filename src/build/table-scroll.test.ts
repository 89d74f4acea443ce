import { describe, expect, it } from 'vitest';
import { tableScroll } from './table-scroll';

describe('tables in an article', () => {
  it('sit in a focusable, named region that scrolls sideways, named in the article’s language', () => {
    const table = { type: 'element', tagName: 'table', children: [] };
    const tree = { type: 'root', children: [{ type: 'element', tagName: 'p', children: [] }, table] };
    tableScroll()(tree as never, { path: '/x/content/articles/a/zh-tw.mdx' });
    const wrap = tree.children[1] as unknown as { tagName: string; properties: Record<string, unknown>; children: unknown[] };
    expect(wrap.tagName).toBe('div');
    expect(wrap.properties).toEqual({ className: ['table-scroll'], role: 'region', tabIndex: 0, ariaLabel: '表格（可左右捲動）' });
    expect(wrap.children).toEqual([table]);
  });
});
