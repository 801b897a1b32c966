import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { searchTokens } from '../domain/registry/registry.ts';
import { buildApp } from '../server/app.ts';
import { testConfig } from '../server/config.ts';
import { openDatabase } from '../server/db/client.ts';
import { createTrackingService, registerDeliveryStreams } from '../server/modules/delivery/index.ts';
import { enterprisesTable, vehiclesTable } from '../server/modules/registry/registry.table.ts';
import { createUsersService } from '../server/modules/users/index.ts';
import { systemActor } from '../server/platform/access.ts';
import { createEvents } from '../server/platform/events/index.ts';
import { createIngest } from '../server/platform/ingest/index.ts';
import { seedOrganisation } from '../server/seed/organisation.seed.ts';
import { percentile, record, report, runMain } from './lib.ts';

/**
 * Vehicle positions per second through the delivery module's use case (`ingestPositions`: the
 * sender's vehicles resolved, every fix checked — in China, not ahead of the clock, no impossible
 * speed against the fix before it —, the platform's ingest stream with its bounded queue, multi-row
 * insert on conflict do nothing and one audit entry per batch, then the day's flags recomputed and
 * the live event published), against a raw multi-row insert of the same rows into an identical table
 * in the same run, on PostgreSQL. VEHICLES terminals send concurrently, each requests of 100 fixes
 * (one every 5 s), waiting for each acknowledgement.
 *
 * Live latency at that rate: the app is served on a socket with its events dispatcher (LISTEN/NOTIFY,
 * as server/main.ts starts it) and an office account reads `GET /api/v1/events/stream` — the live feed
 * the web's map subscribes to — while, during the load, one more vehicle sends a single fix every
 * MARK_MS through the same use case; the time from the send to the receipt of that fix's
 * `delivery.position` event on the stream is the latency (p50/p95 reported).
 *
 * The CPU each phase cost, as rates swing with the shared machine's load: this process's (Node's: the app
 * and the senders) and the database's, the PostgreSQL backends connected to the bench's database read from
 * /proc (so only with the database on this machine; otherwise not reported), in microseconds a row.
 */
const ROWS = Number(process.env.BENCH_POSITION_ROWS ?? 100_000);
const VEHICLES = Number(process.env.BENCH_VEHICLES ?? 20);
const REQUEST_ROWS = 100;
const BATCH = 1_000;
const MARK_MS = Number(process.env.BENCH_MARK_MS ?? 250);
/** BENCH_LIVE=0: no live-latency measure (the app's dispatcher and the marks do not run beside the load). */
const LIVE = process.env.BENCH_LIVE !== '0';
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';

/** CPU seconds (user + system) of each PostgreSQL backend connected to a database, by pid; null when /proc cannot tell. */
async function backendCpu(admin: pg.Client, dbName: string): Promise<Map<number, number> | null> {
  const pids = (await admin.query('select pid from pg_stat_activity where datname = $1', [dbName])).rows as {
    pid: number;
  }[];
  const out = new Map<number, number>();
  try {
    for (const { pid } of pids) {
      // Fields 14 and 15 (utime, stime) after the command's parenthesis, in clock ticks (100 a second).
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      out.set(pid, (Number(fields[11]) + Number(fields[12])) / 100);
    }
  } catch {
    return null;
  }
  return out;
}

/** What a phase cost in CPU: Node's (this process) and the database backends' (seconds). */
async function cpuPhase(admin: pg.Client, dbName: string) {
  const node = process.cpuUsage();
  const before = await backendCpu(admin, dbName);
  return async () => {
    const used = process.cpuUsage(node);
    const after = await backendCpu(admin, dbName);
    let database: number | null = null;
    if (before && after) {
      database = 0;
      for (const [pid, s] of after) database += s - (before.get(pid) ?? 0);
    }
    return { node: (used.user + used.system) / 1e6, database };
  };
}

async function main() {
  const dbName = `ranan_bench_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const version = (await admin.query('show server_version')).rows[0].server_version as string;
  await admin.query(`create database ${dbName}`);
  const target = new URL(adminUrl);
  target.pathname = `/${dbName}`;
  const database = await openDatabase({ databaseUrl: target.toString() });
  const label = `PostgreSQL ${version}, ${ROWS.toLocaleString('en')} positions, ${VEHICLES} vehicles`;
  try {
    await database.migrate();
    await seedOrganisation(database.db);
    const db = database.db;
    const regionId = (
      (await db.execute(sql`select id from regions where code = '150626100'`)) as unknown as { rows: { id: string }[] }
    ).rows[0]!.id;
    const [operator] = await db
      .insert(enterprisesTable)
      .values({
        kind: 'bottled_operator',
        name: '压测液化气公司',
        creditCode: '91150626BENCH00001',
        regionId,
        searchTokens: searchTokens('压测液化气公司'),
      })
      .returning();
    const vehicles = await db
      .insert(vehiclesTable)
      .values(
        Array.from({ length: VEHICLES + 1 }, (_, i) => ({
          plate: `蒙K9${String(1000 + i)}`,
          kind: 'delivery' as const,
          enterpriseId: operator!.id,
        })),
      )
      .returning({ id: vehiclesTable.id });
    // The last one is the watched vehicle of the live-latency measure; the others carry the load.
    const watched = vehicles.pop()!.id;
    await db.execute(sql.raw('create table bench_raw_positions (like vehicle_positions including all)'));

    // Each vehicle's track: a fix every 5 s from yesterday 06:00 China time, moving ~20 km/h eastwards.
    const perVehicle = Math.ceil(ROWS / VEHICLES);
    const start = new Date(
      `${new Date(Date.now() - 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10)}T06:00:00+08:00`,
    ).getTime();
    const trackOf = (v: number) =>
      Array.from({ length: perVehicle }, (_, i) => ({
        vehicleId: vehicles[v]!.id,
        time: new Date(start + i * 5_000).toISOString(),
        lat: 38.5 + v * 0.01,
        lng: 108.6 + i * 0.0003,
        speed: 20,
      }));
    const tracks = vehicles.map((_, v) => trackOf(v));
    const total = tracks.reduce((n, t) => n + t.length, 0);

    // Raw: multi-row inserts of BATCH rows, two at a time (the ingest's concurrency), no checks, no audit.
    const rows = tracks.flat();
    const pool = new pg.Pool({ connectionString: target.toString(), max: 2 });
    let rawNext = 0;
    const rawCpu = await cpuPhase(admin, dbName);
    const rawStarted = performance.now();
    await Promise.all(
      [0, 1].map(async () => {
        while (rawNext < rows.length) {
          const batch = rows.slice(rawNext, rawNext + BATCH);
          rawNext += BATCH;
          const params: unknown[] = [];
          const tuples = batch.map((r, i) => {
            params.push(r.vehicleId, r.time, r.lat, r.lng, r.speed, 'terminal');
            const b = i * 6;
            return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6})`;
          });
          await pool.query(
            `insert into bench_raw_positions (vehicle_id, at, lat, lng, speed_kmh, source) values ${tuples.join(', ')} on conflict do nothing`,
            params,
          );
        }
      }),
    );
    const rawSeconds = (performance.now() - rawStarted) / 1000;
    const rawUsed = await rawCpu();
    await pool.end();

    // The app with its live feed, as server/main.ts runs it; an office account watches the feed.
    const ingest = createIngest({ db, log: () => {} });
    const events = createEvents({ db, log: (m, e) => e && console.error(m, e), listen: database.listen });
    const app = await buildApp({ config: testConfig(), database, events, ingest });
    if (LIVE) events.start();
    registerDeliveryStreams(ingest);
    await createUsersService({ db }).create({
      actor: systemActor,
      username: 'benchoffice',
      displayName: 'bench',
      password: 'Bench-pass-2026',
      grants: [{ role: 'office_admin', scopeType: 'global' }],
      mustChangePassword: false,
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const login = await fetch(`${origin}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'benchoffice', password: 'Bench-pass-2026' }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const feed = new AbortController();
    const stream = await fetch(`${origin}/api/v1/events/stream`, { headers: { cookie }, signal: feed.signal });
    if (stream.status !== 200) throw new Error(`events stream: HTTP ${stream.status}`);
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    const received = new Set<string>();
    const reading = (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        for await (const chunk of stream.body as unknown as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          let end = buffer.indexOf('\n\n');
          while (end >= 0) {
            const message = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            end = buffer.indexOf('\n\n');
            const data = message.split('\n').find((l) => l.startsWith('data: '));
            if (!data) continue;
            const e = JSON.parse(data.slice(6)) as { type: string; payload?: { vehicleId?: string; at?: string } };
            if (e.type !== 'delivery.position' || e.payload?.vehicleId !== watched) continue;
            const sent = sentAt.get(e.payload.at!);
            if (sent !== undefined && !received.has(e.payload.at!)) {
              received.add(e.payload.at!);
              latencies.push(performance.now() - sent);
            }
          }
        }
      } catch (err) {
        if (!feed.signal.aborted) throw err;
      }
    })();

    // Through the use case: one sender per vehicle, requests of REQUEST_ROWS fixes in time order.
    const tracking = createTrackingService({ db, ingest });
    let refused = 0;
    let loading = true;
    const marks = (async () => {
      for (let i = 0; loading && LIVE; i++) {
        const row = {
          vehicleId: watched,
          time: new Date(start + i * 5_000).toISOString(),
          lat: 38.4,
          lng: 108.6 + i * 0.0003,
          speed: 20,
        };
        sentAt.set(row.time, performance.now());
        await tracking.ingestPositions({ actor: systemActor, rows: [row] });
        await new Promise((r) => setTimeout(r, MARK_MS));
      }
    })();
    const cpu = await cpuPhase(admin, dbName);
    const started = performance.now();
    await Promise.all(
      tracks.map(async (track) => {
        for (let i = 0; i < track.length; i += REQUEST_ROWS) {
          const request = track.slice(i, i + REQUEST_ROWS);
          for (;;) {
            try {
              await tracking.ingestPositions({ actor: systemActor, rows: request });
              break;
            } catch (err) {
              if ((err as { statusCode?: number }).statusCode !== 429) throw err;
              refused++;
              await new Promise((r) => setTimeout(r, 5));
            }
          }
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const used = await cpu();
    loading = false;
    await marks;
    // The last marks' events may still be on their way: wait for them (at most 20 s).
    for (let waited = 0; received.size < sentAt.size && waited < 20_000; waited += 100)
      await new Promise((r) => setTimeout(r, 100));
    feed.abort();
    await reading;
    await app.close();
    await events.stop();
    const marksSent = sentAt.size;
    const counted = (
      (await db.execute(sql`select count(*)::int as n from vehicle_positions`)) as unknown as { rows: { n: number }[] }
    ).rows[0]!.n;
    if (counted !== total + marksSent) throw new Error(`stored ${counted} positions of ${total}`);

    // A day's replay of one vehicle from a year-sized table is one range scan of the primary key.
    const replayStarted = performance.now();
    await tracking.track({
      actor: systemActor,
      vehicleId: vehicles[0]!.id,
      day: new Date(start + 8 * 3_600_000).toISOString().slice(0, 10),
    });
    const replayMs = performance.now() - replayStarted;

    const rawRate = total / rawSeconds;
    const rate = total / seconds;
    const base = { p50: null, p95: null, database: label };
    // CPU a row (µs) through the use case, against the raw insert's (the ratio is raw ÷ use case, as for rates).
    const cpuRecords = (name: string, useCase: number, raw: number) => [
      record({
        name,
        unit: 'µs/row',
        value: (useCase * 1e6) / total,
        baseline: (raw * 1e6) / total,
        ...base,
        ratio: raw / useCase,
      }),
    ];
    report('delivery', [
      record({ name: 'positions-ingested', unit: 'rows/s', value: rate, baseline: rawRate, ...base }),
      record({ name: 'positions-raw-insert-baseline', unit: 'rows/s', value: rawRate, baseline: null, ...base }),
      record({ name: 'positions-refused-429', unit: 'requests', value: refused, baseline: null, ...base }),
      ...cpuRecords('positions-cpu-node', used.node, rawUsed.node),
      ...(used.database !== null && rawUsed.database !== null
        ? cpuRecords('positions-cpu-database', used.database, rawUsed.database)
        : []),
      ...(used.database !== null && rawUsed.database !== null
        ? cpuRecords('positions-cpu-both', used.node + used.database, rawUsed.node + rawUsed.database)
        : []),
      record({ name: 'positions-day-replay', unit: 'ms', value: replayMs, baseline: null, ...base }),
      ...(LIVE
        ? [
            record({
              name: 'positions-live-latency',
              unit: `ms (${latencies.length} of ${marksSent} marked fixes received)`,
              value: percentile(latencies, 50),
              baseline: null,
              ...base,
              p50: percentile(latencies, 50),
              p95: percentile(latencies, 95),
            }),
          ]
        : []),
    ]);
  } finally {
    await database.close();
    if (process.env.BENCH_KEEP !== '1') await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
}

runMain(main);
