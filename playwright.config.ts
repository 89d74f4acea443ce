import { existsSync } from 'node:fs';
import { chromium, defineConfig, devices } from '@playwright/test';

/**
 * End-to-end tests run against the production build (`astro build`, then `astro preview`).
 * The browser: $CHROMIUM_PATH, else Debian's /usr/bin/chromium, else Playwright's own Chromium
 * (where `npx playwright install chromium` has fetched it).
 */
const PORT = Number(process.env.E2E_PORT ?? 4329);
const systemChromium = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
if (!systemChromium && !existsSync(chromium.executablePath())) {
  throw new Error(
    'No Chromium for the end-to-end tests. Install one of: Debian/Ubuntu `apt-get install chromium`; ' +
      "Playwright's own `npx playwright install chromium`; or point CHROMIUM_PATH at a Chromium or Chrome binary.",
  );
}

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  // A stray `.only` fails the run on every machine, not only on CI.
  forbidOnly: true,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 20_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${PORT}`,
    ...devices['Desktop Chrome'],
    viewport: { width: 1280, height: 900 },
    launchOptions: {
      ...(systemChromium ? { executablePath: systemChromium } : {}),
      args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
  },
  webServer: {
    command: `scripts/node.sh astro preview --port ${PORT} --host localhost`,
    url: `http://localhost:${PORT}/zh-tw/`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
