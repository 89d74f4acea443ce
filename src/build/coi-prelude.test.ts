import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { COI_PRELUDE } from './coi-prelude';

/** The package's script, as the site serves it after the prelude (src/pages/coi-serviceworker.js.ts). */
const PACKAGE = readFileSync(createRequire(import.meta.url).resolve('coi-serviceworker/coi-serviceworker.min.js'), 'utf8');

/**
 * A first visit to a host without COOP/COEP, in a window whose service worker is still installing:
 * register() resolves, `updatefound` fires, and `ready` resolves only when the test says the worker
 * is active. Returns how many reloads the page asked for at each point.
 */
async function firstVisit(script: string) {
  let reloads = 0;
  let fireUpdateFound: () => void = () => {};
  let activate: () => void = () => {};
  const ready = new Promise<void>((resolve) => (activate = resolve));
  const registration = {
    active: null,
    scope: '/',
    addEventListener: (type: string, fn: () => void) => {
      if (type === 'updatefound') fireUpdateFound = fn;
    },
  };
  const navigator = { serviceWorker: { controller: null, register: async () => registration, ready } };
  const window = { crossOriginIsolated: false, isSecureContext: true, document: { currentScript: { src: '/coi-serviceworker.js' } }, location: { reload: () => reloads++ }, navigator };
  runInNewContext(script, { window, navigator, console: { log() {}, error() {} } });
  const settle = () => new Promise((r) => setTimeout(r, 0));
  await settle();
  fireUpdateFound(); // the worker is found and starts installing
  await settle();
  const whileInstalling = reloads;
  activate();
  await settle();
  return { whileInstalling, onceActive: reloads };
}

describe('the coi service worker prelude', () => {
  it('the package alone reloads while its worker is still installing (the race the prelude closes)', async () => {
    expect(await firstVisit(PACKAGE)).toEqual({ whileInstalling: 1, onceActive: 1 });
  });

  it('with the prelude, the page reloads once, only after the worker is active', async () => {
    expect(await firstVisit(COI_PRELUDE + PACKAGE)).toEqual({ whileInstalling: 0, onceActive: 1 });
  });

  it('does nothing in the worker, where there is no window', () => {
    expect(() => runInNewContext(COI_PRELUDE, {})).not.toThrow();
  });
});
