/**
 * /coi-serviceworker.js: the `coi-serviceworker` package's script, served from the site's root so
 * that its service worker's scope is every page. Every page loads it (src/layouts/Base.astro).
 *
 * Where the host sends COOP + COEP the page is already cross-origin isolated and the script does
 * nothing. Where it cannot (GitHub Pages), the script registers itself as a service worker that adds
 * those headers to every response and reloads the page once, so the threaded wasm build runs
 * there too. Served from node_modules at build time, so the file always matches package.json.
 */
import source from 'coi-serviceworker/coi-serviceworker.min.js?raw';
import { COI_PRELUDE } from '@/build/coi-prelude';

export function GET(): Response {
  // The prelude makes the package's one reload wait for its worker to be active (src/build/coi-prelude.ts).
  return new Response(COI_PRELUDE + source, { headers: { 'Content-Type': 'text/javascript; charset=utf-8' } });
}
