import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inArray, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { buildFiller, cylinderRow } from '../../../test/cylinder-factories.ts';
import { createPostgresTestDatabaseFromSnapshot, fillTestDataDir } from '../../../test/db.ts';
import { buildUser } from '../../../test/factories.ts';
import { type Database, openDatabase } from '../../db/client.ts';
import { cylinderEventsTable, cylindersTable } from './cylinders.table.ts';
import { freePort } from '../../../test/instances.ts';

/**
 * kill -9 of the server while a filling line sends batches of cylinder events (issue 11): every batch
 * the server acknowledged (200) is stored, and resending every batch to a restarted server stores
 * nothing twice. The server is a child process (`ranan serve`) over a database of its own: a new
 * PostgreSQL database when TEST_DATABASE_URL is set, else a PGlite data directory.
 */
const root = path.resolve(import.meta.dirname, '../../..');
const BATCH = 100;
const SENDERS = 4;
// Killed once this many batches were acknowledged: enough that some are stored and others in flight.
const KILL_AFTER = 6;

/** A database of the test's own, and the server's environment to reach it. */
async function ownDatabase(): Promise<{
  env: Record<string, string>;
  open(): Promise<Database>;
  drop(): Promise<void>;
}> {
  // Migrated and holding the organisation: from the run's snapshot (test/db.ts).
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ranan-cyl-kill-'));
  if (process.env.TEST_DATABASE_URL) {
    const created = await createPostgresTestDatabaseFromSnapshot({ organisation: true });
    return {
      env: { DATABASE_URL: created.url, DATA_DIR: dataDir },
      open: () => openDatabase({ databaseUrl: created.url }),
      async drop() {
        await created.drop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  await fillTestDataDir(dataDir, { organisation: true });
  return {
    env: { DATA_DIR: dataDir },
    open: () => openDatabase({ dataDir }),
    drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
  };
}

type Server = {
  url: string;
  child: ChildProcess;
  output: () => string;
  exited: Promise<NodeJS.Signals | number | null>;
};

async function startServer(env: Record<string, string>, auditKey: string): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(root, 'bin/ranan.js'), 'serve'], {
    cwd: root,
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      AUDIT_KEY: auditKey,
      RANAN_DEMO: '0',
      LOG_LEVEL: 'warn',
      MQTT_URL: '',
      MQTT_BROKER_PORT: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(signal ?? code)),
  );
  const server = { url: `http://127.0.0.1:${port}`, child, output: () => output, exited };
  const deadline = Date.now() + 170_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
    if (
      await fetch(`${server.url}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return server;
    if (Date.now() > deadline) throw new Error(`server did not start: ${output}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

describe('cylinder events under kill -9 of the server', () => {
  let database: Awaited<ReturnType<typeof ownDatabase>> | undefined;
  const servers: Server[] = [];
  afterAll(async () => {
    for (const s of servers)
      if (s.child.exitCode === null && s.child.signalCode === null) {
        s.child.kill('SIGKILL');
        await s.exited;
      }
    await database?.drop();
  });

  it('stores every acknowledged batch, and a resend of everything stores nothing twice', {
    timeout: 600_000,
  }, async () => {
    database = await ownDatabase();
    const setup: Database = await database.open();
    let user: { username: string; password: string };
    let stationId: string;
    const codes: string[] = [];
    try {
      user = await buildUser(setup.db, 'office_admin', 'global');
      const { enterprise: a, station } = await buildFiller(setup.db);
      stationId = station.id;
      for (let i = 0; i < 50; i++) codes.push(`KILL-${randomBytes(4).toString('hex').toUpperCase()}-${i}`);
      await setup.db
        .insert(cylindersTable)
        .values(codes.map((code, i) => cylinderRow(a, { code, phase: 'liquid', serialNumber: `SN-${i}` })));
    } finally {
      await setup.close();
    }
    const auditKey = randomBytes(32).toString('hex');

    // A filling line's token for the station, issued by the office through the first server.
    const first = await startServer(database.env, auditKey);
    servers.push(first);
    const login = await fetch(`${first.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: user.username, password: user.password }),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const issued = await fetch(`${first.url}/api/v1/machine-tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ name: '充装线', role: 'filling_line', scopeType: 'facility', facilityId: stationId }),
    });
    expect(issued.status).toBe(201);
    const authorization = `Bearer ${((await issued.json()) as { secret: string }).secret}`;

    const makeBatch = () =>
      Array.from({ length: BATCH }, (_, i) => ({
        eventId: randomUUID(),
        type: 'seen',
        code: codes[i % codes.length]!,
        occurredAt: new Date(Date.now() - 60_000 + i).toISOString(),
        stationId,
      }));
    const post = (base: string, events: unknown[]) =>
      fetch(`${base}/api/v1/cylinder-events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: JSON.stringify({ events }),
      });

    // Senders keep batches in flight until the server dies under them.
    const sent: { eventId: string }[][] = [];
    const acknowledged: { eventId: string }[][] = [];
    let killed = false;
    const sender = async () => {
      while (!killed) {
        const batch = makeBatch();
        sent.push(batch);
        const res = await post(first.url, batch).catch(() => null);
        if (!res) return;
        if (res.status !== 200) throw new Error(`batch answered ${res.status}: ${await res.text()}\n${first.output()}`);
        acknowledged.push(batch);
        if (acknowledged.length >= KILL_AFTER && !killed) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: SENDERS }, sender));
    expect(await first.exited).toBe('SIGKILL');
    expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER);
    // Some batches were in flight when it died.
    expect(sent.length).toBeGreaterThan(acknowledged.length);

    const storedIds = async (ids: string[]) => {
      const db = await database!.open();
      try {
        const rows = await db.db
          .select({ eventId: cylinderEventsTable.eventId })
          .from(cylinderEventsTable)
          .where(inArray(cylinderEventsTable.eventId, ids));
        const [{ n }] = (
          (await db.db.execute(
            sql`select count(*)::int as n from ${cylinderEventsTable} where ${cylinderEventsTable.type} = 'seen'`,
          )) as unknown as { rows: { n: number }[] }
        ).rows as [{ n: number }];
        return { ids: rows.map((r) => r.eventId), seen: Number(n) };
      } finally {
        await db.close();
      }
    };
    const ackIds = acknowledged.flat().map((e) => e.eventId);
    const afterKill = await storedIds(ackIds);
    expect(new Set(afterKill.ids)).toEqual(new Set(ackIds));

    // Restarted, the line resends every batch it sent (acknowledged or not): each event is stored once.
    const second = await startServer(database.env, auditKey);
    servers.push(second);
    // Resent by as many senders as before (concurrent resends of one stream, as a line's queue would drain).
    let next = 0;
    const resender = async () => {
      for (let batch = sent[next++]; batch; batch = sent[next++]) {
        const res = await post(second.url, batch);
        expect(res.status, await res.clone().text()).toBe(200);
      }
    };
    await Promise.all(Array.from({ length: SENDERS }, resender));
    second.child.kill('SIGTERM');
    await second.exited;
    const allIds = sent.flat().map((e) => e.eventId);
    const afterResend = await storedIds(allIds);
    expect(afterResend.ids).toHaveLength(allIds.length);
    expect(new Set(afterResend.ids).size).toBe(allIds.length);
    expect(afterResend.seen).toBe(allIds.length);
  });
});
