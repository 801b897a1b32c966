import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { conversionKinds, conversionTargets, publicityKinds } from '../../../domain/publicity/publicity.ts';
import { departmentsTable, regionsTable } from '../organisation/organisation.table.ts';
import { usersTable } from '../users/users.table.ts';

/**
 * Publicity activities (宣传, plan 四(六)): by a township (region) and/or a department, with the kind, date, place,
 * audience, materials and leaflets handed out, for the returns.
 */
export const publicityActivitiesTable = pgTable(
  'publicity_activities',
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: text({ enum: publicityKinds }).notNull(),
    title: text().notNull(),
    heldOn: date({ mode: 'string' }).notNull(),
    place: text().notNull(),
    /** The township where it was held (scope, figures by township). */
    regionId: uuid()
      .notNull()
      .references(() => regionsTable.id),
    /** The department that held it, when a department did. */
    departmentId: uuid().references(() => departmentsTable.id),
    audienceCount: integer().notNull(),
    leafletCount: integer().notNull().default(0),
    /** Materials used (展板, 手册, 视频…), as written. */
    materials: text(),
    note: text(),
    createdBy: uuid().references(() => usersTable.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('publicity_activities_region_idx').on(t.regionId, t.heldOn),
    check('publicity_activities_counts', sql`${t.audienceCount} >= 0 and ${t.leafletCount} >= 0`),
  ],
);

/**
 * 瓶改管 / 气改电 conversions (plan 四(二)4): how many households and businesses of a township converted, and when
 * (one row per batch reported).
 */
export const gasConversionsTable = pgTable(
  'gas_conversions',
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: text({ enum: conversionKinds }).notNull(),
    target: text({ enum: conversionTargets }).notNull(),
    regionId: uuid()
      .notNull()
      .references(() => regionsTable.id),
    departmentId: uuid().references(() => departmentsTable.id),
    count: integer().notNull(),
    completedOn: date({ mode: 'string' }).notNull(),
    /** Where (community, street) and by whom, as reported. */
    place: text(),
    note: text(),
    createdBy: uuid().references(() => usersTable.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('gas_conversions_region_idx').on(t.regionId, t.completedOn),
    check('gas_conversions_count', sql`${t.count} > 0`),
  ],
);
