import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { type Database, runPgTool } from './client.ts';

/**
 * Backups of the whole database — the register, the ledger, the audit trail and the uploaded files,
 * which are stored in the database (`files.data`) — in the engine's own format:
 * - embedded (PGlite): the data folder as a .tar.gz (`dumpDataDir`), restored into an empty DATA_DIR;
 * - PostgreSQL: `pg_dump --format=custom`, restored with `pg_restore` (both from PATH).
 * A backup restores into the same kind of database it was taken from.
 */
export type BackupKind = 'pglite' | 'postgres';

/** What a backup file holds, from its first bytes: gzip (PGlite's tar.gz) or pg_dump's custom format. */
export function backupKindOf(file: string): BackupKind {
  const fd = fs.openSync(file, 'r');
  const head = Buffer.alloc(5);
  try {
    fs.readSync(fd, head, 0, 5, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (head[0] === 0x1f && head[1] === 0x8b) return 'pglite';
  if (head.toString('latin1') === 'PGDMP') return 'postgres';
  throw new Error(`${file} is not a backup of this platform (neither an embedded-database archive nor a pg_dump file)`);
}

/** ranan-2026-12-06T20-30-00Z.tar.gz (embedded) or .dump (PostgreSQL): names sort by time. */
export function backupFileName(kind: BackupKind, at = new Date()): string {
  const stamp = at
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-');
  return `ranan-${stamp}.${kind === 'pglite' ? 'tar.gz' : 'dump'}`;
}

const PID_FILE = 'ranan-serve.pid';

/**
 * `ranan serve` marks the embedded database it holds (DATA_DIR/ranan-serve.pid) so that `ranan backup`
 * and `ranan restore` refuse to open it at the same time — a second process on a PGlite data folder
 * can corrupt it. Returns the function that removes the mark.
 */
export function holdDataDir(dataDir: string): () => void {
  const file = path.join(dataDir, PID_FILE);
  fs.writeFileSync(file, String(process.pid));
  return () => {
    if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === String(process.pid)) fs.rmSync(file);
  };
}

/** Refuses when a running `ranan serve` holds the embedded database in `dataDir` (a stale mark is ignored). */
export function assertDataDirFree(dataDir: string): void {
  const file = path.join(dataDir, PID_FILE);
  if (!fs.existsSync(file)) return;
  const pid = Number(fs.readFileSync(file, 'utf8'));
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    process.kill(pid, 0);
  } catch {
    return; // no such process: the server stopped without removing its mark
  }
  throw new Error(
    `The server (process ${pid}) is using the embedded database in ${dataDir}: stop it first, or let it write the backups (BACKUP_DIR)`,
  );
}

const dirIsEmpty = (dir: string) => !fs.existsSync(dir) || fs.readdirSync(dir).length === 0;

/**
 * Restores a backup into the configured database. The embedded database is restored into DATA_DIR,
 * which must be empty (with `force`, an existing DATA_DIR is first moved aside to
 * `<DATA_DIR>.before-restore-<time>`, never deleted). PostgreSQL is restored into DATABASE_URL's
 * database, which must hold no platform tables (with `force`, the backup's objects replace them).
 * Stop the server first: it must not write while the database is replaced.
 */
export async function restoreDatabase(
  target: { databaseUrl?: string; dataDir: string },
  file: string,
  { force = false }: { force?: boolean } = {},
): Promise<{ kind: BackupKind; movedAside: string | null }> {
  const kind = backupKindOf(file);
  const targetKind: BackupKind = target.databaseUrl ? 'postgres' : 'pglite';
  if (kind !== targetKind)
    throw new Error(
      `${file} is a backup of ${kind === 'pglite' ? 'the embedded database' : 'PostgreSQL'}; the configured database is ${targetKind === 'pglite' ? 'the embedded one (DATA_DIR)' : 'PostgreSQL (DATABASE_URL)'}`,
    );
  if (kind === 'pglite') {
    if (fs.existsSync(target.dataDir)) assertDataDirFree(target.dataDir);
    let movedAside: string | null = null;
    if (!dirIsEmpty(target.dataDir)) {
      if (!force)
        throw new Error(`DATA_DIR ${target.dataDir} is not empty: restore into an empty folder, or pass --force`);
      movedAside = `${target.dataDir}.before-restore-${backupFileName('pglite').slice(6, -7)}`;
      fs.renameSync(target.dataDir, movedAside);
    }
    fs.mkdirSync(target.dataDir, { recursive: true });
    const client = await PGlite.create({
      dataDir: target.dataDir,
      loadDataDir: new Blob([fs.readFileSync(file)]),
    });
    await client.query('select 1');
    await client.close();
    // The archive holds every file of the data folder, so also the mark of the server that wrote it.
    fs.rmSync(path.join(target.dataDir, PID_FILE), { force: true });
    return { kind, movedAside };
  }
  const url = target.databaseUrl!;
  if (!force) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: number }>(
        "select count(*)::int as n from information_schema.tables where table_schema in ('public', 'drizzle')",
      );
      if ((rows[0]?.n ?? 0) > 0)
        throw new Error(
          'The database at DATABASE_URL already holds tables: restore into an empty database, or pass --force',
        );
    } finally {
      await client.end();
    }
  }
  await runPgTool('pg_restore', [
    '--no-owner',
    '--no-acl',
    '--single-transaction',
    '--exit-on-error',
    ...(force ? ['--clean', '--if-exists'] : []),
    `--dbname=${url}`,
    file,
  ]);
  return { kind, movedAside: null };
}

/** Writes one backup into `dir` and deletes the oldest of this platform's backups there beyond `keep`. */
export async function backupInto(database: Database, dir: string, keep: number): Promise<string> {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, backupFileName(database.kind));
  const partial = `${file}.partial`;
  await database.backup(partial);
  fs.renameSync(partial, file);
  const ours = fs
    .readdirSync(dir)
    .filter((f) => /^ranan-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.(tar\.gz|dump)$/.test(f))
    .sort();
  for (const old of ours.slice(0, Math.max(0, ours.length - keep))) fs.rmSync(path.join(dir, old));
  return file;
}

/**
 * The scheduled backup (BACKUP_DIR, BACKUP_INTERVAL_HOURS, BACKUP_KEEP): one backup at start and one
 * every interval, by the running server — the embedded database can only be backed up by the process
 * that holds it. Returns a function that stops the schedule.
 */
export function startScheduledBackups(
  database: Database,
  { dir, intervalHours, keep }: { dir: string; intervalHours: number; keep: number },
  log: (message: string, err?: unknown) => void,
): () => void {
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      log(`Backup written: ${await backupInto(database, dir, keep)}`);
    } catch (err) {
      log('Scheduled backup failed', err);
    } finally {
      running = false;
    }
  };
  const first = setTimeout(run, 5_000);
  const timer = setInterval(run, intervalHours * 3_600_000);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
