import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../server/app.ts';
import { testConfig } from '../server/config.ts';
import { type Database, openDatabase } from '../server/db/client.ts';
import { PRIMARY_COOKIE } from '../server/platform/read-routing-hook.ts';
import { seedOrganisation } from '../server/seed/organisation.seed.ts';
import { buildUser } from './factories.ts';
import { buildVenue } from './registry-factories.ts';
import { freePort } from './instances.ts';

/**
 * A streaming replica made with the machine's PostgreSQL binaries (issue 17): a primary cluster of its own
 * (initdb in a temporary folder), `pg_basebackup -R` into another folder, a second server on another port
 * following it. The app opened with DATABASE_URL and DATABASE_READ_URL serves GET handlers' reads from the
 * replica (shown by pausing the replica's replay: a row added on the primary is missing from the list until
 * replay resumes), keeps a browser that has just changed something on the primary, and writes on the
 * primary; the replica itself refuses writes. Runs in the PostgreSQL leg (TEST_DATABASE_URL), where the
 * binaries are installed; the servers run as the postgres user, as PostgreSQL refuses to run as root.
 */
const bin = fs.existsSync('/usr/lib/postgresql')
  ? fs
      .readdirSync('/usr/lib/postgresql')
      .map((v) => path.join('/usr/lib/postgresql', v, 'bin'))
      .find((d) => fs.existsSync(path.join(d, 'pg_basebackup')))
  : undefined;
const canRun = Boolean(process.env.TEST_DATABASE_URL && bin && fs.existsSync('/usr/sbin/runuser'));

// pg_ctl's server keeps any pipe it was given open, so nothing is piped: its output goes to the -l log.
const asPostgres = (tool: string, args: string[]) =>
  execFileSync('/usr/sbin/runuser', ['-u', 'postgres', '--', path.join(bin!, tool), ...args], {
    stdio: 'ignore',
    timeout: 120_000,
  });

describe.runIf(canRun)('a read replica (DATABASE_READ_URL)', { timeout: 180_000 }, () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'ranan-replica-'));
  const primaryDir = path.join(base, 'primary');
  const replicaDir = path.join(base, 'replica');
  let primaryPort = 0;
  let replicaPort = 0;
  let database: Database;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let reader: string;
  let writer: string;
  let venueId: string;
  const url = (port: number) => `postgres://root@127.0.0.1:${port}/ranan`;

  beforeAll(async () => {
    execFileSync('chown', ['postgres', base]);
    primaryPort = await freePort();
    replicaPort = await freePort();
    asPostgres('initdb', ['-D', primaryDir, '-A', 'trust', '-U', 'root', '--no-sync', '-E', 'UTF8', '--locale=C']);
    const opts = `-c port=%p -c listen_addresses=127.0.0.1 -c unix_socket_directories=${base} -c fsync=off`;
    asPostgres('pg_ctl', [
      '-D',
      primaryDir,
      '-l',
      path.join(base, 'primary.log'),
      '-o',
      opts.replace('%p', String(primaryPort)),
      '-w',
      'start',
    ]);
    const admin = new pg.Client({ connectionString: `postgres://root@127.0.0.1:${primaryPort}/postgres` });
    await admin.connect();
    await admin.query('create database ranan');
    await admin.end();
    const setup = await openDatabase({ databaseUrl: url(primaryPort) });
    await setup.migrate();
    await seedOrganisation(setup.db);
    const a = await buildUser(setup.db, 'office_admin', 'global');
    const b = await buildUser(setup.db, 'office_admin', 'global');
    await setup.close();
    asPostgres('pg_basebackup', [
      '-h',
      '127.0.0.1',
      '-p',
      String(primaryPort),
      '-U',
      'root',
      '-D',
      replicaDir,
      '-R',
      '-X',
      'stream',
      // An immediate checkpoint: the default spreads it over minutes after the migrations' writes.
      '--checkpoint=fast',
    ]);
    asPostgres('pg_ctl', [
      '-D',
      replicaDir,
      '-l',
      path.join(base, 'replica.log'),
      '-o',
      opts.replace('%p', String(replicaPort)),
      '-w',
      'start',
    ]);

    database = await openDatabase({ databaseUrl: url(primaryPort), readUrl: url(replicaPort) });
    app = await buildApp({
      config: testConfig({
        databaseUrl: url(primaryPort),
        databaseReadUrl: url(replicaPort),
        readYourWritesSeconds: 10,
      }),
      database,
    });
    const login = async (u: { username: string; password: string }) => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: u.username, password: u.password },
      });
      expect(res.statusCode).toBe(200);
      const session = res.cookies.find((c) => c.name !== PRIMARY_COOKIE)!;
      // The sign-in itself pins this browser to the primary for a while; the tests decide that cookie themselves.
      expect(res.cookies.some((c) => c.name === PRIMARY_COOKIE)).toBe(true);
      return `${session.name}=${session.value}`;
    };
    writer = await login(a);
    reader = await login(b);
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await database?.close();
    for (const dir of [replicaDir, primaryDir])
      if (fs.existsSync(path.join(dir, 'postmaster.pid'))) asPostgres('pg_ctl', ['-D', dir, '-m', 'immediate', 'stop']);
    fs.rmSync(base, { recursive: true, force: true });
  });

  const replica = async <T>(fn: (c: pg.Client) => Promise<T>) => {
    const c = new pg.Client({ connectionString: url(replicaPort) });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  };
  const listed = async (name: string, cookie: string) => {
    const res = await app.inject({ url: `/api/v1/venues?q=${encodeURIComponent(name)}`, headers: { cookie } });
    expect(res.statusCode).toBe(200);
    return (res.json() as { items: { name: string }[] }).items.map((i) => i.name);
  };

  it('serves lists from the replica, and a browser that just changed something from the primary', async () => {
    // Wait until the replica has caught up with the set-up, then hold its replay.
    const primaryLsn = (await database.db.execute(sql`select pg_current_wal_lsn()::text as lsn`)) as unknown as {
      rows: { lsn: string }[];
    };
    for (let i = 0; ; i++) {
      const caught = await replica((c) =>
        c.query('select pg_last_wal_replay_lsn() >= $1::pg_lsn as ok', [primaryLsn.rows[0]!.lsn]),
      );
      if (caught.rows[0].ok) break;
      if (i > 100) throw new Error('the replica did not catch up');
      await new Promise((r) => setTimeout(r, 100));
    }
    await replica((c) => c.query('select pg_wal_replay_pause()'));

    const venue = await buildVenue(database.db, { name: '副本测试羊肉馆', gasSources: ['bottled_lpg'] });
    venueId = venue.id;
    // From the paused replica: not there yet.
    expect(await listed('副本测试羊肉馆', reader)).toEqual([]);
    // A browser holding the cookie of a recent change reads the primary: there.
    const pin = `${PRIMARY_COOKIE}=${Date.now() + 10_000}`;
    expect(await listed('副本测试羊肉馆', `${reader}; ${pin}`)).toEqual(['副本测试羊肉馆']);
    // An expired pin is no pin.
    expect(await listed('副本测试羊肉馆', `${reader}; ${PRIMARY_COOKIE}=${Date.now() - 1}`)).toEqual([]);

    await replica((c) => c.query('select pg_wal_replay_resume()'));
    for (let i = 0; ; i++) {
      if ((await listed('副本测试羊肉馆', reader)).length === 1) break;
      if (i > 100) throw new Error('the replica did not replay the new venue');
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  it('writes on the primary while reads go to the replica, and pins the writer to the primary', async () => {
    const res = await app.inject({
      method: 'PATCH',
      url: `/api/v1/venues/${venueId}`,
      headers: { cookie: writer },
      payload: { name: '副本测试羊肉馆（改名）' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const pin = res.cookies.find((c) => c.name === PRIMARY_COOKIE);
    expect(Number(pin?.value)).toBeGreaterThan(Date.now());
    const stored = (await database.db.execute(sql`select name from venues where id = ${venueId}`)) as unknown as {
      rows: { name: string }[];
    };
    expect(stored.rows[0]!.name).toBe('副本测试羊肉馆（改名）');
  });

  it('refuses writes on the replica itself', async () => {
    await expect(replica((c) => c.query('create table refused (id int)'))).rejects.toMatchObject({ code: '25006' });
    await expect(
      replica((c) => c.query(`update venues set name = 'x' where id = $1`, [venueId])),
    ).rejects.toMatchObject({ code: '25006' });
  });
});
