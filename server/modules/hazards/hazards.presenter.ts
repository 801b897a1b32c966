import { checkItem } from '../../../domain/hazards/checklist.ts';
import { daysOverdue, interimControlMissing, isOverdue } from '../../../domain/hazards/deadlines.ts';
import { chinaToday as todayInChina } from '../../../domain/dates.ts';
import type { HazardEventRow, HazardWithNames } from './hazards.repository.ts';
import { isMajorListed } from './hazards.listing.ts';

/** The China calendar day of an instant. */
export const dayOf = (d: Date | null): string | null => (d ? todayInChina(d) : null);

/**
 * The legal basis a hazard shows the inspected party (issue 10.9): the entry that decided it, never typed in — the
 * banned-products catalogue entries' citation for an item decided from the catalogue, else its check item's basis as
 * the checklist now reads it (a basis corrected since the hazard was raised shows corrected); none without an item.
 */
export function hazardBasis(r: { itemId: string | null; catalogueBasis?: string | null }): string | null {
  if (r.catalogueBasis) return r.catalogueBasis;
  const item = r.itemId ? checkItem(r.itemId) : undefined;
  return item?.basis ?? null;
}

/** Row → response: the only place a hazard's fields are exposed. */
export function presentHazard(r: HazardWithNames, today: string) {
  const item = r.itemId ? checkItem(r.itemId) : undefined;
  const closedOn = dayOf(r.closedAt);
  const dl = { deadline: r.deadline, closedAt: closedOn };
  return {
    id: r.id,
    number: r.number,
    objectType: r.objectType,
    objectId: r.objectId,
    objectName: r.objectName,
    objectAddress: r.objectAddress,
    objectKind: r.objectKind,
    regionId: r.regionId,
    regionName: r.regionName,
    communityName: r.communityName,
    ownerEnterpriseId: r.ownerEnterpriseId,
    source: r.source,
    sourceInspectionId: r.sourceInspectionId,
    sourceRef: r.sourceRef,
    itemId: r.itemId,
    itemText: item?.text.zh ?? null,
    planRef: r.planRef,
    basis: hazardBasis(r),
    severity: r.severity,
    description: r.description,
    photoIds: r.photoIds,
    departmentId: r.departmentId,
    departmentName: r.departmentName,
    responsibleParty: r.responsibleParty,
    responsiblePersonId: r.responsiblePersonId,
    responsiblePersonName: r.responsiblePersonName,
    responsiblePhone: r.responsiblePhone,
    foundOn: r.foundOn,
    deadline: r.deadline,
    interimControl: r.interimControl,
    interimControlMissing: interimControlMissing({
      severity: r.severity,
      state: r.status,
      interimControlCount: r.interimControl ? 1 : 0,
    }),
    rectification: r.rectification,
    status: r.status,
    submittedAt: r.submittedAt?.toISOString() ?? null,
    closedAt: r.closedAt?.toISOString() ?? null,
    closedOn,
    overdue: isOverdue(dl, today),
    daysOverdue: daysOverdue(dl, today),
    reboundOfHazardId: r.reboundOfHazardId,
    escalationLevel: r.escalationLevel,
    escalatedAt: r.escalatedAt?.toISOString() ?? null,
    listed: isMajorListed(r),
    followUpDueOn: r.followUpDueOn,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export function presentEvent(e: HazardEventRow) {
  return {
    id: e.id,
    event: e.event,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    actorId: e.actorId,
    actorName: e.actorName,
    note: e.note,
    photoIds: e.photoIds,
    reason: e.reason,
    details: e.details ?? null,
    auditSeq: e.auditSeq,
    at: e.at.toISOString(),
  };
}
