import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../server/db/client.ts';
import { systemActor } from '../server/platform/access.ts';
import { canonicalJson, recordAudit, verifyAuditChain } from '../server/platform/audit/audit.ts';
import { createTestDatabase } from './db.ts';
import type { Database } from '../server/db/client.ts';

const run = promisify(execFile);

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

async function appendEvents(n: number) {
  for (let i = 0; i < n; i++) {
    await database.db.transaction((tx) =>
      recordAudit(tx, {
        actor: systemActor,
        action: 'test.event',
        subject: { type: 'test', id: String(i) },
        details: { i, z: 'last', a: { b: 1, a: 2 } },
      }),
    );
  }
}

async function freshChain(n: number) {
  await database.db.execute(sql`truncate audit_events restart identity`);
  await appendEvents(n);
}

describe('audit trail', () => {
  it('hashes canonical JSON, so key order does not matter', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe(canonicalJson({ a: { c: 3, d: 2 }, b: 1 }));
  });

  it('verifies an intact chain', async () => {
    await freshChain(5);
    expect(await verifyAuditChain(database.db)).toEqual({ ok: true, entries: 5 });
  });

  it('names an altered entry', async () => {
    await freshChain(5);
    await database.db.execute(sql`update audit_events set actor_name = 'someone else' where seq = 3`);
    expect(await verifyAuditChain(database.db)).toMatchObject({ ok: false, seq: 3, reason: 'content_altered' });
  });

  it('names the entry after a deleted one', async () => {
    await freshChain(5);
    await database.db.execute(sql`delete from audit_events where seq = 2`);
    expect(await verifyAuditChain(database.db)).toMatchObject({ ok: false, seq: 3, reason: 'chain_broken' });
  });

  it('detects reordered entries', async () => {
    await freshChain(4);
    await database.db.execute(sql`update audit_events set seq = 100 where seq = 2`);
    await database.db.execute(sql`update audit_events set seq = 2 where seq = 3`);
    await database.db.execute(sql`update audit_events set seq = 3 where seq = 100`);
    expect(await verifyAuditChain(database.db)).toMatchObject({ ok: false, seq: 2, reason: 'chain_broken' });
  });

  it('detects an altered hash even when the content is untouched', async () => {
    await freshChain(3);
    await database.db.execute(sql`update audit_events set hash = repeat('a', 64) where seq = 3`);
    expect(await verifyAuditChain(database.db)).toMatchObject({ ok: false, seq: 3, reason: 'content_altered' });
  });

  it('rolls the audit entry back with the change it records', async () => {
    await freshChain(1);
    await expect(
      database.db.transaction(async (tx) => {
        await recordAudit(tx, { actor: systemActor, action: 'test.event', subject: { type: 'test' } });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await verifyAuditChain(database.db)).toEqual({ ok: true, entries: 1 });
  });
});

describe('ranan audit verify (command line)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ranan-audit-'));
  const cli = path.resolve(import.meta.dirname, '../bin/ranan.js');
  const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' };
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('passes on a seeded database and fails naming the entry altered in the database', async () => {
    await run(process.execPath, [cli, 'seed'], { env });
    const ok = await run(process.execPath, [cli, 'audit', 'verify'], { env });
    expect(ok.stdout).toMatch(/Audit trail intact: \d+ entries/);

    const db = await openDatabase({ dataDir });
    await db.db.execute(
      sql`update audit_events set details = '{"tasks": 99}'::jsonb where action = 'seed.organisation'`,
    );
    const result = (await db.db.execute(
      sql`select seq from audit_events where action = 'seed.organisation'`,
    )) as unknown as {
      rows: { seq: number }[];
    };
    const [row] = result.rows;
    await db.close();

    const failed = await run(process.execPath, [cli, 'audit', 'verify'], { env }).then(
      () => null,
      (err: { code: number; stdout: string }) => err,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stdout).toContain(`AUDIT TRAIL BROKEN at entry ${row!.seq}`);
  }, 120_000);
});
