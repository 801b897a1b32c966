import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCylinderLimits } from '../../../domain/cylinders/cylinders.ts';
import { addDays, chinaToday } from '../../../domain/dates.ts';
import { type TestContext, createTestApp } from '../../../test/app.ts';
import { type Send, buildCylinder, signIn } from '../../../test/cylinder-factories.ts';
import { buildUser, uniqueName } from '../../../test/factories.ts';
import { buildEnterprise, buildScopedUser } from '../../../test/registry-factories.ts';
import { findNotSeenCylinders } from './cylinders.jobs.ts';
import { cylinderAnomaliesTable, cylindersTable } from './cylinders.table.ts';

const today = chinaToday();
const limits = { ...defaultCylinderLimits, cylinderNotSeenDays: 30 };

describe('cylinders: the not-seen sweep (长期未见, a limit in days)', () => {
  let ctx: TestContext;
  let office: Send;
  let ownerSend: Send;
  let otherSend: Send;
  let owner: { id: string; regionId: string };

  /** A cylinder of the owner last seen at `lastSeenAt` (null: never since registration). */
  async function cylinder(lastSeenAt: Date | null, status: 'in_service' | 'seized' = 'in_service') {
    const { code } = await buildCylinder(ctx.database.db, owner, {
      code: uniqueName('NS').toUpperCase(),
      lastSeenAt,
      status,
      createdAt: new Date(`${addDays(today, -400)}T08:00:00+08:00`),
    });
    return code;
  }
  const atDay = (day: string) => new Date(`${day}T10:00:00+08:00`);
  const listed = async (send: Send) => {
    const res = await send({ method: 'GET', url: '/api/v1/cylinder-anomalies?kind=not_seen&pageSize=200' });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().items as { code: string; kind: string; details: Record<string, unknown> }[]).map((a) => a.code);
  };

  beforeAll(async () => {
    ctx = await createTestApp();
    const db = ctx.database.db;
    owner = await buildEnterprise(db, { kind: 'filling_enterprise' });
    const other = await buildEnterprise(db, { kind: 'filling_enterprise' });
    office = await signIn(ctx.app, await buildUser(db, 'office_admin', 'global'));
    ownerSend = await signIn(ctx.app, await buildScopedUser(db, { enterpriseId: owner.id }));
    otherSend = await signIn(ctx.app, await buildScopedUser(db, { enterpriseId: other.id }));
  });
  afterAll(() => ctx.close());

  it('makes an anomaly of each cylinder in service not seen for longer than the limit, once; lists it in scope', async () => {
    const lost = await cylinder(atDay(addDays(today, -31)));
    const never = await cylinder(null); // registered 400 days ago, never scanned since
    const edge = await cylinder(atDay(addDays(today, -30))); // exactly the limit: not yet
    const recent = await cylinder(atDay(addDays(today, -2)));
    const seized = await cylinder(atDay(addDays(today, -200)), 'seized');

    const found = await findNotSeenCylinders(ctx.database.db, { today, limits });
    const codes = found.map((f) => f.code);
    expect(codes).toEqual(expect.arrayContaining([lost, never]));
    for (const c of [edge, recent, seized]) expect(codes).not.toContain(c);

    const [row] = await ctx.database.db
      .select()
      .from(cylinderAnomaliesTable)
      .where(eq(cylinderAnomaliesTable.code, lost));
    expect(row).toMatchObject({
      kind: 'not_seen',
      ownerEnterpriseId: owner.id,
      dedupeKey: `not_seen:${addDays(today, -31)}`,
      details: { lastSeenOn: addDays(today, -31), limitDays: 30 },
    });

    // Run again: nothing new.
    expect(await findNotSeenCylinders(ctx.database.db, { today, limits })).toEqual([]);
    expect((await listed(office)).filter((c) => c === lost)).toHaveLength(1);
    expect(await listed(ownerSend)).toEqual(expect.arrayContaining([lost, never]));
    expect(await listed(otherSend)).not.toContain(lost);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/cylinder-anomalies?kind=not_seen' })).statusCode).toBe(
      401,
    );

    // The register's list filter says the same with the configured limit (180 days by default here).
    const oldOne = await cylinder(atDay(addDays(today, -defaultCylinderLimits.cylinderNotSeenDays - 1)));
    const filtered = await ownerSend({ method: 'GET', url: '/api/v1/cylinders?notSeen=true&pageSize=200' });
    expect(filtered.statusCode, filtered.body).toBe(200);
    const filteredCodes = filtered.json().items.map((c: { code: string }) => c.code);
    expect(filteredCodes).toEqual(expect.arrayContaining([oldOne, never]));
    for (const c of [lost, edge, recent, seized]) expect(filteredCodes).not.toContain(c);
    const badFilter = await ownerSend({ method: 'GET', url: '/api/v1/cylinders?notSeen=maybe' });
    expect(badFilter.statusCode).toBe(400);

    // A day later the edge cylinder is over the limit; seen again and lost again, a cylinder is a new anomaly.
    // (and the cylinder made for the filter above).
    expect(
      (await findNotSeenCylinders(ctx.database.db, { today: addDays(today, 1), limits })).map((f) => f.code).sort(),
    ).toEqual([edge, oldOne].sort());
    await ctx.database.db
      .update(cylindersTable)
      .set({ lastSeenAt: atDay(addDays(today, -20)) })
      .where(eq(cylindersTable.code, lost));
    expect(await findNotSeenCylinders(ctx.database.db, { today: addDays(today, 1), limits })).toEqual([]);
    const again = await findNotSeenCylinders(ctx.database.db, { today: addDays(today, 15), limits });
    expect(again.map((f) => f.code)).toContain(lost);
    const rows = await ctx.database.db
      .select()
      .from(cylinderAnomaliesTable)
      .where(eq(cylinderAnomaliesTable.code, lost));
    expect(rows).toHaveLength(2);
  });
});
