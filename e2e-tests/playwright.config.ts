import { defineConfig } from '@playwright/test';

// Runs against a portal already started with `npm start` (see .ci/run), in Debian's Chromium:
// Playwright's own browser download is not reachable on these machines.
export default defineConfig({
  testDir: './tests',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  retries: process.env.CI ? 1 : 0,
  reporter: [
    ['list'],
    ['json', { outputFile: '../.meshport/e2e-results.json' }],
  ],
  outputDir: '../.meshport/e2e-output',
  use: {
    baseURL: process.env.MESHPORT_APP_URL ?? 'http://localhost:3000',
    screenshot: 'on',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run',
      ],
    },
  },
});
