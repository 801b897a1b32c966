import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  inspectionKinds,
  inspectionObjectTypes,
  inspectionStatuses,
  recordedResults,
} from '../../../domain/inspections/inspections.ts';
import { enterprisesTable, peopleTable } from '../registry/registry.table.ts';
import { regionsTable } from '../organisation/organisation.table.ts';
import { usersTable } from '../users/users.table.ts';
import { limitVersionsTable } from '../rules/rules.table.ts';

/** Hands out the sequence part of inspections' readable numbers (JC-2026-000123). */
export const inspectionNumberSeq = pgSequence('inspection_number_seq');

/**
 * One inspection (排查): a planned or done visit of one supervised object. An inspection with no
 * failed item is a record too and counts for coverage (plan 五、工作安排(一)4 无安全隐患的，也要做好记录).
 * Once every assigned inspector has signed, the row and its results are immutable; a correction is
 * a new row whose `correctsInspectionId` names the signed one.
 */
export const inspectionsTable = pgTable(
  'inspections',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** Id the phone generated for an offline submission; the same id is stored once (ODK-style). */
    clientId: text(),
    /** SHA-256 of the canonical submitted payload: a resubmission with another hash is a conflict. */
    submissionHash: text(),
    kind: text({ enum: inspectionKinds }).notNull(),
    status: text({ enum: inspectionStatuses }).notNull().default('planned'),

    // The inspected object, and copies of its facts at planning time that scope and the ledger read
    // without joining five register tables.
    objectType: text({ enum: inspectionObjectTypes }).notNull(),
    objectId: uuid().notNull(),
    /** Region of the object: township grants see inspections by it. */
    regionId: uuid()
      .notNull()
      .references(() => regionsTable.id),
    /**
     * Kind used by department scope: the enterprise kind (for enterprises and facilities, the owner's
     * kind), the venue category, 'pipeline', or the vehicle kind.
     */
    objectKind: text().notNull(),
    /** The enterprise answering for the object (itself, a facility's or vehicle's owner, a pipeline's operator). */
    ownerEnterpriseId: uuid().references(() => enterprisesTable.id),
    objectName: text().notNull(),
    objectAddress: text().notNull().default(''),

    // Who inspects.
    /** Inspecting departments; a joint inspection (联合检查) has several. */
    departmentIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
    /** For a cross-inspection (交叉互检): the township whose inspectors visit another's object. */
    inspectingRegionId: uuid().references(() => regionsTable.id),
    /** For a self-inspection or an operator's household inspection: the enterprise doing it. */
    inspectingEnterpriseId: uuid().references(() => enterprisesTable.id),

    plannedOn: date({ mode: 'string' }),
    /** CHECKLIST_VERSION (domain/hazards) of the items recorded; item ids mean what that version says. */
    checklistVersion: text().notNull(),
    /**
     * The limits version (规则参数, server/modules/rules) the results were decided under, recorded when they
     * are decided; a signed record keeps it, so re-reading it uses the limits it was signed with.
     */
    limitsVersionId: uuid().references(() => limitVersionsTable.id),
    /** Where and when the visit took place (from the phone). */
    lng: doublePrecision(),
    lat: doublePrecision(),
    visitedAt: timestamp({ withTimezone: true }),
    /** 总体情况: the inspectors' overall result, written at the visit. */
    notes: text().notNull().default(''),
    /** 计划说明: the planner's note to the inspectors (issue 9.23: it was stored as the overall result). */
    planNotes: text().notNull().default(''),
    /**
     * The facts the computed items were decided from: what was measured on site together with the
     * register's facts of the object at that time, so a signed record does not change when the
     * register does.
     */
    facts: jsonb().$type<Record<string, unknown>>(),
    /** MOHURD 建城规〔2023〕4号 art. 9: at an operator's household inspection, was written notice given (书面告知)? */
    writtenNoticeGiven: boolean(),

    correctsInspectionId: uuid().references((): AnyPgColumn => inspectionsTable.id),
    /** A follow-up review (回头看) re-inspects the object of this closed hazard. */
    // The foreign key to hazards(id) is in the database (migration 0002) but not declared here: hazards
    // depend on inspections (a hazard's source inspection), never the reverse (migration 0011 keeps it).
    followUpOfHazardId: uuid(),

    /** SHA-256 of the canonical record, fixed when the last inspector signs. */
    contentHash: text(),
    signedAt: timestamp({ withTimezone: true }),
    createdBy: uuid().references(() => usersTable.id),
    /**
     * The readable number's sequence part: JC-<year created, China time>-<6 digits> (inspectionNumber in
     * domain/inspections), as hazards have YH-numbers. Given by the database on insert, never reused.
     */
    serial: integer().notNull().default(sql`nextval('inspection_number_seq')`),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('inspections_client_id_key').on(t.clientId),
    uniqueIndex('inspections_serial_key').on(t.serial),
    // Lists by township and state, newest plans first.
    index('inspections_region_status_idx').on(t.regionId, t.status, t.plannedOn),
    // An object's inspections: overlaps (多头检查), coverage, accountability review (责任倒查).
    index('inspections_object_idx').on(t.objectType, t.objectId, t.plannedOn),
    index('inspections_departments_idx').using('gin', t.departmentIds),
    index('inspections_owner_idx').on(t.ownerEnterpriseId).where(sql`${t.ownerEnterpriseId} is not null`),
    index('inspections_inspecting_enterprise_idx')
      .on(t.inspectingEnterpriseId)
      .where(sql`${t.inspectingEnterpriseId} is not null`),
    index('inspections_corrects_idx').on(t.correctsInspectionId).where(sql`${t.correctsInspectionId} is not null`),
    index('inspections_follow_up_idx').on(t.followUpOfHazardId).where(sql`${t.followUpOfHazardId} is not null`),
    index('inspections_visited_idx').on(t.visitedAt),
    check(
      'inspections_signed_check',
      sql`${t.status} <> 'signed' or (${t.contentHash} is not null and ${t.signedAt} is not null)`,
    ),
  ],
);

/** The people assigned to an inspection; each must have a current training (先培训、后排查, plan 五(一)1). */
export const inspectionInspectorsTable = pgTable(
  'inspection_inspectors',
  {
    inspectionId: uuid()
      .notNull()
      .references(() => inspectionsTable.id),
    personId: uuid()
      .notNull()
      .references(() => peopleTable.id),
  },
  (t) => [
    primaryKey({ columns: [t.inspectionId, t.personId] }),
    index('inspection_inspectors_person_idx').on(t.personId),
  ],
);

/** One check item's result in one inspection. */
export const inspectionResultsTable = pgTable(
  'inspection_results',
  {
    inspectionId: uuid()
      .notNull()
      .references(() => inspectionsTable.id),
    /** Id of a check item of the inspection's checklist version (domain/hazards/checklist.ts). */
    itemId: text().notNull(),
    result: text({ enum: recordedResults }).notNull(),
    /** True when the server decided the result from the facts (evaluateItem), not the inspector's tick. */
    computed: boolean().notNull().default(false),
    /** Values measured for the item (e.g. { hoseLengthM: 2.4 }). */
    measured: jsonb().$type<Record<string, unknown>>(),
    /** The rule's reason for a computed result ({ zh, en }). */
    reason: jsonb().$type<{ zh: string; en: string }>(),
    note: text().notNull().default(''),
    photoIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
  },
  (t) => [
    primaryKey({ columns: [t.inspectionId, t.itemId] }),
    // Which records reference a file (who may download a photo).
    index('inspection_results_photos_idx').using('gin', t.photoIds),
  ],
);

/**
 * 谁检查、谁签字、谁负责 (plan 五(一)3): each assigned inspector's signature, made by the user linked
 * to the person after re-entering the password, bound to the record by its content hash and entered
 * in the audit chain (the entry's seq and hash are kept here).
 */
export const inspectionSignaturesTable = pgTable(
  'inspection_signatures',
  {
    inspectionId: uuid()
      .notNull()
      .references(() => inspectionsTable.id),
    personId: uuid()
      .notNull()
      .references(() => peopleTable.id),
    userId: uuid()
      .notNull()
      .references(() => usersTable.id),
    signedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** SHA-256 of the canonical record the inspector signed. */
    contentHash: text().notNull(),
    auditSeq: bigint({ mode: 'number' }).notNull(),
    auditHash: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.inspectionId, t.personId] }), index('inspection_signatures_user_idx').on(t.userId)],
);
