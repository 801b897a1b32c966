import { sql } from 'drizzle-orm';
import {
  check,
  date,
  index,
  integer,
  numeric,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { fundSources, milestones } from '../../../domain/renewal/projects.ts';
import { renewalStatuses } from '../../../domain/registry/registry.ts';
import { regionsTable } from '../organisation/organisation.table.ts';
import { enterprisesTable, facilitiesTable, pipelineSegmentsTable } from '../registry/registry.table.ts';
import { usersTable } from '../users/users.table.ts';

/**
 * Renewal projects (改造项目, plan 四(二)1–2): one operator's segments and stations in one township,
 * the renewed length, the budget and its funds, the contractor and the milestones. Money in yuan.
 */
export const renewalProjectsTable = pgTable(
  'renewal_projects',
  {
    id: uuid().primaryKey().defaultRandom(),
    code: text().notNull(),
    name: text().notNull(),
    /** The plan year the project counts for (the target it is measured against). */
    planYear: smallint().notNull(),
    regionId: uuid()
      .notNull()
      .references(() => regionsTable.id),
    operatorId: uuid()
      .notNull()
      .references(() => enterprisesTable.id),
    contractor: text(),
    /** Length renewed (metres); by default the covered segments' length. */
    lengthM: numeric({ precision: 12, scale: 1, mode: 'number' }).notNull(),
    budgetYuan: numeric({ precision: 14, scale: 2, mode: 'number' }).notNull(),
    /** Why the received funds exceed the budget (required when they do). */
    overBudgetReason: text(),
    progressPercent: smallint().notNull().default(0),
    note: text(),
    createdBy: uuid().references(() => usersTable.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('renewal_projects_code_key').on(t.code),
    index('renewal_projects_region_idx').on(t.regionId),
    index('renewal_projects_operator_idx').on(t.operatorId),
    check('renewal_projects_amounts', sql`${t.budgetYuan} >= 0 and ${t.lengthM} >= 0`),
    check('renewal_projects_progress', sql`${t.progressPercent} between 0 and 100`),
  ],
);

/** A segment covered by a project (one project at a time); its status before, restored when it leaves. */
export const renewalProjectSegmentsTable = pgTable(
  'renewal_project_segments',
  {
    projectId: uuid()
      .notNull()
      .references(() => renewalProjectsTable.id, { onDelete: 'cascade' }),
    segmentId: uuid()
      .notNull()
      .references(() => pipelineSegmentsTable.id),
    priorStatus: text({ enum: renewalStatuses }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.segmentId] }),
    uniqueIndex('renewal_project_segments_segment_key').on(t.segmentId),
  ],
);

/** A station (facility) covered by a project. */
export const renewalProjectFacilitiesTable = pgTable(
  'renewal_project_facilities',
  {
    projectId: uuid()
      .notNull()
      .references(() => renewalProjectsTable.id, { onDelete: 'cascade' }),
    facilityId: uuid()
      .notNull()
      .references(() => facilitiesTable.id),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.facilityId] })],
);

/** Planned and received funds of a project by source. */
export const renewalProjectFundsTable = pgTable(
  'renewal_project_funds',
  {
    projectId: uuid()
      .notNull()
      .references(() => renewalProjectsTable.id, { onDelete: 'cascade' }),
    source: text({ enum: fundSources }).notNull(),
    plannedYuan: numeric({ precision: 14, scale: 2, mode: 'number' }).notNull().default(0),
    receivedYuan: numeric({ precision: 14, scale: 2, mode: 'number' }).notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.source] }),
    check('renewal_project_funds_amounts', sql`${t.plannedYuan} >= 0 and ${t.receivedYuan} >= 0`),
  ],
);

/** The milestones of a project: planned and done dates. */
export const renewalProjectMilestonesTable = pgTable(
  'renewal_project_milestones',
  {
    projectId: uuid()
      .notNull()
      .references(() => renewalProjectsTable.id, { onDelete: 'cascade' }),
    milestone: text({ enum: milestones }).notNull(),
    plannedOn: date({ mode: 'string' }),
    doneOn: date({ mode: 'string' }),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.milestone] })],
);

/** Progress reported on a project (the operator on site, or the office): percent, note, photos. */
export const renewalProgressReportsTable = pgTable(
  'renewal_progress_reports',
  {
    id: uuid().primaryKey().defaultRandom(),
    projectId: uuid()
      .notNull()
      .references(() => renewalProjectsTable.id, { onDelete: 'cascade' }),
    reportedOn: date({ mode: 'string' }).notNull(),
    progressPercent: smallint().notNull(),
    note: text(),
    /** Stored files (photos) of the report. */
    photoFileIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
    reportedBy: uuid().references(() => usersTable.id),
    reportedByName: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('renewal_progress_reports_project_idx').on(t.projectId),
    check('renewal_progress_reports_percent', sql`${t.progressPercent} between 0 and 100`),
  ],
);

/** The plan's target of renewed length per year (set by the campaign office). */
export const renewalTargetsTable = pgTable('renewal_targets', {
  year: integer().primaryKey(),
  targetKm: numeric({ precision: 10, scale: 2, mode: 'number' }).notNull(),
  updatedBy: uuid().references(() => usersTable.id),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
