import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import { NodePgSession, NodePgTransaction, drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { Db } from '../server/db/client.ts';
import { openDatabase } from '../server/db/client.ts';
import { fuseCommits } from '../server/db/commit-fusion.ts';
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
import { percentile, record, report, runMain } from './lib.ts';

/**
 * Audited single-row writes on PostgreSQL: one insert per transaction, with and without an audit
 * entry in the same transaction, at 1 and at 50 connections, in the same run, with the sealer
 * running every second as in the server. For comparison, the same writes audited the way the trail
 * was written before the sealer: a global advisory lock and a read of the chain's head in every
 * writing transaction (into a copy of the table, so the trail itself stays verifiable). The modes
 * alternate in short slices over several rounds, so that a machine whose load changes during the
 * run weighs on each mode alike; each figure is over all its slices.
 */
const SLICE_SECONDS = Number(process.env.BENCH_SLICE_SECONDS ?? 2);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';

type Mode = 'plain' | 'audited' | 'locked';

/** The trail's former write path, kept here only to measure it: lock, read the head, insert chained. */
async function recordLockedAudit(tx: Db, i: number) {
  await tx.execute(sql`select pg_advisory_xact_lock(7263001)`);
  const last = (await tx.execute(sql`select hash from audit_events_locked order by seq desc limit 1`)) as unknown as {
    rows: { hash: string }[];
  };
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
    prevHash: last.rows[0]?.hash ?? GENESIS_HASH,
  };
  const c = content;
  await tx.execute(sql`insert into audit_events_locked (at, actor_type, actor_name, action, subject_type, subject_id,
      after_digest, details, prev_hash, hash)
    values (${c.at}::timestamptz, ${c.actorType}, ${c.actorName}, ${c.action}, ${c.subjectType}, ${c.subjectId},
      ${c.afterDigest}, ${JSON.stringify(c.details)}::jsonb, ${c.prevHash}, ${legacyHash(content)})`);
}

type Tally = { count: number; seconds: number; latencies: number[]; cpu: number };

/**
 * CPU seconds used so far by this process and by the benchmark database's backends (from /proc/<pid>/stat),
 * so that each mode's CPU per transaction can be read apart from other work on a shared machine.
 */
let backendPids: number[] = [];
const ticksPerSecond = 100;
function cpuSeconds(): number {
  let ticks = 0;
  for (const pid of backendPids) {
    try {
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // a backend that ended
    }
  }
  const own = process.cpuUsage();
  return ticks / ticksPerSecond + (own.user + own.system) / 1e6;
}

async function slice(db: Db, mode: Mode, connections: number, tally: Tally) {
  let n = tally.count;
  const end = performance.now() + SLICE_SECONDS * 1000;
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
      tally.latencies.push(performance.now() - t);
    }
  };
  const t0 = performance.now();
  const cpu0 = cpuSeconds();
  const before = tally.latencies.length;
  await Promise.all(Array.from({ length: connections }, worker));
  tally.seconds += (performance.now() - t0) / 1000;
  tally.cpu += cpuSeconds() - cpu0;
  tally.count += tally.latencies.length - before;
}

const rate = (t: Tally) => t.count / t.seconds;

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
  const fused = drizzle({ client: pool, schema, casing: 'snake_case' });
  fuseCommits(fused, { NodePgSession, NodePgTransaction, Pool: pg.Pool }); // as the server's database does
  const db = fused as unknown as Db;
  const label = `PostgreSQL ${version}, one insert per transaction, ${ROUNDS} × ${SLICE_SECONDS} s per mode`;
  const stopSealer = startAuditSealer(db, { intervalMs: 1000, checkpointFile: null, log: () => {} });
  try {
    await db.execute(sql`create table bench_writes (id bigserial primary key, payload jsonb not null)`);
    await db.execute(sql`create table audit_events_locked (like audit_events including all)`);
    await db.execute(sql`alter table audit_events_locked alter column seq drop default`);
    await db.execute(sql`create sequence audit_events_locked_seq owned by audit_events_locked.seq`);
    await db.execute(
      sql`alter table audit_events_locked alter column seq set default nextval('audit_events_locked_seq')`,
    );
    // Warm the pool and the caches.
    const warm: Tally = { count: 0, seconds: 0, latencies: [], cpu: 0 };
    for (const mode of ['plain', 'audited', 'locked'] as const) await slice(db, mode, 50, warm);
    backendPids = (
      await admin.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1', [dbName])
    ).rows.map((r) => r.pid);

    const tallies = new Map<string, Tally>();
    const tally = (key: string) => {
      if (!tallies.has(key)) tallies.set(key, { count: 0, seconds: 0, latencies: [], cpu: 0 });
      return tallies.get(key)!;
    };
    for (const connections of [1, 50]) {
      for (let r = 0; r < ROUNDS; r++) {
        for (const mode of ['plain', 'audited', 'locked'] as const) {
          await slice(db, mode, connections, tally(`${mode}-${connections}`));
        }
      }
    }
    await stopSealer();

    // Every audited write is sealed and verifies.
    await sealAuditChain(db, { checkpointFile: null, waitMs: 10_000 });
    const t0 = performance.now();
    const verified = await verifyAuditChain(db, { checkpointFile: null });
    const verifySeconds = (performance.now() - t0) / 1000;
    if (!verified.ok) throw new Error(`the trail does not verify: ${verified.message}`);
    if (verified.unsealed !== 0) throw new Error(`${verified.unsealed} entries were left unsealed`);

    const out = [];
    for (const c of [1, 50]) {
      const plain = tally(`plain-${c}`);
      const audited = tally(`audited-${c}`);
      const locked = tally(`locked-${c}`);
      out.push(
        record({
          name: `audit-write-${c}conn`,
          unit: 'tx/s',
          value: rate(audited),
          baseline: rate(plain),
          p50: null,
          p95: null,
          database: label,
        }),
        record({
          name: `audit-write-${c}conn-latency`,
          unit: 'ms',
          value: percentile(audited.latencies, 50),
          baseline: percentile(plain.latencies, 50),
          p50: percentile(audited.latencies, 50),
          p95: percentile(audited.latencies, 95),
          database: label,
        }),
        record({
          name: `audit-write-${c}conn-former-locked`,
          unit: 'tx/s',
          value: rate(locked),
          baseline: rate(plain),
          p50: null,
          p95: null,
          database: label,
        }),
      );
    }
    // CPU per transaction at 50 connections only: at one, the backends' CPU is too little per slice for the
    // clock ticks of /proc to count it well, and the sealer's share weighs more.
    const plain50 = tally('plain-50');
    const audited50 = tally('audited-50');
    out.push(
      record({
        name: 'audit-write-50conn-cpu',
        unit: 'µs/tx',
        value: (audited50.cpu / audited50.count) * 1e6,
        baseline: (plain50.cpu / plain50.count) * 1e6,
        p50: null,
        p95: null,
        database: `${label}, CPU of this process and the database's backends per transaction`,
      }),
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
    await stopSealer();
    await pool.end();
    if (process.env.BENCH_KEEP !== '1') await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
}

runMain(main);
