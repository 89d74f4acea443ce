// Mutation testing (npm run mutate; issue 20): StrykerJS changes the code a little at a time and
// runs the unit tests that cover each change; a change no test notices is a "survivor". Scoped to
// the pure code: the lab (engine, studies, reading, settings), the figures' shared logic and words,
// and what runs at build time. Not part of `npm test` (an hour or more on 2 cores). The score and
// the survivors kept on purpose are recorded in MUTATION.md.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.config.ts' },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.stryker.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  mutate: [
    'src/lab/**/*.ts',
    'src/figures/shared/{retrain,offscreen,kit,shell,claim}.ts',
    'src/figures/knobs/{knobs,knob-text,problem-text}.ts',
    'src/figures/*/*-text.ts',
    'src/figures/{embeds,registry}.ts',
    'src/build/*.ts',
    '!**/*.test.ts',
    // Build-time wiring with no logic of its own: it trains and caches, what it calls is in scope.
    '!src/build/bake.ts',
  ],
  ignoreStatic: true,
  coverageAnalysis: 'perTest',
  concurrency: 2,
  timeoutMS: 60_000,
  incremental: true,
  incrementalFile: 'bench/mutation/incremental.json',
  reporters: ['html', 'json', 'clear-text', 'progress'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 85, low: 70, break: null },
  // The sandbox copies the project: not the fetched Node, builds, browsers' output or old reports.
  ignorePatterns: ['.cache', 'dist', 'dist-subpath', '.astro', 'bench/tmp', 'bench/results.json', 'test-results', 'playwright-report', 'reports'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
