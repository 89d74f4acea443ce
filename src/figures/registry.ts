/**
 * Every figure that the site needs to know about outside its folder, each by its descriptor
 * (`<figure>/figure.ts`, shared/descriptor.ts says what one holds), and what the build derives from
 * the list: the figure numbers' anchors (astro.config.mjs), the embed pages and their heights, the
 * numbers the prose quotes (FigNum) and the pictures for readers without JavaScript. A new figure is
 * one line here (and its component's line in the barrel, index.ts, which the MDX imports from).
 *
 * Build time only: loaded by astro.config.mjs and by pages and server-side frontmatter, never by a
 * browser script. No descriptor loads server code until a function of it is called.
 */
import type { FigureDescriptor, Quotes, RenderImage } from './shared/descriptor';
import { experiment } from './experiment/figure.ts';
import { fix } from './fix/figure.ts';
import { ensemble } from './ensemble/figure.ts';
import { overshoot } from './overshoot/figure.ts';
import { explosionMap } from './explosion-map/figure.ts';
import { vanishingMap } from './vanishing-map/figure.ts';
import { slopes } from './slopes/figure.ts';
import { exploding } from './exploding/figure.ts';
import { throughTime } from './through-time/figure.ts';
import { remedies } from './remedies/figure.ts';
import { memory } from './memory/figure.ts';

export const FIGURES = [experiment, fix, ensemble, overshoot, explosionMap, vanishingMap, slopes, exploding, throughTime, remedies, memory] as const satisfies readonly FigureDescriptor[];

type Descriptor = (typeof FIGURES)[number];

/** The names `<FigNum fig=…>` takes: every key of every descriptor's quotes (a typo fails `astro check`). */
export type QuoteSource = Descriptor extends infer D ? (D extends { quotes: infer Q } ? keyof Q & string : never) : never;

/** The MDX elements that have an embed page (each is exported by the barrel under that name). */
export type EmbedTag = Extract<Descriptor, { embed: unknown }>['tag'];

/** Figure element name → the anchor id it renders, for the figure-numbers remark plugin (src/build/figure-numbers.ts). */
export const ANCHORS: Readonly<Record<string, (attributes: Readonly<Record<string, string>>) => string>> = Object.fromEntries(
  FIGURES.flatMap((d: FigureDescriptor) => (d.tag && d.anchor ? [[d.tag, d.anchor]] : [])),
);

/** The quoted numbers of one source, computed (baked) when first asked. */
export function quotesOf(source: QuoteSource): Promise<Quotes> {
  const load = FIGURES.map((d: FigureDescriptor) => d.quotes?.[source]).find((f) => f !== undefined);
  if (!load) throw new Error(`no figure quotes numbers as "${source}"`);
  return load();
}

/** Every picture for readers without JavaScript, by name (`memory`, `remedies-clip`, …). */
export async function images(): Promise<Map<string, RenderImage>> {
  const all = await Promise.all(FIGURES.map((d: FigureDescriptor) => d.images?.() ?? {}));
  return new Map(all.flatMap((renders) => Object.entries(renders)));
}
