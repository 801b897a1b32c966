import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { type Db, migrationsFolder, openDatabase } from '../server/db/client.ts';
import * as schema from '../server/db/schema.ts';
import { seedOrganisation } from '../server/seed/organisation.seed.ts';
import './audit-key.setup.ts';

/**
 * Once per test run, the two starting states of a test database: migrated, and migrated with the
 * plan's organisation (what createTestApp starts from). Each test file then starts its own database
 * from them instead of migrating and seeding one:
 * - PGlite: data-directory dumps (`dumpDataDir`), loaded by each file with `loadDataDir`. They are
 *   kept in the temp folder under a digest of the server, domain and lock-file sources (and the
 *   day, since seeds may depend on it), so a later run with the same code reuses them.
 * - PostgreSQL (TEST_DATABASE_URL): two template databases, copied per file with
 *   `create database … template …`, dropped at the end of the run.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    testDatabaseSnapshots: { migrated: string; organisation: string } | null;
  }
}

const root = path.resolve(import.meta.dirname, '..');

function sourcesDigest(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|sql|json)$/.test(entry.name) && !entry.name.endsWith('.test.ts')) {
        hash.update(path.relative(root, full));
        hash.update(fs.readFileSync(full));
      }
    }
  };
  walk(path.join(root, 'server'));
  walk(path.join(root, 'domain'));
  hash.update(fs.readFileSync(path.join(root, 'package-lock.json')));
  // The setup itself and the audit key the seeded entries are keyed with.
  hash.update(fs.readFileSync(path.join(root, 'test/global-setup.ts')));
  hash.update(fs.readFileSync(path.join(root, 'test/audit-key.setup.ts')));
  hash.update(new Date().toISOString().slice(0, 10));
  return hash.digest('hex').slice(0, 20);
}

async function writeAtomically(file: string, blob: Blob) {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  fs.writeFileSync(tmp, Buffer.from(await blob.arrayBuffer()));
  fs.renameSync(tmp, file);
}

/**
 * The run's own hold on the shared snapshots: hard links (copies across file systems) in a folder of the
 * run, removed at its end. Another checkout's run removes shared snapshots an hour old, and a run reusing
 * one can last longer than what is left of that hour; the run's links keep the files it reads.
 */
function holdSnapshots(files: { migrated: string; organisation: string }) {
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ranan-test-run-'));
  const hold = (file: string) => {
    const mine = path.join(runDir, path.basename(file));
    try {
      fs.linkSync(file, mine);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
      fs.copyFileSync(file, mine);
    }
    return mine;
  };
  return {
    snapshots: { migrated: hold(files.migrated), organisation: hold(files.organisation) },
    release: () => fs.rmSync(runDir, { recursive: true, force: true }),
  };
}

async function pgliteSnapshots() {
  try {
    return holdSnapshots(await sharedPgliteSnapshots());
  } catch (err) {
    // Removed by another run between the check and the link: made again.
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    return holdSnapshots(await sharedPgliteSnapshots());
  }
}

async function sharedPgliteSnapshots() {
  const dir = path.join(os.tmpdir(), 'ranan-test-snapshots');
  fs.mkdirSync(dir, { recursive: true });
  const key = sourcesDigest();
  const migrated = path.join(dir, `${key}-migrated.tar.gz`);
  const organisation = path.join(dir, `${key}-organisation.tar.gz`);
  if (!fs.existsSync(migrated) || !fs.existsSync(organisation)) {
    const client = await PGlite.create();
    try {
      const db = drizzle({ client, schema, casing: 'snake_case' });
      await migrate(db, { migrationsFolder });
      await writeAtomically(migrated, await client.dumpDataDir('gzip'));
      await seedOrganisation(db as unknown as Db);
      await writeAtomically(organisation, await client.dumpDataDir('gzip'));
    } finally {
      await client.close();
    }
    // Older snapshots (other code, other days) are no use any more.
    // Not those of the last hour: another checkout's run on this machine may be reading them.
    const hourAgo = Date.now() - 3_600_000;
    for (const f of fs.readdirSync(dir)) {
      const file = path.join(dir, f);
      if (!f.startsWith(key) && (fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0) < hourAgo) {
        fs.rmSync(file, { force: true });
      }
    }
  }
  return { migrated, organisation };
}

async function postgresTemplates(url: string) {
  const prefix = `ranan_tmpl_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const names = { migrated: `${prefix}_migrated`, organisation: `${prefix}_organisation` };
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const at = (name: string) => {
    const target = new URL(url);
    target.pathname = `/${name}`;
    return target.toString();
  };
  try {
    await admin.query(`create database ${names.migrated}`);
    const migrated = await openDatabase({ databaseUrl: at(names.migrated), poolSize: 1 });
    await migrated.migrate();
    await migrated.close();
    await admin.query(`create database ${names.organisation} template ${names.migrated}`);
    const organisation = await openDatabase({ databaseUrl: at(names.organisation), poolSize: 1 });
    await seedOrganisation(organisation.db);
    await organisation.close();
  } finally {
    await admin.end();
  }
  const drop = async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    for (const name of Object.values(names)) await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  };
  return { names, drop };
}

export default async function setup(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const { snapshots, release } = await pgliteSnapshots();
    project.provide('testDatabaseSnapshots', snapshots);
    return release;
  }
  const { names, drop } = await postgresTemplates(url);
  project.provide('testDatabaseSnapshots', names);
  return drop;
}
