/**
 * What a figure tells the rest of the site about itself, in one object per figure folder
 * (`<figure>/figure.ts`), listed once in src/figures/registry.ts. Everything that used to name
 * figures one by one (the figure numbers, the embed pages and their heights, the numbers the prose
 * quotes, the pictures for readers without JavaScript) iterates that list instead.
 *
 * Build time only, and loaded by astro.config.mjs (for the figure numbers): a descriptor is plain
 * data and small functions. What it needs of server code (a bake, an image) it imports lazily,
 * inside the function that needs it, so loading the list runs no bake and the browser never sees it.
 * Astro loads the config with plain Node (type stripping) when it can, so a descriptor's static
 * imports are types, or relative paths ending in `.ts` to modules Node can load the same way
 * (registry.test.ts loads the list so).
 */
import type { Scheme } from '@/charts/palette';
import type { Locale } from '@/i18n/ui';

/** A figure element's string attributes as written in the MDX (`experiment="exp1"`, `seeds={50}` as '50'). */
export type Attributes = Readonly<Record<string, string>>;

/** Numbers quoted in the prose by name (`<FigNum fig=… q=… />`), already formatted. */
export type Quotes = Record<string, string>;

/** Draws one picture (an SVG document) for readers without JavaScript. */
export type RenderImage = (locale: Locale, scheme: Scheme) => Promise<string>;

export interface FigureDescriptor {
  /** Its element in the MDX, the name the barrel exports its component under; none for a figure drawn inside another. */
  readonly tag?: string;
  /** The anchor id its element renders (`id` on its custom element), from its attributes: what `<FigRef to>` names and the figure numbers count. */
  readonly anchor?: (attributes: Attributes) => string;
  /**
   * Its embed page: from its attributes, the embed id (the page's last path segment, the id its
   * EmbedControl is given) and the props the page renders the component with; null when the
   * attributes name nothing it can show. `height`: the <iframe>'s height in CSS px (embeds.ts says how it was measured).
   */
  readonly embed?: { readonly of: (attributes: Attributes) => { id: string; props: Record<string, unknown> } | null; readonly height: number };
  /** The numbers the prose quotes from it, under the names `<FigNum fig=…>` takes (usually its `data-figure` name). */
  readonly quotes?: Readonly<Record<string, () => Promise<Quotes>>>;
  /** Its pictures for readers without JavaScript, by name (served as /<locale>/figures/<name>-<scheme>.svg). */
  readonly images?: () => Promise<Readonly<Record<string, RenderImage>>>;
}
