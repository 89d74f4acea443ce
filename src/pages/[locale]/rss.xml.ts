/**
 * /<locale>/rss.xml: an RSS 2.0 feed of the locale's articles, newest first (@astrojs/rss). Every
 * page of the locale links it for feed readers' autodiscovery (src/layouts/Base.astro).
 */
import rss from '@astrojs/rss';
import type { APIRoute, GetStaticPaths } from 'astro';
import { getCollection } from 'astro:content';
import { articlePath, href, LANG_TAG, LOCALES, splitEntryId, t, type Locale } from '@/i18n/ui';

export const getStaticPaths = (() => LOCALES.map((locale) => ({ params: { locale } }))) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ params, site }) => {
  const locale = params['locale'] as Locale;
  const origin = site ?? new URL('http://localhost/');
  const absolute = (path: string) => new URL(path, origin).href;
  const entries = (await getCollection('articles', (e) => !(import.meta.env.PROD && e.data.draft)))
    .map((entry) => ({ entry, ...splitEntryId(entry.id) }))
    .filter((e) => e.locale === locale)
    .sort((a, b) => b.entry.data.published.getTime() - a.entry.data.published.getTime());
  return rss({
    title: t(locale, 'siteTitle'),
    description: t(locale, 'siteTagline'),
    site: absolute(href(`/${locale}/`)),
    xmlns: { atom: 'http://www.w3.org/2005/Atom' },
    customData: `<language>${LANG_TAG[locale]}</language><atom:link href="${absolute(href(`/${locale}/rss.xml`))}" rel="self" type="application/rss+xml"/>`,
    items: entries.map(({ entry, slug }) => ({
      title: entry.data.title,
      description: entry.data.description,
      pubDate: entry.data.published,
      link: absolute(articlePath(locale, slug)),
      categories: entry.data.tags,
    })),
  });
};
