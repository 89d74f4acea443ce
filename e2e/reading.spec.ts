import { ARTICLE, LOCALES, expect, island, runIsland, test } from './fixtures';

/**
 * Around the prose: the dates, "Cite this article", copy buttons, the skip link, the table of
 * contents' current section, and what a printout (or a saved PDF) of the article contains.
 */

test.describe('copying', () => {
  test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

  test('the citation and its BibTeX are copied by their buttons, and the copy is announced', async ({ page }) => {
    await page.goto(`/en/${ARTICLE}/`);
    // The article's address as built (SITE_URL).
    const url = await page.locator('link[rel="canonical"]').getAttribute('href');
    expect(new URL(url!).pathname).toBe(`/en/${ARTICLE}/`);
    const cite = page.getByRole('region', { name: 'Cite this article' });
    await cite.getByRole('button', { name: 'Copy BibTeX' }).click();
    await expect(page.locator('[data-copy-status]')).toHaveText('Copied to the clipboard.');
    const bibtex = await page.evaluate(() => navigator.clipboard.readText());
    expect(bibtex).toMatch(/^@misc\{gradientlab-2026-exploding-vanishing-gradients,\n/);
    expect(bibtex).toContain('title        = {Watching gradients explode and vanish}');
    expect(bibtex).toContain(`url          = {${url}}`);
    await cite.getByRole('button', { name: 'Copy citation' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`Gradient Lab (November 27, 2026). Watching gradients explode and vanish. ${url}`);
  });

  test('every code block has a copy button that copies exactly its code', async ({ page }) => {
    await page.goto(`/en/${ARTICLE}/`);
    const blocks = page.locator('pre.astro-code');
    expect(await blocks.count()).toBeGreaterThan(0);
    expect(await page.locator('button.copy-code').count()).toBe(await blocks.count());
    const exp3 = island(page, 'exp3');
    await exp3.scrollIntoViewIfNeeded();
    const code = exp3.getByRole('tabpanel').locator('pre.astro-code');
    await exp3.getByRole('tabpanel').getByRole('button', { name: 'Copy code' }).click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(await code.textContent());
    expect(copied).toContain('model.add(tf.keras.layers.Dense(');
  });
});

for (const locale of LOCALES) {
  test(`${locale}: the article shows its publication date and ends with a citation in its language`, async ({ page }) => {
    await page.goto(`/${locale}/${ARTICLE}/`);
    await expect(page.locator('.article-header time').first()).toHaveAttribute('datetime', '2026-11-27');
    await expect(page.locator('.article-header time').first()).toHaveText(locale === 'en' ? 'November 27, 2026' : '2026年11月27日');
    // No `updated` in the frontmatter: no "last updated" line.
    await expect(page.locator('.article-header .updated')).toHaveCount(0);
    const cite = page.getByRole('region', { name: locale === 'en' ? 'Cite this article' : '引用這篇文章' });
    await expect(cite).toBeVisible();
    await expect(cite.locator('#cite-plain')).toContainText(locale === 'en' ? 'Gradient Lab (November 27, 2026).' : '梯度實驗室（2026年11月27日）。〈');
    await expect(cite.locator('#cite-bibtex')).toContainText('@misc{');
    // The citation is the last thing in the article.
    expect(await page.locator('article > :last-child').getAttribute('class')).toBe('cite');
  });
}

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });
  test('the citation is there to select, and no copy button that could not work is shown', async ({ page }) => {
    await page.goto(`/en/${ARTICLE}/`);
    await expect(page.locator('#cite-bibtex')).toBeVisible();
    await expect(page.locator('.copy-button:visible')).toHaveCount(0);
  });
});

test('a visible “Skip to content” link is the first stop of the keyboard and moves focus to the article', async ({ page }) => {
  await page.goto(`/en/${ARTICLE}/`);
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).not.toBeInViewport();
  await page.keyboard.press('Tab');
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport({ ratio: 1 });
  await page.keyboard.press('Enter');
  await expect(page.locator('main#main')).toBeFocused();
});

test.describe('the table of contents', () => {
  test('stays beside the text on a wide screen and marks the section being read, and only that one, as the reader scrolls', async ({ page }) => {
    await page.goto(`/en/${ARTICLE}/`);
    const toc = page.getByRole('navigation', { name: 'Contents' });
    await expect(toc).toBeVisible();
    const current = toc.locator('a[aria-current="true"]');
    await expect(current).toHaveCount(0); // the top of the page: no section yet
    for (const name of ['Experiment 1: a network that learns', 'What to do in practice', 'Experiment 3: four sigmoid layers']) {
      await page.getByRole('heading', { level: 2, name }).evaluate((h) => h.scrollIntoView({ block: 'start' }));
      await expect(current).toHaveCount(1);
      await expect(current).toHaveText(name);
      await expect(toc).toBeInViewport(); // sticky: still there beside the section
    }
  });

  test('on a phone it is folded at the top of the article, and opens to the same links', async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto(`/en/${ARTICLE}/`);
    const toc = page.getByRole('navigation', { name: 'Contents' });
    await expect(toc).toHaveCount(1); // the one beside the text is not shown
    await expect(toc.getByRole('link').first()).toBeHidden();
    await toc.getByText('Contents').click();
    await expect(toc.getByRole('link', { name: 'Experiment 2: inputs up to 4' })).toBeVisible();
    await toc.getByRole('link', { name: 'Experiment 2: inputs up to 4' }).click();
    await expect(page.getByRole('heading', { level: 2, name: 'Experiment 2: inputs up to 4' })).toBeInViewport();
  });
});

test('with no table of contents on the page, its script is not even fetched', async ({ page, watch }) => {
  // The article without its contents (as a short article would be).
  await page.route(`**/en/${ARTICLE}/`, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: (await response.text()).replace(/<nav class="toc[^"]*"[\s\S]*?<\/nav>/g, '') });
  });
  await page.goto(`/en/${ARTICLE}/`);
  expect(await page.locator('nav.toc').count()).toBe(0);
  await page.waitForLoadState('networkidle');
  await page.mouse.wheel(0, 3000);
  await page.waitForLoadState('networkidle');
  expect(watch.requests.filter((url) => /toc-highlight/.test(url))).toEqual([]);
});

for (const scheme of ['light', 'dark'] as const) {
  test(`printed (${scheme} scheme), the article shows its prose and baked figures without controls or chart frames`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(`/en/${ARTICLE}/`);
    // A reader who ran a figure and scrolled past the rest, so that its charts are drawn, then prints.
    await island(page, 'exp1').scrollIntoViewIfNeeded();
    await runIsland(page, 'exp1');
    await expect(island(page, 'exp1').locator('.chart canvas').first()).toBeVisible();
    await page.emulateMedia({ media: 'print', colorScheme: scheme });

    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByRole('heading', { level: 3, name: 'Why it exploded' })).toBeVisible();
    await expect(page.locator('.katex math[display="block"]').first()).toBeVisible();
    const visible = await page.evaluate(() => {
      const shown = (el: Element) => (el as HTMLElement).checkVisibility();
      const main = document.querySelector('main')!;
      return {
        // A fold's summary ("Going deeper: …") prints as the title of the text it opens onto, not as a control.
        controls: [...main.querySelectorAll('button, input, select, textarea, summary:not(details.deeper > summary)')].filter(shown).map((el) => el.outerHTML.slice(0, 80)),
        charts: [...main.querySelectorAll('[data-chart], canvas')].filter(shown).length,
        consoles: [...main.querySelectorAll('[data-console]')].filter(shown).map((el) => ({ clipped: el.scrollHeight > el.clientHeight + 1, text: el.textContent ?? '' })),
        predictions: [...main.querySelectorAll('[data-prediction]')].filter(shown).length,
        headerNav: [...document.querySelectorAll('.skip-link, .site-header nav, .site-footer')].filter(shown).length,
        textColour: getComputedStyle(document.body).color,
      };
    });
    expect(visible.controls, 'controls in the printout').toEqual([]);
    expect(visible.charts, 'chart frames in the printout').toBe(0);
    expect(visible.headerNav).toBe(0);
    expect(visible.consoles.length).toBe(3);
    for (const c of visible.consoles) {
      expect(c.clipped, 'a console printed whole, not cut at its scroll height').toBe(false);
      expect(c.text).toContain('Epoch 20/20');
    }
    expect(visible.predictions).toBe(9);
    expect(visible.textColour, 'dark text on paper, whatever the screen’s scheme').toBe('rgb(28, 28, 28)');
    await expect(page.locator('.cite')).toBeVisible();

    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(50_000);
  });
}

for (const locale of LOCALES) {
  test(`${locale}: the backward pass is listed once in the article, in experiment 1's figure, and the other experiments point to it; an embedded figure lists it itself`, async ({ page }) => {
    await page.goto(`/${locale}/${ARTICLE}/`);
    const listing = (fig: string) => page.locator(`#lab-${fig}-panel-ts pre`);
    await expect(listing('exp1')).toContainText('export function gradients(');
    for (const fig of ['exp2', 'exp3']) {
      await expect(listing(fig)).toContainText('const config =');
      await expect(listing(fig)).not.toContainText('function gradients');
      const note = page.locator(`#lab-${fig}-panel-ts [data-shared-code]`);
      await expect(note.locator('code')).toHaveText('gradients()');
      await expect(note.locator('a')).toHaveAttribute('href', '#fig-exp1');
    }
    await expect(page.locator('#fig-exp1')).toHaveCount(1);
    await page.goto(`/embed/${locale}/${ARTICLE}/exp2/`);
    await expect(page.locator('#lab-exp2-panel-ts pre')).toContainText('export function gradients(');
    await expect(page.locator('[data-shared-code]')).toHaveCount(0);
  });
}
