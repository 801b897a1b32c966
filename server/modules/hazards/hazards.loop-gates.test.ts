import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestContext, createTestApp, login } from '../../../test/app.ts';
import { TEST_PASSWORD, buildUser } from '../../../test/factories.ts';
import { buildVenue } from '../../../test/registry-factories.ts';
import { outboxTable } from '../../platform/events/events.table.ts';

type Send = Awaited<ReturnType<typeof login>>;

/** Issue 10 points 11–12: the loop's gates (resuming supply, major hazards' treatment plans and on-site close-out). */
describe('hazards: the loop’s gates', () => {
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

  async function majorHazard(venueId: string, send: Send = galutu) {
    const res = await send({
      method: 'POST',
      url: '/api/v1/hazards',
      payload: {
        objectType: 'venue',
        objectId: venueId,
        itemId: 'venue.gas_in_bedroom',
        description: '卧室使用液化气',
        interimControl: '停用',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  }

  const plan = (h: { deadline: string }) => ({
    goals: '气瓶移出卧室，消除室内用气',
    measures: '拆除卧室内灶具，气瓶移至独立气瓶间',
    funds: '约3000元，由经营者自筹',
    people: '店主王某负责，供气企业安检员配合',
    deadline: h.deadline,
    emergencyMeasures: '整改期间停止使用，关闭瓶阀，配备灭火器',
  });

  describe('major hazards: listed for supervision when found (暂行规定 art. 14-15; 安全生产法 art. 41)', () => {
    it('lists a major hazard for supervision (挂牌督办) the moment it is recorded, reports it at once, and leaves a general one alone', async () => {
      const db = ctx.database.db;
      const venue = await buildVenue(db, { gasSources: ['bottled_lpg'] });
      const major = await majorHazard(venue.id);
      // Long before its deadline: level 1 (township and responsible department told), on the 督办 list.
      expect(major.deadline > major.foundOn).toBe(true);
      expect(major.escalationLevel).toBe(1);
      expect(major.escalatedAt).not.toBeNull();
      expect(major.timeline.map((e: { event: string }) => e.event)).toEqual(['created', 'escalated']);
      expect(major.timeline[1].note).toContain('挂牌督办');
      const listed = (await admin({ method: 'GET', url: '/api/v1/hazards/escalations?pageSize=200' })).json();
      expect(listed.items.map((h: { id: string }) => h.id)).toContain(major.id);
      // Reported at once: the event is in the outbox for the live feed and other modules.
      const events = await db
        .select({ type: outboxTable.type, subjectId: outboxTable.subjectId })
        .from(outboxTable)
        .where(eq(outboxTable.subjectId, major.id));
      expect(events.map((e) => e.type)).toContain('hazard.escalated');
      const audit = (
        await admin({ method: 'GET', url: `/api/v1/audit?subjectType=hazard&subjectId=${major.id}` })
      ).json();
      expect(audit.items.map((e: { action: string }) => e.action)).toContain('hazard.escalate');

      const general = await galutu({
        method: 'POST',
        url: '/api/v1/hazards',
        payload: { objectType: 'venue', objectId: venue.id, itemId: 'venue.fire_plan', description: '无预案' },
      });
      expect(general.statusCode, general.body).toBe(201);
      expect(general.json().escalationLevel).toBe(0);
      expect(listed.items.map((h: { id: string }) => h.id)).not.toContain(general.json().id);
    });
  });

  describe('major hazards: treatment plan and on-site close-out (暂行规定 art. 15, 18)', () => {
    it('records the plan of an open major hazard, reported on the timeline, and closes it only on site with the plan on file', async () => {
      const venue = await buildVenue(ctx.database.db, { gasSources: ['bottled_lpg'] });
      const major = await majorHazard(venue.id);
      expect(major.treatmentPlan).toBeNull();
      expect(major.abilities.treatmentPlan).toBe(true);
      await galutu({ method: 'POST', url: `/api/v1/hazards/${major.id}/submit`, payload: { note: '已整改' } });
      // Without a plan: refused even on site.
      const noPlan = await galutu({
        method: 'POST',
        url: `/api/v1/hazards/${major.id}/verify`,
        payload: { method: 'on_site' },
      });
      expect(noPlan.statusCode).toBe(409);
      expect(noPlan.json().error.code).toBe('hazards.treatment_plan_required');

      // Bad input: a missing part, a deadline after the hazard's.
      const missing = await galutu({
        method: 'PUT',
        url: `/api/v1/hazards/${major.id}/treatment-plan`,
        payload: { ...plan(major), funds: '' },
      });
      expect(missing.statusCode).toBe(400);
      const late = await galutu({
        method: 'PUT',
        url: `/api/v1/hazards/${major.id}/treatment-plan`,
        payload: { ...plan(major), deadline: '2099-01-01' },
      });
      expect(late.statusCode).toBe(400);
      expect(late.json().error).toMatchObject({
        code: 'hazards.treatment_plan_deadline_invalid',
        details: { field: 'deadline' },
      });
      // Out of scope: 404.
      expect(
        (await tuke({ method: 'PUT', url: `/api/v1/hazards/${major.id}/treatment-plan`, payload: plan(major) }))
          .statusCode,
      ).toBe(404);

      const res = await galutu({
        method: 'PUT',
        url: `/api/v1/hazards/${major.id}/treatment-plan`,
        payload: plan(major),
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().treatmentPlan).toMatchObject({ ...plan(major), revision: 1 });
      expect(res.json().timeline.at(-1)).toMatchObject({ event: 'treatment_plan_reported' });
      const revised = await galutu({
        method: 'PUT',
        url: `/api/v1/hazards/${major.id}/treatment-plan`,
        payload: { ...plan(major), funds: '约5000元' },
      });
      expect(revised.json().treatmentPlan).toMatchObject({ funds: '约5000元', revision: 2 });
      expect(revised.json().timeline.at(-1)).toMatchObject({ event: 'treatment_plan_revised' });

      // From the evidence alone: refused for a major hazard.
      const evidence = await galutu({
        method: 'POST',
        url: `/api/v1/hazards/${major.id}/verify`,
        payload: { method: 'evidence' },
      });
      expect(evidence.statusCode).toBe(400);
      expect(evidence.json().error).toMatchObject({
        code: 'hazards.on_site_verification_required',
        details: { field: 'method' },
      });
      const closed = await galutu({
        method: 'POST',
        url: `/api/v1/hazards/${major.id}/verify`,
        payload: { method: 'on_site' },
      });
      expect(closed.statusCode, closed.body).toBe(200);
      expect(closed.json().status).toBe('closed');
      const audit = (
        await admin({ method: 'GET', url: `/api/v1/audit?subjectType=hazard&subjectId=${major.id}` })
      ).json();
      expect(audit.items.map((e: { action: string }) => e.action)).toContain('hazard.report_treatment_plan');
    });

    it('has no plan for a general hazard', async () => {
      const venue = await buildVenue(ctx.database.db, { gasSources: ['bottled_lpg'] });
      const general = (
        await galutu({
          method: 'POST',
          url: '/api/v1/hazards',
          payload: { objectType: 'venue', objectId: venue.id, itemId: 'venue.fire_plan', description: '无预案' },
        })
      ).json();
      expect(general.abilities.treatmentPlan).toBe(false);
      const res = await galutu({
        method: 'PUT',
        url: `/api/v1/hazards/${general.id}/treatment-plan`,
        payload: plan(general),
      });
      expect(res.statusCode).toBe(409);
      expect(res.json().error.code).toBe('hazards.treatment_plan_major_only');
      // A general hazard still closes on the evidence.
      await galutu({ method: 'POST', url: `/api/v1/hazards/${general.id}/submit`, payload: { note: '已补预案' } });
      const closed = await galutu({
        method: 'POST',
        url: `/api/v1/hazards/${general.id}/verify`,
        payload: { method: 'evidence' },
      });
      expect(closed.statusCode).toBe(200);
    });
  });

  describe('resuming supply (未整改完毕暂停供气, plan 五(一)2)', () => {
    it('refuses while the hazard that stopped supply is open, resumes after its close-out', async () => {
      const venue = await buildVenue(ctx.database.db, { gasSources: ['bottled_lpg'] });
      const major = await majorHazard(venue.id);
      const s = await galutu({
        method: 'POST',
        url: `/api/v1/hazards/${major.id}/suspend-supply`,
        payload: { reason: '重大隐患未整改' },
      });
      expect(s.statusCode, s.body).toBe(200);

      const refused = await galutu({ method: 'POST', url: `/api/v1/venues/${venue.id}/resume-supply` });
      expect(refused.statusCode, refused.body).toBe(409);
      expect(refused.json().error).toMatchObject({
        code: 'hazards.supply_resume_blocked',
        details: { field: 'overrideReason', hazards: [major.number] },
      });
      expect((await galutu({ method: 'GET', url: `/api/v1/venues/${venue.id}` })).json().supplyStatus).toBe(
        'suspended',
      );
      // Out of scope: 404 and nothing said about the venue's hazards.
      const other = await tuke({ method: 'POST', url: `/api/v1/venues/${venue.id}/resume-supply` });
      expect(other.statusCode).toBe(404);
      // Only the campaign office may override.
      const notOffice = await galutu({
        method: 'POST',
        url: `/api/v1/venues/${venue.id}/resume-supply`,
        payload: { overrideReason: '我说可以' },
      });
      expect(notOffice.statusCode).toBe(403);

      await galutu({ method: 'PUT', url: `/api/v1/hazards/${major.id}/treatment-plan`, payload: plan(major) });
      await galutu({ method: 'POST', url: `/api/v1/hazards/${major.id}/submit`, payload: { note: '已搬出卧室' } });
      const verified = await galutu({
        method: 'POST',
        url: `/api/v1/hazards/${major.id}/verify`,
        payload: { method: 'on_site' },
      });
      expect(verified.statusCode, verified.body).toBe(200);
      const ok = await galutu({ method: 'POST', url: `/api/v1/venues/${venue.id}/resume-supply` });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json()).toMatchObject({ supplyStatus: 'normal', supplyStatusReason: null });
    });

    it('lets the office resume with a recorded reason, on the venue’s audit entry and the hazard’s timeline', async () => {
      const venue = await buildVenue(ctx.database.db, { gasSources: ['bottled_lpg'] });
      const major = await majorHazard(venue.id);
      await galutu({
        method: 'POST',
        url: `/api/v1/hazards/${major.id}/suspend-supply`,
        payload: { reason: '重大隐患未整改' },
      });
      const empty = await admin({
        method: 'POST',
        url: `/api/v1/venues/${venue.id}/resume-supply`,
        payload: { overrideReason: ' ' },
      });
      expect(empty.statusCode).toBe(400);
      const res = await admin({
        method: 'POST',
        url: `/api/v1/venues/${venue.id}/resume-supply`,
        payload: { overrideReason: '医院食堂，已落实临时管控并专人值守' },
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().supplyStatus).toBe('normal');
      const audit = (
        await admin({ method: 'GET', url: `/api/v1/audit?subjectType=venue&subjectId=${venue.id}` })
      ).json();
      expect(audit.items[0]).toMatchObject({
        action: 'venue.resume_supply',
        details: { overrideReason: '医院食堂，已落实临时管控并专人值守', openHazards: [major.number] },
      });
      const detail = (await admin({ method: 'GET', url: `/api/v1/hazards/${major.id}` })).json();
      expect(detail.timeline.at(-1)).toMatchObject({
        event: 'supply_resumed_by_override',
        reason: '医院食堂，已落实临时管控并专人值守',
      });
    });

    it('keeps a venue suspended by hand while a major hazard of it is open', async () => {
      const venue = await buildVenue(ctx.database.db, { gasSources: ['bottled_lpg'] });
      const major = await majorHazard(venue.id);
      await galutu({ method: 'POST', url: `/api/v1/venues/${venue.id}/suspend-supply`, payload: { reason: '停气' } });
      const refused = await galutu({ method: 'POST', url: `/api/v1/venues/${venue.id}/resume-supply` });
      expect(refused.json().error.details.hazards).toEqual([major.number]);
    });
  });
});
