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
  }),
});

export const collections = { articles };
