import { randomBytes } from 'node:crypto';
import { and, desc, eq, getTableColumns } from 'drizzle-orm';
import pg from 'pg';
import { searchTokens } from '../domain/registry/registry.ts';
import { townshipSeats } from '../domain/registry/wushen-boundaries.ts';
import { buildApp } from '../server/app.ts';
import { testConfig } from '../server/config.ts';
import { openDatabase } from '../server/db/client.ts';
import { regionsTable } from '../server/modules/organisation/organisation.table.ts';
import { venuesTable } from '../server/modules/registry/registry.table.ts';
import { DEMO_PASSWORD, seedDemo } from '../server/seed/demo.seed.ts';
import { percentile, record, report, runMain } from './lib.ts';

/**
 * On PostgreSQL with 100,000 venues: a township officer's filtered (region + category),
 * Chinese-text-searched, paged venue list over HTTP, against a bare indexed select of the same page
 * size served by the same server (same auth hook, same HTTP stack) in the same run.
 */
const VENUES = Number(process.env.BENCH_VENUES ?? 100_000);
const WARMUP = 50;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300);
const PAGE_SIZE = 20;
// The bare query returns whole rows (as the list does), without the search tokens.
const { searchTokens: _tokens, ...bareColumns } = getTableColumns(venuesTable);
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';

const prefixes = [
  '草原人家',
  '蒙源',
  '乌审',
  '毛乌素',
  '巴音',
  '苏力德',
  '萨拉乌苏',
  '金驼',
  '银泉',
  '福满园',
  '聚贤',
  '德顺',
  '兴旺',
  '额吉',
  '牧人',
  '塞北',
  '河套',
  '陕北',
  '老街',
  '敖包',
];
const kinds = [
  '手把肉馆',
  '羊肉馆',
  '烧烤店',
  '火锅店',
  '面馆',
  '饺子馆',
  '奶茶馆',
  '烩菜馆',
  '家常菜馆',
  '铁锅炖',
  '羊杂碎店',
  '包子铺',
  '川菜馆',
  '砂锅店',
  '涮肉坊',
];
const streets = ['萨如拉街', '团结路', '新华街', '阳光路', '乌审大街', '文化路', '振兴路', '朝阳街', '大街', '一路'];
const categories = [
  'restaurant',
  'restaurant',
  'restaurant',
  'restaurant',
  'restaurant',
  'restaurant',
  'restaurant',
  'school',
  'household',
  'mixed_building',
] as const;
const gasChoices = ['{piped}', '{bottled_lpg}', '{piped,bottled_lpg}', '{bottled_lpg}', '{piped}'];
const floors = ['ground', 'ground', 'ground', 'upper', 'semi_basement', 'basement', 'high_rise'];

/** Bulk-loads venues with one INSERT … SELECT FROM unnest(arrays) per 10,000 rows (one parameter per column). */
async function loadVenues(client: pg.Client, regionIds: { id: string; town: string }[]) {
  const batch = 10_000;
  let rnd = 12345;
  const next = () => {
    rnd = (rnd * 1103515245 + 12345) & 0x7fffffff;
    return rnd / 0x7fffffff;
  };
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!;
  for (let start = 0; start < VENUES; start += batch) {
    const cols = {
      name: [] as string[],
      category: [] as string[],
      region: [] as string[],
      address: [] as string[],
      floor: [] as string[],
      gas: [] as string[],
      kg: [] as (number | null)[],
      detector: [] as boolean[],
      tokens: [] as string[],
      created: [] as string[],
    };
    for (let i = start; i < Math.min(VENUES, start + batch); i++) {
      // 45% in 嘎鲁图镇 (the first entries), the rest spread over the other townships and communities.
      const region = next() < 0.45 ? regionIds[0]! : pick(regionIds);
      const category = pick(categories);
      const name =
        category === 'restaurant'
          ? `${pick(prefixes)}${pick(kinds)}`
          : category === 'school'
            ? `${region.town}第${1 + (i % 9)}小学`
            : `${pick(prefixes)}商住楼`;
      const address = `${region.town}${pick(streets)}${i}号`;
      const gas = pick(gasChoices);
      cols.name.push(name);
      cols.category.push(category);
      cols.region.push(region.id);
      cols.address.push(address);
      cols.floor.push(pick(floors));
      cols.gas.push(gas);
      cols.kg.push(gas.includes('bottled') ? pick([15, 30, 50, 100, 150, 300]) : null);
      cols.detector.push(next() < 0.8);
      cols.tokens.push(searchTokens(name, address).join(' '));
      cols.created.push(new Date(Date.UTC(2023, 0, 1) + i * 60_000).toISOString());
    }
    await client.query(
      `insert into venues (name, category, region_id, address, floor, gas_sources, stored_lpg_kg, detector_installed, search_tokens, created_at, updated_at)
       select n, c, r::uuid, a, f, g::text[], k, d, string_to_array(t, ' '), ts::timestamptz, ts::timestamptz
       from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::numeric[], $8::boolean[], $9::text[], $10::text[])
         as u(n, c, r, a, f, g, k, d, t, ts)`,
      [
        cols.name,
        cols.category,
        cols.region,
        cols.address,
        cols.floor,
        cols.gas,
        cols.kg,
        cols.detector,
        cols.tokens,
        cols.created,
      ],
    );
  }
  // What autovacuum would do after a bulk import: statistics and the visibility map.
  await client.query('vacuum analyze venues');
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
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  try {
    await database.migrate();
    await seedDemo(database.db); // the organisation, communities and the demo accounts (galutu = 嘎鲁图镇 officer)

    const regions = await database.db
      .select({ id: regionsTable.id, code: regionsTable.code, path: regionsTable.path })
      .from(regionsTable);
    const townName = (path: string) => townshipSeats[path.split('/')[1] ?? '']?.name ?? '乌审旗';
    const galutu = regions.find((r) => r.code === '150626100')!;
    const loadRegions = [galutu, ...regions.filter((r) => r.path.split('/').length >= 3 && r.id !== galutu.id)].map(
      (r) => ({ id: r.id, town: townName(r.path) }),
    );

    const client = new pg.Client({ connectionString: target.toString() });
    await client.connect();
    const t0 = performance.now();
    await loadVenues(client, loadRegions);
    const loadSeconds = (performance.now() - t0) / 1000;
    await client.end();

    app = await buildApp({ config: testConfig({ logLevel: 'silent' }), database });
    // The baseline: one indexed select (venues_region_idx on region_id, category) of the same page size, behind the same auth hook.
    app.get('/bench/bare', { config: { permission: 'registry.read' } }, async () => {
      const rows = await database.db
        .select(bareColumns)
        .from(venuesTable)
        .where(and(eq(venuesTable.regionId, galutu.id), eq(venuesTable.category, 'restaurant')))
        .orderBy(desc(venuesTable.createdAt))
        .limit(PAGE_SIZE);
      return { items: rows };
    });
    const address = await app.listen({ port: 0, host: '127.0.0.1' });

    const login = await fetch(`${address}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'galutu', password: DEMO_PASSWORD }),
    });
    if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;

    // Broad terms match thousands of venues (every match is read to sort and count it); a venue's
    // name, as someone looking one up types it, matches about a hundred.
    const broadTerms = ['羊肉', '肉馆', '火锅', '手把肉', '草原人家', '面馆', '萨如拉街'];
    const nameTerms = [
      '草原人家手把肉馆',
      '蒙源羊肉馆',
      '金驼火锅店',
      '兴旺面馆',
      '额吉奶茶馆',
      '塞北烩菜馆',
      '老街包子铺',
    ];
    const searchUrl = (terms: string[], i: number) =>
      `${address}/api/v1/venues?regionId=${galutu.id}&category=restaurant&q=${encodeURIComponent(terms[i % terms.length]!)}&page=${1 + (i % 3)}&pageSize=${PAGE_SIZE}`;
    const listUrl = (i: number) => searchUrl(broadTerms, i);
    const nameUrl = (i: number) => searchUrl(nameTerms, i);
    const bareUrl = () => `${address}/bench/bare`;
    const timed = async (url: string) => {
      const s = performance.now();
      const res = await fetch(url, { headers: { cookie } });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`${url}: ${res.status} ${body.slice(0, 300)}`);
      return { ms: performance.now() - s, body };
    };

    // Sanity: the list answers what it should.
    const sample = JSON.parse((await timed(listUrl(0))).body) as { total: number; items: { name: string }[] };
    if (sample.items.length === 0 || !sample.items.every((v) => v.name.includes('羊肉')))
      throw new Error('the searched list found nothing or the wrong venues');

    for (let i = 0; i < WARMUP; i++) {
      await timed(listUrl(i));
      await timed(nameUrl(i));
      await timed(bareUrl());
    }
    const list: number[] = [];
    const byName: number[] = [];
    const bare: number[] = [];
    // Interleaved, one request at a time, so every path sees the same machine state.
    for (let i = 0; i < REQUESTS; i++) {
      list.push((await timed(listUrl(i))).ms);
      byName.push((await timed(nameUrl(i))).ms);
      bare.push((await timed(bareUrl())).ms);
    }

    const db = `postgresql ${version}`;
    const l50 = percentile(list, 50);
    const b50 = percentile(bare, 50);
    const n50 = percentile(byName, 50);
    report('venues-list', [
      record({
        name: 'venues-list',
        unit: 'ms',
        value: l50,
        baseline: b50,
        p50: l50,
        p95: percentile(list, 95),
        database: `${db}, ${VENUES} venues, ${REQUESTS} requests`,
      }),
      record({
        name: 'venues-list-by-name',
        unit: 'ms',
        value: n50,
        baseline: b50,
        p50: n50,
        p95: percentile(byName, 95),
        database: `${db}, ${VENUES} venues, ${REQUESTS} requests`,
      }),
      record({
        name: 'venues-list-bare-baseline',
        unit: 'ms',
        value: b50,
        baseline: null,
        p50: b50,
        p95: percentile(bare, 95),
        database: `${db}, ${VENUES} venues, ${REQUESTS} requests`,
      }),
      record({
        name: 'venues-list-p95-ratio',
        unit: '×',
        value: percentile(list, 95) / percentile(bare, 95),
        baseline: 3,
        ratio: null,
        p50: null,
        p95: null,
        database: db,
      }),
      record({
        name: 'venues-bulk-load',
        unit: 'rows/s',
        value: VENUES / loadSeconds,
        baseline: null,
        p50: null,
        p95: null,
        database: `${db}, ${VENUES} venues in ${loadSeconds.toFixed(1)} s`,
      }),
    ]);
  } finally {
    await app?.close();
    await database.close();
    // Let the pool's sockets finish closing before the database goes (a forced drop would kill them).
    await new Promise((r) => setTimeout(r, 300));
    if (process.env.BENCH_KEEP === '1') process.stdout.write(`kept database ${dbName}\n`);
    else await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
}

runMain(main);
