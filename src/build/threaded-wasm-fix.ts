/**
 * A Vite plugin that keeps tfjs-backend-wasm's threaded build working after minification, and
 * starts only the pthread workers that tfjs will use.
 *
 * tfjs starts each pthread worker from `WasmBackendModuleThreadedSimd.toString()`: the source text
 * of the factory function, evaluated again inside the pthread. That factory reads `_scriptDir`, a
 * variable of its enclosing closure, behind a `typeof _scriptDir !== "undefined"` guard. Unminified,
 * the pthread's copy finds no `_scriptDir` and the guard holds. Minified, the variable is renamed
 * and the guard folded away (the minifier can see it is always declared), so the copy references an
 * unknown name and every pthread dies with `ReferenceError: e is not defined`; the backend then
 * never finishes starting. Declaring `_scriptDir` inside the factory makes the copy self-contained.
 *
 * The pool: tfjs 4.22's build pre-starts 8 pthread workers (Emscripten's PTHREAD_POOL_SIZE) and
 * its start waits until every one has loaded the module, yet XNNPACK's pool uses at most
 * ⌊hardwareConcurrency / 2⌋ threads (`init_with_threads_count`, capped at 8), the calling thread
 * being one of them. On a 2-core machine that is 1 thread: 8 workers for none. They cost 200–300 ms
 * of the start in Chromium and Firefox alike, and Firefox 153 blocked the lab worker for good inside
 * `new Worker()` for one of them in 5 of 8 starts (1 of 8 with one pthread, 0 of 8 with none):
 * see bench/README.md, "Starting the threaded build". So the pool is sized to the pthreads XNNPACK
 * will ask for, possibly none, and a start with no pthread to load no longer waits for one forever.
 */
import type { Plugin } from 'vite';

const TARGET = /tfjs-backend-wasm-threaded-simd\.js$/;
const FACTORY_START = 'function(WasmBackendModuleThreadedSimd) {';
const DECLARATION =
  "var _scriptDir = typeof document !== 'undefined' && document.currentScript ? document.currentScript.src : undefined;";

/** Adds the declaration as the factory's first statement; throws if tfjs's file no longer looks as expected. */
export function declareScriptDirInFactory(code: string): string {
  const at = code.indexOf(FACTORY_START);
  if (at < 0) throw new Error('threaded-wasm-fix: the factory of tfjs-backend-wasm-threaded-simd.js was not found; re-check the fix for this tfjs version');
  const end = at + FACTORY_START.length;
  return `${code.slice(0, end)}\n${DECLARATION}${code.slice(end)}`;
}

/** Emscripten's fixed pool, and what replaces it: the pthreads XNNPACK's pool will start (itself being thread 0). */
const POOL = 'var pthreadPoolSize=8;';
const POOL_THAT_PAYS = 'var pthreadPoolSize=Math.max(0,Math.min(8,Math.floor((navigator.hardwareConcurrency||1)/2))-1);';
/** Emscripten's start removes its last run dependency when the last pool worker has loaded: with no worker, at once. */
const WAIT_FOR_POOL = 'var numWorkersToLoad=PThread.unusedWorkers.length;';
const NO_POOL_NO_WAIT = `${WAIT_FOR_POOL}if(!numWorkersToLoad)removeRunDependency("wasm-instantiate");`;

/** Sizes the pthread pool to what XNNPACK uses; throws if tfjs's file no longer looks as expected. */
export function poolThatPays(code: string): string {
  for (const expected of [POOL, WAIT_FOR_POOL]) {
    if (code.split(expected).length !== 2) throw new Error(`threaded-wasm-fix: '${expected}' is not in tfjs-backend-wasm-threaded-simd.js exactly once; re-check the pool fix for this tfjs version`);
  }
  return code.replace(POOL, POOL_THAT_PAYS).replace(WAIT_FOR_POOL, NO_POOL_NO_WAIT);
}

export function threadedWasmFix(): Plugin {
  return {
    name: 'threaded-wasm-fix',
    enforce: 'pre',
    transform(code, id) {
      if (!TARGET.test(id.split('?')[0] ?? id)) return null;
      return { code: poolThatPays(declareScriptDirInFactory(code)), map: null };
    },
  };
}
