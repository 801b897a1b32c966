import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../server/app.ts';
import { testConfig } from '../server/config.ts';
import { pipelineSegmentsTable } from '../server/modules/registry/registry.table.ts';
import { type TestContext, createTestApp, login } from './app.ts';
import { TOWNSHIPS, buildUser, regionByCode, uniqueName } from './factories.ts';
import { buildEnterprise, buildFacility, buildVenue } from './registry-factories.ts';

let ctx: TestContext;
const ids: Record<string, string> = {};

beforeAll(async () => {
  ctx = await createTestApp();
  const db = ctx.database.db;
  const galutuOperator = await buildEnterprise(db, { kind: 'pipeline_operator', lng: 108.84, lat: 38.6 });
  ids.galutuEnterprise = galutuOperator.id;
  ids.galutuFacility = (
    await buildFacility(db, galutuOperator, { kind: 'pressure_station', lng: 108.845, lat: 38.605 })
  ).id;
  ids.tukeEnterprise = (
    await buildEnterprise(db, { kind: 'bottled_operator', regionCode: TOWNSHIPS.tuke, lng: 109.35, lat: 38.95 })
  ).id;
  ids.galutuVenue = (
    await buildVenue(db, { lng: 108.85, lat: 38.61, floor: 'basement', gasSources: ['bottled_lpg'] })
  ).id;
  ids.galutuSchool = (await buildVenue(db, { category: 'school', lng: 108.83, lat: 38.59 })).id;
  ids.tukeVenue = (await buildVenue(db, { regionCode: TOWNSHIPS.tuke, lng: 109.36, lat: 38.96 })).id;
  ids.noCoordinates = (await buildVenue(db)).id;
  const galutu = await regionByCode(db, TOWNSHIPS.galutu);
  const tuke = await regionByCode(db, TOWNSHIPS.tuke);
  const [pipe] = await db
    .insert(pipelineSegmentsTable)
    .values([
      {
        code: uniqueName('GL-'),
        name: '萨如拉街中压管',
        regionId: galutu.id,
        ownerEnterpriseId: ids.galutuEnterprise,
        material: 'pe',
        pressureClass: 'medium_a',
        encroached: true,
        geometry: [
          [108.83, 38.6],
          [108.85, 38.61],
        ],
      },
      {
        code: uniqueName('TK-'),
        name: '图克镇低压管',
        regionId: tuke.id,
        material: 'steel',
        pressureClass: 'low',
        geometry: [
          [109.34, 38.95],
          [109.36, 38.96],
        ],
      },
    ])
    .returning();
  ids.galutuPipe = pipe!.id;
});
afterAll(() => ctx.close());

async function signIn(role: Parameters<typeof buildUser>[1], scope: Parameters<typeof buildUser>[2]) {
  const u = await buildUser(ctx.database.db, role, scope);
  return login(ctx.app, u.username, u.password);
}

type Features = {
  features: {
    id: string;
    geometry: { type: string; coordinates: unknown };
    properties: { layer: string; kind: string; flags: string[]; approximate?: boolean };
  }[];
  truncated: string[];
  unlocated: { layer: string; id: string; name: string; kind: string; approximate: boolean; enterpriseId?: string }[];
  unlocatedTotal: number;
};

describe('the map (一张图)', () => {
  it('shows every layer to a global reader, points and lines, with flags', async () => {
    const send = await signIn('leader', 'global');
    const res = await send({ method: 'GET', url: '/api/v1/map/features' });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as Features;
    const found = new Map(body.features.map((f) => [f.id, f]));
    for (const key of ['galutuEnterprise', 'tukeEnterprise', 'galutuVenue', 'galutuSchool', 'tukeVenue', 'galutuPipe'])
      expect(found.has(ids[key]!), key).toBe(true);
    // A venue without coordinates is drawn near its township's seat, marked approximate (issue 9).
    expect(found.get(ids.noCoordinates!)?.properties.approximate).toBe(true);
    expect(found.get(ids.galutuVenue!)?.properties.approximate).toBeUndefined();
    expect(found.get(ids.galutuVenue!)).toMatchObject({
      geometry: { type: 'Point', coordinates: [108.85, 38.61] },
      properties: { layer: 'venues', kind: 'restaurant' },
    });
    expect(found.get(ids.galutuVenue!)!.properties.flags).toContain('lpg_in_basement');
    expect(found.get(ids.galutuPipe!)).toMatchObject({
      geometry: { type: 'LineString' },
      properties: { layer: 'pipelines', kind: 'medium_a', flags: ['encroached'] },
    });
    // A facility names its enterprise, whose page lists it.
    expect(found.get(ids.galutuFacility!)).toMatchObject({
      properties: { layer: 'facilities', kind: 'pressure_station', enterpriseId: ids.galutuEnterprise },
    });
    expect(body.truncated).toEqual([]);
  });

  it('lists the objects without coordinates and spreads such venues around the seat instead of piling them', async () => {
    const db = ctx.database.db;
    const more = [
      (await buildVenue(db, { category: 'hospital' })).id,
      (await buildVenue(db, { category: 'hospital' })).id,
    ];
    const noPointEnterprise = (await buildEnterprise(db, { kind: 'bottled_operator' })).id;
    const noPointTuke = (await buildVenue(db, { regionCode: TOWNSHIPS.tuke })).id;
    const send = await signIn('leader', 'global');
    const body = (await send({ method: 'GET', url: '/api/v1/map/features' })).json() as Features;
    const listed = new Map(body.unlocated.map((u) => [u.id, u]));
    for (const id of [ids.noCoordinates!, ...more, noPointTuke])
      expect(listed.get(id)).toMatchObject({ layer: 'venues', approximate: true });
    expect(listed.get(noPointEnterprise)).toMatchObject({
      layer: 'enterprises',
      kind: 'bottled_operator',
      approximate: false,
    });
    expect(body.unlocatedTotal).toBe(body.unlocated.length);
    for (const id of [ids.galutuVenue!, ids.galutuEnterprise!, ids.galutuPipe!]) expect(listed.has(id)).toBe(false);
    // Drawn, each on its own point, all near 嘎鲁图镇's seat (108.84, 38.6), none on the seat itself.
    const at = (id: string) => body.features.find((f) => f.id === id)?.geometry.coordinates as [number, number];
    const galutuPoints = [ids.noCoordinates!, ...more].map(at);
    expect(new Set(galutuPoints.map((p) => p.join(','))).size).toBe(3);
    for (const [lng, lat] of galutuPoints) {
      expect(Math.abs(lng - 108.84)).toBeLessThan(0.05);
      expect(Math.abs(lat - 38.6)).toBeLessThan(0.05);
      expect([lng, lat]).not.toEqual([108.84, 38.6]);
    }
    const [tLng, tLat] = at(noPointTuke);
    expect(Math.abs(tLng - 109.35) + Math.abs(tLat - 38.95)).toBeLessThan(0.05);
    // The enterprise has no seat to stand near: listed, not drawn.
    expect(at(noPointEnterprise)).toBeUndefined();
    // The same venue keeps its place from one answer to the next.
    const again = (await send({ method: 'GET', url: '/api/v1/map/features' })).json() as Features;
    expect(again.features.find((f) => f.id === more[0])?.geometry.coordinates).toEqual(at(more[0]!));
    // The list follows the filters and the reader's scope.
    const hospitals = (await send({ method: 'GET', url: '/api/v1/map/features?kind=hospital' })).json() as Features;
    expect(new Set(hospitals.unlocated.map((u) => u.id))).toEqual(new Set(more));
    const venuesOnly = (await send({ method: 'GET', url: '/api/v1/map/features?layers=venues' })).json() as Features;
    expect(venuesOnly.unlocated.every((u) => u.layer === 'venues')).toBe(true);
    const tukeOfficer = await signIn('township_officer', { region: TOWNSHIPS.tuke });
    const tuke = (await tukeOfficer({ method: 'GET', url: '/api/v1/map/features' })).json() as Features;
    const tukeIds = tuke.unlocated.map((u) => u.id);
    expect(tukeIds).toContain(noPointTuke);
    for (const id of [ids.noCoordinates!, ...more]) expect(tukeIds).not.toContain(id);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/map/features' })).statusCode).toBe(401);
  });

  it("gives a township officer only its township's objects", async () => {
    const send = await signIn('township_officer', { region: TOWNSHIPS.tuke });
    const body = (await send({ method: 'GET', url: '/api/v1/map/features' })).json() as Features;
    const got = new Set(body.features.map((f) => f.id));
    expect(got.has(ids.tukeEnterprise!)).toBe(true);
    expect(got.has(ids.tukeVenue!)).toBe(true);
    for (const key of ['galutuEnterprise', 'galutuFacility', 'galutuVenue', 'galutuSchool', 'galutuPipe'])
      expect(got.has(ids[key]!), key).toBe(false);
  });

  it('filters by layer, region and kind', async () => {
    const send = await signIn('leader', 'global');
    const galutu = await regionByCode(ctx.database.db, TOWNSHIPS.galutu);
    const venues = (
      await send({ method: 'GET', url: `/api/v1/map/features?layers=venues&regionId=${galutu.id}` })
    ).json() as Features;
    expect(venues.features.every((f) => f.properties.layer === 'venues')).toBe(true);
    expect(venues.features.map((f) => f.id)).not.toContain(ids.tukeVenue);
    const schools = (await send({ method: 'GET', url: '/api/v1/map/features?kind=school' })).json() as Features;
    expect(schools.features.map((f) => f.id)).toEqual([ids.galutuSchool]);
    const mixed = (
      await send({ method: 'GET', url: '/api/v1/map/features?kind=school,pipeline_operator,low' })
    ).json() as Features;
    expect(new Set(mixed.features.map((f) => f.properties.kind))).toEqual(
      new Set(['school', 'pipeline_operator', 'low']),
    );
    expect((await send({ method: 'GET', url: '/api/v1/map/features?layers=roads' })).statusCode).toBe(400);
  });

  it('returns the banner and its 7 township-level boundaries as 8 polygons', async () => {
    const send = await signIn('township_officer', { region: TOWNSHIPS.galutu });
    const res = await send({ method: 'GET', url: '/api/v1/map/regions' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.schematic).toBe(true);
    expect(body.features).toHaveLength(8);
    expect(body.features.every((f: { geometry: { type: string } }) => f.geometry.type === 'Polygon')).toBe(true);
    expect(body.features.map((f: { properties: { name: string } }) => f.properties.name)).toContain('嘎鲁图镇');
  });

  it('tells the web whether a tile server is configured (none in tests)', async () => {
    const send = await signIn('leader', 'global');
    expect((await send({ method: 'GET', url: '/api/v1/map/config' })).json()).toEqual({ tileUrl: null });
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/map/features' })).statusCode).toBe(401);
  });

  it('hands a configured tile server to the web and lets the page load its images (CSP)', async () => {
    const tileUrl = 'http://tiles.county.local:8080/{z}/{x}/{y}.png';
    const app = await buildApp({ config: testConfig({ mapTileUrl: tileUrl }), database: ctx.database });
    try {
      const u = await buildUser(ctx.database.db, 'leader', 'global');
      const send = await login(app, u.username, u.password);
      const res = await send({ method: 'GET', url: '/api/v1/map/config' });
      expect(res.json()).toEqual({ tileUrl });
      expect(String(res.headers['content-security-policy'])).toContain(
        "img-src 'self' data: blob: http://tiles.county.local:8080",
      );
    } finally {
      await app.close();
    }
  });
});
