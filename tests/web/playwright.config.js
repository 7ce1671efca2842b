// Browser tests against a served dbbridge (tests/web/run.sh starts it and sets DBBRIDGE_WEB_URL).
// Debian's chromium, never a downloaded browser; one worker: the tests share one host and database.
import { defineConfig } from '@playwright/test';

const out = process.env.DBBRIDGE_WEB_OUT || 'test-results';

export default defineConfig({
  testDir: './specs',
  outputDir: `${out}/playwright`,
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 20_000 },
  reporter: [['list']],
  use: {
    baseURL: process.env.DBBRIDGE_WEB_URL,
    headless: true,
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'UTC',
    actionTimeout: 15_000,
    launchOptions: { executablePath: process.env.DBBRIDGE_CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] },
  },
});
