import { desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { chinaToday, addDays } from '../../../domain/dates.ts';
import { type BulletinFigures, bulletinCommentary, rankRows } from '../../../domain/supervision/bulletin.ts';
import type { Db } from '../../db/client.ts';
import { type Actor, requirePermission, systemActor } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { JobRunner } from '../../platform/jobs/index.ts';
import { IsoDate, PageQuery } from '../../platform/schemas.ts';
import { progressSummary } from '../hazards/index.ts';
import { campaignPhasesTable, departmentsTable, regionsTable } from '../organisation/index.ts';
import { bulletinAsOfFuture, bulletinNotFound } from './supervision.errors.ts';
import { type BulletinFigureSource, bulletinFigureSources } from './supervision.figures.ts';
import { bulletinsTable } from './supervision.table.ts';

export const phaseCodes = ['intensive', 'consolidation', 'long_term'] as const;

export const IssueBulletinBody = z.strictObject({
  asOf: IsoDate.optional(),
  phase: z.enum(phaseCodes).optional(),
});
export const ListBulletinsQuery = z.strictObject({ ...PageQuery });

const Change = z
  .object({ rank: z.number(), inspected: z.number(), found: z.number(), closed: z.number(), overdue: z.number() })
  .nullable();
const FigureFields = {
  registered: z.number(),
  inspected: z.number(),
  coverageRate: z.number().nullable(),
  coveragePercent: z.number().nullable(),
  found: z.number(),
  closed: z.number(),
  open: z.number(),
  overdue: z.number(),
  majorOpen: z.number(),
  /** Of those, not listed for supervision (挂牌督办, the hazards module's one definition); absent on bulletins issued before it was kept. */
  majorUnlisted: z.number().optional(),
  closureRate: z.number().nullable(),
  medianDaysToClose: z.number().nullable(),
  /** Figures other modules add (rebounds; tips, cases… when those modules exist), by key. */
  extra: z.record(z.string(), z.number()),
};
const RankFields = {
  score: z.number(),
  rank: z.number(),
  previousRank: z.number().nullable(),
  /** Positive: climbed since the last bulletin (previousRank − rank). */
  rankChange: z.number().nullable(),
  /** Figures now minus those of the last bulletin (null for a unit absent from it, or the first bulletin). */
  change: Change,
};
export const BulletinRegionRow = z.object({
  regionId: z.string().nullable(),
  regionName: z.string(),
  ...FigureFields,
  ...RankFields,
});
export const BulletinDepartmentRow = z.object({
  departmentId: z.string(),
  departmentName: z.string(),
  ...FigureFields,
  ...RankFields,
});
export const BulletinResponse = z
  .object({
    id: z.string(),
    issue: z.number(),
    title: z.string(),
    kind: z.enum(['scheduled', 'on_demand']),
    asOf: z.string(),
    phase: z.string().nullable(),
    previousId: z.string().nullable(),
    rows: z.array(BulletinRegionRow),
    departmentRows: z.array(BulletinDepartmentRow),
    total: z.object(FigureFields),
    extraFigures: z.array(z.object({ key: z.string(), label: z.object({ zh: z.string(), en: z.string() }) })),
    commentary: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'Bulletin' });
export const BulletinListResponse = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      issue: z.number(),
      title: z.string(),
      kind: z.enum(['scheduled', 'on_demand']),
      asOf: z.string(),
      phase: z.string().nullable(),
      commentary: z.string(),
      createdAt: z.string(),
    }),
  ),
  total: z.number(),
});
export type Bulletin = z.infer<typeof BulletinResponse>;
type RegionRow = z.infer<typeof BulletinRegionRow>;
type DepartmentRow = z.infer<typeof BulletinDepartmentRow>;

export const phaseNames: Record<string, string> = {
  intensive: '集中攻坚阶段',
  consolidation: '全面巩固提升阶段',
  long_term: '建立长效机制阶段',
};

export function bulletinTitle(issue: number, asOf: string, phase: string | null) {
  return `城镇燃气安全专项整治工作调度通报（第${issue}期${phase ? `·${phaseNames[phase] ?? phase}` : ''}，截至${asOf}）`;
}

export type BulletinOptions = {
  sources?: readonly BulletinFigureSource[];
  kind?: 'scheduled' | 'on_demand';
  slot?: Date;
  today?: () => string;
};

/** The figure sources: the ledger's rebounds, and tips, cases and alarms through those modules' contracts. */
export const builtInFigureSources: BulletinFigureSource[] = bulletinFigureSources;

/**
 * Computes and keeps a bulletin (调度通报, plan 五、保障措施(二)): the figures of
 * GET /api/v1/progress?groupBy=region|department&asOf= for the whole county (the office's view: the
 * system's scope), ranked by `bulletinScore`, with the change since the last bulletin of the same
 * phase and a generated commentary. Kept as issued; a scheduled bulletin is kept once per job slot.
 */
export async function issueBulletin(
  db: Db,
  actor: Actor,
  body: z.infer<typeof IssueBulletinBody>,
  { sources = builtInFigureSources, kind = 'on_demand', slot, today = () => chinaToday() }: BulletinOptions = {},
): Promise<Bulletin | null> {
  if (kind === 'on_demand') requirePermission(actor, 'supervision.manage');
  const asOf = body.asOf ?? today();
  if (asOf > today()) throw bulletinAsOfFuture({ field: 'asOf' });
  const phase = body.phase ?? null;
  // The county's figures, computed exactly as the progress page computes them (the same function).
  const q = { asOf, ...(phase ? { phase } : {}) } as const;
  const byRegion = await progressSummary(db, systemActor, { groupBy: 'region', ...q });
  const byDepartment = await progressSummary(db, systemActor, { groupBy: 'department', ...q });

  const regions = await db
    .select({ id: regionsTable.id, path: regionsTable.path, name: regionsTable.name })
    .from(regionsTable);
  const regionByPath = new Map(regions.map((r) => [r.path, r]));
  const townshipOf = (regionId: string) => {
    const path = regions.find((r) => r.id === regionId)?.path ?? '';
    return `${path.split('/').filter(Boolean).slice(0, 2).join('/')}/`;
  };
  const departments = await db
    .select({ id: departmentsTable.id, kind: departmentsTable.kind, sort: departmentsTable.sort })
    .from(departmentsTable);
  const memberUnits = new Set(departments.filter((d) => d.kind === 'department').map((d) => d.id));

  let range: { from?: string; to?: string | null } = {};
  if (phase) {
    const [p] = await db
      .select({ from: campaignPhasesTable.startsOn, to: campaignPhasesTable.endsOn })
      .from(campaignPhasesTable)
      .where(eq(campaignPhasesTable.code, phase))
      .limit(1);
    if (p) range = { from: p.from, to: p.to };
  }
  const extras = await Promise.all(sources.map(async (s) => ({ s, c: await s.count(db, { asOf, ...range }) })));
  const extraFor = (pick: (c: Awaited<ReturnType<BulletinFigureSource['count']>>) => number) =>
    Object.fromEntries(extras.map(({ s, c }) => [s.key, pick(c)]));
  const regionExtra = (key: string) =>
    extraFor((c) => [...c.byRegionId].reduce((n, [id, v]) => (townshipOf(id) === key ? n + v : n), 0));
  const deptExtra = (id: string) => extraFor((c) => c.byDepartmentId.get(id) ?? 0);
  const totalExtra = extraFor((c) => [...c.byRegionId.values()].reduce((a, b) => a + b, 0));

  const figures = (g: (typeof byRegion.groups)[number] | typeof byRegion.total) => ({
    registered: g.registered,
    inspected: g.inspected,
    coverageRate: g.coverageRate,
    coveragePercent: g.coveragePercent,
    found: g.found,
    closed: g.closed,
    open: g.open,
    overdue: g.overdue,
    majorOpen: g.majorOpen,
    majorUnlisted: g.majorUnlisted,
    closureRate: g.closureRate,
    medianDaysToClose: g.medianDaysToClose,
  });

  const [previous] = await db
    .select()
    .from(bulletinsTable)
    .where(phase ? eq(bulletinsTable.phase, phase) : sql`${bulletinsTable.phase} is null`)
    .orderBy(desc(bulletinsTable.issue))
    .limit(1);
  const prevRegion = new Map(
    ((previous?.regionRows ?? []) as RegionRow[]).map((r) => [r.regionId ?? r.regionName, r] as const),
  );
  const prevDept = new Map(((previous?.departmentRows ?? []) as DepartmentRow[]).map((r) => [r.departmentId, r]));
  const changeOf = (
    now: BulletinFigures & { rank: number },
    before: (BulletinFigures & { rank: number }) | undefined,
  ) => ({
    previousRank: before?.rank ?? null,
    rankChange: before ? before.rank - now.rank : null,
    change: before
      ? {
          rank: before.rank - now.rank,
          inspected: now.inspected - before.inspected,
          found: now.found - before.found,
          closed: now.closed - before.closed,
          overdue: now.overdue - before.overdue,
        }
      : null,
  });

  // Every township is ranked, those with nothing registered too (底数不清 ranks last): zeros, as the
  // progress figures are for a group they do not list.
  const zero = {
    registered: 0,
    inspected: 0,
    coverageRate: null,
    coveragePercent: null,
    found: 0,
    closed: 0,
    open: 0,
    overdue: 0,
    majorOpen: 0,
    majorUnlisted: 0,
    closureRate: null,
    medianDaysToClose: null,
    byStatus: { open: 0, rectifying: 0, submitted: 0, closed: 0 },
  };
  const listed = new Set(byRegion.groups.map((g) => g.key));
  const townships = regions.filter((r) => r.path.split('/').filter(Boolean).length === 2 && !listed.has(r.path));
  const regionGroups = [...byRegion.groups, ...townships.map((r) => ({ key: r.path, label: r.name, ...zero }))];
  const regionRanked = rankRows(
    regionGroups.map((g) => {
      const r = regionByPath.get(g.key);
      return {
        regionId: r?.id ?? null,
        regionName: r?.name ?? g.label,
        name: r?.name ?? g.label,
        ...figures(g),
        extra: regionExtra(g.key),
      };
    }),
  ).map((r) => ({ ...r, ...changeOf(r, prevRegion.get(r.regionId ?? r.regionName)) }));
  const deptRanked = rankRows(
    byDepartment.groups
      .filter((g) => memberUnits.has(g.key))
      .map((g) => ({
        departmentId: g.key,
        departmentName: g.label,
        name: g.label,
        ...figures(g),
        extra: deptExtra(g.key),
      })),
  ).map((r) => ({ ...r, ...changeOf(r, prevDept.get(r.departmentId)) }));

  const commentary = [
    bulletinCommentary('乡镇（街道）', regionRanked),
    bulletinCommentary('成员单位', deptRanked),
  ].join('\n');
  const strip = <T extends { name: string }>(rows: T[]) => rows.map(({ name: _n, ...rest }) => rest);
  const regionRows = strip(regionRanked);
  const departmentRows = strip(deptRanked);
  const total = { ...figures(byRegion.total), extra: totalExtra };
  const extraFigures = sources.map((s) => ({ key: s.key, label: s.label }));

  return db.transaction(async (tx) => {
    // One numbering across instances: the next issue is taken under a transaction lock.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('bulletins.issue'))`);
    if (slot) {
      const [done] = await tx
        .select({ id: bulletinsTable.id })
        .from(bulletinsTable)
        .where(eq(bulletinsTable.slot, slot));
      if (done) return null;
    }
    const [{ next } = { next: 1 }] = (await tx
      .select({ next: sql<number>`coalesce(max(${bulletinsTable.issue}), 0)::int + 1` })
      .from(bulletinsTable)) as { next: number }[];
    const [row] = await tx
      .insert(bulletinsTable)
      .values({
        issue: next,
        kind,
        asOf,
        phase,
        slot: slot ?? null,
        previousId: previous?.id ?? null,
        regionRows,
        departmentRows,
        total,
        extraFigures,
        commentary,
        createdBy: actor.type === 'user' ? actor.id : null,
      })
      .returning();
    await recordAudit(tx, {
      actor,
      action: 'bulletin.issue',
      subject: { type: 'bulletin', id: row!.id },
      after: { issue: next, asOf, phase, kind },
      details: { issue: next, asOf, phase, kind, townships: regionRows.length, departments: departmentRows.length },
    });
    return present(row!);
  });
}

export function present(row: typeof bulletinsTable.$inferSelect): Bulletin {
  return {
    id: row.id,
    issue: row.issue,
    title: bulletinTitle(row.issue, row.asOf, row.phase),
    kind: row.kind,
    asOf: row.asOf,
    phase: row.phase,
    previousId: row.previousId,
    rows: row.regionRows as RegionRow[],
    departmentRows: row.departmentRows as DepartmentRow[],
    total: row.total as Bulletin['total'],
    extraFigures: row.extraFigures as Bulletin['extraFigures'],
    commentary: row.commentary,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function getBulletin(db: Db, actor: Actor, id: string): Promise<Bulletin> {
  requirePermission(actor, 'supervision.read');
  const [row] = await db.select().from(bulletinsTable).where(eq(bulletinsTable.id, id));
  if (!row) throw bulletinNotFound();
  return present(row);
}

export async function listBulletins(db: Db, actor: Actor, q: z.infer<typeof ListBulletinsQuery>) {
  requirePermission(actor, 'supervision.read');
  const rows = await db
    .select()
    .from(bulletinsTable)
    .orderBy(desc(bulletinsTable.issue))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const [{ n } = { n: 0 }] = await db.select({ n: sql<number>`count(*)::int` }).from(bulletinsTable);
  return {
    items: rows.map((r) => {
      const b = present(r);
      return {
        id: b.id,
        issue: b.issue,
        title: b.title,
        kind: b.kind,
        asOf: b.asOf,
        phase: b.phase,
        commentary: b.commentary,
        createdAt: b.createdAt,
      };
    }),
    total: Number(n),
  };
}

export const weeklyBulletinJobName = 'supervision.weekly_bulletin';
/** Mondays 08:00 China time (00:00 UTC): the Unix epoch was a Thursday, so Mondays are 4 days past each week. */
export const weeklySchedule = { everyMs: 7 * 86_400_000, offsetMs: 4 * 86_400_000 };

/**
 * The weekly bulletin as a platform job: each Monday's slot issues a bulletin of the whole campaign
 * as of the Sunday before, as the system, once per slot (a retry after a crash finds it kept).
 */
export function registerSupervisionBulletinJob(
  jobs: Pick<JobRunner, 'define'>,
  { sources = builtInFigureSources }: { sources?: readonly BulletinFigureSource[] } = {},
) {
  jobs.define({
    name: weeklyBulletinJobName,
    schedule: weeklySchedule,
    maxAttempts: 5,
    run: async ({ db, scheduledFor }) => {
      const asOf = addDays(chinaToday(scheduledFor), -1);
      const b = await issueBulletin(
        db,
        systemActor,
        { asOf },
        { sources, kind: 'scheduled', slot: scheduledFor, today: () => chinaToday(scheduledFor) },
      );
      return { bulletinId: b?.id ?? null, issue: b?.issue ?? null, asOf };
    },
  });
}
