/**
 * A Vite plugin that keeps tfjs-backend-wasm's threaded build working after minification.
 *
 * tfjs starts each pthread worker from `WasmBackendModuleThreadedSimd.toString()`: the source text
 * of the factory function, evaluated again inside the pthread. That factory reads `_scriptDir`, a
 * variable of its enclosing closure, behind a `typeof _scriptDir !== "undefined"` guard. Unminified,
 * the pthread's copy finds no `_scriptDir` and the guard holds. Minified, the variable is renamed
 * and the guard folded away (the minifier can see it is always declared), so the copy references an
 * unknown name and every pthread dies with `ReferenceError: e is not defined`; the backend then
 * never finishes starting. Declaring `_scriptDir` inside the factory makes the copy self-contained.
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

export function threadedWasmFix(): Plugin {
  return {
    name: 'threaded-wasm-fix',
    enforce: 'pre',
    transform(code, id) {
      if (!TARGET.test(id.split('?')[0] ?? id)) return null;
      return { code: declareScriptDirInFactory(code), map: null };
    },
  };
}
