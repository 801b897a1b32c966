import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { TEST_AUDIT_KEY } from '../../../test/audit-key.setup.ts';
import { runRanan } from '../../../test/cli.ts';
import { configureAudit } from '../audit/audit.ts';
import { buildHazard } from '../../../test/hazard-factories.ts';
import { createTestDatabase, fillTestDataDir } from '../../../test/db.ts';
import { type Database, type Db, migrationsFolder, openDatabase } from '../../db/client.ts';
import { seedOrganisation } from '../../seed/organisation.seed.ts';
import { systemActor } from '../access.ts';
import { recordAudit, sealAuditChain, verifyAuditChain } from '../audit/audit.ts';
import { historyTables, listPartitions, maintainHistory, partitionNameOf, periodStart } from './index.ts';

// Runs on PGlite by default and on PostgreSQL with TEST_DATABASE_URL: declarative partitioning works on both.
type Rows<T> = { rows: T[] };
const q = async <T>(db: Db, query: ReturnType<typeof sql>) => ((await db.execute(query)) as unknown as Rows<T>).rows;
const spec = (table: string) =>
  historyTables({ positionsRetentionMonths: 24, monitoring: { retentionMonths: 24 } }).find((t) => t.table === table)!;
const audit = (db: Db, i: number) =>
  db.transaction((tx) =>
    recordAudit(tx, { actor: systemActor, action: 'test.event', subject: { type: 'test', id: String(i) } }),
  );
const partOf = async (db: Db, seq: number) =>
  (await q<{ p: string }>(db, sql`select tableoid::regclass::text as p from audit_events where seq = ${seq}`))[0]?.p;
const seqs = async (db: Db) =>
  (await q<{ seq: string | number }>(db, sql`select seq from audit_events order by seq`)).map((r) => Number(r.seq));

afterEach(() => {
  vi.useRealTimers();
});

describe('partitioned histories', () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase({ organisation: true });
  });
  afterAll(() => database.close());

  it('audit_events and hazard_events are range-partitioned: the initial partition, periods made ahead, a default', async () => {
    const db = database.db;
    for (const t of ['audit_events', 'hazard_events', 'vehicle_positions', 'cylinder_events']) {
      const kind = await q<{ relkind: string }>(db, sql`select relkind from pg_class where relname = ${t}`);
      expect(kind[0]!.relkind).toBe('p');
    }
    const now = new Date();
    // cylinder_events: by month of occurred_at, kept (a cylinder's records outlive any month).
    const cyl = spec('cylinder_events');
    expect(cyl).toMatchObject({ column: 'occurred_at', unit: 'month', retentionMonths: null });
    expect((await maintainHistory(db, cyl, now)).created).toEqual([
      partitionNameOf(cyl, periodStart('month', now, 1)),
      partitionNameOf(cyl, periodStart('month', now, 2)),
    ]);
    expect((await maintainHistory(db, cyl, periodStart('month', now, 400))).dropped).toEqual([]);
    expect((await listPartitions(db, 'cylinder_events')).some((p) => p.name === 'cylinder_events_initial')).toBe(true);
    const made = await maintainHistory(db, spec('audit_events'), now);
    // The migration's initial partition already covers this month: the next two months are made.
    expect(made.created).toEqual([
      partitionNameOf(spec('audit_events'), periodStart('month', now, 1)),
      partitionNameOf(spec('audit_events'), periodStart('month', now, 2)),
    ]);
    expect((await maintainHistory(db, spec('audit_events'), now)).created).toEqual([]);
    const parts = await listPartitions(db, 'audit_events');
    const initial = parts.find((p) => p.name === 'audit_events_initial')!;
    expect(initial.from).toBeNull();
    expect(initial.to).toEqual(periodStart('month', now, 1));
    expect(parts.some((p) => p.isDefault && p.name === 'audit_events_default')).toBe(true);
    const hz = await maintainHistory(db, spec('hazard_events'), now);
    expect(hz.created).toEqual([partitionNameOf(spec('hazard_events'), periodStart('year', now, 1))]);
    expect(hz.dropped).toEqual([]);
  });

  it('a row beyond every range waits in the default partition and moves into its period when that is made', async () => {
    const db = database.db;
    const h = await buildHazard(db);
    await db.execute(sql`insert into hazard_events (hazard_id, event, actor_name, at)
      values (${h.id}, 'created', 't', '2035-06-01T00:00:00Z'), (${h.id}, 'note', 't', '2024-01-01T00:00:00Z')`);
    const where = async () =>
      (
        await q<{ p: string }>(
          db,
          sql`select tableoid::regclass::text as p from hazard_events where hazard_id = ${h.id} order by at`,
        )
      ).map((r) => r.p);
    expect(await where()).toEqual(['hazard_events_initial', 'hazard_events_default']);
    const made = await maintainHistory(db, { ...spec('hazard_events'), ahead: 0 }, new Date('2035-03-01T00:00:00Z'));
    expect(made.created).toEqual(['hazard_events_y2035']);
    expect(await where()).toEqual(['hazard_events_initial', 'hazard_events_y2035']);
    expect((await listPartitions(db, 'hazard_events')).some((p) => p.isDefault)).toBe(true);
  });

  it('the primary key includes the time: a resent row (same key and time) is stored once', async () => {
    const db = database.db;
    const h = await buildHazard(db);
    const id = crypto.randomUUID();
    const insert = () =>
      db.execute(sql`insert into hazard_events (id, hazard_id, event, actor_name, at)
        values (${id}, ${h.id}, 'created', 't', '2026-02-01T00:00:00Z') on conflict (id, at) do nothing`);
    await insert();
    await insert();
    const n = await q<{ n: number }>(db, sql`select count(*)::int as n from hazard_events where id = ${id}`);
    expect(n[0]!.n).toBe(1);
  });

  it('vehicle positions: a resend conflicts on (vehicle_id, at) in any partition; months past the retention are dropped', async () => {
    const db = database.db;
    const now = new Date();
    const s = spec('vehicle_positions');
    expect(s.retentionMonths).toBe(24);
    await maintainHistory(db, s, now);
    const v = crypto.randomUUID();
    const nextMonth = new Date(periodStart('month', now, 1).getTime() + 3_600_000).toISOString();
    const insert = () =>
      db.execute(sql`insert into vehicle_positions (vehicle_id, at, lat, lng, speed_kmh, source) values
        (${v}, '2019-01-01T00:00:00Z', 38.6, 108.8, 0, 'terminal'),
        (${v}, ${now.toISOString()}::timestamptz, 38.6, 108.8, 40, 'terminal'),
        (${v}, ${nextMonth}::timestamptz, 38.6, 108.8, 50, 'terminal')
        on conflict (vehicle_id, at) do nothing`);
    await insert();
    await insert();
    const rows = await q<{ p: string }>(
      db,
      sql`select tableoid::regclass::text as p from vehicle_positions where vehicle_id = ${v} order by at`,
    );
    expect(rows.map((r) => r.p)).toEqual([
      'vehicle_positions_initial',
      'vehicle_positions_initial',
      partitionNameOf(s, periodStart('month', now, 1)),
    ]);
    expect((await maintainHistory(db, s, now)).dropped).toEqual([]);
    // 25 months on, the 24 months kept start the month after next: the initial partition and next month's go.
    const later = await maintainHistory(db, s, periodStart('month', now, 25));
    expect(later.dropped.sort()).toEqual(
      ['vehicle_positions_initial', partitionNameOf(s, periodStart('month', now, 1))].sort(),
    );
    expect(await q(db, sql`select 1 from vehicle_positions where vehicle_id = ${v}`)).toEqual([]);
    // Kept tables lost nothing.
    expect((await listPartitions(db, 'audit_events')).some((p) => p.name === 'audit_events_initial')).toBe(true);
  });

  it('a table with a retention drops whole partitions before it (and old default rows); kept tables never', async () => {
    const db = database.db;
    await db.execute(sql`create table scratch_history (k int not null, at timestamptz not null, primary key (k, at))
      partition by range (at)`);
    await db.execute(
      sql`create table scratch_history_initial partition of scratch_history for values from (minvalue) to ('2026-01-01T00:00:00Z')`,
    );
    await db.execute(sql`create table scratch_history_default partition of scratch_history default`);
    const s = { table: 'scratch_history', column: 'at', unit: 'month' as const, ahead: 1, retentionMonths: 3 };
    const now = new Date('2026-03-10T00:00:00Z');
    expect((await maintainHistory(db, { ...s, retentionMonths: null }, now)).created).toEqual([
      'scratch_history_y2026m03',
      'scratch_history_y2026m04',
    ]);
    await maintainHistory(db, { ...s, retentionMonths: null }, new Date('2026-01-10T00:00:00Z'));
    await db.execute(sql`insert into scratch_history values (1, '2025-06-01T00:00:00Z'), (2, '2026-01-15T00:00:00Z'),
      (3, '2026-03-15T00:00:00Z'), (4, '2027-09-01T00:00:00Z')`);
    // In February three months are kept from December 2025: nothing is wholly before it.
    expect((await maintainHistory(db, s, new Date('2026-02-10T00:00:00Z'))).dropped).toEqual([]);
    // In May, three months are kept (March to May): the initial partition and January go, and February.
    const later = await maintainHistory(db, s, new Date('2026-05-02T00:00:00Z'));
    expect(later.dropped.sort()).toEqual([
      'scratch_history_initial',
      'scratch_history_y2026m01',
      'scratch_history_y2026m02',
    ]);
    const left = await q<{ k: number }>(db, sql`select k from scratch_history order by k`);
    expect(left.map((r) => r.k)).toEqual([3, 4]);
    await db.execute(sql`drop table scratch_history`);
  });

  it('audit verify proves the chain across a partition boundary, and fails when it is broken there', async () => {
    const db = database.db;
    const now = new Date();
    await maintainHistory(db, spec('audit_events'), now);
    await db.execute(sql`truncate audit_events, audit_seals restart identity`);
    await audit(db, 1);
    await audit(db, 2);
    // The next entries are written in the next month: another partition.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(periodStart('month', now, 1).getTime() + 3_600_000));
    await audit(db, 3);
    await audit(db, 4);
    vi.useRealTimers();
    const [s1, s2, s3] = await seqs(db);
    const next = partitionNameOf(spec('audit_events'), periodStart('month', now, 1));
    expect(await partOf(db, s2!)).toBe('audit_events_initial');
    expect(await partOf(db, s3!)).toBe(next);
    expect(s1).toBeLessThan(s3!);
    // One block across both partitions, verified.
    expect((await sealAuditChain(db, { checkpointFile: null })).sealed).toBe(4);
    const ok = await verifyAuditChain(db, { checkpointFile: null, seal: false, now });
    expect(ok).toMatchObject({ ok: true, entries: 4, blocks: 1 });

    // The later month's partition detached (as a retention job would): its entries are missing from the chain.
    await db.execute(sql.raw(`alter table audit_events detach partition ${next}`));
    const detached = await verifyAuditChain(db, { checkpointFile: null, seal: false, now });
    expect(detached).toMatchObject({ ok: false, seq: s3, reason: 'entry_deleted' });
    await db.execute(
      sql.raw(
        `alter table audit_events attach partition ${next} for values from ('${periodStart('month', now, 1).toISOString()}') to ('${periodStart('month', now, 2).toISOString()}')`,
      ),
    );
    expect(await verifyAuditChain(db, { checkpointFile: null, seal: false, now })).toMatchObject({ ok: true });

    // The first entry after the boundary deleted.
    await db.execute(sql`delete from audit_events where seq = ${s3}`);
    expect(await verifyAuditChain(db, { checkpointFile: null, seal: false, now })).toMatchObject({
      ok: false,
      seq: s3,
      reason: 'entry_deleted',
    });
    // The last entry before the boundary moved into the next month's partition (its time changed): altered.
    await db.execute(sql`truncate audit_events, audit_seals restart identity`);
    await audit(db, 1);
    await audit(db, 2);
    await sealAuditChain(db, { checkpointFile: null });
    await db.execute(
      sql`update audit_events set at = ${new Date(periodStart('month', now, 1).getTime() + 1000).toISOString()}::timestamptz where seq = ${s2}`,
    );
    expect(await partOf(db, s2!)).toBe(next);
    expect(await verifyAuditChain(db, { checkpointFile: null, seal: false, now })).toMatchObject({
      ok: false,
      seq: s2,
      reason: 'content_altered',
    });
  });
});

/** An empty database: in-memory PGlite, or a new database on TEST_DATABASE_URL. */
async function emptyDatabase(): Promise<Database> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return openDatabase({});
  const name = `ranan_test_mig_${Date.now()}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: target.toString() });
  return {
    ...database,
    async close() {
      await database.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** A copy of the migrations folder whose journal ends at migration `last`. */
function migrationsUpTo(last: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ranan-migrations-'));
  fs.cpSync(migrationsFolder, dir, { recursive: true });
  const journalFile = path.join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: { idx: number }[] };
  journal.entries = journal.entries.filter((e) => e.idx <= last);
  fs.writeFileSync(journalFile, JSON.stringify(journal));
  return dir;
}

async function migrateWith(database: Database, folder: string) {
  const db = database.db as never;
  if (database.kind === 'postgres') await migratePg(db, { migrationsFolder: folder });
  else await migratePglite(db, { migrationsFolder: folder });
}

describe('migrations 0043 and 0044 from the schema before them, with rows', () => {
  let database: Database;
  let before: string;
  beforeAll(async () => {
    database = await emptyDatabase();
    before = migrationsUpTo(42);
  });
  afterAll(async () => {
    await database.close();
    fs.rmSync(before, { recursive: true, force: true });
  });

  it('keeps every audit entry and hazard event, the chain verifies across the old and new partitions', async () => {
    const db = database.db;
    await migrateWith(database, before);
    expect(
      (await q<{ relkind: string }>(db, sql`select relkind from pg_class where relname = 'audit_events'`))[0]!.relkind,
    ).toBe('r');
    await seedOrganisation(db);
    const h = await buildHazard(db);
    await db.execute(sql`insert into hazard_events (hazard_id, event, actor_name, note, at) values
      (${h.id}, 'created', '甲', 'old', '2019-05-01T00:00:00Z'), (${h.id}, 'submit', '乙', 'new', now())`);
    await db.execute(sql`insert into vehicle_positions (vehicle_id, at, lat, lng, speed_kmh, source) values
      (${h.id}, '2020-02-02T02:02:02Z', 38.6, 108.8, 12.5, 'phone'), (${h.id}, now(), 38.7, 108.9, 60, 'terminal')`);
    for (let i = 0; i < 5; i++) await audit(db, i);
    await sealAuditChain(db, { checkpointFile: null });
    await audit(db, 99); // one not yet sealed
    const auditBefore = await q<Record<string, unknown>>(db, sql`select * from audit_events order by seq`);
    const eventsBefore = await q<Record<string, unknown>>(db, sql`select * from hazard_events order by at`);
    const positionsBefore = await q<Record<string, unknown>>(db, sql`select * from vehicle_positions order by at`);
    expect(positionsBefore.length).toBe(2);
    expect(auditBefore.length).toBeGreaterThan(6);

    await database.migrate();
    for (const t of ['audit_events', 'hazard_events', 'vehicle_positions']) {
      const kind = await q<{ relkind: string }>(db, sql`select relkind from pg_class where relname = ${t}`);
      expect(kind[0]!.relkind).toBe('p');
    }
    expect(await q<Record<string, unknown>>(db, sql`select * from audit_events order by seq`)).toEqual(auditBefore);
    expect(await q<Record<string, unknown>>(db, sql`select * from vehicle_positions order by at`)).toEqual(
      positionsBefore,
    );
    expect(await q<Record<string, unknown>>(db, sql`select * from hazard_events order by at`)).toEqual(eventsBefore);
    const parts = await q<{ p: string }>(
      db,
      sql`select distinct tableoid::regclass::text as p from hazard_events union select distinct tableoid::regclass::text from audit_events`,
    );
    expect(parts.map((r) => r.p).sort()).toEqual(['audit_events_initial', 'hazard_events_initial']);
    const positionParts = await q<{ p: string }>(
      db,
      sql`select distinct tableoid::regclass::text as p from vehicle_positions`,
    );
    expect(positionParts.map((r) => r.p)).toEqual(['vehicle_positions_initial']);

    // The sequence goes on from where it was; new entries in the next month land in its partition.
    const now = new Date();
    await maintainHistory(db, spec('audit_events'), now);
    const lastBefore = Number(auditBefore.at(-1)!.seq);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(periodStart('month', now, 1).getTime() + 60_000));
    await audit(db, 100);
    vi.useRealTimers();
    const last = (await seqs(db)).at(-1)!;
    expect(last).toBe(lastBefore + 1);
    expect(await partOf(db, last)).toBe(partitionNameOf(spec('audit_events'), periodStart('month', now, 1)));
    const verified = await verifyAuditChain(db, { checkpointFile: null, now });
    expect(verified).toMatchObject({ ok: true, entries: auditBefore.length + 1 });
    // The hazard's timeline still reads in order, and its foreign key still holds.
    await expect(
      db.execute(
        sql`insert into hazard_events (hazard_id, event, actor_name) values (${crypto.randomUUID()}, 'x', 'x')`,
      ),
    ).rejects.toThrow();
  });
});

describe('migration 0046 (cylinder events) from the schema before it, with events', () => {
  let database: Database;
  let before: string;
  let through0046: string;
  beforeAll(async () => {
    database = await emptyDatabase();
    before = migrationsUpTo(45);
    through0046 = migrationsUpTo(46);
  });
  afterAll(async () => {
    await database.close();
    fs.rmSync(before, { recursive: true, force: true });
    fs.rmSync(through0046, { recursive: true, force: true });
  });

  it('keeps every event readable in cylinder_events_initial, claims their ids, and a resend stays once', async () => {
    const db = database.db;
    await migrateWith(database, before);
    expect(
      (await q<{ relkind: string }>(db, sql`select relkind from pg_class where relname = 'cylinder_events'`))[0]!
        .relkind,
    ).toBe('r');
    await db.execute(sql`insert into cylinder_events (event_id, type, code, occurred_at, actor_type, actor_name,
        content_hash, reasons, details) values
      ('old-1', 'seen', 'RA1', '2019-05-01T00:00:00Z', 'system', '甲', 'h1', '{}', '{}'),
      ('old-2', 'fill_refused', 'RA1', now(), 'machine', '乙', 'h2', '{NOT_OWNED}', '{"x":1}')`);
    const eventsBefore = await q<Record<string, unknown>>(db, sql`select * from cylinder_events order by occurred_at`);
    expect(eventsBefore).toHaveLength(2);

    await migrateWith(database, through0046);
    expect(
      (await q<{ relkind: string }>(db, sql`select relkind from pg_class where relname = 'cylinder_events'`))[0]!
        .relkind,
    ).toBe('p');
    expect(await q<Record<string, unknown>>(db, sql`select * from cylinder_events order by occurred_at`)).toEqual(
      eventsBefore,
    );
    const parts = await q<{ p: string }>(db, sql`select distinct tableoid::regclass::text as p from cylinder_events`);
    expect(parts.map((r) => r.p)).toEqual(['cylinder_events_initial']);
    expect(
      await q<{ event_id: string; content_hash: string }>(
        db,
        sql`select event_id, content_hash from cylinder_event_ids order by event_id`,
      ),
    ).toEqual([
      { event_id: 'old-1', content_hash: 'h1' },
      { event_id: 'old-2', content_hash: 'h2' },
    ]);
    // The initial partition's indexes on (code, occurred_at) and the refusals were kept, not rebuilt: they are the
    // partition's part of the new table's indexes.
    const indexes = await q<{ name: string; parent: string | null }>(
      db,
      sql`select c.relname as name, p.relname as parent from pg_index x join pg_class c on c.oid = x.indexrelid
        left join pg_inherits i on i.inhrelid = x.indexrelid left join pg_class p on p.oid = i.inhparent
        where x.indrelid = 'cylinder_events_initial'::regclass order by c.relname`,
    );
    expect(indexes).toContainEqual({ name: 'cylinder_events_initial_code_idx', parent: 'cylinder_events_code_idx' });
    expect(indexes).toContainEqual({
      name: 'cylinder_events_initial_refusals_idx',
      parent: 'cylinder_events_refusals_idx',
    });
    // An old event resent is stored once; the same id with another content (or time) is refused.
    const claim = async (eventId: string, at: string, hash: string) =>
      (
        await q<{ event_id: string }>(
          db,
          sql`insert into cylinder_event_ids (event_id, occurred_at, content_hash)
            values (${eventId}, ${at}::timestamptz, ${hash}) on conflict (event_id) do nothing returning event_id`,
        )
      ).length;
    expect(await claim('old-1', '2019-05-01T00:00:00Z', 'h1')).toBe(0);
    expect(await claim('old-1', new Date().toISOString(), 'h9')).toBe(0);
    expect(await claim('new-1', new Date().toISOString(), 'h3')).toBe(1);
    // 0046 keeps the foreign keys on the partitioned table.
    const orphan = sql`insert into cylinder_events (event_id, type, code, occurred_at, actor_type, actor_name,
          content_hash, cylinder_id) values ('new-2', 'seen', 'RA2', now(), 'system', 'x', 'h', ${crypto.randomUUID()})`;
    await expect(db.execute(orphan)).rejects.toThrow();
    const foreignKeys = () =>
      q<{ conname: string }>(
        db,
        sql`select conname from pg_constraint where contype = 'f' and conrelid = 'cylinder_events'::regclass`,
      );
    expect((await foreignKeys()).length).toBeGreaterThan(0);
    // 0048 drops them (each writer takes the ids from rows it read in its own transaction; the checks locked the same
    // station, enterprise and region rows for every batch): the events stay where 0046 put them.
    await database.migrate();
    expect(await foreignKeys()).toEqual([]);
    expect(await q<Record<string, unknown>>(db, sql`select * from cylinder_events order by occurred_at`)).toEqual(
      eventsBefore,
    );
  });
});

// The command works on the embedded database in DATA_DIR: run in the PGlite run only (as test/audit.test.ts does).
describe.skipIf(process.env.TEST_DATABASE_URL)('ranan audit verify across a partition boundary (command line)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ranan-audit-parts-'));
  const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' };
  afterAll(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    configureAudit({ key: TEST_AUDIT_KEY, checkpointFile: null });
  });
  const ranan = (args: string[]) => runRanan(args, env);

  it('passes with entries in two months, and names the first entry of the detached month', async () => {
    fs.writeFileSync(path.join(dataDir, 'audit.key'), TEST_AUDIT_KEY, { mode: 0o600 });
    await fillTestDataDir(dataDir, { organisation: true });
    const now = new Date();
    const next = partitionNameOf(spec('audit_events'), periodStart('month', now, 1));
    const d = await openDatabase({ dataDir });
    await maintainHistory(d.db, spec('audit_events'), now);
    await audit(d.db, 1);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(periodStart('month', now, 1).getTime() + 60_000));
    await audit(d.db, 2);
    vi.useRealTimers();
    const first = (await seqs(d.db)).at(-1)!;
    expect(await partOf(d.db, first)).toBe(next);
    await d.close();
    const ok = await ranan(['audit', 'verify']);
    expect(ok.code, ok.stdout).toBe(0);
    expect(ok.stdout).toMatch(/Audit trail intact/);

    const d2 = await openDatabase({ dataDir });
    await d2.db.execute(sql.raw(`alter table audit_events detach partition ${next}`));
    await d2.close();
    const broken = await ranan(['audit', 'verify']);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(`AUDIT TRAIL BROKEN at entry ${first} (entry_deleted)`);
  }, 300_000);
});
