/**
 * The response headers every page and file of the site needs, in one place: the preview server
 * sends them (astro.config.mjs), and public/_headers, vercel.json and netlify.toml are checked
 * against them by a unit test, so no host drifts.
 *
 * COOP + COEP make the page cross-origin isolated, which SharedArrayBuffer and so the threaded
 * wasm build require; the worker script and the .wasm files need them too.
 *
 * Two routes, two sets (`HEADER_RULES`): everything, and the embed pages under /embed/, which other
 * sites may frame (`embedHeaders`).
 */

/**
 * The Content-Security-Policy, one directive per entry, and why each is what it is.
 *
 * - scripts: only our own files. `'wasm-unsafe-eval'` lets WebAssembly compile (tfjs's backend)
 *   without allowing JavaScript `eval`; there is no `'unsafe-eval'` and no `'unsafe-inline'`.
 *   `blob:` is there for the threaded wasm build: tfjs starts each pthread worker from a Blob and
 *   that worker `importScripts()` the emscripten glue from another Blob (tfjs-backend-wasm hard-codes
 *   both). A blob: URL can only be minted by script already running on our origin, so it opens
 *   nothing to injected markup.
 * - workers: our own worker script, and `blob:` for those pthread workers.
 * - styles: stylesheets only from our origin (`style-src-elem`; Astro is told never to inline
 *   them), but `style` attributes are allowed (`style-src-attr 'unsafe-inline'`): KaTeX positions
 *   every glyph with them and Shiki colours every token with them. A style attribute cannot run
 *   script. `style-src` itself keeps `'unsafe-inline'` only as the fallback for browsers that
 *   predate the -elem/-attr split (Safari < 15.4, Firefox < 108); newer ones ignore it.
 * - fonts, images, fetches (the .wasm files): `default-src 'self'`.
 * - `object-src 'none'`, `base-uri 'self'`, `form-action 'self'`: no plugins, no <base> hijack, no
 *   form posting elsewhere.
 * - `frame-ancestors 'none'`: nobody frames the site (clickjacking); a header-only directive. The
 *   embed pages alone say `*` (`embedHeaders`).
 */
export const CSP_DIRECTIVES: readonly (readonly [string, string])[] = [
  ['default-src', "'self'"],
  ['script-src', "'self' 'wasm-unsafe-eval' blob:"],
  ['worker-src', "'self' blob:"],
  ['style-src', "'self' 'unsafe-inline'"],
  ['style-src-elem', "'self'"],
  ['style-src-attr', "'unsafe-inline'"],
  ['object-src', "'none'"],
  ['base-uri', "'self'"],
  ['form-action', "'self'"],
  ['frame-ancestors', "'none'"],
];

/** Directives a browser ignores (and complains about) in a `<meta http-equiv>` policy. */
const HEADER_ONLY = new Set(['frame-ancestors', 'report-uri', 'sandbox']);

export function contentSecurityPolicy(): string {
  return CSP_DIRECTIVES.map(([name, value]) => `${name} ${value}`).join('; ');
}

/**
 * The same policy for a `<meta http-equiv="Content-Security-Policy">`, for hosts that cannot send
 * headers (GitHub Pages): everything but the header-only directives.
 */
export function metaContentSecurityPolicy(): string {
  return CSP_DIRECTIVES.filter(([name]) => !HEADER_ONLY.has(name))
    .map(([name, value]) => `${name} ${value}`)
    .join('; ');
}

/** Powerful features the site never uses, switched off for it and for anything it might embed. */
const DISABLED_FEATURES = ['accelerometer', 'camera', 'display-capture', 'geolocation', 'gyroscope', 'magnetometer', 'microphone', 'midi', 'payment', 'usb'];

export function securityHeaders(): Record<string, string> {
  return {
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Content-Security-Policy': contentSecurityPolicy(),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'Permissions-Policy': DISABLED_FEATURES.map((f) => `${f}=()`).join(', '),
  };
}

/**
 * What `astro dev` sends: the same set without the CSP, because Vite's dev server injects
 * `<style>` elements and inline scripts for hot reloading, which the policy rightly refuses.
 * `astro preview` and every host send the full set, and the end-to-end tests run under it.
 */
export function devServerHeaders(): Record<string, string> {
  const { 'Content-Security-Policy': _csp, ...rest } = securityHeaders();
  return rest;
}

/** Where the embed pages live (src/pages/embed/): one figure alone, for other sites' iframes. */
export const EMBED_PREFIX = '/embed/';

/**
 * What an embed page is sent instead: the same set with two changes, and nothing else weakened.
 *
 * - `frame-ancestors *`: any site may frame it (a course page, lecture slides).
 * - `Cross-Origin-Resource-Policy: cross-origin`: a parent that is itself cross-origin isolated
 *   (COEP `require-corp`) may only load a cross-origin iframe whose document says so. Our COEP
 *   `require-corp` stays, which such a parent also requires of its frames.
 *
 * The page's own files (scripts, styles, the worker, the .wasm) are loaded by the embed document,
 * which is on our origin, so they keep `same-origin`. COOP is ignored inside a frame and still
 * isolates an embed opened on its own. Whether the figure gets threads inside a frame is up to the
 * parent: it must be cross-origin isolated and delegate it (`allow="cross-origin-isolated"`, which
 * the snippet we hand out carries); elsewhere the figure runs single-threaded and says so.
 */
export function embedHeaders(): Record<string, string> {
  const framable = CSP_DIRECTIVES.map(([name, value]) => `${name} ${name === 'frame-ancestors' ? '*' : value}`).join('; ');
  return { ...securityHeaders(), 'Cross-Origin-Resource-Policy': 'cross-origin', 'Content-Security-Policy': framable };
}

/**
 * The rules in the order hosts apply them: a later rule's value of a header replaces an earlier
 * one's on the paths both match (Netlify; Cloudflare Pages once the earlier value is detached).
 * Paths are glob patterns from the site's root, as `_headers` and netlify.toml write them.
 */
export const HEADER_RULES: readonly { readonly path: string; readonly headers: Record<string, string> }[] = [
  { path: '/*', headers: securityHeaders() },
  { path: `${EMBED_PREFIX}*`, headers: embedHeaders() },
];

/** The headers a path gets (`base` is the sub-path the site is served under, e.g. '/repo/'). */
export function headersFor(pathname: string, base = '/'): Record<string, string> {
  const path = pathname.startsWith(base) ? `/${pathname.slice(base.length)}` : pathname;
  return path.startsWith(EMBED_PREFIX) ? embedHeaders() : securityHeaders();
}
