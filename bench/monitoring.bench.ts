import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import mqtt from 'mqtt';
import pg from 'pg';
import { openDatabase } from '../server/db/client.ts';
import { seedOrganisation } from '../server/seed/organisation.seed.ts';
import { createUsersService } from '../server/modules/users/index.ts';
import { systemActor } from '../server/platform/access.ts';
import { record, report, runMain } from './lib.ts';
import { freePort } from '../test/instances.ts';

/**
 * Readings per second with alarm evaluation (issue 13) on PostgreSQL, in one run, against the server run as a
 * user runs it: `ranan serve` in a child process (its own memory, read from /proc), on a fresh database, with
 * `MQTT_URL` set to Mosquitto (its own shared-subscription group):
 * - raw: `insert … select from unnest(…) on conflict do nothing` of the same readings into a plain table
 *   with the same key, batches of 2,000, two at a time (no checks, no evaluation, no audit) — the baseline;
 * - HTTP: `POST /api/v1/readings` over a real socket, SENDERS gateways each sending batches of 1,000 and
 *   waiting for the answer (after commit): checks, scope, partitions, the ingest stream, alarm evaluation;
 * - MQTT: the same readings published (QoS 1) to Mosquitto on `ranan/ingest/monitoring.readings`, one
 *   publisher, read by the server's subscriber; timed until the last reading is stored;
 * - HTTP burst: 10× the senders at once, with no pause: how many requests were shed (429/503); every
 *   acknowledged batch is then checked to be stored;
 * - MQTT burst: batches published at 10× the rate the MQTT phase sustained, by SENDERS publishers; the broker
 *   holds what the server has not acknowledged (back-pressure: the server acknowledges after commit); every
 *   batch the broker acknowledged is then checked to be stored.
 * For each phase the server process's peak resident memory (VmHWM, reset before the phase through
 * /proc/PID/clear_refs; and VmRSS sampled every 50 ms), so the bursts' peaks can be read against the steady ones.
 * BENCH_SERVER_NODE_ARGS (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`) is passed to the server's node.
 */
const SENSORS = Number(process.env.BENCH_SENSORS ?? 1_000);
const STEPS = Number(process.env.BENCH_STEPS ?? 100); // readings per sensor per phase
const SENDERS = Number(process.env.BENCH_SENDERS ?? 8);
const BATCH = 1_000;
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
const mqttUrl = process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883';
const root = path.resolve(import.meta.dirname, '..');

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

/** A process's resident memory from /proc (Linux), in MB: now (VmRSS) and its high-water mark (VmHWM). */
function memoryOf(pid: number): { rss: number; hwm: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { rss: Math.round(kb('VmRSS') / 1024), hwm: Math.round(kb('VmHWM') / 1024) };
}

/**
 * The server's peak resident memory during `fn`: the high-water mark is reset first (clear_refs 5, Linux ≥ 4.0),
 * and VmRSS is sampled every 50 ms besides (in case the reset is not allowed); the larger of the two.
 */
async function peakDuring<T>(pid: number, fn: () => Promise<T>): Promise<{ result: T; peakMb: number }> {
  let sampled = 0;
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    // The mark then counts from the server's start: an upper bound.
  }
  const timer = setInterval(() => {
    sampled = Math.max(sampled, memoryOf(pid).rss);
  }, 50);
  try {
    const result = await fn();
    return { result, peakMb: Math.max(sampled, memoryOf(pid).hwm) };
  } finally {
    clearInterval(timer);
  }
}

/** A process's CPU time (user + system) from /proc, in ms; 0 if it is gone. */
function cpuMsOf(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return 0;
  }
}

/**
 * CPU spent during `fn` (ms) by the server process and by the PostgreSQL backends of the bench's database
 * (their pids from pg_stat_activity before and after; a backend started meanwhile counts from 0): less moved
 * by the machine's other work than the rates, since a process waiting for a core spends none.
 */
async function cpuDuring<T>(
  admin: pg.Client,
  dbName: string,
  serverPid: number | null,
  fn: () => Promise<T>,
): Promise<{ result: T; serverMs: number; databaseMs: number }> {
  const backends = async () =>
    (await admin.query('select pid from pg_stat_activity where datname = $1', [dbName])).rows.map(
      (r) => r.pid as number,
    );
  const before = new Map((await backends()).map((pid) => [pid, cpuMsOf(pid)]));
  const server0 = serverPid ? cpuMsOf(serverPid) : 0;
  // The latest CPU time read of every backend seen (one that ends during the phase keeps its last reading).
  const last = new Map(before);
  const sample = async () => {
    for (const pid of await backends()) if (!last.has(pid)) last.set(pid, 0);
    for (const pid of last.keys()) last.set(pid, cpuMsOf(pid) || (last.get(pid) ?? 0));
  };
  let sampling = Promise.resolve();
  const timer = setInterval(() => {
    sampling = sampling.then(sample, () => undefined);
  }, 250);
  try {
    const result = await fn();
    const serverMs = serverPid ? cpuMsOf(serverPid) - server0 : 0;
    clearInterval(timer);
    await sampling;
    await sample();
    let databaseMs = 0;
    for (const [pid, ms] of last) databaseMs += ms - (before.get(pid) ?? 0);
    return { result, serverMs, databaseMs };
  } finally {
    clearInterval(timer);
  }
}

/** `ranan serve` on the bench's database, as a child process; resolves once /healthz answers. */
async function startServer(databaseUrl: string, group: string): Promise<{ base: string; child: ChildProcess }> {
  const port = await freePort();
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, path.join(root, 'bin/ranan.js'), 'serve'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      RANAN_DEMO: '0',
      LOG_LEVEL: 'warn',
      MQTT_URL: mqttUrl,
      MQTT_GROUP: group,
      MONITORING_SIMULATOR: '0',
      DELIVERY_SIMULATOR: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  child.once('exit', (code, signal) => {
    if (code !== 0) console.error(`server exited (${code ?? signal}): ${output.slice(-4000)}`);
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
    if (
      await fetch(`${base}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (Date.now() > deadline) throw new Error(`server did not start: ${output}`);
    await new Promise((r) => setTimeout(r, 300));
  }
  return { base, child };
}

async function main() {
  const dbName = `ranan_bench_mon_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const version = (await admin.query('show server_version')).rows[0].server_version as string;
  await admin.query(`create database ${dbName}`);
  const target = new URL(adminUrl);
  target.pathname = `/${dbName}`;
  const label = `PostgreSQL ${version}, ${SENSORS} sensors × ${STEPS} s per phase, ${SENDERS} senders, server in its own process`;
  const records = [];
  let server: ChildProcess | null = null;
  try {
    // The schema, the organisation, the sensors and an office account, then the server on them.
    const database = await openDatabase({ databaseUrl: target.toString() });
    await database.migrate();
    await seedOrganisation(database.db);
    await createUsersService({ db: database.db }).create({
      actor: systemActor,
      username: 'benchadmin',
      displayName: 'bench',
      password: 'Bench-pass-2026',
      grants: [{ role: 'office_admin', scopeType: 'global' }],
      mustChangePassword: false,
    });
    await database.close();
    const pool = new pg.Pool({ connectionString: target.toString(), max: 4 });
    const region = (await pool.query(`select id from regions where code = '150626100'`)).rows[0].id as string;
    await pool.query(
      `insert into sensors (code, name, kind, region_id, interval_seconds)
       select 'B-' || g, 'bench ' || g, 'manhole_methane', $1, 86400 from generate_series(0, $2 - 1) g`,
      [region, SENSORS],
    );
    // Reporting once a day: the readings are dated hours ago, and the server's offline job (every minute) must not
    // raise and clear an offline alarm per sensor in the middle of the phases.
    await pool.query('insert into sensor_states (sensor_id) select id from sensors');
    const ids = new Map(
      (await pool.query('select code, id from sensors')).rows.map((r) => [r.code as string, r.id as string]),
    );
    const started = await startServer(target.toString(), `bench_${randomBytes(3).toString('hex')}`);
    server = started.child;
    const pid = server.pid!;
    const base = started.base;
    const idleMb = memoryOf(pid).rss;
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
    const rawNode0 = process.cpuUsage();
    const rawCpu = await cpuDuring(admin, dbName, null, () =>
      Promise.all(
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
      ),
    );
    const rawRate = raw.length / ((performance.now() - rawStarted) / 1000);
    const rawNodeUsage = process.cpuUsage(rawNode0);
    // The raw phase's Node side is this process (building the arrays, the driver).
    rawCpu.serverMs = (rawNodeUsage.user + rawNodeUsage.system) / 1000;

    // HTTP.
    const send = async (batch: Reading[]) =>
      fetch(`${base}/api/v1/readings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: bearer },
        body: JSON.stringify({ readings: batch }),
      });
    const countFrom = async (from: number) =>
      Number(
        (await pool.query('select count(*) from readings where at >= $1', [new Date(from).toISOString()])).rows[0]
          .count,
      );
    /** Sends `list` in batches of BATCH from `senders` gateways without pause, retrying what is shed. */
    const sendAll = async (list: Reading[], senders: number) => {
      let cursor = 0;
      let shed = 0;
      const dropped: string[] = [];
      const acked: Reading[][] = [];
      await Promise.all(
        Array.from({ length: senders }, async () => {
          while (cursor < list.length) {
            const batch = list.slice(cursor, cursor + BATCH);
            cursor += BATCH;
            for (;;) {
              // A connection the server dropped without an answer: not acknowledged, so sent again (the
              // readings' key makes a resend safe); counted, with its cause.
              const res = await send(batch).catch((err: Error) => {
                dropped.push(String((err.cause as Error | undefined)?.message ?? err.message));
                if (server?.exitCode !== null) throw err;
                return null;
              });
              if (res === null) {
                await new Promise((r) => setTimeout(r, 250));
                continue;
              }
              if (res.status === 200) {
                await res.arrayBuffer();
                acked.push(batch);
                break;
              }
              if (res.status !== 429 && res.status !== 503) throw new Error(`HTTP ${res.status} ${await res.text()}`);
              await res.arrayBuffer();
              shed++;
              // Shed: the gateway waits as told (Retry-After, 1 s), else a quarter second, and resends.
              const after = Number(res.headers.get('retry-after'));
              await new Promise((r) => setTimeout(r, after > 0 ? after * 1000 : 250));
            }
          }
        }),
      );
      if (dropped.length)
        console.error(`${dropped.length} request(s) dropped without an answer: ${[...new Set(dropped)].join('; ')}`);
      return { shed, dropped: dropped.length, acked: acked.reduce((n, b) => n + b.length, 0) };
    };
    const httpFrom = t0 + STEPS * 1000;
    const httpReadings = phase(httpFrom);
    const httpStarted = performance.now();
    const httpCpu = await cpuDuring(admin, dbName, pid, () => peakDuring(pid, () => sendAll(httpReadings, SENDERS)));
    const http = httpCpu.result;
    const httpRate = httpReadings.length / ((performance.now() - httpStarted) / 1000);

    // MQTT through Mosquitto, one publisher; the server's subscriber stores and acknowledges after commit.
    const publishAll = async (list: Reading[], publishers: number, perSecond: number | null) => {
      const clients = await Promise.all(
        Array.from({ length: publishers }, () => mqtt.connectAsync(mqttUrl, { protocolVersion: 5 })),
      );
      const started = performance.now();
      let cursor = 0;
      let brokerAcked = 0;
      await Promise.all(
        clients.map(async (client) => {
          while (cursor < list.length) {
            const at = cursor;
            cursor += BATCH;
            // Paced: batch n leaves at n × BATCH / perSecond seconds after the start.
            if (perSecond) {
              const due = started + ((at / BATCH) * BATCH * 1000) / perSecond;
              const wait = due - performance.now();
              if (wait > 0) await new Promise((r) => setTimeout(r, wait));
            }
            const batch = list.slice(at, at + BATCH);
            await client.publishAsync('ranan/ingest/monitoring.readings', JSON.stringify({ readings: batch }), {
              qos: 1,
            });
            brokerAcked += batch.length;
          }
        }),
      );
      const publishedS = (performance.now() - started) / 1000;
      await Promise.all(clients.map((c) => c.endAsync()));
      return { brokerAcked, publishedS };
    };
    const waitStored = async (from: number, n: number, limitS: number) => {
      const deadline = Date.now() + limitS * 1000;
      for (;;) {
        const stored = await countFrom(from);
        if (stored >= n || Date.now() > deadline) return stored;
        // Every 200 ms: the count reads the partition, and it runs on the same two cores as the server.
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    const mqttFrom = t0 + 2 * STEPS * 1000;
    const mqttReadings = phase(mqttFrom);
    const mqttStarted = performance.now();
    const mqttCpu = await cpuDuring(admin, dbName, pid, () =>
      peakDuring(pid, async () => {
        await publishAll(mqttReadings, 1, null);
        return waitStored(mqttFrom, mqttReadings.length, 600);
      }),
    );
    const mqttSteady = mqttCpu.result;
    if (mqttSteady.result < mqttReadings.length)
      throw new Error(`MQTT: ${mqttReadings.length} published, ${mqttSteady.result} stored`);
    const mqttRate = mqttReadings.length / ((performance.now() - mqttStarted) / 1000);

    // HTTP burst: 10× the senders, no pause between requests; every acknowledged batch must be stored.
    const burstFrom = t0 + 3 * STEPS * 1000;
    const burstReadings = phase(burstFrom);
    const burstStarted = performance.now();
    const burst = await peakDuring(pid, () => sendAll(burstReadings, SENDERS * 10));
    const burstRate = burstReadings.length / ((performance.now() - burstStarted) / 1000);
    const burstStored = await countFrom(burstFrom);
    if (burstStored < burst.result.acked)
      throw new Error(`HTTP burst: ${burst.result.acked} acknowledged, ${burstStored} stored`);

    // MQTT burst: published at 10× the MQTT phase's rate by SENDERS publishers; every batch the broker
    // acknowledged must be stored (the server acknowledges after commit, so the broker keeps the rest).
    const mqttBurstFrom = t0 + 4 * STEPS * 1000;
    const mqttBurstReadings = phase(mqttBurstFrom);
    const mqttBurstStarted = performance.now();
    const mqttBurst = await peakDuring(pid, async () => {
      const published = await publishAll(mqttBurstReadings, SENDERS, 10 * mqttRate);
      const stored = await waitStored(mqttBurstFrom, published.brokerAcked, 900);
      return { ...published, stored };
    });
    const mqttBurstRate = mqttBurstReadings.length / ((performance.now() - mqttBurstStarted) / 1000);
    if (mqttBurst.result.stored < mqttBurst.result.brokerAcked)
      throw new Error(`MQTT burst: ${mqttBurst.result.brokerAcked} acknowledged, ${mqttBurst.result.stored} stored`);
    const alarms = Number((await pool.query('select count(*) from alarms')).rows[0].count);
    const serverPeakMb = memoryOf(pid).hwm;
    await pool.end();

    const common = { p50: null, p95: null, database: label };
    const mb = (name: string, value: number) =>
      record({ name: `monitoring-server-rss-${name}`, unit: 'MB', value, baseline: idleMb, ...common });
    records.push(
      record({ name: 'monitoring-raw-insert-baseline', unit: 'readings/s', value: rawRate, baseline: null, ...common }),
      record({ name: 'monitoring-http-readings', unit: 'readings/s', value: httpRate, baseline: rawRate, ...common }),
      record({ name: 'monitoring-mqtt-readings', unit: 'readings/s', value: mqttRate, baseline: rawRate, ...common }),
      ...(
        [
          ['raw', rawCpu, null],
          ['http', httpCpu, rawCpu],
          ['mqtt', mqttCpu, rawCpu],
        ] as const
      ).flatMap(([phaseName, cpu, base]) => {
        // CPU ms per 1,000 readings: the server's (for raw: this process's) and the database's backends'.
        const per = (ms: number) => (ms * 1000) / raw.length;
        return [
          record({
            name: `monitoring-cpu-${phaseName}-server`,
            unit: 'ms/1k readings',
            value: per(cpu.serverMs),
            baseline: base ? per(base.serverMs) : null,
            ...common,
          }),
          record({
            name: `monitoring-cpu-${phaseName}-database`,
            unit: 'ms/1k readings',
            value: per(cpu.databaseMs),
            baseline: base ? per(base.databaseMs) : null,
            ...common,
          }),
          record({
            name: `monitoring-cpu-${phaseName}-total`,
            unit: 'ms/1k readings',
            value: per(cpu.serverMs + cpu.databaseMs),
            baseline: base ? per(base.serverMs + base.databaseMs) : null,
            ...common,
          }),
        ];
      }),
      record({
        name: 'monitoring-http-shed-steady',
        unit: 'requests',
        value: http.result.shed,
        baseline: null,
        ...common,
      }),
      record({
        name: 'monitoring-burst-10x-http-readings',
        unit: 'readings/s',
        value: burstRate,
        baseline: rawRate,
        ...common,
      }),
      record({
        name: 'monitoring-burst-10x-http-shed',
        unit: 'requests',
        value: burst.result.shed,
        baseline: null,
        ...common,
      }),
      record({
        name: 'monitoring-burst-10x-http-dropped',
        unit: 'requests',
        value: burst.result.dropped,
        baseline: null,
        ...common,
      }),
      record({
        name: 'monitoring-burst-10x-mqtt-offered',
        unit: 'readings/s',
        value: mqttBurstReadings.length / mqttBurst.result.publishedS,
        baseline: mqttRate,
        ...common,
      }),
      record({
        name: 'monitoring-burst-10x-mqtt-readings',
        unit: 'readings/s',
        value: mqttBurstRate,
        baseline: rawRate,
        ...common,
      }),
      mb('idle', idleMb),
      mb('peak-http', http.peakMb),
      mb('peak-mqtt', mqttSteady.peakMb),
      mb('peak-burst-http', burst.peakMb),
      mb('peak-burst-mqtt', mqttBurst.peakMb),
      mb('peak-whole-run', serverPeakMb),
      record({ name: 'monitoring-alarms-raised', unit: 'alarms', value: alarms, baseline: null, ...common }),
    );
    report('monitoring', records);
  } finally {
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server!.once('exit', r));
      server.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 30_000))]);
      if (server.exitCode === null) server.kill('SIGKILL');
    }
    if (process.env.BENCH_KEEP !== '1') await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
}

runMain(main);
