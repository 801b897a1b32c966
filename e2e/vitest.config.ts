import { defineConfig } from 'vitest/config';

// Every browser test file has its own server on a copy of the demo data folder, on a port of its own, with
// no MQTT broker and no simulators (started one file ahead by the global setup's pool, e2e/server-pool.ts),
// and its own Chromium: files share nothing, so E2E_WORKERS=2 runs two side by side. One by one stays the
// default: tried with two on this 2-core machine under a load average of ~32 (other sessions), every server
// missed the 120 s start deadline.
const workers = Number(process.env.E2E_WORKERS ?? 1);

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
