import { DEFAULT_LOCALE, type Locale } from './ui';

/** The site's locale for a browser's language list: English if the reader prefers English before any Chinese, else zh-TW. */
export function preferredLocale(languages: readonly string[]): Locale {
  for (const tag of languages) {
    const lower = tag.toLowerCase();
    if (lower.startsWith('zh')) return 'zh-tw';
    if (lower.startsWith('en')) return 'en';
  }
  return DEFAULT_LOCALE;
}
