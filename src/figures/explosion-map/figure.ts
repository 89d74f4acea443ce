/** The explosion map (ExplosionMap.astro): what the site needs to know of it (shared/descriptor.ts). */
import type { FigureDescriptor } from '../shared/descriptor';

export const explosionMap = {
  tag: 'ExplosionMap',
  anchor: () => 'fig-explosion-map',
  quotes: { 'explosion-map': async () => (await import('@/build/why-data').then((m) => m.explosionBake())).quotes },
  images: async () => ({ 'explosion-map': (await import('./explosion-map-image')).explosionImage }),
} as const satisfies FigureDescriptor;
