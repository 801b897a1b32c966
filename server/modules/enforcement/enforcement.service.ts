import { type AnyColumn, type SQL, and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { chinaToday, daysBetween } from '../../../domain/dates.ts';
import {
  type MeasureType,
  articleText,
  penaltyMeasures,
  referralOverdue,
  referralStepAllowed,
} from '../../../domain/enforcement/enforcement.ts';
import type { Db } from '../../db/client.ts';
import { type Actor, requirePermission } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { publishEvent } from '../../platform/events/index.ts';
import { type ScopeDescriptor, scopeFilter } from '../../platform/scope.ts';
import { hazardReadable } from '../hazards/index.ts';
import { inspectionReadable } from '../inspections/index.ts';
import { departmentsTable, regionsTable } from '../organisation/index.ts';
import { createLicencesService } from '../registry/index.ts';
import { enterprisesTable, licencesTable, venuesTable } from '../registry/index.ts';
import { loadTip, recordCaseForTip } from '../tips/index.ts';
import { cylinderCaseSource } from '../cylinders/index.ts';
import { blackSiteReadable, linkBlackSiteCase } from './enforcement.blacksites.ts';
import { blacklistScope, caseScope, referralScope } from './enforcement.access.ts';
import {
  blacklistNotFound,
  caseDepartmentRequired,
  caseMeasureInvalid,
  caseNotDecided,
  caseNotFound,
  caseOutsideScope,
  caseSourceNotFound,
  caseSubjectNotFound,
  caseSubjectRequired,
  caseTransitionNotAllowed,
  linkNotFound,
  referralDeadlineInvalid,
  referralNotFound,
  referralTargetRequired,
} from './enforcement.errors.ts';
import type {
  BlacklistInput,
  CaseFilterInput,
  DecideCaseInput,
  OpenCaseInput,
  SendReferralInput,
} from './enforcement.schemas.ts';
import {
  blacklistEntriesTable,
  enforcementCasesTable,
  enforcementCountersTable,
  referralsTable,
} from './enforcement.table.ts';

type CaseRow = typeof enforcementCasesTable.$inferSelect;
type ReferralRow = typeof referralsTable.$inferSelect;
const iso = (d: Date | null) => (d ? d.toISOString() : null);
/** The row's region lies in the region given (itself or below it). */
export const inRegion = (col: SQL | AnyColumn, regionId: string) =>
  sql`${col} in (select r.id from regions r where r.path like (select p.path from regions p where p.id = ${regionId}::uuid) || '%')`;

/** Would a row with these values lie in the actor's scope under the descriptor's shape? */
async function valuesInScope(
  tx: Db,
  actor: Actor,
  permission: 'enforcement.manage' | 'enforcement.read',
  v: { regionId: string; departmentId: string },
): Promise<boolean> {
  const d: ScopeDescriptor = {
    regionId: sql`${v.regionId}::uuid`,
    department: { namedId: sql`${v.departmentId}::uuid`, coordinatorsSeeAll: true },
  };
  const r = (await tx.execute(sql`select (${scopeFilter(actor, permission, d)}) as ok`)) as unknown as {
    rows: { ok: boolean }[];
  };
  return r.rows[0]?.ok === true;
}

/** The caller's own department (its first department grant carrying the permission). */
function ownDepartment(actor: Actor): string | undefined {
  return actor.grants.find((g) => g.scopeType === 'department' && g.departmentId)?.departmentId ?? undefined;
}

async function nextNumber(tx: Db, key: string): Promise<number> {
  const [row] = await tx
    .insert(enforcementCountersTable)
    .values({ key, value: 1 })
    .onConflictDoUpdate({
      target: enforcementCountersTable.key,
      set: { value: sql`${enforcementCountersTable.value} + 1` },
    })
    .returning({ value: enforcementCountersTable.value });
  return row!.value;
}

async function docNumber(tx: Db, dept: { id: string; shortName: string }, kind: '立' | '责改' | '罚', day: string) {
  const year = day.slice(0, 4);
  const n = await nextNumber(tx, `${dept.id}:${kind}:${year}`);
  return `乌${dept.shortName.replace(/局|委|大队$/g, '')}${kind}〔${year}〕${n}号`;
}

function presentCase(r: CaseRow & { departmentName: string | null; regionName: string | null }) {
  return {
    id: r.id,
    number: r.number,
    departmentId: r.departmentId,
    departmentName: r.departmentName,
    regionId: r.regionId,
    regionName: r.regionName,
    subjectType: r.subjectType,
    subjectId: r.subjectId,
    subjectName: r.subjectName,
    enterpriseId: r.enterpriseId,
    source: r.source,
    sourceRef: r.sourceRef,
    facts: r.facts,
    legalBasis: r.legalBasis.map((code) => ({ code, text: articleText(code) })),
    status: r.status,
    measures: r.measures,
    decision: r.decision,
    fineTotal: r.fineTotal,
    correctionOrderNumber: r.correctionOrderNumber,
    penaltyDecisionNumber: r.penaltyDecisionNumber,
    openedOn: r.openedOn,
    decidedOn: r.decidedOn,
    closedOn: r.closedOn,
    closingNote: r.closingNote,
    typicalSummary: r.typicalSummary,
    publishedAt: iso(r.publishedAt),
  };
}

function presentReferral(
  r: ReferralRow & { fromDepartmentName: string | null; toDepartmentName: string | null },
  today: string,
) {
  return {
    id: r.id,
    fromDepartmentId: r.fromDepartmentId,
    fromDepartmentName: r.fromDepartmentName,
    toDepartmentId: r.toDepartmentId,
    toDepartmentName: r.toDepartmentName,
    toDiscipline: r.toDiscipline,
    caseId: r.caseId,
    tipId: r.tipId,
    hazardId: r.hazardId,
    subject: r.subject,
    content: r.content,
    deadline: r.deadline,
    status: r.status,
    overdue: referralOverdue(r, today),
    overdueFlaggedAt: iso(r.overdueFlaggedAt),
    receivedAt: iso(r.receivedAt),
    actedAt: iso(r.actedAt),
    actionNote: r.actionNote,
    answeredAt: iso(r.answeredAt),
    answer: r.answer,
    createdAt: r.createdAt.toISOString(),
  };
}

export type EnforcementOptions = { db: Db; today?: () => string };

export function createEnforcementService({ db, today = () => chinaToday() }: EnforcementOptions) {
  const c = enforcementCasesTable;
  const casesQuery = (tx: Db) =>
    tx
      .select({ row: c, departmentName: departmentsTable.shortName, regionName: regionsTable.name })
      .from(c)
      .leftJoin(departmentsTable, eq(departmentsTable.id, c.departmentId))
      .leftJoin(regionsTable, eq(regionsTable.id, c.regionId));
  const flat = (r: { row: CaseRow; departmentName: string | null; regionName: string | null }) => ({
    ...r.row,
    departmentName: r.departmentName,
    regionName: r.regionName,
  });

  /** The scope and the list's filters: status, department, enterprise, region (its subtree), opened from / to. */
  function caseWhere(actor: Actor, q: CaseFilterInput): SQL[] {
    const where: SQL[] = [caseScope(actor, 'enforcement.read')];
    if (q.status) where.push(eq(c.status, q.status));
    if (q.departmentId) where.push(eq(c.departmentId, q.departmentId));
    if (q.enterpriseId) where.push(eq(c.enterpriseId, q.enterpriseId));
    if (q.regionId) where.push(inRegion(c.regionId, q.regionId));
    if (q.from) where.push(sql`${c.openedOn} >= ${q.from}::date`);
    if (q.to) where.push(sql`${c.openedOn} <= ${q.to}::date`);
    return where;
  }

  async function getCase(tx: Db, actor: Actor, id: string) {
    const [r] = await casesQuery(tx).where(and(eq(c.id, id), caseScope(actor, 'enforcement.read')));
    if (!r) throw caseNotFound();
    return flat(r);
  }
  async function caseReadable(tx: Db, actor: Actor, id: string) {
    const [row] = await tx
      .select({ id: c.id })
      .from(c)
      .where(and(eq(c.id, id), caseScope(actor, 'enforcement.read')));
    return row !== undefined;
  }
  async function lockCase(tx: Db, actor: Actor, id: string) {
    requirePermission(actor, 'enforcement.manage');
    const [row] = await tx
      .select()
      .from(c)
      .where(and(eq(c.id, id), caseScope(actor, 'enforcement.read')))
      .for('update');
    if (!row) throw caseNotFound();
    if (!(await valuesInScope(tx, actor, 'enforcement.manage', row))) throw caseOutsideScope();
    return row;
  }
  async function audit(
    tx: Db,
    actor: Actor,
    action: string,
    row: { id: string; regionId: string },
    details: Record<string, unknown>,
  ) {
    await recordAudit(tx, {
      actor,
      action,
      subject: { type: 'enforcement_case', id: row.id },
      regionId: row.regionId,
      details,
    });
  }

  const r = referralsTable;
  const fromDept = sql<string | null>`(select short_name from departments where id = ${r.fromDepartmentId})`;
  const toDept = sql<string | null>`(select short_name from departments where id = ${r.toDepartmentId})`;
  const referralQuery = (tx: Db) =>
    tx.select({ row: r, fromDepartmentName: fromDept, toDepartmentName: toDept }).from(r);
  const flatRef = (x: { row: ReferralRow; fromDepartmentName: string | null; toDepartmentName: string | null }) => ({
    ...x.row,
    fromDepartmentName: x.fromDepartmentName,
    toDepartmentName: x.toDepartmentName,
  });
  async function getReferral(tx: Db, actor: Actor, id: string) {
    const [x] = await referralQuery(tx).where(and(eq(r.id, id), referralScope(actor, 'enforcement.read')));
    if (!x) throw referralNotFound();
    return presentReferral(flatRef(x), today());
  }

  return {
    /** 立案: against a register object or a person, from a hazard, tip or inspection (or by hand); numbered per department. */
    async open({ actor, input }: { actor: Actor; input: OpenCaseInput }) {
      requirePermission(actor, 'enforcement.manage');
      const id = await db.transaction(async (tx) => {
        const departmentId = input.departmentId ?? ownDepartment(actor);
        if (!departmentId) throw caseDepartmentRequired({ field: 'departmentId' });
        const [dept] = await tx.select().from(departmentsTable).where(eq(departmentsTable.id, departmentId));
        if (!dept) throw caseDepartmentRequired({ field: 'departmentId' });
        let subjectName = input.subjectName ?? null;
        let regionId = input.regionId ?? null;
        let enterpriseId: string | null = null;
        if (input.subjectType === 'enterprise' || input.subjectType === 'venue') {
          if (!input.subjectId) throw caseSubjectRequired({ field: 'subjectId' });
          if (input.subjectType === 'enterprise') {
            const [e] = await tx.select().from(enterprisesTable).where(eq(enterprisesTable.id, input.subjectId));
            if (!e) throw caseSubjectNotFound({ field: 'subjectId' });
            subjectName = e.name;
            regionId = e.regionId;
            enterpriseId = e.id;
          } else {
            const [v] = await tx.select().from(venuesTable).where(eq(venuesTable.id, input.subjectId));
            if (!v) throw caseSubjectNotFound({ field: 'subjectId' });
            subjectName = v.name;
            regionId = v.regionId;
          }
        }
        // The source must be one the caller can read; a seizure, an anomaly or a black site also gives
        // the place of a case against a person (where the cylinder was seized, the site lies).
        let sourceRegionId: string | null = null;
        if (input.source !== 'manual') {
          if (!input.sourceRef) throw caseSourceNotFound({ field: 'sourceRef' });
          let found = false;
          if (input.source === 'tip') {
            const tip = await loadTip(tx, actor, input.sourceRef);
            found = Boolean(tip);
            sourceRegionId = tip?.regionId ?? null;
          }
          if (input.source === 'hazard') found = await hazardReadable(tx, actor, input.sourceRef);
          if (input.source === 'inspection') found = await inspectionReadable(tx, actor, input.sourceRef);
          if (input.source === 'seizure' || input.source === 'cylinder_anomaly') {
            const src = await cylinderCaseSource(tx, actor, input.source, input.sourceRef);
            found = src !== null;
            sourceRegionId = src?.regionId ?? null;
          }
          if (input.source === 'black_site') {
            const site = await blackSiteReadable(tx, actor, input.sourceRef);
            found = site !== null;
            sourceRegionId = site?.regionId ?? null;
          }
          if (!found) throw caseSourceNotFound({ field: 'sourceRef' });
        }
        if (input.subjectType === 'person') {
          if (!subjectName) throw caseSubjectRequired({ field: 'subjectName' });
          regionId = regionId ?? sourceRegionId;
          if (!regionId) throw caseSubjectRequired({ field: 'regionId' });
        }
        if (!regionId || !(await tx.select().from(regionsTable).where(eq(regionsTable.id, regionId))).length)
          throw caseSubjectRequired({ field: 'regionId' });
        if (!(await valuesInScope(tx, actor, 'enforcement.manage', { regionId, departmentId })))
          throw caseOutsideScope();
        const day = today();
        const [row] = await tx
          .insert(c)
          .values({
            number: await docNumber(tx, dept, '立', day),
            departmentId,
            regionId,
            subjectType: input.subjectType,
            subjectId: input.subjectId ?? null,
            subjectName: subjectName!,
            enterpriseId,
            source: input.source,
            sourceRef: input.sourceRef ?? null,
            facts: input.facts,
            legalBasis: input.legalBasis,
            openedOn: day,
            createdBy: actor.type === 'user' ? actor.id : null,
          })
          .returning();
        if (input.source === 'black_site') await linkBlackSiteCase(tx, input.sourceRef!, row!.id);
        if (input.source === 'tip') await recordCaseForTip(tx, actor, { tipId: input.sourceRef!, caseId: row!.id });
        await audit(tx, actor, 'enforcement.case_open', row!, {
          number: row!.number,
          source: input.source,
          legalBasis: input.legalBasis,
        });
        await publishEvent(tx, {
          type: 'enforcement.case_open',
          subject: { type: 'enforcement_case', id: row!.id },
          regionId,
        });
        return row!.id;
      });
      return getCase(db, actor, id).then(presentCase);
    },

    async list({ actor, query }: { actor: Actor; query: CaseFilterInput & { page: number; pageSize: number } }) {
      requirePermission(actor, 'enforcement.read');
      const where = caseWhere(actor, query);
      const rows = await casesQuery(db)
        .where(and(...where))
        .orderBy(desc(c.openedOn), desc(c.createdAt))
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize);
      const [n] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(c)
        .where(and(...where));
      return {
        items: rows.map((x) => presentCase(flat(x))),
        total: n?.n ?? 0,
        page: query.page,
        pageSize: query.pageSize,
      };
    },

    get: async ({ actor, id }: { actor: Actor; id: string }) => {
      requirePermission(actor, 'enforcement.read');
      return presentCase(await getCase(db, actor, id));
    },

    /** The filtered cases for the .xlsx export (at most `limit`, newest first). */
    async exportRows({ actor, query, limit = 5000 }: { actor: Actor; query: CaseFilterInput; limit?: number }) {
      requirePermission(actor, 'enforcement.read');
      const rows = await casesQuery(db)
        .where(and(...caseWhere(actor, query)))
        .orderBy(desc(c.openedOn), desc(c.createdAt))
        .limit(limit);
      return rows.map((x) => presentCase(flat(x)));
    },

    /**
     * 作出决定: the measures with their document numbers (责令限期整改指令书 for an order to correct,
     * 行政处罚决定书 for a penalty); a licence revocation or suspension changes the licence in the
     * register through registry's contract, in this transaction, so the filling gate refuses the station.
     */
    async decide({ actor, id, input }: { actor: Actor; id: string; input: DecideCaseInput }) {
      await db.transaction(async (tx) => {
        const row = await lockCase(tx, actor, id);
        if (row.status !== 'open') throw caseTransitionNotAllowed({ status: row.status, step: 'decide' });
        const [dept] = await tx.select().from(departmentsTable).where(eq(departmentsTable.id, row.departmentId));
        input.measures.forEach((m, i) => {
          const field = `measures.${i}`;
          if (m.type === 'order_to_correct' && !m.dueDate) throw caseMeasureInvalid({ field: `${field}.dueDate` });
          if ((m.type === 'fine' || m.type === 'confiscation') && m.amount === undefined)
            throw caseMeasureInvalid({ field: `${field}.amount` });
          if (m.type === 'licence_revocation' && !m.licenceId)
            throw caseMeasureInvalid({ field: `${field}.licenceId` });
        });
        const licences = input.measures.filter(
          (m) => m.licenceId && (m.type === 'licence_revocation' || m.type === 'suspension'),
        );
        for (const m of licences) {
          const [l] = await tx.select().from(licencesTable).where(eq(licencesTable.id, m.licenceId!));
          const i = input.measures.indexOf(m);
          if (!l || l.enterpriseId !== row.enterpriseId) throw caseMeasureInvalid({ field: `measures.${i}.licenceId` });
          await createLicencesService({ db: tx }).changeStatus({
            actor,
            id: l.id,
            action: m.type === 'licence_revocation' ? 'revoke' : 'suspend',
            reason: `${row.number}：${input.decision.slice(0, 400)}`,
          });
        }
        const day = today();
        const has = (t: MeasureType) => input.measures.some((m) => m.type === t);
        const fineTotal = input.measures.filter((m) => m.type === 'fine').reduce((s, m) => s + (m.amount ?? 0), 0);
        const next = {
          status: 'decided' as const,
          measures: input.measures,
          decision: input.decision,
          fineTotal,
          decidedOn: day,
          correctionOrderNumber: has('order_to_correct') ? await docNumber(tx, dept!, '责改', day) : null,
          penaltyDecisionNumber: penaltyMeasures.some(has) ? await docNumber(tx, dept!, '罚', day) : null,
          updatedAt: new Date(),
        };
        await tx.update(c).set(next).where(eq(c.id, id));
        if (row.source === 'tip' && row.sourceRef)
          await recordCaseForTip(tx, actor, { tipId: row.sourceRef, caseId: row.id, fine: fineTotal });
        await audit(tx, actor, 'enforcement.case_decide', row, {
          measures: input.measures.map((m) => m.type),
          fineTotal,
          licences: licences.map((m) => m.licenceId),
        });
      });
      return presentCase(await getCase(db, actor, id));
    },

    async close({ actor, id, note }: { actor: Actor; id: string; note: string }) {
      await db.transaction(async (tx) => {
        const row = await lockCase(tx, actor, id);
        if (row.status !== 'decided') throw caseTransitionNotAllowed({ status: row.status, step: 'close' });
        await tx
          .update(c)
          .set({ status: 'closed', closedOn: today(), closingNote: note, updatedAt: new Date() })
          .where(eq(c.id, id));
        await audit(tx, actor, 'enforcement.case_close', row, {});
      });
      return presentCase(await getCase(db, actor, id));
    },

    /** 典型案例: a decided case chosen for publication with a public summary (no personal details). */
    async publish({ actor, id, summary }: { actor: Actor; id: string; summary: string }) {
      await db.transaction(async (tx) => {
        const row = await lockCase(tx, actor, id);
        if (row.status === 'open') throw caseNotDecided();
        await tx
          .update(c)
          .set({ typicalSummary: summary, publishedAt: new Date(), updatedAt: new Date() })
          .where(eq(c.id, id));
        await audit(tx, actor, 'enforcement.case_publish', row, {});
      });
      return presentCase(await getCase(db, actor, id));
    },

    /** The published typical cases, for the public page. */
    async typical() {
      const rows = await casesQuery(db).where(sql`${c.publishedAt} is not null`).orderBy(desc(c.publishedAt)).limit(50);
      return rows.map(({ row, departmentName }) => ({
        number: row.number,
        departmentName,
        summary: row.typicalSummary ?? '',
        measures: [...new Set(row.measures.map((m) => m.type))],
        fineTotal: row.fineTotal,
        decidedOn: row.decidedOn,
        publishedAt: row.publishedAt!.toISOString(),
      }));
    },

    /** The figures every return asks for, by department or township, for cases opened in the period. */
    async figures({
      actor,
      groupBy,
      ...filters
    }: {
      actor: Actor;
      from?: string;
      to?: string;
      departmentId?: string;
      regionId?: string;
      groupBy: 'department' | 'township';
    }) {
      requirePermission(actor, 'enforcement.read');
      const where = caseWhere(actor, filters);
      const has = (t: string) => sql`(${c.measures} @> ${JSON.stringify([{ type: t }])}::jsonb)::int`;
      const key =
        groupBy === 'department'
          ? sql`${c.departmentId}`
          : sql`coalesce((select t.id from regions t where t.level = 'township' and (select path from regions where id = ${c.regionId}) like t.path || '%'), ${c.regionId})`;
      const rows = (await db.execute(sql`select k::text as id,
          coalesce((select short_name from departments where id = k), (select name from regions where id = k), '') as name,
          count(*)::int as opened, sum((status = 'closed')::int)::int as closed, sum(fine_total)::bigint as fines,
          sum(suspension)::int as closures, sum(revocation)::int as revocations, sum(transfer)::int as transfers
        from (select ${key} as k, ${c.status} as status, ${c.fineTotal} as fine_total, ${has('suspension')} as suspension,
                ${has('licence_revocation')} as revocation, ${has('transfer_police')} as transfer
              from ${c} where ${and(...where)}) s
        group by k order by opened desc`)) as unknown as {
        rows: {
          id: string;
          name: string;
          opened: number;
          closed: number;
          fines: string | number;
          closures: number;
          revocations: number;
          transfers: number;
        }[];
      };
      return { groupBy, rows: rows.rows.map((x) => ({ ...x, fines: Number(x.fines) })) };
    },

    /** 线索移交: from the caller's department to another or to discipline inspection, with a deadline. */
    async sendReferral({ actor, input }: { actor: Actor; input: SendReferralInput }) {
      requirePermission(actor, 'enforcement.manage');
      const id = await db.transaction(async (tx) => {
        const fromDepartmentId = input.fromDepartmentId ?? ownDepartment(actor);
        if (!fromDepartmentId) throw caseDepartmentRequired({ field: 'fromDepartmentId' });
        if (!input.toDepartmentId && !input.toDiscipline) throw referralTargetRequired({ field: 'toDepartmentId' });
        const ids = [fromDepartmentId, ...(input.toDepartmentId ? [input.toDepartmentId] : [])];
        const depts = await tx.select().from(departmentsTable).where(inArray(departmentsTable.id, ids));
        if (depts.length !== new Set(ids).size) throw caseDepartmentRequired({ field: 'toDepartmentId' });
        const from = depts.find((d) => d.id === fromDepartmentId)!;
        if (!(await valuesInScope(tx, actor, 'enforcement.manage', { regionId: from.regionId, departmentId: from.id })))
          throw caseOutsideScope();
        if (input.deadline < today()) throw referralDeadlineInvalid({ field: 'deadline' });
        // What the referral links to must exist in the sender's reading scope (no FK on tip or hazard).
        if (input.caseId && !(await caseReadable(tx, actor, input.caseId))) throw linkNotFound({ field: 'caseId' });
        if (input.tipId && !(await loadTip(tx, actor, input.tipId))) throw linkNotFound({ field: 'tipId' });
        if (input.hazardId && !(await hazardReadable(tx, actor, input.hazardId)))
          throw linkNotFound({ field: 'hazardId' });
        const [row] = await tx
          .insert(r)
          .values({
            fromDepartmentId,
            toDepartmentId: input.toDepartmentId ?? null,
            toDiscipline: input.toDiscipline ?? null,
            departmentIds: ids,
            regionId: from.regionId,
            caseId: input.caseId ?? null,
            tipId: input.tipId ?? null,
            hazardId: input.hazardId ?? null,
            subject: input.subject,
            content: input.content,
            deadline: input.deadline,
            createdBy: actor.type === 'user' ? actor.id : null,
          })
          .returning();
        await recordAudit(tx, {
          actor,
          action: 'referral.send',
          subject: { type: 'referral', id: row!.id },
          regionId: row!.regionId,
          details: { to: input.toDepartmentId ?? input.toDiscipline, deadline: input.deadline },
        });
        return row!.id;
      });
      return getReferral(db, actor, id);
    },

    async listReferrals({
      actor,
      query,
    }: {
      actor: Actor;
      query: {
        status?: ReferralRow['status'];
        overdue?: 'true' | 'false';
        direction?: 'sent' | 'received';
        page: number;
        pageSize: number;
      };
    }) {
      requirePermission(actor, 'enforcement.read');
      const where: SQL[] = [referralScope(actor, 'enforcement.read')];
      if (query.status) where.push(eq(r.status, query.status));
      if (query.direction) {
        const own = actor.grants
          .filter((g) => g.scopeType === 'department' && g.departmentId)
          .map((g) => g.departmentId!);
        const col = query.direction === 'sent' ? r.fromDepartmentId : r.toDepartmentId;
        where.push(own.length ? inArray(col, own) : sql`false`);
      }
      const late = sql`(${r.status} <> 'answered' and ${r.deadline} < ${today()}::date)`;
      if (query.overdue === 'true') where.push(late);
      if (query.overdue === 'false') where.push(sql`not ${late}`);
      const rows = await referralQuery(db)
        .where(and(...where))
        .orderBy(asc(r.deadline), asc(r.id))
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize);
      const [n] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(r)
        .where(and(...where));
      const day = today();
      return {
        items: rows.map((x) => presentReferral(flatRef(x), day)),
        total: n?.n ?? 0,
        page: query.page,
        pageSize: query.pageSize,
      };
    },

    getReferral: ({ actor, id }: { actor: Actor; id: string }) => {
      requirePermission(actor, 'enforcement.read');
      return getReferral(db, actor, id);
    },

    /** receive / act: the receiving department (or, for discipline inspection, the sender); answer likewise. */
    async referralStep({
      actor,
      id,
      step,
      note,
    }: {
      actor: Actor;
      id: string;
      step: 'receive' | 'act' | 'answer';
      note?: string;
    }) {
      requirePermission(actor, 'enforcement.manage');
      await db.transaction(async (tx) => {
        const [row] = await tx
          .select()
          .from(r)
          .where(and(eq(r.id, id), referralScope(actor, 'enforcement.read')))
          .for('update');
        if (!row) throw referralNotFound();
        const actingDepartment = row.toDepartmentId ?? row.fromDepartmentId;
        if (
          !(await valuesInScope(tx, actor, 'enforcement.manage', {
            regionId: row.regionId,
            departmentId: actingDepartment,
          }))
        )
          throw caseOutsideScope();
        if (!referralStepAllowed(row.status, step)) throw caseTransitionNotAllowed({ status: row.status, step });
        const now = new Date();
        const next =
          step === 'receive'
            ? { status: 'received' as const, receivedAt: now }
            : step === 'act'
              ? { status: 'acted' as const, actedAt: now, actionNote: note ?? null, receivedAt: row.receivedAt ?? now }
              : { status: 'answered' as const, answeredAt: now, answer: note ?? '' };
        await tx.update(r).set(next).where(eq(r.id, id));
        await recordAudit(tx, {
          actor,
          action: `referral.${step}`,
          subject: { type: 'referral', id },
          regionId: row.regionId,
          details: {},
        });
      });
      return getReferral(db, actor, id);
    },

    async addToBlacklist({ actor, input }: { actor: Actor; input: BlacklistInput }) {
      requirePermission(actor, 'enforcement.manage');
      const id = await db.transaction(async (tx) => {
        const departmentId = input.departmentId ?? ownDepartment(actor);
        if (!departmentId) throw caseDepartmentRequired({ field: 'departmentId' });
        let subjectName: string;
        let regionId = input.regionId ?? null;
        if (input.subjectType === 'enterprise') {
          if (!input.enterpriseId) throw caseSubjectRequired({ field: 'enterpriseId' });
          const [e] = await tx.select().from(enterprisesTable).where(eq(enterprisesTable.id, input.enterpriseId));
          if (!e) throw caseSubjectNotFound({ field: 'enterpriseId' });
          subjectName = e.name;
          regionId = e.regionId;
        } else {
          if (!input.personName) throw caseSubjectRequired({ field: 'personName' });
          if (!regionId) throw caseSubjectRequired({ field: 'regionId' });
          subjectName = input.personName;
        }
        if (!(await valuesInScope(tx, actor, 'enforcement.manage', { regionId, departmentId })))
          throw caseOutsideScope();
        if (input.endsOn && input.endsOn < input.startsOn) throw caseMeasureInvalid({ field: 'endsOn' });
        if (input.caseId && !(await caseReadable(tx, actor, input.caseId))) throw linkNotFound({ field: 'caseId' });
        const [row] = await tx
          .insert(blacklistEntriesTable)
          .values({
            subjectType: input.subjectType,
            enterpriseId: input.enterpriseId ?? null,
            personName: input.personName ?? null,
            personIdNumber: input.personIdNumber?.toUpperCase() ?? null,
            subjectName,
            basis: input.basis,
            caseId: input.caseId ?? null,
            departmentId,
            regionId,
            startsOn: input.startsOn,
            endsOn: input.endsOn ?? null,
          })
          .returning();
        await recordAudit(tx, {
          actor,
          action: 'blacklist.add',
          subject: { type: 'blacklist_entry', id: row!.id },
          regionId,
          details: { subjectType: input.subjectType, enterpriseId: input.enterpriseId ?? null },
        });
        return row!.id;
      });
      return this.blacklistEntry({ actor, id });
    },

    async removeFromBlacklist({ actor, id, reason }: { actor: Actor; id: string; reason: string }) {
      requirePermission(actor, 'enforcement.manage');
      await db.transaction(async (tx) => {
        const [row] = await tx
          .select()
          .from(blacklistEntriesTable)
          .where(and(eq(blacklistEntriesTable.id, id), blacklistScope(actor, 'enforcement.manage')))
          .for('update');
        if (!row) throw blacklistNotFound();
        if (row.removedAt) throw caseTransitionNotAllowed({ step: 'remove' });
        await tx
          .update(blacklistEntriesTable)
          .set({ removedAt: new Date(), removedReason: reason })
          .where(eq(blacklistEntriesTable.id, id));
        await recordAudit(tx, {
          actor,
          action: 'blacklist.remove',
          subject: { type: 'blacklist_entry', id },
          regionId: row.regionId,
          details: { reason },
        });
      });
      return this.blacklistEntry({ actor, id });
    },

    async blacklistEntry({ actor, id }: { actor: Actor; id: string }) {
      requirePermission(actor, 'enforcement.read');
      const [row] = await this.blacklistRows(actor, eq(blacklistEntriesTable.id, id));
      if (!row) throw blacklistNotFound();
      return row;
    },

    async blacklistRows(actor: Actor, extra?: SQL) {
      requirePermission(actor, 'enforcement.read');
      const b = blacklistEntriesTable;
      const day = today();
      const rows = await db
        .select({ row: b, departmentName: departmentsTable.shortName })
        .from(b)
        .leftJoin(departmentsTable, eq(departmentsTable.id, b.departmentId))
        .where(and(blacklistScope(actor, 'enforcement.read'), extra))
        .orderBy(desc(b.startsOn));
      return rows.map(({ row, departmentName }) => ({
        id: row.id,
        subjectType: row.subjectType,
        enterpriseId: row.enterpriseId,
        subjectName: row.subjectName,
        basis: row.basis,
        caseId: row.caseId,
        departmentName,
        startsOn: row.startsOn,
        endsOn: row.endsOn,
        removedAt: iso(row.removedAt),
        removedReason: row.removedReason,
        active: row.removedAt === null && row.startsOn <= day && (row.endsOn === null || row.endsOn >= day),
      }));
    },

    /** Which of these enterprises are on an active blacklist (for the register's pages: flagged where they appear). */
    async blacklistFlags({ ids }: { ids: string[] }) {
      const clean = ids.filter((x) => /^[0-9a-f-]{36}$/i.test(x)).slice(0, 200);
      if (clean.length === 0) return { enterpriseIds: [] };
      const b = blacklistEntriesTable;
      const day = today();
      const rows = await db
        .selectDistinct({ id: b.enterpriseId })
        .from(b)
        .where(
          and(
            inArray(b.enterpriseId, clean),
            isNull(b.removedAt),
            sql`${b.startsOn} <= ${day}::date`,
            sql`(${b.endsOn} is null or ${b.endsOn} >= ${day}::date)`,
          ),
        );
      return { enterpriseIds: rows.map((x) => x.id!).filter(Boolean) };
    },
  };
}

/**
 * The daily job's work: referrals past their deadline and not answered are flagged once (overdue_flagged_at)
 * with an event both departments see on the live feed and an audit entry. Idempotent.
 */
export async function flagOverdueReferrals(db: Db, today: string) {
  return db.transaction(async (tx) => {
    const r = referralsTable;
    const rows = await tx
      .update(r)
      .set({ overdueFlaggedAt: new Date() })
      .where(and(sql`${r.status} <> 'answered'`, sql`${r.deadline} < ${today}::date`, isNull(r.overdueFlaggedAt)))
      .returning();
    for (const row of rows) {
      await publishEvent(tx, {
        type: 'referral.overdue',
        subject: { type: 'referral', id: row.id },
        regionId: row.regionId,
        payload: {
          deadline: row.deadline,
          departmentIds: row.departmentIds,
          daysLate: Math.max(1, daysBetween(row.deadline, today)),
        },
      });
      await recordAudit(tx, {
        actor: { type: 'system', id: null, name: 'system', grants: [], permissions: new Set() },
        action: 'referral.overdue',
        subject: { type: 'referral', id: row.id },
        regionId: row.regionId,
        details: { deadline: row.deadline, departmentIds: row.departmentIds, today },
      });
    }
    return { flagged: rows.length };
  });
}

export const referralsOverdueJob = 'enforcement.referrals-overdue';
