/**
 * /<locale>/figures/<image>.svg: the figures as pictures for readers without JavaScript (issue 14),
 * one per colour scheme (the page picks with <picture>), drawn at build time by the same code as the
 * live figures: each figure names its pictures in its descriptor (src/figures/registry.ts).
 */
import type { APIRoute } from 'astro';
import { SCHEMES } from '@/charts/palette';
import { LOCALES, type Locale } from '@/i18n/ui';
import { images } from '@/figures/registry';

/** Every image name, `<picture>-<scheme>`. */
export async function getStaticPaths() {
  const names = [...(await images()).keys()].flatMap((name) => SCHEMES.map((scheme) => `${name}-${scheme}`));
  return LOCALES.flatMap((locale) => names.map((image) => ({ params: { locale, image } })));
}

export const GET: APIRoute = async ({ params }) => {
  const image = params['image'] ?? '';
  const scheme = SCHEMES.find((s) => image.endsWith(`-${s}`));
  const render = scheme ? (await images()).get(image.slice(0, -scheme.length - 1)) : undefined;
  if (!scheme || !render) throw new Error(`no figure image "${image}"`);
  const svg = await render(params['locale'] as Locale, scheme);
  return new Response(svg, { headers: { 'Content-Type': 'image/svg+xml; charset=utf-8' } });
};
