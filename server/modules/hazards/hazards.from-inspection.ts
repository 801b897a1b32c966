import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import {
  type CheckItem,
  type Severity,
  checkItem,
  defaultDeadline,
  defaultLimits,
  type HazardLimits,
  operatorHazardFromHouseholdInspection,
  reboundOf,
} from '../../../domain/hazards/index.ts';
import { chinaToday } from '../../../domain/registry/pipelines-people-vehicles.ts';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../platform/access.ts';
import { recordAuditEntry } from '../../platform/audit/audit.ts';
import type { InspectionFailure, InspectionRow } from '../inspections/index.ts';
import { type LedgerObject, loadLedgerObject } from '../registry/index.ts';
import { departmentsTable, regionsTable } from '../organisation/index.ts';
import { listMajorOnFinding } from './hazards.service.ts';
import { hazardEventsTable, hazardNumberCountersTable, hazardsTable } from './hazards.table.ts';

/** A failed check item of a signed inspection. */
export type { InspectionFailure };

export type CreatedHazard = {
  id: string;
  number: string;
  itemId: string | null;
  severity: Severity;
  objectType: string;
  objectId: string;
  reboundOfHazardId: string | null;
};

/** 'YH-2023-000123': the ledger's human number. */
export function hazardNumber(year: number, n: number): string {
  return `YH-${year}-${String(n).padStart(6, '0')}`;
}

/**
 * Reserves `count` consecutive hazard numbers of a year and returns the first; the counter row's
 * upsert is atomic, so concurrent transactions never hand out the same number.
 */
export async function allocateHazardNumbers(tx: Db, year: number, count: number): Promise<number> {
  const c = hazardNumberCountersTable;
  const [row] = await tx
    .insert(c)
    .values({ year, last: count })
    .onConflictDoUpdate({ target: c.year, set: { last: sql`${c.last} + ${count}` } })
    .returning({ last: c.last });
  return row!.last - count + 1;
}

/** The China calendar day of an instant. */
const dayOf = (d: Date) => chinaToday(d);

/** Department ids by code, for the county that contains the object (departments serve a county). */
async function departmentsByCode(tx: Db, codes: string[], objectRegionPath: string) {
  if (codes.length === 0) return new Map<string, string>();
  const rows = await tx
    .select({ id: departmentsTable.id, code: departmentsTable.code, path: regionsTable.path })
    .from(departmentsTable)
    .innerJoin(regionsTable, eq(regionsTable.id, departmentsTable.regionId))
    .where(and(inArray(departmentsTable.code, codes), sql`${departmentsTable.archivedAt} is null`));
  const out = new Map<string, string>();
  // The most specific region containing the object wins.
  for (const row of rows.sort((a, b) => a.path.length - b.path.length)) {
    if (objectRegionPath.startsWith(row.path)) out.set(row.code, row.id);
  }
  return out;
}

type Draft = {
  object: Pick<
    LedgerObject,
    'type' | 'id' | 'regionId' | 'regionPath' | 'objectKind' | 'ownerEnterpriseId' | 'name' | 'address' | 'responsible'
  >;
  item: CheckItem;
  severity: Severity;
  planRef: string;
  /** The catalogue entries' citation, for an item decided from the banned-products catalogue. */
  catalogueBasis: string | null;
  description: string;
  photoIds: string[];
};

/** The object as the inspection recorded it, with the register's responsible party when it is still there. */
async function objectOf(tx: Db, inspection: InspectionRow, today: string) {
  const live = await loadLedgerObject(tx, { type: inspection.objectType, id: inspection.objectId }, today);
  const [region] = await tx
    .select({ path: regionsTable.path })
    .from(regionsTable)
    .where(eq(regionsTable.id, inspection.regionId));
  return {
    type: inspection.objectType,
    id: inspection.objectId,
    regionId: inspection.regionId,
    regionPath: region?.path ?? live?.regionPath ?? '',
    objectKind: inspection.objectKind,
    ownerEnterpriseId: inspection.ownerEnterpriseId,
    name: inspection.objectName,
    address: inspection.objectAddress,
    responsible: live?.responsible ?? { party: inspection.objectName, personId: null, personName: null, phone: null },
  };
}

/**
 * Raises the hazards of a signed inspection (plan 五、工作安排(一)3: 逐一登记在册), in the caller's
 * transaction: one per failed item, with the item's severity, plan reference and responsible
 * department, the default deadline for its severity counted from the visit day, and the object's
 * responsible party. A failure of an item that failed at the same object and was closed within the
 * rebound window is linked to that hazard (改后反弹). For an operator's household inspection with a
 * listed user defect and no written notice, the operator gets its own major hazard (MOHURD
 * 建城规〔2023〕4号 art. 9). A correction does not raise again what the corrected record raised.
 * A defect still open at the object (a hazard not yet closed for the same item) is not raised
 * twice: the open hazard's timeline records it as found again. Idempotent: a hazard already raised
 * by this inspection for the same object and item is kept. Deadlines and the rebound window are
 * those of `limits` (the server passes its configured RANAN_LIMITS).
 */
export async function createHazardsFromInspection(
  tx: Db,
  inspection: InspectionRow,
  failures: readonly InspectionFailure[],
  actor: Actor,
  { limits = defaultLimits }: { limits?: HazardLimits } = {},
): Promise<CreatedHazard[]> {
  const foundOn = dayOf(inspection.visitedAt ?? inspection.signedAt ?? new Date());
  const today = chinaToday();
  const object = await objectOf(tx, inspection, today);

  const drafts: Draft[] = [];
  for (const f of failures) {
    const item = checkItem(f.itemId);
    if (!item) continue;
    const parts = [item.text.zh];
    if (f.reason?.zh) parts.push(`：${f.reason.zh}`);
    if (f.note?.trim()) parts.push(`（${f.note.trim()}）`);
    drafts.push({
      object,
      item,
      severity: f.severity ?? item.severity,
      planRef: item.planRef,
      // A banned-products item cites the catalogue entry found, not the item's general basis (hazardBasis).
      catalogueBasis: f.basis ?? null,
      description: parts.join(''),
      photoIds: [...(f.photoIds ?? [])],
    });
  }

  if (inspection.kind === 'household' && inspection.inspectingEnterpriseId && inspection.writtenNoticeGiven !== true) {
    const operatorHazard = operatorHazardFromHouseholdInspection({
      userDefects: failures.map((f) => f.itemId),
      writtenNoticeGiven: false,
    });
    const operator = operatorHazard
      ? await loadLedgerObject(tx, { type: 'enterprise', id: inspection.inspectingEnterpriseId }, today)
      : undefined;
    if (operatorHazard && operator) {
      drafts.push({
        object: operator,
        item: checkItem(operatorHazard.itemId)!,
        severity: operatorHazard.severity,
        planRef: operatorHazard.planRef,
        catalogueBasis: null,
        description: `${operatorHazard.description.zh}（用户：${inspection.objectName}）`,
        photoIds: [],
      });
    }
  }

  // A correction re-records what its original found: keep the original's hazards, raise only new failures.
  let alreadyRaised = new Set<string>();
  if (inspection.correctsInspectionId) {
    const rows = await tx
      .select({ objectId: hazardsTable.objectId, itemId: hazardsTable.itemId })
      .from(hazardsTable)
      .where(eq(hazardsTable.sourceInspectionId, inspection.correctsInspectionId));
    alreadyRaised = new Set(rows.map((r) => `${r.objectId}/${r.itemId}`));
  }
  let pending = drafts.filter((d) => !alreadyRaised.has(`${d.object.id}/${d.item.id}`));
  if (pending.length === 0) return [];

  // A defect that is still open at the object is that hazard found again, not a second ledger entry:
  // its timeline notes the inspection that saw it (the open count stays true, 动态清零).
  const open = await tx
    .select({
      id: hazardsTable.id,
      objectId: hazardsTable.objectId,
      itemId: hazardsTable.itemId,
      status: hazardsTable.status,
      regionId: hazardsTable.regionId,
    })
    .from(hazardsTable)
    .where(
      and(
        inArray(hazardsTable.objectId, [...new Set(pending.map((d) => d.object.id))]),
        inArray(hazardsTable.itemId, [...new Set(pending.map((d) => d.item.id))]),
        sql`${hazardsTable.status} <> 'closed'`,
      ),
    );
  const openByKey = new Map(open.map((h) => [`${h.objectId}/${h.itemId}`, h]));
  for (const d of pending) {
    const existing = openByKey.get(`${d.object.id}/${d.item.id}`);
    if (!existing) continue;
    const audit = await recordAuditEntry(tx, {
      actor,
      action: 'hazard.found_again',
      subject: { type: 'hazard', id: existing.id },
      regionId: existing.regionId,
      details: { inspectionId: inspection.id, itemId: d.item.id },
    });
    await tx.insert(hazardEventsTable).values({
      hazardId: existing.id,
      event: 'found_again',
      fromStatus: existing.status,
      toStatus: existing.status,
      actorId: actor.type === 'user' ? actor.id : null,
      actorName: actor.name,
      note: d.description,
      photoIds: d.photoIds,
      details: { inspectionId: inspection.id },
      auditSeq: audit.seq,
    });
  }
  pending = pending.filter((d) => !openByKey.has(`${d.object.id}/${d.item.id}`));
  if (pending.length === 0) return [];

  // Rebound candidates: closed hazards of the same objects and items.
  const closed = await tx
    .select({
      id: hazardsTable.id,
      objectId: hazardsTable.objectId,
      itemId: hazardsTable.itemId,
      closedAt: hazardsTable.closedAt,
    })
    .from(hazardsTable)
    .where(
      and(
        inArray(hazardsTable.objectId, [...new Set(pending.map((d) => d.object.id))]),
        inArray(hazardsTable.itemId, [...new Set(pending.map((d) => d.item.id))]),
        isNotNull(hazardsTable.closedAt),
      ),
    );
  const closedDays = closed.map((c) => ({ ...c, closedAt: dayOf(c.closedAt!) }));

  const year = Number(foundOn.slice(0, 4));
  const first = await allocateHazardNumbers(tx, year, pending.length);
  const created: CreatedHazard[] = [];
  for (const [i, d] of pending.entries()) {
    const departments = await departmentsByCode(tx, [d.item.department], d.object.regionPath);
    const rebound = reboundOf({ objectId: d.object.id, itemId: d.item.id, at: foundOn }, closedDays, {
      windowMonths: limits.reboundWindowMonths,
    });
    const [row] = await tx
      .insert(hazardsTable)
      .values({
        number: hazardNumber(year, first + i),
        objectType: d.object.type,
        objectId: d.object.id,
        regionId: d.object.regionId,
        objectKind: d.object.objectKind,
        ownerEnterpriseId: d.object.ownerEnterpriseId,
        objectName: d.object.name,
        objectAddress: d.object.address,
        source: 'inspection',
        sourceInspectionId: inspection.id,
        itemId: d.item.id,
        planRef: d.planRef,
        catalogueBasis: d.catalogueBasis,
        severity: d.severity,
        description: d.description,
        photoIds: d.photoIds,
        departmentId: departments.get(d.item.department) ?? null,
        responsibleParty: d.object.responsible.party,
        responsiblePersonId: d.object.responsible.personId,
        responsiblePersonName: d.object.responsible.personName,
        responsiblePhone: d.object.responsible.phone,
        foundOn,
        deadline: defaultDeadline(d.severity, foundOn, limits),
        status: 'open',
        reboundOfHazardId: rebound?.id ?? null,
        createdBy: actor.type === 'user' ? actor.id : null,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) continue;
    const audit = await recordAuditEntry(tx, {
      actor,
      action: 'hazard.create',
      subject: { type: 'hazard', id: row.id },
      regionId: row.regionId,
      after: row,
      details: {
        number: row.number,
        source: 'inspection',
        inspectionId: inspection.id,
        itemId: row.itemId,
        severity: row.severity,
        deadline: row.deadline,
        reboundOfHazardId: row.reboundOfHazardId,
      },
    });
    await tx.insert(hazardEventsTable).values({
      hazardId: row.id,
      event: 'created',
      fromStatus: null,
      toStatus: 'open',
      actorId: actor.type === 'user' ? actor.id : null,
      actorName: actor.name,
      note: row.description,
      photoIds: row.photoIds,
      details: { source: 'inspection', inspectionId: inspection.id, reboundOfHazardId: row.reboundOfHazardId },
      auditSeq: audit.seq,
    });
    // A major hazard is listed for supervision (挂牌督办) and reported the moment it is found.
    await listMajorOnFinding(tx, actor, row);
    created.push({
      id: row.id,
      number: row.number,
      itemId: row.itemId,
      severity: row.severity,
      objectType: row.objectType,
      objectId: row.objectId,
      reboundOfHazardId: row.reboundOfHazardId,
    });
  }
  return created;
}
