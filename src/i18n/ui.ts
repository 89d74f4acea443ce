/**
 * UI strings per locale. The prose lives in content/; this is only the chrome and the islands' labels.
 * Every locale has every key (the type says so), so a missing translation is a type error.
 */
import { en } from './strings-en';
import { zhTw } from './strings-zh-tw';

export const LOCALES = ['zh-tw', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-tw';

/** BCP 47 tags for <html lang> and hreflang. */
export const LANG_TAG: Record<Locale, string> = { 'zh-tw': 'zh-Hant-TW', en: 'en' };
export const LOCALE_NAME: Record<Locale, string> = { 'zh-tw': '繁體中文', en: 'English' };

export type UiKey = keyof typeof en;

/**
 * Both dictionaries on the server (pages, baking). In the browser none are bundled: each page names
 * its locale's strings file (/ui/<locale>.json, Base.astro), which the live code fetches when it first
 * loads, so a reader downloads one language, once, and only if a figure wakes up.
 */
export const UI: Record<Locale, Record<UiKey, string>> = import.meta.env.SSR ? { en, 'zh-tw': zhTw } : ({} as Record<Locale, Record<UiKey, string>>);

let pageStrings: Record<string, string> | null = null;
let loading: Promise<void> | null = null;

/**
 * Fetches the page's UI strings (the file its `<meta name="ui-strings">` names). Browser code that
 * says anything awaits this once first (the islands' loaders do); `t()` is synchronous after it.
 */
export function loadStrings(): Promise<void> {
  loading ??= (async () => {
    const url = document.querySelector('meta[name="ui-strings"]')?.getAttribute('content');
    pageStrings = url ? ((await (await fetch(url)).json()) as Record<string, string>) : {};
  })();
  return loading;
}

/** The strings the page's file holds (browser only, after `loadStrings`). */
function fromPage(): Record<string, string> {
  return pageStrings ?? {};
}

export function t(locale: Locale, key: UiKey, params: Record<string, string | number> = {}): string {
  const text = (UI[locale] as Record<UiKey, string> | undefined)?.[key] ?? fromPage()[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

export function isLocale(value: string | undefined): value is Locale {
  return (LOCALES as readonly string[]).includes(value ?? '');
}

/** The page's locale as Astro routed it (`Astro.currentLocale`); the default where it has none. */
export function pageLocale(current: string | undefined): Locale {
  return isLocale(current) ? current : DEFAULT_LOCALE;
}

/** `<slug>/<locale>` entry ids split into their parts. */
export function splitEntryId(id: string): { slug: string; locale: Locale } {
  const [slug = '', locale] = id.split('/');
  if (!isLocale(locale)) throw new Error(`article ${id}: the file name must be a locale (${LOCALES.join(', ')})`);
  return { slug, locale };
}

/**
 * A path of the site ('/en/…') as a link: under the sub-path the site is built for (BASE_PATH, e.g.
 * '/repo/' → '/repo/en/…'). Every link, asset and feed URL goes through this.
 */
export function href(path: string): string {
  return import.meta.env.BASE_URL.replace(/\/$/, '') + path;
}

/** The inverse of `href`: '/repo/en/…' → '/en/…'. */
export function sitePath(pathname: string): string {
  const base = import.meta.env.BASE_URL.replace(/\/$/, '');
  return pathname.startsWith(`${base}/`) ? pathname.slice(base.length) : pathname;
}

export function articlePath(locale: Locale, slug: string): string {
  return href(`/${locale}/${slug}/`);
}
