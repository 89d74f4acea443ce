/**
 * Wraps every table of an article in a region that scrolls sideways on its own (a rehype plugin):
 * a table of prose cannot always fit a 375 px phone, and it must not widen the page. The region is
 * focusable and named, so keyboard users can scroll it too (axe: scrollable-region-focusable).
 * The article's locale comes from its file name (content/articles/<slug>/<locale>.mdx).
 */
interface Element {
  type: string;
  tagName?: string;
  properties?: Record<string, unknown>;
  children?: Element[];
}

const LABEL: Record<string, string> = { 'zh-tw': '表格（可左右捲動）', en: 'Table (scrolls sideways)' };

export function tableScroll() {
  return (tree: Element, file: { path?: string }) => {
    const locale = /([a-z-]+)\.mdx?$/.exec(file.path ?? '')?.[1] ?? 'en';
    const visit = (node: Element) => {
      if (!node.children) return;
      node.children = node.children.map((child) => {
        if (child.type === 'element' && child.tagName === 'table') {
          return { type: 'element', tagName: 'div', properties: { className: ['table-scroll'], role: 'region', tabIndex: 0, ariaLabel: LABEL[locale] ?? LABEL['en'] }, children: [child] };
        }
        visit(child);
        return child;
      });
    };
    visit(tree);
  };
}
