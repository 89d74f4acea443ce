/**
 * The live figures an article shows, found in its MDX: each gets an embed page
 * (/embed/<locale>/<article>/<figure>/) and an "Embed" control. Figure ids are the ones the islands
 * already use in their element ids: `exp1`, `fix-normalize`, `ensemble-exp3`, `through-time`.
 *
 * Read from the MDX text because Astro's getStaticPaths must list the pages before anything
 * renders. Only the islands below are known; a new island kind needs a line here.
 */
import { EXPERIMENT_IDS, FIXES, type ExperimentId, type FixId } from '@/lab/engine/config';

export type Figure =
  | { id: string; kind: 'experiment'; experiment: ExperimentId }
  | { id: string; kind: 'fix'; fix: FixId }
  | { id: string; kind: 'ensemble'; experiment: ExperimentId; seeds: number | undefined }
  | { id: 'through-time'; kind: 'through-time' }
  | { id: 'exploding-through-time'; kind: 'exploding-through-time' }
  | { id: 'remedies'; kind: 'remedies' }
  | { id: 'memory'; kind: 'memory' };

// Stryker disable next-line StringLiteral: any string that is not an experiment id reads the same as ''
const isExperiment = (v: string | undefined): v is ExperimentId => (EXPERIMENT_IDS as readonly string[]).includes(v ?? '');
// Stryker disable next-line StringLiteral: any string that is not a fix reads the same as ''
const isFix = (v: string | undefined): v is FixId => Object.hasOwn(FIXES, v ?? '');

/** `name="text"` and `name={123}` attributes of one JSX tag. */
function attributes(source: string): Record<string, string> {
  // Stryker disable next-line StringLiteral: the name group always matches, and one of the value groups always does
  return Object.fromEntries([...source.matchAll(/(\w+)=(?:"([^"]*)"|\{\s*([^}]*?)\s*\})/g)].map(([, name = '', text, expr]) => [name, text ?? expr ?? '']));
}

/** The figures in an article's MDX body, in order, each once. */
export function figuresIn(mdx: string): Figure[] {
  const found = new Map<string, Figure>();
  // Stryker disable next-line StringLiteral: the attributes group always takes part in a match ('' at least)
  for (const [, tag, attrs = ''] of mdx.matchAll(/<(Experiment|FixCompare|Ensemble|ThroughTime|ExplodingThroughTime|Remedies|Memory)\b([^>]*?)\/?>/g)) {
    const a = attributes(attrs);
    let figure: Figure | null = null;
    if (tag === 'Experiment' && isExperiment(a['experiment'])) figure = { id: a['experiment'], kind: 'experiment', experiment: a['experiment'] };
    if (tag === 'FixCompare' && isFix(a['fix'])) figure = { id: `fix-${a['fix']}`, kind: 'fix', fix: a['fix'] };
    if (tag === 'Ensemble' && isExperiment(a['experiment'])) {
      const seeds = Number(a['seeds']); // NaN when there is none
      figure = { id: `ensemble-${a['experiment']}`, kind: 'ensemble', experiment: a['experiment'], seeds: Number.isInteger(seeds) ? seeds : undefined };
    }
    if (tag === 'ThroughTime') figure = { id: 'through-time', kind: 'through-time' };
    if (tag === 'ExplodingThroughTime') figure = { id: 'exploding-through-time', kind: 'exploding-through-time' };
    if (tag === 'Remedies') figure = { id: 'remedies', kind: 'remedies' };
    if (tag === 'Memory') figure = { id: 'memory', kind: 'memory' };
    if (figure && !found.has(figure.id)) found.set(figure.id, figure);
  }
  return [...found.values()];
}

/**
 * The height an embed's <iframe> needs (CSS px) to show what a reader of the figure uses without
 * scrolling the frame, measured on the built embed pages at 640 px wide (a slide's frame), both
 * locales, after a run, with a few pixels to spare: an experiment through its knobs, readout, Run row
 * and status line (exp3 in zh-TW, the tallest, ends at 549); a fix comparison through its loss
 * chart (719); a seed ensemble whole (642). e2e/embed-fit.spec.ts holds the page to it, both ways:
 * all of that inside, and no more than a few lines to spare. A narrower frame stacks the knobs and
 * needs more; the reader can scroll it. The second article's two figures, measured the same way
 * (without a run: they compute as they load): the gradient through time to its chart (797), the
 * exploding one whole, map, legend and caption (940).
 */
export const EMBED_HEIGHT: Record<Figure['kind'], number> = { experiment: 560, fix: 740, ensemble: 660, 'through-time': 810, 'exploding-through-time': 960, remedies: 900, memory: 900 };
