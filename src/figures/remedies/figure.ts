/** What to do (Remedies.astro): what the site needs to know of it (shared/descriptor.ts). One picture per pair. */
import type { FigureDescriptor, RenderImage } from '../shared/descriptor';

export const remedies = {
  tag: 'Remedies',
  anchor: () => 'fig-remedies',
  embed: { of: () => ({ id: 'remedies', props: {} }), height: 900 },
  quotes: { remedies: async () => (await import('./remedies-bake').then((m) => m.remediesBake())).quotes },
  images: async () => {
    const [{ remedyImage }, { REMEDIES }] = await Promise.all([import('./remedies-image'), import('@/lab/recurrent/remedies')]);
    return Object.fromEntries(REMEDIES.map((remedy): [string, RenderImage] => [`remedies-${remedy}`, (locale, scheme) => remedyImage(remedy, locale, scheme)]));
  },
} as const satisfies FigureDescriptor;
