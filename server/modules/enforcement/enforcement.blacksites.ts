import { type SQL, and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { type Actor, requirePermission } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { type ScopeDescriptor, scopeFilter } from '../../platform/scope.ts';
import { departmentsTable, regionsTable } from '../organisation/index.ts';
import { loadTip, tipsTable } from '../tips/index.ts';
import {
  blackSiteNotFound,
  blackSiteTipInvalid,
  caseDepartmentRequired,
  caseOutsideScope,
  caseSubjectRequired,
  caseTransitionNotAllowed,
  dateInvalid,
  linkNotFound,
} from './enforcement.errors.ts';
import type { OpenBlackSiteInput, StrikeBlackSiteInput } from './enforcement.schemas.ts';
import { blackSitesTable, enforcementCasesTable } from './enforcement.table.ts';
import { caseScope } from './enforcement.access.ts';
import { chinaToday } from '../../../domain/dates.ts';
import type { BlackSiteOutcome, BlackSiteStatus } from '../../../domain/enforcement/enforcement.ts';

type Row = typeof blackSitesTable.$inferSelect;
const b = blackSitesTable;

/** Black sites: the township where the site lies (region grants), the departments striking it, the office all. */
export const blackSiteDescriptor: ScopeDescriptor = {
  regionId: b.regionId,
  department: { namedIds: b.departmentIds, coordinatorsSeeAll: true },
};
const scope = (actor: Actor, p: 'enforcement.read' | 'enforcement.manage') =>
  scopeFilter(actor, p, blackSiteDescriptor);

/** A black site the caller reads (for a case opened from it), or null. */
export async function blackSiteReadable(tx: Db, actor: Actor, id: string) {
  const [row] = await tx
    .select({ id: b.id, regionId: b.regionId })
    .from(b)
    .where(and(eq(b.id, id), scope(actor, 'enforcement.read')));
  return row ?? null;
}

/** A case opened from the site is recorded on it (the first one). */
export async function linkBlackSiteCase(tx: Db, siteId: string, caseId: string) {
  await tx
    .update(b)
    .set({ caseId, updatedAt: new Date() })
    .where(and(eq(b.id, siteId), sql`${b.caseId} is null`));
}

/** Would a site in this region led by this department lie in the caller's manage scope? */
async function inManageScope(tx: Db, actor: Actor, regionId: string, departmentIds: string[]) {
  const d: ScopeDescriptor = {
    regionId: sql`${regionId}::uuid`,
    department: {
      namedIds: sql`array[${sql.join(
        departmentIds.map((d) => sql`${d}::uuid`),
        sql`, `,
      )}]::uuid[]`,
      coordinatorsSeeAll: true,
    },
  };
  const r = (await tx.execute(sql`select (${scopeFilter(actor, 'enforcement.manage', d)}) as ok`)) as unknown as {
    rows: { ok: boolean }[];
  };
  return r.rows[0]?.ok === true;
}

export function createBlackSitesService({ db, today = () => chinaToday() }: { db: Db; today?: () => string }) {
  const base = (tx: Db) =>
    tx
      .select({ row: b, regionName: regionsTable.name, tipTrackingCode: tipsTable.trackingCode })
      .from(b)
      .leftJoin(regionsTable, eq(regionsTable.id, b.regionId))
      .leftJoin(tipsTable, eq(tipsTable.id, b.tipId));

  async function present(tx: Db, rows: { row: Row; regionName: string | null; tipTrackingCode: string | null }[]) {
    const ids = [...new Set(rows.flatMap((x) => x.row.departmentIds))];
    const depts = ids.length
      ? await tx
          .select({ id: departmentsTable.id, name: departmentsTable.shortName })
          .from(departmentsTable)
          .where(inArray(departmentsTable.id, ids))
      : [];
    const name = new Map(depts.map((d) => [d.id, d.name]));
    return rows.map(({ row, regionName, tipTrackingCode }) => ({
      id: row.id,
      origin: row.origin,
      tipId: row.tipId,
      tipTrackingCode,
      address: row.address,
      lng: row.lng,
      lat: row.lat,
      regionId: row.regionId,
      regionName,
      departments: row.departmentIds.map((id) => ({ id, name: name.get(id) ?? '' })),
      description: row.description,
      status: row.status,
      struckOn: row.struckOn,
      strikeNote: row.strikeNote,
      seizedCylinders: row.seizedCylinders,
      outcome: row.outcome,
      outcomeNote: row.outcomeNote,
      caseId: row.caseId,
      closedOn: row.closedOn,
      createdAt: row.createdAt.toISOString(),
    }));
  }

  async function get(tx: Db, actor: Actor, id: string) {
    const rows = await base(tx).where(and(eq(b.id, id), scope(actor, 'enforcement.read')));
    if (!rows.length) throw blackSiteNotFound();
    return (await present(tx, rows))[0]!;
  }

  async function lock(tx: Db, actor: Actor, id: string) {
    requirePermission(actor, 'enforcement.manage');
    const [row] = await tx
      .select()
      .from(b)
      .where(and(eq(b.id, id), scope(actor, 'enforcement.read')))
      .for('update');
    if (!row) throw blackSiteNotFound();
    if (!(await inManageScope(tx, actor, row.regionId, row.departmentIds))) throw caseOutsideScope();
    return row;
  }

  async function audit(tx: Db, actor: Actor, action: string, row: { id: string; regionId: string }, details = {}) {
    await recordAudit(tx, {
      actor,
      action,
      subject: { type: 'black_site', id: row.id },
      regionId: row.regionId,
      details,
    });
  }

  return {
    async list({
      actor,
      query,
    }: {
      actor: Actor;
      query: { status?: BlackSiteStatus; regionId?: string; page: number; pageSize: number };
    }) {
      requirePermission(actor, 'enforcement.read');
      const where: SQL[] = [scope(actor, 'enforcement.read')];
      if (query.status) where.push(eq(b.status, query.status));
      if (query.regionId)
        where.push(
          sql`${b.regionId} in (select r.id from regions r where r.path like (select p.path from regions p where p.id = ${query.regionId}::uuid) || '%')`,
        );
      const rows = await base(db)
        .where(and(...where))
        .orderBy(desc(b.createdAt), desc(b.id))
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize);
      const [n] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(b)
        .where(and(...where));
      return { items: await present(db, rows), total: n?.n ?? 0, page: query.page, pageSize: query.pageSize };
    },

    get: ({ actor, id }: { actor: Actor; id: string }) => {
      requirePermission(actor, 'enforcement.read');
      return get(db, actor, id);
    },

    /** 黑窝点: from a tip of category black_cylinder (its place by default) or found by staff. */
    async open({ actor, input }: { actor: Actor; input: OpenBlackSiteInput }) {
      requirePermission(actor, 'enforcement.manage');
      const id = await db.transaction(async (tx) => {
        let { address, lng, lat, regionId, description } = input;
        let tipDepartmentId: string | null = null;
        if (input.origin === 'tip') {
          if (!input.tipId) throw blackSiteTipInvalid({ field: 'tipId' });
          const tip = await loadTip(tx, actor, input.tipId);
          if (tip?.category !== 'black_cylinder') throw blackSiteTipInvalid({ field: 'tipId' });
          const [taken] = await tx.select({ id: b.id }).from(b).where(eq(b.tipId, tip.id));
          if (taken) throw caseTransitionNotAllowed({ step: 'open', blackSiteId: taken.id });
          address = address ?? tip.address ?? undefined;
          lng = lng ?? tip.lng ?? undefined;
          lat = lat ?? tip.lat ?? undefined;
          regionId = regionId ?? tip.regionId ?? undefined;
          description = description ?? tip.description;
          tipDepartmentId = tip.departmentId;
        } else if (input.tipId) throw blackSiteTipInvalid({ field: 'tipId' });
        // The leading department: the one named, else the caller's own, else the one the tip was routed to.
        const departmentId =
          input.departmentId ??
          actor.grants.find((g) => g.scopeType === 'department' && g.departmentId)?.departmentId ??
          tipDepartmentId ??
          undefined;
        if (!departmentId) throw caseDepartmentRequired({ field: 'departmentId' });
        const [dept] = await tx.select().from(departmentsTable).where(eq(departmentsTable.id, departmentId));
        if (!dept) throw caseDepartmentRequired({ field: 'departmentId' });
        if (!address) throw caseSubjectRequired({ field: 'address' });
        if (!description) throw caseSubjectRequired({ field: 'description' });
        if (!regionId) throw caseSubjectRequired({ field: 'regionId' });
        const [region] = await tx.select().from(regionsTable).where(eq(regionsTable.id, regionId));
        if (!region) throw caseSubjectRequired({ field: 'regionId' });
        if (!(await inManageScope(tx, actor, regionId, [departmentId]))) throw caseOutsideScope();
        const [row] = await tx
          .insert(b)
          .values({
            origin: input.origin,
            tipId: input.tipId ?? null,
            address,
            lng: lng ?? null,
            lat: lat ?? null,
            regionId,
            departmentIds: [departmentId],
            description,
            createdBy: actor.type === 'user' ? actor.id : null,
          })
          .returning();
        await audit(tx, actor, 'black_site.open', row!, { origin: input.origin, tipId: input.tipId ?? null });
        return row!.id;
      });
      return get(db, actor, id);
    },

    /** 打击: the date, the departments striking with the leading one, what was done (and seized). */
    async strike({ actor, id, input }: { actor: Actor; id: string; input: StrikeBlackSiteInput }) {
      await db.transaction(async (tx) => {
        const row = await lock(tx, actor, id);
        if (row.status !== 'reported') throw caseTransitionNotAllowed({ status: row.status, step: 'strike' });
        if (input.struckOn > today()) throw dateInvalid({ field: 'struckOn' });
        const extra = [...new Set(input.departmentIds)].filter((d) => !row.departmentIds.includes(d));
        if (extra.length) {
          const found = await tx
            .select({ id: departmentsTable.id })
            .from(departmentsTable)
            .where(inArray(departmentsTable.id, extra));
          if (found.length !== extra.length) throw caseDepartmentRequired({ field: 'departmentIds' });
        }
        if (input.caseId) {
          const [c] = await tx
            .select({ id: enforcementCasesTable.id })
            .from(enforcementCasesTable)
            .where(and(eq(enforcementCasesTable.id, input.caseId), caseScope(actor, 'enforcement.read')));
          if (!c) throw linkNotFound({ field: 'caseId' });
        }
        await tx
          .update(b)
          .set({
            status: 'struck',
            struckOn: input.struckOn,
            strikeNote: input.note,
            seizedCylinders: input.seizedCylinders ?? null,
            departmentIds: [...row.departmentIds, ...extra],
            caseId: input.caseId ?? row.caseId,
            updatedAt: new Date(),
          })
          .where(eq(b.id, id));
        await audit(tx, actor, 'black_site.strike', row, { struckOn: input.struckOn, departmentIds: extra });
      });
      return get(db, actor, id);
    },

    /** 办结: the outcome (banned, transferred to public security, nothing found …). */
    async close({ actor, id, outcome, note }: { actor: Actor; id: string; outcome: BlackSiteOutcome; note: string }) {
      await db.transaction(async (tx) => {
        const row = await lock(tx, actor, id);
        if (row.status === 'closed') throw caseTransitionNotAllowed({ status: row.status, step: 'close' });
        if (row.status === 'reported' && outcome !== 'not_found')
          throw caseTransitionNotAllowed({ status: row.status, step: 'close' });
        await tx
          .update(b)
          .set({ status: 'closed', outcome, outcomeNote: note, closedOn: today(), updatedAt: new Date() })
          .where(eq(b.id, id));
        await audit(tx, actor, 'black_site.close', row, { outcome });
      });
      return get(db, actor, id);
    },
  };
}
