import { randomBytes } from 'node:crypto';
import { desc, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { Db } from '../server/db/client.ts';
import { openDatabase } from '../server/db/client.ts';
import * as schema from '../server/db/schema.ts';
import { systemActor } from '../server/platform/access.ts';
import {
  canonicalJson,
  configureAudit,
  digestOf,
  recordAudit,
  sealAuditChain,
  startAuditSealer,
  verifyAuditChain,
} from '../server/platform/audit/audit.ts';
import { GENESIS_HASH, legacyHash } from '../server/platform/audit/audit-entry.ts';
import { auditEventsTable } from '../server/platform/audit/audit.table.ts';
import { percentile, record, report, runMain } from './lib.ts';

/**
 * Audited single-row writes on PostgreSQL: one insert per transaction, with and without an audit
 * entry in the same transaction, at 1 and at 50 connections, in the same run (the sealer running
 * every second during the audited runs, as in the server). For comparison, the same writes audited
 * the way the trail was written before the sealer: a global advisory lock and a read of the chain's
 * head in every writing transaction.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';

type Mode = 'plain' | 'audited' | 'locked';

/** The trail's former write path, kept here only to measure it: lock, read the head, insert chained. */
async function recordLockedAudit(tx: Db, i: number) {
  await tx.execute(sql`select pg_advisory_xact_lock(7263001)`);
  const [last] = await tx
    .select({ hash: auditEventsTable.hash })
    .from(auditEventsTable)
    .orderBy(desc(auditEventsTable.seq))
    .limit(1);
  const content = {
    at: new Date().toISOString(),
    actorType: 'system' as const,
    actorId: null,
    actorName: systemActor.name,
    action: 'bench.write',
    subjectType: 'bench',
    subjectId: String(i),
    regionId: null,
    beforeDigest: null,
    afterDigest: digestOf({ i }),
    details: JSON.parse(canonicalJson({ i })) as Record<string, unknown>,
    ip: null,
    requestId: null,
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  await tx.insert(auditEventsTable).values({ ...content, at: new Date(content.at), hash: legacyHash(content) });
}

async function measure(db: Db, mode: Mode, connections: number) {
  let n = 0;
  const latencies: number[] = [];
  const end = performance.now() + SECONDS * 1000;
  const worker = async () => {
    while (performance.now() < end) {
      const i = n++;
      const t = performance.now();
      await db.transaction(async (tx) => {
        await tx.execute(
          sql`insert into bench_writes (payload) values (${JSON.stringify({ i, note: 'x'.repeat(40) })}::jsonb)`,
        );
        if (mode === 'audited') {
          await recordAudit(tx, {
            actor: systemActor,
            action: 'bench.write',
            subject: { type: 'bench', id: String(i) },
            after: { i },
            details: { i },
          });
        } else if (mode === 'locked') {
          await recordLockedAudit(tx, i);
        }
      });
      latencies.push(performance.now() - t);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: connections }, worker));
  const seconds = (performance.now() - t0) / 1000;
  return { rate: latencies.length / seconds, p50: percentile(latencies, 50), p95: percentile(latencies, 95) };
}

async function main() {
  const dbName = `ranan_bench_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const version = (await admin.query('show server_version')).rows[0].server_version as string;
  await admin.query(`create database ${dbName}`);
  const target = new URL(adminUrl);
  target.pathname = `/${dbName}`;
  configureAudit({ key: randomBytes(32), checkpointFile: null });
  const migrated = await openDatabase({ databaseUrl: target.toString() });
  await migrated.migrate();
  await migrated.close();
  const pool = new pg.Pool({ connectionString: target.toString(), max: 52 });
  pool.on('error', () => {});
  const db = drizzle({ client: pool, schema, casing: 'snake_case' }) as unknown as Db;
  const label = `PostgreSQL ${version}, one insert per transaction, ${SECONDS} s per measure`;
  try {
    await db.execute(sql`create table bench_writes (id bigserial primary key, payload jsonb not null)`);
    // Warm the pool and the caches.
    await measure(db, 'plain', 50);
    await measure(db, 'audited', 50);
    await sealAuditChain(db, { checkpointFile: null, waitMs: 10_000 });

    const results: Record<string, { rate: number; p50: number; p95: number }> = {};
    for (const connections of [1, 50]) {
      results[`plain-${connections}`] = await measure(db, 'plain', connections);
      const stop = startAuditSealer(db, { intervalMs: 1000, checkpointFile: null, log: () => {} });
      results[`audited-${connections}`] = await measure(db, 'audited', connections);
      await stop();
      // The former locked write path writes chained legacy rows: measured on a trail of its own.
      await sealAuditChain(db, { checkpointFile: null, waitMs: 10_000 });
      await db.execute(sql`truncate audit_events, audit_seals`);
      results[`locked-${connections}`] = await measure(db, 'locked', connections);
      await db.execute(sql`truncate audit_events, audit_seals`);
    }

    // The audited writes seal and verify: run a last audited burst and check the whole trail.
    const stop = startAuditSealer(db, { intervalMs: 1000, checkpointFile: null, log: () => {} });
    await measure(db, 'audited', 50);
    await stop();
    await sealAuditChain(db, { checkpointFile: null, waitMs: 10_000 });
    const t0 = performance.now();
    const verified = await verifyAuditChain(db, { checkpointFile: null });
    const verifySeconds = (performance.now() - t0) / 1000;
    if (!verified.ok) throw new Error(`the trail does not verify: ${verified.message}`);

    const out = [];
    for (const c of [1, 50]) {
      const plain = results[`plain-${c}`]!;
      const audited = results[`audited-${c}`]!;
      const locked = results[`locked-${c}`]!;
      out.push(
        record({
          name: `audit-write-${c}conn`,
          unit: 'tx/s',
          value: audited.rate,
          baseline: plain.rate,
          p50: null,
          p95: null,
          database: label,
        }),
        record({
          name: `audit-write-${c}conn-latency`,
          unit: 'ms',
          value: audited.p50,
          baseline: plain.p50,
          p50: audited.p50,
          p95: audited.p95,
          database: label,
        }),
        record({
          name: `audit-write-${c}conn-former-locked`,
          unit: 'tx/s',
          value: locked.rate,
          baseline: plain.rate,
          p50: null,
          p95: null,
          database: label,
        }),
      );
    }
    out.push(
      record({
        name: 'audit-verify',
        unit: 'entries/s',
        value: verified.entries / verifySeconds,
        baseline: null,
        p50: null,
        p95: null,
        database: `${label}, ${verified.entries} entries in ${verified.blocks} blocks`,
      }),
    );
    report('audit', out);
  } finally {
    await pool.end();
    if (process.env.BENCH_KEEP !== '1') await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
}

runMain(main);
