import { defineConfig } from '@playwright/test';

/**
 * The engine suite (`npm run e2e:engines`, e2e-engines/): Firefox and WebKit, driven by their own
 * clients (e2e-engines/drivers.ts), against the production build served by `astro preview`.
 * Playwright here is the test runner and the preview server, not the browser driver.
 */
// Its own port (the Chromium suite uses E2E_PORT and the two above it); e2e-engines/engines.spec.ts reads the same.
const PORT = Number(process.env.ENGINES_PORT ?? 4339);

export default defineConfig({
  testDir: 'e2e-engines',
  outputDir: 'test-results/engines',
  forbidOnly: true,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 20_000 },
  reporter: [['list']],
  webServer: {
    command: `scripts/node.sh astro preview --port ${PORT} --host localhost`,
    url: `http://localhost:${PORT}/zh-tw/`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
