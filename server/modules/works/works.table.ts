import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  check,
  date,
  doublePrecision,
  index,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { type WorksPlace, segmentMatches, worksKinds } from '../../../domain/works/works.ts';
import { filesTable } from '../../platform/files/index.ts';
import { hazardsTable } from '../hazards/hazards.table.ts';
import { departmentsTable, regionsTable } from '../organisation/organisation.table.ts';
import { enterprisesTable, pipelineSegmentsTable } from '../registry/registry.table.ts';
import { usersTable } from '../users/users.table.ts';

/**
 * Third-party works near gas facilities (第三方施工, plan 三(三)1, 三(五)8): who builds (an enterprise of the
 * register, usually of kind `builder`), where (a point or a polygon), the pipeline segments within their
 * protection distance, the dates, the protection agreement (安全保护协议) and the operator's guardian (监护人).
 * A works started without an agreement raises one hazard against the builder (`hazard_id`, set once).
 */
export const worksTable = pgTable(
  'third_party_works',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    kind: text({ enum: worksKinds }).notNull(),
    /** 施工单位: the responsible party of the works' hazard. */
    builderEnterpriseId: uuid()
      .notNull()
      .references(() => enterprisesTable.id),
    /** The township where it lies (scope). */
    regionId: uuid()
      .notNull()
      .references(() => regionsTable.id),
    address: text().notNull(),
    place: jsonb().$type<WorksPlace>().notNull(),
    /** The place's centre, for the map's markers. */
    lng: doublePrecision().notNull(),
    lat: doublePrecision().notNull(),
    /** Whether the segments were computed from the map or chosen by hand. */
    segmentMatch: text({ enum: segmentMatches }).notNull(),
    /** Operators (owning enterprises) of the segments near it: they see the works (scope). */
    operatorIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
    startOn: date({ mode: 'string' }).notNull(),
    endOn: date({ mode: 'string' }),
    agreementSigned: boolean().notNull().default(false),
    agreementOn: date({ mode: 'string' }),
    agreementFileId: uuid().references(() => filesTable.id),
    /** The operator's on-site guardian (监护人). */
    guardianName: text(),
    guardianPhone: text(),
    siteContact: text(),
    siteContactPhone: text(),
    note: text(),
    /** The department that recorded it (the housing department), if a department did. */
    departmentId: uuid().references(() => departmentsTable.id),
    /** The hazard raised against the builder for working without an agreement (at most one). */
    hazardId: uuid().references((): AnyPgColumn => hazardsTable.id),
    createdBy: uuid().references(() => usersTable.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    archivedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('third_party_works_region_idx').on(t.regionId, t.startOn),
    index('third_party_works_builder_idx').on(t.builderEnterpriseId),
    index('third_party_works_operators_idx').using('gin', t.operatorIds),
    uniqueIndex('third_party_works_hazard_key').on(t.hazardId),
    check('third_party_works_dates', sql`${t.endOn} is null or ${t.endOn} >= ${t.startOn}`),
    check('third_party_works_agreement', sql`${t.agreementSigned} or ${t.agreementOn} is null`),
  ],
);

/** A segment within the works' protection distance (computed, with the distance) or chosen by hand. */
export const worksSegmentsTable = pgTable(
  'third_party_works_segments',
  {
    worksId: uuid()
      .notNull()
      .references(() => worksTable.id),
    segmentId: uuid()
      .notNull()
      .references(() => pipelineSegmentsTable.id),
    distanceM: numeric({ precision: 10, scale: 1, mode: 'number' }),
  },
  (t) => [
    uniqueIndex('third_party_works_segments_key').on(t.worksId, t.segmentId),
    index('third_party_works_segments_segment_idx').on(t.segmentId),
  ],
);

/** The operator's guardian on site (现场监护): each visit, by whom, what was found. */
export const worksVisitsTable = pgTable(
  'third_party_works_visits',
  {
    id: uuid().primaryKey().defaultRandom(),
    worksId: uuid()
      .notNull()
      .references(() => worksTable.id),
    enterpriseId: uuid()
      .notNull()
      .references(() => enterprisesTable.id),
    visitedOn: date({ mode: 'string' }).notNull(),
    guardianName: text().notNull(),
    /** Whether protection measures were in place at the visit. */
    measuresInPlace: boolean().notNull(),
    note: text(),
    createdBy: uuid().references(() => usersTable.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('third_party_works_visits_works_idx').on(t.worksId, t.visitedOn)],
);
