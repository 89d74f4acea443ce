/**
 * /<locale>/figures/<image>.svg: the "why" figures (issue 14) as pictures for readers without
 * JavaScript, one per colour scheme (the page picks with <picture>), drawn at build time by the
 * same code as the live figures (src/figures/images.ts).
 */
import type { APIRoute } from 'astro';
import { LOCALES, type Locale } from '@/i18n/ui';
import { IMAGES, renderImage } from '@/figures/images';

export function getStaticPaths() {
  return LOCALES.flatMap((locale) => IMAGES.map((image) => ({ params: { locale, image } })));
}

export const GET: APIRoute = async ({ params }) => {
  const svg = await renderImage(params['image'] ?? '', params['locale'] as Locale);
  return new Response(svg, { headers: { 'Content-Type': 'image/svg+xml; charset=utf-8' } });
};
