/** The overshoot (Overshoot.astro): what the site needs to know of it (shared/descriptor.ts). */
import type { FigureDescriptor } from '../shared/descriptor';

export const overshoot = {
  tag: 'Overshoot',
  anchor: () => 'fig-overshoot',
  quotes: { overshoot: async () => (await import('@/build/why-data')).overshootBake().quotes },
  images: async () => ({ overshoot: (await import('./overshoot-image')).overshootImage }),
} as const satisfies FigureDescriptor;
