import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('the .astro files', () => {
  // Vite's dependency scanner reads an .astro file's frontmatter as text: the words "<script" or
  // "<style" in a frontmatter comment start a block it then fails to parse, and `npm run dev` prints
  // a red [ERROR] on every start (issue 11).
  it('have no frontmatter that Vite’s dependency scanner takes for a script or style block', () => {
    const files = execSync("git ls-files '*.astro'", { encoding: 'utf8' }).split('\n').filter(Boolean);
    const found = files.filter((file) => /<(script|style)\b/i.test(/^---\n([\s\S]*?)\n---/.exec(readFileSync(file, 'utf8'))?.[1] ?? ''));
    expect(files.length).toBeGreaterThan(5);
    expect(found).toEqual([]);
  });
});
