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

  const wrapper = (ariaLabel: string, table: unknown) => ({ type: 'element', tagName: 'div', properties: { className: ['table-scroll'], role: 'region', tabIndex: 0, ariaLabel }, children: [table] });

  it('wraps tables at any depth, and nothing else', () => {
    const table = { type: 'element', tagName: 'table', children: [] };
    const text = { type: 'text', value: 'x' };
    const para = { type: 'element', tagName: 'p', children: [text] };
    const section = { type: 'element', tagName: 'section', children: [table] };
    const tree = { type: 'root', children: [para, section] };
    tableScroll()(tree as never, { path: '/x/content/articles/a/en.mdx' });
    expect(tree.children[0]).toBe(para);
    expect(para.children).toEqual([text]);
    expect(section.children).toEqual([wrapper('Table (scrolls sideways)', table)]);
  });

  it('reads the locale from a .md file too, and falls back to English for another locale or no path', () => {
    const label = (path: string | undefined) => {
      const tree = { type: 'root', children: [{ type: 'element', tagName: 'table', children: [] }] };
      tableScroll()(tree as never, path === undefined ? {} : { path });
      return (tree.children[0] as unknown as { properties: { ariaLabel: string } }).properties.ariaLabel;
    };
    expect(label('/x/content/articles/a/zh-tw.md')).toBe('表格（可左右捲動）');
    expect(label('/x/content/articles/a/fr.mdx')).toBe('Table (scrolls sideways)');
    expect(label('/x/notes.txt')).toBe('Table (scrolls sideways)');
    expect(label(undefined)).toBe('Table (scrolls sideways)');
  });
});
