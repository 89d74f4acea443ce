/**
 * How long an article is as a reader meets it (issue 22; `npm run words`): the prose in `main`
 * outside folds (the core path) and inside folds (the "Going deeper" <details> in the prose). What
 * is not prose is left out: figures and every island, code, tables, navigation, asides, formulas,
 * the citation block, buttons. English counts words (runs of letters or digits); zh-TW counts CJK
 * ideographs (U+4E00–U+9FFF), as Chinese length is usually told.
 */
import { Window } from 'happy-dom';

const NOT_PROSE = [
  'figure', 'pre', 'code', 'table', 'nav', 'aside', 'header', 'footer', '.katex',
  '[data-experiment]', '[data-figure]', 'section.cite', 'script', 'style', 'template', 'noscript',
  // A predict-then-look question is read as prose (its question and choices count in the core, its
  // answer, a <details>, with the folds); its buttons and the words of its frame are not prose.
  'button', '.predict-label', '.predict-note', '.predict-verdict', '.predict-answer > summary',
].join(', ');

export interface Length {
  /** Outside folds: what a reader who opens nothing reads. */
  core: number;
  /** Inside the prose's <details>. */
  folds: number;
}

/** Words (en) or ideographs (zh-tw) of one built page. */
export function articleLength(html: string, locale: 'en' | 'zh-tw'): Length {
  const window = new Window();
  try {
    const doc = new window.DOMParser().parseFromString(html, 'text/html');
    const main = doc.querySelector('main');
    if (!main) throw new Error('articleLength: the page has no <main>');
    const measure = locale === 'en' ? (s: string) => (s.match(/[\p{L}\p{N}]+/gu) ?? []).length : (s: string) => (s.match(/[\u4e00-\u9fff]/g) ?? []).length;
    const length: Length = { core: 0, folds: 0 };
    const walker = doc.createTreeWalker(main, 4 /* NodeFilter.SHOW_TEXT */);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || parent.closest(NOT_PROSE)) continue;
      // Stryker disable next-line StringLiteral: a text node's textContent is never null
      length[parent.closest('details') ? 'folds' : 'core'] += measure(node.textContent ?? '');
    }
    return length;
  } finally {
    void window.happyDOM.close();
  }
}
