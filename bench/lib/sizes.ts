/**
 * Bytes, from the files in dist/: what a URL costs raw and gzip-compressed (level 6, gzip's and
 * most servers' default), independent of whether the preview server compresses. A module's static
 * imports are followed, so "the worker" means its entry chunk and every chunk it imports.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export interface Bytes {
  raw: number;
  gzip: number;
}

export const addBytes = (a: Bytes, b: Bytes): Bytes => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip });
export const NO_BYTES: Bytes = { raw: 0, gzip: 0 };

export class DistFiles {
  readonly dist: string;
  readonly #cache = new Map<string, Bytes | null>();
  constructor(dist: string) {
    this.dist = dist;
  }

  /** The file a same-origin URL serves (directories serve their index.html), or null. */
  fileFor(url: string): string | null {
    const { pathname } = new URL(url);
    const candidate = path.join(this.dist, decodeURIComponent(pathname));
    if (!candidate.startsWith(this.dist)) return null;
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
    const index = path.join(candidate, 'index.html');
    return existsSync(index) ? index : null;
  }

  bytes(url: string): Bytes | null {
    if (!this.#cache.has(url)) {
      const file = this.fileFor(url);
      const data = file ? readFileSync(file) : null;
      this.#cache.set(url, data ? { raw: data.length, gzip: gzipSync(data, { level: 6 }).length } : null);
    }
    return this.#cache.get(url) ?? null;
  }

  /** A JS module's URL and the URLs of everything it imports statically, transitively. */
  withStaticImports(url: string): string[] {
    const seen = new Set<string>();
    const visit = (u: string) => {
      if (seen.has(u)) return;
      seen.add(u);
      const file = this.fileFor(u);
      if (!file || !file.endsWith('.js')) return;
      const source = readFileSync(file, 'utf8');
      // Static imports only (`import … from "…"`, `import "…"`), not `import("…")`.
      for (const m of source.matchAll(/(?:\bfrom|\bimport)\s*["']([^"']+\.js)["']/g)) visit(new URL(m[1]!, u).href);
    };
    visit(url);
    return [...seen];
  }
}

/**
 * Of the URLs a page fetched, those only its workers need: each worker's script and its static
 * imports, less any a script of the page's own imports too, and the .wasm files (only workers
 * load them). What the islands fetch when they start the lab worker early is not the page's own.
 */
export function workerOnly(fetched: readonly string[], workers: readonly string[], dist: DistFiles): Set<string> {
  const theirs = new Set(workers.flatMap((w) => dist.withStaticImports(w)));
  const ours = new Set(fetched.filter((u) => kindOf(u) === 'js' && !theirs.has(u)).flatMap((u) => dist.withStaticImports(u)));
  return new Set(fetched.filter((u) => (theirs.has(u) && !ours.has(u)) || kindOf(u) === 'wasm'));
}

export type Kind = 'html' | 'css' | 'js' | 'wasm' | 'font' | 'other';

export function kindOf(url: string): Kind {
  const p = new URL(url).pathname;
  if (p.endsWith('/') || p.endsWith('.html')) return 'html';
  if (p.endsWith('.css')) return 'css';
  if (p.endsWith('.js') || p.endsWith('.mjs')) return 'js';
  if (p.endsWith('.wasm')) return 'wasm';
  if (/\.(woff2?|ttf|otf)$/.test(p)) return 'font';
  return 'other';
}
