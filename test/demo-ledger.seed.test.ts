import { and, count, eq, isNotNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalRecord } from '../domain/hazards/index.ts';
import { addDays, chinaToday } from '../domain/registry/pipelines-people-vehicles.ts';
import { hazardEventsTable, hazardsTable } from '../server/modules/hazards/hazards.table.ts';
import { recordContent } from '../server/modules/inspections/inspections.presenter.ts';
import {
  inspectionInspectorsTable,
  inspectionResultsTable,
  inspectionSignaturesTable,
  inspectionsTable,
} from '../server/modules/inspections/inspections.table.ts';
import { campaignPhasesTable, regionsTable } from '../server/modules/organisation/organisation.table.ts';
import { peopleTable, trainingRecordsTable } from '../server/modules/registry/registry.table.ts';
import { auditEventsTable } from '../server/platform/audit/audit.table.ts';
import { sha256, verifyAuditChain } from '../server/platform/audit/audit.ts';
import { demoCampaignSchedule } from '../server/seed/demo-calendar.ts';
import { type DemoLedgerCounts, seedDemoLedger } from '../server/seed/demo-ledger.seed.ts';
import { DEMO_IDS, DEMO_PASSWORD, seedDemoAccounts } from '../server/seed/demo.seed.ts';
import { seedDemoEnterprises } from '../server/seed/demo-enterprises.seed.ts';
import { seedDemoNetwork } from '../server/seed/demo-network.seed.ts';
import { seedDemoVenues } from '../server/seed/demo-venues.seed.ts';
import { type TestContext, createTestApp, login } from './app.ts';

let ctx: TestContext;
let counts: DemoLedgerCounts;
const today = chinaToday();
const schedule = demoCampaignSchedule(today);

beforeAll(async () => {
  ctx = await createTestApp();
  const db = ctx.database.db;
  await seedDemoAccounts(db);
  await seedDemoEnterprises(db);
  await seedDemoVenues(db);
  await seedDemoNetwork(db);
  counts = await seedDemoLedger(db);
}, 120_000);
afterAll(() => ctx.close());

const db = () => ctx.database.db;

describe('seedDemoLedger', () => {
  it('writes a campaign of inspections (its time is measured by bench/demo-seed.bench.ts)', () => {
    expect(counts.inspections).toBeGreaterThan(400);
    expect(counts.hazards).toBeGreaterThan(150);
  });

  it('covers every township in every phase the running campaign has reached, by departments, townships, joint and cross teams', async () => {
    const rows = await db()
      .select({
        township: sql<string>`substr(${regionsTable.path}, 1, 17)`,
        phase: sql<string>`case when (${inspectionsTable.signedAt} at time zone 'Asia/Shanghai')::date <= ${schedule.intensive.endsOn}::date then 'intensive' when (${inspectionsTable.signedAt} at time zone 'Asia/Shanghai')::date <= ${schedule.consolidation.endsOn}::date then 'consolidation' else 'long_term' end`,
        n: count(),
      })
      .from(inspectionsTable)
      .innerJoin(regionsTable, eq(regionsTable.id, inspectionsTable.regionId))
      .where(eq(inspectionsTable.status, 'signed'))
      .groupBy(sql`1`, sql`2`);
    const townships = await db().select().from(regionsTable).where(eq(regionsTable.level, 'township'));
    for (const t of townships) {
      const reached = [
        ['intensive', schedule.intensive.startsOn],
        ['consolidation', schedule.consolidation.startsOn],
        ['long_term', schedule.longTerm.startsOn],
      ]
        .filter(([, from]) => addDays(from!, 10) < today)
        .map(([phase]) => phase!);
      expect(reached).toContain('intensive');
      for (const phase of reached) {
        const cell = rows.find((r) => t.path.startsWith(r.township) && r.phase === phase);
        expect(cell?.n ?? 0, `${t.name} ${phase}`).toBeGreaterThan(0);
      }
    }
    const kinds = await db()
      .select({ kind: inspectionsTable.kind, n: count() })
      .from(inspectionsTable)
      .groupBy(inspectionsTable.kind);
    expect(kinds.map((k) => k.kind)).toEqual(expect.arrayContaining(['department', 'joint', 'cross', 'follow_up']));
    const statuses = await db()
      .select({ status: inspectionsTable.status, n: count() })
      .from(inspectionsTable)
      .groupBy(inspectionsTable.status);
    expect(statuses.map((s) => s.status).sort()).toEqual(['in_progress', 'planned', 'signed']);
  });

  it('dates the campaign from a few months before today: nothing before its start, no hazard over half a year overdue', async () => {
    expect(schedule.startsOn < addDays(today, -120)).toBe(true);
    expect(schedule.startsOn > addDays(today, -200)).toBe(true);
    const [first] = await db()
      .select({ day: sql<string>`min((${inspectionsTable.signedAt} at time zone 'Asia/Shanghai')::date)::text` })
      .from(inspectionsTable);
    expect(first!.day >= schedule.startsOn).toBe(true);
    const [found] = await db()
      .select({ day: sql<string>`min(${hazardsTable.foundOn})::text` })
      .from(hazardsTable);
    expect(found!.day >= schedule.startsOn).toBe(true);
    // The worst overdue hazard is a few months late (escalated), not years.
    const [worst] = await db()
      .select({ days: sql<number>`coalesce(max(${today}::date - ${hazardsTable.deadline}), 0)::int` })
      .from(hazardsTable)
      .where(sql`${hazardsTable.status} <> 'closed'`);
    expect(worst!.days).toBeGreaterThan(0);
    expect(worst!.days).toBeLessThanOrEqual(180);
    // The campaign's phases follow the same calendar (the 演示 campaign is running).
    const phases = await db().select().from(campaignPhasesTable).orderBy(campaignPhasesTable.sort);
    expect(phases.map((p) => [p.code, p.startsOn, p.endsOn])).toEqual([
      ['intensive', schedule.intensive.startsOn, schedule.intensive.endsOn],
      ['consolidation', schedule.consolidation.startsOn, schedule.consolidation.endsOn],
      ['long_term', schedule.longTerm.startsOn, null],
    ]);
    expect(phases.find((p) => p.startsOn <= today && (p.endsOn === null || p.endsOn >= today))?.code).toBe(
      'consolidation',
    );
  });

  it('has hazards in every state: mostly closed, some overdue and escalated, some major open, some rebounds', async () => {
    const byStatus = await db()
      .select({ status: hazardsTable.status, n: count() })
      .from(hazardsTable)
      .groupBy(hazardsTable.status);
    const n = (s: string) => byStatus.find((r) => r.status === s)?.n ?? 0;
    for (const s of ['open', 'rectifying', 'submitted', 'closed']) expect(n(s), s).toBeGreaterThan(0);
    expect(n('closed')).toBeGreaterThan(counts.hazards / 2);
    expect(counts.overdue).toBeGreaterThan(0);
    expect(counts.rebounds).toBeGreaterThan(0);
    const [majorOpen] = await db()
      .select({ n: count() })
      .from(hazardsTable)
      .where(and(eq(hazardsTable.severity, 'major'), sql`${hazardsTable.status} <> 'closed'`));
    expect(majorOpen!.n).toBeGreaterThan(0);
    const [escalated] = await db()
      .select({ n: count() })
      .from(hazardsTable)
      .where(and(sql`${hazardsTable.escalationLevel} > 0`, sql`${hazardsTable.status} <> 'closed'`));
    expect(escalated!.n).toBeGreaterThan(0);
    // Every hazard has its timeline, starting with its creation; every closed one ends with the verification.
    const [missing] = await db()
      .select({ n: count() })
      .from(hazardsTable)
      .where(
        sql`not exists (select 1 from ${hazardEventsTable} e where e.hazard_id = ${hazardsTable.id} and e.event = 'created')`,
      );
    expect(missing!.n).toBe(0);
    const [unverified] = await db()
      .select({ n: count() })
      .from(hazardsTable)
      .where(
        and(
          eq(hazardsTable.status, 'closed'),
          sql`not exists (select 1 from ${hazardEventsTable} e where e.hazard_id = ${hazardsTable.id} and e.event = 'verify')`,
        ),
      );
    expect(unverified!.n).toBe(0);
    const [numbers] = await db()
      .select({ n: count(), distinct: sql<number>`count(distinct ${hazardsTable.number})::int` })
      .from(hazardsTable);
    expect(numbers!.distinct).toBe(numbers!.n);
  });

  it('has every record signed by its assigned inspectors, each trained on the day, with a content hash the service recomputes', async () => {
    const [untrained] = await db()
      .select({ n: count() })
      .from(inspectionSignaturesTable)
      .where(
        sql`not exists (select 1 from ${trainingRecordsTable} t where t.person_id = ${inspectionSignaturesTable.personId} and t.passed and t.trained_on <= (${inspectionSignaturesTable.signedAt} at time zone 'Asia/Shanghai')::date and (t.valid_until is null or t.valid_until >= (${inspectionSignaturesTable.signedAt} at time zone 'Asia/Shanghai')::date))`,
      );
    expect(untrained!.n).toBe(0);
    const [unlinked] = await db()
      .select({ n: count() })
      .from(inspectionSignaturesTable)
      .innerJoin(peopleTable, eq(peopleTable.id, inspectionSignaturesTable.personId))
      .where(sql`${peopleTable.userId} is distinct from ${inspectionSignaturesTable.userId}`);
    expect(unlinked!.n).toBe(0);

    const signed = await db()
      .select()
      .from(inspectionsTable)
      .where(eq(inspectionsTable.status, 'signed'))
      .orderBy(inspectionsTable.id)
      .limit(60);
    for (const row of signed) {
      const inspectors = await db()
        .select()
        .from(inspectionInspectorsTable)
        .where(eq(inspectionInspectorsTable.inspectionId, row.id));
      const results = await db()
        .select()
        .from(inspectionResultsTable)
        .where(eq(inspectionResultsTable.inspectionId, row.id));
      const hash = sha256(
        canonicalRecord(
          recordContent(
            row,
            inspectors.map((i) => i.personId),
            results,
          ),
        ),
      );
      expect(hash).toBe(row.contentHash);
      const signatures = await db()
        .select()
        .from(inspectionSignaturesTable)
        .where(eq(inspectionSignaturesTable.inspectionId, row.id));
      expect(signatures.length).toBe(inspectors.length);
    }
    const [summary] = await db().select().from(auditEventsTable).where(eq(auditEventsTable.action, 'seed.demo_ledger'));
    expect(summary!.details).toMatchObject({ inspections: counts.inspections, hazards: counts.hazards });
    expect((await verifyAuditChain(db())).ok).toBe(true);
  });

  it('plans the demo walk-through: 赵磊 (inspector1) inspects the demo restaurant tomorrow, seen over the API', async () => {
    const send = await login(ctx.app, 'inspector1', DEMO_PASSWORD);
    const list = await send({
      method: 'GET',
      url: `/api/v1/inspections?objectId=${DEMO_IDS.restaurant}&status=planned`,
    });
    expect(list.statusCode).toBe(200);
    const planned = list
      .json()
      .items.find((i: { inspectors: { name: string }[] }) => i.inspectors.some((p) => p.name === '赵磊'));
    expect(planned).toBeDefined();
    const detail = (await send({ method: 'GET', url: `/api/v1/inspections/${planned.id}` })).json();
    expect(detail.abilities.record).toBe(true);
    const signed = (await send({ method: 'GET', url: '/api/v1/inspections?status=signed&pageSize=1' })).json();
    expect(signed.total).toBeGreaterThan(0);
    const one = await send({ method: 'GET', url: `/api/v1/inspections/${signed.items[0].id}` });
    expect(one.statusCode).toBe(200);
    expect(one.json().signatures.length).toBeGreaterThan(0);
  });

  it('gives venue1 and enterprise1 a fresh finding of their own to rectify, seen over the API', async () => {
    for (const [username, objectId] of [
      ['venue1', DEMO_IDS.restaurant],
      ['enterprise1', DEMO_IDS.bottledOperator],
    ] as const) {
      const send = await login(ctx.app, username, DEMO_PASSWORD);
      const res = await send({
        method: 'GET',
        url: `/api/v1/hazards?objectId=${objectId}&status=open,rectifying&pageSize=50`,
      });
      expect(res.statusCode).toBe(200);
      const open = res.json().items as { id: string }[];
      expect(open.length, username).toBeGreaterThan(0);
      const detail = (await send({ method: 'GET', url: `/api/v1/hazards/${open[0]!.id}` })).json();
      // The object's own manager rectifies (hazard.rectify): it may start, submit and add interim
      // controls, but neither verify, send back, edit the hazard nor suspend the gas supply.
      expect(detail.abilities, username).toEqual({
        start_rectification: detail.status === 'open',
        submit: true,
        add_interim_control: true,
        verify: false,
        send_back: false,
        edit: false,
        suspendSupply: false,
        // The responsible party records a major hazard's treatment plan (暂行规定 art. 15).
        treatmentPlan: detail.severity === 'major',
      });
    }
  });

  it('closes major hazards only on site and with a treatment plan on file (暂行规定 art. 15, 18)', async () => {
    const db = ctx.database.db;
    const rows = (await db.execute(sql`
      select h.id, (p.hazard_id is not null) as has_plan,
        (select e.details->>'method' from ${hazardEventsTable} e where e.hazard_id = h.id and e.event = 'verify') as method
      from ${hazardsTable} h left join hazard_treatment_plans p on p.hazard_id = h.id
      where h.severity = 'major' and h.status = 'closed'`)) as unknown as {
      rows: { id: string; has_plan: boolean; method: string }[];
    };
    expect(rows.rows.length).toBeGreaterThan(0);
    for (const r of rows.rows) expect(r, r.id).toMatchObject({ has_plan: true, method: 'on_site' });
  });

  it('is idempotent', async () => {
    const before = await db().select({ n: count() }).from(inspectionsTable);
    const again = await seedDemoLedger(db());
    expect(again.inspections).toBe(0);
    const after = await db().select({ n: count() }).from(inspectionsTable);
    expect(after[0]!.n).toBe(before[0]!.n);
    const [hazards] = await db().select({ n: count() }).from(hazardsTable).where(isNotNull(hazardsTable.id));
    expect(hazards!.n).toBe(counts.hazards);
    void today;
  });
});
