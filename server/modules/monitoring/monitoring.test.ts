import ExcelJS from 'exceljs';
import { and, desc, eq, like, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestContext, createTestApp, login } from '../../../test/app.ts';
import { buildUser, regionByCode } from '../../../test/factories.ts';
import { buildEnterprise, buildScopedUser, buildVenue, multipartFile } from '../../../test/registry-factories.ts';
import { sha256 } from '../../platform/audit/audit.ts';
import { auditEventsTable } from '../../platform/audit/audit.table.ts';
import { COLUMNS_DIGEST_FORM } from '../../platform/ingest/index.ts';
import { arrayLiteral } from '../../platform/sql.ts';
import { outboxTable } from '../../platform/events/events.table.ts';
import { hazardsTable } from '../hazards/hazards.table.ts';
import { pipelineSegmentsTable, venuesTable as venuesTableRef } from '../registry/registry.table.ts';
import { runAlarmEscalation, runInterlockCheck, runOfflineDetection } from './alarms.service.ts';
import { alarmsTable, gatewayRejectionsTable, sensorStatesTable, sensorsTable } from './monitoring.table.ts';

type Send = Awaited<ReturnType<typeof login>>;

describe('monitoring over HTTP', () => {
  let ctx: TestContext;
  let office: Send;
  let tukeOfficer: Send;
  let enterpriseUser: Send;
  let gateway: { authorization: string };
  let enterpriseGateway: { authorization: string };
  let enterpriseId: string;
  let otherEnterpriseId: string;
  let venueId: string;
  let pipelineId: string;
  const t0 = Date.now() - 2 * 3_600_000;
  const at = (s: number) => new Date(t0 + s * 1000).toISOString();

  const readings = (auth: { authorization: string }, list: { sensorCode: string; at: string; value: number }[]) =>
    ctx.app.inject({ method: 'POST', url: '/api/v1/readings', headers: auth, payload: { readings: list } });
  const series = (code: string, from: number, values: number[], stepS = 10) =>
    values.map((value, i) => ({ sensorCode: code, at: at(from + i * stepS), value }));
  const alarmsOf = async (code: string, status = 'not_closed') =>
    (await office({ method: 'GET', url: `/api/v1/alarms?sensorCode=${code}&status=${status}` })).json().items as {
      id: string;
      kind: string;
      level: string;
      status: string;
      active: boolean;
      raisedAt: string;
    }[];

  beforeAll(async () => {
    ctx = await createTestApp({ logLevel: 'error' });
    const db = ctx.database.db;
    const admin = await buildUser(db, 'office_admin', 'global');
    office = await login(ctx.app, admin.username, admin.password);
    const tuke = await buildUser(db, 'township_officer', { region: '150626102' });
    tukeOfficer = await login(ctx.app, tuke.username, tuke.password);
    const enterprise = await buildEnterprise(db, { kind: 'piped_gas_operator' as never });
    enterpriseId = enterprise.id;
    otherEnterpriseId = (await buildEnterprise(db)).id;
    const manager = await buildScopedUser(db, { enterpriseId });
    enterpriseUser = await login(ctx.app, manager.username, manager.password);
    venueId = (await buildVenue(db, { supplierEnterpriseId: enterpriseId })).id;
    const [pipe] = await db
      .insert(pipelineSegmentsTable)
      .values({
        code: 'GX-T-001',
        name: '测试中压管线',
        ownerEnterpriseId: enterpriseId,
        regionId: (await regionByCode(db, '150626100')).id,
        material: 'pe',
        pressureClass: 'low',
      })
      .returning();
    pipelineId = pipe!.id;
    const issue = async (body: Record<string, unknown>) => {
      const res = await office({
        method: 'POST',
        url: '/api/v1/machine-tokens',
        payload: { name: '网关', role: 'sensor_gateway', ...body },
      });
      expect(res.statusCode).toBe(201);
      return { authorization: `Bearer ${res.json().secret}` };
    };
    gateway = await issue({ scopeType: 'global' });
    enterpriseGateway = await issue({ scopeType: 'enterprise', enterpriseId });
  });
  afterAll(() => ctx.close());

  it('registers sensors on register objects (201), refuses bad ones (400 with the field), duplicates (409)', async () => {
    const manhole = await office({
      method: 'POST',
      url: '/api/v1/sensors',
      payload: {
        code: 'MH-1',
        kind: 'manhole_methane',
        objectType: 'pipeline',
        objectId: pipelineId,
        lng: 108.8,
        lat: 38.6,
        intervalSeconds: 60,
      },
    });
    expect(manhole.statusCode).toBe(201);
    expect(manhole.json()).toMatchObject({
      code: 'MH-1',
      kind: 'manhole_methane',
      unit: '%LEL',
      ownerEnterpriseId: enterpriseId,
      online: false,
    });
    expect(manhole.json().rules.conditions[0]).toMatchObject({ warning: { raise: 10 }, alarm: { raise: 25 } });
    const valve = await office({
      method: 'POST',
      url: '/api/v1/sensors',
      payload: { code: 'VALVE-1', kind: 'valve_state', objectType: 'venue', objectId: venueId },
    });
    expect(valve.statusCode).toBe(201);
    const kitchen = await office({
      method: 'POST',
      url: '/api/v1/sensors',
      payload: {
        code: 'KG-1',
        kind: 'kitchen_gas',
        objectType: 'venue',
        objectId: venueId,
        valveSensorCode: 'VALVE-1',
        intervalSeconds: 30,
      },
    });
    expect(kitchen.statusCode).toBe(201);
    expect(kitchen.json()).toMatchObject({ valveSensorCode: 'VALVE-1', ownerEnterpriseId: enterpriseId });
    const pressure = await office({
      method: 'POST',
      url: '/api/v1/sensors',
      payload: { code: 'P-1', kind: 'pipeline_pressure', objectType: 'pipeline', objectId: pipelineId },
    });
    expect(pressure.json()).toMatchObject({ pressureClass: 'low' });
    expect(pressure.json().rules.conditions.map((c: { alarmKind: string }) => c.alarmKind)).toEqual([
      'pressure_high',
      'pressure_low',
    ]);
    const other = await office({
      method: 'POST',
      url: '/api/v1/sensors',
      payload: { code: 'OTHER-1', kind: 'manhole_methane', ownerEnterpriseId: otherEnterpriseId },
    });
    expect(other.statusCode).toBe(201);

    const dup = await office({
      method: 'POST',
      url: '/api/v1/sensors',
      payload: { code: 'MH-1', kind: 'manhole_methane', regionId: manhole.json().regionId },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('monitoring.sensor_code_taken');
    const bad = await office({ method: 'POST', url: '/api/v1/sensors', payload: { code: 'X', kind: 'smoke' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('validation.failed');
    const nowhere = await office({ method: 'POST', url: '/api/v1/sensors', payload: { code: 'X-2', kind: 'flow' } });
    expect(nowhere.json().error).toMatchObject({ code: 'monitoring.region_required', details: { field: 'regionId' } });
    const missing = await office({
      method: 'POST',
      url: '/api/v1/sensors',
      payload: { code: 'X-3', kind: 'flow', objectType: 'venue', objectId: '00000000-0000-4000-8000-000000000000' },
    });
    expect(missing.json().error).toMatchObject({ code: 'monitoring.object_not_found', details: { field: 'objectId' } });
    const notValve = await office({
      method: 'POST',
      url: '/api/v1/sensors',
      payload: { code: 'X-4', kind: 'kitchen_gas', objectType: 'venue', objectId: venueId, valveSensorCode: 'MH-1' },
    });
    expect(notValve.json().error).toMatchObject({ code: 'monitoring.valve_invalid' });
  });

  it('401 without a session, 403 without the permission, 404 outside the scope', async () => {
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/sensors/MH-1' })).statusCode).toBe(401);
    const worker = await buildScopedUser(ctx.database.db, { enterpriseId }, 'delivery_worker');
    const w = await login(ctx.app, worker.username, worker.password);
    expect((await w({ method: 'GET', url: '/api/v1/alarms' })).statusCode).toBe(403);
    expect((await tukeOfficer({ method: 'GET', url: '/api/v1/sensors/MH-1' })).statusCode).toBe(404);
    expect((await tukeOfficer({ method: 'GET', url: '/api/v1/sensors' })).json().total).toBe(0);
    // The enterprise sees its own sensors, not another's.
    expect((await enterpriseUser({ method: 'GET', url: '/api/v1/sensors/MH-1' })).statusCode).toBe(200);
    expect((await enterpriseUser({ method: 'GET', url: '/api/v1/sensors/OTHER-1' })).statusCode).toBe(404);
    // A gateway token reads nothing and the enterprise cannot edit the office's rules.
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/sensors', headers: gateway })).statusCode).toBe(403);
    const rules = await enterpriseUser({
      method: 'PUT',
      url: '/api/v1/sensors/MH-1/rules',
      payload: { overrides: [], reason: 'x' },
    });
    expect(rules.statusCode).toBe(403);
    // A person cannot send readings.
    expect((await tukeOfficer({ method: 'POST', url: '/api/v1/readings', payload: { readings: [] } })).statusCode).toBe(
      403,
    );
  });

  it('accepts readings once per sensor and time, refuses bad ones one by one and counts them per gateway', async () => {
    const batch = [
      { sensorCode: 'MH-1', at: at(0), value: 1 },
      { sensorCode: 'MH-1', at: at(10), value: 1.5 },
      { sensorCode: 'NOPE', at: at(10), value: 1 },
      { sensorCode: 'MH-1', at: at(20), value: 120 },
      { sensorCode: 'MH-1', at: new Date(Date.now() + 3_600_000).toISOString(), value: 1 },
      { sensorCode: 'VALVE-1', at: at(0), value: 0.5 },
    ];
    const first = await readings(gateway, batch);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({
      accepted: 2,
      duplicates: 0,
      faults: 0,
      rejected: [
        { index: 2, code: 'SENSOR_UNKNOWN' },
        { index: 3, code: 'VALUE_IMPOSSIBLE' },
        { index: 4, code: 'TIME_IN_FUTURE' },
        { index: 5, code: 'VALUE_IMPOSSIBLE' },
      ],
    });
    const again = await readings(gateway, [
      ...batch.slice(0, 2),
      { sensorCode: 'MH-1', at: at(30), value: 2 },
      batch[0]!,
    ]);
    expect(again.json()).toEqual({ accepted: 1, duplicates: 3, faults: 0, rejected: [] });
    const detail = (await office({ method: 'GET', url: '/api/v1/sensors/MH-1' })).json();
    expect(detail).toMatchObject({ lastValue: 2, lastAt: at(30) });
    // The enterprise's gateway may send for its own sensors only.
    const scoped = await readings(enterpriseGateway, [
      { sensorCode: 'MH-1', at: at(40), value: 2 },
      { sensorCode: 'OTHER-1', at: at(40), value: 2 },
    ]);
    expect(scoped.json()).toEqual({
      accepted: 1,
      duplicates: 0,
      faults: 0,
      rejected: [{ index: 1, code: 'OUT_OF_SCOPE' }],
    });
    const counted = await ctx.database.db.select().from(gatewayRejectionsTable);
    const byCode = Object.fromEntries(
      counted.map((c) => [`${c.gateway.startsWith('machine:') ? 'm' : '?'}:${c.code}`, c.count]),
    );
    expect(byCode).toMatchObject({
      'm:SENSOR_UNKNOWN': 1,
      'm:VALUE_IMPOSSIBLE': 2,
      'm:TIME_IN_FUTURE': 1,
      'm:OUT_OF_SCOPE': 1,
    });
    expect(new Set(counted.map((c) => c.gateway)).size).toBe(2);
  });

  it('a batch’s audit entry digests the insert’s own column texts; a time sent in another form is stored as the same instant', async () => {
    const created = await office({
      method: 'POST',
      url: '/api/v1/sensors',
      payload: {
        code: 'DIGEST-1',
        kind: 'manhole_methane',
        objectType: 'pipeline',
        objectId: pipelineId,
        intervalSeconds: 86_400,
      },
    });
    expect(created.statusCode).toBe(201);
    const base = Math.floor(t0 / 1000) * 1000;
    const iso = (ms: number) => new Date(ms).toISOString();
    const sent = [
      { sensorCode: 'DIGEST-1', at: iso(base), value: 1 },
      // The same instant's wall time in China, and a time without milliseconds: each stored as its instant.
      { sensorCode: 'DIGEST-1', at: iso(base + 1000 + 8 * 3_600_000).replace('Z', '+08:00'), value: 1.25 },
      { sensorCode: 'DIGEST-1', at: iso(base + 2000).replace('.000Z', 'Z'), value: 1.5 },
    ];
    expect((await readings(gateway, sent)).json()).toMatchObject({ accepted: 3, duplicates: 0 });
    const db = ctx.database.db;
    const [sensor] = await db.select().from(sensorsTable).where(eq(sensorsTable.code, 'DIGEST-1'));
    const [entry] = await db
      .select()
      .from(auditEventsTable)
      .where(eq(auditEventsTable.action, 'ingest.batch'))
      .orderBy(desc(auditEventsTable.seq))
      .limit(1);
    const batch = (entry!.details as { batch: { count: number; digest: string; lines: string } }).batch;
    expect(batch.lines).toBe(COLUMNS_DIGEST_FORM);
    const times = [iso(base), iso(base + 1000), iso(base + 2000)];
    const columns = [
      `sensor_id=${arrayLiteral([sensor!.id, sensor!.id, sensor!.id])}`,
      `at=${arrayLiteral(times)}`,
      `value=${arrayLiteral([1, 1.25, 1.5])}`,
    ];
    expect(batch).toMatchObject({ count: 3, digest: sha256(columns.join('\n')) });
    const stored = (await db.execute(
      sql`select at from readings where sensor_id = ${sensor!.id} and at >= ${times[0]!}::timestamptz
        and at <= ${times[2]!}::timestamptz order by at`,
    )) as unknown as { rows: { at: string | Date }[] };
    expect(stored.rows.map((r) => new Date(r.at).toISOString())).toEqual(times);
  });

  it('answers a malformed body 400 with error.code, and more than 5,000 readings too', async () => {
    const bad = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/readings',
      headers: gateway,
      payload: { readings: [{ sensorCode: 'MH-1', at: 'yesterday', value: 1 }] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('validation.failed');
    const wrong = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/readings',
      headers: gateway,
      payload: { rows: [] },
    });
    expect(wrong.statusCode).toBe(400);
    const text = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/readings',
      headers: { ...gateway, 'content-type': 'application/json' },
      payload: '{"readings": [',
    });
    expect(text.json().error.code).toBe('request.malformed_json');
    const tooMany = await readings(
      gateway,
      Array.from({ length: 5001 }, (_, i) => ({ sensorCode: 'MH-1', at: at(100_000 + i), value: 1 })),
    );
    expect(tooMany.statusCode).toBe(400);
    expect(
      (await ctx.app.inject({ method: 'POST', url: '/api/v1/readings', payload: { readings: [] } })).statusCode,
    ).toBe(401);
  });

  it('manhole methane: warning from 10 %LEL, alarm at 25 %LEL after the minimum duration, hysteresis on the way down', async () => {
    // A spike shorter than 30 s raises nothing.
    await readings(gateway, series('MH-1', 100, [40, 40, 40, 1]));
    expect(await alarmsOf('MH-1')).toEqual([]);
    // 12 %LEL for 30 s: warning at the reading 30 s after the first.
    await readings(gateway, series('MH-1', 200, [12, 12, 12, 12]));
    let open = await alarmsOf('MH-1');
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ kind: 'gas', level: 'warning', status: 'open', active: true, raisedAt: at(230) });
    // Rises to alarm (the same alarm), judged on the readings' times although sent out of order.
    await readings(gateway, series('MH-1', 250, [30, 30, 30, 30]).reverse());
    open = await alarmsOf('MH-1');
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ level: 'alarm' });
    // 22 %LEL sits between the alarm's clear (20) and raise (25): stays alarm.
    await readings(gateway, series('MH-1', 300, [22, 22, 22, 22, 22, 22, 22, 22]));
    expect((await alarmsOf('MH-1'))[0]).toMatchObject({ level: 'alarm', active: true });
    // Down to 9 (between warning's clear 8 and raise 10) for 60 s: falls to warning.
    await readings(gateway, series('MH-1', 400, [9, 9, 9, 9, 9, 9, 9, 9]));
    expect((await alarmsOf('MH-1'))[0]).toMatchObject({ level: 'warning', active: true });
    // Below 8 for 60 s: cleared (inactive), still open until someone closes it.
    await readings(gateway, series('MH-1', 500, [2, 2, 2, 2, 2, 2, 2, 2]));
    expect((await alarmsOf('MH-1'))[0]).toMatchObject({ level: 'warning', active: false, status: 'open' });
    // The steps are on the live feed's outbox and audited.
    const types = (await ctx.database.db.select({ type: outboxTable.type }).from(outboxTable)).map((r) => r.type);
    expect(types).toEqual(expect.arrayContaining(['alarm.raised', 'alarm.level_changed', 'alarm.cleared']));
    const audits = await ctx.database.db
      .select()
      .from(auditEventsTable)
      .where(eq(auditEventsTable.subjectType, 'alarm'));
    expect(audits.map((a) => a.action)).toEqual(
      expect.arrayContaining(['alarm.raise', 'alarm.level_change', 'alarm.clear']),
    );
  });

  it('kitchen detectors: 25 %LEL warning and 50 %LEL alarm (GB/T 50493-2019) after 10 s', async () => {
    await readings(gateway, series('KG-1', 0, [20, 24, 24], 5));
    expect(await alarmsOf('KG-1')).toEqual([]);
    await readings(gateway, series('KG-1', 100, [26, 26, 26], 5));
    expect((await alarmsOf('KG-1'))[0]).toMatchObject({ level: 'warning' });
    await readings(gateway, series('KG-1', 200, [55, 55, 55], 5));
    expect((await alarmsOf('KG-1'))[0]).toMatchObject({ level: 'alarm' });
  });

  it('pipeline pressure: high and low per the pressure class, each its own alarm', async () => {
    // Low pressure class: alarm at ≥ 10 kPa, low alarm at ≤ 0.5 kPa.
    await readings(gateway, series('P-1', 0, [2, 2, 11, 11, 11, 11, 11]));
    await readings(gateway, series('P-1', 200, [0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3]));
    const open = await alarmsOf('P-1');
    expect(open.map((a) => [a.kind, a.level]).sort()).toEqual([
      ['pressure_high', 'alarm'],
      ['pressure_low', 'alarm'],
    ]);
    expect(open.find((a) => a.kind === 'pressure_high')!.active).toBe(false);
  });

  it('per-sensor overrides are the office’s, audited, and apply to the next readings', async () => {
    const res = await office({
      method: 'PUT',
      url: '/api/v1/sensors/P-1/rules',
      payload: {
        overrides: [{ alarmKind: 'pressure_high', alarm: { raise: 5, clear: 4 }, raiseSeconds: 0 }],
        reason: '该段限压 5 kPa',
      },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().rules.conditions[0]).toMatchObject({ alarm: { raise: 5, clear: 4 }, raiseSeconds: 0 });
    const [audit] = await ctx.database.db
      .select()
      .from(auditEventsTable)
      .where(eq(auditEventsTable.action, 'sensor.rules'));
    expect(audit!.details).toMatchObject({ reason: '该段限压 5 kPa' });
    const bad = await office({
      method: 'PUT',
      url: '/api/v1/sensors/P-1/rules',
      payload: { overrides: [{ alarmKind: 'smoke' }], reason: 'x' },
    });
    expect(bad.statusCode).toBe(400);
    // Odd rules are refused with the field at fault, and nothing is stored.
    const refused = async (url: string, overrides: unknown[], field: string, reason: string) => {
      const res = await office({ method: 'PUT', url, payload: { overrides, reason: '试' } });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'monitoring.rules_invalid', details: { field, reason } });
    };
    await refused(
      '/api/v1/sensors/P-1/rules',
      [{ alarmKind: 'pressure_high', warning: { raise: 150, clear: 160 } }],
      'overrides.0.warning.clear',
      'clear_beyond_raise',
    );
    await refused(
      '/api/v1/sensors/P-1/rules',
      [{ alarmKind: 'pressure_low', alarm: { raise: 5, clear: 4 } }],
      'overrides.0.alarm.clear',
      'clear_beyond_raise',
    );
    await refused(
      '/api/v1/sensors/P-1/rules',
      [{ alarmKind: 'gas', alarm: { raise: 25, clear: 20 } }],
      'overrides.0.alarmKind',
      'kind_not_applicable',
    );
    await refused(
      '/api/v1/sensors/P-1/rules',
      [{ alarmKind: 'pressure_high' }, { alarmKind: 'pressure_high', raiseSeconds: 5 }],
      'overrides.1.alarmKind',
      'duplicate',
    );
    await refused(
      '/api/v1/monitoring/rules/kitchen_gas',
      [{ alarmKind: 'gas', warning: { raise: 60, clear: 50 }, alarm: { raise: 40, clear: 30 } }],
      'overrides.0.warning.raise',
      'warning_beyond_alarm',
    );
    await refused(
      '/api/v1/monitoring/rules/manhole_methane',
      [{ alarmKind: 'flow_high', alarm: { raise: 900, clear: 800 } }],
      'overrides.0.alarmKind',
      'kind_not_applicable',
    );
    // JSON's 1e400 parses to Infinity: refused by the schema, as is a string for a number.
    const nonNumber = await office({
      method: 'PUT',
      url: '/api/v1/sensors/P-1/rules',
      headers: { 'content-type': 'application/json' },
      payload: '{"overrides":[{"alarmKind":"pressure_high","alarm":{"raise":"NaN","clear":1e400}}],"reason":"试"}',
    });
    expect(nonNumber.statusCode).toBe(400);
    expect(nonNumber.json().error.code).toBe('validation.failed');
    const kept = (await office({ method: 'GET', url: '/api/v1/sensors/P-1' })).json();
    expect(kept.ruleOverrides).toEqual([
      { alarmKind: 'pressure_high', alarm: { raise: 5, clear: 4 }, raiseSeconds: 0 },
    ]);
    expect((await office({ method: 'GET', url: '/api/v1/monitoring/rules' })).json().items).not.toContainEqual(
      expect.objectContaining({ kind: 'kitchen_gas', overridden: true }),
    );
    const kind = await office({
      method: 'PUT',
      url: '/api/v1/monitoring/rules/flow',
      payload: { overrides: [{ alarmKind: 'flow_high', alarm: { raise: 900, clear: 800 } }], reason: '县统一' },
    });
    expect(kind.statusCode).toBe(200);
    const listed = (await office({ method: 'GET', url: '/api/v1/monitoring/rules' })).json().items;
    expect(listed.find((r: { kind: string }) => r.kind === 'flow')).toMatchObject({ overridden: true });
  });

  it('an alarm is acknowledged, dispatched, handled on site and closed, each step timed and audited', async () => {
    const [alarm] = await alarmsOf('KG-1');
    const step = (path: string, payload?: unknown) =>
      office({ method: 'POST', url: `/api/v1/alarms/${alarm!.id}/${path}`, ...(payload ? { payload } : {}) });
    expect((await step('close', { resolution: 'handled', note: '—' })).statusCode).toBe(409);
    expect((await step('acknowledge')).json()).toMatchObject({
      status: 'acknowledged',
      acknowledgedAt: expect.any(String),
    });
    expect((await step('dispatch', { enterpriseId: '00000000-0000-4000-8000-000000000000' })).json().error.code).toBe(
      'monitoring.object_not_found',
    );
    expect((await step('dispatch')).json()).toMatchObject({
      status: 'dispatched',
      dispatchedEnterpriseId: enterpriseId,
    });
    // The dispatched enterprise acts on site.
    const onSite = await enterpriseUser({
      method: 'POST',
      url: `/api/v1/alarms/${alarm!.id}/arrive`,
      payload: { note: '已到场' },
    });
    expect(onSite.json()).toMatchObject({ status: 'on_site', arrivedAt: expect.any(String) });
    await enterpriseUser({ method: 'POST', url: `/api/v1/alarms/${alarm!.id}/notes`, payload: { note: '关阀通风' } });
    expect((await step('close', { resolution: 'handled' })).statusCode).toBe(400);
    const closed = await step('close', { resolution: 'handled', note: '软管老化，已更换' });
    expect(closed.json()).toMatchObject({ status: 'closed', resolution: 'handled' });
    expect(closed.json().events.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['raised', 'acknowledge', 'dispatch', 'arrive', 'note', 'close']),
    );
    const actions = (
      await ctx.database.db.select().from(auditEventsTable).where(eq(auditEventsTable.subjectId, alarm!.id))
    ).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining(['alarm.acknowledge', 'alarm.dispatch', 'alarm.arrive', 'alarm.note', 'alarm.close']),
    );
    // The township outside the scope sees nothing of it.
    expect((await tukeOfficer({ method: 'GET', url: `/api/v1/alarms/${alarm!.id}` })).statusCode).toBe(404);
    // Closed while the gas is still there: the condition is judged afresh, so a new alarm follows.
    await readings(gateway, series('KG-1', 300, [55, 55, 55], 5));
    expect((await alarmsOf('KG-1'))[0]).toMatchObject({ level: 'alarm', status: 'open' });
  });

  it('turns an alarm into a hazard in one step, linked both ways', async () => {
    const [alarm] = await alarmsOf('MH-1');
    const res = await office({ method: 'POST', url: `/api/v1/alarms/${alarm!.id}/hazard`, payload: {} });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'closed', resolution: 'hazard', hazardId: expect.any(String) });
    const [hazard] = await ctx.database.db.select().from(hazardsTable).where(eq(hazardsTable.id, res.json().hazardId));
    expect(hazard).toMatchObject({
      source: 'alarm',
      sourceRef: alarm!.id,
      objectType: 'pipeline',
      objectId: pipelineId,
    });
    expect((await office({ method: 'POST', url: `/api/v1/alarms/${alarm!.id}/hazard`, payload: {} })).statusCode).toBe(
      409,
    );
  });

  it('escalates an unacknowledged alarm: enterprise, department, office — once each', async () => {
    const [kitchen] = await alarmsOf('KG-1');
    await office({ method: 'POST', url: `/api/v1/alarms/${kitchen!.id}/acknowledge` });
    const alarm = (await alarmsOf('P-1')).find((a) => a.kind === 'pressure_low');
    const raised = new Date(alarm!.raisedAt).getTime();
    const db = ctx.database.db;
    const levelOf = async () =>
      (await db.select().from(alarmsTable).where(eq(alarmsTable.id, alarm!.id)))[0]!.escalationLevel;
    await runAlarmEscalation(db, new Date(raised + 14 * 60_000), 15);
    expect(await levelOf()).toBe(0);
    await runAlarmEscalation(db, new Date(raised + 16 * 60_000), 15);
    expect(await levelOf()).toBe(1);
    await runAlarmEscalation(db, new Date(raised + 17 * 60_000), 15);
    expect(await levelOf()).toBe(1);
    await runAlarmEscalation(db, new Date(raised + 50 * 60_000), 15);
    expect(await levelOf()).toBe(3);
    const escalations = await db
      .select()
      .from(auditEventsTable)
      .where(and(eq(auditEventsTable.action, 'alarm.escalate'), eq(auditEventsTable.subjectId, alarm!.id)));
    expect(escalations.map((e) => (e.details as { target: string }).target)).toEqual(['enterprise', 'office']);
    // The acknowledged alarm (acknowledged before any run) was never escalated.
    expect((await db.select().from(alarmsTable).where(eq(alarmsTable.id, kitchen!.id)))[0]!.escalationLevel).toBe(0);
  });

  it('raises an offline alarm for a silent sensor, clears it on the next reading; a silent restaurant detector becomes a hazard', async () => {
    const db = ctx.database.db;
    const now = Date.now();
    // KG-1 reports every 30 s: offline after 120 s of silence (3 intervals, at least 2 minutes).
    await runOfflineDetection(db, new Date(now + 10 * 60_000), 24);
    const offline = (await alarmsOf('KG-1')).find((a) => a.kind === 'offline');
    expect(offline).toMatchObject({ level: 'warning', active: true });
    // Running again raises nothing more.
    await runOfflineDetection(db, new Date(now + 11 * 60_000), 24);
    expect((await alarmsOf('KG-1')).filter((a) => a.kind === 'offline')).toHaveLength(1);
    // A day later, the restaurant's detector is a hazard (source alarm), once.
    await runOfflineDetection(db, new Date(now + 25 * 3_600_000), 24);
    await runOfflineDetection(db, new Date(now + 26 * 3_600_000), 24);
    const hazards = await db.select().from(hazardsTable).where(eq(hazardsTable.sourceRef, offline!.id));
    expect(hazards).toHaveLength(1);
    expect(hazards[0]).toMatchObject({ source: 'alarm', objectType: 'venue', objectId: venueId });
    const [row] = await db.select().from(alarmsTable).where(eq(alarmsTable.id, offline!.id));
    expect(row!.hazardId).toBe(hazards[0]!.id);
    // The next reading clears it.
    await readings(gateway, [{ sensorCode: 'KG-1', at: new Date().toISOString(), value: 0 }]);
    expect((await alarmsOf('KG-1')).find((a) => a.kind === 'offline')).toMatchObject({ active: false });
  });

  it('a fault report opens a fault alarm, cleared by the next reading; a restaurant detector faulty a day becomes a hazard', async () => {
    const db = ctx.database.db;
    const created = await office({
      method: 'POST',
      url: '/api/v1/sensors',
      payload: { code: 'KG-F', kind: 'kitchen_gas', objectType: 'venue', objectId: venueId, intervalSeconds: 30 },
    });
    expect(created.statusCode).toBe(201);
    const now = Date.now();
    const iso = (ms: number) => new Date(now + ms).toISOString();
    // Neither a value nor a fault, or both: 400 naming the reading.
    for (const bad of [{}, { value: 1, fault: 'E03' }, { fault: 'bad code!' }]) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/readings',
        headers: gateway,
        payload: { readings: [{ sensorCode: 'KG-F', at: iso(-60_000), ...bad }] },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('validation.failed');
    }
    const ok = await readings(gateway, [{ sensorCode: 'KG-F', at: iso(-60_000), value: 0 }]);
    expect(ok.json()).toMatchObject({ accepted: 1, faults: 0 });
    const faultAt = iso(-30_000);
    const report = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/readings',
      headers: gateway,
      payload: {
        readings: [
          { sensorCode: 'KG-F', at: faultAt, fault: 'E03' },
          { sensorCode: 'NOPE', at: faultAt, fault: 'E03' },
        ],
      },
    });
    expect(report.json()).toEqual({
      accepted: 0,
      duplicates: 0,
      faults: 1,
      rejected: [{ index: 1, code: 'SENSOR_UNKNOWN' }],
    });
    // Sent again: still one fault alarm, at the report's time, the fault code on its timeline; nothing stored as a reading.
    await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/readings',
      headers: gateway,
      payload: { readings: [{ sensorCode: 'KG-F', at: iso(-20_000), fault: 'E03' }] },
    });
    const faults = (await alarmsOf('KG-F')).filter((a) => a.kind === 'fault');
    expect(faults).toHaveLength(1);
    expect(faults[0]).toMatchObject({ level: 'warning', active: true, raisedAt: faultAt });
    const detail = (await office({ method: 'GET', url: `/api/v1/alarms/${faults[0]!.id}` })).json();
    expect(detail.events.find((e: { type: string }) => e.type === 'raised').note).toBe('E03');
    expect((await office({ method: 'GET', url: '/api/v1/sensors/KG-F' })).json().lastValue).toBe(0);
    // Still faulty a day later: the restaurant gets a hazard (source alarm) for the fault, once.
    await runOfflineDetection(db, new Date(now + 25 * 3_600_000), 24);
    await runOfflineDetection(db, new Date(now + 26 * 3_600_000), 24);
    const hazards = await db.select().from(hazardsTable).where(eq(hazardsTable.sourceRef, faults[0]!.id));
    expect(hazards).toHaveLength(1);
    expect(hazards[0]).toMatchObject({ source: 'alarm', objectType: 'venue', objectId: venueId });
    expect(hazards[0]!.description).toContain('报告故障');
    // A reading after the fault: the device works again, the fault alarm is cleared.
    await readings(gateway, [{ sensorCode: 'KG-F', at: iso(-10_000), value: 0 }]);
    expect((await alarmsOf('KG-F')).find((a) => a.kind === 'fault')).toMatchObject({ active: false });
  });

  it('lists, maps and charts sensors; alarm statistics by kind, township and enterprise', async () => {
    const list = (await office({ method: 'GET', url: '/api/v1/sensors?kind=kitchen_gas' })).json();
    expect(list.items.map((s: { code: string }) => s.code)).toEqual(['KG-1', 'KG-F']);
    expect((await office({ method: 'GET', url: '/api/v1/sensors?status=alarm' })).json().total).toBeGreaterThan(0);
    const map = (await office({ method: 'GET', url: '/api/v1/sensors/map' })).json();
    expect(map.items.map((s: { code: string }) => s.code)).toEqual(['MH-1']);
    const chart = (
      await office({ method: 'GET', url: `/api/v1/sensors/MH-1/readings?from=${at(0)}&to=${at(1000)}` })
    ).json();
    expect(chart.points.length).toBeGreaterThan(10);
    expect(chart.rules.conditions[0].alarm.raise).toBe(25);
    const stats = (await office({ method: 'GET', url: '/api/v1/alarms/stats' })).json();
    expect(stats.byKind.find((k: { key: string }) => k.key === 'gas').count).toBeGreaterThanOrEqual(2);
    expect(stats.byTownship[0].name).toBe('嘎鲁图镇');
    expect(stats.byEnterprise[0].key).toBe(enterpriseId);
    expect(stats.responseMinutes.acknowledge).not.toBeNull();
  });

  it('maps sensors by state (normal, alarm, fault, offline) with place, last reading and open alarm; a township sees its own', async () => {
    const db = ctx.database.db;
    const place = async (code: string, township: string, lng: number) => {
      const res = await office({
        method: 'POST',
        url: '/api/v1/sensors',
        payload: {
          code,
          kind: 'manhole_methane',
          regionId: (await regionByCode(db, township)).id,
          lng,
          lat: 38.6,
          intervalSeconds: 60,
        },
      });
      expect(res.statusCode).toBe(201);
    };
    await place('MAP-LEAK', '150626100', 108.81);
    await place('MAP-FAULT', '150626100', 108.82);
    await place('MAP-SILENT', '150626100', 108.83);
    await place('MAP-TUKE', '150626102', 108.5);
    const now = Date.now();
    const ago = (s: number) => new Date(now - s * 1000).toISOString();
    // 30 %LEL for 50 s: the alarm level; 2 %LEL: normal; a fault report; nothing from the silent one.
    await readings(
      gateway,
      [60, 50, 40, 30, 20, 10].map((s) => ({ sensorCode: 'MAP-LEAK', at: ago(s), value: 30 })),
    );
    await readings(gateway, [{ sensorCode: 'MAP-TUKE', at: ago(10), value: 2 }]);
    await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/readings',
      headers: gateway,
      payload: { readings: [{ sensorCode: 'MAP-FAULT', at: ago(20), fault: 'E03' }] },
    });
    type Marker = { code: string; state: string; openAlarmId: string | null; lastValue: number | null };
    const mapOf = async (send: Send) => {
      const res = await send({ method: 'GET', url: '/api/v1/sensors/map' });
      expect(res.statusCode).toBe(200);
      return res.json().items as (Marker & Record<string, unknown>)[];
    };
    const byCode = new Map((await mapOf(office)).map((m) => [m.code, m]));
    const leakAlarm = (await alarmsOf('MAP-LEAK')).find((a) => a.kind === 'gas');
    expect(leakAlarm).toMatchObject({ level: 'alarm' });
    expect(byCode.get('MAP-LEAK')).toMatchObject({
      state: 'alarm',
      openAlarmId: leakAlarm!.id,
      lastValue: 30,
      lastAt: ago(10),
      unit: '%LEL',
      regionName: '嘎鲁图镇',
      online: true,
    });
    expect(byCode.get('MAP-FAULT')).toMatchObject({ state: 'fault', openAlarmId: expect.any(String) });
    expect(byCode.get('MAP-SILENT')).toMatchObject({ state: 'offline', openAlarmId: null, lastAt: null });
    expect(byCode.get('MAP-TUKE')).toMatchObject({ state: 'normal', openAlarmId: null, lastValue: 2 });
    // The alarm closed: the leak's marker is normal again while its readings are.
    await readings(
      gateway,
      [8, 6, 4, 2].map((s) => ({ sensorCode: 'MAP-LEAK', at: ago(s), value: 1 })),
    );
    for (const step of ['acknowledge'] as const)
      expect(
        (await office({ method: 'POST', url: `/api/v1/alarms/${leakAlarm!.id}/${step}`, payload: {} })).statusCode,
      ).toBe(200);
    const closed = await office({
      method: 'POST',
      url: `/api/v1/alarms/${leakAlarm!.id}/close`,
      payload: { note: '通风后复测正常', resolution: 'false_alarm' },
    });
    expect(closed.statusCode).toBe(200);
    expect((await mapOf(office)).find((m) => m.code === 'MAP-LEAK')).toMatchObject({
      state: 'normal',
      openAlarmId: null,
    });
    // 图克镇's officer sees 图克镇's sensor only.
    expect((await mapOf(tukeOfficer)).map((m) => m.code)).toEqual(['MAP-TUKE']);
  });

  it('detector–valve interlock: a valve not reported closed within 30 s of the alarm level raises one interlock alarm', async () => {
    const db = ctx.database.db;
    const register = async (code: string, kind: string, extra: Record<string, unknown> = {}) => {
      const res = await office({
        method: 'POST',
        url: '/api/v1/sensors',
        payload: { code, kind, objectType: 'venue', objectId: venueId, intervalSeconds: 30, ...extra },
      });
      expect(res.statusCode).toBe(201);
    };
    // Three restaurants' detectors: the valve closes in time, closes too late, was already closed.
    for (const n of [2, 3, 4]) {
      await register(`VALVE-${n}`, 'valve_state');
      await register(`KG-${n}`, 'kitchen_gas', { valveSensorCode: `VALVE-${n}` });
    }
    const base = Date.now() - 10 * 60_000;
    const when = (s: number) => new Date(base + s * 1000).toISOString();
    const send = (code: string, points: [number, number][]) =>
      readings(
        gateway,
        points.map(([s, value]) => ({ sensorCode: code, at: when(s), value })),
      );
    // 55 %LEL from 0 s: the alarm level is reached after the 10-s minimum duration.
    for (const n of [2, 3, 4])
      expect(
        (
          await send(`KG-${n}`, [
            [0, 55],
            [5, 55],
            [10, 55],
            [15, 55],
          ])
        ).statusCode,
      ).toBe(200);
    await send('VALVE-2', [
      [-100, 1],
      [25, 0],
    ]);
    await send('VALVE-3', [
      [-100, 1],
      [25, 1],
      [90, 0],
    ]);
    await send('VALVE-4', [[-100, 0]]);
    for (const n of [2, 3, 4]) expect((await alarmsOf(`KG-${n}`))[0]).toMatchObject({ kind: 'gas', level: 'alarm' });

    // Before the window has ended nothing is judged.
    expect((await runInterlockCheck(db, new Date(base + 20_000), 30)).raised).toBe(0);
    expect(await runInterlockCheck(db, new Date(), 30)).toEqual({ raised: 1 });
    const interlock = (code: string) => alarmsOf(code).then((list) => list.filter((a) => a.kind === 'interlock'));
    expect(await interlock('KG-2')).toEqual([]);
    expect(await interlock('KG-4')).toEqual([]);
    const [failed] = await interlock('KG-3');
    expect(failed).toMatchObject({ level: 'alarm', status: 'open', active: true });
    // Timed at the end of the window after the alarm level (10 s + 30 s).
    expect(Date.parse(failed!.raisedAt)).toBe(base + 40_000);
    // Judged once per episode: the next run raises nothing more.
    expect(await runInterlockCheck(db, new Date(), 30)).toEqual({ raised: 0 });
    expect(await interlock('KG-3')).toHaveLength(1);
    const audits = await db
      .select()
      .from(auditEventsTable)
      .where(and(eq(auditEventsTable.subjectType, 'alarm'), eq(auditEventsTable.subjectId, failed!.id)));
    expect(audits.map((a) => a.action)).toContain('alarm.raise');
  });

  it('imports sensors from a sheet (all or nothing, or the clean rows; again unchanged) and exports them', async () => {
    const db = ctx.database.db;
    const unauthenticated = await ctx.app.inject({ method: 'GET', url: '/api/v1/sensors/template' });
    expect(unauthenticated.statusCode).toBe(401);
    const template = await office({ method: 'GET', url: '/api/v1/sensors/template' });
    expect(template.statusCode).toBe(200);
    expect(template.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const forbidden = await ctx.app.inject({ method: 'GET', url: '/api/v1/sensors/template', headers: gateway });
    expect(forbidden.statusCode).toBe(403);

    const [venue] = await db.select().from(venuesTableRef).where(eq(venuesTableRef.id, venueId));
    const csv = [
      '监测点编号,类型,名称,监测对象类型,监测对象,所属企业统一社会信用代码,所在区划,经度,纬度,上报周期（秒）,压力级制,安装日期,联动切断阀编号',
      'IMP-MH-1,窨井/密闭空间甲烷,东街窨井,燃气管段,GX-T-001,,,108.81,38.61,60,,2026-03-01,',
      `IMP-V-1,切断阀状态,后厨切断阀,用气场所,${venue!.name},,,,,30,,,`,
      `IMP-KG-1,餐饮厨房可燃气体,后厨报警器,用气场所,${venue!.name},,,,,30,,,IMP-V-1`,
      'IMP-BAD-1,温度计,,,,,嘎鲁图镇,,,,,,',
      'IMP-BAD-2,管网压力,,,,,,108.8,,,,,',
    ].join('\n');
    const upload = (query: Record<string, string>) => {
      const { payload, headers } = multipartFile('监测点.csv', csv);
      return office({ method: 'POST', url: '/api/v1/sensors/import', query, payload, headers });
    };
    const imported = () => db.select().from(sensorsTable).where(like(sensorsTable.code, 'IMP-%'));

    const strict = await upload({});
    expect(strict.statusCode).toBe(422);
    expect(strict.json().error.code).toBe('registry.import_invalid');
    const errors = strict.json().error.details.errors as { line: number; key: string | null; message: string }[];
    expect(errors.find((e) => e.line === 5)).toMatchObject({ key: 'kind' });
    // No object, owner or region; a longitude without its latitude.
    expect(
      errors
        .filter((e) => e.line === 6)
        .map((e) => e.key)
        .sort(),
    ).toEqual(['lat', 'region']);
    expect(await imported()).toEqual([]);

    const clean = await upload({ mode: 'clean_only' });
    expect(clean.statusCode).toBe(200);
    expect(clean.json()).toMatchObject({ total: 5, created: 3, errorCount: 3 });
    const rows = await imported();
    expect(rows.map((r) => r.code).sort()).toEqual(['IMP-KG-1', 'IMP-MH-1', 'IMP-V-1']);
    const kitchen = rows.find((r) => r.code === 'IMP-KG-1')!;
    expect(kitchen.valveSensorId).toBe(rows.find((r) => r.code === 'IMP-V-1')!.id);
    expect(rows.find((r) => r.code === 'IMP-MH-1')).toMatchObject({ objectType: 'pipeline', objectId: pipelineId });

    const again = await upload({ mode: 'clean_only' });
    expect(again.json()).toMatchObject({ created: 0, updated: 0, unchanged: 3 });

    const exported = await office({ method: 'GET', url: '/api/v1/sensors/export?q=IMP-' });
    expect(exported.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exported.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    const codes: string[] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) codes.push(String(row.getCell(1).value));
    });
    expect(codes.sort()).toEqual(['IMP-KG-1', 'IMP-MH-1', 'IMP-V-1']);
    expect(String(sheet.getRow(1).getCell(2).value)).toBe('类型');
  });

  // Last, because it runs the offline job on every sensor of the file.
  it('a sensor reporting faster than its interval: its state row written when its machine changes or a tenth of the interval passed; offline detection and fault reports look past it', async () => {
    const db = ctx.database.db;
    const created = await office({
      method: 'POST',
      url: '/api/v1/sensors',
      payload: { code: 'MH-FAST', kind: 'manhole_methane', ownerEnterpriseId: otherEnterpriseId, intervalSeconds: 600 },
    });
    expect(created.statusCode).toBe(201);
    const [sensor] = await db.select().from(sensorsTable).where(eq(sensorsTable.code, 'MH-FAST'));
    const T = Date.now() - 3_600_000;
    const iso = (s: number) => new Date(T + s * 1000).toISOString();
    const send = (s: number, value: number) => readings(gateway, [{ sensorCode: 'MH-FAST', at: iso(s), value }]);
    const state = async () => {
      const [row] = await db.select().from(sensorStatesTable).where(eq(sensorStatesTable.sensorId, sensor!.id));
      return { lastAt: row!.lastAt?.toISOString(), lastValue: row!.lastValue };
    };
    expect((await send(0, 1)).json()).toMatchObject({ accepted: 1 });
    expect(await state()).toEqual({ lastAt: iso(0), lastValue: 1 });
    // 10 s later, the machine unchanged (no level pending): the row is not rewritten.
    expect((await send(10, 2)).json()).toMatchObject({ accepted: 1 });
    expect(await state()).toEqual({ lastAt: iso(0), lastValue: 1 });
    // A tenth of the interval (60 s) after the stored time: rewritten.
    await send(60, 2);
    expect(await state()).toEqual({ lastAt: iso(60), lastValue: 2 });
    // 12 %LEL starts the warning's minimum duration: the machine changed, rewritten.
    await send(70, 12);
    expect(await state()).toEqual({ lastAt: iso(70), lastValue: 12 });
    // Still pending: not rewritten; 30 s after the first, the warning is raised (the state kept what it needed).
    await send(80, 12);
    expect(await state()).toEqual({ lastAt: iso(70), lastValue: 12 });
    await send(100, 12);
    expect(await alarmsOf('MH-FAST')).toMatchObject([{ kind: 'gas', level: 'warning', raisedAt: iso(100) }]);
    await send(110, 12);
    expect(await state()).toEqual({ lastAt: iso(100), lastValue: 12 });
    // A fault reported before the newest stored reading (110 s, past the state's 100 s): the device worked since.
    const fault = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/readings',
      headers: gateway,
      payload: { readings: [{ sensorCode: 'MH-FAST', at: iso(105), fault: 'E03' }] },
    });
    expect(fault.json()).toMatchObject({ faults: 1 });
    expect((await alarmsOf('MH-FAST')).filter((a) => a.kind === 'fault')).toEqual([]);
    // Offline 30 minutes (3 intervals) after the newest reading, not after the state's time.
    const offlineOf = async () => (await alarmsOf('MH-FAST')).filter((a) => a.kind === 'offline');
    await runOfflineDetection(db, new Date(T + (110 + 1_800 - 5) * 1000), 24);
    expect(await offlineOf()).toEqual([]);
    await runOfflineDetection(db, new Date(T + (110 + 1_800 + 5) * 1000), 24);
    expect(await offlineOf()).toMatchObject([{ level: 'warning', active: true, raisedAt: iso(110 + 1_800) }]);
  });
});
