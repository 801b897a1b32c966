import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { hazardStates } from '../../../domain/hazards/hazard-state.ts';
import { severities } from '../../../domain/hazards/limits.ts';
import { inspectionObjectTypes } from '../../../domain/inspections/inspections.ts';
import { inspectionsTable } from '../inspections/inspections.table.ts';
import { departmentsTable, regionsTable } from '../organisation/organisation.table.ts';
import { enterprisesTable, peopleTable } from '../registry/registry.table.ts';
import { usersTable } from '../users/users.table.ts';

/**
 * Where a hazard came from: a failed check item, entered by hand, a public tip (举报), a monitoring
 * alarm, or a row of a ledger kept before the platform (imported); 'works': a third-party works started
 * without a protection agreement (issue 16).
 */
export const hazardSources = ['inspection', 'manual', 'tip', 'alarm', 'import', 'delivery', 'works'] as const;
export type HazardSource = (typeof hazardSources)[number];

/**
 * The hazard ledger (隐患台账, plan 五、工作安排(一)3): one row per hazard found, with the
 * responsible party, the deadline and the state of its closed loop (domain/hazards/hazard-state.ts:
 * open → rectifying → submitted → closed). Never deleted; every change also writes a
 * `hazard_events` row (the timeline) and an audit entry in the same transaction.
 *
 * Sized for 1,000,000 rows: the ledger page filters by region subtree (`region_id = any(...)`),
 * state, severity, department, object and item, and sorts by deadline; see the indexes below.
 */
export const hazardsTable = pgTable(
  'hazards',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** Human number 'YH-<year>-<six digits>', from `hazard_number_counters` (unique, never reused). */
    number: text().notNull(),

    // The object with the hazard, and copies of its facts when found (as in `inspections`), so the
    // ledger and its export need no join across the register's tables.
    objectType: text({ enum: inspectionObjectTypes }).notNull(),
    objectId: uuid().notNull(),
    /** Region of the object: township scope and the progress figures by region. */
    regionId: uuid()
      .notNull()
      .references(() => regionsTable.id),
    /** Enterprise kind / venue category / 'pipeline' / vehicle kind, for department scope (as inspections.objectKind). */
    objectKind: text().notNull(),
    /** The enterprise answering for the object; an enterprise manager sees and rectifies these. */
    ownerEnterpriseId: uuid().references(() => enterprisesTable.id),
    objectName: text().notNull(),
    objectAddress: text().notNull().default(''),

    source: text({ enum: hazardSources }).notNull(),
    /** The inspection whose failed item raised it (source 'inspection'). */
    sourceInspectionId: uuid().references((): AnyPgColumn => inspectionsTable.id),
    /** For other sources: the tip's or alarm's id, or the number the hazard had in an imported ledger. */
    sourceRef: text(),

    /** Check item (domain/hazards/checklist.ts) and its plan clause, e.g. '三(四)2'; null for a free-text manual hazard. */
    itemId: text(),
    planRef: text(),
    /**
     * The citation of the banned-products catalogue entries that decided the item (issue 10.4, 10.9), as they stood
     * when decided; null when the item's own basis applies. Never typed in: `hazardBasis` shows this, else the
     * check item's (current, corrected) basis.
     */
    catalogueBasis: text(),
    severity: text({ enum: severities }).notNull(),
    description: text().notNull(),
    photoIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),

    /** Responsible department (from the check item's department in the plan's assignment). */
    departmentId: uuid().references(() => departmentsTable.id),
    /** 整治责任人: the party (usually the object's operator or owner) and the person answering for it. */
    responsibleParty: text().notNull().default(''),
    responsiblePersonId: uuid().references(() => peopleTable.id),
    responsiblePersonName: text(),
    responsiblePhone: text(),

    /** Day the hazard was found (China calendar); the deadline counts from it. */
    foundOn: date({ mode: 'string' }).notNull(),
    /** 完成时限 (defaults by severity, domain/hazards/limits.ts). Overdue = not closed after this day. */
    deadline: date({ mode: 'string' }).notNull(),
    /** 管控措施 while it cannot be fixed at once (plan 五(一)4); required for major hazards. */
    interimControl: text(),
    /** 整治措施: what the responsible party reported doing, from the latest submission. */
    rectification: text(),

    status: text({ enum: hazardStates }).notNull().default('open'),
    submittedAt: timestamp({ withTimezone: true }),
    closedAt: timestamp({ withTimezone: true }),
    closedBy: uuid().references(() => usersTable.id),

    /** 改后反弹: the earlier hazard of the same object and item, closed within the rebound window. */
    reboundOfHazardId: uuid().references((): AnyPgColumn => hazardsTable.id),
    /** 0 = not escalated; 1 = township and responsible department; 2 = the campaign office. */
    escalationLevel: smallint().notNull().default(0),
    escalatedAt: timestamp({ withTimezone: true }),
    /** 回头看: the day a follow-up review of this closed hazard is due, when it was drawn for one. */
    followUpDueOn: date({ mode: 'string' }),

    createdBy: uuid().references(() => usersTable.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('hazards_number_key').on(t.number),
    // The ledger page: region subtree + state, sorted by deadline (id breaks ties for keyset paging).
    index('hazards_region_status_deadline_idx').on(t.regionId, t.status, t.deadline, t.id),
    // The same without a state filter (the whole ledger of a township, by deadline).
    index('hazards_region_deadline_idx').on(t.regionId, t.deadline, t.id),
    // The ledger sorted by found date (newest findings first): a scope is a region subtree (`= any(…)`), which no
    // (region, found_on) index can return in order, so the walk is along found_on and the region is a filter
    // (bench/hazards.bench.ts: 35× the bare query with (region_id, found_on), about 1× with these). With a state
    // filter the walk stays within the state.
    index('hazards_found_idx').on(t.foundOn, t.id),
    index('hazards_status_found_idx').on(t.status, t.foundOn, t.id),
    // A department's ledger.
    index('hazards_department_status_deadline_idx').on(t.departmentId, t.status, t.deadline),
    // An object's hazards; with item and closedAt it answers rebound detection (same object and item, closed lately).
    index('hazards_object_item_idx').on(t.objectType, t.objectId, t.itemId, t.closedAt),
    // By check item across the county (which defects recur).
    index('hazards_item_idx').on(t.itemId, t.status),
    // The daily overdue and escalation run reads only what is still open.
    index('hazards_open_deadline_idx').on(t.deadline).where(sql`${t.status} <> 'closed'`),
    index('hazards_owner_idx').on(t.ownerEnterpriseId, t.status).where(sql`${t.ownerEnterpriseId} is not null`),
    index('hazards_source_inspection_idx').on(t.sourceInspectionId).where(sql`${t.sourceInspectionId} is not null`),
    // One hazard per failed item of one inspection and object: raising them again is idempotent.
    uniqueIndex('hazards_inspection_item_key')
      .on(t.sourceInspectionId, t.objectType, t.objectId, t.itemId)
      .where(sql`${t.sourceInspectionId} is not null and ${t.itemId} is not null`),
    index('hazards_rebound_idx').on(t.reboundOfHazardId).where(sql`${t.reboundOfHazardId} is not null`),
    index('hazards_follow_up_idx').on(t.followUpDueOn).where(sql`${t.followUpDueOn} is not null`),
    // Which hazards reference a file (who may download a photo).
    index('hazards_photos_idx').using('gin', t.photoIds),
    check('hazards_escalation_level_check', sql`${t.escalationLevel} between 0 and 2`),
    check('hazards_closed_check', sql`(${t.status} = 'closed') = (${t.closedAt} is not null)`),
  ],
);

/**
 * The hazard's timeline: one row per event (created, start_rectification, submit, verify,
 * send_back, add_interim_control, escalate, …), with the state before and after. Append-only.
 */
export const hazardEventsTable = pgTable(
  'hazard_events',
  {
    id: uuid().notNull().defaultRandom(),
    hazardId: uuid()
      .notNull()
      .references(() => hazardsTable.id),
    /** 'created', 'escalated', 'rebound_linked', or an event type of domain/hazards/hazard-state.ts. */
    event: text().notNull(),
    fromStatus: text({ enum: hazardStates }),
    toStatus: text({ enum: hazardStates }),
    /** The user who acted; null for the system (the daily escalation run, the seed). */
    actorId: uuid().references(() => usersTable.id),
    actorName: text().notNull(),
    note: text(),
    photoIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
    /** Why it was sent back, or another event's reason. */
    reason: text(),
    /** What else the event carries (verification method, escalation level, the rebound's origin, …). */
    details: jsonb().$type<Record<string, unknown>>(),
    /** The audit chain entry written with the event. */
    auditSeq: bigint({ mode: 'number' }),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Partitioned by year of `at` (migration 0043; kept: see platform/partitions): the key includes it.
    primaryKey({ name: 'hazard_events_pkey', columns: [t.id, t.at] }),
    index('hazard_events_hazard_idx').on(t.hazardId, t.at),
    index('hazard_events_photos_idx').using('gin', t.photoIds),
  ],
);

/** The last hazard number handed out per year: `insert … on conflict do update … returning` is atomic. */
export const hazardNumberCountersTable = pgTable('hazard_number_counters', {
  year: integer().primaryKey(),
  last: integer().notNull(),
});

/**
 * 重大事故隐患治理方案 (安全生产事故隐患排查治理暂行规定 art. 15; 安全生产法 art. 41): the treatment plan of a
 * major hazard, one per hazard, replaced as a whole when revised (each revision is on the timeline and in the
 * audit). Recording it reports it to the regulators (the platform is theirs; the outbox tells them at once), and
 * the hazard is listed for supervision (挂牌督办) while it is open. A major hazard is closed only with a plan on
 * file and on-site verification.
 */
export const hazardTreatmentPlansTable = pgTable('hazard_treatment_plans', {
  hazardId: uuid()
    .primaryKey()
    .references(() => hazardsTable.id),
  /** (一) 治理的目标和任务 */
  goals: text().notNull(),
  /** (二) 采取的方法和措施 */
  measures: text().notNull(),
  /** (三) 经费和物资的落实 */
  funds: text().notNull(),
  /** (四) 负责治理的机构和人员 */
  people: text().notNull(),
  /** (五) 治理的时限和要求: the day the treatment is to be complete (not after the hazard's deadline). */
  deadline: date({ mode: 'string' }).notNull(),
  /** (六) 安全措施和应急预案 */
  emergencyMeasures: text().notNull(),
  /** When the plan (its first version) was recorded, i.e. reported. */
  reportedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  revision: integer().notNull().default(1),
  updatedBy: uuid().references(() => usersTable.id),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** What hazard_tallies count (hazards.tallies.ts says how; the triggers of migrations 0039 and 0041 keep them). */
export const hazardTallyMeasures = [
  'found',
  'closed',
  'days',
  'open',
  'rectifying',
  'submitted',
  'major_open',
  'major_unlisted',
  'office',
] as const;

/**
 * The ledger's counts by region, measure and day, kept by triggers on `hazards` in the same transaction as every
 * change (hazards.tallies.ts): what the dashboard reads instead of every hazard. Never written by the application.
 */
export const hazardTalliesTable = pgTable(
  'hazard_tallies',
  {
    regionId: uuid().notNull(),
    measure: text({ enum: hazardTallyMeasures }).notNull(),
    day: date({ mode: 'string' }).notNull(),
    n: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.regionId, t.measure, t.day] })],
);
