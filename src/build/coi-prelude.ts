/**
 * What the site puts before the `coi-serviceworker` package's script (src/pages/coi-serviceworker.js.ts).
 *
 * The package, on a host that cannot send COOP/COEP, registers its service worker and reloads the
 * page as soon as the registration reports `updatefound`, which is while the worker is still
 * installing. If the reloaded page's request is made before the worker is active, nothing controls
 * that page; its own copy of the script then finds a registration that is neither new (no
 * `updatefound`) nor active, and never reloads again: the page stays without cross-origin isolation
 * (the threaded build then cannot start). Seen once in WebKit, at the end of a clean-clone run.
 *
 * The package reads its settings from `window.coi`; this prelude makes its reload wait until the
 * registration has an active worker (`navigator.serviceWorker.ready`), so the reloaded page is
 * controlled. In the worker itself (no `window`) it does nothing.
 */
export const COI_PRELUDE =
  "if (typeof window !== 'undefined') window.coi = { doReload: () => navigator.serviceWorker.ready.then(() => window.location.reload()), ...window.coi };\n";
