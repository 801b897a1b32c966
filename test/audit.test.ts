import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../server/db/client.ts';
import { systemActor } from '../server/platform/access.ts';
import {
  batchDigest,
  canonicalJson,
  configureAudit,
  loadAuditKey,
  recordAudit,
  recordAuditEntry,
  recordBatchAudit,
  sealAuditChain,
  sha256,
  verifyAuditChain,
  writeCheckpoint,
} from '../server/platform/audit/audit.ts';
import { legacyHash } from '../server/platform/audit/audit-entry.ts';
import { auditKey } from '../server/platform/audit/audit-key.ts';
import { auditEventsTable } from '../server/platform/audit/audit.table.ts';
import { runRanan } from './cli.ts';
import { TEST_AUDIT_KEY } from './audit-key.setup.ts';
import { createTestDatabase, fillTestDataDir } from './db.ts';
import type { Database } from '../server/db/client.ts';

const run = promisify(execFile);

let database: Database;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ranan-audit-'));
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const db = () => database.db;
const exec = (q: ReturnType<typeof sql>) => db().execute(q);

function event(i: number) {
  return {
    actor: systemActor,
    action: 'test.event',
    subject: { type: 'test', id: String(i) },
    details: { i, z: 'last', a: { b: 1, a: 2 } },
  };
}

async function appendEvents(n: number, from = 1) {
  for (let i = from; i < from + n; i++) await db().transaction((tx) => recordAudit(tx, event(i)));
}

async function freshChain(n: number) {
  await exec(sql`truncate audit_events, audit_seals restart identity`);
  await appendEvents(n);
}

const seal = () => sealAuditChain(db(), { checkpointFile: null });
const verify = (opts: Parameters<typeof verifyAuditChain>[1] = {}) =>
  verifyAuditChain(db(), { checkpointFile: null, seal: false, ...opts });

/** Copies of rows as the table holds them, for hand-made (forged) inserts. */
async function row(seq: number) {
  const result = (await exec(sql`select * from audit_events where seq = ${seq}`)) as unknown as {
    rows: Record<string, unknown>[];
  };
  return result.rows[0]!;
}

describe('audit trail', () => {
  it('hashes canonical JSON, so key order does not matter', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe(canonicalJson({ a: { c: 3, d: 2 }, b: 1 }));
  });

  it('verifies entries before and after they are sealed', async () => {
    await freshChain(5);
    expect(await verify()).toMatchObject({ ok: true, entries: 5, sealed: 0, unsealed: 5, blocks: 0 });
    expect(await seal()).toMatchObject({ sealed: 5, block: 1, toSeq: 5, total: 5 });
    await appendEvents(2, 6);
    expect(await seal()).toMatchObject({ sealed: 2, block: 2, toSeq: 7, total: 7 });
    expect(await seal()).toMatchObject({ sealed: 0, block: 2 });
    expect(await verify()).toMatchObject({ ok: true, entries: 7, sealed: 7, unsealed: 0, blocks: 2 });
  });

  it('names an altered entry, sealed or not', async () => {
    await freshChain(5);
    await seal();
    await appendEvents(1, 6);
    await exec(sql`update audit_events set actor_name = 'someone else' where seq = 3`);
    expect(await verify()).toMatchObject({ ok: false, seq: 3, reason: 'content_altered' });
    await exec(sql`update audit_events set actor_name = ${systemActor.name} where seq = 3`);
    expect((await verify()).ok).toBe(true);
    await exec(sql`update audit_events set details = '{"i": 99}'::jsonb where seq = 6`);
    expect(await verify()).toMatchObject({ ok: false, seq: 6, reason: 'content_altered' });
  });

  it('detects an altered hash even when the content is untouched', async () => {
    await freshChain(3);
    await seal();
    await exec(sql`update audit_events set hash = repeat('a', 64) where seq = 3`);
    expect(await verify()).toMatchObject({ ok: false, seq: 3, reason: 'content_altered' });
  });

  it('names a deleted entry, in the middle or the newest', async () => {
    await freshChain(5);
    await seal();
    await exec(sql`delete from audit_events where seq = 2`);
    expect(await verify()).toMatchObject({ ok: false, seq: 2, reason: 'entry_deleted' });

    await freshChain(5);
    await seal();
    await exec(sql`delete from audit_events where seq >= 4`);
    expect(await verify()).toMatchObject({ ok: false, seq: 4, reason: 'entry_deleted' });
  });

  it('detects reordered entries: the seal binds each entry to its seq', async () => {
    await freshChain(4);
    await seal();
    await exec(sql`update audit_events set seq = 100 where seq = 2`);
    await exec(sql`update audit_events set seq = 2 where seq = 3`);
    await exec(sql`update audit_events set seq = 3 where seq = 100`);
    expect(await verify()).toMatchObject({ ok: false, seq: 1, reason: 'seal_altered' });
  });

  it('names a copy of an entry put in again under another seq', async () => {
    await freshChain(3);
    await seal();
    await exec(sql`insert into audit_events select * from json_populate_record(null::audit_events,
      (select to_json(r)::jsonb || '{"seq": 10}'::jsonb from audit_events r where seq = 2)::json)`);
    expect(await verify()).toMatchObject({ ok: false, seq: 10, reason: 'entry_inserted' });
  });

  it('skips the gap a rolled-back entry leaves, and names an entry inserted into it later', async () => {
    await freshChain(2);
    await expect(
      db().transaction(async (tx) => {
        await recordAuditEntry(tx, event(3)); // at once, so the rolled-back entry leaves a gap in the seqs
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    await appendEvents(2, 4);
    expect(await seal()).toMatchObject({ sealed: 4, toSeq: 5 });
    expect(await verify()).toMatchObject({ ok: true, entries: 4 });

    // A perfect entry (its hash made with the key) put into the sealed range afterwards.
    const r = await row(2);
    const content = { ...r, seq: 3, nonce: 'f'.repeat(32) };
    await exec(
      sql`insert into audit_events select * from json_populate_record(null::audit_events, ${JSON.stringify(content)}::json)`,
    );
    const [inserted] = await db().select().from(auditEventsTable).where(sql`seq = 3`);
    const { entryMac, contentOf } = await import('../server/platform/audit/audit-entry.ts');
    await exec(sql`update audit_events set hash = ${entryMac(auditKey(), contentOf(inserted!))} where seq = 3`);
    expect(await verify()).toMatchObject({ ok: false, seq: 3, reason: 'entry_inserted' });
  });

  it('refuses an appended entry whose hash was recomputed without the key', async () => {
    await freshChain(3);
    await seal();
    const r = await row(3);
    const forged = {
      seq: 4,
      at: new Date().toISOString(),
      actorType: 'system' as const,
      actorId: null,
      actorName: 'forger',
      action: 'hazard.close',
      subjectType: 'hazard',
      subjectId: 'x',
      regionId: null,
      beforeDigest: null,
      afterDigest: null,
      details: null,
      ip: null,
      requestId: null,
    };
    // A plain SHA-256 over the canonical content, as the trail used to be hashed.
    await exec(sql`insert into audit_events (seq, at, actor_type, actor_name, action, subject_type, subject_id, hash)
      values (4, ${forged.at}, 'system', 'forger', 'hazard.close', 'hazard', 'x', ${sha256(canonicalJson(forged))})`);
    expect(await verify()).toMatchObject({ ok: false, seq: 4, reason: 'content_altered' });

    // Posing as an entry of the old, unkeyed format that chains to the one before.
    await exec(sql`delete from audit_events where seq = 4`);
    const { seq: _s, ...old } = forged;
    const prevHash = r.hash as string;
    await exec(sql`insert into audit_events (seq, at, actor_type, actor_name, action, subject_type, subject_id, prev_hash, hash)
      values (4, ${forged.at}, 'system', 'forger', 'hazard.close', 'hazard', 'x', ${prevHash}, ${legacyHash({ ...old, prevHash })})`);
    expect(await verify()).toMatchObject({ ok: false, seq: 4, reason: 'chain_broken' });
  });

  it('reports entries left unsealed longer than the bound', async () => {
    await freshChain(3);
    await seal();
    await appendEvents(2, 4);
    expect((await verify()).ok).toBe(true);
    const later = new Date(Date.now() + 120_000);
    expect(await verify({ now: later })).toMatchObject({ ok: false, seq: 4, reason: 'unsealed' });
    expect(await verify({ now: later, seal: true })).toMatchObject({ ok: true, unsealed: 0 });
  });

  it('notices a changed key and a rewritten seal', async () => {
    await freshChain(3);
    await seal();
    expect(await verify({ key: randomBytes(32) })).toMatchObject({ ok: false, reason: 'key_mismatch' });
    await exec(sql`update audit_seals set head = repeat('b', 64)`);
    expect(await verify()).toMatchObject({ ok: false, seq: 1, reason: 'seal_altered' });
  });

  it('checks the trail against the last checkpoint: newest entries deleted, table truncated', async () => {
    const file = path.join(tmp, 'checkpoints.log');
    await freshChain(3);
    await writeCheckpoint(db(), { file });
    await appendEvents(2, 4);
    await sealAuditChain(db(), { checkpointFile: file, checkpointEveryMs: 0 });
    expect(await verify({ checkpointFile: file })).toMatchObject({ ok: true, checkpoint: { block: 2 } });

    // The newest entries and their seal removed together: only the checkpoint can tell.
    await exec(sql`delete from audit_events where seq >= 4`);
    await exec(sql`delete from audit_seals where block = 2`);
    expect(await verify()).toMatchObject({ ok: true });
    expect(await verify({ checkpointFile: file })).toMatchObject({ ok: false, reason: 'checkpoint_mismatch' });

    await exec(sql`truncate audit_events, audit_seals`);
    expect(await verify()).toMatchObject({ ok: true, entries: 0 });
    expect(await verify({ checkpointFile: file })).toMatchObject({ ok: false, reason: 'checkpoint_mismatch' });

    // A forged last line (no valid signature) is reported too.
    fs.appendFileSync(
      file,
      `${JSON.stringify({ kind: 'reset', block: 0, toSeq: 0, entries: 0, head: '0', at: 'x', keyId: 'y', mac: 'z' })}\n`,
    );
    expect(await verify({ checkpointFile: file })).toMatchObject({ ok: false, reason: 'checkpoint_mismatch' });

    // After a restore the operator records the head the trail was taken back to.
    await writeCheckpoint(db(), { file, kind: 'reset' });
    expect(await verify({ checkpointFile: file })).toMatchObject({ ok: true, checkpoint: { block: 0 } });
  });

  it('keeps verifying entries written before the sealer existed, and seals them with the key', async () => {
    await exec(sql`truncate audit_events, audit_seals restart identity`);
    // Three entries in the old format: plain SHA-256, each chained to the one before by its writer.
    let prevHash = '0'.repeat(64);
    for (let i = 1; i <= 3; i++) {
      const content = {
        at: new Date(Date.now() - 86_400_000 + i).toISOString(),
        actorType: 'system' as const,
        actorId: null,
        actorName: '系统',
        action: 'old.event',
        subjectType: 'test',
        subjectId: String(i),
        regionId: null,
        beforeDigest: null,
        afterDigest: null,
        details: { i },
        ip: null,
        requestId: null,
        prevHash,
      };
      const hash = legacyHash(content);
      await exec(sql`insert into audit_events (at, actor_type, actor_name, action, subject_type, subject_id, details, prev_hash, hash)
        values (${content.at}, 'system', '系统', 'old.event', 'test', ${String(i)}, ${JSON.stringify({ i })}::jsonb, ${prevHash}, ${hash})`);
      prevHash = hash;
    }
    await appendEvents(2, 4);
    expect(await verify({ seal: true })).toMatchObject({ ok: true, entries: 5, sealed: 5 });

    await exec(sql`update audit_events set details = '{"i": 7}'::jsonb where seq = 2`);
    expect(await verify()).toMatchObject({ ok: false, seq: 2, reason: 'content_altered' });
    await exec(sql`update audit_events set details = '{"i": 2}'::jsonb where seq = 2`);
    await exec(sql`delete from audit_events where seq = 2`);
    expect(await verify()).toMatchObject({ ok: false, seq: 2, reason: 'entry_deleted' });
  });

  it('rolls the audit entry back with the change it records', async () => {
    await freshChain(1);
    await expect(
      db().transaction(async (tx) => {
        await recordAudit(tx, { actor: systemActor, action: 'test.event', subject: { type: 'test' } });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await verify({ seal: true })).toMatchObject({ ok: true, entries: 1 });
  });

  it('records a committed batch as one entry with the count and digest of its rows', async () => {
    await freshChain(0);
    const rows = [
      { meter: 'M-1', at: '2026-12-01T00:00:00Z', ppm: 12 },
      { meter: 'M-2', at: '2026-12-01T00:00:00Z', ppm: 3 },
    ];
    await db().transaction((tx) =>
      recordBatchAudit(tx, {
        actor: systemActor,
        action: 'reading.ingest',
        subject: { type: 'reading_batch', id: 'b-1' },
        rows,
        order: 'meter, at',
      }),
    );
    const found = (await exec(sql`select seq from audit_events where subject_id = 'b-1'`)) as unknown as {
      rows: { seq: string }[];
    };
    const entry = await row(Number(found.rows[0]!.seq));
    expect(entry.details).toEqual({ batch: { count: 2, digest: batchDigest(rows), order: 'meter, at' } });
    expect(batchDigest([rows[0], { ...rows[1]!, ppm: 4 }])).not.toBe(batchDigest(rows));
    expect(batchDigest([rows[1], rows[0]])).not.toBe(batchDigest(rows));
    expect(await verify({ seal: true })).toMatchObject({ ok: true, entries: 1 });
  });
});

describe.runIf(process.env.TEST_DATABASE_URL)('sealing next to running transactions (PostgreSQL)', () => {
  beforeEach(() => exec(sql`truncate audit_events, audit_seals restart identity`));

  it('waits for a transaction holding a lower seq, then seals both in seq order', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    let started!: () => void;
    const hasSeq = new Promise<void>((r) => {
      started = r;
    });
    const slow = db().transaction(async (tx) => {
      await recordAuditEntry(tx, event(1));
      started();
      await held;
    });
    await hasSeq;
    await appendEvents(1, 2); // seq 2 commits first
    expect(await sealAuditChain(db(), { checkpointFile: null, waitMs: 100 })).toMatchObject({
      sealed: 0,
      skipped: 'waiting',
    });
    release();
    await slow;
    expect(await seal()).toMatchObject({ sealed: 2, toSeq: 2 });
    expect(await verify()).toMatchObject({ ok: true, sealed: 2 });
  });

  it('lets one of two concurrent sealers seal', async () => {
    await appendEvents(20);
    const results = await Promise.all([seal(), seal(), seal()]);
    expect(results.reduce((n, r) => n + r.sealed, 0)).toBe(20);
    expect(await verify()).toMatchObject({ ok: true, sealed: 20 });
  });

  it('writes 50 entries at once without a lock and seals them all', async () => {
    await Promise.all(Array.from({ length: 50 }, (_, i) => db().transaction((tx) => recordAudit(tx, event(i)))));
    await seal();
    expect(await verify()).toMatchObject({ ok: true, entries: 50, sealed: 50 });
  });
});

describe('the audit key', () => {
  it('is created once, readable only by its owner, and never created by a check', () => {
    const keyFile = path.join(tmp, 'k', 'audit.key');
    expect(() => loadAuditKey({ keyFile, checkpointFile: null }, { create: false })).toThrow(/No audit key/);
    const key = loadAuditKey({ keyFile, checkpointFile: null }, { create: true });
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(loadAuditKey({ keyFile, checkpointFile: null }, { create: true }).equals(key)).toBe(true);
    expect(() => loadAuditKey({ key: 'short', keyFile, checkpointFile: null }, { create: false })).toThrow();
  });
});

// The command works on the embedded database in DATA_DIR whatever the run's database: the PostgreSQL run would
// repeat it unchanged, so it runs in the PGlite run only.
describe.skipIf(process.env.TEST_DATABASE_URL)('ranan audit verify (command line)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ranan-audit-'));
  const cli = path.resolve(import.meta.dirname, '../bin/ranan.js');
  const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' };
  afterAll(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    // The commands configured the installation's key and checkpoint file in this process.
    configureAudit({ key: TEST_AUDIT_KEY, checkpointFile: null });
  });
  const ranan = (args: string[]) => runRanan(args, env);

  it('seals and passes on a seeded database, then fails naming the entry altered or the entries removed', async () => {
    // An installation holding the plan's organisation, keyed with the run's audit key: the run's snapshot
    // put in DATA_DIR when there is one (PGlite runs), else `ranan seed`.
    fs.writeFileSync(path.join(dataDir, 'audit.key'), TEST_AUDIT_KEY, { mode: 0o600 });
    await fillTestDataDir(dataDir, { organisation: true });
    const ok = await ranan(['audit', 'verify']);
    expect(ok.code, ok.stdout).toBe(0);
    expect(ok.stdout).toMatch(/Audit trail intact: \d+ entries \(\d+ sealed in 1 blocks, 0 not yet sealed\)/);
    const cp = await ranan(['audit', 'checkpoint']);
    expect(cp.stdout).toMatch(/"kind":"checkpoint","block":1/);
    expect(fs.readFileSync(path.join(dataDir, 'audit-checkpoints.log'), 'utf8')).toContain('"block":1');

    const d = await openDatabase({ dataDir });
    await d.db.execute(
      sql`update audit_events set details = '{"tasks": 99}'::jsonb where action = 'seed.organisation'`,
    );
    const result = (await d.db.execute(
      sql`select seq from audit_events where action = 'seed.organisation'`,
    )) as unknown as {
      rows: { seq: number }[];
    };
    const [altered] = result.rows;
    await d.close();
    // Once as an operator runs it (the one command started as a process here): exit status 1, the entry named.
    const failed = await run(process.execPath, [cli, 'audit', 'verify'], { env }).then(
      () => null,
      (err: { code: number; stdout: string }) => err,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stdout).toContain(`AUDIT TRAIL BROKEN at entry ${altered!.seq} (content_altered)`);

    const d2 = await openDatabase({ dataDir });
    await d2.db.execute(sql`truncate audit_events, audit_seals`);
    await d2.close();
    const truncated = await ranan(['audit', 'verify']);
    expect(truncated.code).toBe(1);
    expect(truncated.stdout).toContain('(checkpoint_mismatch)');
  }, 300_000);
});
