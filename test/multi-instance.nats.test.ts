import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import { type NatsConnection, connect } from 'nats';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../server/db/client.ts';
import { natsIngestNames } from '../server/platform/ingest/ingest.nats.ts';
import { seedOrganisation } from '../server/seed/organisation.seed.ts';
import { buildUser } from './factories.ts';
import { type Instance, startInstance, waitHealthy } from './instances.ts';
import { buildVenue } from './registry-factories.ts';

/**
 * Three instances of `ranan serve` over one PostgreSQL with NATS_URL set (issue 17): live events travel between
 * instances over NATS (the relaying instance publishes the outbox's committed events on `<prefix>.events`), and
 * machine rows published to JetStream are pulled from one durable consumer by all three, each message
 * acknowledged after its rows commit. Needs TEST_DATABASE_URL and TEST_NATS_URL (the machine's NATS with JetStream,
 * 127.0.0.1:4222; .ci/run sets it).
 */
const adminUrl = process.env.TEST_DATABASE_URL;
const natsUrl = process.env.TEST_NATS_URL;

/** Null when NATS answers; otherwise why these tests are skipped. */
async function natsAbsent(): Promise<string | null> {
  if (!adminUrl) return 'TEST_DATABASE_URL is not set (each instance is a process over one PostgreSQL)';
  if (!natsUrl) return 'TEST_NATS_URL is not set';
  try {
    const nc = await connect({ servers: natsUrl, timeout: 3_000 });
    try {
      await (await nc.jetstreamManager()).getAccountInfo();
    } finally {
      await nc.close();
    }
    return null;
  } catch (err) {
    return `no NATS with JetStream at ${natsUrl} (${err instanceof Error ? err.message : String(err)})`;
  }
}
const skipped = await natsAbsent();
if (skipped) console.warn(`multi-instance.nats.test.ts skipped: ${skipped}`);

describe.skipIf(skipped !== null)('several server instances over one PostgreSQL and NATS', { timeout: 400_000 }, () => {
  const name = `ranan_test_nats_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const prefix = `t${randomBytes(4).toString('hex')}`;
  const names = natsIngestNames(prefix);
  let database: Database;
  let instances: Instance[] = [];
  let nc: NatsConnection;
  let user: { username: string; password: string };
  let venueId: string;

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const target = new URL(adminUrl!);
    target.pathname = `/${name}`;
    database = await openDatabase({ databaseUrl: target.toString() });
    await database.migrate();
    await seedOrganisation(database.db);
    user = await buildUser(database.db, 'office_admin', 'global');
    venueId = (await buildVenue(database.db, { gasSources: ['bottled_lpg'] })).id;
    nc = await connect({ servers: natsUrl });
    const auditKey = randomBytes(32).toString('hex');
    const env = { NATS_URL: natsUrl!, NATS_PREFIX: prefix, NATS_ACK_WAIT_SECONDS: '3' };
    instances = await Promise.all([1, 2, 3].map(() => startInstance(target.toString(), auditKey, env)));
    await Promise.all(instances.map(waitHealthy));
  }, 300_000);

  afterAll(async () => {
    for (const i of instances) {
      if (i.child.exitCode === null && i.child.signalCode === null) {
        i.child.kill('SIGTERM');
        await new Promise((r) => i.child.once('exit', r));
      }
      fs.rmSync(i.dataDir, { recursive: true, force: true });
    }
    if (nc) {
      await (await nc.jetstreamManager()).streams.delete(names.stream).catch(() => false);
      await nc.close();
    }
    await database?.close();
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  });

  async function signIn(base: string) {
    const res = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: user.username, password: user.password }),
    });
    expect(res.status).toBe(200);
    return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  }

  it('brings an event raised on instance A to a live client of instance C over NATS', async () => {
    // What travels on the installation's subject, seen by a subscriber of our own.
    const onNats: { type: string; subject: { id: string | null } }[] = [];
    const sub = nc.subscribe(`${prefix}.events`, {
      callback: (_err, msg) => onNats.push(...(msg.json() as typeof onNats)),
    });
    await nc.flush();
    const cookie = await signIn(instances[2]!.url);
    const controller = new AbortController();
    const stream = await fetch(`${instances[2]!.url}/api/v1/events/stream`, {
      headers: { cookie, accept: 'text/event-stream' },
      signal: controller.signal,
    });
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    const decoder = new TextDecoder();
    let received = '';
    const created = await fetch(`${instances[0]!.url}/api/v1/hazards`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({
        objectType: 'venue',
        objectId: venueId,
        itemId: 'venue.gas_in_bedroom',
        description: '卧室使用液化气',
        interimControl: '停用',
      }),
    });
    expect(created.status).toBe(201);
    const hazardId = ((await created.json()) as { id: string }).id;
    const deadline = Date.now() + 120_000;
    try {
      while (!received.includes(hazardId)) {
        if (Date.now() > deadline)
          throw new Error(
            `no event for ${hazardId} on the third instance: ${received}; on NATS: ${JSON.stringify(onNats)}; ${instances.map((i) => i.output()).join('\n')}`,
          );
        const chunk = await Promise.race([
          reader.read(),
          new Promise<{ done: true; value: undefined }>((r) =>
            setTimeout(() => r({ done: true, value: undefined }), 1000),
          ),
        ]);
        if (chunk.value) received += decoder.decode(chunk.value, { stream: true });
      }
    } finally {
      controller.abort();
      sub.unsubscribe();
    }
    const event = received
      .split('\n')
      .filter((l) => l.startsWith('data: ') && l.includes(hazardId))
      .map((l) => JSON.parse(l.slice(6)) as { type: string; subject: { id: string } })[0]!;
    expect(event.type).toMatch(/^hazard\./);
    // It came over NATS, published once (one relay at a time), though three instances were running.
    const relayed = onNats.filter((e) => e.subject.id === hazardId && e.type === event.type);
    expect(relayed).toHaveLength(1);
  });

  it('loses no reading acknowledged by JetStream when one instance is killed (kill -9) mid-batch', async () => {
    const cookie = await signIn(instances[0]!.url);
    const sensors = Array.from({ length: 8 }, (_, n) => `NATS-K-${n}`);
    for (const code of sensors) {
      const made = await fetch(`${instances[0]!.url}/api/v1/sensors`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ code, kind: 'kitchen_gas', objectType: 'venue', objectId: venueId }),
      });
      expect(made.status, await made.text()).toBe(201);
    }
    const js = nc.jetstream();
    const jsm = await nc.jetstreamManager();
    const subject = `${names.subjectPrefix}monitoring.readings`;
    // One reading a second per sensor from ten hours ago (never in the future, however many rounds run).
    const start = Date.now() - 10 * 3_600_000;
    const published: string[] = [];
    let messages = 0;
    const publish = async (n: number, from: number) => {
      const readings = Array.from({ length: 50 }, (_, i) => ({
        sensorCode: sensors[n]!,
        at: new Date(start + (from + i) * 1000).toISOString(),
        value: 2 + ((from + i) % 7) / 10,
      }));
      // Acknowledged by JetStream (stored in the stream): from here on it must reach the database.
      await js.publish(subject, JSON.stringify({ readings }));
      messages++;
      for (const r of readings) published.push(`${r.sensorCode}@${r.at}`);
    };
    const stored = async () =>
      Number(
        (
          (await database.db.execute(
            sql`select count(*)::int as n from readings r join sensors s on s.id = r.sensor_id where s.code like 'NATS-K-%'`,
          )) as unknown as { rows: { n: number }[] }
        ).rows[0]!.n,
      );
    // Eight gateways publish 50 readings a message; the instances are storing when one is killed.
    let next = 0;
    const round = async () => {
      const from = next;
      next += 50;
      await Promise.all(sensors.map((_, n) => publish(n, from)));
    };
    for (let r = 0; r < 40; r++) await round();
    const victim = instances[1]!;
    // Killed while messages are pulled and not yet acknowledged (their batch not committed yet).
    for (let tries = 0; ; tries++) {
      const info = await jsm.consumers.info(names.stream, names.durable);
      if (info.num_ack_pending >= 3 || tries > 200) break;
      await round();
    }
    victim.child.kill('SIGKILL');
    for (let r = 0; r < 40; r++) await round();
    expect(victim.child.exitCode === null || victim.child.signalCode === 'SIGKILL').toBe(true);

    // Everything published is stored once JetStream has given the killed instance's messages to the others.
    const deadline = Date.now() + 120_000;
    for (;;) {
      const info = await jsm.consumers.info(names.stream, names.durable);
      if (info.num_pending === 0 && info.num_ack_pending === 0 && (await stored()) >= published.length) break;
      if (Date.now() > deadline)
        throw new Error(`not all stored: ${await stored()} of ${published.length}; ${JSON.stringify(info)}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    const rows = (await database.db.execute(
      sql`select s.code, r.at from readings r join sensors s on s.id = r.sensor_id where s.code like 'NATS-K-%'`,
    )) as unknown as { rows: { code: string; at: Date | string }[] };
    const have = new Set(rows.rows.map((r) => `${r.code}@${new Date(r.at).toISOString()}`));
    expect(published.filter((k) => !have.has(k))).toEqual([]);
    expect(have.size).toBe(published.length);
    // Some messages were delivered twice: those the killed instance held unacknowledged went to another.
    const info = await jsm.consumers.info(names.stream, names.durable);
    expect(victim.child.signalCode).toBe('SIGKILL');
    expect(info.delivered.consumer_seq).toBeGreaterThan(messages);
    // The work queue is empty: every message was acknowledged, after its rows committed.
    expect((await jsm.streams.info(names.stream)).state.messages).toBe(0);
  });
});
