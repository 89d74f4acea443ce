import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { declareScriptDirInFactory } from './threaded-wasm-fix';

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
});
