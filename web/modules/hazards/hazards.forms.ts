import type { Dayjs } from 'dayjs';
import type { CampaignPhaseCode, FollowUpRequest, Hazard, HazardChanges } from './hazards.api.ts';

// What the ledger's office forms send: pure, so they are tested without a browser.

/** 编辑隐患 form values. */
export type EditValues = {
  responsibleParty: string;
  responsiblePersonName: string;
  responsiblePhone: string;
  deadline: Dayjs | null;
  reason: string;
};

export const editFields = ['responsibleParty', 'responsiblePersonName', 'responsiblePhone', 'deadline', 'reason'];

/**
 * The body of PATCH /api/v1/hazards/:id: only what changed (a cleared name or phone is null); a
 * moved deadline carries the reason (the server refuses it without one), an edit of other fields
 * carries it when one is given.
 */
export function hazardChanges(
  h: Pick<
    Hazard,
    'responsibleParty' | 'responsiblePersonId' | 'responsiblePersonName' | 'responsiblePhone' | 'deadline'
  >,
  v: EditValues,
): HazardChanges {
  const out: HazardChanges = {};
  const party = v.responsibleParty.trim();
  if (party !== h.responsibleParty) out.responsibleParty = party;
  const name = v.responsiblePersonName.trim() || null;
  if (name !== h.responsiblePersonName) {
    out.responsiblePersonName = name;
    // A name typed by hand no longer names the registered person the hazard pointed at.
    if (h.responsiblePersonId) out.responsiblePersonId = null;
  }
  const phone = v.responsiblePhone.trim() || null;
  if (phone !== h.responsiblePhone) out.responsiblePhone = phone;
  const deadline = v.deadline?.format('YYYY-MM-DD');
  const reason = v.reason.trim();
  if (deadline && deadline !== h.deadline) {
    out.deadline = deadline;
    out.reason = reason;
  } else if (Object.keys(out).length > 0 && reason) {
    out.reason = reason;
  }
  return out;
}

/** 安排回头看 form values. */
export type FollowUpValues = {
  by: 'phase' | 'dates';
  phase?: CampaignPhaseCode;
  dates?: [Dayjs, Dayjs];
  /** Percent, 0–100; the configured share when empty. */
  sharePercent?: number | null;
  dueOn?: Dayjs | null;
  regionId?: string;
};

/** The body of POST /api/v1/hazards/follow-ups/schedule: a phase or dates, the share as a fraction. */
export function followUpRequest(v: FollowUpValues): FollowUpRequest {
  return {
    ...(v.by === 'phase' && v.phase ? { phase: v.phase } : {}),
    ...(v.by === 'dates' && v.dates
      ? { from: v.dates[0].format('YYYY-MM-DD'), to: v.dates[1].format('YYYY-MM-DD') }
      : {}),
    ...(typeof v.sharePercent === 'number' ? { share: Math.round(v.sharePercent * 10) / 1000 } : {}),
    ...(v.dueOn ? { dueOn: v.dueOn.format('YYYY-MM-DD') } : {}),
    ...(v.regionId ? { regionId: v.regionId } : {}),
  };
}
