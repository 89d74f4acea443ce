import type { Locale } from '@/i18n/ui';

/** What every page says about itself to crawlers, link previews and search engines. */
export interface PageMeta {
  locale: Locale;
  title: string;
  description: string;
  /** The page's absolute URL. */
  url: string;
  /** The 1200 × 630 card: an absolute URL for the article's structured data, a site path for link previews. */
  image: string;
  siteName: string;
}
