/** /og/<locale>.png: the social card of the pages that are not articles (home, playground, 404). */
import type { APIRoute, GetStaticPaths } from 'astro';
import { cardFooter, motifCurves, renderCard } from '@/build/card';
import { LOCALES, t, type Locale } from '@/i18n/ui';
import { bakedTrace } from '@/build/bake';

export const getStaticPaths = (() => LOCALES.map((locale) => ({ params: { locale } }))) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ params, site }) => {
  const locale = params['locale'] as Locale;
  const [exp1, exp3] = await Promise.all([bakedTrace('exp1'), bakedTrace('exp3')]);
  const { png } = await renderCard({
    siteName: t(locale, 'siteTitle'),
    title: t(locale, 'siteTagline'),
    description: `${t(locale, 'articles')} · ${t(locale, 'playgroundTitle')}`,
    footer: cardFooter(site, import.meta.env.BASE_URL),
    curves: motifCurves(exp1.epochs.map((e) => e.loss), exp3.epochs.map((e) => e.loss)),
  });
  return new Response(new Uint8Array(png), { headers: { 'Content-Type': 'image/png' } });
};
