import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'domain/**/*.test.ts', 'test/**/*.test.ts', 'web/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Migrates and seeds the organisation once per run; each database test file starts from it.
    globalSetup: ['test/global-setup.ts'],
    // One audit key for the run (the snapshots' seeded entries are keyed with it).
    setupFiles: ['test/audit-key.setup.ts'],
  },
});
