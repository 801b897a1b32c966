import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hazardsTable } from '../server/modules/hazards/hazards.table.ts';
import { gasConversionsTable, publicityActivitiesTable } from '../server/modules/publicity/index.ts';
import { worksTable, worksVisitsTable } from '../server/modules/works/index.ts';
import { seedDemoNetwork } from '../server/seed/demo-network.seed.ts';
import { seedDemoWorks } from '../server/seed/demo-works.seed.ts';
import { type TestContext, createTestApp } from './app.ts';
import { buildEnterprise } from './registry-factories.ts';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestApp();
  const db = ctx.database.db;
  await buildEnterprise(db, { kind: 'pipeline_operator', regionCode: '150626100' });
  await buildEnterprise(db, { kind: 'pipeline_operator', regionCode: '150626410' });
  await seedDemoNetwork(db);
});
afterAll(() => ctx.close());

describe('seedDemoWorks', () => {
  it('records works near the demo network, one started without an agreement with its one hazard, and publicity', async () => {
    const db = ctx.database.db;
    const counts = await seedDemoWorks(db);
    expect(counts.works).toBe(3);
    expect(counts.activities).toBeGreaterThan(0);
    expect(counts.conversions).toBeGreaterThan(0);
    const works = await db.select().from(worksTable);
    expect(works).toHaveLength(3);
    expect(works.filter((w) => w.hazardId)).toHaveLength(1);
    const hazards = await db
      .select()
      .from(hazardsTable)
      .where(and(eq(hazardsTable.source, 'works'), eq(hazardsTable.objectType, 'enterprise')));
    expect(hazards).toHaveLength(1);
    expect(hazards[0]!.objectKind).toBe('builder');
    expect((await db.select().from(worksVisitsTable)).length).toBe(3);
    expect((await db.select().from(publicityActivitiesTable)).length).toBe(counts.activities);
    expect((await db.select().from(gasConversionsTable)).length).toBe(counts.conversions);
    // Idempotent.
    expect(await seedDemoWorks(db)).toEqual({ works: 0, activities: 0, conversions: 0 });
  });
});
