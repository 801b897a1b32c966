import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { buildApp } from '../server/app.ts';
import { testConfig } from '../server/config.ts';
import { openDatabase } from '../server/db/client.ts';
import { hazardsTable } from '../server/modules/hazards/hazards.table.ts';
import { departmentsTable, regionsTable } from '../server/modules/organisation/organisation.table.ts';
import { DEMO_PASSWORD, seedDemoAccounts } from '../server/seed/demo.seed.ts';
import { loadHazards } from './hazards-data.ts';
import { percentile, record, report, runMain } from './lib.ts';

/**
 * The command dashboard and bulletin generation (issue 15) on PostgreSQL with 1,000,000 hazards, over
 * HTTP against the real app, as the campaign office:
 * (a) `GET /api/v1/dashboard` (figures, 12-week trend, overdue by township, open majors on the map,
 *     the latest ranking, today's decisions) against the bare indexed query of the same run — counts by
 *     region and state from the `(region_id, status, …)` index, behind the same auth hook;
 * (b) `POST /api/v1/bulletins` (progress by township and by department, rebounds, tips, cases, alarms,
 *     ranking, commentary, kept with its audit entry) against the same baseline.
 */
const HAZARDS = Number(process.env.BENCH_HAZARDS ?? 1_000_000);
const DASHBOARD_REQUESTS = Number(process.env.BENCH_REQUESTS ?? 20);
const BULLETIN_REQUESTS = Number(process.env.BENCH_BULLETIN_REQUESTS ?? 5);
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';

// BENCH_REUSE=<database> measures again on a database kept by an earlier run (BENCH_KEEP=1), so that a
// before/after comparison pays the 1,000,000-hazard load once: it is migrated, not loaded, and kept.
const reuse = process.env.BENCH_REUSE;

async function main() {
  const dbName = reuse ?? `ranan_bench_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const version = (await admin.query('show server_version')).rows[0].server_version as string;
  if (!reuse) await admin.query(`create database ${dbName}`);
  else process.stdout.write(`reusing database ${dbName}\n`);
  const target = new URL(adminUrl);
  target.pathname = `/${dbName}`;
  const database = await openDatabase({ databaseUrl: target.toString() });
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  try {
    await database.migrate();
    if (!reuse) await seedDemoAccounts(database.db);
    const regions = await database.db.select({ id: regionsTable.id, code: regionsTable.code }).from(regionsTable);
    const galutu = regions.find((r) => r.code === '150626100')!;
    const departments = (await database.db.select({ id: departmentsTable.id }).from(departmentsTable)).map((d) => d.id);
    if (!reuse) {
      const client = new pg.Client({ connectionString: target.toString() });
      await client.connect();
      await loadHazards(client, HAZARDS, { galutu: galutu.id, regions: regions.map((r) => r.id), departments });
      await client.end();
      process.stdout.write(`database ${dbName} loaded\n`);
    }

    app = await buildApp({ config: testConfig({ logLevel: 'silent' }), database });
    const h = hazardsTable;
    app.get('/bench/bare-progress', { config: { permission: 'hazard.read' } }, async () => ({
      groups: await database.db
        .select({ regionId: h.regionId, status: h.status, n: sql<number>`count(*)::int` })
        .from(h)
        .groupBy(h.regionId, h.status),
    }));
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const login = await fetch(`${address}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: DEMO_PASSWORD }),
    });
    if (login.status !== 200) throw new Error(`login failed: ${login.status}`);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const timed = async (url: string, method = 'GET') => {
      const s = performance.now();
      const res = await fetch(`${address}${url}`, {
        method,
        headers: { cookie, ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) },
        ...(method === 'POST' ? { body: '{}' } : {}),
      });
      const body = await res.text();
      if (res.status >= 300) throw new Error(`${url}: ${res.status} ${body.slice(0, 300)}`);
      return { ms: performance.now() - s, body };
    };

    // One bulletin first, so the dashboard shows a ranking as it does in use.
    const first = JSON.parse((await timed('/api/v1/bulletins', 'POST')).body) as { total: { found: number } };
    if (first.total.found !== HAZARDS) throw new Error(`the bulletin counted ${first.total.found} hazards`);
    const d = JSON.parse((await timed('/api/v1/dashboard')).body) as { figures: { found: number } };
    if (d.figures.found !== HAZARDS) throw new Error(`the dashboard counted ${d.figures.found} hazards`);
    for (let i = 0; i < 3; i++) {
      await timed('/api/v1/dashboard');
      await timed('/bench/bare-progress');
    }
    const dash: number[] = [];
    const bare: number[] = [];
    const bulletin: number[] = [];
    for (let i = 0; i < DASHBOARD_REQUESTS; i++) {
      dash.push((await timed('/api/v1/dashboard')).ms);
      bare.push((await timed('/bench/bare-progress')).ms);
      if (i < BULLETIN_REQUESTS) bulletin.push((await timed('/api/v1/bulletins', 'POST')).ms);
    }
    const db = `postgresql ${version}, ${HAZARDS} hazards`;
    const b50 = percentile(bare, 50);
    report('dashboard', [
      record({
        name: 'dashboard',
        unit: 'ms',
        value: percentile(dash, 50),
        baseline: b50,
        p50: percentile(dash, 50),
        p95: percentile(dash, 95),
        database: `${db}, ${DASHBOARD_REQUESTS} requests`,
      }),
      record({
        name: 'bulletin-generation',
        unit: 'ms',
        value: percentile(bulletin, 50),
        baseline: b50,
        p50: percentile(bulletin, 50),
        p95: percentile(bulletin, 95),
        database: `${db}, ${bulletin.length} bulletins`,
      }),
      record({
        name: 'dashboard-bare-baseline',
        unit: 'ms',
        value: b50,
        baseline: null,
        p50: b50,
        p95: percentile(bare, 95),
        database: `${db}, ${DASHBOARD_REQUESTS} requests (counts by region and state)`,
      }),
    ]);
  } finally {
    await app?.close();
    await database.close();
    if (!process.env.BENCH_KEEP && !reuse) await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
}

runMain(main);
