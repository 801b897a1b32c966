import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
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
  const name = `ranan_test_${Date.now()}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(snapshot ? `create database ${name} template ${snapshot}` : `create database ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: target.toString() });
  if (!snapshot) await prepared(database, organisation);
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

async function prepared(database: Database, organisation: boolean): Promise<Database> {
  await database.migrate();
  if (organisation) await seedOrganisation(database.db);
  return database;
}
