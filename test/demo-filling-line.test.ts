import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { machineTokensTable } from '../server/modules/auth/index.ts';
import { cylinderEventsTable, cylindersTable } from '../server/modules/cylinders/index.ts';
import { startDemoFillingLine } from '../server/seed/demo-filling-line.ts';
import { recordDemoLoaded } from '../server/platform/installation/index.ts';
import { testConfig } from '../server/config.ts';
import { type TestContext, createTestApp } from './app.ts';
import { buildFiller, cylinderPayload, registerCylinder, signIn } from './cylinder-factories.ts';
import { uniqueName } from './factories.ts';
import { buildFillingOperator, buildScopedUser } from './registry-factories.ts';

let ctx: TestContext;
const db = () => ctx.database.db;
let stations: { id: string; enterpriseId: string }[];

beforeAll(async () => {
  ctx = await createTestApp();
  stations = [];
  for (const n of [0, 1]) {
    const { enterprise: e, station: s } = await buildFiller(db());
    stations.push({ id: s.id, enterpriseId: e.id });
    // One operator who may fill and one without training: the line records fills under the first only.
    await buildFillingOperator(db(), e);
    await buildFillingOperator(db(), e, { trained: false });
    const send = await signIn(ctx.app, await buildScopedUser(db(), { enterpriseId: e.id }));
    for (let i = 0; i < 3; i++)
      // Made two years ago: its first periodic inspection is not due yet (an owner states no inspection).
      await registerCylinder(
        send,
        cylinderPayload(e.id, {
          code: uniqueName(`LN${n}`).toUpperCase(),
          lastInspectedOn: undefined,
          lastInspectionPassed: undefined,
        }),
      );
  }
}, 60_000);
afterAll(() => ctx.close());

const lineTokens = () => db().select().from(machineTokensTable).where(eq(machineTokensTable.role, 'filling_line'));

describe('the demo filling line', () => {
  it('does nothing without demo data', async () => {
    const stop = await startDemoFillingLine({
      app: ctx.app,
      db: db(),
      config: testConfig(),
      intervalMs: 1,
      log: () => {},
    });
    await new Promise((r) => setTimeout(r, 50));
    await stop();
    expect(await lineTokens()).toHaveLength(0);
  });

  it('checks and records through the gate with a filling_line token per station: fills of its own, refusals of others', async () => {
    await recordDemoLoaded(db());
    // Five draws a round (which pool, which code, the operator, the spread, the weight): own, another filler's, unknown, …
    const sequence = [0.1, 0.5, 0.5, 0.5, 0.5, 0.9, 0.5, 0.5, 0.5, 0.5, 0.99, 0.5, 0.5, 0.5, 0.5];
    let i = 0;
    const errors: unknown[] = [];
    const stop = await startDemoFillingLine({
      app: ctx.app,
      db: db(),
      config: testConfig(),
      intervalMs: 1,
      random: () => sequence[i++ % sequence.length]!,
      log: (msg, err) => err && errors.push([msg, err]),
    });
    const ids = stations.map((s) => s.id);
    const events = () =>
      db()
        .select({
          type: cylinderEventsTable.type,
          stationId: cylinderEventsTable.stationId,
          reasons: cylinderEventsTable.reasons,
          owner: cylindersTable.ownerEnterpriseId,
        })
        .from(cylinderEventsTable)
        .leftJoin(cylindersTable, eq(cylindersTable.id, cylinderEventsTable.cylinderId))
        .where(
          and(
            inArray(cylinderEventsTable.stationId, ids),
            inArray(cylinderEventsTable.type, ['filled', 'fill_refused']),
          ),
        );
    const deadline = Date.now() + 30_000;
    while ((await events()).length < 9 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await stop();
    expect(errors).toEqual([]);
    const rows = await events();
    expect(rows.length).toBeGreaterThanOrEqual(9);
    const enterpriseOf = new Map(stations.map((s) => [s.id, s.enterpriseId]));
    for (const r of rows.filter((r) => r.type === 'filled')) expect(r.owner).toBe(enterpriseOf.get(r.stationId!));
    const refusals = rows.filter((r) => r.type === 'fill_refused').flatMap((r) => r.reasons);
    expect(refusals).toContain('NOT_OWNED');
    expect(refusals).toContain('CYLINDER_UNKNOWN');
    const tokens = await lineTokens();
    expect(tokens.map((t) => t.facilityId).sort()).toEqual([...ids].sort());
    expect(tokens.every((t) => t.scopeType === 'facility' && t.revokedAt === null)).toBe(true);
  });

  it('a restart revokes the previous tokens and issues new ones', async () => {
    const before = (await lineTokens()).map((t) => t.id);
    const stop = await startDemoFillingLine({
      app: ctx.app,
      db: db(),
      config: testConfig(),
      intervalMs: 60_000,
      log: () => {},
    });
    await stop();
    const after = await lineTokens();
    expect(after.filter((t) => before.includes(t.id)).every((t) => t.revokedAt !== null)).toBe(true);
    expect(after.filter((t) => t.revokedAt === null)).toHaveLength(2);
  });
});
