import { sql } from 'drizzle-orm';
import {
  date,
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
  type MeasureType,
  blackSiteOrigins,
  blackSiteOutcomes,
  blackSiteStatuses,
  caseSources,
  caseStatuses,
  caseSubjectTypes,
  referralStatuses,
} from '../../../domain/enforcement/enforcement.ts';
import { departmentsTable, regionsTable } from '../organisation/organisation.table.ts';
import { enterprisesTable } from '../registry/registry.table.ts';
import { usersTable } from '../users/users.table.ts';

export type CaseMeasure = {
  type: MeasureType;
  /** 责令限期改正: the date to correct by. */
  dueDate?: string;
  /** 罚款 / 没收: yuan. */
  amount?: number;
  /** 停产停业整顿 / 吊销: the licence of the register it acts on. */
  licenceId?: string;
  note?: string;
};

/**
 * Enforcement cases (立案, plan 五(一)5): against an enterprise, a venue or an individual, by the issuing
 * department, from a hazard, a tip, an inspection or by hand. The decision's measures are kept as
 * given; a licence revocation or suspension also changes the licence in the register (registry's
 * contract) in the decision's transaction. Never deleted.
 */
export const enforcementCasesTable = pgTable(
  'enforcement_cases',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** 立案编号: <department>立〔year〕N号. */
    number: text().notNull(),
    departmentId: uuid()
      .notNull()
      .references(() => departmentsTable.id),
    regionId: uuid()
      .notNull()
      .references(() => regionsTable.id),
    subjectType: text({ enum: caseSubjectTypes }).notNull(),
    subjectId: uuid(),
    subjectName: text().notNull(),
    /** The owning enterprise (an enterprise's own id), for licences and blacklists. */
    enterpriseId: uuid().references(() => enterprisesTable.id),
    source: text({ enum: caseSources }).notNull(),
    sourceRef: uuid(),
    facts: text().notNull(),
    legalBasis: text().array().notNull().default(sql`'{}'::text[]`),
    status: text({ enum: caseStatuses }).notNull().default('open'),
    measures: jsonb().$type<CaseMeasure[]>().notNull().default([]),
    decision: text(),
    fineTotal: integer().notNull().default(0),
    correctionOrderNumber: text(),
    penaltyDecisionNumber: text(),
    decidedOn: date({ mode: 'string' }),
    closedOn: date({ mode: 'string' }),
    closingNote: text(),
    /** 典型案例: chosen for publication, with the public summary. */
    typicalSummary: text(),
    publishedAt: timestamp({ withTimezone: true }),
    createdBy: uuid().references(() => usersTable.id),
    openedOn: date({ mode: 'string' }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('enforcement_cases_number_key').on(t.number),
    index('enforcement_cases_department_idx').on(t.departmentId, t.openedOn),
    index('enforcement_cases_region_idx').on(t.regionId, t.openedOn),
    index('enforcement_cases_enterprise_idx').on(t.enterpriseId),
  ],
);

/** Running numbers of documents per department, kind and year. */
export const enforcementCountersTable = pgTable('enforcement_counters', {
  key: text().primaryKey(),
  value: integer().notNull(),
});

/**
 * Referrals of leads (线索移交, plan 五(一)5, 三(二)3, 五(三)1): from a department to another or to
 * discipline inspection (纪检监察), with a deadline; sent → received → acted → answered. Both
 * departments see it (`department_ids`); overdue ones are flagged by the daily job.
 */
export const referralsTable = pgTable(
  'referrals',
  {
    id: uuid().primaryKey().defaultRandom(),
    fromDepartmentId: uuid()
      .notNull()
      .references(() => departmentsTable.id),
    toDepartmentId: uuid().references(() => departmentsTable.id),
    /** 纪检监察机关 (no department of the platform): the sender records the answer. */
    toDiscipline: text(),
    departmentIds: uuid().array().notNull(),
    regionId: uuid()
      .notNull()
      .references(() => regionsTable.id),
    caseId: uuid().references(() => enforcementCasesTable.id),
    tipId: uuid(),
    hazardId: uuid(),
    subject: text().notNull(),
    content: text().notNull(),
    deadline: date({ mode: 'string' }).notNull(),
    status: text({ enum: referralStatuses }).notNull().default('sent'),
    receivedAt: timestamp({ withTimezone: true }),
    actedAt: timestamp({ withTimezone: true }),
    actionNote: text(),
    answeredAt: timestamp({ withTimezone: true }),
    answer: text(),
    overdueFlaggedAt: timestamp({ withTimezone: true }),
    createdBy: uuid().references(() => usersTable.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('referrals_departments_idx').using('gin', t.departmentIds),
    index('referrals_deadline_idx').on(t.status, t.deadline),
  ],
);

/**
 * Blacklists under joint punishment (联合惩戒 / 失信名单, plan 三(二)2-3): an enterprise or a person, with
 * the basis, the period and removal. Active: not removed and not past `ends_on`.
 */
export const blacklistEntriesTable = pgTable(
  'blacklist_entries',
  {
    id: uuid().primaryKey().defaultRandom(),
    subjectType: text({ enum: ['enterprise', 'person'] }).notNull(),
    enterpriseId: uuid().references(() => enterprisesTable.id),
    personName: text(),
    personIdNumber: text(),
    subjectName: text().notNull(),
    basis: text().notNull(),
    caseId: uuid().references(() => enforcementCasesTable.id),
    departmentId: uuid()
      .notNull()
      .references(() => departmentsTable.id),
    regionId: uuid()
      .notNull()
      .references(() => regionsTable.id),
    startsOn: date({ mode: 'string' }).notNull(),
    endsOn: date({ mode: 'string' }),
    removedAt: timestamp({ withTimezone: true }),
    removedReason: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('blacklist_enterprise_idx').on(t.enterpriseId)],
);

/**
 * Black sites (黑窝点, plan 三(一)7): a place of illegal storage, filling or selling of bottled gas,
 * reported by the public (a tip of category black_cylinder) or found by staff; struck on a date by the
 * departments named (`department_ids`: the leading one first); the outcome. Never deleted.
 */
export const blackSitesTable = pgTable(
  'black_sites',
  {
    id: uuid().primaryKey().defaultRandom(),
    origin: text({ enum: blackSiteOrigins }).notNull(),
    tipId: uuid(),
    address: text().notNull(),
    lng: doublePrecision(),
    lat: doublePrecision(),
    regionId: uuid()
      .notNull()
      .references(() => regionsTable.id),
    /** The leading department first, then those striking with it. */
    departmentIds: uuid().array().notNull(),
    description: text().notNull(),
    status: text({ enum: blackSiteStatuses }).notNull().default('reported'),
    struckOn: date({ mode: 'string' }),
    strikeNote: text(),
    seizedCylinders: integer(),
    outcome: text({ enum: blackSiteOutcomes }),
    outcomeNote: text(),
    caseId: uuid().references(() => enforcementCasesTable.id),
    closedOn: date({ mode: 'string' }),
    createdBy: uuid().references(() => usersTable.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('black_sites_departments_idx').using('gin', t.departmentIds),
    index('black_sites_region_idx').on(t.regionId, t.createdAt),
    uniqueIndex('black_sites_tip_key').on(t.tipId),
  ],
);
