#!/usr/bin/env node
// npm run words: each built article's length outside and inside folds (src/build/words.ts says what
// counts). Reads dist/ (run `npm run build` first); --json prints the numbers.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { articleLength } from '../src/build/words.ts';

const dist = 'dist';
if (!existsSync(dist)) {
  console.error('words: no dist/ — run `npm run build` first');
  process.exit(1);
}
const rows = [];
for (const locale of ['en', 'zh-tw']) {
  for (const slug of readdirSync(join(dist, locale))) {
    const file = join(dist, locale, slug, 'index.html');
    if (!existsSync(file)) continue;
    const html = readFileSync(file, 'utf8');
    if (!html.includes('<article')) continue; // home, playground
    const { core, folds } = articleLength(html, locale);
    rows.push({ page: `/${locale}/${slug}/`, unit: locale === 'en' ? 'words' : 'ideographs', core, folds, total: core + folds });
  }
}
if (process.argv.includes('--json')) console.log(JSON.stringify(rows, null, 2));
else {
  console.log(['page'.padEnd(46), 'unit'.padEnd(10), 'core'.padStart(6), 'folds'.padStart(6), 'total'.padStart(6)].join(' '));
  for (const r of rows) console.log([r.page.padEnd(46), r.unit.padEnd(10), String(r.core).padStart(6), String(r.folds).padStart(6), String(r.total).padStart(6)].join(' '));
}
