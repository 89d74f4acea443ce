/** The vanishing map (VanishingMap.astro): what the site needs to know of it (shared/descriptor.ts). */
import type { FigureDescriptor } from '../shared/descriptor';

export const vanishingMap = {
  tag: 'VanishingMap',
  anchor: () => 'fig-vanishing-map',
  quotes: { 'vanishing-map': async () => (await import('@/build/why-data').then((m) => m.vanishingBake())).quotes },
  images: async () => ({ 'vanishing-map': (await import('./vanishing-map-image')).vanishingImage }),
} as const satisfies FigureDescriptor;
