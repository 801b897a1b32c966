import { publicTipStatus, tipOverdue } from '../../../domain/tips/tips.ts';
import type { TipRow, TipWithNames } from './tips.repository.ts';
import type { tipEventsTable } from './tips.table.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** What the reporter reads with the tracking code: the status, the answer and the reward — nothing about staff or others. */
export function presentPublicTip(t: TipRow) {
  const rewardShown = t.rewardStatus === 'proposed' || t.rewardStatus === 'approved' || t.rewardStatus === 'paid';
  return {
    status: publicTipStatus(t.status),
    category: t.category,
    createdAt: t.createdAt.toISOString(),
    answer: t.answer,
    reward: rewardShown
      ? {
          status: t.rewardStatus as 'proposed' | 'approved' | 'paid',
          // The amount once approved: a proposal may still change.
          amount: t.rewardStatus === 'proposed' ? null : t.rewardAmount,
        }
      : null,
  };
}

export function presentTipListItem(t: TipWithNames, now: Date) {
  return {
    id: t.id,
    trackingCode: t.trackingCode,
    category: t.category,
    description: t.description,
    lng: t.lng,
    lat: t.lat,
    address: t.address,
    status: t.status,
    urgent: t.urgent,
    overdue: tipOverdue(t, now),
    dueAt: t.dueAt.toISOString(),
    regionId: t.regionId,
    regionName: t.regionName,
    departmentId: t.departmentId,
    departmentName: t.departmentName,
    createdAt: t.createdAt.toISOString(),
    rewardStatus: t.rewardStatus,
  };
}

export function presentTipDetail(t: TipWithNames, now: Date) {
  return {
    ...presentTipListItem(t, now),
    contactName: t.contactName,
    contactPhone: t.contactPhone,
    photoIds: t.photoIds,
    duplicateOfTipId: t.duplicateOfTipId,
    outcome: t.outcome,
    grade: t.grade,
    verificationNote: t.verificationNote,
    hazardId: t.hazardId,
    caseId: t.caseId,
    alreadyInLedger: t.alreadyInLedger,
    insider: t.insider,
    fine: t.fine,
    answer: t.answer,
    rewardAmount: t.rewardAmount,
    rewardRefusal: t.rewardRefusal,
    rewardApprovedAt: iso(t.rewardApprovedAt),
    rewardPaidAt: iso(t.rewardPaidAt),
    rewardPaymentRef: t.rewardPaymentRef,
    acceptedAt: iso(t.acceptedAt),
    verifiedAt: iso(t.verifiedAt),
    closedAt: iso(t.closedAt),
  };
}

export function presentTipEvent(e: typeof tipEventsTable.$inferSelect) {
  return { id: e.id, event: e.event, actorName: e.actorName, note: e.note, details: e.details, at: e.at.toISOString() };
}
