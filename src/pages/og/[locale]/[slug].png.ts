/**
 * /og/<locale>/<article>.png: the article's social card (src/build/card.ts), drawn at build time
 * with the loss curves of the baked runs of experiments 1 (learns) and 3 (vanishes).
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { getCollection } from 'astro:content';
import { cardFooter, motifCurves, renderCard } from '@/build/card';
import { splitEntryId, t, type Locale } from '@/i18n/ui';
import { bakedTrace } from '@/build/bake';

export const getStaticPaths = (async () => {
  const entries = await getCollection('articles', (e) => !(import.meta.env.PROD && e.data.draft));
  return entries.map((entry) => {
    const { slug, locale } = splitEntryId(entry.id);
    return { params: { locale, slug }, props: { title: entry.data.title, description: entry.data.description } };
  });
}) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ params, props, site }) => {
  const locale = params['locale'] as Locale;
  const { title, description } = props as { title: string; description: string };
  const [exp1, exp3] = await Promise.all([bakedTrace('exp1'), bakedTrace('exp3')]);
  const { png } = await renderCard({
    siteName: t(locale, 'siteTitle'),
    title,
    description,
    footer: cardFooter(site, import.meta.env.BASE_URL),
    curves: motifCurves(exp1.epochs.map((e) => e.loss), exp3.epochs.map((e) => e.loss)),
  });
  return new Response(new Uint8Array(png), { headers: { 'Content-Type': 'image/png' } });
};
