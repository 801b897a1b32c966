import { type SQL, and, eq, ilike, inArray, or, sql } from 'drizzle-orm';
import { chinaToday } from '../../../domain/dates.ts';
import type { RenewalStatus } from '../../../domain/registry/registry.ts';
import {
  type FundSource,
  type Funds,
  type MilestoneDates,
  fundSources,
  milestoneProblem,
  milestones,
  overBudgetWithoutReason,
  overdueMilestones,
  projectStatusOf,
  segmentStatusOf,
  totalPlanned,
  totalReceived,
} from '../../../domain/renewal/projects.ts';
import type { Db } from '../../db/client.ts';
import { type Actor, requirePermission } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { isUniqueViolation } from '../../platform/db-errors.ts';
import { type FileReader, readableFileIds } from '../../platform/files/index.ts';
import { escapeLike } from '../../platform/sql.ts';
import { regionsTable } from '../organisation/index.ts';
import { enterprisesTable } from '../registry/index.ts';
import { editScope, isEditor, readScope, reportScope } from './renewal.access.ts';
import {
  facilityNotEligible,
  milestoneOutOfOrder,
  operatorNotFound,
  photoNotReadable,
  projectCodeTaken,
  projectNotFound,
  receivedOverBudget,
  regionNotTownship,
  regulatorFieldsOnly,
  segmentInOtherProject,
  segmentNotEligible,
} from './renewal.errors.ts';
import { type ProjectRow, createProjectsRepository } from './projects.repository.ts';
import type {
  CreateProjectInput,
  ProgressReportInput,
  ProjectFilterValues,
  UpdateProjectInput,
} from './projects.schemas.ts';
import {
  renewalProgressReportsTable,
  renewalProjectFacilitiesTable,
  renewalProjectFundsTable,
  renewalProjectMilestonesTable,
  renewalProjectSegmentsTable,
  renewalProjectsTable,
} from './renewal.table.ts';

const p = renewalProjectsTable;

/** The four fund sources in order, zero where none was recorded. */
function fundsOf(rows: { source: FundSource; plannedYuan: number; receivedYuan: number }[]): Funds[] {
  return fundSources.map((source) => {
    const r = rows.find((x) => x.source === source);
    return { source, plannedYuan: r?.plannedYuan ?? 0, receivedYuan: r?.receivedYuan ?? 0 };
  });
}

function milestonesOf(rows: MilestoneDates[]): MilestoneDates[] {
  return milestones.map((milestone) => {
    const r = rows.find((x) => x.milestone === milestone);
    return { milestone, plannedOn: r?.plannedOn ?? null, doneOn: r?.doneOn ?? null };
  });
}

/** Merges sent milestone dates over the stored ones (a sent milestone replaces both its dates). */
function mergeMilestones(stored: MilestoneDates[], sent: MilestoneDates[] | undefined): MilestoneDates[] {
  if (!sent) return stored;
  return stored.map((m) => sent.find((s) => s.milestone === m.milestone) ?? m);
}

/**
 * Renewal projects (改造项目) of plan 四(二)1–2: recorded and edited by the campaign office and the
 * housing department; the operator reports progress and photos on its own; townships read theirs.
 * A project's segments follow its milestones (renewal status set in the same transaction).
 */
export function createProjectsService({
  db,
  today = chinaToday,
  fileReaders = [],
}: {
  db: Db;
  today?: () => string;
  fileReaders?: readonly FileReader[];
}) {
  async function assemble(tx: Db, rows: ProjectRow[]) {
    const repo = createProjectsRepository({ db: tx });
    const ids = rows.map((r) => r.project.id);
    // One query at a time: `tx` may be a transaction, whose one connection cannot run two at once (node-postgres
    // queues the second, which is deprecated and fails in pg 9).
    const fundRows = await repo.funds(ids);
    const msRows = await repo.milestones(ids);
    const now = today();
    return rows.map((r) => {
      const x = r.project;
      const f = fundsOf(fundRows.filter((y) => y.projectId === x.id));
      const m = milestonesOf(msRows.filter((y) => y.projectId === x.id));
      return {
        id: x.id,
        code: x.code,
        name: x.name,
        planYear: x.planYear,
        region: { id: x.regionId, name: r.regionName },
        operator: { id: x.operatorId, name: r.operatorName },
        contractor: x.contractor,
        lengthM: x.lengthM,
        budgetYuan: x.budgetYuan,
        plannedYuan: totalPlanned(f),
        receivedYuan: totalReceived(f),
        overBudgetReason: x.overBudgetReason,
        progressPercent: x.progressPercent,
        status: projectStatusOf(m, x.progressPercent),
        overdueMilestones: overdueMilestones(m, now),
        funds: f,
        milestones: m,
        segmentCount: r.segmentCount,
        updatedAt: x.updatedAt.toISOString(),
        note: x.note,
      };
    });
  }

  function filterSql(f: ProjectFilterValues): SQL | undefined {
    const q = f.q ? `%${escapeLike(f.q)}%` : null;
    return and(
      f.regionId
        ? sql`${p.regionId} in (select r.id from ${regionsTable} r, ${regionsTable} t where t.id = ${f.regionId} and starts_with(r.path, t.path))`
        : undefined,
      f.operatorId ? eq(p.operatorId, f.operatorId) : undefined,
      f.planYear ? eq(p.planYear, f.planYear) : undefined,
      q ? or(ilike(p.code, q), ilike(p.name, q), ilike(p.contractor, q)) : undefined,
    );
  }

  /** All projects the actor reads matching the filters (status and schedule are decided here, not in SQL). */
  async function matching(actor: Actor, f: ProjectFilterValues) {
    requirePermission(actor, 'registry.read');
    const repo = createProjectsRepository({ db });
    const all = await assemble(db, await repo.projects({ where: and(readScope(actor), filterSql(f)) }));
    return all.filter(
      (x) =>
        (!f.status || x.status === f.status) &&
        (f.behindSchedule === undefined || x.overdueMilestones.length > 0 === (f.behindSchedule === 'true')),
    );
  }

  async function loadFor(tx: Db, actor: Actor, id: string, scope: SQL) {
    const repo = createProjectsRepository({ db: tx });
    const [row] = await repo.projects({ where: and(eq(p.id, id), scope) });
    if (!row) {
      // Visible but not editable: 403; invisible: 404, like anything outside one's scope.
      const [seen] = await repo.projects({ where: and(eq(p.id, id), readScope(actor)) });
      if (seen) throw regulatorFieldsOnly();
      throw projectNotFound();
    }
    const [project] = await assemble(tx, [row]);
    return project!;
  }

  /** Checks covered segments and stations; returns the segments' total length. */
  async function checkCoverage(
    tx: Db,
    input: {
      projectId: string | null;
      operatorId: string;
      regionId: string;
      segmentIds: string[];
      facilityIds: string[];
    },
  ) {
    const repo = createProjectsRepository({ db: tx });
    const segIds = [...new Set(input.segmentIds)];
    const found = await repo.eligibleSegments(segIds, input.operatorId, input.regionId);
    const missing = segIds.find((id) => !found.some((s) => s.id === id));
    if (missing) throw segmentNotEligible({ field: 'segmentIds', segmentId: missing });
    const taken = found.find((s) => s.projectId && s.projectId !== input.projectId);
    if (taken) throw segmentInOtherProject({ field: 'segmentIds', segmentId: taken.id, projectId: taken.projectId });
    const facIds = [...new Set(input.facilityIds)];
    const facs = await repo.eligibleFacilities(facIds, input.operatorId);
    const badFac = facIds.find((id) => !facs.some((f) => f.id === id));
    if (badFac) throw facilityNotEligible({ field: 'facilityIds', facilityId: badFac });
    return { segments: found, lengthM: Math.round(found.reduce((s, x) => s + (x.lengthM ?? 0), 0) * 10) / 10 };
  }

  function checkRules(budgetYuan: number, f: Funds[], reason: string | null, m: MilestoneDates[]) {
    if (overBudgetWithoutReason(budgetYuan, f, reason))
      throw receivedOverBudget({
        field: 'overBudgetReason',
        budgetYuan,
        receivedYuan: totalReceived(f),
      });
    const problem = milestoneProblem(m, today());
    if (problem) throw milestoneOutOfOrder({ field: 'milestones', ...problem });
  }

  /** Writes funds, milestones and the segments' status (they follow the project), in the caller's transaction. */
  async function writeParts(tx: Db, id: string, f: Funds[], m: MilestoneDates[], progressPercent: number) {
    await tx.delete(renewalProjectFundsTable).where(eq(renewalProjectFundsTable.projectId, id));
    await tx.insert(renewalProjectFundsTable).values(f.map((x) => ({ projectId: id, ...x })));
    await tx.delete(renewalProjectMilestonesTable).where(eq(renewalProjectMilestonesTable.projectId, id));
    await tx.insert(renewalProjectMilestonesTable).values(m.map((x) => ({ projectId: id, ...x })));
    const segs = await tx
      .select({ id: renewalProjectSegmentsTable.segmentId })
      .from(renewalProjectSegmentsTable)
      .where(eq(renewalProjectSegmentsTable.projectId, id));
    await createProjectsRepository({ db: tx }).setSegmentStatus(
      segs.map((s) => s.id),
      segmentStatusOf(m, progressPercent),
    );
  }

  /** Replaces the covered segments: those leaving get back the status they had before the project. */
  async function writeCoverage(
    tx: Db,
    id: string,
    segments: { id: string; renewalStatus: RenewalStatus; projectId: string | null }[],
    facilityIds: string[],
  ) {
    const repo = createProjectsRepository({ db: tx });
    const before = await repo.segmentsOf(id);
    const keep = new Set(segments.map((s) => s.id));
    for (const s of before.filter((b) => !keep.has(b.id))) await repo.setSegmentStatus([s.id], s.priorStatus);
    const leaving = before.filter((b) => !keep.has(b.id)).map((b) => b.id);
    if (leaving.length)
      await tx
        .delete(renewalProjectSegmentsTable)
        .where(
          and(eq(renewalProjectSegmentsTable.projectId, id), inArray(renewalProjectSegmentsTable.segmentId, leaving)),
        );
    const joining = segments.filter((s) => !before.some((b) => b.id === s.id));
    if (joining.length)
      await tx
        .insert(renewalProjectSegmentsTable)
        .values(joining.map((s) => ({ projectId: id, segmentId: s.id, priorStatus: s.renewalStatus })));
    await tx.delete(renewalProjectFacilitiesTable).where(eq(renewalProjectFacilitiesTable.projectId, id));
    if (facilityIds.length)
      await tx
        .insert(renewalProjectFacilitiesTable)
        .values([...new Set(facilityIds)].map((facilityId) => ({ projectId: id, facilityId })));
  }

  async function detail(tx: Db, actor: Actor, id: string) {
    const repo = createProjectsRepository({ db: tx });
    const [row] = await repo.projects({ where: and(eq(p.id, id), readScope(actor)) });
    if (!row) throw projectNotFound();
    const [project] = await assemble(tx, [row]);
    // One after another, as in `assemble`.
    const segments = await repo.segmentsOf(id);
    const facilities = await repo.facilitiesOf(id);
    const reports = await repo.reportsOf(id);
    const editable = await repo.projects({ where: and(eq(p.id, id), editScope(actor)) });
    const reportable = await repo.projects({ where: and(eq(p.id, id), reportScope(actor)) });
    return {
      ...project!,
      segments: segments.map(({ priorStatus: _, ...s }) => s),
      facilities,
      reports: reports.map((r) => ({
        id: r.id,
        reportedOn: r.reportedOn,
        progressPercent: r.progressPercent,
        note: r.note,
        photoFileIds: r.photoFileIds,
        reportedByName: r.reportedByName,
        createdAt: r.createdAt.toISOString(),
      })),
      abilities: { edit: editable.length > 0, report: reportable.length > 0 },
    };
  }

  const audited = (project: { regionId?: string; region?: { id: string } }) =>
    project.region?.id ?? project.regionId ?? null;

  return {
    matching,

    async list({
      actor,
      page,
      pageSize,
      ...f
    }: { actor: Actor; page: number; pageSize: number } & ProjectFilterValues) {
      const all = await matching(actor, f);
      return {
        items: all.slice((page - 1) * pageSize, page * pageSize).map(({ note: _, ...x }) => x),
        total: all.length,
        page,
        pageSize,
      };
    },

    get: ({ actor, id }: { actor: Actor; id: string }) => detail(db, actor, id),

    async create({ actor, input }: { actor: Actor; input: CreateProjectInput }) {
      requirePermission(actor, 'renewal.manage');
      if (!isEditor(actor)) throw regulatorFieldsOnly();
      return db.transaction(async (tx) => {
        const [region] = await tx.select().from(regionsTable).where(eq(regionsTable.id, input.regionId));
        if (!region) throw regionNotTownship({ field: 'regionId' });
        const [operator] = await tx.select().from(enterprisesTable).where(eq(enterprisesTable.id, input.operatorId));
        if (!operator || operator.archivedAt) throw operatorNotFound({ field: 'operatorId' });
        const coverage = await checkCoverage(tx, { projectId: null, ...input });
        const f = fundsOf(input.funds);
        const m = milestonesOf(input.milestones);
        checkRules(input.budgetYuan, f, input.overBudgetReason ?? null, m);
        let id: string;
        try {
          const [row] = await tx
            .insert(p)
            .values({
              code: input.code,
              name: input.name,
              planYear: input.planYear,
              regionId: input.regionId,
              operatorId: input.operatorId,
              contractor: input.contractor ?? null,
              lengthM: input.lengthM ?? coverage.lengthM,
              budgetYuan: input.budgetYuan,
              overBudgetReason: input.overBudgetReason?.trim() || null,
              note: input.note ?? null,
              createdBy: actor.type === 'user' ? actor.id : null,
            })
            .returning();
          id = row!.id;
        } catch (err) {
          if (isUniqueViolation(err)) throw projectCodeTaken({ field: 'code' });
          throw err;
        }
        // The project must lie in the creator's scope (a county's housing department: its county).
        const [inScope] = await createProjectsRepository({ db: tx }).projects({
          where: and(eq(p.id, id), editScope(actor)),
        });
        if (!inScope) throw regionNotTownship({ field: 'regionId' });
        await writeCoverage(tx, id, coverage.segments, input.facilityIds);
        await writeParts(tx, id, f, m, 0);
        const created = await detail(tx, actor, id);
        await recordAudit(tx, {
          actor,
          action: 'renewal.project.create',
          subject: { type: 'renewal_project', id },
          regionId: input.regionId,
          after: created,
        });
        return created;
      });
    },

    async update({ actor, id, input }: { actor: Actor; id: string; input: UpdateProjectInput }) {
      requirePermission(actor, 'renewal.manage');
      return db.transaction(async (tx) => {
        const before = await loadFor(tx, actor, id, editScope(actor));
        const beforeDetail = await detail(tx, actor, id);
        const segmentIds = input.segmentIds ?? beforeDetail.segments.map((s) => s.id);
        const facilityIds = input.facilityIds ?? beforeDetail.facilities.map((s) => s.id);
        const coverage = await checkCoverage(tx, {
          projectId: id,
          operatorId: before.operator.id,
          regionId: before.region.id,
          segmentIds,
          facilityIds,
        });
        const f = input.funds ? fundsOf(input.funds) : before.funds;
        const m = mergeMilestones(before.milestones, input.milestones);
        const budget = input.budgetYuan ?? before.budgetYuan;
        const reason = input.overBudgetReason !== undefined ? input.overBudgetReason : before.overBudgetReason;
        checkRules(budget, f, reason, m);
        await tx
          .update(p)
          .set({
            name: input.name,
            planYear: input.planYear,
            contractor: input.contractor,
            lengthM: input.lengthM ?? (input.segmentIds ? coverage.lengthM : undefined),
            budgetYuan: input.budgetYuan,
            overBudgetReason: input.overBudgetReason !== undefined ? input.overBudgetReason?.trim() || null : undefined,
            note: input.note,
            updatedAt: new Date(),
          })
          .where(eq(p.id, id));
        if (input.segmentIds || input.facilityIds) await writeCoverage(tx, id, coverage.segments, facilityIds);
        await writeParts(tx, id, f, m, before.progressPercent);
        const after = await detail(tx, actor, id);
        await recordAudit(tx, {
          actor,
          action: 'renewal.project.update',
          subject: { type: 'renewal_project', id },
          regionId: audited(before),
          before: beforeDetail,
          after,
          details: { fields: Object.keys(input) },
        });
        return after;
      });
    },

    /**
     * Progress reported on site (the operator, or an editor): percent, note, photos, and the done dates
     * of design, works and gas-on. Acceptance (竣工验收) is the regulator's: an operator sending it is refused.
     */
    async report({ actor, id, input }: { actor: Actor; id: string; input: ProgressReportInput }) {
      const milestonesDone = input.milestones;
      return db.transaction(async (tx) => {
        const before = await loadFor(tx, actor, id, reportScope(actor));
        const [editable] = await createProjectsRepository({ db: tx }).projects({
          where: and(eq(p.id, id), editScope(actor)),
        });
        if (!editable && milestonesDone?.some((x) => x.milestone === 'acceptance'))
          throw regulatorFieldsOnly({ field: 'milestones', milestone: 'acceptance' });
        const photoIds = [...new Set(input.photoFileIds)];
        const readable = await readableFileIds(tx, actor, photoIds, fileReaders);
        const unreadable = photoIds.find((x) => !readable.has(x));
        if (unreadable) throw photoNotReadable({ field: 'photoFileIds', fileId: unreadable });
        const m = mergeMilestones(
          before.milestones,
          milestonesDone?.map((x) => ({
            ...x,
            plannedOn: before.milestones.find((y) => y.milestone === x.milestone)?.plannedOn ?? null,
          })),
        );
        checkRules(before.budgetYuan, before.funds, before.overBudgetReason, m);
        const [report] = await tx
          .insert(renewalProgressReportsTable)
          .values({
            projectId: id,
            reportedOn: input.reportedOn ?? today(),
            progressPercent: input.progressPercent,
            note: input.note ?? null,
            photoFileIds: photoIds,
            reportedBy: actor.type === 'user' ? actor.id : null,
            reportedByName: actor.name,
          })
          .returning();
        await tx.update(p).set({ progressPercent: input.progressPercent, updatedAt: new Date() }).where(eq(p.id, id));
        await writeParts(tx, id, before.funds, m, input.progressPercent);
        await recordAudit(tx, {
          actor,
          action: 'renewal.project.progress',
          subject: { type: 'renewal_project', id },
          regionId: audited(before),
          before: { progressPercent: before.progressPercent, milestones: before.milestones },
          after: { progressPercent: input.progressPercent, milestones: m },
          details: { reportId: report!.id, photos: photoIds.length },
        });
        return detail(tx, actor, id);
      });
    },
  };
}
