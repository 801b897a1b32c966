import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../server/db/client.ts';
import { type Instance, startInstance, waitHealthy } from './instances.ts';
import { seedOrganisation } from '../server/seed/organisation.seed.ts';
import { buildUser } from './factories.ts';
import { buildEnterprise, buildVenue } from './registry-factories.ts';
import { vehiclesTable } from '../server/modules/registry/index.ts';

/**
 * Several instances of `ranan serve` over one PostgreSQL database, behind a small round-robin proxy
 * (issue 17): sessions are in the database, so a user signed in through one instance works through the
 * others; a periodic job scheduled by all of them runs once; an event raised on one instance reaches a
 * live client connected to another (each instance tails the one outbox). PostgreSQL only (the CI leg with
 * TEST_DATABASE_URL): each instance is a process of its own.
 */
const adminUrl = process.env.TEST_DATABASE_URL;

/** A round-robin HTTP proxy in front of the instances; `hits` counts the requests each one was sent. */
function roundRobin(upstreams: string[]) {
  const hits = upstreams.map(() => 0);
  let next = 0;
  const server = http.createServer((req, res) => {
    const i = next++ % upstreams.length;
    hits[i]!++;
    const target = new URL(req.url ?? '/', upstreams[i]);
    const upstream = http.request(
      target,
      { method: req.method, headers: { ...req.headers, host: target.host } },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => {
      res.writeHead(502).end();
    });
    req.pipe(upstream);
  });
  return {
    hits,
    listen: () =>
      new Promise<string>((resolve) =>
        server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as net.AddressInfo).port}`)),
      ),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe.skipIf(!adminUrl)('several server instances over one PostgreSQL', { timeout: 240_000 }, () => {
  const name = `ranan_test_multi_${Date.now()}_${randomBytes(3).toString('hex')}`;
  let database: Database;
  let instances: Instance[] = [];
  let proxy: ReturnType<typeof roundRobin>;
  let proxyUrl: string;
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
    const auditKey = randomBytes(32).toString('hex');
    instances = await Promise.all([1, 2, 3].map(() => startInstance(target.toString(), auditKey)));
    await Promise.all(instances.map(waitHealthy));
    proxy = roundRobin(instances.map((i) => i.url));
    proxyUrl = await proxy.listen();
  }, 240_000);

  afterAll(async () => {
    await proxy?.close();
    for (const i of instances) {
      if (i.child.exitCode === null && i.child.signalCode === null) {
        i.child.kill('SIGTERM');
        await new Promise((r) => i.child.once('exit', r));
      }
      fs.rmSync(i.dataDir, { recursive: true, force: true });
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

  it('serves a user signed in through one instance on every other, and through the proxy in turn', async () => {
    const cookie = await signIn(instances[0]!.url);
    for (const i of instances) {
      const me = await fetch(`${i.url}/api/v1/auth/me`, { headers: { cookie } });
      expect(me.status).toBe(200);
      expect(((await me.json()) as { user: { username: string } }).user.username).toBe(user.username);
    }
    const before = [...proxy.hits];
    const answers = [];
    for (let n = 0; n < 9; n++)
      answers.push((await fetch(`${proxyUrl}/api/v1/auth/me`, { headers: { cookie } })).status);
    expect(answers).toEqual(Array(9).fill(200));
    expect(proxy.hits.map((h, i) => h - before[i]!)).toEqual([3, 3, 3]);
    // Signed out through one instance, the session ends on all of them: the other instances drop their cached
    // actor when their tail of the outbox reads the sign-out (their cache would otherwise keep it a minute).
    const out = await fetch(`${instances[1]!.url}/api/v1/auth/logout`, { method: 'POST', headers: { cookie } });
    expect(out.status).toBeLessThan(300);
    for (const i of instances) {
      const deadline = Date.now() + 20_000;
      const status = async () => (await fetch(`${i.url}/api/v1/auth/me`, { headers: { cookie } })).status;
      let seen = await status();
      while (seen === 200 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        seen = await status();
      }
      expect(seen).toBe(401);
    }
  });

  it("runs a periodic job once though every instance scheduled it (today's escalation slot)", async () => {
    // Each instance, at start, inserts the current slot of every periodic job and runs what is due.
    const deadline = Date.now() + 60_000;
    let rows: { key: string; status: string; attempts: number }[] = [];
    for (;;) {
      rows = (
        (await database.db.execute(
          sql`select key, status, attempts from job_runs where job = 'hazards.escalation' order by key`,
        )) as unknown as { rows: { key: string; status: string; attempts: number }[] }
      ).rows;
      if (rows.length > 0 && rows.every((r) => r.status === 'succeeded')) break;
      if (Date.now() > deadline) throw new Error(`the job did not run: ${JSON.stringify(rows)}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'succeeded', attempts: 1 });
  });

  it('brings an event raised on one instance to a live client of another', async () => {
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
    // Raised on the first instance: a hazard entered by hand.
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
    const deadline = Date.now() + 20_000;
    try {
      while (!received.includes(hazardId)) {
        if (Date.now() > deadline) throw new Error(`no event for ${hazardId} on the third instance: ${received}`);
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
    }
    const event = received
      .split('\n')
      .filter((l) => l.startsWith('data: ') && l.includes(hazardId))
      .map((l) => JSON.parse(l.slice(6)) as { type: string; subject: { id: string } })[0]!;
    expect(event.type).toMatch(/^hazard\./);
    expect(event.subject.id).toBe(hazardId);
  });

  it('loses no acknowledged reading or position when one instance is killed (kill -9) during ingestion through the proxy', async () => {
    const cookie = await signIn(instances[0]!.url);
    const office = (method: string, url: string, body: unknown) =>
      fetch(`${instances[0]!.url}${url}`, {
        method,
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const token = await office('POST', '/api/v1/machine-tokens', {
      name: '网关',
      role: 'sensor_gateway',
      scopeType: 'global',
    });
    expect(token.status, await token.clone().text()).toBe(201);
    const authorization = `Bearer ${((await token.json()) as { secret: string }).secret}`;
    const sensors = Array.from({ length: 8 }, (_, n) => `MULTI-K-${n}`);
    for (const code of sensors) {
      const made = await office('POST', '/api/v1/sensors', {
        code,
        kind: 'kitchen_gas',
        objectType: 'venue',
        objectId: venueId,
      });
      expect(made.status, await made.text()).toBe(201);
    }

    // Four vehicles of a bottled-gas operator, reporting through the operator's terminal token.
    const operator = await buildEnterprise(database.db, { kind: 'bottled_operator' });
    const vehicles = (
      await database.db
        .insert(vehiclesTable)
        .values(
          [0, 1, 2, 3].map((n) => ({ plate: `蒙K9${n}001`, kind: 'delivery' as const, enterpriseId: operator.id })),
        )
        .returning({ id: vehiclesTable.id })
    ).map((v) => v.id);
    const terminal = await office('POST', '/api/v1/machine-tokens', {
      name: '车载终端',
      role: 'vehicle_terminal',
      scopeType: 'enterprise',
      enterpriseId: operator.id,
    });
    expect(terminal.status, await terminal.clone().text()).toBe(201);
    const terminalAuth = `Bearer ${((await terminal.json()) as { secret: string }).secret}`;

    // Eight gateways' worth of senders, 50 readings a batch, one second apart, from an hour ago onward; and
    // the four vehicles, 20 fixes a batch, two seconds apart, from two hours ago onward.
    const start = Date.now() - 3_600_000;
    const acked: string[] = [];
    const ackedPositions: string[] = [];
    let stop = false;
    let killedAt = -1;
    const vehicleSender = async (vehicleId: string) => {
      let next = 0;
      while (!stop) {
        const from = next;
        const rows = Array.from({ length: 20 }, (_, i) => ({
          vehicleId,
          time: new Date(start - 3_600_000 + (from + i) * 2_000).toISOString(),
          lat: 38.6,
          // About 30 km/h eastward: a plausible track (an impossible jump would be refused).
          lng: 108.8 + (from + i) * 0.0002,
          speed: 30,
        }));
        const res = await fetch(`${proxyUrl}/api/v1/delivery/positions`, {
          method: 'POST',
          headers: { authorization: terminalAuth, 'content-type': 'application/json' },
          body: JSON.stringify({ rows }),
        }).catch(() => null);
        // Not acknowledged: the terminal sends the same batch again.
        if (res?.status !== 200) continue;
        const answer = (await res.json()) as { accepted: number };
        expect(answer.accepted).toBe(20);
        for (const r of rows) ackedPositions.push(`${r.vehicleId}@${r.time}`);
        next += 20;
      }
    };
    const sender = async (n: number) => {
      let next = 0;
      while (!stop) {
        const from = next;
        const readings = Array.from({ length: 50 }, (_, i) => ({
          sensorCode: sensors[n]!,
          at: new Date(start + (from + i) * 1000).toISOString(),
          value: 2 + ((from + i) % 7) / 10,
        }));
        const res = await fetch(`${proxyUrl}/api/v1/readings`, {
          method: 'POST',
          headers: { authorization, 'content-type': 'application/json' },
          body: JSON.stringify({ readings }),
        }).catch(() => null);
        // Not acknowledged (the killed instance, or a shed batch): send the same batch again, as a gateway would.
        if (res?.status !== 200) continue;
        const answer = (await res.json()) as { accepted: number; duplicates: number; rejected: unknown[] };
        expect(answer.rejected).toEqual([]);
        expect(answer.accepted + answer.duplicates).toBe(50);
        for (const r of readings) acked.push(`${r.sensorCode}@${r.at}`);
        next += 50;
      }
    };
    const running = Promise.all([...sensors.map((_, n) => sender(n)), ...vehicles.map((v) => vehicleSender(v))]);
    const victim = instances[1]!;
    while (acked.length < 40 * 50 || ackedPositions.length < 20 * 20) await new Promise((r) => setTimeout(r, 20));
    victim.child.kill('SIGKILL');
    killedAt = acked.length;
    const positionsAtKill = ackedPositions.length;
    while (acked.length < killedAt + 40 * 50 || ackedPositions.length < positionsAtKill + 20 * 20)
      await new Promise((r) => setTimeout(r, 20));
    stop = true;
    await running;
    expect(victim.child.signalCode).toBe('SIGKILL');

    const stored =
      (await database.db.execute(sql`select s.code, r.at from readings r join sensors s on s.id = r.sensor_id
      where s.code like 'MULTI-K-%'`)) as unknown as { rows: { code: string; at: Date | string }[] };
    const have = new Set(stored.rows.map((r) => `${r.code}@${new Date(r.at).toISOString()}`));
    const missing = acked.filter((k) => !have.has(k));
    expect(missing).toEqual([]);
    expect(have.size).toBeGreaterThanOrEqual(acked.length);

    const fixes = (await database.db.execute(sql`select vehicle_id, at from vehicle_positions
      where vehicle_id in (${sql.join(
        vehicles.map((v) => sql`${v}::uuid`),
        sql`, `,
      )})`)) as unknown as { rows: { vehicle_id: string; at: Date | string }[] };
    const fixed = new Set(fixes.rows.map((r) => `${r.vehicle_id}@${new Date(r.at).toISOString()}`));
    expect(ackedPositions.filter((k) => !fixed.has(k))).toEqual([]);
    expect(fixed.size).toBeGreaterThanOrEqual(new Set(ackedPositions).size);
  });
});
