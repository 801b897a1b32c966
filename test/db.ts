import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { inject } from 'vitest';
import { type Database, openDatabase } from '../server/db/client.ts';
import { seedOrganisation } from '../server/seed/organisation.seed.ts';

/**
 * A database of its own for one test file, migrated, and with the plan's organisation when asked:
 * in-memory PGlite by default, or a new database on the PostgreSQL server named by
 * TEST_DATABASE_URL (dropped again at close). It starts from the run's snapshot (test/global-setup.ts:
 * a PGlite data-directory dump, or a PostgreSQL template database), so no file migrates or seeds
 * the organisation itself; without one (run outside the vitest config) it migrates and seeds.
 */
export async function createTestDatabase({ organisation = false }: { organisation?: boolean } = {}): Promise<Database> {
  const snapshots = inject('testDatabaseSnapshots') ?? null;
  const snapshot = snapshots ? (organisation ? snapshots.organisation : snapshots.migrated) : null;
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    if (snapshot) return openDatabase({ loadDataDir: new Blob([fs.readFileSync(snapshot)]) });
    return prepared(await openDatabase({}), organisation);
  }
  const created = await createPostgresTestDatabase(url, snapshot);
  const database = await openDatabase({ databaseUrl: created.url });
  if (!snapshot) await prepared(database, organisation);
  return {
    ...database,
    async close() {
      await database.close();
      await created.drop();
    },
  };
}

/**
 * For tests that open a PostgreSQL database more than once (several instances, child processes): a new
 * database on the server named by TEST_DATABASE_URL, copied from the run's migrated template, or from the
 * one holding the organisation. Its URL, and `drop` for the end.
 */
export async function createPostgresTestDatabaseFromSnapshot({
  organisation = false,
}: {
  organisation?: boolean;
} = {}): Promise<{ url: string; drop(): Promise<void> }> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set');
  const snapshots = inject('testDatabaseSnapshots') ?? null;
  const snapshot = snapshots ? (organisation ? snapshots.organisation : snapshots.migrated) : null;
  const created = await createPostgresTestDatabase(url, snapshot);
  if (!snapshot) {
    const database = await prepared(await openDatabase({ databaseUrl: created.url }), organisation);
    await database.close();
  }
  return created;
}

/**
 * For tests whose server runs in a child process on the embedded database: fills the empty PGlite data
 * folder `dataDir` from the run's snapshot (migrated, or holding the organisation).
 */
export async function fillTestDataDir(dataDir: string, { organisation = false }: { organisation?: boolean } = {}) {
  const snapshots = inject('testDatabaseSnapshots') ?? null;
  const snapshot = snapshots ? (organisation ? snapshots.organisation : snapshots.migrated) : null;
  if (snapshot) {
    const client = await PGlite.create({ dataDir, loadDataDir: new Blob([fs.readFileSync(snapshot)]) });
    await client.close();
    return;
  }
  await (await prepared(await openDatabase({ dataDir }), organisation)).close();
}

async function createPostgresTestDatabase(url: string, template: string | null) {
  const name = `ranan_test_${Date.now()}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(template ? `create database ${name} template ${template}` : `create database ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  return {
    url: target.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

async function prepared(database: Database, organisation: boolean): Promise<Database> {
  await database.migrate();
  if (organisation) await seedOrganisation(database.db);
  return database;
}
