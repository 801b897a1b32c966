import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { runRanan } from '../../test/cli.ts';
import { buildHazard } from '../../test/hazard-factories.ts';
import { configureAudit, verifyAuditChain } from '../platform/audit/audit.ts';
import { filesTable } from '../platform/files/index.ts';
import { seedDemoAccounts } from '../seed/demo.seed.ts';
import { assertDataDirFree, backupInto, backupKindOf, holdDataDir, restoreDatabase } from './backup.ts';
import { type Database, openDatabase } from './client.ts';

const root = path.resolve(import.meta.dirname, '../..');
// The installation's audit key, the same for this process and the commands it runs (kept outside the backups).
const auditKey = randomBytes(32).toString('hex');
configureAudit({ key: Buffer.from(auditKey), checkpointFile: null });
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ranan-backup-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Runs the `ranan` command as an operator would. */
function ranan(args: string[], env: Record<string, string>): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'bin/ranan.js'), ...args], {
      cwd: tmp,
      env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'warn', AUDIT_KEY: auditKey, ...env },
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
  });
}

/**
 * The same command run in this process (as bin/ranan.js runs it): its exit status and what it printed. The tests
 * start one command as a process each (`ranan restore`) and run the others here, which spares starting the
 * server's code for each.
 */
async function rananHere(args: string[], env: Record<string, string>): Promise<{ code: number; output: string }> {
  const { code, stdout } = await runRanan(args, {
    ...process.env,
    DATA_DIR: path.join(tmp, 'data'),
    DATABASE_URL: '',
    LOG_LEVEL: 'warn',
    AUDIT_KEY: auditKey,
    ...env,
  });
  return { code, output: stdout };
}

/**
 * An embedded database in `dataDir` (in memory without one), migrated: started from the run's migrated snapshot
 * when there is one (the PGlite runs; test/global-setup.ts), else migrated here.
 */
async function migratedEmbedded(dataDir?: string): Promise<Database> {
  const snapshot = inject('testDatabaseSnapshots')?.migrated;
  if (snapshot && fs.existsSync(snapshot)) {
    const loadDataDir = new Blob([fs.readFileSync(snapshot)]);
    if (!dataDir) return openDatabase({ loadDataDir });
    await (await PGlite.create({ dataDir, loadDataDir })).close();
  }
  const database = await openDatabase({ dataDir });
  await database.migrate();
  return database;
}

const photo = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(40_000)]);

/** Demo accounts (with their audit entries), a hazard and an uploaded photo. */
async function fill(database: Database) {
  await database.migrate();
  await seedDemoAccounts(database.db);
  await buildHazard(database.db, { description: '备份前的隐患' });
  await database.db.insert(filesTable).values({
    sha256: createHash('sha256').update(photo).digest('hex'),
    contentType: 'image/jpeg',
    size: photo.length,
    name: '现场照片.jpg',
    data: photo,
  });
}

/** Row counts of every table of the platform (and of the migrations journal). */
async function counts(database: Database): Promise<Record<string, number>> {
  const tables = (await database.db.execute(
    sql`select table_schema || '.' || table_name as t from information_schema.tables
        where table_schema in ('public', 'drizzle') and table_type = 'BASE TABLE' order by 1`,
  )) as unknown as { rows: { t: string }[] };
  const out: Record<string, number> = {};
  for (const { t } of tables.rows) {
    const r = (await database.db.execute(sql.raw(`select count(*)::int as n from ${t}`))) as unknown as {
      rows: { n: number }[];
    };
    out[t] = r.rows[0]!.n;
  }
  return out;
}

/** The restored database holds the same rows, an intact audit chain and the photo's bytes. */
async function expectSame(restored: Database, before: Record<string, number>, auditEntries: number) {
  expect(await counts(restored)).toEqual(before);
  const chain = await verifyAuditChain(restored.db);
  expect(chain).toMatchObject({ ok: true, entries: auditEntries });
  const [file] = await restored.db.select().from(filesTable).where(eq(filesTable.name, '现场照片.jpg'));
  expect(file!.data.equals(photo)).toBe(true);
}

// The embedded database's commands, whatever the run's database: the PostgreSQL run would repeat them unchanged,
// so they run in the PGlite run only.
describe.skipIf(process.env.TEST_DATABASE_URL)('ranan backup / restore — embedded database', () => {
  it('backs up, restores into a fresh DATA_DIR with the audit chain intact, and refuses a non-empty one', {
    timeout: 480_000,
  }, async () => {
    const source = path.join(tmp, 'source');
    // A default installation keeps its audit key in DATA_DIR/audit.key: it comes back with the data.
    fs.mkdirSync(source);
    fs.writeFileSync(path.join(source, 'audit.key'), auditKey);
    const database = await migratedEmbedded(source);
    await fill(database);
    // Verifying seals the entries first (a row of audit_seals): count after it.
    const audit = await verifyAuditChain(database.db);
    const before = await counts(database);
    expect(audit.ok && audit.entries).toBeGreaterThan(0);
    expect(before['public.users']).toBeGreaterThan(5);
    await database.close();

    const file = path.join(tmp, 'embedded.tar.gz');
    const backup = await rananHere(['backup', '--out', file], { DATA_DIR: source });
    expect(backup.code, backup.output).toBe(0);
    expect(backupKindOf(file)).toBe('pglite');

    const target = path.join(tmp, 'target');
    const restore = await ranan(['restore', file], { DATA_DIR: target, AUDIT_KEY: '' });
    expect(restore.code, restore.output).toBe(0);
    expect(restore.output).toContain(`Audit trail intact: ${audit.ok ? audit.entries : 0} entries`);
    const restored = await openDatabase({ dataDir: target });
    try {
      await expectSame(restored, before, audit.ok ? audit.entries : 0);
    } finally {
      await restored.close();
    }

    // Never over a database by mistake; --force moves the old one aside, deleting nothing.
    await expect(restoreDatabase({ dataDir: target }, file)).rejects.toThrow('not empty');
    const { movedAside } = await restoreDatabase({ dataDir: target }, file, { force: true });
    expect(movedAside && fs.existsSync(path.join(movedAside, 'PG_VERSION'))).toBe(true);
    expect(fs.existsSync(path.join(target, 'PG_VERSION'))).toBe(true);

    // A backup of one engine is not restored into the other.
    await expect(
      restoreDatabase({ databaseUrl: 'postgres://root@127.0.0.1:1/none', dataDir: '' }, file),
    ).rejects.toThrow('embedded database');
  });

  it('keeps the newest BACKUP_KEEP scheduled backups in BACKUP_DIR', { timeout: 120_000 }, async () => {
    const dir = path.join(tmp, 'scheduled');
    fs.mkdirSync(dir);
    for (const old of ['ranan-2020-01-01T00-00-00Z.tar.gz', 'ranan-2020-01-02T00-00-00Z.tar.gz'])
      fs.writeFileSync(path.join(dir, old), 'old');
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'not a backup');
    const database = await migratedEmbedded();
    try {
      const file = await backupInto(database, dir, 2);
      expect(backupKindOf(file)).toBe('pglite');
      expect(fs.readdirSync(dir).sort()).toEqual([
        'notes.txt',
        'ranan-2020-01-02T00-00-00Z.tar.gz',
        path.basename(file),
      ]);
    } finally {
      await database.close();
    }
  });
});

const url = process.env.TEST_DATABASE_URL;
describe.skipIf(!url)('ranan backup / restore — PostgreSQL (pg_dump / pg_restore)', () => {
  it('backs up and restores into an empty database with the audit chain intact', { timeout: 480_000 }, async () => {
    const names = [`ranan_bk_src_${randomBytes(4).toString('hex')}`, `ranan_bk_dst_${randomBytes(4).toString('hex')}`];
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    // The source starts from the run's migrated template database (test/global-setup.ts).
    const template = inject('testDatabaseSnapshots')?.migrated;
    await admin.query(`create database ${names[0]}${template ? ` template ${template}` : ''}`);
    await admin.query(`create database ${names[1]}`);
    const urlOf = (n: string) => {
      const u = new URL(url!);
      u.pathname = `/${n}`;
      return u.toString();
    };
    try {
      const database = await openDatabase({ databaseUrl: urlOf(names[0]!) });
      await fill(database);
      const audit = await verifyAuditChain(database.db);
      const before = await counts(database);
      await database.close();

      const file = path.join(tmp, 'postgres.dump');
      const backup = await rananHere(['backup', '--out', file], { DATABASE_URL: urlOf(names[0]!) });
      expect(backup.code, backup.output).toBe(0);
      expect(backupKindOf(file)).toBe('postgres');
      const restore = await ranan(['restore', file], { DATABASE_URL: urlOf(names[1]!) });
      expect(restore.code, restore.output).toBe(0);
      const restored = await openDatabase({ databaseUrl: urlOf(names[1]!) });
      try {
        await expectSame(restored, before, audit.ok ? audit.entries : 0);
      } finally {
        await restored.close();
      }
      // Not over a database that already holds the platform.
      await expect(rananHere(['restore', file], { DATABASE_URL: urlOf(names[1]!) })).rejects.toThrow(
        'already holds tables',
      );
    } finally {
      for (const n of names) await admin.query(`drop database if exists ${n} with (force)`);
      await admin.end();
    }
  });
});

describe('one process at a time on the embedded database', () => {
  it('refuses backup and restore while a running server holds DATA_DIR, and ignores a stale mark', async () => {
    const dir = path.join(tmp, 'held');
    fs.mkdirSync(dir);
    const release = holdDataDir(dir);
    expect(() => assertDataDirFree(dir)).toThrow(`process ${process.pid}`);
    const archive = path.join(tmp, 'any.tar.gz');
    fs.writeFileSync(archive, gzipSync('not restored'));
    await expect(restoreDatabase({ dataDir: dir }, archive, { force: true })).rejects.toThrow(`process ${process.pid}`);
    expect(fs.existsSync(dir)).toBe(true);
    release();
    expect(() => assertDataDirFree(dir)).not.toThrow();
    // A server killed without cleaning up: its process is gone, so the mark does not block.
    fs.writeFileSync(path.join(dir, 'ranan-serve.pid'), '2147483646');
    expect(() => assertDataDirFree(dir)).not.toThrow();
  });

  it("does not carry the running server's mark into a restored DATA_DIR", { timeout: 120_000 }, async () => {
    const dir = path.join(tmp, 'marked');
    const database = await openDatabase({ dataDir: dir });
    const release = holdDataDir(dir);
    const file = path.join(tmp, 'marked.tar.gz');
    try {
      await database.backup(file);
    } finally {
      await database.close();
      release();
    }
    const target = path.join(tmp, 'marked-restored');
    await restoreDatabase({ dataDir: target }, file);
    expect(fs.existsSync(path.join(target, 'PG_VERSION'))).toBe(true);
    expect(fs.existsSync(path.join(target, 'ranan-serve.pid'))).toBe(false);
  });
});
