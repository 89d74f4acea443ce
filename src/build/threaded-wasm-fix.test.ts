import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { declareScriptDirInFactory, poolThatPays } from './threaded-wasm-fix';

const require = createRequire(import.meta.url);
const source = readFileSync(require.resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js'), 'utf8');

describe('threaded-wasm-fix', () => {
  it('declares _scriptDir inside the factory that tfjs stringifies for its pthreads', () => {
    const fixed = declareScriptDirInFactory(source);
    const factory = fixed.slice(fixed.indexOf('function(WasmBackendModuleThreadedSimd) {'));
    expect(factory.split('\n')[1]).toMatch(/^var _scriptDir = /);
  });

  it('refuses a file it does not recognise rather than shipping a silently broken build', () => {
    expect(() => declareScriptDirInFactory('var x = 1;')).toThrow(/not found/);
  });

  describe('the pthread pool', () => {
    const fixed = poolThatPays(source);
    /** The patched pool size statement, run with a navigator reporting `cores`. */
    const poolFor = (cores: number | undefined): number => {
      const statement = /var pthreadPoolSize=[^;]+;/.exec(fixed)![0];
      return new Function('navigator', `${statement} return pthreadPoolSize;`)({ hardwareConcurrency: cores }) as number;
    };

    it('starts the pthreads XNNPACK will use: ⌊cores / 2⌋ threads, at most 8, the calling one included', () => {
      // By hand from tfjs 4.22's init_with_threads_count: min(max(⌊cores / 2⌋, 1), 8) threads, less the caller.
      expect([1, 2, 3, 4, 6, 8, 16, 24].map(poolFor)).toEqual([0, 0, 0, 1, 2, 3, 7, 7]);
      expect(poolFor(undefined)).toBe(0);
    });

    it('lets a start with no pthread to load go on at once instead of waiting for one forever', () => {
      const statement = /var numWorkersToLoad=[^;]+;if\(!numWorkersToLoad\)[^;]+;/.exec(fixed)![0];
      const removed: string[] = [];
      new Function('PThread', 'removeRunDependency', statement)({ unusedWorkers: [] }, (d: string) => removed.push(d));
      expect(removed).toEqual(['wasm-instantiate']);
      new Function('PThread', 'removeRunDependency', statement)({ unusedWorkers: [{}] }, (d: string) => removed.push(d));
      expect(removed, 'with a pthread to load, the wait stays').toEqual(['wasm-instantiate']);
    });

    it('refuses a file whose pool it does not recognise', () => {
      expect(() => poolThatPays(source.replace('var pthreadPoolSize=8;', 'var pthreadPoolSize=4;'))).toThrow(/pthreadPoolSize/);
    });
  });
});
