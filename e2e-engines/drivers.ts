/**
 * The two browsers besides Chromium that this machine can run, each behind the same small
 * interface, so a smoke test reads the same for both:
 *
 * - Firefox ESR (Debian's `firefox-esr`) through Puppeteer over WebDriver BiDi. Playwright 1.65's
 *   Firefox channel expects the latest stable Firefox and stops at `browser.newContext` on the ESR
 *   (`emulation.setMediaFeaturesOverride`: unknown command); Puppeteer's BiDi client needs only
 *   what the ESR has. Console messages and uncaught errors come over BiDi, workers' too.
 * - WebKitGTK (Debian's `webkit2gtk-driver`: WebKitWebDriver and its MiniBrowser) through W3C
 *   WebDriver classic, spoken here over fetch: the suite needs six endpoints, and a client library
 *   would bring a driver manager that tries to download drivers. MiniBrowser has no headless mode,
 *   so it runs under `xvfb-run`. WebDriver classic has no console events and no script that runs
 *   before the page's own, and MiniBrowser under automation ignores its
 *   `--enable-write-console-messages-to-stdout` flag: the page's console.error, uncaught errors and
 *   unhandled rejections are recorded by a hook put in right after each load (the islands start
 *   nothing before a pointer or focus reaches them, so their work all happens after it). What a
 *   worker prints there is not seen; its failures still reach the page as an island's error state.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Browser, Page } from 'puppeteer-core';

export type EngineName = 'firefox' | 'webkit';

export const FIREFOX = process.env['FIREFOX_PATH'] ?? '/usr/bin/firefox-esr';
export const WEBKIT_DRIVER = process.env['WEBKIT_DRIVER_PATH'] ?? '/usr/bin/WebKitWebDriver';
export const MINIBROWSER = process.env['MINIBROWSER_PATH'] ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

export const ENGINE_NAMES: readonly EngineName[] = ['firefox', 'webkit'];

/**
 * The engines a run asks for: `ENGINES` (comma-separated; `none` for none), both by default. A
 * requested engine whose browser is missing fails the suite; scripts/engines.mjs (npm test) asks
 * only for the ones present and prints why it left the others out.
 */
export function selected(env: string | undefined = process.env['ENGINES']): EngineName[] {
  if (env === undefined || env.trim() === '') return [...ENGINE_NAMES];
  const names = env.split(',').map((n) => n.trim().toLowerCase()).filter((n) => n && n !== 'none');
  for (const n of names) if (!ENGINE_NAMES.includes(n as EngineName)) throw new Error(`ENGINES: unknown engine '${n}' (known: ${ENGINE_NAMES.join(', ')}, none)`);
  return names as EngineName[];
}

/** Why an engine cannot run here (a missing binary and the Debian package that brings it), or null. */
export function missing(engine: EngineName): string | null {
  if (engine === 'firefox') return existsSync(FIREFOX) ? null : `no Firefox at ${FIREFOX} (Debian: apt-get install firefox-esr, or set FIREFOX_PATH)`;
  for (const [path, what] of [
    [WEBKIT_DRIVER, 'WebKitWebDriver'],
    [MINIBROWSER, 'MiniBrowser'],
  ] as const) {
    if (!existsSync(path)) return `no ${what} at ${path} (Debian: apt-get install webkit2gtk-driver xvfb)`;
  }
  if (!existsSync('/usr/bin/xvfb-run')) return 'no xvfb-run (Debian: apt-get install xvfb)';
  return null;
}

/** One browser window, driven the same way in every engine. */
export interface EngineSession {
  readonly engine: EngineName;
  /** The browser's own name and version, as it reports them. */
  readonly version: string;
  /** Loads a page and waits for its load event. */
  goto(url: string): Promise<void>;
  /**
   * Runs `fn(arg)` in the page and resolves with its result, which must survive JSON. `fn` is sent
   * as source text: it may use only its argument and the page's globals.
   */
  evaluate<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  /** Moves the pointer onto the middle of the element `selector` names (it must be in the window). */
  hover(selector: string): Promise<void>;
  /**
   * Presses the left button on the thumb of the range input `selector` names (it must be in the
   * window), moves it by dx in steps, and lets go. The element is found where it is when the button
   * goes down, not where a script measured it before: see rangeThumb.
   */
  dragRange(selector: string, dx: number): Promise<void>;
  /** Console errors and uncaught errors seen since the session began. */
  readonly errors: string[];
  close(): Promise<void>;
}

export function open(engine: EngineName): Promise<EngineSession> {
  return engine === 'firefox' ? openFirefox() : openWebKit();
}

const SIZE = { width: 1280, height: 900 };

async function openFirefox(): Promise<EngineSession> {
  const puppeteer = (await import('puppeteer-core')).default;
  const browser: Browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true, defaultViewport: SIZE });
  const page: Page = (await browser.pages())[0] ?? (await browser.newPage());
  await page.setViewport(SIZE);
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  return {
    engine: 'firefox',
    version: await browser.version(),
    errors,
    async goto(url) {
      await page.goto(url, { waitUntil: 'load' });
    },
    async evaluate(fn, arg) {
      return page.evaluate(fn as (a: unknown) => unknown, arg) as never;
    },
    async hover(selector) {
      const box = await boxOf(page, selector);
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    },
    async dragRange(selector, dx) {
      // Measured right before the press, in the same task as far as the page can tell; Firefox also
      // anchors the scroll position when content above the window changes height.
      const [box, { fromCentre }] = await Promise.all([boxOf(page, selector), page.evaluate(rangeThumb, selector)]);
      const x = box.x + box.width / 2 + fromCentre;
      const y = box.y + box.height / 2;
      await page.mouse.move(x, y);
      await page.mouse.down();
      await page.mouse.move(x + dx, y, { steps: 8 });
      await page.mouse.up();
    },
    close: () => browser.close(),
  };
}

/**
 * In the page: how far the thumb of the range input `selector` names sits from the input's middle,
 * horizontally (a native thumb is about 16 px wide and travels the width less its own).
 *
 * Why pointer actions find the element themselves instead of taking a script's coordinates: on a
 * page still settling, a position measured in one step is stale in the next. In WebKitGTK (2.50) a
 * figure that `content-visibility: auto` still skips reports a zero box for everything inside it, so
 * a thumb measured there sits at x = -2.7, outside the window, and WebKitWebDriver refuses the move
 * ("move target out of bounds": it rejects any point outside the window's frame). And while the
 * figure comes alive the page above the knob still changes height, with the scroll offset kept: a
 * thumb measured in the window was 68 px lower by the time the button went down, the press landed
 * on the label above it, and the knob never moved (no error, a run that never came).
 */
function rangeThumb(selector: string): { fromCentre: number } {
  const input = document.querySelector<HTMLInputElement>(selector)!;
  const at = (Number(input.value) - Number(input.min)) / (Number(input.max) - Number(input.min));
  return { fromCentre: (at - 0.5) * (input.getBoundingClientRect().width - 16) };
}

/** The element's box in the window, measured now (Puppeteer). */
async function boxOf(page: Page, selector: string): Promise<{ x: number; y: number; width: number; height: number }> {
  const handle = await page.$(selector);
  const box = await handle?.boundingBox();
  await handle?.dispose();
  if (!box) throw new Error(`${selector}: not in the page, or not rendered`);
  return box;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, 'localhost', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Records what the page prints as errors, for a driver that cannot listen to the console itself. */
function watchErrors() {
  const w = window as unknown as { __engineErrors?: string[] };
  if (w.__engineErrors) return;
  const errors: string[] = (w.__engineErrors = []);
  const original = console.error.bind(console);
  console.error = (...args: unknown[]) => {
    errors.push(args.map(String).join(' '));
    original(...args);
  };
  addEventListener('error', (e) => errors.push(`uncaught: ${e.message}`));
  addEventListener('unhandledrejection', (e) => errors.push(`unhandled rejection: ${String(e.reason)}`));
}

function takeErrors(): string[] {
  const w = window as unknown as { __engineErrors?: string[] };
  return (w.__engineErrors ?? []).splice(0);
}

async function openWebKit(): Promise<EngineSession> {
  const port = await freePort();
  // Its own process group, so close() ends xvfb, the driver and the browser together.
  const driver: ChildProcess = spawn('xvfb-run', ['-a', '-s', '-screen 0 1400x1000x24', WEBKIT_DRIVER, `--port=${port}`], {
    stdio: 'ignore',
    detached: true,
    // Without a locale (LANG unset, as under CI) WebKitGTK reports navigator.language 'C', which no
    // reader's browser does and which Intl refuses: uPlot's module-level NumberFormat then throws.
    env: { ...process.env, LANG: process.env['LANG']?.includes('_') ? process.env['LANG'] : 'en_US.UTF-8' },
  });
  const base = `http://localhost:${port}`;
  const call = async (method: string, path: string, body?: unknown): Promise<any> => {
    const response = await fetch(base + path, { method, headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const json = (await response.json()) as { value: any };
    if (!response.ok) throw new Error(`WebDriver ${method} ${path}: ${JSON.stringify(json.value).slice(0, 500)}`);
    return json.value;
  };
  // A browser that does not start (a wrong MINIBROWSER_PATH: the session request hangs until the test
  // runner gives up on this process) must not leave Xvfb and the driver behind.
  const stop = () => {
    if (driver.pid) process.kill(-driver.pid);
  };
  process.once('exit', stop);
  let session: { sessionId: string; capabilities: { browserName: string; browserVersion: string } };
  try {
    for (let i = 0; ; i++) {
      const ready = await call('GET', '/status').then(
        (s: { ready?: boolean }) => s.ready !== false,
        () => false,
      );
      if (ready) break;
      if (i > 150) throw new Error(`WebKitWebDriver did not answer on port ${port}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    session = await call('POST', '/session', {
      capabilities: { alwaysMatch: { browserName: 'MiniBrowser', 'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] }, timeouts: { script: 120_000 } } },
    });
    await call('POST', `/session/${session.sessionId}/window/rect`, SIZE);
  } catch (e) {
    stop();
    process.off('exit', stop);
    throw e;
  }
  const at = `/session/${session.sessionId}`;
  const errors: string[] = [];
  const script = (fn: Function) => `return (${fn.toString()})(...arguments)`;
  // The hook again before each script: a reload (the coi service worker's) drops it.
  const asyncScript = (fn: Function) => `(${watchErrors.toString()})(); const done = arguments[arguments.length - 1]; Promise.resolve().then(() => (${fn.toString()})(arguments[0])).then((v) => done({ ok: JSON.stringify(v) }), (e) => done({ error: String(e) + (e && e.stack ? ' at ' + e.stack : '') }));`;
  const collect = async () => errors.push(...((await call('POST', `${at}/execute/sync`, { script: script(takeErrors), args: [] })) as string[]));
  /** A W3C element reference to the first element `selector` matches. */
  const find = async (selector: string): Promise<Record<string, string>> => call('POST', `${at}/element`, { using: 'css selector', value: selector });
  const pointer = (actions: object[]) => call('POST', `${at}/actions`, { actions: [{ type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' }, actions }] });
  return {
    engine: 'webkit',
    version: `${session.capabilities.browserName} ${session.capabilities.browserVersion}`,
    errors,
    async goto(url) {
      await collect().catch(() => {}); // what the page before printed (none on a fresh window)
      await call('POST', `${at}/url`, { url });
      await call('POST', `${at}/execute/sync`, { script: script(watchErrors), args: [] });
    },
    async evaluate(fn, arg) {
      // A plain function runs as a synchronous script: it answers at once, even while the page is
      // navigating (the coi service worker's reload), where an asynchronous script can be left
      // without an answer until the script timeout.
      if (fn.constructor.name !== 'AsyncFunction') {
        const value: unknown = await call('POST', `${at}/execute/sync`, { script: `(${watchErrors.toString()})(); ${script(fn)}`, args: [arg] });
        await collect();
        return value as never;
      }
      const result: { ok?: string; error?: string } = await call('POST', `${at}/execute/async`, { script: asyncScript(fn), args: [arg] });
      await collect();
      if (result.error !== undefined) throw new Error(result.error);
      return result.ok === undefined ? undefined : JSON.parse(result.ok);
    },
    // Pointer moves start from the element (origin: the element), which WebKit places where it is
    // when the move is dispatched; then they go on from the pointer. See rangeThumb for why not
    // coordinates measured by a script.
    async hover(selector) {
      const element = await find(selector);
      await pointer([{ type: 'pointerMove', origin: element, x: 0, y: 0 }]);
      await collect();
    },
    async dragRange(selector, dx) {
      const element = await find(selector);
      const { fromCentre } = (await call('POST', `${at}/execute/sync`, { script: script(rangeThumb), args: [selector] })) as { fromCentre: number };
      const step = Math.round(dx / 8);
      const steps = Array.from({ length: 8 }, () => ({ type: 'pointerMove', origin: 'pointer', x: step, y: 0, duration: 30 }));
      await pointer([{ type: 'pointerMove', origin: element, x: Math.round(fromCentre), y: 0 }, { type: 'pointerDown', button: 0 }, ...steps, { type: 'pointerUp', button: 0 }]);
      await call('DELETE', `${at}/actions`);
      await collect();
    },
    async close() {
      await collect().catch(() => {});
      await call('DELETE', at).catch(() => {});
      process.off('exit', stop);
      stop();
    },
  };
}
