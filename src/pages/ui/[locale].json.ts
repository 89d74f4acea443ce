/**
 * The islands' UI strings of one locale as a static file (/ui/en.json). A page names its file in
 * `<meta name="ui-strings">`; the live code fetches it when it loads (src/i18n/ui.ts `loadStrings`),
 * so the page's HTML does not carry every string of the site for readers who never touch a figure.
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { LOCALES, UI, type Locale } from '@/i18n/ui';

export const getStaticPaths = (() => LOCALES.map((locale) => ({ params: { locale } }))) satisfies GetStaticPaths;

export const GET: APIRoute = ({ params }) =>
  new Response(JSON.stringify(UI[params['locale'] as Locale]), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
