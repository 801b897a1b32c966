import { randomBytes } from 'node:crypto';
import mqtt from 'mqtt';
import pg from 'pg';
import { buildApp } from '../server/app.ts';
import { testConfig } from '../server/config.ts';
import { openDatabase } from '../server/db/client.ts';
import { createIngest } from '../server/platform/ingest/index.ts';
import { startMqttIngest } from '../server/platform/ingest/ingest.mqtt.ts';
import { seedOrganisation } from '../server/seed/organisation.seed.ts';
import { createUsersService } from '../server/modules/users/index.ts';
import { systemActor } from '../server/platform/access.ts';
import { peakRssMb, record, report, runMain } from './lib.ts';

/**
 * Readings per second with alarm evaluation (issue 13) on PostgreSQL, in one run:
 * - raw: `insert … select from unnest(…) on conflict do nothing` of the same readings into a plain table
 *   with the same key, batches of 2,000, two at a time (no checks, no evaluation, no audit) — the baseline;
 * - HTTP: `POST /api/v1/readings` over a real socket, SENDERS gateways each sending batches of 1,000 and
 *   waiting for the answer (after commit): checks, scope, partitions, the ingest stream, alarm evaluation;
 * - MQTT: the same readings published (QoS 1) to Mosquitto on `ranan/ingest/monitoring.readings`, read by
 *   the platform's subscriber; timed until the last reading is stored;
 * - burst: 10× the senders at once, with no pause: how many requests were shed (429) and the peak RSS;
 *   every acknowledged batch is then checked to be stored.
 */
const SENSORS = Number(process.env.BENCH_SENSORS ?? 1_000);
const STEPS = Number(process.env.BENCH_STEPS ?? 100); // readings per sensor per phase
const SENDERS = Number(process.env.BENCH_SENDERS ?? 8);
const BATCH = 1_000;
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
const mqttUrl = process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883';

type Reading = { sensorCode: string; at: string; value: number };

/** Readings for every sensor at STEPS seconds from `start`, plausible methane values with a few leaks. */
function phase(start: number): Reading[] {
  const out: Reading[] = [];
  for (let s = 0; s < STEPS; s++)
    for (let k = 0; k < SENSORS; k++)
      out.push({
        sensorCode: `B-${k}`,
        at: new Date(start + s * 1000).toISOString(),
        value: k % 97 === 0 ? 30 : (k % 10) / 5,
      });
  return out;
}

async function main() {
  const dbName = `ranan_bench_mon_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const version = (await admin.query('show server_version')).rows[0].server_version as string;
  await admin.query(`create database ${dbName}`);
  const target = new URL(adminUrl);
  target.pathname = `/${dbName}`;
  const database = await openDatabase({ databaseUrl: target.toString() });
  const label = `PostgreSQL ${version}, ${SENSORS} sensors × ${STEPS} s per phase, ${SENDERS} senders`;
  const ingest = createIngest({ db: database.db, log: () => {} });
  const app = await buildApp({ config: testConfig(), database, ingest });
  const records = [];
  try {
    await database.migrate();
    await seedOrganisation(database.db);
    const pool = new pg.Pool({ connectionString: target.toString(), max: 4 });
    const region = (await pool.query(`select id from regions where code = '150626100'`)).rows[0].id as string;
    await pool.query(
      `insert into sensors (code, name, kind, region_id, interval_seconds)
       select 'B-' || g, 'bench ' || g, 'manhole_methane', $1, 60 from generate_series(0, $2 - 1) g`,
      [region, SENSORS],
    );
    await pool.query('insert into sensor_states (sensor_id) select id from sensors');
    const ids = new Map(
      (await pool.query('select code, id from sensors')).rows.map((r) => [r.code as string, r.id as string]),
    );
    const user = await createUsersService({ db: database.db }).create({
      actor: systemActor,
      username: 'benchadmin',
      displayName: 'bench',
      password: 'Bench-pass-2026',
      grants: [{ role: 'office_admin', scopeType: 'global' }],
      mustChangePassword: false,
    });
    void user;
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'benchadmin', password: 'Bench-pass-2026' }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const issued = await fetch(`${base}/api/v1/machine-tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ name: 'bench', role: 'sensor_gateway', scopeType: 'global' }),
    });
    const bearer = `Bearer ${((await issued.json()) as { secret: string }).secret}`;
    const t0 = Date.now() - 3 * 3_600_000;

    // Raw baseline.
    await pool.query(
      'create table bench_raw_readings (sensor_id uuid not null, at timestamptz not null, value float8 not null, primary key (sensor_id, at))',
    );
    const raw = phase(t0).map((r) => ({ id: ids.get(r.sensorCode)!, at: r.at, value: r.value }));
    let rawNext = 0;
    const rawStarted = performance.now();
    await Promise.all(
      [0, 1].map(async () => {
        while (rawNext < raw.length) {
          const b = raw.slice(rawNext, rawNext + 2_000);
          rawNext += 2_000;
          await pool.query(
            'insert into bench_raw_readings select * from unnest($1::uuid[], $2::timestamptz[], $3::float8[]) on conflict do nothing',
            [b.map((r) => r.id), b.map((r) => r.at), b.map((r) => r.value)],
          );
        }
      }),
    );
    const rawRate = raw.length / ((performance.now() - rawStarted) / 1000);

    // HTTP.
    const send = async (batch: Reading[]) =>
      fetch(`${base}/api/v1/readings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: bearer },
        body: JSON.stringify({ readings: batch }),
      });
    const httpReadings = phase(t0 + STEPS * 1000);
    let next = 0;
    let shedSteady = 0;
    const httpStarted = performance.now();
    await Promise.all(
      Array.from({ length: SENDERS }, async () => {
        while (next < httpReadings.length) {
          const batch = httpReadings.slice(next, next + BATCH);
          next += BATCH;
          for (;;) {
            const res = await send(batch);
            if (res.status === 200) break;
            if (res.status !== 429) throw new Error(`HTTP ${res.status} ${await res.text()}`);
            shedSteady++;
            await new Promise((r) => setTimeout(r, 20));
          }
        }
      }),
    );
    const httpRate = httpReadings.length / ((performance.now() - httpStarted) / 1000);

    // MQTT through Mosquitto.
    let mqttRate: number | null = null;
    try {
      const subscriber = startMqttIngest({
        url: mqttUrl,
        ingest,
        log: () => {},
        group: `bench_${randomBytes(3).toString('hex')}`,
      });
      await Promise.race([
        subscriber.ready,
        new Promise((_, reject) => setTimeout(() => reject(new Error('no broker')), 5_000)),
      ]);
      const publisher = await mqtt.connectAsync(mqttUrl, { protocolVersion: 5 });
      const mqttReadings = phase(t0 + 2 * STEPS * 1000);
      const before = Number((await pool.query('select count(*) from readings')).rows[0].count);
      const mqttStarted = performance.now();
      for (let i = 0; i < mqttReadings.length; i += BATCH)
        await publisher.publishAsync(
          'ranan/ingest/monitoring.readings',
          JSON.stringify({ readings: mqttReadings.slice(i, i + BATCH) }),
          { qos: 1 },
        );
      for (;;) {
        const n = Number((await pool.query('select count(*) from readings')).rows[0].count);
        if (n - before >= mqttReadings.length) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      mqttRate = mqttReadings.length / ((performance.now() - mqttStarted) / 1000);
      await publisher.endAsync();
      await subscriber.close();
    } catch (err) {
      console.error('MQTT phase skipped:', (err as Error).message);
    }

    // Burst: 10× the senders, no pause between requests; every acknowledged batch must be stored.
    const burstReadings = phase(t0 + 3 * STEPS * 1000);
    let burstNext = 0;
    let shed = 0;
    const acked: Reading[][] = [];
    const burstStarted = performance.now();
    await Promise.all(
      Array.from({ length: SENDERS * 10 }, async () => {
        while (burstNext < burstReadings.length) {
          const batch = burstReadings.slice(burstNext, burstNext + BATCH);
          burstNext += BATCH;
          for (;;) {
            const res = await send(batch);
            if (res.status === 200) {
              acked.push(batch);
              break;
            }
            if (res.status !== 429 && res.status !== 503) throw new Error(`HTTP ${res.status}`);
            shed++;
            await new Promise((r) => setTimeout(r, 10));
          }
        }
      }),
    );
    const burstRate = burstReadings.length / ((performance.now() - burstStarted) / 1000);
    const stored = Number(
      (
        await pool.query('select count(*) from readings where at >= $1', [
          new Date(t0 + 3 * STEPS * 1000).toISOString(),
        ])
      ).rows[0].count,
    );
    const ackedCount = acked.reduce((n, b) => n + b.length, 0);
    if (stored < ackedCount) throw new Error(`burst: ${ackedCount} acknowledged, ${stored} stored`);
    const alarms = Number((await pool.query('select count(*) from alarms')).rows[0].count);
    await pool.end();

    const common = { p50: null, p95: null, database: label };
    records.push(
      record({ name: 'monitoring-http-readings', unit: 'readings/s', value: httpRate, baseline: rawRate, ...common }),
      ...(mqttRate === null
        ? []
        : [
            record({
              name: 'monitoring-mqtt-readings',
              unit: 'readings/s',
              value: mqttRate,
              baseline: rawRate,
              ...common,
            }),
          ]),
      record({ name: 'monitoring-raw-insert-baseline', unit: 'readings/s', value: rawRate, baseline: null, ...common }),
      record({
        name: 'monitoring-http-shed-429-steady',
        unit: 'requests',
        value: shedSteady,
        baseline: null,
        ...common,
      }),
      record({
        name: 'monitoring-burst-10x-readings',
        unit: 'readings/s',
        value: burstRate,
        baseline: rawRate,
        ...common,
      }),
      record({ name: 'monitoring-burst-10x-shed-429', unit: 'requests', value: shed, baseline: null, ...common }),
      record({ name: 'monitoring-peak-rss', unit: 'MB', value: peakRssMb(), baseline: null, ...common }),
      record({ name: 'monitoring-alarms-raised', unit: 'alarms', value: alarms, baseline: null, ...common }),
    );
    report('monitoring', records);
  } finally {
    await app.close();
    await database.close();
    if (process.env.BENCH_KEEP !== '1') await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
}

runMain(main);
