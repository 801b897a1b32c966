import { sql } from 'drizzle-orm';
import {
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  type RewardIneligibility,
  type RewardTiers,
  type TipCategory,
  rewardStatuses,
  tipCategories,
  tipGrades,
  tipOutcomes,
  tipStatuses,
} from '../../../domain/tips/tips.ts';
import { departmentsTable, regionsTable } from '../organisation/organisation.table.ts';
import { usersTable } from '../users/users.table.ts';

/**
 * Public tips (举报, plan 五(一)2): filed without sign-in, followed by the reporter with the tracking
 * code; routed to a department (by category) and a township (by place); handled received → accepted →
 * verified → closed with an answer for the reporter. The reporter's name and phone are never shown
 * to the public and only to staff handling the tip. `client_key` is a keyed digest of the client's
 * address (never the address itself), used to limit how many tips one client files.
 */
export const tipsTable = pgTable(
  'tips',
  {
    id: uuid().primaryKey().defaultRandom(),
    trackingCode: text().notNull(),
    category: text({ enum: tipCategories }).notNull(),
    description: text().notNull(),
    lng: doublePrecision(),
    lat: doublePrecision(),
    address: text(),
    contactName: text(),
    contactPhone: text(),
    photoIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
    urgent: boolean().notNull().default(false),
    status: text({ enum: tipStatuses }).notNull().default('received'),
    /** The township the place lies in (or the county when unknown): its officers see the tip. */
    regionId: uuid()
      .notNull()
      .references(() => regionsTable.id),
    /** The department routed to by category (editable routing). */
    departmentId: uuid().references(() => departmentsTable.id),
    dueAt: timestamp({ withTimezone: true }).notNull(),
    duplicateOfTipId: uuid(),
    outcome: text({ enum: tipOutcomes }),
    grade: text({ enum: tipGrades }),
    verificationNote: text(),
    /** What the verification became: a hazard in the ledger (source 'tip'), a case, or an existing hazard. */
    hazardId: uuid(),
    caseId: uuid(),
    alreadyInLedger: boolean().notNull().default(false),
    insider: boolean().notNull().default(false),
    fine: integer(),
    answer: text(),
    rewardStatus: text({ enum: rewardStatuses }).notNull().default('none'),
    rewardAmount: integer(),
    rewardRefusal: text().$type<RewardIneligibility>(),
    rewardApprovedBy: uuid().references(() => usersTable.id),
    rewardApprovedAt: timestamp({ withTimezone: true }),
    rewardPaidAt: timestamp({ withTimezone: true }),
    rewardPaymentRef: text(),
    clientKey: text().notNull(),
    /** The proof-of-work challenge it was filed with (null without one): a challenge is spent once. */
    powChallenge: text(),
    acceptedAt: timestamp({ withTimezone: true }),
    verifiedAt: timestamp({ withTimezone: true }),
    closedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('tips_tracking_code_key').on(t.trackingCode),
    uniqueIndex('tips_pow_challenge_key').on(t.powChallenge),
    index('tips_region_idx').on(t.regionId, t.createdAt),
    index('tips_department_idx').on(t.departmentId, t.createdAt),
    index('tips_category_created_idx').on(t.category, t.createdAt),
    index('tips_client_idx').on(t.clientKey, t.createdAt),
  ],
);

/** A tip's timeline: every staff step with who, when and the note. */
export const tipEventsTable = pgTable(
  'tip_events',
  {
    id: uuid().primaryKey().defaultRandom(),
    tipId: uuid()
      .notNull()
      .references(() => tipsTable.id),
    event: text().notNull(),
    actorId: uuid(),
    actorName: text().notNull(),
    note: text(),
    details: jsonb().$type<Record<string, unknown>>(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('tip_events_tip_idx').on(t.tipId, t.at)],
);

/** The office's settings (one row, id 'default'): routing by category and the reward tiers; the proof-of-work key. */
export const tipSettingsTable = pgTable('tip_settings', {
  id: text().primaryKey(),
  routing: jsonb().$type<Record<TipCategory, string>>().notNull(),
  rewardTiers: jsonb().$type<RewardTiers>().notNull(),
  powKey: text().notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
