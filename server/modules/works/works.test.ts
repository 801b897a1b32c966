import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, chinaToday } from '../../../domain/dates.ts';
import { type TestContext, createTestApp, login } from '../../../test/app.ts';
import { buildUser, uniqueName } from '../../../test/factories.ts';
import { buildEnterprise, buildScopedUser } from '../../../test/registry-factories.ts';
import type { Db } from '../../db/client.ts';
import { hazardsTable } from '../hazards/hazards.table.ts';
import { pipelineSegmentsTable } from '../registry/registry.table.ts';
import { regionByCode } from '../../../test/factories.ts';
import { worksTable } from './works.table.ts';

type Send = Awaited<ReturnType<typeof login>>;
const today = chinaToday();
const M = 1 / 111_195;

let ctx: TestContext;
let db: Db;
let builder: { id: string; name: string };
let operatorId: string;
let otherOperatorId: string;
let nearSegmentId: string;
let unmappedSegmentId: string;
let township: Send;
let otherTownship: Send;
let housing: Send;
let market: Send;
let office: Send;
let operator: Send;
let otherOperator: Send;
let builderManager: Send;
let inspector: Send;

let seq = 0;
async function segment(values: Partial<typeof pipelineSegmentsTable.$inferInsert>) {
  const [row] = await db
    .insert(pipelineSegmentsTable)
    .values({
      code: `GX-WORKS-${seq++}-${Math.random().toString(36).slice(2, 7)}`,
      name: uniqueName('测试管段'),
      regionId: (await regionByCode(db, '150626100')).id,
      material: 'pe',
      pressureClass: 'medium_a',
      ...values,
    })
    .returning();
  return row!;
}

/** A works 3 m from the near segment, started yesterday, without an agreement. */
const body = (over: Record<string, unknown> = {}) => ({
  name: uniqueName('某小区雨污管网改造'),
  kind: 'excavation',
  builderEnterpriseId: builder.id,
  address: '嘎鲁图镇萨拉乌苏大街',
  place: { type: 'point', point: [108.705, 38.5 + 3 * M] },
  startOn: addDays(today, -1),
  endOn: addDays(today, 30),
  guardianName: '王监护',
  guardianPhone: '13900001111',
  ...over,
});
const post = (url: string, payload: object) => ({ method: 'POST' as const, url, payload });
const put = (url: string, payload: object) => ({ method: 'PUT' as const, url, payload });
const worksHazards = (worksId: string) =>
  db
    .select()
    .from(hazardsTable)
    .where(and(eq(hazardsTable.source, 'works'), eq(hazardsTable.sourceRef, worksId)));

beforeAll(async () => {
  ctx = await createTestApp({ logLevel: 'error' } as never);
  db = ctx.database.db;
  const b = await buildEnterprise(db, { kind: 'builder', name: uniqueName('鄂尔多斯市某建筑工程有限公司') });
  builder = { id: b.id, name: b.name };
  operatorId = (await buildEnterprise(db, { kind: 'pipeline_operator' })).id;
  otherOperatorId = (await buildEnterprise(db, { kind: 'pipeline_operator' })).id;
  nearSegmentId = (
    await segment({
      ownerEnterpriseId: operatorId,
      geometry: [
        [108.7, 38.5],
        [108.71, 38.5],
      ],
    })
  ).id;
  unmappedSegmentId = (await segment({ ownerEnterpriseId: otherOperatorId, geometry: null })).id;
  const as = async (u: { username: string; password: string }) => login(ctx.app, u.username, u.password);
  township = await as(await buildUser(db, 'township_officer', { region: '150626100' }));
  otherTownship = await as(await buildUser(db, 'township_officer', { region: '150626102' }));
  housing = await as(await buildUser(db, 'department_officer', { department: 'housing' }));
  market = await as(await buildUser(db, 'department_officer', { department: 'market_regulation' }));
  office = await as(await buildUser(db, 'office_admin', 'global'));
  inspector = await as(await buildUser(db, 'inspector', { region: '150626100' }));
  operator = await as(await buildScopedUser(db, { enterpriseId: operatorId }));
  otherOperator = await as(await buildScopedUser(db, { enterpriseId: otherOperatorId }));
  builderManager = await as(await buildScopedUser(db, { enterpriseId: builder.id }));
});

afterAll(() => ctx.close());

describe('works without a protection agreement', () => {
  it('raises exactly one hazard against the builder, never a second on re-save', async () => {
    const res = await township(post('/api/v1/works', body()));
    expect(res.statusCode, res.body).toBe(201);
    const works = res.json();
    expect(works.segments.map((s: { id: string }) => s.id)).toEqual([nearSegmentId]);
    expect(works.segments[0].distanceM).toBeCloseTo(3, 0);
    expect(works.segmentMatch).toBe('computed');
    expect(works.hazard).toMatchObject({ status: 'open' });

    let hazards = await worksHazards(works.id);
    expect(hazards).toHaveLength(1);
    expect(hazards[0]).toMatchObject({
      objectType: 'enterprise',
      objectId: builder.id,
      objectKind: 'builder',
      ownerEnterpriseId: builder.id,
      responsibleParty: builder.name,
      severity: 'general',
    });

    // Re-saves, one after the other and two at once: still one hazard.
    const again = await township(put(`/api/v1/works/${works.id}`, body({ name: works.name, note: '补充说明' })));
    expect(again.statusCode, again.body).toBe(200);
    const both = await Promise.all([
      township(put(`/api/v1/works/${works.id}`, body({ name: works.name }))),
      housing(put(`/api/v1/works/${works.id}`, body({ name: works.name }))),
    ]);
    for (const r of both) expect(r.statusCode, r.body).toBe(200);
    hazards = await worksHazards(works.id);
    expect(hazards).toHaveLength(1);
    const n = (await db.select({ n: count() }).from(hazardsTable).where(eq(hazardsTable.objectId, builder.id)))[0]!.n;
    expect(n).toBe(1);

    // The agreement recorded later: no new hazard; the builder rectifies and the office closes it as usual.
    const signed = await township(
      put(`/api/v1/works/${works.id}`, body({ name: works.name, agreementSigned: true, agreementOn: today })),
    );
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json()).toMatchObject({ agreementSigned: true, agreementOn: today });
    expect(await worksHazards(works.id)).toHaveLength(1);
    const hazardId = hazards[0]!.id;
    const submit = await builderManager(
      post(`/api/v1/hazards/${hazardId}/submit`, { note: '已与燃气企业签订安全保护协议，监护人到场' }),
    );
    expect(submit.statusCode, submit.body).toBe(200);
    const verify = await office(post(`/api/v1/hazards/${hazardId}/verify`, { method: 'evidence' }));
    expect(verify.statusCode, verify.body).toBe(200);
    expect(verify.json().status).toBe('closed');
    const detail = await township({ method: 'GET', url: `/api/v1/works/${works.id}` });
    expect(detail.json().hazard).toMatchObject({ id: hazardId, status: 'closed' });
  });

  it('raises none with an agreement, or before the works starts', async () => {
    const withAgreement = await township(post('/api/v1/works', body({ agreementSigned: true, agreementOn: today })));
    expect(withAgreement.statusCode, withAgreement.body).toBe(201);
    expect(withAgreement.json().hazard).toBeNull();
    const later = await housing(post('/api/v1/works', body({ startOn: addDays(today, 5), endOn: addDays(today, 9) })));
    expect(later.statusCode, later.body).toBe(201);
    expect(later.json().hazard).toBeNull();
    expect(await worksHazards(withAgreement.json().id)).toHaveLength(0);
    expect(await worksHazards(later.json().id)).toHaveLength(0);
  });

  it('takes chosen segments when they have no geometry, and refuses chosen ones that have', async () => {
    const far = { type: 'point', point: [108.9, 38.9] };
    const chosen = await township(post('/api/v1/works', body({ place: far, segmentIds: [unmappedSegmentId] })));
    expect(chosen.statusCode, chosen.body).toBe(201);
    expect(chosen.json()).toMatchObject({ segmentMatch: 'chosen', segmentCount: 1 });
    // The other operator (owner of the chosen segment) now sees it.
    const seen = await otherOperator({ method: 'GET', url: `/api/v1/works/${chosen.json().id}` });
    expect(seen.statusCode).toBe(200);
    const mapped = await township(post('/api/v1/works', body({ place: far, segmentIds: [nearSegmentId] })));
    expect(mapped.statusCode).toBe(400);
    expect(mapped.json().error).toMatchObject({ code: 'works.segment_invalid', details: { field: 'segmentIds.0' } });
  });
});

describe('works: authorization', () => {
  let worksId: string;
  beforeAll(async () => {
    const res = await housing(post('/api/v1/works', body({ agreementSigned: true, agreementOn: today })));
    expect(res.statusCode, res.body).toBe(201);
    worksId = res.json().id;
  });

  it('refuses the anonymous and those without the permission', async () => {
    const anon = await ctx.app.inject({ method: 'GET', url: '/api/v1/works' });
    expect(anon.statusCode).toBe(401);
    expect((await inspector({ method: 'GET', url: '/api/v1/works' })).statusCode).toBe(403);
    const byOperator = await operator(post('/api/v1/works', body()));
    expect(byOperator.statusCode).toBe(403);
    expect(byOperator.json().error.code).toBe('auth.forbidden');
    const visitByTownship = await township(
      post(`/api/v1/works/${worksId}/visits`, { visitedOn: today, guardianName: '王监护', measuresInPlace: true }),
    );
    expect(visitByTownship.statusCode).toBe(403);
  });

  it('lets only the works’ township, the housing department and the office record', async () => {
    const other = await otherTownship(post('/api/v1/works', body()));
    expect(other.statusCode).toBe(400);
    expect(other.json().error).toMatchObject({ code: 'works.outside_scope', details: { field: 'regionId' } });
    const byMarket = await market(post('/api/v1/works', body()));
    expect(byMarket.statusCode).toBe(400);
    expect(byMarket.json().error.code).toBe('works.outside_scope');
    expect((await otherTownship({ method: 'GET', url: `/api/v1/works/${worksId}` })).statusCode).toBe(404);
    expect((await otherTownship(put(`/api/v1/works/${worksId}`, body()))).statusCode).toBe(404);
    const byOffice = await office(post('/api/v1/works', body({ agreementSigned: true })));
    expect(byOffice.statusCode, byOffice.body).toBe(201);
  });

  it('shows operators the works near their network (list and map) and lets them record guardian visits', async () => {
    const list = await operator({ method: 'GET', url: '/api/v1/works?pageSize=100' });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((x: { id: string }) => x.id)).toContain(worksId);
    const map = await operator({ method: 'GET', url: '/api/v1/works/map' });
    expect(map.json().items.map((x: { id: string }) => x.id)).toContain(worksId);
    const otherList = await otherOperator({ method: 'GET', url: '/api/v1/works/map' });
    expect(otherList.json().items.map((x: { id: string }) => x.id)).not.toContain(worksId);
    expect((await otherOperator({ method: 'GET', url: `/api/v1/works/${worksId}` })).statusCode).toBe(404);

    const detail = await operator({ method: 'GET', url: `/api/v1/works/${worksId}` });
    expect(detail.json().abilities).toEqual({ edit: false, recordVisit: true });
    const visit = await operator(
      post(`/api/v1/works/${worksId}/visits`, {
        visitedOn: today,
        guardianName: '王监护',
        measuresInPlace: true,
        note: '开挖区已设警示带',
      }),
    );
    expect(visit.statusCode, visit.body).toBe(201);
    expect(visit.json().visits[0]).toMatchObject({ guardianName: '王监护', measuresInPlace: true });
    expect((await operator(put(`/api/v1/works/${worksId}`, body()))).statusCode).toBe(403);
    const otherVisit = await otherOperator(
      post(`/api/v1/works/${worksId}/visits`, { visitedOn: today, guardianName: '李', measuresInPlace: true }),
    );
    expect(otherVisit.statusCode).toBe(404);
  });
});

describe('works: bad input', () => {
  it('answers 4xx with a code and the field, and writes nothing', async () => {
    const before = (await db.select({ n: count() }).from(worksTable))[0]!.n;
    const cases: [Record<string, unknown>, string, string][] = [
      [{ name: '' }, 'validation.failed', 'name'],
      [{ place: { type: 'point', point: [200, 38] } }, 'validation.failed', 'place'],
      [{ place: { type: 'point', point: [108.9, 38.9] } }, 'works.not_near_pipeline', 'place'],
      [
        {
          place: {
            type: 'polygon',
            ring: [
              [108.705, 38.5],
              [108.705, 38.5],
              [108.705, 38.5],
            ],
          },
        },
        'works.place_invalid',
        'place.ring',
      ],
      [{ endOn: addDays(today, -10) }, 'works.dates_invalid', 'endOn'],
      [{ agreementOn: today }, 'works.dates_invalid', 'agreementSigned'],
      [{ builderEnterpriseId: '00000000-0000-4000-8000-000000000000' }, 'works.builder_invalid', 'builderEnterpriseId'],
      [{ startOn: '2026-02-30' }, 'validation.failed', 'startOn'],
      [{ unknown: 1 }, 'validation.failed', ''],
    ];
    for (const [over, code, field] of cases) {
      const res = await township(post('/api/v1/works', body(over)));
      expect(res.statusCode, JSON.stringify(over)).toBe(400);
      const err = res.json().error;
      expect(err.code, JSON.stringify(over)).toBe(code);
      if (code !== 'validation.failed') expect(err.details.field).toBe(field);
      else expect(JSON.stringify(err.details)).toContain(field);
    }
    const nearby = await township({ method: 'GET', url: '/api/v1/works/nearby-segments?place=abc' });
    expect(nearby.statusCode).toBe(400);
    expect(nearby.json().error.code).toBe('works.place_invalid');
    const after = (await db.select({ n: count() }).from(worksTable))[0]!.n;
    expect(after).toBe(before);
  });

  it('previews the segments near a place', async () => {
    const res = await township({
      method: 'GET',
      url: `/api/v1/works/nearby-segments?place=${encodeURIComponent(`108.705,${38.5 + 4 * M}`)}`,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items.map((x: { id: string }) => x.id)).toEqual([nearSegmentId]);
    expect(res.json().items[0]).toMatchObject({ protectionDistanceM: 5 });
  });

  it('exports the register as .xlsx', async () => {
    const res = await housing({ method: 'GET', url: '/api/v1/works/export' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });
});
