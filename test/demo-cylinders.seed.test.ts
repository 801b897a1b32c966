import { and, count, eq, isNotNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cylinderBlacklistTable,
  cylinderEventsTable,
  cylinderFillsTable,
  cylindersTable,
} from '../server/modules/cylinders/index.ts';
import { facilitiesTable } from '../server/modules/registry/index.ts';
import {
  type DemoCylinderCounts,
  DEMO_BLACKLIST,
  DEMO_CYLINDERS,
  seedDemoCylinders,
} from '../server/seed/demo-cylinders.seed.ts';
import { DEMO_PASSWORD, seedDemoAccounts } from '../server/seed/demo.seed.ts';
import { seedDemoEnterprises } from '../server/seed/demo-enterprises.seed.ts';
import { type TestContext, createTestApp, login } from './app.ts';

let ctx: TestContext;
let counts: DemoCylinderCounts;
const db = () => ctx.database.db;

beforeAll(async () => {
  ctx = await createTestApp();
  await seedDemoAccounts(db());
  await seedDemoEnterprises(db());
  counts = await seedDemoCylinders(db());
}, 180_000);
afterAll(() => ctx.close());

/** A station of the cylinder's owner, for asking the gate about it. */
async function ownStation(code: string) {
  const [row] = await db()
    .select({ stationId: facilitiesTable.id })
    .from(cylindersTable)
    .innerJoin(facilitiesTable, eq(facilitiesTable.enterpriseId, cylindersTable.ownerEnterpriseId))
    .where(and(eq(cylindersTable.code, code), eq(facilitiesTable.kind, 'filling_station')))
    .limit(1);
  return row!.stationId;
}

describe('seedDemoCylinders', () => {
  it('writes 20,000 cylinders with fills, inspections, refusals, seizures and scrapping (its time: bench/demo-seed.bench.ts)', async () => {
    expect(counts.cylinders).toBe(DEMO_CYLINDERS);
    const [n] = await db().select({ n: count() }).from(cylindersTable);
    expect(n!.n).toBe(DEMO_CYLINDERS);
    const [fills] = await db().select({ n: count() }).from(cylinderFillsTable);
    expect(fills!.n).toBe(counts.fills);
    expect(counts.fills).toBeGreaterThan(DEMO_CYLINDERS);
    const byStatus = Object.fromEntries(
      (
        await db()
          .select({ status: cylindersTable.status, n: count() })
          .from(cylindersTable)
          .groupBy(cylindersTable.status)
      ).map((r) => [r.status, r.n]),
    );
    expect(byStatus.seized).toBeGreaterThan(20);
    expect(byStatus.scrapped).toBeGreaterThan(100);
    const byType = Object.fromEntries(
      (
        await db()
          .select({ type: cylinderEventsTable.type, n: count() })
          .from(cylinderEventsTable)
          .groupBy(cylinderEventsTable.type)
      ).map((r) => [r.type, r.n]),
    );
    for (const type of ['registered', 'filled', 'fill_refused', 'inspected', 'seized', 'scrapped'])
      expect(byType[type] ?? 0, type).toBeGreaterThan(0);
    const [retired] = await db()
      .select({ n: count() })
      .from(cylindersTable)
      .where(and(eq(cylindersTable.status, 'scrapped'), isNotNull(cylindersTable.retiredAt)));
    expect(retired!.n).toBe(byStatus.scrapped);
    const [refurbished] = await db()
      .select({ n: count() })
      .from(cylindersTable)
      .where(eq(cylindersTable.refurbished, true));
    expect(refurbished!.n).toBeGreaterThan(20);
    const [blacklisted] = await db()
      .select({ n: count() })
      .from(cylindersTable)
      .where(
        and(
          eq(cylindersTable.manufacturer, DEMO_BLACKLIST.manufacturer),
          eq(cylindersTable.batch, DEMO_BLACKLIST.batch),
        ),
      );
    expect(blacklisted!.n).toBeGreaterThan(20);
    expect(await db().select().from(cylinderBlacklistTable)).toHaveLength(1);
  });

  it('is idempotent', async () => {
    expect(await seedDemoCylinders(db())).toEqual({ cylinders: 0, fills: 0, events: 0 });
  });

  it('the gate answers for the demo as the data says: seized, scrapped, overdue, blacklisted refused; a sound one allowed', async () => {
    const scjg = await login(ctx.app, 'scjg', DEMO_PASSWORD);
    const first = async (where: ReturnType<typeof sql>) =>
      (
        await db()
          .select({ code: cylindersTable.code })
          .from(cylindersTable)
          .where(where)
          .orderBy(cylindersTable.code)
          .limit(1)
      )[0]!.code;
    const c = cylindersTable;
    const cases: [string, string | null][] = [
      [await first(sql`${c.status} = 'seized'`), 'SEIZED'],
      [await first(sql`${c.status} = 'scrapped'`), 'SCRAPPED'],
      [await first(sql`${c.status} = 'in_service' and ${c.nextInspectionDue} < current_date`), 'INSPECTION_OVERDUE'],
      [await first(sql`${c.batch} = ${DEMO_BLACKLIST.batch}`), 'BLACKLISTED'],
      [await first(sql`${c.refurbished}`), 'REFURBISHED'],
    ];
    for (const [code, reason] of cases) {
      const res = await scjg({
        method: 'POST',
        url: '/api/v1/filling/check',
        payload: { cylinderCode: code, stationId: await ownStation(code) },
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().allowed, code).toBe(false);
      expect(
        res.json().reasons.map((r: { code: string }) => r.code),
        code,
      ).toContain(reason);
    }
    const sound = await first(
      sql`${c.status} = 'in_service' and ${c.nextInspectionDue} > current_date + 30 and not ${c.refurbished} and ${c.lastInspectionPassed} is not false and ${c.manufacturedOn} > current_date - interval '6 years' and ${c.batch} <> ${DEMO_BLACKLIST.batch}
        and exists (select 1 from facilities f join licences l on l.enterprise_id = f.enterprise_id and l.kind = 'cylinder_filling' and l.status = 'valid' and l.archived_at is null and l.valid_to > current_date where f.enterprise_id = ${c.ownerEnterpriseId} and f.kind = 'filling_station')`,
    );
    const ok = await scjg({
      method: 'POST',
      url: '/api/v1/filling/check',
      payload: { cylinderCode: sound, stationId: await ownStation(sound) },
    });
    expect(ok.json(), sound).toEqual({ allowed: true, reasons: [] });
  });
});
