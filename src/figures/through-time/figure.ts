/** The gradient through time (ThroughTime.astro): what the site needs to know of it (shared/descriptor.ts). */
import type { FigureDescriptor } from '../shared/descriptor';

export const throughTime = {
  tag: 'ThroughTime',
  anchor: () => 'fig-through-time',
  embed: { of: () => ({ id: 'through-time', props: {} }), height: 810 },
  quotes: { 'through-time': async () => (await import('@/build/through-time-bake').then((m) => m.throughTimeBake())).quotes },
  images: async () => ({ 'through-time': (await import('./through-time-image')).throughTimeImage }),
} as const satisfies FigureDescriptor;
