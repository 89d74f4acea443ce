/**
 * The response headers every page and file of the site needs, in one place: the dev and preview
 * servers send them (astro.config.mjs), and public/_headers and vercel.json are checked against them
 * by a unit test, so no host drifts.
 *
 * COOP + COEP make the page cross-origin isolated, which SharedArrayBuffer and so the threaded
 * wasm build require; the worker script and the .wasm files need them too.
 */
export function securityHeaders(): Record<string, string> {
  return {
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
  };
}
