/**
 * A store for the build's slowest pure bakes (the memory figure's seed ensemble: 64 training runs,
 * about 1 min 50 s on a clean clone of this 2-core machine). The arithmetic only changes when the
 * code that does it changes, so a result is stored under a key made of its name, its settings and
 * the text of every source file it depends on (by default all of src/lab/recurrent and the engine's
 * random numbers, tests left out): edit any of them and the key changes, and the bake runs again.
 *
 * The store is committed (src/build/bakes/): a clean clone, CI included, builds without redoing
 * work whose inputs have not changed. After a change to the code a bake depends on, the next build
 * bakes again, writes the new file and removes the one it replaces; commit both. A unit test
 * (src/build/bakes.test.ts) fails while the committed result does not match the sources, and
 * re-trains one member of each stored ensemble to check that the stored numbers are what the code
 * computes. Set GRADLAB_BAKE_CACHE=off to bypass the store. JSON only: the values must be plain
 * data. Server only.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const BAKE_CACHE_DIR = path.join('src', 'build', 'bakes');

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
  const file = bakeFile(name, settings, options);
  if (existsSync(file)) {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as T;
    } catch {
      // A half-written or damaged file: bake again below.
    }
  }
  const value = compute();
  mkdirSync(dir, { recursive: true });
  // The results this one replaces (same name, older sources or settings) go: the store keeps one per name.
  for (const old of readdirSync(dir)) if (old.startsWith(`${name}-`) && /^[0-9a-f]{32}\.json$/.test(old.slice(name.length + 1))) rmSync(path.join(dir, old));
  writeFileSync(file, `${JSON.stringify(value)}\n`);
  return value;
}

/** Where the result for this name, settings and sources is stored (whether or not it is there yet). */
export function bakeFile(name: string, settings: unknown, options: { sources?: readonly string[]; dir?: string } = {}): string {
  return path.join(options.dir ?? BAKE_CACHE_DIR, `${name}-${bakeKey(name, settings, options.sources ?? recurrentSources())}.json`);
}
