import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectForFollowUp } from '../../../domain/hazards/follow-up.ts';
import { type TestContext, createTestApp, login } from '../../../test/app.ts';
import { TEST_PASSWORD, buildUser, regionByCode } from '../../../test/factories.ts';
import { buildHazard, buildSignedInspection } from '../../../test/hazard-factories.ts';
import { buildVenue } from '../../../test/registry-factories.ts';
import { auditEventsTable } from '../../platform/audit/audit.table.ts';
import { inspectionsTable } from '../inspections/inspections.table.ts';
import { chinaToday as todayInChina } from '../../../domain/dates.ts';
import { runDailyEscalation } from './hazards.escalation.ts';
import { hazardEventsTable, hazardsTable } from './hazards.table.ts';

type Send = Awaited<ReturnType<typeof login>>;

describe('hazards: escalation, rebounds, follow-up, supply suspension, accountability', () => {
  let ctx: TestContext;
  let galutu: Send;
  let tuke: Send;
  let admin: Send;

  beforeAll(async () => {
    ctx = await createTestApp();
    const db = ctx.database.db;
    galutu = await login(
      ctx.app,
      (await buildUser(db, 'township_officer', { region: '150626100' })).username,
      TEST_PASSWORD,
    );
    tuke = await login(
      ctx.app,
      (await buildUser(db, 'township_officer', { region: '150626102' })).username,
      TEST_PASSWORD,
    );
    admin = await login(ctx.app, (await buildUser(db, 'office_admin', 'global')).username, TEST_PASSWORD);
  });
  afterAll(() => ctx.close());

  describe('runDailyEscalation', () => {
    it('raises level 1 after the deadline and level 2 after the further period, idempotently, with audit and timeline', async () => {
      const db = ctx.database.db;
      await db.execute(sql`update ${hazardsTable} set status = 'closed', closed_at = now() where status <> 'closed'`);
      const h = await buildHazard(db, { foundOn: '2024-03-01', deadline: '2024-03-16' });
      const closed = await buildHazard(db, { deadline: '2024-03-10', closedAt: new Date('2024-03-12T04:00:00Z') });
      const level = async () =>
        (await db.select().from(hazardsTable).where(eq(hazardsTable.id, h.id)))[0]!.escalationLevel;
      const events = async () => db.select().from(hazardEventsTable).where(eq(hazardEventsTable.hazardId, h.id));

      expect((await runDailyEscalation(db, '2024-03-16')).escalated).toBe(0);
      expect(await level()).toBe(0);

      const first = await runDailyEscalation(db, '2024-03-17');
      expect(first).toMatchObject({ escalated: 1, level1: 1, level2: 0 });
      expect(await level()).toBe(1);
      // Idempotent: the same day again changes nothing.
      expect((await runDailyEscalation(db, '2024-03-17')).escalated).toBe(0);
      expect((await runDailyEscalation(db, '2024-03-23')).escalated).toBe(0);
      expect(await events()).toHaveLength(1);

      const second = await runDailyEscalation(db, '2024-03-24');
      expect(second).toMatchObject({ escalated: 1, level2: 1 });
      expect(await level()).toBe(2);
      expect((await runDailyEscalation(db, '2024-04-30')).escalated).toBe(0);

      const timeline = await events();
      expect(timeline.map((e) => [e.event, (e.details as { level: number }).level])).toEqual([
        ['escalated', 1],
        ['escalated', 2],
      ]);
      expect((timeline[0]!.details as { notify: string[] }).notify).toEqual(['township', 'responsible_department']);
      expect((timeline[1]!.details as { notify: string[] }).notify).toContain('campaign_office');
      const audits = await db
        .select()
        .from(auditEventsTable)
        .where(and(eq(auditEventsTable.subjectId, h.id), eq(auditEventsTable.action, 'hazard.escalate')));
      expect(audits).toHaveLength(2);
      expect(audits[0]!.regionId).toBe(h.regionId);
      // A closed hazard is never escalated.
      expect((await db.select().from(hazardsTable).where(eq(hazardsTable.id, closed.id)))[0]!.escalationLevel).toBe(0);
    });

    it('runs from the office route and lists escalated hazards within the caller’s scope', async () => {
      const db = ctx.database.db;
      const inTuke = await buildHazard(db, { regionCode: '150626102', deadline: '2024-01-01' });
      const run = await admin({ method: 'POST', url: '/api/v1/hazards/escalations/run' });
      expect(run.statusCode).toBe(200);
      expect(run.json().today).toBe(todayInChina());
      const theirs = (await tuke({ method: 'GET', url: '/api/v1/hazards/escalations' })).json();
      expect(theirs.items.map((x: { id: string }) => x.id)).toEqual([inTuke.id]);
      expect(theirs.items[0].escalationLevel).toBe(2);
      const ours = (await galutu({ method: 'GET', url: '/api/v1/hazards/escalations' })).json();
      expect(ours.items.every((x: { regionName: string }) => x.regionName === '嘎鲁图镇')).toBe(true);
    });
  });

  describe('rebounds (改后反弹)', () => {
    it('links a hand-created hazard to the same item closed at the same object within six months', async () => {
      const db = ctx.database.db;
      const venue = await buildVenue(db);
      const today = todayInChina();
      const recent = await buildHazard(db, {
        objectId: venue.id,
        itemId: 'venue.hose_length',
        closedAt: new Date(Date.now() - 30 * 86_400_000),
      });
      await buildHazard(db, {
        objectId: venue.id,
        itemId: 'venue.detector',
        closedAt: new Date(Date.now() - 86_400_000),
      });
      const res = await galutu({
        method: 'POST',
        url: '/api/v1/hazards',
        payload: {
          objectType: 'venue',
          objectId: venue.id,
          itemId: 'venue.hose_length',
          description: '软管又超长',
          foundOn: today,
        },
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().reboundOfHazardId).toBe(recent.id);
      expect(res.json().timeline.map((e: { event: string }) => e.event)).toEqual(['created', 'rebound_linked']);
      const list = (await galutu({ method: 'GET', url: `/api/v1/hazards?rebound=true&objectId=${venue.id}` })).json();
      expect(list.items.map((x: { id: string }) => x.id)).toEqual([res.json().id]);
    });

    it('does not link a failure outside the window or of another item', async () => {
      const db = ctx.database.db;
      const venue = await buildVenue(db);
      await buildHazard(db, {
        objectId: venue.id,
        itemId: 'venue.hose_length',
        closedAt: new Date('2020-01-01T04:00:00Z'),
      });
      const res = await galutu({
        method: 'POST',
        url: '/api/v1/hazards',
        payload: { objectType: 'venue', objectId: venue.id, itemId: 'venue.hose_length', description: 'x' },
      });
      expect(res.json().reboundOfHazardId).toBeNull();
    });
  });

  describe('follow-up review (回头看)', () => {
    it('schedules every major and a reproducible sample of general closed hazards, with planned follow-up inspections, once', async () => {
      const db = ctx.database.db;
      const region = await regionByCode(db, '150626103');
      const closedAt = (d: string) => new Date(`${d}T12:00:00+08:00`);
      const made = [];
      for (let i = 0; i < 3; i++)
        made.push(await buildHazard(db, { regionId: region.id, severity: 'major', closedAt: closedAt('2023-09-10') }));
      for (let i = 0; i < 10; i++)
        made.push(
          await buildHazard(db, { regionId: region.id, severity: 'general', closedAt: closedAt('2023-09-20') }),
        );
      // Closed outside the period: not drawn.
      await buildHazard(db, { regionId: region.id, severity: 'major', closedAt: closedAt('2023-12-20') });

      const body = { from: '2023-09-01', to: '2023-09-30', share: 0.2, regionId: region.id, dueOn: '2023-10-20' };
      const res = await admin({ method: 'POST', url: '/api/v1/hazards/follow-ups/schedule', payload: body });
      expect(res.statusCode, res.body).toBe(200);
      const r = res.json();
      expect(r).toMatchObject({ closedConsidered: 13, selected: 5, major: 3, alreadyScheduled: 0 });
      const expected = selectForFollowUp(made, { share: 0.2, seed: r.seed })
        .map((h) => h.id)
        .sort();
      expect(r.scheduled.map((s: { hazardId: string }) => s.hazardId).sort()).toEqual(expected);
      for (const m of made.filter((h) => h.severity === 'major'))
        expect(r.scheduled.some((s: { hazardId: string }) => s.hazardId === m.id)).toBe(true);

      const planned = await db
        .select()
        .from(inspectionsTable)
        .where(and(eq(inspectionsTable.kind, 'follow_up'), eq(inspectionsTable.regionId, region.id)));
      expect(planned).toHaveLength(5);
      expect(planned.every((p) => p.status === 'planned' && p.plannedOn === '2023-10-20' && p.followUpOfHazardId)).toBe(
        true,
      );

      const again = (await admin({ method: 'POST', url: '/api/v1/hazards/follow-ups/schedule', payload: body })).json();
      expect(again).toMatchObject({ selected: 5, alreadyScheduled: 5, scheduled: [] });
      const h = (await admin({ method: 'GET', url: `/api/v1/hazards/${expected[0]}` })).json();
      expect(h.followUpDueOn).toBe('2023-10-20');
      expect(h.timeline.at(-1).event).toBe('follow_up_scheduled');
    });

    it('needs a phase or a date range', async () => {
      const res = await admin({ method: 'POST', url: '/api/v1/hazards/follow-ups/schedule', payload: {} });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('hazards.follow_up_range_required');
    });
  });

  describe('supply suspension (未整改完毕暂停供气)', () => {
    it('suspends the venue’s supply for an open major hazard, on the timeline and in the register', async () => {
      const db = ctx.database.db;
      const venue = await buildVenue(db, { gasSources: ['bottled_lpg'] });
      const major = (
        await galutu({
          method: 'POST',
          url: '/api/v1/hazards',
          payload: {
            objectType: 'venue',
            objectId: venue.id,
            itemId: 'venue.gas_in_bedroom',
            description: '卧室使用液化气',
            interimControl: '停用',
          },
        })
      ).json();
      expect(major.abilities.suspendSupply).toBe(true);
      const res = await galutu({
        method: 'POST',
        url: `/api/v1/hazards/${major.id}/suspend-supply`,
        payload: { reason: '重大隐患未整改' },
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().timeline.at(-1)).toMatchObject({ event: 'supply_suspended', reason: '重大隐患未整改' });
      const v = (await galutu({ method: 'GET', url: `/api/v1/venues/${venue.id}` })).json();
      expect(v.supplyStatus).toBe('suspended');
      expect(v.supplyStatusReason).toContain(major.number);

      const general = (
        await galutu({
          method: 'POST',
          url: '/api/v1/hazards',
          payload: { objectType: 'venue', objectId: venue.id, itemId: 'venue.fire_plan', description: '无预案' },
        })
      ).json();
      const refused = await galutu({
        method: 'POST',
        url: `/api/v1/hazards/${general.id}/suspend-supply`,
        payload: { reason: 'x' },
      });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error.code).toBe('hazards.supply_suspension_not_allowed');
    });
  });

  describe('accountability review (责任倒查)', () => {
    it('lists inspections with signers, hazards with deadlines kept or missed, and findings an earlier signed inspection passed', async () => {
      const db = ctx.database.db;
      const venue = await buildVenue(db);
      const object = {
        type: 'venue' as const,
        id: venue.id,
        regionId: venue.regionId,
        kind: 'restaurant',
        name: venue.name,
      };
      const earlier = await buildSignedInspection(db, {
        object,
        day: '2024-01-10',
        results: { 'venue.detector': 'pass', 'venue.fire_plan': 'pass' },
        signerName: '李前查',
      });
      // Too long before the finding (outside 180 days): not counted.
      await buildSignedInspection(db, {
        object,
        day: '2023-05-01',
        results: { 'venue.detector': 'pass' },
        signerName: '赵很早',
      });
      const later = await buildSignedInspection(db, {
        object,
        day: '2024-03-01',
        results: { 'venue.detector': 'fail' },
        signerName: '王后查',
      });
      const found = await buildHazard(db, {
        objectId: venue.id,
        itemId: 'venue.detector',
        sourceInspectionId: later.id,
        source: 'inspection',
        foundOn: '2024-03-01',
        deadline: '2024-03-16',
        closedAt: new Date('2024-03-20T04:00:00Z'),
      });
      const res = await galutu({ method: 'GET', url: `/api/v1/accountability/venue/${venue.id}?windowDays=180` });
      expect(res.statusCode, res.body).toBe(200);
      const r = res.json();
      expect(r.inspections).toHaveLength(3);
      expect(r.inspections.find((i: { id: string }) => i.id === later.id)).toMatchObject({
        failedItems: ['venue.detector'],
        hazardNumbers: [found.number],
      });
      expect(r.hazards[0]).toMatchObject({ id: found.id, deadlineOutcome: 'missed', daysToClose: 19 });
      expect(r.missed).toHaveLength(1);
      expect(r.missed[0]).toMatchObject({
        hazardId: found.id,
        earlierInspectionId: earlier.id,
        earlierInspectionDay: '2024-01-10',
        daysBefore: 51,
      });
      expect(r.missed[0].earlierSigners.map((s: { name: string }) => s.name)).toEqual(['李前查']);
      expect(r.timeline.length).toBeGreaterThan(3);
      // Another township's officer cannot read it.
      expect((await tuke({ method: 'GET', url: `/api/v1/accountability/venue/${venue.id}` })).statusCode).toBe(404);
    });
  });
});
