import { and, asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { checkItem } from '../../../domain/hazards/checklist.ts';
import { addDays } from '../../../domain/hazards/dates.ts';
import { closedLate, daysToClose, isOverdue } from '../../../domain/hazards/deadlines.ts';
import { type InspectionObjectType, inspectionObjectTypes } from '../../../domain/inspections/inspections.ts';
import type { Db } from '../../db/client.ts';
import { type Actor, requirePermission } from '../../platform/access.ts';
import { loadLedgerObject } from '../registry/index.ts';
import { inspectionResultsTable, inspectionSignaturesTable, inspectionsTable } from '../inspections/index.ts';
import { peopleTable } from '../registry/index.ts';
import { chinaToday as todayInChina } from '../../../domain/dates.ts';
import { hazardNotFound } from './hazards.errors.ts';
import { dayOf } from './hazards.presenter.ts';
import { hazardValuesInScope } from './hazards.service.ts';
import { hazardsTable } from './hazards.table.ts';

export const AccountabilityParams = z.strictObject({ objectType: z.enum(inspectionObjectTypes), objectId: z.uuid() });
export const AccountabilityQuery = z.strictObject({
  /** A later hazard counts as missed by a signed inspection that passed the same item within this many days before. */
  windowDays: z.coerce.number().int().min(1).max(3650).default(180),
});

const Signer = z.object({ personId: z.string(), name: z.string(), signedAt: z.string(), contentHash: z.string() });

export const AccountabilityResponse = z.object({
  object: z.object({ type: z.enum(inspectionObjectTypes), id: z.string(), name: z.string(), address: z.string() }),
  windowDays: z.number(),
  inspections: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      status: z.string(),
      day: z.string().nullable(),
      signedAt: z.string().nullable(),
      contentHash: z.string().nullable(),
      signers: z.array(Signer),
      failedItems: z.array(z.string()),
      passedItems: z.number(),
      hazardNumbers: z.array(z.string()),
    }),
  ),
  hazards: z.array(
    z.object({
      id: z.string(),
      number: z.string(),
      itemId: z.string().nullable(),
      itemText: z.string().nullable(),
      severity: z.string(),
      status: z.string(),
      source: z.string(),
      sourceInspectionId: z.string().nullable(),
      foundOn: z.string(),
      deadline: z.string(),
      closedOn: z.string().nullable(),
      /** kept: closed by the deadline; missed: closed late or still open past it; pending: open, not yet due. */
      deadlineOutcome: z.enum(['kept', 'missed', 'pending']),
      daysToClose: z.number().nullable(),
      escalationLevel: z.number(),
    }),
  ),
  missed: z.array(
    z.object({
      hazardId: z.string(),
      number: z.string(),
      itemId: z.string(),
      itemText: z.string().nullable(),
      foundOn: z.string(),
      foundByInspectionId: z.string().nullable(),
      earlierInspectionId: z.string(),
      earlierInspectionDay: z.string(),
      daysBefore: z.number(),
      earlierSigners: z.array(Signer),
    }),
  ),
  timeline: z.array(z.object({ day: z.string(), kind: z.string(), text: z.string(), refId: z.string() })),
});

/**
 * 责任倒查: for one object, every inspection (who signed, what it found), every hazard (deadlines
 * kept or missed, days to close), and what was missed — a hazard found later on an item that an
 * earlier signed inspection of the same object passed within `windowDays` before, with that
 * inspection's signers (谁检查、谁签字、谁负责, plan 五(一)3).
 */
export async function accountabilityReview(
  db: Db,
  actor: Actor,
  { objectType, objectId, windowDays }: { objectType: InspectionObjectType; objectId: string; windowDays: number },
  today = todayInChina(),
) {
  requirePermission(actor, 'hazard.read');
  const object = await loadLedgerObject(db, { type: objectType, id: objectId }, today);
  if (!object) throw hazardNotFound();
  const visible = await hazardValuesInScope(
    db,
    actor,
    'hazard.read',
    {
      objectType,
      objectId,
      regionId: object.regionId,
      objectKind: object.objectKind,
      ownerEnterpriseId: object.ownerEnterpriseId,
      departmentId: null,
    },
    'read',
  );
  if (!visible) throw hazardNotFound();

  const t = inspectionsTable;
  const inspections = await db
    .select()
    .from(t)
    .where(and(eq(t.objectType, objectType), eq(t.objectId, objectId)))
    .orderBy(asc(t.createdAt));
  const ids = inspections.map((i) => i.id);
  const signatures = ids.length
    ? await db
        .select({
          inspectionId: inspectionSignaturesTable.inspectionId,
          personId: inspectionSignaturesTable.personId,
          name: peopleTable.name,
          signedAt: inspectionSignaturesTable.signedAt,
          contentHash: inspectionSignaturesTable.contentHash,
        })
        .from(inspectionSignaturesTable)
        .innerJoin(peopleTable, eq(peopleTable.id, inspectionSignaturesTable.personId))
        .where(inArray(inspectionSignaturesTable.inspectionId, ids))
        .orderBy(asc(inspectionSignaturesTable.signedAt))
    : [];
  const results = ids.length
    ? await db
        .select({
          inspectionId: inspectionResultsTable.inspectionId,
          itemId: inspectionResultsTable.itemId,
          result: inspectionResultsTable.result,
        })
        .from(inspectionResultsTable)
        .where(inArray(inspectionResultsTable.inspectionId, ids))
    : [];
  const hazards = await db
    .select()
    .from(hazardsTable)
    .where(and(eq(hazardsTable.objectType, objectType), eq(hazardsTable.objectId, objectId)))
    .orderBy(asc(hazardsTable.foundOn), asc(hazardsTable.number));

  const signersOf = (id: string) =>
    signatures
      .filter((s) => s.inspectionId === id)
      .map((s) => ({
        personId: s.personId,
        name: s.name,
        signedAt: s.signedAt.toISOString(),
        contentHash: s.contentHash,
      }));
  const dayOfInspection = (i: (typeof inspections)[number]) =>
    dayOf(i.visitedAt) ?? dayOf(i.signedAt) ?? i.plannedOn ?? null;

  const inspectionViews = inspections
    .map((i) => ({
      id: i.id,
      kind: i.kind,
      status: i.status,
      day: dayOfInspection(i),
      signedAt: i.signedAt?.toISOString() ?? null,
      contentHash: i.contentHash,
      signers: signersOf(i.id),
      failedItems: results.filter((r) => r.inspectionId === i.id && r.result === 'fail').map((r) => r.itemId),
      passedItems: results.filter((r) => r.inspectionId === i.id && r.result === 'pass').length,
      hazardNumbers: hazards.filter((h) => h.sourceInspectionId === i.id).map((h) => h.number),
    }))
    .sort((a, b) => (a.day ?? '').localeCompare(b.day ?? ''));

  const hazardViews = hazards.map((h) => {
    const closedOn = dayOf(h.closedAt);
    const d = { deadline: h.deadline, closedAt: closedOn };
    const outcome: 'kept' | 'missed' | 'pending' =
      closedOn !== null ? (closedLate(d) ? 'missed' : 'kept') : isOverdue(d, today) ? 'missed' : 'pending';
    return {
      id: h.id,
      number: h.number,
      itemId: h.itemId,
      itemText: h.itemId ? (checkItem(h.itemId)?.text.zh ?? null) : null,
      severity: h.severity,
      status: h.status,
      source: h.source,
      sourceInspectionId: h.sourceInspectionId,
      foundOn: h.foundOn,
      deadline: h.deadline,
      closedOn,
      deadlineOutcome: outcome,
      daysToClose: daysToClose({ foundOn: h.foundOn, closedAt: closedOn }),
      escalationLevel: h.escalationLevel,
    };
  });

  // Signed inspections that passed an item, by item.
  const signedDay = new Map(
    inspections.filter((i) => i.status === 'signed').map((i) => [i.id, dayOf(i.signedAt) ?? dayOfInspection(i)!]),
  );
  const missed = [];
  for (const h of hazards) {
    if (!h.itemId) continue;
    const windowStart = addDays(h.foundOn, -windowDays);
    for (const r of results) {
      if (r.itemId !== h.itemId || r.result !== 'pass' || r.inspectionId === h.sourceInspectionId) continue;
      const day = signedDay.get(r.inspectionId);
      if (!day || day < windowStart || day >= h.foundOn) continue;
      missed.push({
        hazardId: h.id,
        number: h.number,
        itemId: h.itemId,
        itemText: checkItem(h.itemId)?.text.zh ?? null,
        foundOn: h.foundOn,
        foundByInspectionId: h.sourceInspectionId,
        earlierInspectionId: r.inspectionId,
        earlierInspectionDay: day,
        daysBefore: Math.round((Date.parse(h.foundOn) - Date.parse(day)) / 86_400_000),
        earlierSigners: signersOf(r.inspectionId),
      });
    }
  }

  const timeline = [
    ...inspectionViews
      .filter((i) => i.day)
      .map((i) => ({
        day: i.day!,
        kind: `inspection_${i.status}`,
        text: `${i.kind}${i.signers.length ? `，签字：${i.signers.map((s) => s.name).join('、')}` : ''}${i.failedItems.length ? `，不合格 ${i.failedItems.length} 项` : '，未发现隐患'}`,
        refId: i.id,
      })),
    ...hazardViews.map((h) => ({
      day: h.foundOn,
      kind: 'hazard_found',
      text: `${h.number} ${h.itemText ?? ''}`,
      refId: h.id,
    })),
    ...hazardViews
      .filter((h) => h.closedOn)
      .map((h) => ({ day: h.closedOn!, kind: 'hazard_closed', text: `${h.number} 销号`, refId: h.id })),
    ...hazardViews
      .filter((h) => h.deadlineOutcome === 'missed')
      .map((h) => ({ day: addDays(h.deadline, 1), kind: 'deadline_missed', text: `${h.number} 逾期`, refId: h.id })),
  ].sort((a, b) => a.day.localeCompare(b.day));

  return {
    object: { type: objectType, id: objectId, name: object.name, address: object.address },
    windowDays,
    inspections: inspectionViews,
    hazards: hazardViews,
    missed,
    timeline,
  };
}
