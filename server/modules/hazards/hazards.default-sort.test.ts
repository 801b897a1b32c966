import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestContext, createTestApp, login } from '../../../test/app.ts';
import { buildUser } from '../../../test/factories.ts';
import { buildHazard } from '../../../test/hazard-factories.ts';

// Issue 9.23: the ledger's default order put closed 2023 hazards (earliest deadlines) above the open and overdue
// ones. Default now: everything not closed first (overdue on top, as their deadline is earliest), then by deadline.

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
}, 60_000);
afterAll(() => ctx.close());

describe('the ledger’s default order', () => {
  it('lists open and overdue hazards before closed ones, each by deadline, and pages through them by cursor', async () => {
    const objectId = crypto.randomUUID();
    const db = ctx.database.db;
    const closedOld = await buildHazard(db, {
      objectId,
      foundOn: '2023-03-01',
      deadline: '2023-03-10',
      closedAt: new Date('2023-03-09T02:00:00Z'),
    });
    const overdue = await buildHazard(db, { objectId, foundOn: '2024-01-01', deadline: '2024-01-15' });
    const openLater = await buildHazard(db, { objectId, foundOn: '2024-02-01', deadline: '2099-01-01' });
    const rectifying = await buildHazard(db, {
      objectId,
      foundOn: '2024-02-01',
      deadline: '2030-01-01',
      status: 'rectifying',
    });
    const admin = await buildUser(db, 'office_admin', 'global');
    const send = await login(ctx.app, admin.username, admin.password);

    const all = await send({ method: 'GET', url: `/api/v1/hazards?objectId=${objectId}&pageSize=50` });
    expect(all.statusCode, all.body).toBe(200);
    expect(all.json().items.map((h: { id: string }) => h.id)).toEqual([
      overdue.id,
      rectifying.id,
      openLater.id,
      closedOld.id,
    ]);

    // The same order page by page (keyset cursor).
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 5; i++) {
      const page = await send({
        method: 'GET',
        url: `/api/v1/hazards?objectId=${objectId}&pageSize=1${cursor ? `&cursor=${cursor}` : ''}`,
      });
      expect(page.statusCode, page.body).toBe(200);
      seen.push(...page.json().items.map((h: { id: string }) => h.id));
      cursor = page.json().nextCursor ?? undefined;
      if (!cursor) break;
    }
    expect(seen).toEqual([overdue.id, rectifying.id, openLater.id, closedOld.id]);
  });
});
