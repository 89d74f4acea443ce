/**
 * Where a worker finds tfjs's three .wasm binaries: on our own origin, as Vite emitted them (never a
 * CDN). Shared by the lab worker and the bench's worker.
 */
/// <reference lib="webworker" />
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { WasmBinary } from '@/lab/engine/backend';

export function wasmPaths(base: string): Record<WasmBinary, string> {
  const absolute = (url: string) => new URL(url, base).href;
  return {
    'tfjs-backend-wasm.wasm': absolute(wasmPlain),
    'tfjs-backend-wasm-simd.wasm': absolute(wasmSimd),
    'tfjs-backend-wasm-threaded-simd.wasm': absolute(wasmThreaded),
  };
}
