import type { Page } from '@playwright/test';
import { ARTICLE, LOCALES, expect, test } from './fixtures';

/**
 * Issue 22: the article in layers. A core path a student reads, and the depth in folds ("Going
 * deeper: …" / 「深入一點：…」) that are native <details>: they open with the keyboard and without
 * JavaScript, and they print open. And the terms the lesson leans on are defined before they are used.
 */

const KICKER = { en: 'Going deeper: ', 'zh-tw': '深入一點：' } as const;

/**
 * The terms each page defines (a <dfn> around the first use) before any other use: the same list
 * for both articles (the zh-TW article's word for the tripwire is NaN 警報).
 */
export const TERMS = { en: ['Glorot', 'He', 'η·λ', 'tripwire'], 'zh-tw': ['Glorot', 'He', 'η·λ', 'NaN 警報'] } as const;

/** What the words count (src/build/words.ts) leaves out of the prose, folds aside: figures, islands, code, tables, navigation, formulas. */
const NOT_PROSE = 'figure, pre, code, table, nav, aside, header, footer, .katex, [data-experiment], [data-figure], lab-predict, section.cite, script, style, template, noscript';

/** Where each term first occurs in the article's prose (folds included), and whether that occurrence is inside a <dfn>. */
async function firstUses(page: Page, terms: readonly string[]): Promise<Record<string, { text: string; inDfn: boolean } | null>> {
  return page.evaluate(
    ({ terms, notProse }) => {
      const main = document.querySelector('main')!;
      const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
      const found: Record<string, { text: string; inDfn: boolean } | null> = Object.fromEntries(terms.map((t) => [t, null]));
      // A Latin term is a whole word (He, not "the" or "Hello"); a term of other letters is found as written.
      const pattern = (t: string) => (/^[A-Za-z]/.test(t) ? new RegExp(`(?<![A-Za-z])${t}(?![A-Za-z])`) : new RegExp(t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (!parent || parent.closest(notProse)) continue;
        for (const term of terms) {
          if (found[term] || !pattern(term).test(node.textContent ?? '')) continue;
          found[term] = { text: (parent.closest('p, li, dd, summary') ?? parent).textContent!.trim().slice(0, 120), inDfn: !!parent.closest('dfn') };
        }
      }
      return found;
    },
    { terms, notProse: NOT_PROSE },
  );
}

for (const locale of LOCALES) {
  test(`${locale}: every term the lesson leans on is defined where it is first used`, async ({ page }) => {
    await page.goto(`/${locale}/${ARTICLE}/`);
    const uses = await firstUses(page, TERMS[locale]);
    for (const term of TERMS[locale]) {
      expect(uses[term], `${term} is used in the prose`).not.toBeNull();
      expect(uses[term]!.inDfn, `${term} first appears outside its definition: “${uses[term]!.text}”`).toBe(true);
    }
  });

  test(`${locale}: every fold is a closed <details> whose summary says “${KICKER[locale]}” and what is inside`, async ({ page }) => {
    await page.goto(`/${locale}/${ARTICLE}/`);
    const folds = page.locator('main details.deeper');
    expect(await folds.count()).toBeGreaterThan(5);
    for (const summary of await folds.locator('> summary').all()) {
      const text = (await summary.textContent()) ?? '';
      expect(text.startsWith(KICKER[locale]), text).toBe(true);
      expect(text.length - KICKER[locale].length, `a title after the kicker: ${text}`).toBeGreaterThan(4);
    }
    await expect(folds.first()).not.toHaveAttribute('open');
    await expect(folds.first().locator('.deeper-body')).toBeHidden();
  });

  test(`${locale}: printed, every fold is open`, async ({ page }) => {
    await page.goto(`/${locale}/${ARTICLE}/`);
    await page.emulateMedia({ media: 'print' });
    const bodies = page.locator('main details.deeper .deeper-body');
    const n = await bodies.count();
    expect(n).toBeGreaterThan(5);
    for (let i = 0; i < n; i++) await expect(bodies.nth(i)).toBeVisible();
    await page.emulateMedia({ media: 'screen' });
    await expect(bodies.first()).toBeHidden();
  });
}

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  for (const locale of LOCALES) {
    test(`${locale}: a fold opens with a click and with the keyboard`, async ({ page }) => {
      await page.goto(`/${locale}/${ARTICLE}/`);
      const folds = page.locator('main details.deeper');
      const first = folds.first();
      await first.locator('> summary').click();
      await expect(first).toHaveAttribute('open', '');
      await expect(first.locator('.deeper-body')).toBeVisible();
      const second = folds.nth(1);
      await second.locator('> summary').focus();
      await page.keyboard.press('Enter');
      await expect(second.locator('.deeper-body')).toBeVisible();
    });
  }
});
