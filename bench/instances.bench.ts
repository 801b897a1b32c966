import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase } from '../server/db/client.ts';
import { createUsersService } from '../server/modules/users/index.ts';
import { systemActor } from '../server/platform/access.ts';
import { seedOrganisation } from '../server/seed/organisation.seed.ts';
import { record, report, runMain } from './lib.ts';
import { freePort } from '../test/instances.ts';

/**
 * Readings per second through 1 and through 3 instances of `ranan serve` over one PostgreSQL (issue 17),
 * in one run, with the CPU each process used. The same readings path as a gateway's
 * (`POST /api/v1/readings`, batches of 1,000, acknowledged after commit, alarm evaluation); SENDERS
 * gateways send in turn to each instance (round robin, as a load balancer would). This machine has two
 * cores, which caps the gain: what the figure shows is that nothing serialises on one instance (3 instances
 * use the cores one instance cannot), and where the CPU goes (the instances or PostgreSQL).
 */
const SENSORS = Number(process.env.BENCH_SENSORS ?? 1_000);
const STEPS = Number(process.env.BENCH_STEPS ?? 60); // readings per sensor per phase
const SENDERS = Number(process.env.BENCH_SENDERS ?? 12);
const BATCH = 1_000;
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
const root = path.resolve(import.meta.dirname, '..');
const CLOCK_TICKS = 100; // USER_HZ on Linux

type Reading = { sensorCode: string; at: string; value: number };
type Instance = { url: string; child: ChildProcess; dataDir: string; output: () => string };

/**
 * One phase's readings, per gateway: gateway n reports its own sensors (every SENDERS-th one), STEPS seconds of
 * them from `start`, in time order, as a real gateway's batches do. Gateways never share a sensor, so their
 * batches never wait on each other's sensor states (which a batch locks, in order, to judge the alarms).
 */
function phase(start: number, steps = STEPS): Reading[][] {
  return Array.from({ length: SENDERS }, (_, n) => {
    const out: Reading[] = [];
    for (let s = 0; s < steps; s++)
      for (let k = n; k < SENSORS; k += SENDERS)
        out.push({ sensorCode: `I-${k}`, at: new Date(start + s * 1000).toISOString(), value: (k % 10) / 5 });
    return out;
  });
}

async function startInstance(databaseUrl: string, auditKey: string): Promise<Instance> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ranan-bench-inst-'));
  const child = spawn(process.execPath, [path.join(root, 'bin/ranan.js'), 'serve'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      AUDIT_KEY: auditKey,
      RANAN_DEMO: '0',
      LOG_LEVEL: 'warn',
      MQTT_URL: '',
      MQTT_BROKER_PORT: '0',
      MONITORING_SIMULATOR: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const instance = { url: `http://127.0.0.1:${port}`, child, dataDir, output: () => output };
  const deadline = Date.now() + 150_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`instance exited: ${output}`);
    if (
      await fetch(`${instance.url}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return instance;
    if (Date.now() > deadline) throw new Error(`instance did not start: ${output}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

async function stopInstance(i: Instance) {
  if (i.child.exitCode === null && i.child.signalCode === null) {
    i.child.kill('SIGTERM');
    await new Promise((r) => i.child.once('exit', r));
  }
  fs.rmSync(i.dataDir, { recursive: true, force: true });
}

/** CPU seconds (user + system) a process has used so far, from /proc. */
function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** CPU seconds used so far by each PostgreSQL server process (the backends serving the run, and its writers). */
function postgresCpuSeconds(): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres')
        out.set(Number(pid), cpuSeconds(Number(pid)));
    } catch {
      // The process ended meanwhile.
    }
  }
  return out;
}

/** PostgreSQL's CPU seconds since `before`: the growth of each process, whole for the ones started since. */
function postgresCpuSince(before: Map<number, number>): number {
  let total = 0;
  for (const [pid, now] of postgresCpuSeconds()) total += now - (before.get(pid) ?? 0);
  return total;
}

async function measure(instances: Instance[], bearer: string, gateways: Reading[][]) {
  const total = gateways.reduce((n, g) => n + g.length, 0);
  const cpuBefore = instances.map((i) => cpuSeconds(i.child.pid!));
  const pgBefore = postgresCpuSeconds();
  let turn = 0;
  let shed = 0;
  const started = performance.now();
  await Promise.all(
    gateways.map(async (readings) => {
      for (let next = 0; next < readings.length; next += BATCH) {
        const batch = readings.slice(next, next + BATCH);
        for (;;) {
          const target = instances[turn++ % instances.length]!;
          const res = await fetch(`${target.url}/api/v1/readings`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: bearer },
            body: JSON.stringify({ readings: batch }),
          });
          if (res.status === 200) {
            await res.arrayBuffer();
            break;
          }
          if (res.status !== 429 && res.status !== 503) throw new Error(`HTTP ${res.status} ${await res.text()}`);
          shed++;
          await new Promise((r) => setTimeout(r, 20));
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    rate: total / seconds,
    seconds,
    shed,
    cpu: instances.map((i, n) => cpuSeconds(i.child.pid!) - cpuBefore[n]!),
    pgCpu: postgresCpuSince(pgBefore),
  };
}

async function main() {
  const dbName = `ranan_bench_inst_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const version = (await admin.query('show server_version')).rows[0].server_version as string;
  await admin.query(`create database ${dbName}`);
  const target = new URL(adminUrl);
  target.pathname = `/${dbName}`;
  const database = await openDatabase({ databaseUrl: target.toString() });
  const instances: Instance[] = [];
  try {
    await database.migrate();
    await seedOrganisation(database.db);
    const pool = new pg.Pool({ connectionString: target.toString(), max: 2 });
    const region = (await pool.query(`select id from regions where code = '150626100'`)).rows[0].id as string;
    await pool.query(
      `insert into sensors (code, name, kind, region_id, interval_seconds)
       select 'I-' || g, 'bench ' || g, 'manhole_methane', $1, 60 from generate_series(0, $2 - 1) g`,
      [region, SENSORS],
    );
    await pool.query('insert into sensor_states (sensor_id) select id from sensors');
    await createUsersService({ db: database.db }).create({
      actor: systemActor,
      username: 'benchadmin',
      displayName: 'bench',
      password: 'Bench-pass-2026',
      grants: [{ role: 'office_admin', scopeType: 'global' }],
      mustChangePassword: false,
    });
    const auditKey = randomBytes(32).toString('hex');
    instances.push(...(await Promise.all([1, 2, 3].map(() => startInstance(target.toString(), auditKey)))));
    const first = instances[0]!;
    const login = await fetch(`${first.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'benchadmin', password: 'Bench-pass-2026' }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const issued = await fetch(`${first.url}/api/v1/machine-tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ name: 'bench', role: 'sensor_gateway', scopeType: 'global' }),
    });
    const bearer = `Bearer ${((await issued.json()) as { secret: string }).secret}`;
    const t0 = Date.now() - 6 * 3_600_000;

    // Warm every instance (sensor cache, JIT), then one instance, then three, then one again (the load may drift).
    await measure(instances, bearer, phase(t0, 5));
    const one = await measure([first], bearer, phase(t0 + STEPS * 1000));
    const three = await measure(instances, bearer, phase(t0 + 2 * STEPS * 1000));
    const oneAgain = await measure([first], bearer, phase(t0 + 3 * STEPS * 1000));
    const stored = Number((await pool.query('select count(*) from readings')).rows[0].count);
    await pool.end();
    const expected = SENSORS * 5 + 3 * SENSORS * STEPS;
    if (stored !== expected) throw new Error(`${expected} readings acknowledged, ${stored} stored`);

    const label = `PostgreSQL ${version}, ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)}, ${SENSORS} sensors × ${STEPS} s per phase, ${SENDERS} senders`;
    const baseline = (one.rate + oneAgain.rate) / 2;
    const common = { p50: null, p95: null, database: label };
    const cpu = (m: typeof one) =>
      `instances ${m.cpu.map((c) => (c / m.seconds).toFixed(2)).join(' + ')} cores, PostgreSQL ${(m.pgCpu / m.seconds).toFixed(2)} cores`;
    process.stdout.write(`1 instance:  ${one.rate.toFixed(0)} readings/s, ${cpu(one)}\n`);
    process.stdout.write(`3 instances: ${three.rate.toFixed(0)} readings/s, ${cpu(three)}\n`);
    process.stdout.write(`1 instance:  ${oneAgain.rate.toFixed(0)} readings/s, ${cpu(oneAgain)}\n`);
    report('instances', [
      record({ name: 'instances-1-readings', unit: 'readings/s', value: baseline, baseline: null, ...common }),
      record({ name: 'instances-3-readings', unit: 'readings/s', value: three.rate, baseline, ...common }),
      record({
        name: 'instances-1-cpu-cores',
        unit: 'cores',
        value: (one.cpu[0]! + oneAgain.cpu[0]!) / (one.seconds + oneAgain.seconds),
        baseline: null,
        ...common,
      }),
      record({
        name: 'instances-3-cpu-cores',
        unit: 'cores',
        value: three.cpu.reduce((a, b) => a + b, 0) / three.seconds,
        baseline: null,
        ...common,
      }),
      record({
        name: 'instances-1-postgres-cpu-cores',
        unit: 'cores',
        value: (one.pgCpu + oneAgain.pgCpu) / (one.seconds + oneAgain.seconds),
        baseline: null,
        ...common,
      }),
      record({
        name: 'instances-3-postgres-cpu-cores',
        unit: 'cores',
        value: three.pgCpu / three.seconds,
        baseline: null,
        ...common,
      }),
      record({
        name: 'instances-shed-429',
        unit: 'requests',
        value: one.shed + three.shed + oneAgain.shed,
        baseline: null,
        ...common,
      }),
    ]);
  } finally {
    await Promise.all(instances.map(stopInstance));
    await database.close();
    if (process.env.BENCH_KEEP !== '1') await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
}

runMain(main);
