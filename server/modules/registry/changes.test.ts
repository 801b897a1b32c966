import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestContext, createTestApp, login } from '../../../test/app.ts';
import { TOWNSHIPS, buildUser, regionByCode } from '../../../test/factories.ts';
import {
  buildEnterprise,
  buildLicence,
  buildScopedUser,
  buildVenue,
  fakeCreditCode,
  multipartFile,
} from '../../../test/registry-factories.ts';
import { auditEventsTable } from '../../platform/audit/audit.table.ts';
import { enterpriseColumns } from './enterprises.io.ts';
import { licenceColumns } from './licences.io.ts';
import { enterprisesTable, licencesTable, venuesTable } from './registry.table.ts';
import type { TabularColumn } from './tabular.types.ts';
import { venueColumns } from './venues.io.ts';

let ctx: TestContext;
type Send = Awaited<ReturnType<typeof login>>;
let galutuOfficer: Send;
let tukeOfficer: Send;

beforeAll(async () => {
  ctx = await createTestApp();
  const g = await buildUser(ctx.database.db, 'township_officer', { region: TOWNSHIPS.galutu });
  galutuOfficer = await login(ctx.app, g.username, g.password);
  const t = await buildUser(ctx.database.db, 'township_officer', { region: TOWNSHIPS.tuke });
  tukeOfficer = await login(ctx.app, t.username, t.password);
}, 60_000);
afterAll(() => ctx.close());

const db = () => ctx.database.db;

async function managerOf(scope: { enterpriseId: string } | { venueId: string }) {
  const m = await buildScopedUser(db(), scope);
  return login(ctx.app, m.username, m.password);
}

async function auditActions(subjectId: string) {
  return (
    await db()
      .select({ action: auditEventsTable.action })
      .from(auditEventsTable)
      .where(eq(auditEventsTable.subjectId, subjectId))
  ).map((r) => r.action);
}

describe('a supervised party proposes, the regulator responsible decides (issue 9.4)', () => {
  it('a party picks the region it moves to from the whole county (its own region list holds none)', async () => {
    const venue = await buildVenue(db(), { regionCode: TOWNSHIPS.galutu, category: 'restaurant' });
    const manager = await managerOf({ venueId: venue.id });
    expect((await manager({ method: 'GET', url: '/api/v1/regions' })).json()).toEqual([]);
    const choices = await manager({ method: 'GET', url: '/api/v1/registry-changes/regions' });
    expect(choices.statusCode, choices.body).toBe(200);
    const ids = choices.json().map((r: { id: string }) => r.id);
    const galutu = await regionByCode(db(), TOWNSHIPS.galutu);
    const tuke = await regionByCode(db(), TOWNSHIPS.tuke);
    expect(ids).toEqual(expect.arrayContaining([galutu.id, tuke.id]));
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/registry-changes/regions' })).statusCode).toBe(401);
    const inspector = await buildUser(db(), 'inspector', { region: TOWNSHIPS.galutu });
    const asInspector = await login(ctx.app, inspector.username, inspector.password);
    expect((await asInspector({ method: 'GET', url: '/api/v1/registry-changes/regions' })).statusCode).toBe(403);
  });

  it('a venue proposes a new category; the township approves and the change is made in its name', async () => {
    const venue = await buildVenue(db(), { regionCode: TOWNSHIPS.galutu, category: 'restaurant' });
    const manager = await managerOf({ venueId: venue.id });
    expect((await manager({ method: 'GET', url: '/api/v1/registry-changes' })).statusCode).toBe(200);
    // Anonymous: 401.
    const anon = await ctx.app.inject({ method: 'POST', url: '/api/v1/registry-changes', payload: {} });
    expect(anon.statusCode).toBe(401);
    // Bad input: 400 with the field.
    const bad = await manager({
      method: 'POST',
      url: '/api/v1/registry-changes',
      payload: { subjectType: 'venue', subjectId: venue.id, changes: { category: 'castle' }, reason: '改为学校食堂' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('validation.failed');
    const nothing = await manager({
      method: 'POST',
      url: '/api/v1/registry-changes',
      payload: { subjectType: 'venue', subjectId: venue.id, changes: { category: 'restaurant' }, reason: '不变' },
    });
    expect(nothing.statusCode).toBe(400);
    expect(nothing.json().error).toMatchObject({ code: 'registry_changes.no_change', details: { field: 'changes' } });

    const res = await manager({
      method: 'POST',
      url: '/api/v1/registry-changes',
      payload: { subjectType: 'venue', subjectId: venue.id, changes: { category: 'school' }, reason: '已改为学校食堂' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const proposal = res.json();
    expect(proposal).toMatchObject({
      status: 'pending',
      changes: { category: 'school' },
      current: { category: 'restaurant' },
      abilities: { decide: false, withdraw: true },
    });
    // One pending proposal per object.
    const again = await manager({
      method: 'POST',
      url: '/api/v1/registry-changes',
      payload: { subjectType: 'venue', subjectId: venue.id, changes: { category: 'hospital' }, reason: '再改' },
    });
    expect(again.statusCode, again.body).toBe(409);
    expect(again.json().error.code).toBe('registry_changes.pending_exists');
    // The party cannot approve its own proposal; another township does not see it.
    const self = await manager({ method: 'POST', url: `/api/v1/registry-changes/${proposal.id}/approve`, payload: {} });
    expect(self.statusCode).toBe(403);
    expect(self.json().error.code).toBe('registry_changes.not_decider');
    const other = await tukeOfficer({
      method: 'POST',
      url: `/api/v1/registry-changes/${proposal.id}/approve`,
      payload: {},
    });
    expect(other.statusCode).toBe(404);
    // The township's to-do lists it, with the ability to decide.
    const todo = await galutuOfficer({ method: 'GET', url: '/api/v1/registry-changes?toDecide=true&pageSize=200' });
    const listed = todo.json().items.find((i: { id: string }) => i.id === proposal.id);
    expect(listed).toMatchObject({ abilities: { decide: true, withdraw: false }, subjectName: venue.name });
    // Nothing changed yet.
    const [before] = await db().select().from(venuesTable).where(eq(venuesTable.id, venue.id));
    expect(before!.category).toBe('restaurant');

    const ok = await galutuOfficer({
      method: 'POST',
      url: `/api/v1/registry-changes/${proposal.id}/approve`,
      payload: { note: '核实无误' },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'approved', decisionNote: '核实无误', abilities: { decide: false } });
    const [after] = await db().select().from(venuesTable).where(eq(venuesTable.id, venue.id));
    expect(after!.category).toBe('school');
    expect(await auditActions(proposal.id)).toEqual(
      expect.arrayContaining(['registry_change.propose', 'registry_change.approve']),
    );
    expect(await auditActions(venue.id)).toContain('venue.update');
    // Decided once.
    const twice = await galutuOfficer({
      method: 'POST',
      url: `/api/v1/registry-changes/${proposal.id}/reject`,
      payload: { note: '不' },
    });
    expect(twice.statusCode, twice.body).toBe(409);
    expect(twice.json().error.code).toBe('registry_changes.not_pending');
  });

  it('an enterprise proposes a licence renewal and a move; the township rejects the move with a note, approves the renewal', async () => {
    const enterprise = await buildEnterprise(db(), { regionCode: TOWNSHIPS.galutu });
    const licence = await buildLicence(db(), enterprise.id);
    const manager = await managerOf({ enterpriseId: enterprise.id });
    const tuke = await regionByCode(db(), TOWNSHIPS.tuke);
    const move = await manager({
      method: 'POST',
      url: '/api/v1/registry-changes',
      payload: { subjectType: 'enterprise', subjectId: enterprise.id, changes: { regionId: tuke.id }, reason: '迁址' },
    });
    expect(move.statusCode, move.body).toBe(201);
    const renew = await manager({
      method: 'POST',
      url: '/api/v1/registry-changes',
      payload: { subjectType: 'licence', subjectId: licence.id, changes: { validTo: '2031-06-30' }, reason: '已换证' },
    });
    expect(renew.statusCode, renew.body).toBe(201);
    // Each request names the web page of its subject, where it is listed and decided (a licence's: its enterprise's).
    expect(move.json().link).toBe(`/registry/enterprises/${enterprise.id}`);
    expect(renew.json().link).toBe(`/registry/enterprises/${enterprise.id}`);
    const noNote = await galutuOfficer({
      method: 'POST',
      url: `/api/v1/registry-changes/${move.json().id}/reject`,
      payload: {},
    });
    expect(noNote.statusCode).toBe(400);
    const rejected = await galutuOfficer({
      method: 'POST',
      url: `/api/v1/registry-changes/${move.json().id}/reject`,
      payload: { note: '未见迁址材料' },
    });
    expect(rejected.statusCode, rejected.body).toBe(200);
    expect(rejected.json()).toMatchObject({ status: 'rejected', decisionNote: '未见迁址材料' });
    const approved = await galutuOfficer({
      method: 'POST',
      url: `/api/v1/registry-changes/${renew.json().id}/approve`,
    });
    expect(approved.statusCode, approved.body).toBe(200);
    const [e] = await db().select().from(enterprisesTable).where(eq(enterprisesTable.id, enterprise.id));
    expect(e!.regionId).toBe(enterprise.regionId);
    const [l] = await db().select().from(licencesTable).where(eq(licencesTable.id, licence.id));
    expect(l!.validTo).toBe('2031-06-30');
    // The party sees the outcome of its proposals.
    const mine = await manager({ method: 'GET', url: `/api/v1/registry-changes?subjectId=${enterprise.id}` });
    expect(mine.json().items).toEqual([expect.objectContaining({ status: 'rejected' })]);
    // On its enterprise page: the enterprise's own proposals and those of its licences, with the regulator's note.
    const all = await manager({ method: 'GET', url: `/api/v1/registry-changes?enterpriseId=${enterprise.id}` });
    expect(all.statusCode, all.body).toBe(200);
    expect(
      all
        .json()
        .items.map((i: { subjectType: string; status: string }) => `${i.subjectType}:${i.status}`)
        .sort(),
    ).toEqual(['enterprise:rejected', 'licence:approved']);
    const other = await buildEnterprise(db(), { regionCode: TOWNSHIPS.galutu });
    const none = await manager({ method: 'GET', url: `/api/v1/registry-changes?enterpriseId=${other.id}` });
    expect(none.json().items).toEqual([]);
    const badId = await manager({ method: 'GET', url: '/api/v1/registry-changes?enterpriseId=x' });
    expect(badId.statusCode).toBe(400);
  });

  it('a new licence and a withdrawal; a regulator edits directly instead of proposing', async () => {
    const enterprise = await buildEnterprise(db(), { regionCode: TOWNSHIPS.galutu });
    const manager = await managerOf({ enterpriseId: enterprise.id });
    const proposal = await manager({
      method: 'POST',
      url: '/api/v1/registry-changes',
      payload: {
        subjectType: 'new_licence',
        subjectId: enterprise.id,
        changes: { kind: 'gas_operation', number: `NEW-${enterprise.id.slice(0, 8)}`, validTo: '2030-01-01' },
        reason: '新取得燃气经营许可证',
      },
    });
    expect(proposal.statusCode, proposal.body).toBe(201);
    const officer = await galutuOfficer({
      method: 'POST',
      url: '/api/v1/registry-changes',
      payload: {
        subjectType: 'enterprise',
        subjectId: enterprise.id,
        changes: { kind: 'pipeline_operator' },
        reason: 'x',
      },
    });
    expect(officer.statusCode).toBe(400);
    expect(officer.json().error.code).toBe('registry_changes.edit_directly');
    const withdrawn = await manager({ method: 'POST', url: `/api/v1/registry-changes/${proposal.json().id}/withdraw` });
    expect(withdrawn.json()).toMatchObject({ status: 'withdrawn' });
    const approve = await galutuOfficer({
      method: 'POST',
      url: `/api/v1/registry-changes/${proposal.json().id}/approve`,
    });
    expect(approve.statusCode, approve.body).toBe(409);
    const licences = await db().select().from(licencesTable).where(eq(licencesTable.enterpriseId, enterprise.id));
    expect(licences).toHaveLength(0);
    // Another party's object: 404.
    const stranger = await buildEnterprise(db(), { regionCode: TOWNSHIPS.galutu });
    const foreign = await manager({
      method: 'POST',
      url: '/api/v1/registry-changes',
      payload: {
        subjectType: 'enterprise',
        subjectId: stranger.id,
        changes: { kind: 'pipeline_operator' },
        reason: 'x',
      },
    });
    expect(foreign.statusCode).toBe(404);
  });
});

function csv(columns: TabularColumn[], rows: Record<string, string>[]): string {
  const cols = columns.filter((c) => !c.exportOnly);
  const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return [
    cols.map((c) => `${c.header}${c.required ? '*' : ''}`).join(','),
    ...rows.map((r) => cols.map((c) => cell(r[c.key] ?? '')).join(',')),
  ].join('\r\n');
}

function upload(send: Send, kind: string, content: string) {
  const { payload, headers } = multipartFile(`${kind}.csv`, content);
  return send({
    method: 'POST',
    url: `/api/v1/registry/${kind}/import`,
    query: { mode: 'clean_only' },
    payload,
    headers,
  });
}

describe('a supervised party’s import cannot change the regulator’s fields (issue 9.4)', () => {
  it('refuses an enterprise’s rows that move it or change its kind, and stores nothing for them', async () => {
    const enterprise = await buildEnterprise(db(), { regionCode: TOWNSHIPS.galutu, kind: 'bottled_operator' });
    const manager = await managerOf({ enterpriseId: enterprise.id });
    const row = { name: enterprise.name, creditCode: enterprise.creditCode, address: '新地址 1 号' };
    const res = await upload(
      manager,
      'enterprises',
      csv(enterpriseColumns, [{ ...row, kind: '管道燃气经营企业', region: TOWNSHIPS.galutu }]),
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ updated: 0 });
    expect(res.json().errors).toEqual([
      expect.objectContaining({ key: 'kind', message: expect.stringMatching(/监管部门/) }),
    ]);
    const moved = await upload(
      manager,
      'enterprises',
      csv(enterpriseColumns, [{ ...row, kind: '瓶装液化气经营企业', region: TOWNSHIPS.tuke }]),
    );
    expect(moved.json().errors).toEqual([expect.objectContaining({ key: 'region' })]);
    const [e] = await db().select().from(enterprisesTable).where(eq(enterprisesTable.id, enterprise.id));
    expect(e).toMatchObject({ kind: 'bottled_operator', regionId: enterprise.regionId, address: enterprise.address });
    // Its own particulars still import.
    const own = await upload(
      manager,
      'enterprises',
      csv(enterpriseColumns, [{ ...row, kind: '瓶装液化气经营企业', region: TOWNSHIPS.galutu }]),
    );
    expect(own.json(), own.body).toMatchObject({ updated: 1, errors: [] });
  });

  it('refuses an enterprise’s licence rows, new or changed', async () => {
    const enterprise = await buildEnterprise(db(), { regionCode: TOWNSHIPS.galutu });
    const licence = await buildLicence(db(), enterprise.id);
    const manager = await managerOf({ enterpriseId: enterprise.id });
    const res = await upload(
      manager,
      'licences',
      csv(licenceColumns, [
        {
          enterpriseCreditCode: enterprise.creditCode,
          kind: '燃气经营许可证',
          number: licence.number,
          validTo: '2099-12-31',
        },
        {
          enterpriseCreditCode: enterprise.creditCode,
          kind: '燃气经营许可证',
          number: 'SELF-2099',
          validTo: '2099-12-31',
        },
      ]),
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ created: 0, updated: 0 });
    expect(res.json().errors).toHaveLength(2);
    const rows = await db().select().from(licencesTable).where(eq(licencesTable.enterpriseId, enterprise.id));
    expect(rows.map((r) => r.validTo)).toEqual([licence.validTo]);
  });

  it('refuses a venue’s rows that move it or change its category: the venue has no import, its supplier changes only the contract', async () => {
    const supplier = await buildEnterprise(db(), { regionCode: TOWNSHIPS.galutu, kind: 'bottled_operator' });
    const venue = await buildVenue(db(), {
      regionCode: TOWNSHIPS.galutu,
      category: 'restaurant',
      supplierEnterpriseId: supplier.id,
    });
    const file = csv(venueColumns, [
      { name: venue.name, address: venue.address, category: '学校', region: TOWNSHIPS.tuke },
    ]);
    const manager = await managerOf({ venueId: venue.id });
    const own = await upload(manager, 'venues', file);
    expect(own.statusCode).toBe(403);
    expect(own.json().error).toMatchObject({ code: 'auth.forbidden', details: { permission: 'registry.import' } });
    const supplierManager = await managerOf({ enterpriseId: supplier.id });
    const res = await upload(supplierManager, 'venues', file);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ created: 0, updated: 0 });
    expect(res.json().errors).toHaveLength(1);
    const [v] = await db()
      .select()
      .from(venuesTable)
      .where(and(eq(venuesTable.id, venue.id)));
    expect(v).toMatchObject({ category: 'restaurant', regionId: venue.regionId });
  });
});

describe('a supervised party changes none of the facts that put it under supervision (issue 9.4)', () => {
  async function riskyVenue() {
    return buildVenue(db(), {
      regionCode: TOWNSHIPS.galutu,
      category: 'restaurant',
      floor: 'ground',
      highRiseBuilding: false,
      gasSources: ['bottled_lpg', 'piped'],
      storedLpgKg: 150,
      hasCylinderRoom: false,
      detectorInstalled: false,
      shutoffValveInstalled: false,
      contactPhone: '13904770018',
    });
  }

  it('a venue manager’s edit of a risk fact, its region or category is refused (403 with the field); nothing changes', async () => {
    const venue = await riskyVenue();
    const manager = await managerOf({ venueId: venue.id });
    const tuke = await regionByCode(db(), TOWNSHIPS.tuke);
    const refused: Record<string, unknown>[] = [
      { regionId: tuke.id },
      { category: 'school' },
      { floor: 'basement' },
      { highRiseBuilding: true },
      { gasSources: ['piped'] },
      { storedLpgKg: 50 },
      { hasCylinderRoom: true },
      { detectorInstalled: true },
      { detectorInstalledOn: '2026-12-01' },
      { shutoffValveInstalled: true },
      { shutoffValveInstalledOn: '2026-12-01' },
      { contactPhone: '13904770099', hasCylinderRoom: true, shutoffValveInstalled: true },
    ];
    for (const payload of refused) {
      const res = await manager({ method: 'PATCH', url: `/api/v1/venues/${venue.id}`, payload });
      expect(res.statusCode, `${JSON.stringify(payload)}: ${res.body}`).toBe(403);
      const field = Object.keys(payload).find((k) => k !== 'contactPhone');
      expect(res.json().error).toMatchObject({ code: 'registry.regulator_fields', details: { field } });
    }
    const [v] = await db().select().from(venuesTable).where(eq(venuesTable.id, venue.id));
    expect(v).toEqual(venue);
    const got = (await manager({ method: 'GET', url: `/api/v1/venues/${venue.id}` })).json();
    expect(got.riskFlags.map((f: { code: string }) => f.code)).toEqual(
      expect.arrayContaining(['cylinder_room_missing', 'no_shutoff_valve', 'no_detector']),
    );
  });

  it('its own particulars stay editable, with the facts sent back unchanged (as its form does)', async () => {
    const venue = await riskyVenue();
    const manager = await managerOf({ venueId: venue.id });
    const res = await manager({
      method: 'PATCH',
      url: `/api/v1/venues/${venue.id}`,
      payload: {
        contactPhone: '13904770099',
        contactName: '周建国',
        hoseType: 'metal',
        gasSources: ['piped', 'bottled_lpg'],
        storedLpgKg: 150,
        hasCylinderRoom: false,
        category: 'restaurant',
        detectorInstalledOn: null,
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ contactPhone: '13904770099', contactName: '周建国', hasCylinderRoom: false });
  });

  it('a venue proposes its cylinder room; the township approves and the risk flag goes', async () => {
    const venue = await riskyVenue();
    const manager = await managerOf({ venueId: venue.id });
    const bad = await manager({
      method: 'POST',
      url: '/api/v1/registry-changes',
      payload: { subjectType: 'venue', subjectId: venue.id, changes: { storedLpgKg: -1 }, reason: '称重' },
    });
    expect(bad.statusCode).toBe(400);
    // The venue's own rules hold for a proposal: an install day needs the device.
    const noValve = await manager({
      method: 'POST',
      url: '/api/v1/registry-changes',
      payload: {
        subjectType: 'venue',
        subjectId: venue.id,
        changes: { shutoffValveInstalledOn: '2026-12-01' },
        reason: '已安装',
      },
    });
    expect(noValve.statusCode, noValve.body).toBe(400);
    expect(noValve.json().error).toMatchObject({
      code: 'venues.install_date_without_device',
      details: { field: 'shutoffValveInstalledOn' },
    });
    const res = await manager({
      method: 'POST',
      url: '/api/v1/registry-changes',
      payload: {
        subjectType: 'venue',
        subjectId: venue.id,
        changes: { hasCylinderRoom: true, gasSources: ['piped', 'bottled_lpg'] },
        reason: '已建成独立气瓶间',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    // The gas sources are the same set: only the cylinder room is proposed.
    expect(res.json()).toMatchObject({ changes: { hasCylinderRoom: true }, current: { hasCylinderRoom: false } });
    expect(Object.keys(res.json().changes)).toEqual(['hasCylinderRoom']);
    const ok = await galutuOfficer({
      method: 'POST',
      url: `/api/v1/registry-changes/${res.json().id}/approve`,
      payload: {},
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const got = (await manager({ method: 'GET', url: `/api/v1/venues/${venue.id}` })).json();
    expect(got.hasCylinderRoom).toBe(true);
    const codes = got.riskFlags.map((f: { code: string }) => f.code);
    expect(codes).not.toContain('cylinder_room_missing');
    expect(codes).toContain('no_shutoff_valve');
  });

  it('the regulator still edits the facts directly', async () => {
    const venue = await riskyVenue();
    const res = await galutuOfficer({
      method: 'PATCH',
      url: `/api/v1/venues/${venue.id}`,
      payload: { shutoffValveInstalled: true, shutoffValveInstalledOn: '2026-12-01' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().riskFlags.map((f: { code: string }) => f.code)).not.toContain('no_shutoff_valve');
  });

  it('an enterprise manager changes neither its credit code nor its name; it proposes them; the regulator edits them', async () => {
    const enterprise = await buildEnterprise(db(), { regionCode: TOWNSHIPS.galutu, kind: 'bottled_operator' });
    const manager = await managerOf({ enterpriseId: enterprise.id });
    for (const payload of [{ creditCode: fakeCreditCode() }, { name: '改名燃气有限公司' }]) {
      const res = await manager({ method: 'PATCH', url: `/api/v1/enterprises/${enterprise.id}`, payload });
      expect(res.statusCode, res.body).toBe(403);
      expect(res.json().error).toMatchObject({
        code: 'registry.regulator_fields',
        details: { field: Object.keys(payload)[0] },
      });
    }
    const [e] = await db().select().from(enterprisesTable).where(eq(enterprisesTable.id, enterprise.id));
    expect(e).toMatchObject({ name: enterprise.name, creditCode: enterprise.creditCode });
    const own = await manager({
      method: 'PATCH',
      url: `/api/v1/enterprises/${enterprise.id}`,
      payload: { contactPhone: '0477-7512345', name: enterprise.name, creditCode: enterprise.creditCode },
    });
    expect(own.statusCode, own.body).toBe(200);
    const code = fakeCreditCode();
    const proposal = await manager({
      method: 'POST',
      url: '/api/v1/registry-changes',
      payload: {
        subjectType: 'enterprise',
        subjectId: enterprise.id,
        changes: { creditCode: code },
        reason: '换发营业执照',
      },
    });
    expect(proposal.statusCode, proposal.body).toBe(201);
    expect(proposal.json()).toMatchObject({
      changes: { creditCode: code },
      current: { creditCode: enterprise.creditCode },
    });
    const ok = await galutuOfficer({
      method: 'POST',
      url: `/api/v1/registry-changes/${proposal.json().id}/approve`,
      payload: {},
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const direct = await galutuOfficer({
      method: 'PATCH',
      url: `/api/v1/enterprises/${enterprise.id}`,
      payload: { name: '改名燃气有限公司' },
    });
    expect(direct.statusCode, direct.body).toBe(200);
    const [after] = await db().select().from(enterprisesTable).where(eq(enterprisesTable.id, enterprise.id));
    expect(after).toMatchObject({ name: '改名燃气有限公司', creditCode: code });
  });

  it('an enterprise’s import cannot rename it; a supplier’s import cannot change its customer’s facts', async () => {
    const enterprise = await buildEnterprise(db(), { regionCode: TOWNSHIPS.galutu, kind: 'bottled_operator' });
    const manager = await managerOf({ enterpriseId: enterprise.id });
    const res = await upload(
      manager,
      'enterprises',
      csv(enterpriseColumns, [
        {
          name: '改名燃气有限公司',
          creditCode: enterprise.creditCode,
          kind: '瓶装液化气经营企业',
          region: TOWNSHIPS.galutu,
        },
      ]),
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ updated: 0 });
    expect(res.json().errors).toEqual([
      expect.objectContaining({ key: 'name', message: expect.stringMatching(/监管部门/) }),
    ]);
    const [e] = await db().select().from(enterprisesTable).where(eq(enterprisesTable.id, enterprise.id));
    expect(e!.name).toBe(enterprise.name);

    const venue = await riskyVenue();
    await db().update(venuesTable).set({ supplierEnterpriseId: enterprise.id }).where(eq(venuesTable.id, venue.id));
    const facts = await upload(
      manager,
      'venues',
      csv(venueColumns, [
        {
          name: venue.name,
          address: venue.address,
          category: '餐饮单位',
          region: TOWNSHIPS.galutu,
          hasCylinderRoom: '是',
        },
      ]),
    );
    expect(facts.statusCode, facts.body).toBe(200);
    expect(facts.json()).toMatchObject({ created: 0, updated: 0 });
    expect(facts.json().errors).toHaveLength(1);
    const [v] = await db().select().from(venuesTable).where(eq(venuesTable.id, venue.id));
    expect(v!.hasCylinderRoom).toBe(false);
  });
});
