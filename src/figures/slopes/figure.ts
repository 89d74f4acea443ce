/**
 * σ′ under each layer (SlopePanel.astro, drawn inside experiment 3, so no element or number of its
 * own): what the site needs to know of it (shared/descriptor.ts).
 */
import type { FigureDescriptor } from '../shared/descriptor';

export const slopes = {
  quotes: { slopes: async () => (await import('@/build/why-data').then((m) => m.slopesBake())).quotes },
  images: async () => ({ slopes: (await import('./slopes-image')).slopesImage }),
} as const satisfies FigureDescriptor;
