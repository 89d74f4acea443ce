/**
 * The exploding gradient through time (ExplodingThroughTime.astro): what the site needs to know of
 * it (shared/descriptor.ts). Its numbers are arithmetic at the default start, not a baked run.
 */
import type { FigureDescriptor } from '../shared/descriptor';

export const exploding = {
  tag: 'ExplodingThroughTime',
  anchor: () => 'fig-exploding-through-time',
  embed: { of: () => ({ id: 'exploding-through-time', props: {} }), height: 960 },
  quotes: {
    'exploding-through-time': async () => {
      const { EXPLODING, explodingQuotes, outcome } = await import('./exploding-text');
      return explodingQuotes(outcome(EXPLODING.start, EXPLODING.lr));
    },
  },
  images: async () => ({ exploding: (await import('./exploding-image')).explodingImage }),
} as const satisfies FigureDescriptor;
