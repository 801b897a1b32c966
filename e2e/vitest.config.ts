import { defineConfig } from 'vitest/config';

// Every browser test file starts its own server on a copy of the demo data folder, on a port of its own,
// with no MQTT broker and no simulators (e2e/harness.ts), and its own Chromium: files share nothing, so
// two run side by side. Much of a browser test is waiting on the page, the server or a timer of the app
// (the driver's 15 s GPS round), which the other file's work fills. E2E_WORKERS=1 runs them one by one.
const workers = Number(process.env.E2E_WORKERS ?? 2);

export default defineConfig({
  test: {
    root: '.',
    include: ['e2e/**/*.e2e.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: workers > 1,
    maxWorkers: workers,
    pool: 'forks',
  },
});
