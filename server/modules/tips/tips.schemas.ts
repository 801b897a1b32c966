import { z } from 'zod';
import { inspectionObjectTypes } from '../../../domain/inspections/inspections.ts';
import {
  TIP_LIMITS,
  rewardStatuses,
  tipCategories,
  tipGrades,
  tipOutcomes,
  tipStatuses,
} from '../../../domain/tips/tips.ts';
import { PageQuery, Phone } from '../../platform/schemas.ts';

const Text = (max: number) => z.string().trim().min(1).max(max);

/** The public contract (issue 14): exactly these fields, no sign-in. */
export const SubmitTipBody = z
  .strictObject({
    category: z.enum(tipCategories),
    description: Text(TIP_LIMITS.description),
    lng: z.number().min(-180).max(180).optional(),
    lat: z.number().min(-90).max(90).optional(),
    address: Text(TIP_LIMITS.address).optional(),
    contactName: Text(TIP_LIMITS.contactName).optional(),
    contactPhone: Phone.optional(),
    photoIds: z.array(z.uuid()).max(TIP_LIMITS.photos).optional(),
  })
  .meta({ id: 'SubmitTip' });
export type SubmitTipInput = z.infer<typeof SubmitTipBody>;

export const TipSubmitted = z.object({ trackingCode: z.string() }).meta({ id: 'TipSubmitted' });
export const TipPhotoUploaded = z.object({ id: z.string() }).meta({ id: 'TipPhotoUploaded' });
export const TipChallenge = z
  .object({ challenge: z.string(), bits: z.number(), header: z.string() })
  .meta({ id: 'TipChallenge' });

export const TrackingParams = z.strictObject({ trackingCode: z.string().trim().min(6).max(40) });

/** What the reporter reads with the tracking code: nothing about staff or other people. */
export const PublicTip = z
  .object({
    status: z.enum(['received', 'accepted', 'verified', 'closed']),
    category: z.enum(tipCategories),
    createdAt: z.string(),
    answer: z.string().nullable(),
    reward: z.object({ status: z.enum(['proposed', 'approved', 'paid']), amount: z.number().nullable() }).nullable(),
  })
  .meta({ id: 'PublicTip' });

export const ListTipsQuery = z.strictObject({
  status: z.enum(tipStatuses).optional(),
  category: z.enum(tipCategories).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  open: z.enum(['true', 'false']).optional(),
  ...PageQuery,
});
export type ListTipsInput = z.infer<typeof ListTipsQuery>;

const TipFields = {
  id: z.string(),
  trackingCode: z.string(),
  category: z.enum(tipCategories),
  description: z.string(),
  lng: z.number().nullable(),
  lat: z.number().nullable(),
  address: z.string().nullable(),
  status: z.enum(tipStatuses),
  urgent: z.boolean(),
  overdue: z.boolean(),
  dueAt: z.string(),
  regionId: z.string(),
  regionName: z.string().nullable(),
  departmentId: z.string().nullable(),
  departmentName: z.string().nullable(),
  createdAt: z.string(),
  rewardStatus: z.enum(rewardStatuses),
};

export const TipListItem = z.object(TipFields).meta({ id: 'TipListItem' });
export const TipListResponse = z
  .object({ items: z.array(TipListItem), total: z.number(), page: z.number(), pageSize: z.number() })
  .meta({ id: 'TipList' });

export const TipDetail = z
  .object({
    ...TipFields,
    contactName: z.string().nullable(),
    contactPhone: z.string().nullable(),
    photoIds: z.array(z.string()),
    duplicateOfTipId: z.string().nullable(),
    outcome: z.enum(tipOutcomes).nullable(),
    grade: z.enum(tipGrades).nullable(),
    verificationNote: z.string().nullable(),
    hazardId: z.string().nullable(),
    caseId: z.string().nullable(),
    alreadyInLedger: z.boolean(),
    insider: z.boolean(),
    fine: z.number().nullable(),
    answer: z.string().nullable(),
    rewardAmount: z.number().nullable(),
    rewardRefusal: z.string().nullable(),
    rewardApprovedAt: z.string().nullable(),
    rewardPaidAt: z.string().nullable(),
    rewardPaymentRef: z.string().nullable(),
    acceptedAt: z.string().nullable(),
    verifiedAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    events: z.array(
      z.object({
        id: z.string(),
        event: z.string(),
        actorName: z.string(),
        note: z.string().nullable(),
        details: z.record(z.string(), z.unknown()).nullable(),
        at: z.string(),
      }),
    ),
    /** Tips of the same category near it in place and time (possible duplicates), for merging. */
    duplicates: z.array(
      z.object({
        id: z.string(),
        trackingCode: z.string(),
        status: z.enum(tipStatuses),
        createdAt: z.string(),
        address: z.string().nullable(),
        distanceM: z.number().nullable(),
        description: z.string(),
      }),
    ),
    abilities: z.object({
      accept: z.boolean(),
      verify: z.boolean(),
      close: z.boolean(),
      merge: z.boolean(),
      approveReward: z.boolean(),
      payReward: z.boolean(),
    }),
  })
  .meta({ id: 'TipDetail' });

const Note = z.string().trim().max(2000);

export const AcceptTipBody = z
  .strictObject({
    /** Re-route on accepting (the routing was wrong for this place or matter). */
    departmentId: z.uuid().optional(),
    regionId: z.uuid().optional(),
    note: Note.optional(),
  })
  .meta({ id: 'AcceptTip' });

export const VerifyTipBody = z
  .strictObject({
    outcome: z.enum(tipOutcomes),
    grade: z.enum(tipGrades).optional(),
    note: Note.min(1),
    /** Founded: the register object the hazard lies on; it becomes a hazard in the ledger (source 'tip'). */
    hazard: z
      .strictObject({
        objectType: z.enum(inspectionObjectTypes),
        objectId: z.uuid(),
        itemId: z.string().trim().min(1).max(100).optional(),
        description: Text(2000).optional(),
        interimControl: Text(2000).optional(),
        deadline: z.iso.date().optional(),
      })
      .optional(),
    /** Founded, and the hazard was already in the ledger: no new hazard, and no reward. */
    existingHazardId: z.uuid().optional(),
    /** Founded as an illegal operation with no register object (a black site, black cylinders): a case follows. */
    withoutObject: z.boolean().optional(),
    /** The reporter is the duty holder's own staff (no reward). Also found from the phone number. */
    insider: z.boolean().optional(),
    /** The fine imposed, in yuan, when known (the case's decision sets it later otherwise). */
    fine: z.number().int().min(0).max(100_000_000).optional(),
  })
  .meta({ id: 'VerifyTip' });
export type VerifyTipInput = z.infer<typeof VerifyTipBody>;

export const CloseTipBody = z.strictObject({ answer: Text(2000) }).meta({ id: 'CloseTip' });
export const MergeTipBody = z.strictObject({ intoTipId: z.uuid(), note: Note.optional() }).meta({ id: 'MergeTip' });
export const ApproveRewardBody = z
  .strictObject({ amount: z.number().int().min(0).max(300_000).optional(), note: Note.optional() })
  .meta({ id: 'ApproveTipReward' });
export const PayRewardBody = z
  .strictObject({ paymentRef: Text(100), note: Note.optional() })
  .meta({ id: 'PayTipReward' });

const Tier = z.strictObject({
  rate: z.number().min(0).max(1),
  min: z.number().int().min(0).max(10_000_000),
  max: z.number().int().min(0).max(10_000_000),
});
export const TipSettings = z
  .strictObject({
    routing: z.strictObject(
      Object.fromEntries(tipCategories.map((c) => [c, z.string().trim().min(1).max(50)])) as Record<
        (typeof tipCategories)[number],
        z.ZodString
      >,
    ),
    rewardTiers: z.strictObject({
      general_hazard: z.strictObject({ fixed: z.number().int().min(0).max(1_000_000) }),
      major_hazard: Tier,
      illegal_operation: Tier,
    }),
  })
  .meta({ id: 'TipSettings' });
export type TipSettingsInput = z.infer<typeof TipSettings>;
