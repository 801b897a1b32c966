import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestContext, createTestApp } from '../../../test/app.ts';
import {
  type Send,
  buildFiller,
  cylinderPayload,
  issueLineToken,
  recordFill,
  registerCylinder,
  signIn,
} from '../../../test/cylinder-factories.ts';
import { buildUser, uniqueName } from '../../../test/factories.ts';
import { buildFacility, buildFillingOperator, buildScopedUser } from '../../../test/registry-factories.ts';

type Item = {
  eventId: string;
  outcome: 'filled' | 'refused';
  cylinderCode: string;
  cylinderId: string | null;
  stationId: string;
  stationName: string;
  operatorPersonId: string | null;
  operatorName: string | null;
  at: string;
  netWeightKg: number | null;
  flagged: boolean;
  reasons: string[];
  retracted: boolean;
};
type List = { items: Item[]; total: number; page: number; pageSize: number };

/**
 * 充装记录 (issue 11): a filling station's fills and the gate's refusals beside them, listed and exported with
 * the same filters, each caller seeing only the stations in its scope.
 */
describe('cylinders: the fill list and its export (GET /api/v1/filling/records)', () => {
  let ctx: TestContext;
  let office: Send;
  let fillerA: Send;
  let fillerB: Send;
  let market: Send;
  let enterpriseA: string;
  let stationA: string;
  let stationA2: string;
  let stationB: string;
  let opA1: { id: string; name: string };
  let opA2: { id: string; name: string };
  let opB: { id: string; name: string };
  let lineToken: { authorization: string };
  const tag = uniqueName('FL').toUpperCase();
  /** Event ids by what they are, for the assertions. */
  const ids: Record<string, string> = {};
  /** The code of the cylinder whose mistaken (out-of-tolerance) fill the line retracts. */
  let retractedCode = '';

  const list = async (send: Send, query: string) => {
    const res = await send({ method: 'GET', url: `/api/v1/filling/records?${query}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as List;
  };
  const exported = async (send: Send, query: string) => {
    const res = await send({ method: 'GET', url: `/api/v1/filling/records/export?${query}` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const header = (ws.getRow(1).values as unknown[]).slice(1).map(String);
    const rows: Record<string, unknown>[] = [];
    ws.eachRow((row, n) => {
      if (n === 1) return;
      const values = (row.values as unknown[]).slice(1);
      rows.push(Object.fromEntries(header.map((h, i) => [h, values[i] ?? null])));
    });
    return rows;
  };

  beforeAll(async () => {
    ctx = await createTestApp({ logLevel: 'silent' });
    const db = ctx.database.db;
    const fillerOfA = await buildFiller(db);
    const a = fillerOfA.enterprise;
    enterpriseA = a.id;
    stationA = fillerOfA.station.id;
    stationA2 = (await buildFacility(db, a, { kind: 'filling_station' })).id;
    opA1 = await buildFillingOperator(db, a);
    opA2 = await buildFillingOperator(db, a);
    const fillerOfB = await buildFiller(db);
    const b = fillerOfB.enterprise;
    stationB = fillerOfB.station.id;
    opB = await buildFillingOperator(db, b);
    office = await signIn(ctx.app, await buildUser(db, 'office_admin', 'global'));
    fillerA = await signIn(ctx.app, await buildScopedUser(db, { enterpriseId: a.id }));
    fillerB = await signIn(ctx.app, await buildScopedUser(db, { enterpriseId: b.id }));
    market = await signIn(ctx.app, await buildUser(db, 'department_officer', { department: 'market_regulation' }));
    lineToken = await issueLineToken(office, stationA);

    const register = async (owner: string, n: number) =>
      (await registerCylinder(office, cylinderPayload(owner === 'A' ? a.id : b.id, { code: `${tag}-${owner}${n}` })))
        .code;
    const fill = async (send: Send, key: string, body: Parameters<typeof recordFill>[1], status = 201) => {
      ids[key] = await recordFill(send, body, status);
    };
    const a1 = await register('A', 1);
    const a2 = await register('A', 2);
    const b1 = await register('B', 1);
    // China days: 2026-03-10 (UTC 02:00 = 10:00), 2026-03-11 00:30 (UTC 16:30 the day before), 2026-03-12.
    await fill(fillerA, 'a1', {
      cylinderCode: a1,
      stationId: stationA,
      operatorPersonId: opA1.id,
      filledAt: '2026-03-10T02:00:00.000Z',
      netWeightKg: 14.5,
    });
    await fill(fillerA, 'a2Flagged', {
      cylinderCode: a2,
      stationId: stationA,
      operatorPersonId: opA2.id,
      filledAt: '2026-03-10T16:30:00.000Z',
      netWeightKg: 13.2,
    });
    await fill(fillerA, 'a1Station2', {
      cylinderCode: a1,
      stationId: stationA2,
      operatorPersonId: opA1.id,
      filledAt: '2026-03-12T03:00:00.000Z',
      netWeightKg: 14.4,
    });
    // A refusal kept beside the fills: a code no cylinder is registered under.
    await fill(
      fillerA,
      'refusedA',
      {
        cylinderCode: `${tag}-X9`,
        stationId: stationA,
        operatorPersonId: opA2.id,
        filledAt: '2026-03-11T04:00:00.000Z',
        netWeightKg: 14.5,
      },
      409,
    );
    await fill(fillerB, 'b1', {
      cylinderCode: b1,
      stationId: stationB,
      operatorPersonId: opB.id,
      filledAt: '2026-03-11T05:00:00.000Z',
      netWeightKg: 14.5,
    });
  });
  afterAll(() => ctx.close());

  it('lists a station manager its own stations’ fills and refusals, newest first, with the operator and the flag', async () => {
    const res = await list(fillerA, `code=${tag}`);
    expect(res.total).toBe(4);
    expect(res.items.map((x) => x.eventId)).toEqual([ids.a1Station2, ids.refusedA, ids.a2Flagged, ids.a1]);
    const flagged = res.items.find((x) => x.eventId === ids.a2Flagged)!;
    expect(flagged).toMatchObject({
      outcome: 'filled',
      cylinderCode: `${tag}-A2`,
      stationId: stationA,
      operatorPersonId: opA2.id,
      operatorName: opA2.name,
      netWeightKg: 13.2,
      flagged: true,
      at: '2026-03-10T16:30:00.000Z',
    });
    expect(flagged.cylinderId).toBeTruthy();
    expect(res.items.find((x) => x.eventId === ids.refusedA)).toMatchObject({
      outcome: 'refused',
      cylinderId: null,
      operatorPersonId: opA2.id,
      reasons: ['CYLINDER_UNKNOWN'],
      flagged: false,
    });
  });

  it("never lists another enterprise's station: B's fill is not A's, not even when asked by station", async () => {
    expect((await list(fillerA, `code=${tag}`)).items.map((x) => x.eventId)).not.toContain(ids.b1);
    const asked = await list(fillerA, `stationId=${stationB}`);
    expect(asked).toMatchObject({ total: 0, items: [] });
    const b = await list(fillerB, `code=${tag}`);
    expect(b.items.map((x) => x.eventId)).toEqual([ids.b1]);
    // Market regulation (answers for fillers) and the office see both enterprises.
    expect((await list(market, `code=${tag}`)).total).toBe(5);
    expect((await list(office, `code=${tag}`)).total).toBe(5);
  });

  it('filters by station, China days, operator, code, flag and outcome; pages and sorts by time', async () => {
    const events = async (q: string) => (await list(office, `code=${tag}&${q}`)).items.map((x) => x.eventId);
    expect(await events(`stationId=${stationA2}`)).toEqual([ids.a1Station2]);
    // 2026-03-10T16:30Z is 00:30 on 11 March in China: the 11th's, not the 10th's.
    expect(await events('from=2026-03-10&to=2026-03-10')).toEqual([ids.a1]);
    expect(await events('from=2026-03-11&to=2026-03-11')).toEqual([ids.b1, ids.refusedA, ids.a2Flagged]);
    expect(await events(`operatorPersonId=${opA1.id}`)).toEqual([ids.a1Station2, ids.a1]);
    expect(await events(`operator=${encodeURIComponent(opA2.name.slice(2))}`)).toEqual([ids.refusedA, ids.a2Flagged]);
    const byCode = await list(office, `code=${encodeURIComponent(` ${tag.toLowerCase()}-a2 `)}`);
    expect(byCode.items.map((x) => x.eventId)).toEqual([ids.a2Flagged]);
    expect(await events('flagged=true')).toEqual([ids.a2Flagged]);
    expect(await events('flagged=false')).not.toContain(ids.a2Flagged);
    expect(await events('outcome=refused')).toEqual([ids.refusedA]);
    expect(await events('outcome=filled')).toEqual([ids.a1Station2, ids.b1, ids.a2Flagged, ids.a1]);
    expect(await events('order=asc')).toEqual([ids.a1, ids.a2Flagged, ids.refusedA, ids.b1, ids.a1Station2]);
    const page2 = await list(office, `code=${tag}&pageSize=2&page=2`);
    expect(page2).toMatchObject({ total: 5, page: 2, pageSize: 2 });
    expect(page2.items.map((x) => x.eventId)).toEqual([ids.refusedA, ids.a2Flagged]);
  });

  it('refuses a bad query with 400, its code and the field', async () => {
    for (const [query, field] of [
      ['from=2026-02-30', 'from'],
      ['flagged=maybe', 'flagged'],
      ['stationId=nope', 'stationId'],
      ['outcome=lost', 'outcome'],
      ['pageSize=1000', 'pageSize'],
      ['unknown=1', null],
    ] as const) {
      const res = await fillerA({ method: 'GET', url: `/api/v1/filling/records?${query}` });
      expect(res.statusCode, query).toBe(400);
      const error = res.json().error as { code: string; details: { issues: { path: string[] }[] } };
      expect(error.code).toBe('validation.failed');
      if (field) expect(error.details.issues[0]!.path).toEqual(['querystring', field]);
    }
    const period = await fillerA({ method: 'GET', url: '/api/v1/filling/records?from=2026-03-12&to=2026-03-10' });
    expect(period.statusCode).toBe(400);
    expect(period.json().error).toMatchObject({ code: 'cylinders.period_invalid', details: { field: 'from' } });
    const exportPeriod = await fillerA({
      method: 'GET',
      url: '/api/v1/filling/records/export?from=2026-03-12&to=2026-03-10',
    });
    expect(exportPeriod.statusCode).toBe(400);
    expect(exportPeriod.json().error.code).toBe('cylinders.period_invalid');
  });

  it('is not for the public nor for a filling line (it records, it does not read the list)', async () => {
    const anonymous = await ctx.app.inject({ method: 'GET', url: '/api/v1/filling/records' });
    expect(anonymous.statusCode).toBe(401);
    const line = await ctx.app.inject({ method: 'GET', url: '/api/v1/filling/records', headers: lineToken });
    expect(line.statusCode).toBe(403);
    const lineExport = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/filling/records/export',
      headers: lineToken,
    });
    expect(lineExport.statusCode).toBe(403);
  });

  it('exports exactly the filtered list, in the caller scope, with China times', async () => {
    const rows = await exported(fillerA, `code=${tag}`);
    expect(rows.map((r) => r.记录编号)).toEqual([ids.a1Station2, ids.refusedA, ids.a2Flagged, ids.a1]);
    expect(rows.find((r) => r.记录编号 === ids.a2Flagged)).toMatchObject({
      充装时间: '2026-03-11 00:30:00',
      结果: '充装',
      气瓶编码: `${tag}-A2`,
      充装人员: opA2.name,
      '充装净重（kg）': 13.2,
      超出偏差: '是',
    });
    expect(String(rows.find((r) => r.记录编号 === ids.refusedA)!.拒绝原因)).toContain('未建档');
    const flagged = await exported(office, `code=${tag}&flagged=true`);
    expect(flagged.map((r) => r.记录编号)).toEqual([ids.a2Flagged]);
    const listed = await list(market, `code=${tag}&from=2026-03-11&order=asc`);
    const sheet = await exported(market, `code=${tag}&from=2026-03-11&order=asc`);
    expect(sheet.map((r) => r.记录编号)).toEqual(listed.items.map((x) => x.eventId));
    expect(await exported(fillerA, `stationId=${stationB}`)).toEqual([]);
  });

  it('marks a fill retracted by a later correcting event 已撤回, in the list and the export, as the timeline does', async () => {
    const rtag = uniqueName('FR').toUpperCase();
    const { code } = await registerCylinder(office, cylinderPayload(enterpriseA, { code: `${rtag}-1` }));
    retractedCode = code;
    const fill = (filledAt: string, netWeightKg = 14.5) =>
      recordFill(fillerA, {
        cylinderCode: code,
        stationId: stationA,
        operatorPersonId: opA1.id,
        filledAt,
        netWeightKg,
      });
    // The mistaken record is out of tolerance (13.2 kg of 14.5 ± 0.5): flagged until it is retracted.
    const wrong = await fill('2026-03-13T02:00:00.000Z', 13.2);
    expect((await list(fillerA, `code=${rtag}&flagged=true`)).items.map((x) => x.eventId)).toEqual([wrong]);
    const right = await fill('2026-03-13T02:05:00.000Z');
    // The line corrects its mistaken record (a retraction names the event it corrects).
    const retraction = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/cylinder-events',
      headers: lineToken,
      payload: {
        events: [
          {
            eventId: randomUUID(),
            type: 'retracted',
            code,
            occurredAt: '2026-03-13T02:10:00.000Z',
            stationId: stationA,
            correctsEventId: wrong,
          },
        ],
      },
    });
    expect(retraction.statusCode, retraction.body).toBe(200);
    const timeline = await office({ method: 'GET', url: `/api/v1/cylinders/${code}/events` });
    expect(timeline.statusCode, timeline.body).toBe(200);
    const marked = (timeline.json() as { items: { eventId: string; retracted: boolean }[] }).items;
    expect(marked.find((e) => e.eventId === wrong)?.retracted).toBe(true);

    const listed = await list(fillerA, `code=${rtag}`);
    expect(listed.items.map((x) => [x.eventId, x.outcome, x.retracted])).toEqual([
      [right, 'filled', false],
      [wrong, 'filled', true],
    ]);
    const rows = await exported(fillerA, `code=${rtag}`);
    expect(rows.map((r) => [r.记录编号, r.已撤回, r.超出偏差])).toEqual([
      [right, '否', '否'],
      [wrong, '是', '否'],
    ]);
  });

  it('never reports a retracted fill as out of tolerance: not flagged, not under flagged=true, not in its total or sheet', async () => {
    // The fills of the previous test: `wrong` (13.2 kg, flagged when recorded) retracted, `right` within tolerance.
    const rtag = retractedCode;
    expect(rtag).not.toBe('');
    const all = await list(office, `code=${rtag}`);
    expect(all.total).toBe(2);
    const wrong = all.items.find((x) => x.retracted)!;
    // Listed as 已撤回 with the weight recorded, but not reported as an out-of-tolerance fill.
    expect(wrong).toMatchObject({ outcome: 'filled', netWeightKg: 13.2, flagged: false, retracted: true });
    expect(await list(office, `code=${rtag}&flagged=true`)).toMatchObject({ total: 0, items: [] });
    expect(await list(market, `code=${rtag}&flagged=true`)).toMatchObject({ total: 0, items: [] });
    // flagged=false is every row but the out-of-tolerance fills: the retracted one is among them.
    const unflagged = await list(office, `code=${rtag}&flagged=false`);
    expect(unflagged.total).toBe(2);
    expect(await exported(office, `code=${rtag}&flagged=true`)).toEqual([]);
    // The filler's other flagged fill (not retracted) is still reported.
    expect((await list(office, `code=${tag}&flagged=true`)).items.map((x) => x.eventId)).toEqual([ids.a2Flagged]);
  });
  it('filters by retracted: only the records a later event corrects, or only those that stand; total and sheet agree', async () => {
    // The fills of the marking test: `wrong` retracted, `right` standing.
    const rtag = retractedCode;
    expect(rtag).not.toBe('');
    const all = await list(office, `code=${rtag}`);
    const wrong = all.items.find((x) => x.retracted)!.eventId;
    const right = all.items.find((x) => !x.retracted)!.eventId;
    const only = await list(office, `code=${rtag}&retracted=true`);
    expect(only).toMatchObject({ total: 1 });
    expect(only.items.map((x) => [x.eventId, x.retracted])).toEqual([[wrong, true]]);
    const standing = await list(fillerA, `code=${rtag}&retracted=false`);
    expect(standing).toMatchObject({ total: 1 });
    expect(standing.items.map((x) => [x.eventId, x.retracted])).toEqual([[right, false]]);
    // With the other filters: a retracted fill is never flagged, so the two together list nothing.
    expect(await list(office, `code=${rtag}&retracted=true&flagged=true`)).toMatchObject({ total: 0, items: [] });
    expect((await exported(office, `code=${rtag}&retracted=true`)).map((r) => [r.记录编号, r.已撤回])).toEqual([
      [wrong, '是'],
    ]);
    expect((await exported(office, `code=${rtag}&retracted=false`)).map((r) => [r.记录编号, r.已撤回])).toEqual([
      [right, '否'],
    ]);
    // Out of scope stays out: B's user sees none of A's retracted records.
    expect(await list(fillerB, `code=${rtag}&retracted=true`)).toMatchObject({ total: 0, items: [] });
    const bad = await fillerA({ method: 'GET', url: '/api/v1/filling/records?retracted=maybe' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'validation.failed' });
    expect(bad.json().error.details.issues[0].path).toEqual(['querystring', 'retracted']);
  });
  it('leaves a retracted refusal out of the refusal counts, and a retracted fill off the public page as the last fill', async () => {
    const retract = async (code: string, correctsEventId: string, occurredAt: string) => {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/cylinder-events',
        headers: lineToken,
        payload: {
          events: [
            { eventId: randomUUID(), type: 'retracted', code, occurredAt, stationId: stationA, correctsEventId },
          ],
        },
      });
      expect(res.statusCode, res.body).toBe(200);
    };
    type Refusals = { byStation: { stationId: string; total: number }[] };
    const refusalsOfA = async () => {
      const res = await office({ method: 'GET', url: '/api/v1/filling/refusals?from=2026-03-11&to=2026-03-11' });
      expect(res.statusCode, res.body).toBe(200);
      return (res.json() as Refusals).byStation.find((s) => s.stationId === stationA)?.total ?? 0;
    };
    expect(await refusalsOfA()).toBe(1);
    await retract(`${tag}-X9`, ids.refusedA!, '2026-03-11T04:10:00.000Z');
    expect(await refusalsOfA()).toBe(0);
    // Still listed, marked 已撤回, in the fill list (as every retracted record is).
    const listed = await list(office, `code=${tag}-X9`);
    expect(listed.items.map((x) => [x.eventId, x.outcome, x.retracted])).toEqual([[ids.refusedA, 'refused', true]]);

    // The public page: the last fill is the last that stands.
    const { code } = await registerCylinder(office, cylinderPayload(enterpriseA, { code: `${tag}-P1` }));
    const fillAt = (filledAt: string) =>
      recordFill(fillerA, { cylinderCode: code, stationId: stationA, operatorPersonId: opA1.id, filledAt });
    await fillAt('2026-03-14T02:00:00.000Z');
    const mistaken = await fillAt('2026-03-14T03:00:00.000Z');
    const lastFilled = async () => {
      const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/public/cylinders/${code}` });
      expect(res.statusCode, res.body).toBe(200);
      const at = (res.json() as { lastFilledAt: string | null }).lastFilledAt;
      return at ? new Date(at).toISOString() : null;
    };
    expect(await lastFilled()).toBe('2026-03-14T03:00:00.000Z');
    await retract(code, mistaken, '2026-03-14T03:05:00.000Z');
    expect(await lastFilled()).toBe('2026-03-14T02:00:00.000Z');
  });
});
