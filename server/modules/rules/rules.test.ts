import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultLimits } from '../../../domain/hazards/limits.ts';
import { addDays, addYears, chinaToday } from '../../../domain/dates.ts';
import { type TestContext, createTestApp, login } from '../../../test/app.ts';
import { buildUser, uniqueName } from '../../../test/factories.ts';
import { buildEnterprise } from '../../../test/registry-factories.ts';
import { inspectionScenarios } from '../../../test/inspection-scenarios.ts';
import { passingVenueFacts, recordAll } from '../../../test/ledger-factories.ts';
import { createEvents } from '../../platform/events/index.ts';
import { createLimitsStore } from './rules.store.ts';

/**
 * 规则参数 (issue 10.14): the limits are versions the office makes over HTTP; the next decision uses the new
 * value, a signed inspection keeps the version it was decided under, every change is audited, a bad value is a
 * 400 with the field and only the office may change them.
 */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(() => ctx.close());

const { db, plannedVisit, sign, inspectorAccount } = inspectionScenarios(() => ctx);

async function office() {
  const u = await buildUser(db(), 'office_admin', 'global');
  return login(ctx.app, u.username, u.password);
}

const hoseOf = (detail: { results: { itemId: string; result: string }[] }) =>
  detail.results.find((r) => r.itemId === 'venue.hose_length')?.result;

describe('rules: the limits as versioned data', () => {
  it('starts from one version seeded from the configuration, readable by staff, not anonymously', async () => {
    const { send } = await inspectorAccount();
    const res = await send({ method: 'GET', url: '/api/v1/rules/limits' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.versions).toHaveLength(1);
    expect(body.current).toMatchObject({ seq: 1, inForce: true, changedByName: '系统' });
    expect(body.current.values.hoseMaxM).toBe(defaultLimits.hoseMaxM);
    expect(body.current.values.overlapWindowDays).toBe(14);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/rules/limits' })).statusCode).toBe(401);
  });

  it('refuses a change from anyone but the office (403), and anonymously (401)', async () => {
    const { send } = await inspectorAccount();
    const township = await buildUser(db(), 'township_officer', { region: '150626100' });
    const officer = await login(ctx.app, township.username, township.password);
    for (const who of [send, officer]) {
      const res = await who({
        method: 'POST',
        url: '/api/v1/rules/limits/versions',
        payload: { changes: { hoseMaxM: 3 }, reason: '试图修改' },
      });
      expect(res.statusCode).toBe(403);
    }
    const anonymous = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/rules/limits/versions',
      payload: { changes: { hoseMaxM: 3 }, reason: '匿名' },
    });
    expect(anonymous.statusCode).toBe(401);
    expect((await send({ method: 'GET', url: '/api/v1/rules/limits' })).json().versions).toHaveLength(1);
  });

  it('refuses bad values with 400 and the field, storing nothing', async () => {
    const send = await office();
    const cases: [Record<string, unknown>, string, string][] = [
      [{ hoseMaxM: -1 }, 'changes.hoseMaxM', 'out_of_range'],
      [{ hoseMaxM: 'long' }, 'changes.hoseMaxM', 'not_a_number'],
      [{ deadlineDaysGeneral: 7.5 }, 'changes.deadlineDaysGeneral', 'not_an_integer'],
      [{ followUpShare: 1.5 }, 'changes.followUpShare', 'out_of_range'],
      [{ interimControlSeverities: ['fatal'] }, 'changes.interimControlSeverities', 'not_a_severity'],
      [{ noSuchLimit: 1 }, 'changes.noSuchLimit', 'unknown_limit'],
      // Consistent one by one, not together: a deadline beyond the longest allowed.
      [{ deadlineDaysMajor: 200, maxDeadlineDays: 100 }, 'changes.maxDeadlineDays', 'inconsistent'],
    ];
    for (const [changes, field, reason] of cases) {
      const res = await send({
        method: 'POST',
        url: '/api/v1/rules/limits/versions',
        payload: { changes, reason: '测试非法值' },
      });
      expect(res.statusCode, JSON.stringify(changes)).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'rules.limit_invalid', details: { field, reason } });
    }
    const noReason = await send({
      method: 'POST',
      url: '/api/v1/rules/limits/versions',
      payload: { changes: { hoseMaxM: 3 } },
    });
    expect(noReason.statusCode).toBe(400);
    const past = await send({
      method: 'POST',
      url: '/api/v1/rules/limits/versions',
      payload: { changes: { hoseMaxM: 3 }, reason: '倒签', effectiveFrom: addDays(chinaToday(), -1) },
    });
    expect(past.statusCode).toBe(400);
    expect(past.json().error).toMatchObject({
      code: 'rules.effective_from_invalid',
      details: { field: 'effectiveFrom' },
    });
    const same = await send({
      method: 'POST',
      url: '/api/v1/rules/limits/versions',
      payload: { changes: { hoseMaxM: defaultLimits.hoseMaxM }, reason: '无变化' },
    });
    expect(same.statusCode).toBe(400);
    expect(same.json().error.code).toBe('rules.limits_unchanged');
    expect((await send({ method: 'GET', url: '/api/v1/rules/limits' })).json().versions).toHaveLength(1);
  });

  it('a change makes the next decision use the new value; a signed inspection keeps its version; it is audited', async () => {
    const send = await office();
    // Signed under version 1: a 2.4 m hose fails the default 2 m.
    const old = await plannedVisit();
    const recorded = await recordAll(old.inspector.send, old.inspection.id, {
      facts: { ...passingVenueFacts, hoseLengthM: 2.4 },
    });
    expect(hoseOf(recorded.json())).toBe('fail');
    const signed = await sign(old.inspector, old.inspection.id);
    expect(signed.statusCode).toBe(200);
    const v1 = signed.json().limitsVersionId;
    expect(v1).toEqual(expect.any(String));
    expect(signed.json().limits.hoseMaxM).toBe(2);
    const generalDeadline = signed.json().hazards.find((h: { itemId: string }) => h.itemId === 'venue.hose_length');
    expect(generalDeadline).toBeDefined();

    const changed = await send({
      method: 'POST',
      url: '/api/v1/rules/limits/versions',
      payload: { changes: { hoseMaxM: 3, deadlineDaysGeneral: 9 }, reason: '旗专班会议纪要（第3期）' },
    });
    expect(changed.statusCode).toBe(201);
    const v2 = changed.json();
    expect(v2).toMatchObject({ seq: 2, inForce: true, reason: '旗专班会议纪要（第3期）', effectiveFrom: chinaToday() });
    expect(v2.changes).toEqual([
      { key: 'hoseMaxM', before: 2, after: 3 },
      { key: 'deadlineDaysGeneral', before: 15, after: 9 },
    ]);
    expect(v2.values.detectorLifeYears).toBe(defaultLimits.detectorLifeYears);

    // The field app's limits and the next decision: 2.4 m now passes.
    const fresh = await plannedVisit();
    const published = await fresh.inspector.send({ method: 'GET', url: '/api/v1/ledger/limits' });
    expect(published.json().hoseMaxM).toBe(3);
    const next = await recordAll(fresh.inspector.send, fresh.inspection.id, {
      ticks: { 'venue.evacuation': 'fail' },
      facts: { ...passingVenueFacts, hoseLengthM: 2.4 },
    });
    expect(hoseOf(next.json())).toBe('pass');
    const nextSigned = (await sign(fresh.inspector, fresh.inspection.id)).json();
    expect(nextSigned.limitsVersionId).toBe(v2.id);
    const hazard = nextSigned.hazards.find((h: { itemId: string }) => h.itemId === 'venue.evacuation');
    const hazardDetail = (await fresh.inspector.send({ method: 'GET', url: `/api/v1/hazards/${hazard.id}` })).json();
    expect(hazardDetail.deadline).toBe(addDays(hazardDetail.foundOn, 9));

    // The old record re-reads under its own version.
    const reread = (
      await old.inspector.send({ method: 'GET', url: `/api/v1/inspections/${old.inspection.id}` })
    ).json();
    expect(reread).toMatchObject({ status: 'signed', limitsVersionId: v1 });
    expect(reread.limits.hoseMaxM).toBe(2);
    expect(hoseOf(reread)).toBe('fail');

    // The history: newest first, with the diff.
    const overview = (await send({ method: 'GET', url: '/api/v1/rules/limits' })).json();
    expect(overview.versions.map((v: { seq: number }) => v.seq)).toEqual([2, 1]);
    expect(overview.current.id).toBe(v2.id);

    // The audit trail names the change.
    const audit = await send({ method: 'GET', url: '/api/v1/audit?action=rules.limits_change' });
    expect(audit.statusCode).toBe(200);
    const [entry] = audit.json().items;
    expect(entry).toMatchObject({
      action: 'rules.limits_change',
      subjectType: 'limit_version',
      subjectId: v2.id,
      details: { seq: 2, reason: '旗专班会议纪要（第3期）' },
    });
    expect(entry.details.changes).toHaveLength(2);
  });
});

describe('rules: another instance hears of a change through the outbox', () => {
  it('reloads its versions when the change event reaches it', async () => {
    const events = createEvents({ db: db(), pollMs: 3_600_000, log: () => {} });
    const other = createLimitsStore({ db: db(), seed: defaultLimits });
    await other.load();
    const stop = other.follow(events);
    await events.tick(); // the live tail starts here
    const before = other.current().values.speedLimitKmh;
    const send = await office();
    const res = await send({
      method: 'POST',
      url: '/api/v1/rules/limits/versions',
      payload: { changes: { speedLimitKmh: before + 5 }, reason: '多实例' },
    });
    expect(res.statusCode).toBe(201);
    // Not yet heard: the other instance still answers the old value.
    expect(other.live.speedLimitKmh).toBe(before);
    await events.tick();
    await expect.poll(() => other.live.speedLimitKmh).toBe(before + 5);
    stop();
  });

  it('the cylinder register reads the limits in force: a new inspection interval moves the next inspection of a cylinder', async () => {
    const send = await office();
    const owner = await buildEnterprise(db(), { kind: 'filling_enterprise' });
    // The regulator records a cylinder's inspection (its owner may not declare it).
    const lastInspectedOn = addYears(chinaToday(), -1);
    const created = await send({
      method: 'POST',
      url: '/api/v1/cylinders',
      payload: {
        code: uniqueName('LIM').toUpperCase(),
        ownerEnterpriseId: owner.id,
        model: 'YSP-15',
        manufacturer: '测试气瓶厂',
        serialNumber: uniqueName('SN'),
        manufacturedOn: addYears(chinaToday(), -2),
        lastInspectedOn,
        lastInspectionPassed: true,
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const read = async () =>
      (await send({ method: 'GET', url: `/api/v1/cylinders/${created.json().code}` })).json().nextInspectionDue;
    const interval = (await send({ method: 'GET', url: '/api/v1/rules/limits' })).json().current.values
      .cylinderInspectionIntervalYears as number;
    expect(await read()).toBe(addYears(lastInspectedOn, interval));
    const changed = await send({
      method: 'POST',
      url: '/api/v1/rules/limits/versions',
      payload: { changes: { cylinderInspectionIntervalYears: interval - 1 }, reason: 'GB/T 8334 地方口径' },
    });
    expect(changed.statusCode).toBe(201);
    expect(await read()).toBe(addYears(lastInspectedOn, interval - 1));
  });

  // Last: a version dated later keeps versions dated today from being added after it.
  it('a version effective later is not in force until its day', async () => {
    const send = await office();
    const later = addDays(chinaToday(), 10);
    const res = await send({
      method: 'POST',
      url: '/api/v1/rules/limits/versions',
      payload: { changes: { planAheadDays: 30 }, reason: '下月起缩短计划期', effectiveFrom: later },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ effectiveFrom: later, inForce: false });
    const overview = (await send({ method: 'GET', url: '/api/v1/rules/limits' })).json();
    expect(overview.current.values.planAheadDays).toBe(defaultLimits.planAheadDays);
  });
});

describe('rules: the banned-products catalogue (issue 10.4)', () => {
  const entry = {
    name: '直排式燃气热水器',
    kind: 'appliance',
    catalogue: '某部门淘汰产品目录（测试）',
    documentNumber: '测试〔2026〕1号',
    effectiveOn: '2026-01-01',
    severity: 'major',
    checkItemId: 'venue.banned_appliance',
    note: '',
  };

  it('is seeded only with the entries the rules reference cites, each with its document; no rubber hose', async () => {
    const { send } = await inspectorAccount();
    const res = await send({ method: 'GET', url: '/api/v1/rules/banned-products' });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { kind: string; documentNumber: string; checkItemId: string }[];
    expect(items.map((i) => [i.checkItemId, i.documentNumber]).sort()).toEqual([
      ['venue.adjustable_regulator', 'GB 35844-2018'],
      ['venue.dual_phase_cylinder', 'GB 5842-2023'],
    ]);
    expect(items.some((i) => i.kind === 'hose')).toBe(false);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/rules/banned-products' })).statusCode).toBe(401);
  });

  it('only the office adds or edits entries (403 otherwise); an entry without its document number is 400', async () => {
    const { send } = await inspectorAccount();
    const refused = await send({ method: 'POST', url: '/api/v1/rules/banned-products', payload: entry });
    expect(refused.statusCode).toBe(403);

    const officeSend = await office();
    const { documentNumber: _d, ...undocumented } = entry;
    const missing = await officeSend({ method: 'POST', url: '/api/v1/rules/banned-products', payload: undocumented });
    expect(missing.statusCode).toBe(400);
    expect(JSON.stringify(missing.json().error.details)).toContain('documentNumber');
    const wrongItem = await officeSend({
      method: 'POST',
      url: '/api/v1/rules/banned-products',
      payload: { ...entry, checkItemId: 'venue.evacuation' },
    });
    expect(wrongItem.statusCode).toBe(400);
    expect(JSON.stringify(wrongItem.json().error.details)).toContain('checkItemId');
    const unknown = await officeSend({
      method: 'PATCH',
      url: '/api/v1/rules/banned-products/00000000-0000-4000-8000-000000000000',
      payload: { withdrawn: true },
    });
    expect(unknown.statusCode).toBe(404);
  });

  it('the office adds an entry with its citation and withdraws it, both audited', async () => {
    const send = await office();
    const created = await send({ method: 'POST', url: '/api/v1/rules/banned-products', payload: entry });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ ...entry, withdrawn: false });
    const id = created.json().id;

    const withdrawn = await send({
      method: 'PATCH',
      url: `/api/v1/rules/banned-products/${id}`,
      payload: { withdrawn: true },
    });
    expect(withdrawn.statusCode).toBe(200);
    expect(withdrawn.json()).toMatchObject({ id, withdrawn: true, documentNumber: entry.documentNumber });
    const list = (await send({ method: 'GET', url: '/api/v1/rules/banned-products' })).json().items;
    expect(list.at(-1)).toMatchObject({ id, withdrawn: true });

    for (const action of ['rules.banned_product_create', 'rules.banned_product_update']) {
      const audit = (await send({ method: 'GET', url: `/api/v1/audit?action=${action}&subjectId=${id}` })).json();
      expect(audit.items, action).toHaveLength(1);
    }
  });
});
