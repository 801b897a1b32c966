import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import inspector from 'node:inspector';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { eq } from 'drizzle-orm';
import pg from 'pg';
import { buildApp } from '../server/app.ts';
import { testConfig } from '../server/config.ts';
import { type Database, openDatabase } from '../server/db/client.ts';
import { setNamedReads } from '../server/db/named-reads.ts';
import { venuesTable } from '../server/modules/registry/registry.table.ts';
import { DEMO_PASSWORD, seedDemo } from '../server/seed/demo.seed.ts';
import { percentile, record, report, runMain } from './lib.ts';

/**
 * The request path on PostgreSQL with the demo data, 50 keep-alive connections from one client (a
 * child process, so the client does not share the server's event loop or its CPU account):
 * - **bare**: `GET /bench/bare/:id`, a public route the benchmark adds to the same server: one
 *   select of a venue by primary key, the row sent as JSON. The baseline.
 * - **point**: `GET /api/v1/venues/:id` signed in as the 嘎鲁图镇 officer: session, scope, the
 *   venue with its names, abilities and risk flags.
 * - **me**: `GET /api/v1/auth/me`.
 * - **mixed**: lists (venues, enterprises, hazards, inspections, 20 a page) and details of each,
 *   and me, in rotation.
 * The same server code runs twice in the same run: as configured today (actor cache 5 s, pool
 * DB_POOL_SIZE or 20) and as before the cache (ACTOR_CACHE_TTL_MS 0, pool 10). The mixed load is also
 * measured on today's server with its reads sent unnamed (db/named-reads.ts off), as before they were named.
 * Each measure gives the server's CPU per request and the database backends' (from /proc/<pid>/stat).
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const CONCURRENCY = Number(process.env.BENCH_CONNECTIONS ?? 50);
const POOL = Number(process.env.DB_POOL_SIZE ?? 20);
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';

// The load client: plain node:http with a keep-alive agent, `concurrency` loops for `seconds`.
const clientCode = `
const http = require('node:http');
const { origin, cookie, paths, seconds, concurrency } = JSON.parse(process.env.BENCH_LOAD);
const { hostname, port } = new URL(origin);
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const latencies = [];
let errors = 0;
let next = 0;
const end = Date.now() + seconds * 1000;
function one(path) {
  return new Promise((resolve) => {
    const started = performance.now();
    const req = http.request({ hostname, port, path, agent, headers: cookie ? { cookie } : {} }, (res) => {
      res.resume();
      res.on('end', () => {
        if (res.statusCode !== 200) errors++;
        latencies.push(performance.now() - started);
        resolve();
      });
    });
    req.on('error', () => { errors++; resolve(); });
    req.end();
  });
}
async function loop() { while (Date.now() < end) await one(paths[next++ % paths.length]); }
Promise.all(Array.from({ length: concurrency }, loop)).then(() => {
  agent.destroy();
  process.stdout.write(JSON.stringify({ latencies, errors }));
});
`;

/**
 * Requests per second, latencies, the server process's CPU time per request (the client runs apart) and the
 * benchmark database's backends' CPU time per request.
 */
type Load = { rps: number; p50: number; p95: number; n: number; cpuMs: number; dbCpuMs: number };

let dbName = '';
let admin: pg.Client;
/** The clock ticks (100 a second) used so far by each backend of the benchmark's database. */
async function backendTicks(): Promise<Map<number, number>> {
  const pids = (
    await admin.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1', [dbName])
  ).rows.map((r) => r.pid);
  const ticks = new Map<number, number>();
  for (const pid of pids) {
    try {
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks.set(pid, Number(fields[11]) + Number(fields[12]));
    } catch {
      // a backend that ended
    }
  }
  return ticks;
}
/** CPU seconds of the backends between two readings: those alive at the end (a new one counts from zero). */
function backendSeconds(before: Map<number, number>, after: Map<number, number>): number {
  let ticks = 0;
  for (const [pid, t] of after) ticks += t - (before.get(pid) ?? 0);
  return ticks / 100;
}

async function load(origin: string, cookie: string | null, paths: string[], seconds = SECONDS): Promise<Load> {
  const db0 = await backendTicks();
  const measured = await new Promise<Omit<Load, 'dbCpuMs'>>((resolve, reject) => {
    const cpu0 = process.cpuUsage();
    const child = spawn(process.execPath, ['-e', clientCode], {
      env: { ...process.env, BENCH_LOAD: JSON.stringify({ origin, cookie, paths, seconds, concurrency: CONCURRENCY }) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.once('error', reject);
    child.once('close', (code) => {
      const cpu = process.cpuUsage(cpu0);
      if (code !== 0) return reject(new Error(`load client exited ${code}`));
      const { latencies, errors } = JSON.parse(out) as { latencies: number[]; errors: number };
      if (errors > 0) return reject(new Error(`${errors} requests failed (${paths[0]} …)`));
      resolve({
        rps: latencies.length / seconds,
        p50: percentile(latencies, 50),
        p95: percentile(latencies, 95),
        n: latencies.length,
        cpuMs: (cpu.user + cpu.system) / 1000 / latencies.length,
      });
    });
  });
  const dbSeconds = backendSeconds(db0, await backendTicks());
  return { ...measured, dbCpuMs: (dbSeconds * 1000) / measured.n };
}

/** Loads of the same paths taken as one (rates and CPU over all their requests; latencies averaged). */
function pooled(loads: Load[]): Load {
  const n = loads.reduce((a, l) => a + l.n, 0);
  const mean = (f: (l: Load) => number) => loads.reduce((a, l) => a + f(l) * l.n, 0) / n;
  return {
    n,
    rps: loads.reduce((a, l) => a + l.rps, 0) / loads.length,
    p50: mean((l) => l.p50),
    p95: mean((l) => l.p95),
    cpuMs: mean((l) => l.cpuMs),
    dbCpuMs: mean((l) => l.dbCpuMs),
  };
}

async function serve(database: Database, actorCacheTtlMs: number) {
  const app = await buildApp({ config: testConfig({ logLevel: 'silent', actorCacheTtlMs }), database });
  // The baseline: a point lookup by primary key, no session, no scope, no presenter.
  app.get<{ Params: { id: string } }>('/bench/bare/:id', { config: { permission: 'public' } }, async (req) => {
    const [row] = await database.db.select().from(venuesTable).where(eq(venuesTable.id, req.params.id));
    return row;
  });
  const origin = await app.listen({ port: 0, host: '127.0.0.1' });
  const res = await fetch(`${origin}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'galutu', password: DEMO_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  return { app, origin, cookie };
}

/**
 * With BENCH_PROFILE=<folder>, writes the server's CPU profile during one load (`<name>.cpuprofile`,
 * open it in Chrome's DevTools) — the server runs in this process, the load client apart.
 */
async function profiled<T>(name: string, run: () => Promise<T>): Promise<T> {
  const folder = process.env.BENCH_PROFILE;
  if (!folder) return run();
  const session = new inspector.Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) =>
      session.post(method, params ?? {}, (err, result) => (err ? reject(err) : resolve(result))),
    );
  await post('Profiler.enable');
  await post('Profiler.start');
  try {
    return await run();
  } finally {
    const { profile } = (await post('Profiler.stop')) as { profile: unknown };
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, `${name}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
}

async function main() {
  dbName = `ranan_bench_${Date.now()}_${randomBytes(3).toString('hex')}`;
  admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const version = (await admin.query('show server_version')).rows[0].server_version as string;
  await admin.query(`create database ${dbName}`);
  const target = new URL(adminUrl);
  target.pathname = `/${dbName}`;
  const database = await openDatabase({ databaseUrl: target.toString(), poolSize: POOL });
  const before = await openDatabase({ databaseUrl: target.toString(), poolSize: 10 });
  const apps: Awaited<ReturnType<typeof serve>>['app'][] = [];
  try {
    await database.migrate();
    await seedDemo(database.db);

    const now = await serve(database, testConfig().actorCacheTtlMs);
    const old = await serve(before, 0);
    apps.push(now.app, old.app);

    // Ids the officer may read, taken from the lists themselves.
    const ids = async (list: string) => {
      const r = await fetch(`${now.origin}${list}`, { headers: { cookie: now.cookie } });
      if (r.status !== 200) throw new Error(`${list}: ${r.status} ${await r.text()}`);
      const items = ((await r.json()) as { items: { id: string }[] }).items.map((i) => i.id);
      if (items.length === 0) throw new Error(`${list}: empty for the officer`);
      return items;
    };
    const venueIds = await ids('/api/v1/venues?pageSize=50');
    const enterpriseIds = await ids('/api/v1/enterprises?pageSize=20');
    const hazardIds = await ids('/api/v1/hazards?pageSize=20');
    const inspectionIds = await ids('/api/v1/inspections?pageSize=20');

    const bare = venueIds.map((id) => `/bench/bare/${id}`);
    const point = venueIds.map((id) => `/api/v1/venues/${id}`);
    const me = ['/api/v1/auth/me'];
    const lists = [
      '/api/v1/venues?page=1&pageSize=20',
      '/api/v1/enterprises?page=1&pageSize=20',
      '/api/v1/hazards?pageSize=20',
      '/api/v1/inspections?page=1&pageSize=20',
    ];
    const mixed: string[] = [];
    for (let i = 0; i < 20; i++) {
      mixed.push(lists[i % lists.length]!);
      mixed.push(`/api/v1/venues/${venueIds[i % venueIds.length]}`);
      mixed.push(`/api/v1/enterprises/${enterpriseIds[i % enterpriseIds.length]}`);
      mixed.push(`/api/v1/hazards/${hazardIds[i % hazardIds.length]}`);
      mixed.push(`/api/v1/inspections/${inspectionIds[i % inspectionIds.length]}`);
      if (i % 4 === 0) mixed.push('/api/v1/auth/me');
    }

    // Warm both servers (JIT, connections, plans), then measure, the bare baseline next to each.
    await load(now.origin, now.cookie, [...bare, ...mixed], 2);
    await load(old.origin, old.cookie, [...bare, ...mixed], 2);
    const bareNow = await profiled('bare', () => load(now.origin, null, bare));
    const pointNow = await profiled('point', () => load(now.origin, now.cookie, point));
    const meNow = await load(now.origin, now.cookie, me);
    const mixedNow = await profiled('mixed', () => load(now.origin, now.cookie, mixed));
    const pointOld = await load(old.origin, old.cookie, point);
    const meOld = await load(old.origin, old.cookie, me);
    const mixedOld = await load(old.origin, old.cookie, mixed);
    // Named reads off and on, twice, alternating (the machine's load changes over the run).
    const unnamed: Load[] = [];
    const named: Load[] = [];
    for (let round = 0; round < 2; round++) {
      setNamedReads(false);
      unnamed.push(await load(now.origin, now.cookie, mixed));
      setNamedReads(true);
      named.push(await load(now.origin, now.cookie, mixed));
    }
    const mixedUnnamed = pooled(unnamed);
    const mixedNamed = pooled(named);

    const where = `postgresql ${version}, demo data, ${CONCURRENCY} connections, ${SECONDS} s each`;
    const rps = (name: string, m: Load, baseline: Load | null, note: string) =>
      record({
        name,
        unit: 'req/s',
        value: m.rps,
        baseline: baseline?.rps ?? null,
        p50: null,
        p95: null,
        database: `${where}; ${note}; latency p50 ${m.p50.toFixed(1)} ms, p95 ${m.p95.toFixed(1)} ms; CPU ms/request server ${m.cpuMs.toFixed(2)}, database ${m.dbCpuMs.toFixed(2)}`,
      });
    const cpu = (name: string, m: Load, baseline: Load, note: string) =>
      record({
        name,
        unit: 'ms CPU/req',
        value: m.cpuMs,
        baseline: baseline.cpuMs,
        p50: null,
        p95: null,
        database: `${where}; ${note}; the server process's CPU time per request (the database's: ${m.dbCpuMs.toFixed(2)} against ${baseline.dbCpuMs.toFixed(2)} ms)`,
      });
    const cache = `actor cache ${testConfig().actorCacheTtlMs} ms, pool ${POOL}`;
    const noCache = 'no actor cache, pool 10';
    report('request', [
      rps('request-bare-point-lookup', bareNow, null, 'public, select by id'),
      rps('request-point-read', pointNow, bareNow, cache),
      rps('request-auth-me', meNow, bareNow, cache),
      rps('request-mixed-read', mixedNow, null, cache),
      rps('request-point-read-no-cache', pointOld, bareNow, noCache),
      rps('request-auth-me-no-cache', meOld, bareNow, noCache),
      rps('request-mixed-read-no-cache', mixedOld, null, noCache),
      rps(
        'request-mixed-read-named',
        mixedNamed,
        mixedUnnamed,
        `${cache}, named reads against unnamed, one after the other`,
      ),
      cpu('request-point-read-cpu', pointNow, bareNow, cache),
      cpu('request-point-read-no-cache-cpu', pointOld, bareNow, noCache),
      cpu('request-mixed-read-cpu', mixedNow, mixedOld, `${cache} against ${noCache}`),
      cpu('request-mixed-read-named-cpu', mixedNamed, mixedUnnamed, `${cache}, named reads against unnamed`),
      record({
        name: 'request-mixed-read-latency',
        unit: 'ms',
        value: mixedNow.p50,
        baseline: mixedOld.p50,
        p50: mixedNow.p50,
        p95: mixedNow.p95,
        database: `${where}; ${cache} against ${noCache}`,
      }),
    ]);
  } finally {
    for (const app of apps) await app.close();
    await database.close();
    await before.close();
    await new Promise((r) => setTimeout(r, 300));
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
}

runMain(main);
