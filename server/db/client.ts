import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { NodePgSession, NodePgTransaction, drizzle as drizzlePg } from 'drizzle-orm/node-postgres';

import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { fuseCommits } from './commit-fusion.ts';
import { nameReads } from './named-reads.ts';
import { routeReads } from './read-routing.ts';
import * as schema from './schema.ts';

export type Schema = typeof schema;
/** The database handle every repository takes; a transaction handle is one too. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export type Database = {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Applies pending migrations; returns how many were applied. */
  migrate(): Promise<number>;
  ping(): Promise<boolean>;
  /**
   * Writes a full backup of the database to `file` (uploaded files included: they are stored in the
   * database): the embedded database's data folder as a .tar.gz (PGlite `dumpDataDir`), or PostgreSQL's
   * custom-format dump (`pg_dump -Fc`, which must be on PATH). Restore with `restoreDatabase`.
   */
  backup(file: string): Promise<void>;
  /**
   * Calls `onNotify` on each NOTIFY on `channel` (PostgreSQL: on a connection of its own, reopened when it
   * drops — `onNotify` is then called once, as anything may have been missed). Returns the unlisten function.
   */
  listen(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
};

export const migrationsFolder = path.resolve(import.meta.dirname, 'migrations');

type Options = {
  databaseUrl?: string;
  /** A read replica of `databaseUrl` (DATABASE_READ_URL): read-only queries of GET handlers go there (read-routing.ts). */
  readUrl?: string;
  dataDir?: string;
  /** Connections in the PostgreSQL pool (DB_POOL_SIZE; 20 when not given). */
  poolSize?: number;
  /** Start an in-memory PGlite from this data-directory dump (`dumpDataDir`) instead of an empty cluster. */
  loadDataDir?: Blob;
};

/**
 * PGlite in `dataDir` (or in memory when empty) unless a PostgreSQL URL is given.
 * The same migrations and code serve both.
 */
export async function openDatabase({
  databaseUrl,
  readUrl,
  dataDir,
  poolSize = 20,
  loadDataDir,
}: Options): Promise<Database> {
  if (databaseUrl) {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });
    // An idle connection the server closes (restart, admin termination) must not crash the
    // process: node-postgres emits it on the pool, and the next query opens a new connection.
    pool.on('error', () => {});
    const db = drizzlePg({ client: pool, schema, casing: 'snake_case' });
    fuseCommits(db, { NodePgSession, NodePgTransaction, Pool: pg.Pool });
    nameReads(NodePgSession);
    const replicaPool = readUrl ? new pg.Pool({ connectionString: readUrl, max: poolSize }) : null;
    replicaPool?.on('error', () => {});
    const handle = replicaPool ? routeReads(db, drizzlePg({ client: replicaPool, schema, casing: 'snake_case' })) : db;
    return {
      db: handle as unknown as Db,
      kind: 'postgres',
      migrate: () => countApplied(db as unknown as Db, () => migratePg(db, { migrationsFolder })),
      ping: async () => {
        await pool.query('select 1');
        return true;
      },
      backup: (file) =>
        runPgTool('pg_dump', [
          '--format=custom',
          '--no-owner',
          '--no-acl',
          `--file=${file}`,
          `--dbname=${databaseUrl}`,
        ]),
      listen: (channel, onNotify) => listenPg(databaseUrl, channel, onNotify),
      close: async () => {
        await pool.end();
        await replicaPool?.end();
      },
    };
  }
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  const client = dataDir
    ? await PGlite.create({ dataDir })
    : loadDataDir
      ? await PGlite.create({ loadDataDir })
      : await PGlite.create();
  const db = drizzlePglite({ client, schema, casing: 'snake_case' });
  return {
    db: db as unknown as Db,
    kind: 'pglite',
    migrate: () => countApplied(db as unknown as Db, () => migratePglite(db, { migrationsFolder })),
    ping: async () => {
      await client.query('select 1');
      return true;
    },
    backup: async (file) => {
      const dump = await client.dumpDataDir('gzip');
      fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    },
    listen: async (channel, onNotify) => {
      const unlisten = await client.listen(channel, () => onNotify());
      return async () => {
        if (!client.closed) await unlisten();
      };
    },
    close: () => client.close(),
  };
}

/** LISTEN on a dedicated connection, reconnecting (after a second) when it drops. */
async function listenPg(url: string, channel: string, onNotify: () => void): Promise<() => Promise<void>> {
  let client: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  const connect = async () => {
    const c = new pg.Client({ connectionString: url });
    c.on('notification', (n) => {
      if (n.channel === channel) onNotify();
    });
    c.on('error', () => {
      if (closed) return;
      client = null;
      void c.end().catch(() => {});
      retry = setTimeout(() => void connect().catch(() => {}), 1000);
      retry.unref();
    });
    try {
      await c.connect();
      await c.query(`listen ${pg.escapeIdentifier(channel)}`);
    } catch (err) {
      await c.end().catch(() => {});
      if (closed) return;
      retry = setTimeout(() => void connect().catch(() => {}), 1000);
      retry.unref();
      throw err;
    }
    if (closed) return void (await c.end());
    client = c;
    onNotify();
  };
  await connect();
  return async () => {
    closed = true;
    if (retry) clearTimeout(retry);
    await client?.end().catch(() => {});
  };
}

/** Runs pg_dump or pg_restore; a missing tool or a failure is an Error naming it and its message. */
export function runPgTool(tool: 'pg_dump' | 'pg_restore', args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', (err: NodeJS.ErrnoException) =>
      reject(
        new Error(
          err.code === 'ENOENT'
            ? `${tool} is not installed (PostgreSQL backups need the PostgreSQL client tools on PATH)`
            : `${tool}: ${err.message}`,
        ),
      ),
    );
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${tool} failed (${code}): ${stderr.trim()}`)),
    );
  });
}

async function countApplied(db: Db, run: () => Promise<void>): Promise<number> {
  const before = await appliedCount(db);
  await run();
  await inferDemoFact(db);
  return (await appliedCount(db)) - before;
}

/**
 * An installation seeded with demo data before `installation_facts` existed (migration 0006) has the demo
 * seed's audit entries but not the fact, so it showed no 演示数据 banner after upgrading: each migrate
 * (every start) records the fact when the trail shows the demo seed ran. Never inferred from RANAN_DEMO.
 */
async function inferDemoFact(db: Db): Promise<void> {
  await db.execute(
    `insert into installation_facts (key, value)
     select 'demo', '{"loaded":true}'::jsonb
     where exists (select 1 from audit_events where action in ('seed.demo', 'seed.demo_ledger'))
     on conflict (key) do nothing`,
  );
}

async function appliedCount(db: Db): Promise<number> {
  try {
    const result = (await db.execute('select count(*)::int as n from drizzle.__drizzle_migrations')) as unknown as {
      rows: { n: number }[];
    };
    return result.rows[0]?.n ?? 0;
  } catch {
    return 0;
  }
}
