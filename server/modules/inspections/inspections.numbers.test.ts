import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaToday } from '../../../domain/dates.ts';
import { type TestContext, createTestApp } from '../../../test/app.ts';
import { inspectionScenarios } from '../../../test/inspection-scenarios.ts';
import { recordAll } from '../../../test/ledger-factories.ts';

// Issue 9.23: inspections get a readable number (JC-<year>-<6 digits>), listed, shown and searchable, as hazards
// have YH-numbers; a planner's note stays the plan's and does not become the inspection's 总体情况.

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
}, 60_000);
afterAll(() => ctx.close());

const { officer, goodVenue, inspectorAccount, planVisit, detailOf } = inspectionScenarios(() => ctx);

describe('inspection numbers and the planning note', () => {
  it('numbers each inspection JC-<year>-NNNNNN, unique, in the list and detail, and finds it by number', async () => {
    const planner = await officer('department_officer', 'housing');
    const venue = await goodVenue();
    const inspector = await inspectorAccount();
    const a = await planVisit(planner, venue, [inspector]);
    const b = await planVisit(planner, await goodVenue(), [inspector]);
    const year = chinaToday().slice(0, 4);
    expect(a.number).toMatch(new RegExp(`^JC-${year}-\\d{6}$`));
    expect(b.number).toMatch(new RegExp(`^JC-${year}-\\d{6}$`));
    expect(a.number).not.toBe(b.number);

    const detail = await detailOf(planner, a.id);
    expect(detail.number).toBe(a.number);
    const list = await planner({ method: 'GET', url: `/api/v1/inspections?objectId=${venue.id}` });
    expect(list.json().items.map((i: { number: string }) => i.number)).toEqual([a.number]);

    for (const q of [a.number, a.number.toLowerCase(), String(Number(a.number.slice(-6)))]) {
      const found = await planner({ method: 'GET', url: `/api/v1/inspections?q=${encodeURIComponent(q)}` });
      expect(found.statusCode, found.body).toBe(200);
      expect(found.json().items.map((i: { id: string }) => i.id)).toContain(a.id);
      expect(found.json().items.map((i: { id: string }) => i.id)).not.toContain(b.id);
    }
    const byName = await planner({
      method: 'GET',
      url: `/api/v1/inspections?q=${encodeURIComponent(venue.name)}`,
    });
    expect(byName.json().items.map((i: { id: string }) => i.id)).toEqual([a.id]);
    const tooLong = await planner({ method: 'GET', url: `/api/v1/inspections?q=${'x'.repeat(51)}` });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error.details).toBeDefined();
  });

  it('keeps the planner’s note as the plan’s note; the overall result is what the inspector writes', async () => {
    const planner = await officer('department_officer', 'housing');
    const venue = await goodVenue();
    const inspector = await inspectorAccount();
    const note = `请带上可燃气体检测仪${'，重点查看气瓶间'.repeat(60)}`;
    const planned = await planVisit(planner, venue, [inspector], { notes: note });
    const before = await detailOf(planner, planned.id);
    expect(before).toMatchObject({ planNotes: note, notes: '' });
    await recordAll(inspector.send, planned.id, {});
    const after = await detailOf(planner, planned.id);
    expect(after.planNotes).toBe(note);
    expect(after.notes).not.toContain('可燃气体检测仪');
  });
});
