import { ne } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coverage, progress } from '../../../domain/hazards/coverage.ts';
import { type TestContext, createTestApp, login } from '../../../test/app.ts';
import { TEST_PASSWORD, buildUser, regionByCode } from '../../../test/factories.ts';
import { buildHazard, buildSignedInspection } from '../../../test/hazard-factories.ts';
import { buildEnterprise, buildVenue } from '../../../test/registry-factories.ts';
import { inspectionsTable } from '../inspections/inspections.table.ts';
import { departmentsTable } from '../organisation/organisation.table.ts';
import { dayOf } from './hazards.presenter.ts';
import { hazardsTable } from './hazards.table.ts';

type Send = Awaited<ReturnType<typeof login>>;
const ASOF = '2024-06-01';
const phases: [string, string, string][] = [
  ['intensive', '2023-08-01', '2023-11-30'],
  ['consolidation', '2023-12-01', '2024-06-30'],
  ['long_term', '2024-07-01', '9999-12-31'],
];
const phaseOf = (d: string) => phases.find(([, a, b]) => d >= a && d <= b)?.[0] ?? 'none';

describe('GET /api/v1/progress equals the domain definitions (coverage, progress)', () => {
  let ctx: TestContext;
  let admin: Send;
  let galutu: Send;
  let objects: {
    id: string;
    township: string;
    kind: string;
    type: 'venue' | 'enterprise';
    regionId: string;
    name: string;
  }[];

  beforeAll(async () => {
    ctx = await createTestApp();
    const db = ctx.database.db;
    admin = await login(ctx.app, (await buildUser(db, 'office_admin', 'global')).username, TEST_PASSWORD);
    galutu = await login(
      ctx.app,
      (await buildUser(db, 'township_officer', { region: '150626100' })).username,
      TEST_PASSWORD,
    );
    const g = await regionByCode(db, '150626100');
    const t = await regionByCode(db, '150626102');
    objects = [];
    for (const [region, category] of [
      [g, 'restaurant'],
      [g, 'restaurant'],
      [g, 'school'],
      [t, 'restaurant'],
      [t, 'hospital'],
    ] as const) {
      const v = await buildVenue(db, { regionId: region.id, category });
      objects.push({
        id: v.id,
        township: region.path,
        kind: category,
        type: 'venue',
        regionId: region.id,
        name: v.name,
      });
    }
    const e = await buildEnterprise(db, { regionId: g.id, kind: 'bottled_operator' });
    objects.push({
      id: e.id,
      township: g.path,
      kind: 'bottled_operator',
      type: 'enterprise',
      regionId: g.id,
      name: e.name,
    });

    const insp = (i: number, day: string) =>
      buildSignedInspection(db, {
        object: {
          type: objects[i]!.type,
          id: objects[i]!.id,
          regionId: objects[i]!.regionId,
          kind: objects[i]!.kind,
          name: objects[i]!.name,
        },
        day,
      });
    await insp(0, '2023-09-01'); // no hazard found: still counts
    await insp(0, '2024-01-05'); // same object twice: counted once
    await insp(3, '2024-02-01');
    await insp(5, '2023-10-10');
    await insp(2, '2024-08-01'); // after asOf: not yet
    const closed = (d: string) => new Date(`${d}T15:00:00+08:00`);
    const specs: [number, 'major' | 'general', string, string, Date | null][] = [
      [0, 'general', '2023-09-01', '2023-09-16', closed('2023-09-10')],
      [0, 'major', '2023-09-01', '2023-10-01', closed('2023-10-20')],
      [1, 'general', '2024-01-05', '2024-01-20', null],
      [2, 'major', '2024-05-20', '2024-06-19', null],
      [3, 'general', '2024-02-01', '2024-02-16', closed('2024-02-10')],
      [3, 'general', '2024-02-01', '2024-02-16', closed('2024-07-01')], // closed after asOf: open on asOf
      [4, 'major', '2023-12-01', '2023-12-31', null],
      [5, 'general', '2023-10-10', '2023-10-25', closed('2023-10-12')],
      [5, 'general', '2024-07-10', '2024-07-25', null], // found after asOf
    ];
    for (const [i, severity, foundOn, deadline, closedAt] of specs) {
      const o = objects[i]!;
      await buildHazard(db, {
        objectType: o.type,
        objectId: o.id,
        objectKind: o.kind,
        regionId: o.regionId,
        ownerEnterpriseId: o.type === 'enterprise' ? o.id : null,
        severity,
        foundOn,
        deadline,
        closedAt,
      });
    }
  });
  afterAll(() => ctx.close());

  async function domainRows() {
    const db = ctx.database.db;
    const inspections = (await db.select().from(inspectionsTable))
      .filter((i) => i.status === 'signed' && dayOf(i.signedAt)! <= ASOF)
      .map((i) => ({ objectId: i.objectId, day: dayOf(i.signedAt)! }));
    const hazards = (await db.select().from(hazardsTable)).map((h) => ({
      ...h,
      closedAt: dayOf(h.closedAt),
      township: objects.find((o) => o.id === h.objectId)!.township,
    }));
    return { inspections, hazards };
  }

  const pick = (g: Record<string, unknown>) => ({
    registered: g.registered,
    inspected: g.inspected,
    coverageRate: g.coverageRate,
    coveragePercent: g.coveragePercent,
    found: g.found,
    closed: g.closed,
    open: g.open,
    overdue: g.overdue,
    majorOpen: g.majorOpen,
    closureRate: g.closureRate,
    medianDaysToClose: g.medianDaysToClose,
  });
  const expected = (
    objs: { id: string }[],
    inspections: { objectId: string }[],
    hazards: Parameters<typeof progress>[0],
  ) => {
    const c = coverage({ objects: objs, inspections });
    const p = progress(hazards, ASOF);
    return {
      registered: c.registered,
      inspected: c.inspected,
      coverageRate: c.rate,
      coveragePercent: c.percent,
      found: p.found,
      closed: p.closed,
      open: p.open,
      overdue: p.overdue,
      majorOpen: p.majorOpen,
      closureRate: p.closureRate,
      medianDaysToClose: p.medianDaysToClose,
    };
  };

  for (const groupBy of ['region', 'objectKind'] as const) {
    it(`by ${groupBy}`, async () => {
      const res = await admin({ method: 'GET', url: `/api/v1/progress?groupBy=${groupBy}&asOf=${ASOF}` });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      const { inspections, hazards } = await domainRows();
      const keyOf = (o: { township: string; kind: string }) => (groupBy === 'region' ? o.township : o.kind);
      const keys = [...new Set(objects.map(keyOf))].sort();
      expect(body.groups.map((g: { key: string }) => g.key)).toEqual(keys);
      for (const key of keys) {
        const objs = objects.filter((o) => keyOf(o) === key);
        const hz = hazards.filter((h) => (groupBy === 'region' ? h.township : h.objectKind) === key);
        const group = body.groups.find((g: { key: string }) => g.key === key);
        expect(pick(group), key).toEqual(expected(objs, inspections, hz));
      }
      expect(pick(body.total)).toEqual(expected(objects, inspections, hazards));
      if (groupBy === 'region')
        expect(body.groups.map((g: { label: string }) => g.label)).toEqual(['嘎鲁图镇', '图克镇']);
    });
  }

  it('by campaign phase', async () => {
    const body = (await admin({ method: 'GET', url: `/api/v1/progress?groupBy=phase&asOf=${ASOF}` })).json();
    const { inspections, hazards } = await domainRows();
    for (const [code] of phases) {
      const group = body.groups.find((g: { key: string }) => g.key === code);
      const exp = expected(
        objects,
        inspections.filter((i) => phaseOf(i.day) === code),
        hazards.filter((h) => phaseOf(h.foundOn) === code),
      );
      expect(pick(group), code).toEqual(exp);
    }
  });

  it('by department counts each hazard once for its responsible department', async () => {
    const body = (await admin({ method: 'GET', url: `/api/v1/progress?groupBy=department&asOf=${ASOF}` })).json();
    const { hazards } = await domainRows();
    const p = progress(hazards, ASOF);
    const unassigned = body.groups.find((g: { key: string }) => g.key === '');
    expect(unassigned).toMatchObject({ found: p.found, closed: p.closed, overdue: p.overdue });
  });

  it("lists the campaign phases in the plan's order (by start date), not by code", async () => {
    const body = (await admin({ method: 'GET', url: `/api/v1/progress?groupBy=phase&asOf=${ASOF}` })).json();
    expect(body.groups.map((g: { key: string }) => g.key)).toEqual(['intensive', 'consolidation', 'long_term']);
  });

  it('by department: only member departments, never the leading group or the office', async () => {
    const body = (await admin({ method: 'GET', url: `/api/v1/progress?groupBy=department&asOf=${ASOF}` })).json();
    const labels: string[] = body.groups.map((g: { label: string }) => g.label);
    expect(labels.some((l) => l.includes('领导小组'))).toBe(false);
    // Restaurants are the industry and technology bureau's; schools the education bureau's.
    const restaurants = objects.filter((o) => o.kind === 'restaurant').length;
    const industry = body.groups.find((g: { label: string }) => g.label.includes('工信'));
    expect(industry?.registered).toBe(restaurants);
    const notMembers = await ctx.database.db
      .select({ id: departmentsTable.id })
      .from(departmentsTable)
      .where(ne(departmentsTable.kind, 'department'));
    expect(notMembers.length).toBeGreaterThan(0);
    const keys: string[] = body.groups.map((g: { key: string }) => g.key);
    for (const d of notMembers) expect(keys).not.toContain(d.id);
  });

  it('is scoped: a township officer sees only its township', async () => {
    const body = (await galutu({ method: 'GET', url: `/api/v1/progress?groupBy=region&asOf=${ASOF}` })).json();
    expect(body.groups.map((g: { label: string }) => g.label)).toEqual(['嘎鲁图镇']);
    expect(body.total.registered).toBe(objects.filter((o) => o.township.endsWith('150626100/')).length);
  });
});
