import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchTokens } from '../domain/registry/registry.ts';
import { venuesTable } from '../server/modules/registry/registry.table.ts';
import { VENUE_COUNT_CAP } from '../server/modules/registry/venues.repository.ts';
import { type TestContext, createTestApp, login } from './app.ts';
import { TOWNSHIPS, buildUser, regionByCode } from './factories.ts';

/**
 * The venue list's total is counted up to 1,000 matches (VENUE_COUNT_CAP): with more it answers
 * 1000 and totalCapped, and still gives the right page (the first pages by walking the creation
 * order, deeper pages and other sorts by sorting every match). 1,000 matches or fewer: exact.
 */
type Send = Awaited<ReturnType<typeof login>>;
type ListBody = { items: { name: string; createdAt: string }[]; total: number; totalCapped: boolean };

let ctx: TestContext;
let admin: Send;
let galutuOfficer: Send;
let tukeOfficer: Send;

// 1,000 乌兰 venues (exactly the cap) and 50 敖伦 venues, all named 查干…; 1,050 查干 matches in all.
const ULAN = VENUE_COUNT_CAP;
const AOLUN = 50;
const start = Date.UTC(2021, 0, 1);
type Seeded = { name: string; createdAt: Date };
const seeded: Seeded[] = [];

beforeAll(async () => {
  ctx = await createTestApp();
  const db = ctx.database.db;
  admin = await login(ctx.app, ...(await creds('office_admin', 'global')));
  galutuOfficer = await login(ctx.app, ...(await creds('township_officer', { region: TOWNSHIPS.galutu })));
  tukeOfficer = await login(ctx.app, ...(await creds('township_officer', { region: TOWNSHIPS.tuke })));
  const galutuId = (await regionByCode(db, TOWNSHIPS.galutu)).id;
  const rows: (typeof venuesTable.$inferInsert)[] = [];
  for (let i = 0; i < ULAN + AOLUN; i++) {
    // Names sort differently from the creation order (the number is reversed in the name).
    const name = `查干${i < ULAN ? '乌兰' : '敖伦'}饭店${String(9999 - i).padStart(4, '0')}`;
    const address = `嘎鲁图镇查干路${i}号`;
    const createdAt = new Date(start + ((i * 7919) % 1_000_003) * 60_000);
    seeded.push({ name, createdAt });
    rows.push({
      name,
      category: 'restaurant',
      regionId: galutuId,
      address,
      searchTokens: searchTokens(name, address),
      createdAt,
      updatedAt: createdAt,
    });
  }
  for (let i = 0; i < rows.length; i += 500) await db.insert(venuesTable).values(rows.slice(i, i + 500));
});
afterAll(() => ctx.close());

async function creds(role: Parameters<typeof buildUser>[1], scope: Parameters<typeof buildUser>[2]) {
  const u = await buildUser(ctx.database.db, role, scope);
  return [u.username, u.password] as const;
}

async function list(send: Send, params: string): Promise<ListBody> {
  const res = await send({ method: 'GET', url: `/api/v1/venues?${params}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

const q = (term: string) => `q=${encodeURIComponent(term)}`;
const newestFirst = (a: Seeded, b: Seeded) => b.createdAt.getTime() - a.createdAt.getTime();
const matching = (part: string) => seeded.filter((v) => v.name.includes(part));

describe('venue list totals over HTTP', () => {
  it('counts more than 1,000 matches as 1000 with totalCapped, and pages them in creation order (the walk and the sort)', async () => {
    const all = matching('查干').sort(newestFirst);
    expect(all).toHaveLength(ULAN + AOLUN);
    for (const page of [1, 2, 5, 6, 30]) {
      const body = await list(admin, `${q('查干')}&page=${page}&pageSize=20`);
      expect(body).toMatchObject({ total: 1000, totalCapped: true });
      expect(body.items.map((i) => i.name)).toEqual(all.slice((page - 1) * 20, page * 20).map((v) => v.name));
    }
    // Oldest first (the walk forwards).
    const oldest = await list(admin, `${q('查干')}&order=asc&pageSize=20`);
    expect(oldest.items.map((i) => i.name)).toEqual(
      [...all]
        .reverse()
        .slice(0, 20)
        .map((v) => v.name),
    );
    // By name.
    const byName = await list(admin, `${q('查干')}&sort=name&order=asc&page=2&pageSize=50`);
    expect(byName).toMatchObject({ total: 1000, totalCapped: true });
    expect(byName.items.map((i) => i.name)).toEqual(
      all
        .map((v) => v.name)
        .sort()
        .slice(50, 100),
    );
  });

  it('answers the last rows past the thousandth and an empty page past the end, still capped', async () => {
    const all = matching('查干').sort(newestFirst);
    const last = await list(admin, `${q('查干')}&page=11&pageSize=100`);
    expect(last).toMatchObject({ total: 1000, totalCapped: true });
    expect(last.items.map((i) => i.name)).toEqual(all.slice(1000).map((v) => v.name));
    const past = await list(admin, `${q('查干')}&page=12&pageSize=100`);
    expect(past).toMatchObject({ items: [], total: 1000, totalCapped: true });
  });

  it('counts exactly up to 1,000 matches: exactly the cap is not capped, and small sets are exact', async () => {
    const ulan = await list(admin, `${q('查干乌兰')}&pageSize=20`);
    expect(ulan).toMatchObject({ total: 1000, totalCapped: false });
    expect(ulan.items.map((i) => i.name)).toEqual(
      matching('乌兰')
        .sort(newestFirst)
        .slice(0, 20)
        .map((v) => v.name),
    );
    const aolun = await list(admin, `${q('敖伦')}&page=2&pageSize=20`);
    expect(aolun).toMatchObject({ total: 50, totalCapped: false });
    expect(aolun.items.map((i) => i.name)).toEqual(
      matching('敖伦')
        .sort(newestFirst)
        .slice(20, 40)
        .map((v) => v.name),
    );
    // A page past the end of a small set: empty, with the exact total.
    expect(await list(admin, `${q('敖伦')}&page=4&pageSize=20`)).toMatchObject({
      items: [],
      total: 50,
      totalCapped: false,
    });
    expect(await list(admin, `${q('没有这样的店')}`)).toMatchObject({ items: [], total: 0, totalCapped: false });
  });

  it('counts exactly without a text search: the register size is not capped', async () => {
    const body = await list(admin, 'pageSize=20');
    expect(body.totalCapped).toBe(false);
    expect(body.total).toBeGreaterThanOrEqual(seeded.length);
    expect(body.items.map((i) => i.name)).toEqual(
      [...seeded]
        .sort(newestFirst)
        .slice(0, 20)
        .map((v) => v.name),
    );
  });

  it('caps within the caller scope only: the township sees its 1,050, another township none', async () => {
    expect(await list(galutuOfficer, `${q('查干')}&pageSize=20`)).toMatchObject({ total: 1000, totalCapped: true });
    expect(await list(tukeOfficer, `${q('查干')}&pageSize=20`)).toMatchObject({
      items: [],
      total: 0,
      totalCapped: false,
    });
  });
});
