import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The `@/` of tsconfig.json's paths, for tests of modules that import the page's side (src/figures, src/charts).
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  test: {
    // bench/: the plain reference loop's proof that it computes train()'s trace.
    include: ['src/**/*.test.ts', 'bench/**/*.test.ts'],
    environment: 'node',
    // One wasm backend per process is plenty; tests in a file share it.
    pool: 'forks',
    testTimeout: 60_000,
    // A stray `.only` fails the run on every machine, not only where CI is set (Vitest's default).
    allowOnly: false,
  },
});
