/**
 * "Cite this article": the same facts as a BibTeX entry and as one line of text, for the block at
 * the end of each article (src/components/Cite.astro).
 */

export interface Citation {
  /** Who is credited: the site, as a corporate author. */
  author: string;
  title: string;
  /** The article's absolute URL. */
  url: string;
  published: Date;
  updated?: Date | undefined;
  /** A BCP 47 tag, for the dates in the plain-text citation. */
  lang: string;
  /** Makes the BibTeX key: the article's slug. */
  slug: string;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const isoDate = (d: Date) => d.toISOString().slice(0, 10);

/** Text safe inside a BibTeX field's braces: LaTeX's special characters escaped. */
export function bibtexEscape(text: string): string {
  const special: Record<string, string> = {
    '\\': '\\textbackslash{}',
    '{': '\\{',
    '}': '\\}',
    '&': '\\&',
    '%': '\\%',
    $: '\\$',
    '#': '\\#',
    _: '\\_',
    '~': '\\textasciitilde{}',
    '^': '\\textasciicircum{}',
  };
  return text.replace(/[\\{}&%$#_~^]/g, (ch) => special[ch]!);
}

export function bibtex(c: Citation): string {
  const year = c.published.getUTCFullYear();
  const key = `gradientlab-${year}-${c.slug}`.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
  const fields: [string, string][] = [
    ['author', `{{${bibtexEscape(c.author)}}}`],
    ['title', `{${bibtexEscape(c.title)}}`],
    ['year', `{${year}}`],
    ['month', MONTHS[c.published.getUTCMonth()]!],
    // BibLaTeX reads `url` verbatim; classic styles print it through `howpublished`.
    ['url', `{${c.url}}`],
    ['howpublished', `{\\url{${c.url}}}`],
  ];
  if (c.updated) fields.push(['note', `{Updated ${isoDate(c.updated)}}`]);
  const width = Math.max(...fields.map(([name]) => name.length));
  return `@misc{${key},\n${fields.map(([name, value]) => `  ${name.padEnd(width)} = ${value}`).join(',\n')}\n}`;
}

/** Author (date). Title. URL — in the reader's language's own punctuation. */
export function plainCitation(c: Citation): string {
  const date = (d: Date) => d.toLocaleDateString(c.lang, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
  if (c.lang.startsWith('zh')) {
    const updated = c.updated ? `（${date(c.updated)}更新）` : '';
    return `${c.author}（${date(c.published)}）。〈${c.title}〉。${c.url}${updated}`;
  }
  const updated = c.updated ? ` (updated ${date(c.updated)})` : '';
  return `${c.author} (${date(c.published)}). ${c.title}. ${c.url}${updated}`;
}
