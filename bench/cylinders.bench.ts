import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { buildApp } from '../server/app.ts';
import { testConfig } from '../server/config.ts';
import { openDatabase } from '../server/db/client.ts';
import { createAuthService } from '../server/modules/auth/index.ts';
import { cylinderEventsTable, cylindersTable } from '../server/modules/cylinders/index.ts';
import { regionsTable } from '../server/modules/organisation/organisation.table.ts';
import { enterprisesTable, facilitiesTable, licencesTable } from '../server/modules/registry/registry.table.ts';
import type { Actor } from '../server/platform/access.ts';
import { seedOrganisation } from '../server/seed/organisation.seed.ts';
import { percentile, record, report, runMain } from './lib.ts';

/**
 * 一瓶一码 on PostgreSQL with BENCH_CYLINDERS (1,000,000) cylinders (issue 11), ratios within one run:
 * - **gate**: `POST /api/v1/filling/check` from a filling line's token, BENCH_CONNECTIONS (50) keep-alive
 *   connections from a client in a child process, codes drawn over the whole register, against **bare**:
 *   `POST /bench/bare-gate`, a route the benchmark adds to the same server behind the same token check
 *   (permission filling.check): one select of the cylinder by its code (the unique index), sent as JSON.
 *   Goal: at least 0.5× bare's throughput and a p99 at most 2× bare's.
 * - **ingest**: `POST /api/v1/cylinder-events` (8 senders, batches of 1,000 `seen` events at the station,
 *   each waiting for its acknowledgement) against a **raw** multi-row insert of the same rows (the same
 *   columns, `insert … select from unnest(…)`, 1,000 rows a statement, two at a time) into a copy of the
 *   events table with its indexes. Goal: at least 0.5× the raw rate.
 */
const CYLINDERS = Number(process.env.BENCH_CYLINDERS ?? 1_000_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONCURRENCY = Number(process.env.BENCH_CONNECTIONS ?? 50);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const GATE = process.env.BENCH_GATE !== '0';
const SENDERS = 8;
const BATCH = 1_000;
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';

const clientCode = `
const http = require('node:http');
const { origin, authorization, path, stationId, cylinders, seconds, concurrency } = JSON.parse(process.env.BENCH_LOAD);
// Codes drawn over the whole register (BN00000001 …), the same 5,000 for every path (a fixed seed).
let seed = 42;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const bodies = Array.from({ length: 5000 }, () => JSON.stringify({
  cylinderCode: 'BN' + String(1 + Math.floor(random() * cylinders)).padStart(8, '0'), stationId }));
const { hostname, port } = new URL(origin);
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const latencies = [];
let errors = 0;
let next = 0;
const end = Date.now() + seconds * 1000;
function one(body) {
  return new Promise((resolve) => {
    const started = performance.now();
    const req = http.request({ hostname, port, path, agent, method: 'POST',
      headers: { authorization, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => {
        if (res.statusCode !== 200) errors++;
        latencies.push(performance.now() - started);
        resolve();
      });
    });
    req.on('error', () => { errors++; resolve(); });
    req.end(body);
  });
}
async function loop() { while (Date.now() < end) await one(bodies[next++ % bodies.length]); }
Promise.all(Array.from({ length: concurrency }, loop)).then(() => {
  agent.destroy();
  process.stdout.write(JSON.stringify({ latencies, errors }));
});
`;

type Load = { rps: number; p50: number; p95: number; p99: number };

function load(origin: string, authorization: string, path: string, stationId: string): Promise<Load> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', clientCode], {
      env: {
        ...process.env,
        BENCH_LOAD: JSON.stringify({
          origin,
          authorization,
          path,
          stationId,
          cylinders: CYLINDERS,
          seconds: SECONDS,
          concurrency: CONCURRENCY,
        }),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.once('error', reject);
    child.once('close', (code) => {
      if (code !== 0) return reject(new Error(`load client exited ${code}`));
      const { latencies, errors } = JSON.parse(out) as { latencies: number[]; errors: number };
      if (errors > 0) return reject(new Error(`${errors} requests to ${path} failed`));
      resolve({
        rps: latencies.length / SECONDS,
        p50: percentile(latencies, 50),
        p95: percentile(latencies, 95),
        p99: percentile(latencies, 99),
      });
    });
  });
}

const system: Actor = {
  type: 'system',
  id: null,
  name: 'bench',
  grants: [],
  permissions: new Set(['machine_token.manage']),
};

/** The register every run starts from: the filler, its licence and station, and the cylinders (see `loadRegister`). */
async function loadRegister(db: Awaited<ReturnType<typeof openDatabase>>['db']) {
  await seedOrganisation(db);
  const [region] = await db
    .select({ id: regionsTable.id })
    .from(regionsTable)
    .where(eq(regionsTable.code, '150626100'));
  const [owner] = await db
    .insert(enterprisesTable)
    .values({
      name: '乌审旗基准充装有限公司',
      creditCode: BENCH_CREDIT_CODE,
      kind: 'filling_enterprise',
      regionId: region!.id,
      address: '嘎鲁图镇基准路1号',
      searchTokens: [],
    } as typeof enterprisesTable.$inferInsert)
    .returning();
  await db.insert(licencesTable).values({
    enterpriseId: owner!.id,
    kind: 'cylinder_filling',
    number: 'TS-BENCH-1',
    validFrom: '2024-01-01',
    validTo: '2099-12-31',
  } as typeof licencesTable.$inferInsert);
  await db.insert(facilitiesTable).values({
    kind: 'filling_station',
    name: '基准充装站',
    enterpriseId: owner!.id,
    regionId: region!.id,
    address: '嘎鲁图镇基准路1号',
    searchTokens: [],
  } as typeof facilitiesTable.$inferInsert);
  // 1,000,000 cylinders of the filler: a tenth overdue, one in fifty refurbished.
  const started = performance.now();
  for (let from = 1; from <= CYLINDERS; from += 100_000) {
    const to = Math.min(CYLINDERS, from + 99_999);
    await db.execute(sql`insert into ${cylindersTable} (code, owner_enterprise_id, region_id, model, phase,
        manufacturer, serial_number, manufactured_on, last_inspected_on, last_inspection_passed, refurbished)
      select 'BN' || lpad(i::text, 8, '0'), ${owner!.id}, ${region!.id}, 'YSP35.5', 'liquid', '基准气瓶厂',
        'S' || i, date '2022-01-01' + (i % 700), case when i % 10 = 0 then date '2019-01-01' else date '2025-06-01' end,
        true, i % 50 = 0
      from generate_series(${from}::int, ${to}::int) as i`);
  }
  await db.execute(sql`vacuum analyze cylinders`);
  // The bulk load's time: the cylinders' inserts and their vacuum (not the migrations).
  return (performance.now() - started) / 1000;
}

const BENCH_CREDIT_CODE = '91150626BENCH0000X';

/**
 * The loaded register is kept as a template database named after the cylinder count and the latest migration
 * (`ranan_bench_cyl_tpl_<count>_<migration>`), made on the first run (the 1,000,000-cylinder load takes minutes),
 * and every run works on a copy of it (`create database … template …`, a file copy: seconds). `BENCH_TEMPLATE=0`
 * loads a fresh database every run and keeps no template. A template left by an older schema is never used: a
 * new migration names a new one (drop old ones by hand: `drop database ranan_bench_cyl_tpl_…`).
 */
function templateName(): string {
  const journal = JSON.parse(
    fs.readFileSync(path.resolve(import.meta.dirname, '../server/db/migrations/meta/_journal.json'), 'utf8'),
  ) as { entries: { idx: number }[] };
  const latest = Math.max(...journal.entries.map((e) => e.idx));
  return `ranan_bench_cyl_tpl_${CYLINDERS}_${String(latest).padStart(4, '0')}`;
}

async function main() {
  const dbName = `ranan_bench_cyl_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const version = (await admin.query('show server_version')).rows[0].server_version as string;
  const urlOf = (name: string) => {
    const u = new URL(adminUrl);
    u.pathname = `/${name}`;
    return u.toString();
  };
  const useTemplate = process.env.BENCH_TEMPLATE !== '0';
  const template = templateName();
  let loadSeconds: number | null = null;
  if (useTemplate) {
    const exists = (await admin.query('select 1 from pg_database where datname = $1', [template])).rowCount === 1;
    if (!exists) {
      // Built under a temporary name and renamed when complete: an interrupted load leaves no half template.
      const building = `${template}_building_${randomBytes(3).toString('hex')}`;
      await admin.query(`create database ${building}`);
      const t = await openDatabase({ databaseUrl: urlOf(building) });
      try {
        await t.migrate();
        loadSeconds = await loadRegister(t.db);
      } finally {
        await t.close();
      }
      await admin.query(`alter database ${building} rename to ${template}`);
      process.stdout.write(`loaded ${CYLINDERS} cylinders into template ${template} in ${loadSeconds.toFixed(1)} s\n`);
    }
    const copyStarted = performance.now();
    await admin.query(`create database ${dbName} template ${template}`);
    process.stdout.write(`copied ${template} in ${((performance.now() - copyStarted) / 1000).toFixed(1)} s\n`);
  } else await admin.query(`create database ${dbName}`);
  const database = await openDatabase({ databaseUrl: urlOf(dbName) });
  const raw = new pg.Pool({ connectionString: urlOf(dbName), max: 4 });
  // The final drop database … with (force) may end a connection the pool is still closing: not an error of the run.
  raw.on('error', () => {});
  const label = `PostgreSQL ${version}, ${CYLINDERS.toLocaleString('en')} cylinders`;
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  try {
    if (!useTemplate) {
      await database.migrate();
      loadSeconds = await loadRegister(database.db);
      process.stdout.write(`loaded ${CYLINDERS} cylinders in ${loadSeconds.toFixed(1)} s\n`);
    }
    const db = database.db;
    const [owner] = await db.select().from(enterprisesTable).where(eq(enterprisesTable.creditCode, BENCH_CREDIT_CODE));
    const region = { id: owner!.regionId };
    const [station] = await db.select().from(facilitiesTable).where(eq(facilitiesTable.enterpriseId, owner!.id));

    app = await buildApp({ config: testConfig({ logLevel: 'silent' }), database });
    app.post<{ Body: { cylinderCode: string } }>(
      '/bench/bare-gate',
      { config: { permission: 'filling.check' } },
      async (req) => {
        const [row] = await database.db
          .select()
          .from(cylindersTable)
          .where(eq(cylindersTable.code, req.body.cylinderCode));
        return row ?? null;
      },
    );
    const origin = await app.listen({ port: 0, host: '127.0.0.1' });
    const { secret } = await createAuthService({ db, config: testConfig() }).issueMachineToken({
      actor: system,
      name: '基准充装线',
      role: 'filling_line',
      scopeType: 'facility',
      facilityId: station!.id,
    });
    const authorization = `Bearer ${secret}`;

    const code = (i: number) => `BN${String(i).padStart(8, '0')}`;
    const measures: ReturnType<typeof record>[] = [];
    if (GATE) {
      // Warm both, then alternate bare and gate twice; each figure is the mean of its two runs.
      await load(origin, authorization, '/bench/bare-gate', station!.id);
      await load(origin, authorization, '/api/v1/filling/check', station!.id);
      const bareRuns: Load[] = [];
      const gateRuns: Load[] = [];
      for (let round = 0; round < 2; round++) {
        bareRuns.push(await load(origin, authorization, '/bench/bare-gate', station!.id));
        gateRuns.push(await load(origin, authorization, '/api/v1/filling/check', station!.id));
      }
      const mean = (runs: Load[], k: keyof Load) => runs.reduce((a, r) => a + r[k], 0) / runs.length;
      const bare = {
        rps: mean(bareRuns, 'rps'),
        p50: mean(bareRuns, 'p50'),
        p95: mean(bareRuns, 'p95'),
        p99: mean(bareRuns, 'p99'),
      };
      const gate = {
        rps: mean(gateRuns, 'rps'),
        p50: mean(gateRuns, 'p50'),
        p95: mean(gateRuns, 'p95'),
        p99: mean(gateRuns, 'p99'),
      };
      process.stdout.write(`gate p99 ${gate.p99.toFixed(1)} ms, bare p99 ${bare.p99.toFixed(1)} ms\n`);
      measures.push(
        record({
          name: 'cylinders-gate-bare-baseline',
          unit: 'req/s',
          value: bare.rps,
          baseline: null,
          p50: bare.p50,
          p95: bare.p95,
          database: label,
        }),
        record({
          name: 'cylinders-gate',
          unit: 'req/s',
          value: gate.rps,
          baseline: bare.rps,
          p50: gate.p50,
          p95: gate.p95,
          database: label,
        }),
        record({
          name: 'cylinders-gate-p99-ratio',
          unit: '×',
          value: gate.p99 / bare.p99,
          baseline: 2,
          ratio: null,
          p50: null,
          p95: null,
          database: label,
        }),
      );
    }

    // Ingestion: the same rows through the API and as a raw batched insert into a copy of the table,
    // alternated BENCH_ROUNDS times on fresh events each time; each figure is the mean of its rounds.
    await raw.query(`create table bench_raw_events (like cylinder_events including all)`);
    const perRound = Math.ceil(EVENTS / BATCH);
    const makeBatches = (round: number) =>
      Array.from({ length: perRound }, (_, n) =>
        Array.from({ length: BATCH }, (_, k) => ({
          eventId: randomUUID(),
          code: code(1 + ((n * BATCH + k) % CYLINDERS)),
          occurredAt: new Date(Date.now() - 3_600_000 + round * EVENTS + n * BATCH + k).toISOString(),
        })),
      );
    const ids = new Map<string, string>();
    for (const r of (
      (await raw.query(`select id, code from cylinders where code = any($1)`, [
        [
          ...new Set(
            makeBatches(0)
              .flat()
              .map((e) => e.code),
          ),
        ],
      ])) as { rows: { id: string; code: string }[] }
    ).rows)
      ids.set(r.code, r.id);

    const rawRun = async (batches: ReturnType<typeof makeBatches>) => {
      const started = performance.now();
      let next = 0;
      const writer = async () => {
        for (;;) {
          const batch = batches[next++];
          if (!batch) return;
          await raw.query(
            `insert into bench_raw_events (event_id, type, code, cylinder_id, occurred_at, location_type, location_id,
               station_id, enterprise_id, region_id, actor_type, actor_name, content_hash)
             select e, 'seen', c, cy, o, 'station', $5::uuid, $5::uuid, $6::uuid, $7::uuid, 'machine', '基准充装线', h
             from unnest($1::text[], $2::text[], $3::uuid[], $4::timestamptz[], $8::text[]) as t(e, c, cy, o, h)
             on conflict do nothing`,
            [
              batch.map((e) => e.eventId),
              batch.map((e) => e.code),
              batch.map((e) => ids.get(e.code)),
              batch.map((e) => e.occurredAt),
              station!.id,
              owner!.id,
              region!.id,
              batch.map((e) => e.eventId.replace(/-/g, '').padEnd(64, '0')),
            ],
          );
        }
      };
      await Promise.all([writer(), writer()]);
      return (batches.length * BATCH) / ((performance.now() - started) / 1000);
    };
    // The server's thread (with the senders, in this process) per batch of the API phases: CPU time is less moved by
    // the machine's load than the rates are.
    const apiCpuMs: number[] = [];
    const apiRun = async (batches: ReturnType<typeof makeBatches>) => {
      const started = performance.now();
      const cpu = process.cpuUsage();
      let next = 0;
      const sender = async () => {
        for (;;) {
          const batch = batches[next++];
          if (!batch) return;
          const res = await fetch(`${origin}/api/v1/cylinder-events`, {
            method: 'POST',
            headers: { authorization, 'content-type': 'application/json' },
            body: JSON.stringify({
              events: batch.map((e) => ({ ...e, type: 'seen', stationId: station!.id })),
            }),
          });
          if (res.status !== 200) throw new Error(`cylinder-events answered ${res.status}: ${await res.text()}`);
        }
      };
      await Promise.all(Array.from({ length: SENDERS }, sender));
      const used = process.cpuUsage(cpu);
      apiCpuMs.push((used.user + used.system) / 1000 / batches.length);
      return (batches.length * BATCH) / ((performance.now() - started) / 1000);
    };
    const rawRates: number[] = [];
    const apiRates: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      rawRates.push(await rawRun(makeBatches(round)));
      apiRates.push(await apiRun(makeBatches(round)));
      process.stdout.write(
        `round ${round + 1}: raw ${rawRates[round]!.toFixed(0)} rows/s, api ${apiRates[round]!.toFixed(0)} rows/s (${apiCpuMs[
          round
        ]!.toFixed(1)} ms of this process's CPU a batch), load ${os
          .loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')}\n`,
      );
    }
    const rawRate = rawRates.reduce((x, y) => x + y, 0) / ROUNDS;
    const apiRate = apiRates.reduce((x, y) => x + y, 0) / ROUNDS;
    const [{ n }] = (
      (await db.execute(
        sql`select count(*)::int as n from ${cylinderEventsTable} where ${cylinderEventsTable.type} = 'seen'`,
      )) as unknown as { rows: { n: number }[] }
    ).rows as [{ n: number }];
    if (Number(n) !== ROUNDS * perRound * BATCH) throw new Error(`stored ${n} events of ${ROUNDS * perRound * BATCH}`);

    report('cylinders', [
      ...measures,
      record({
        name: 'cylinders-ingest-raw-baseline',
        unit: 'rows/s',
        value: rawRate,
        baseline: null,
        p50: null,
        p95: null,
        database: label,
      }),
      record({
        name: 'cylinders-ingest',
        unit: 'rows/s',
        value: apiRate,
        baseline: rawRate,
        p50: null,
        p95: null,
        database: label,
      }),
      ...(loadSeconds === null
        ? []
        : [
            record({
              name: 'cylinders-bulk-load',
              unit: 'rows/s',
              value: CYLINDERS / loadSeconds,
              baseline: null,
              p50: null,
              p95: null,
              database: label,
            }),
          ]),
    ]);
  } finally {
    await app?.close();
    await raw.end();
    await database.close();
    if (!process.env.BENCH_KEEP) await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
}

runMain(main);
