/**
 * The live figures an article shows, found in its MDX: each gets an embed page
 * (/embed/<locale>/<article>/<figure>/) and an "Embed" control. Figure ids are the ones the islands
 * already use in their element ids: `exp1`, `fix-normalize`, `ensemble-exp3`, `through-time`.
 *
 * Read from the MDX text because Astro's getStaticPaths must list the pages before anything
 * renders. The figures with an embed are the descriptors in registry.ts that have one.
 *
 * The heights there: what an embed's <iframe> needs (CSS px) to show what a reader of the figure
 * uses without scrolling the frame, measured on the built embed pages at 640 px wide (a slide's
 * frame), both locales, after a run, with a few pixels to spare: an experiment through its knobs,
 * readout, Run row and status line (exp3 in zh-TW, the tallest, ends at 549); a fix comparison through
 * its loss chart (719); a seed ensemble whole (642). e2e/embed-fit.spec.ts holds the page to it, both
 * ways: all of that inside, and no more than a few lines to spare. A narrower frame stacks the knobs
 * and needs more; the reader can scroll it. The second article's figures, measured the same way
 * (without a run: they compute as they load): the gradient through time to its chart (797), the
 * exploding one whole, map, legend and caption (940).
 */
import { FIGURES, type EmbedTag } from './registry';
import type { FigureDescriptor } from './shared/descriptor';

export interface EmbeddedFigure {
  /** The embed page's id (its last path segment), as the island names itself. */
  id: string;
  /** The MDX element, and the barrel's name for its component. */
  tag: EmbedTag;
  /** The props the embed page renders the component with (those the MDX gave it that matter). */
  props: Record<string, unknown>;
  /** The <iframe>'s height, CSS px. */
  height: number;
}

const EMBEDDABLE = new Map(FIGURES.flatMap((d: FigureDescriptor) => (d.tag && d.embed ? [[d.tag, d.embed] as const] : [])));

/** `name="text"` and `name={123}` attributes of one JSX tag. */
function attributes(source: string): Record<string, string> {
  // Stryker disable next-line StringLiteral: the name group always matches, and one of the value groups always does
  return Object.fromEntries([...source.matchAll(/(\w+)=(?:"([^"]*)"|\{\s*([^}]*?)\s*\})/g)].map(([, name = '', text, expr]) => [name, text ?? expr ?? '']));
}

/** The figures in an article's MDX body, in order, each once. */
export function figuresIn(mdx: string): EmbeddedFigure[] {
  const found = new Map<string, EmbeddedFigure>();
  const tags = new RegExp(`<(${[...EMBEDDABLE.keys()].join('|')})\\b([^>]*?)\\/?>`, 'g');
  // Stryker disable next-line StringLiteral: the attributes group always takes part in a match ('' at least)
  for (const [, tag = '', attrs = ''] of mdx.matchAll(tags)) {
    const embed = EMBEDDABLE.get(tag);
    const shown = embed?.of(attributes(attrs));
    if (embed && shown && !found.has(shown.id)) found.set(shown.id, { id: shown.id, tag: tag as EmbedTag, props: shown.props, height: embed.height });
  }
  return [...found.values()];
}
