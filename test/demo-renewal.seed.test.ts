import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelineSegmentsTable } from '../server/modules/registry/registry.table.ts';
import { DEMO_IDS, seedDemoAccounts } from '../server/seed/demo.seed.ts';
import { seedDemoNetwork } from '../server/seed/demo-network.seed.ts';
import { seedDemoRenewal } from '../server/seed/demo-renewal.seed.ts';
import { type TestContext, createTestApp, login } from './app.ts';
import { buildEnterprise } from './registry-factories.ts';

let ctx: TestContext;
let seeded: { projects: number };

beforeAll(async () => {
  ctx = await createTestApp();
  const db = ctx.database.db;
  await seedDemoAccounts(db);
  await buildEnterprise(db, {
    id: DEMO_IDS.bottledOperator,
    kind: 'bottled_operator',
    name: '乌审旗演示液化气有限公司',
  });
  await buildEnterprise(db, { kind: 'pipeline_operator', regionCode: '150626100' });
  await buildEnterprise(db, { kind: 'pipeline_operator', regionCode: '150626410' });
  await seedDemoNetwork(db);
  seeded = await seedDemoRenewal(db);
});
afterAll(() => ctx.close());

describe('seedDemoRenewal', () => {
  it('records four projects through the rules: one renewed over budget with its reason, two behind schedule', async () => {
    expect(seeded.projects).toBe(4);
    expect(await seedDemoRenewal(ctx.database.db)).toEqual({ projects: 0 });
    const admin = await login(ctx.app, 'admin', 'Demo@2023');
    const list = (await admin({ method: 'GET', url: '/api/v1/renewal/projects' })).json();
    type P = {
      status: string;
      receivedYuan: number;
      budgetYuan: number;
      overBudgetReason: string | null;
      overdueMilestones: string[];
    };
    const items = list.items as P[];
    const over = items.filter((p) => p.receivedYuan > p.budgetYuan);
    expect(over).toHaveLength(1);
    expect(over[0]).toMatchObject({ status: 'done', overBudgetReason: expect.stringContaining('追加投资') });
    expect(items.filter((p) => p.overdueMilestones.length > 0)).toHaveLength(2);
    const [castIron] = await ctx.database.db
      .select()
      .from(pipelineSegmentsTable)
      .where(eq(pipelineSegmentsTable.code, 'GLT-DY-004'));
    expect(castIron!.renewalStatus).toBe('done');
    const figures = (await admin({ method: 'GET', url: '/api/v1/renewal/figures' })).json();
    expect(figures.years[0].targetKm).toBe(8);
    expect(figures.years[0].doneKm).toBeGreaterThan(0);
  });
});
