/**
 * The articles: one folder per article under content/articles/, one MDX file per locale
 * (`content/articles/<slug>/<locale>.mdx`). The entry id is `<slug>/<locale>`.
 */
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';

const articles = defineCollection({
  loader: glob({ pattern: '*/*.mdx', base: './content/articles' }),
  schema: z.object({
    /** The page's h1 and <title>. */
    title: z.string().min(1),
    /** One sentence for search results, link previews and the home page list (≤ 160 characters). */
    description: z.string().min(1).max(160),
    /** First publication date. */
    published: z.coerce.date(),
    /** Last substantive revision, when there has been one. */
    updated: z.coerce.date().optional(),
    /** Short topic labels shown under the title. */
    tags: z.array(z.string()).default([]),
    /** Drafts are built in dev but left out of the production site, its lists and its sitemap. */
    draft: z.boolean().default(false),
    /**
     * The article's place in the site's series (1, 2, …), the same in every locale. Articles with a
     * part are listed in that order on the home page and link to the parts before and after them.
     */
    part: z.number().int().positive().optional(),
    /**
     * The work this article is based on, credited in a "Source" line under the title. Every detail is
     * optional: fill in what you know, and the line shows that; with none of title, author and url it
     * says honestly that the source is unnamed. The translations of an article share one source, so a
     * field set in any one locale's file shows on every locale's page (a locale's own value wins).
     * Leave `source` out entirely for an article that follows no single source.
     */
    source: z
      .object({
        /** The source's own title, in its own language. */
        title: z.string().min(1).optional(),
        /** Its author, as they sign their work. */
        author: z.string().min(1).optional(),
        /** Where it can be read; the title (or the description of the source) links there. */
        url: z.url().optional(),
        /** When it was published, if known. */
        published: z.coerce.date().optional(),
        /** Its language, as a BCP 47 tag; the page names it in the reader's language. */
        language: z.string().min(2).optional(),
      })
      .optional(),
  }),
});

export const collections = { articles };
