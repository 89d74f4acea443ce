import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DistFiles, workerOnly } from './sizes.ts';

describe('the lab worker’s files, told apart from the page’s own', () => {
  const dist = mkdtempSync(path.join(tmpdir(), 'bench-dist-'));
  mkdirSync(path.join(dist, '_astro'));
  const file = (name: string, text: string) => writeFileSync(path.join(dist, '_astro', name), text);
  file('page.js', 'import { a } from "./shared.js";');
  file('shared.js', 'export const a = 1;');
  file('worker.js', 'import "./shared.js"; import { b } from "./only.js";');
  file('only.js', 'export const b = 2;');
  file('tfjs.wasm', '\0asm');
  const url = (name: string) => `http://localhost/_astro/${name}`;

  it('are the worker’s script, the imports only it needs, and the .wasm; a chunk the page imports too stays the page’s', () => {
    const fetched = ['page.js', 'shared.js', 'worker.js', 'only.js', 'tfjs.wasm'].map(url);
    expect([...workerOnly(fetched, [url('worker.js')], new DistFiles(dist))].sort()).toEqual(['only.js', 'tfjs.wasm', 'worker.js'].map(url));
  });

  it('are none when no worker started', () => {
    expect([...workerOnly([url('page.js'), url('shared.js')], [], new DistFiles(dist))]).toEqual([]);
  });
});
