import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { hazardsTable } from '../hazards/hazards.table.ts';
import { departmentsTable, regionsTable } from '../organisation/organisation.table.ts';
import { usersTable } from '../users/users.table.ts';

export const bulletinKinds = ['scheduled', 'on_demand'] as const;

/**
 * 调度通报 (plan 五、保障措施(二)): a bulletin is computed once and kept as issued (never recomputed),
 * with its rows per township and per department, so its history stays what was circulated.
 */
export const bulletinsTable = pgTable(
  'bulletins',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** 第 N 期: running number over all bulletins. */
    issue: integer().notNull(),
    kind: text({ enum: bulletinKinds }).notNull(),
    /** The day the figures are taken on (as GET /api/v1/progress?asOf=). */
    asOf: date({ mode: 'string' }).notNull(),
    /** Campaign phase the figures are limited to (null: the whole campaign). */
    phase: text(),
    /** A scheduled bulletin's job slot: one bulletin per slot, whatever the retries. */
    slot: timestamp({ withTimezone: true }),
    previousId: uuid().references((): AnyPgColumn => bulletinsTable.id),
    /** Rows per township (regionId, regionName, figures, score, rank, changes). */
    regionRows: jsonb().notNull(),
    /** Rows per department. */
    departmentRows: jsonb().notNull(),
    total: jsonb().notNull(),
    /** Names and labels of figures added by other modules (rebounds, tips…). */
    extraFigures: jsonb().notNull().default(sql`'[]'::jsonb`),
    commentary: text().notNull(),
    createdBy: uuid().references(() => usersTable.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('bulletins_issue_key').on(t.issue),
    uniqueIndex('bulletins_slot_key').on(t.slot),
    index('bulletins_created_idx').on(t.createdAt, t.id),
  ],
);

export const orderTargetTypes = ['region', 'department'] as const;
export const orderSubjectTypes = ['hazard', 'area', 'task'] as const;
export const orderStatuses = ['issued', 'received', 'answered', 'closed'] as const;
export const orderResults = ['completed', 'not_completed'] as const;

/**
 * 督办单 (plan 五、保障措施(二) 督办交办): the office orders a township or a department to act on a
 * hazard, an area or a task of the plan by a date; the answer and the result are recorded; the
 * daily job escalates an order left unanswered past its date (level 1 overdue, level 2 a week later).
 */
export const supervisionOrdersTable = pgTable(
  'supervision_orders',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** 'DB-<year>-<4 digits>'. */
    number: text().notNull(),
    targetType: text({ enum: orderTargetTypes }).notNull(),
    targetRegionId: uuid().references(() => regionsTable.id),
    targetDepartmentId: uuid().references(() => departmentsTable.id),
    /** The addressee's region (the township, or the department's county): scope and the audit's region. */
    regionId: uuid()
      .notNull()
      .references(() => regionsTable.id),
    subjectType: text({ enum: orderSubjectTypes }).notNull(),
    /** The hazard (subject 'hazard'). */
    hazardId: uuid().references(() => hazardsTable.id),
    /** The area concerned (subject 'area'). */
    areaRegionId: uuid().references(() => regionsTable.id),
    /** A task of the plan, e.g. '三(四)2'. */
    taskCode: text(),
    /** 挂牌督办: a major hazard listed for supervision. */
    listed: boolean().notNull().default(false),
    title: text().notNull(),
    requirement: text().notNull(),
    issuedOn: date({ mode: 'string' }).notNull(),
    dueOn: date({ mode: 'string' }).notNull(),
    status: text({ enum: orderStatuses }).notNull().default('issued'),
    /** 签收: the addressee acknowledged the order. */
    receivedAt: timestamp({ withTimezone: true }),
    receivedBy: uuid().references(() => usersTable.id),
    answer: text(),
    answeredAt: timestamp({ withTimezone: true }),
    answeredBy: uuid().references(() => usersTable.id),
    result: text({ enum: orderResults }),
    resultNote: text(),
    closedAt: timestamp({ withTimezone: true }),
    escalationLevel: smallint().notNull().default(0),
    escalatedAt: timestamp({ withTimezone: true }),
    /** The office's reason when it raised the level by hand (提级督办). */
    escalationNote: text(),
    bulletinId: uuid().references(() => bulletinsTable.id),
    createdBy: uuid().references(() => usersTable.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('supervision_orders_number_key').on(t.number),
    index('supervision_orders_open_due_idx').on(t.dueOn, t.id).where(sql`${t.status} = 'issued'`),
    index('supervision_orders_target_region_idx').on(t.targetRegionId),
    index('supervision_orders_target_department_idx').on(t.targetDepartmentId),
    index('supervision_orders_hazard_idx').on(t.hazardId),
  ],
);

export const supervisionActionKinds = ['warning', 'interview', 'accountability'] as const;

/**
 * 警示、约谈、问责 (plan 五、保障措施(二)): recorded against a township or a department, usually the
 * slow performers a bulletin reveals (bulletinId) or an order left undone (orderId).
 */
export const supervisionActionsTable = pgTable(
  'supervision_actions',
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: text({ enum: supervisionActionKinds }).notNull(),
    targetType: text({ enum: orderTargetTypes }).notNull(),
    targetRegionId: uuid().references(() => regionsTable.id),
    targetDepartmentId: uuid().references(() => departmentsTable.id),
    /** The target's region (the township, or the department's county). */
    regionId: uuid()
      .notNull()
      .references(() => regionsTable.id),
    bulletinId: uuid().references(() => bulletinsTable.id),
    orderId: uuid().references(() => supervisionOrdersTable.id),
    heldOn: date({ mode: 'string' }).notNull(),
    /** About what. */
    subject: text().notNull(),
    /** Who (interview: the people interviewed and the interviewers; accountability: who is held to account). */
    persons: text().notNull().default(''),
    /** 约谈: the commitments made; 问责: the measure taken. */
    commitments: text().notNull().default(''),
    followUpDue: date({ mode: 'string' }),
    followUp: text(),
    followUpAt: timestamp({ withTimezone: true }),
    createdBy: uuid().references(() => usersTable.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('supervision_actions_held_idx').on(t.heldOn, t.id)],
);

export const accidentLevels = ['incident', 'general', 'larger', 'major', 'especially_major'] as const;
/** recorded → investigating (调查组, who leads) → closed (结案: cause, responsibility, measures). */
export const accidentStatuses = ['recorded', 'investigating', 'closed'] as const;

/** 燃气事故 register, with the 提级调查 flag, linked to the objects, hazards and cases concerned. */
export const gasAccidentsTable = pgTable(
  'gas_accidents',
  {
    id: uuid().primaryKey().defaultRandom(),
    occurredAt: timestamp({ withTimezone: true }).notNull(),
    regionId: uuid()
      .notNull()
      .references(() => regionsTable.id),
    place: text().notNull(),
    level: text({ enum: accidentLevels }).notNull(),
    deaths: integer().notNull().default(0),
    injuries: integer().notNull().default(0),
    description: text().notNull(),
    /** 提级调查: investigated one level up. */
    escalatedInvestigation: boolean().notNull().default(false),
    objectType: text(),
    objectId: uuid(),
    hazardIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
    caseRefs: text().array().notNull().default(sql`'{}'::text[]`),
    status: text({ enum: accidentStatuses }).notNull().default('recorded'),
    /** 调查: the investigation team and who leads it. */
    investigationTeam: text(),
    investigationStartedOn: date({ mode: 'string' }),
    /** 结案: cause, responsibility and the measures taken. */
    cause: text(),
    conclusion: text(),
    closedOn: date({ mode: 'string' }),
    createdBy: uuid().references(() => usersTable.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('gas_accidents_occurred_idx').on(t.occurredAt, t.id)],
);
