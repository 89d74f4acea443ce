/**
 * A seed ensemble (Ensemble.astro): what the site needs to know of it (shared/descriptor.ts). Its
 * quotes, 'seeds', are the spreads over 200 seeds the prose gives where it generalises (why-data.ts,
 * seedsBake), which no reader's run rewrites.
 */
import type { Attributes, FigureDescriptor } from '../shared/descriptor';
import { isExperiment } from '../experiment/figure.ts';

export const ensemble = {
  tag: 'Ensemble',
  anchor: (a: Attributes) => `fig-ensemble-${a['experiment']}`,
  embed: {
    of: (a: Attributes) => {
      if (!isExperiment(a['experiment'])) return null;
      const seeds = Number(a['seeds']); // NaN when there is none
      return { id: `ensemble-${a['experiment']}`, props: Number.isInteger(seeds) ? { experiment: a['experiment'], seeds } : { experiment: a['experiment'] } };
    },
    height: 660,
  },
  quotes: { seeds: async () => (await import('@/build/why-data').then((m) => m.seedsBake())).quotes },
} as const satisfies FigureDescriptor;
