import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startServerPool } from './server-pool.ts';

const root = path.resolve(import.meta.dirname, '..');

declare module 'vitest' {
  export interface ProvidedContext {
    /** A data folder holding the migrated demo, made once per run; each server starts from a copy. */
    demoDataDir: string;
    /** The pool that starts each file's server, one ahead (e2e/server-pool.ts). */
    serverPoolUrl: string;
  }
}

/**
 * Once per run: builds the web app if it is missing and loads the demo into a data folder with
 * `ranan seed --demo`, as a first `npm start` would. Every browser test's server then starts from a
 * copy of that folder (a copy takes under a second; seeding takes 15–80 s depending on the machine's load),
 * started by the pool kept here, one ahead of the file that takes it (e2e/server-pool.ts).
 */
export default async function setup(project: TestProject) {
  if (!fs.existsSync(path.join(root, 'dist/web/index.html'))) {
    const build = spawnSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build'], {
      cwd: root,
      stdio: 'inherit',
    });
    if (build.status !== 0) throw new Error('web build failed');
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ranan-e2e-demo-'));
  const seed = spawnSync(process.execPath, [path.join(root, 'bin/ranan.js'), 'seed', '--demo'], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', RANAN_DEMO: '1', LOG_LEVEL: 'warn' },
    encoding: 'utf8',
  });
  if (seed.status !== 0) throw new Error(`demo seed failed: ${seed.stdout}${seed.stderr}`);
  project.provide('demoDataDir', dataDir);
  const pool = await startServerPool(dataDir);
  project.provide('serverPoolUrl', pool.url);
  return async () => {
    await pool.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
