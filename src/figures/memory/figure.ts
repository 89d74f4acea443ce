/** The memory task (Memory.astro): what the site needs to know of it (shared/descriptor.ts). */
import type { FigureDescriptor } from '../shared/descriptor';

export const memory = {
  tag: 'Memory',
  anchor: () => 'fig-memory',
  embed: { of: () => ({ id: 'memory', props: {} }), height: 900 },
  quotes: { memory: async () => (await import('@/build/memory-bake').then((m) => m.memoryBake())).quotes },
  images: async () => ({ memory: (await import('./memory-image')).memoryImage }),
} as const satisfies FigureDescriptor;
