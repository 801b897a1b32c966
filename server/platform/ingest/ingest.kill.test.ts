import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresTestDatabaseFromSnapshot, fillTestDataDir } from '../../../test/db.ts';
import { createTestReadingsTable } from '../../../test/ingest-stream.ts';
import { type Database, openDatabase } from '../../db/client.ts';

const root = path.resolve(import.meta.dirname, '../../..');

/** A database the child can open by itself: a new PostgreSQL database (TEST_DATABASE_URL) or a PGlite directory. */
async function childDatabase(): Promise<{ target: string; open(): Promise<Database>; drop(): Promise<void> }> {
  if (process.env.TEST_DATABASE_URL) {
    // Migrated: a copy of the run's template (test/db.ts).
    const created = await createPostgresTestDatabaseFromSnapshot();
    return { target: created.url, open: () => openDatabase({ databaseUrl: created.url }), drop: created.drop };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ranan-kill-'));
  await fillTestDataDir(dir);
  return {
    target: `pglite:${dir}`,
    open: () => openDatabase({ dataDir: dir }),
    drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

// On PostgreSQL only (the CI leg with TEST_DATABASE_URL): a PGlite directory passes too but takes two minutes
// to migrate and open twice, which the suite cannot afford.
describe.skipIf(!process.env.TEST_DATABASE_URL)('ingest under kill -9', () => {
  let db: Awaited<ReturnType<typeof childDatabase>> | undefined;
  afterAll(() => db?.drop());

  it('loses no acknowledged row when the process is killed mid-stream', { timeout: 180_000 }, async () => {
    db = await childDatabase();
    const setup = await db.open();
    await createTestReadingsTable(setup.db);
    await setup.close();

    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'test/ingest-child.ts'), db.target], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acks: { sensor: string; from: number; to: number }[] = [];
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += String(d);
    });
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
      child.on('exit', (code, signal) => resolve(signal ?? code)),
    );
    let buffered = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        buffered += String(d);
        const lines = buffered.split('\n');
        buffered = lines.pop()!;
        for (const line of lines) {
          const m = /^ack (\S+) (\d+) (\d+)$/.exec(line);
          if (m) acks.push({ sensor: m[1]!, from: Number(m[2]), to: Number(m[3]) });
        }
        // Killed while requests are in flight, after enough acknowledgements to mean something.
        if (acks.length >= 40 && child.exitCode === null && !child.killed) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', () => reject(new Error(`child exited early: ${stderr}`)));
    }).catch((err: unknown) => {
      if (!child.killed) throw err;
    });
    expect(await exited).toBe('SIGKILL');

    const after = await db.open();
    try {
      const rows = (await after.db.execute(
        sql`select sensor, (extract(epoch from at - timestamptz '2026-01-01T00:00:00Z'))::int as i from test_ingest_readings`,
      )) as unknown as { rows: { sensor: string; i: number }[] };
      const stored = new Set(rows.rows.map((r) => `${r.sensor}/${r.i}`));
      const missing: string[] = [];
      for (const a of acks)
        for (let i = a.from; i <= a.to; i++) if (!stored.has(`${a.sensor}/${i}`)) missing.push(`${a.sensor}/${i}`);
      expect(acks.length).toBeGreaterThanOrEqual(40);
      expect(missing).toEqual([]);
      // Acknowledged rows are all there; some rows were stored without their acknowledgement reaching us (in flight).
      expect(stored.size).toBeGreaterThanOrEqual(acks.length * 50);
    } finally {
      await after.close();
    }
  });
});
