/**
 * The plainest static host there is: files from a folder, a Content-Type from the extension, and no
 * other headers (no COOP/COEP, no CSP), like GitHub Pages or `python -m http.server`. The fallback
 * tests serve dist/ with it to see what a reader on such a host gets.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.png': 'image/png',
};

export interface StaticServer {
  origin: string;
  close(): Promise<void>;
}

export interface ServeOptions {
  /** The sub-path the site is served under, as GitHub Pages serves a project site ('/repo/'); nothing outside it exists. */
  base?: string;
  /** A fixed port; a free one by default. */
  port?: number;
}

/**
 * Serves `root` on a localhost port: `/a/` is `/a/index.html`, anything missing is `/404.html` with
 * status 404 (under a `base`, `/repo/a/` is `/a/index.html` and anything outside `/repo/` is missing).
 */
export async function serveStatic(root: string, { base: prefix = '/', port: fixedPort = 0 }: ServeOptions = {}): Promise<StaticServer> {
  const base = resolve(root);
  const fileFor = async (requested: string): Promise<string | null> => {
    if (!requested.startsWith(prefix)) return null;
    const urlPath = `/${requested.slice(prefix.length)}`;
    const path = normalize(join(base, decodeURIComponent(urlPath)));
    if (!path.startsWith(base)) return null;
    const candidate = urlPath.endsWith('/') ? join(path, 'index.html') : path;
    const info = await stat(candidate).catch(() => null);
    return info?.isFile() ? candidate : null;
  };
  const server = createServer((req, res) => {
    void (async () => {
      const file = await fileFor(new URL(req.url ?? '/', 'http://localhost').pathname);
      const served = file ?? join(base, '404.html');
      res.writeHead(file ? 200 : 404, { 'Content-Type': TYPES[extname(served)] ?? 'application/octet-stream' });
      createReadStream(served).pipe(res);
    })();
  });
  await new Promise<void>((done) => server.listen(fixedPort, 'localhost', done));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://localhost:${port}`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
