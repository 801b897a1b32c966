import { randomBytes } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
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
 * On PostgreSQL with 1,000,000 hazards, over HTTP against the real app:
 * (a) a township officer's filtered, sorted ledger page, next to a bare indexed select of a page;
 * (b) the office's progress summary by region (with counts by status), next to a bare indexed
 *     count by region and status;
 * (c) the .xlsx export of 100,000 rows, streamed, with the process's peak resident memory.
 */
const HAZARDS = Number(process.env.BENCH_HAZARDS ?? 1_000_000);
const LEDGER_REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const PROGRESS_REQUESTS = Number(process.env.BENCH_PROGRESS_REQUESTS ?? 30);
const PAGE_SIZE = 20;
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';

async function main() {
  const dbName = `ranan_bench_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const version = (await admin.query('show server_version')).rows[0].server_version as string;
  await admin.query(`create database ${dbName}`);
  const target = new URL(adminUrl);
  target.pathname = `/${dbName}`;
  const database = await openDatabase({ databaseUrl: target.toString() });
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  try {
    await database.migrate();
    await seedDemoAccounts(database.db); // organisation, communities, demo accounts (admin, galutu)
    const regions = await database.db.select({ id: regionsTable.id, code: regionsTable.code }).from(regionsTable);
    const galutu = regions.find((r) => r.code === '150626100')!;
    const departments = (await database.db.select({ id: departmentsTable.id }).from(departmentsTable)).map((d) => d.id);

    const client = new pg.Client({ connectionString: target.toString() });
    await client.connect();
    const t0 = performance.now();
    await loadHazards(client, HAZARDS, { galutu: galutu.id, regions: regions.map((r) => r.id), departments });
    const loadSeconds = (performance.now() - t0) / 1000;
    await client.end();

    app = await buildApp({ config: testConfig({ logLevel: 'silent' }), database });
    const h = hazardsTable;
    // Baselines behind the same auth hook: (a) one page from the (region_id, status, deadline, id) index;
    // (b) counts by region and status from the same index.
    app.get('/bench/bare-ledger', { config: { permission: 'hazard.read' } }, async () => ({
      items: await database.db
        .select()
        .from(h)
        .where(and(eq(h.regionId, galutu.id), eq(h.status, 'open')))
        .orderBy(asc(h.deadline), asc(h.id))
        .limit(PAGE_SIZE),
    }));
    app.get('/bench/bare-progress', { config: { permission: 'hazard.read' } }, async () => ({
      groups: await database.db
        .select({ regionId: h.regionId, status: h.status, n: sql<number>`count(*)::int` })
        .from(h)
        .groupBy(h.regionId, h.status),
    }));
    const address = await app.listen({ port: 0, host: '127.0.0.1' });

    const signIn = async (username: string) => {
      const res = await fetch(`${address}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: DEMO_PASSWORD }),
      });
      if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${await res.text()}`);
      return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    };
    const township = await signIn('galutu');
    const office = await signIn('admin');
    const timed = async (url: string, cookie: string) => {
      const s = performance.now();
      const res = await fetch(`${address}${url}`, { headers: { cookie } });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`${url}: ${res.status} ${body.slice(0, 300)}`);
      return { ms: performance.now() - s, body };
    };

    // (a) The ledger page: region subtree (scope and filter), state/severity/overdue filters, sorted, keyset-paged.
    const first = JSON.parse(
      (await timed(`/api/v1/hazards?regionId=${galutu.id}&status=open&sort=deadline&pageSize=${PAGE_SIZE}`, township))
        .body,
    ) as { items: { regionName: string; status: string }[]; nextCursor: string };
    if (first.items.length !== PAGE_SIZE || !first.items.every((x) => x.status === 'open'))
      throw new Error('the ledger page is wrong');
    // The ledger's orders that an index serves (deadline; major first then deadline), with the usual filters.
    const variants = [
      `status=open&sort=deadline`,
      `status=open,rectifying&severity=major&sort=deadline`,
      `overdue=true&sort=severity`,
      `sort=-deadline`,
      `status=open&sort=deadline&cursor=${first.nextCursor}`,
    ].map((v) => `/api/v1/hazards?regionId=${galutu.id}&${v}&pageSize=${PAGE_SIZE}`);
    // Sorted by the day found, newest first: one state, several states, the whole township ledger. The scope is a
    // region subtree, so the walk is along (status, found_on) or (found_on) with the region as a filter.
    const byFoundUrls = ['status=submitted', 'status=open,rectifying', 'status=open,rectifying,submitted,closed'].map(
      (v) => `/api/v1/hazards?regionId=${galutu.id}&${v}&sort=-foundOn&pageSize=${PAGE_SIZE}`,
    );
    for (let i = 0; i < 30; i++) {
      await timed(variants[i % variants.length]!, township);
      await timed('/bench/bare-ledger', township);
    }
    const ledger: number[] = [];
    const bareLedger: number[] = [];
    const byFound: number[] = [];
    for (let i = 0; i < LEDGER_REQUESTS; i++) {
      ledger.push((await timed(variants[i % variants.length]!, township)).ms);
      bareLedger.push((await timed('/bench/bare-ledger', township)).ms);
      if (i % 5 === 0) byFound.push((await timed(byFoundUrls[(i / 5) % byFoundUrls.length]!, township)).ms);
    }

    // (b) The progress summary by region (found, closed, overdue, major open, closure rate, median days, by status).
    const summary = JSON.parse((await timed('/api/v1/progress?groupBy=region', office)).body) as {
      total: { found: number };
    };
    if (summary.total.found !== HAZARDS) throw new Error(`progress counted ${summary.total.found} hazards`);
    for (let i = 0; i < 3; i++) {
      await timed('/api/v1/progress?groupBy=region', office);
      await timed('/bench/bare-progress', office);
    }
    const progressMs: number[] = [];
    const bareProgress: number[] = [];
    for (let i = 0; i < PROGRESS_REQUESTS; i++) {
      progressMs.push((await timed('/api/v1/progress?groupBy=region', office)).ms);
      bareProgress.push((await timed('/bench/bare-progress', office)).ms);
    }

    // (c) The export of the 100,000 imported rows, read as a stream; resident memory sampled meanwhile.
    const exportRows = (
      await database.db.select({ n: sql<number>`count(*)::int` }).from(h).where(eq(h.source, 'import'))
    )[0]!.n;
    const rssBefore = process.memoryUsage().rss;
    let rssPeakDuring = rssBefore;
    const sampler = setInterval(() => {
      rssPeakDuring = Math.max(rssPeakDuring, process.memoryUsage().rss);
    }, 20);
    const e0 = performance.now();
    const res = await fetch(`${address}/api/v1/hazards/export?source=import`, { headers: { cookie: office } });
    if (res.status !== 200 || !res.body) throw new Error(`export: ${res.status}`);
    let bytes = 0;
    for await (const part of res.body) bytes += (part as Uint8Array).byteLength;
    const exportSeconds = (performance.now() - e0) / 1000;
    clearInterval(sampler);
    const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;

    const db = `postgresql ${version}`;
    const size = `${HAZARDS} hazards`;
    const l50 = percentile(ledger, 50);
    const b50 = percentile(bareLedger, 50);
    const p50 = percentile(progressMs, 50);
    const bp50 = percentile(bareProgress, 50);
    report('hazards', [
      record({
        name: 'hazards-ledger-page',
        unit: 'ms',
        value: l50,
        baseline: b50,
        p50: l50,
        p95: percentile(ledger, 95),
        database: `${db}, ${size}, ${LEDGER_REQUESTS} requests`,
      }),
      record({
        name: 'hazards-ledger-bare-baseline',
        unit: 'ms',
        value: b50,
        baseline: null,
        p50: b50,
        p95: percentile(bareLedger, 95),
        database: `${db}, ${size}, ${LEDGER_REQUESTS} requests`,
      }),
      record({
        name: 'hazards-ledger-page-by-found-date',
        unit: 'ms',
        value: percentile(byFound, 50),
        baseline: b50,
        p50: percentile(byFound, 50),
        p95: percentile(byFound, 95),
        database: `${db}, ${size}, ${byFound.length} requests (one state, two states, all states)`,
      }),
      record({
        name: 'hazards-progress-by-region',
        unit: 'ms',
        value: p50,
        baseline: bp50,
        p50,
        p95: percentile(progressMs, 95),
        database: `${db}, ${size}, ${PROGRESS_REQUESTS} requests`,
      }),
      record({
        name: 'hazards-progress-bare-baseline',
        unit: 'ms',
        value: bp50,
        baseline: null,
        p50: bp50,
        p95: percentile(bareProgress, 95),
        database: `${db}, ${size}, ${PROGRESS_REQUESTS} requests`,
      }),
      record({
        name: 'hazards-export-xlsx',
        unit: 'rows/s',
        value: exportRows / exportSeconds,
        baseline: null,
        p50: null,
        p95: null,
        database: `${db}, ${exportRows} rows, ${mb(bytes)} MB in ${exportSeconds.toFixed(1)} s, RSS ${mb(rssBefore)} MB before, ${mb(rssPeakDuring)} MB peak during`,
      }),
      record({
        name: 'hazards-bulk-load',
        unit: 'rows/s',
        value: HAZARDS / loadSeconds,
        baseline: null,
        p50: null,
        p95: null,
        database: `${db}, ${size} in ${loadSeconds.toFixed(1)} s`,
      }),
    ]);
  } finally {
    await app?.close();
    await database.close();
    await new Promise((r) => setTimeout(r, 300));
    if (process.env.BENCH_KEEP === '1') process.stdout.write(`kept database ${dbName}\n`);
    else await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
}

runMain(main);
