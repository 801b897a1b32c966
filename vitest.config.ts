import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Test files of domain/ and web/ that cannot share a module graph with the others: vi.mock replaces a
 * module for the whole graph, and a non-isolated worker keeps the graph (and its mocks) between files.
 */
const needIsolation = ['web/modules/inspections/offline/ownership.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // One audit key for the run (the snapshots' seeded entries are keyed with it).
    setupFiles: ['test/audit-key.setup.ts'],
    projects: [
      {
        // Pure unit tests (no database, no server): one worker thread runs them one after the other in
        // one module graph instead of a new process importing the same modules again per file (issue 8:
        // 0.27x the time and CPU, bench/README.md "Test suite time"). Safe because these files restore
        // what they change (fetch, timers; vi.restoreAllMocks runs after each file) and the ones with
        // vi.mock are listed in needIsolation.
        extends: true,
        test: {
          name: 'unit',
          include: ['domain/**/*.test.ts', 'web/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...needIsolation],
          pool: 'threads',
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'server',
          include: ['server/**/*.test.ts', 'test/**/*.test.ts', ...needIsolation],
          pool: 'forks',
          // Not isolated either (issue 8): one process runs the files one after the other and imports the
          // server once, instead of a new process importing it again per file (about 4 s a file). Each file still
          // has a database of its own (test/db.ts) and closes it with its app; what the modules keep between
          // files is keyed by connection, session or statement text, never by a test's data. The run on the
          // embedded database: import 30 s in all instead of about 4 s a file (bench/README.md "Test suite time").
          isolate: false,
          // Migrates and seeds the organisation once per run; each database test file starts from it.
          globalSetup: ['test/global-setup.ts'],
        },
      },
    ],
  },
});
