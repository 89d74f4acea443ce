/**
 * A disk cache for the build's slowest pure bakes (the memory figure's seed ensemble: 64 training
 * runs, about 1.5 min). `npm test` builds the site twice (the root build and the sub-path build of
 * e2e/subpath.spec.ts), and a developer rebuilds often; the arithmetic only changes when the code
 * that does it changes. So a result is stored under a key made of its name, its settings and the
 * text of every source file it depends on (by default all of src/lab/recurrent and the engine's
 * random numbers, tests left out): edit any of them and the key changes, and the bake runs again.
 *
 * Kept in node_modules/.cache (where build tools keep theirs; a clean clone or `npm ci` starts
 * without it). Set GRADLAB_BAKE_CACHE=off to bypass it. JSON only: the values must be plain data.
 * Server only.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const BAKE_CACHE_DIR = path.join('node_modules', '.cache', 'gradient-lab-bakes');

/** The pure code the recurrent bakes run: every non-test .ts of src/lab/recurrent and the seeded random numbers. */
export function recurrentSources(root = '.'): string[] {
  const dir = path.join(root, 'src', 'lab', 'recurrent');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .sort()
    .map((f) => path.join(dir, f));
  return [...files, path.join(root, 'src', 'lab', 'engine', 'random.ts')];
}

/** The key of a result: its name, its settings (as JSON) and the bytes of every file it depends on. */
export function bakeKey(name: string, settings: unknown, sources: readonly string[]): string {
  const hash = createHash('sha256');
  hash.update(`${name}\n${JSON.stringify(settings)}\n`);
  for (const file of sources) {
    hash.update(`${file}\n`);
    hash.update(readFileSync(file));
    hash.update('\n');
  }
  return hash.digest('hex').slice(0, 32);
}

/**
 * The cached result of `compute` for this name, settings and sources, computing and storing it when
 * there is none. A file that does not parse is treated as missing.
 */
export function cachedBake<T>(name: string, settings: unknown, compute: () => T, options: { sources?: readonly string[]; dir?: string } = {}): T {
  if (process.env['GRADLAB_BAKE_CACHE'] === 'off') return compute();
  const dir = options.dir ?? BAKE_CACHE_DIR;
  const file = path.join(dir, `${name}-${bakeKey(name, settings, options.sources ?? recurrentSources())}.json`);
  if (existsSync(file)) {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as T;
    } catch {
      // A half-written or damaged file: bake again below.
    }
  }
  const value = compute();
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, JSON.stringify(value));
  return value;
}
