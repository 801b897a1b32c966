import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  boolean,
  date,
  doublePrecision,
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
import type { ConditionState } from '../../../domain/monitoring/alarm-machine.ts';
import {
  type ConditionOverride,
  alarmKinds,
  alarmResolutions,
  alarmStatuses,
  sensorKinds,
  sensorObjectTypes,
} from '../../../domain/monitoring/rules.ts';
import { pressureClasses } from '../../../domain/registry/registry.ts';
import { regionsTable } from '../organisation/organisation.table.ts';
import { enterprisesTable } from '../registry/registry.table.ts';
import { usersTable } from '../users/users.table.ts';

const tz = () => timestamp({ withTimezone: true, mode: 'date' });

/**
 * Monitoring points and their sensors (plan 四(三)1). The watched register object's region, kind,
 * owner and name are copied (as the ledger does) so scope and lists need no join.
 */
export const sensorsTable = pgTable(
  'sensors',
  {
    id: uuid().primaryKey().defaultRandom(),
    code: text().notNull(),
    name: text().notNull(),
    kind: text({ enum: sensorKinds }).notNull(),
    objectType: text({ enum: sensorObjectTypes }),
    objectId: uuid(),
    /** As inspections.objectKind: enterprise kind, venue category, 'pipeline' — for department scope. */
    objectKind: text(),
    objectName: text(),
    regionId: uuid()
      .notNull()
      .references(() => regionsTable.id),
    ownerEnterpriseId: uuid().references(() => enterprisesTable.id),
    /** The venue watched (a restaurant's detector), for venue grants. */
    venueId: uuid(),
    lng: doublePrecision(),
    lat: doublePrecision(),
    address: text(),
    intervalSeconds: integer().notNull().default(60),
    pressureClass: text({ enum: pressureClasses }),
    installedOn: date({ mode: 'string' }),
    /** A kitchen detector's shut-off valve (a valve_state sensor): the interlock is checked against it. */
    valveSensorId: uuid().references((): AnyPgColumn => sensorsTable.id),
    /** Per-sensor overrides of the kind's rules (thresholds, hysteresis, durations). */
    ruleOverrides: jsonb().$type<ConditionOverride[]>(),
    archivedAt: tz(),
    createdAt: tz().notNull().defaultNow(),
    updatedAt: tz().notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('sensors_code_key').on(t.code),
    index('sensors_region_idx').on(t.regionId, t.kind),
    index('sensors_owner_idx').on(t.ownerEnterpriseId),
    index('sensors_object_idx').on(t.objectType, t.objectId),
  ],
);

/**
 * The latest reading of each sensor (instant reads, the map, offline detection) and the alarm
 * state machines' states per alarm kind (domain/monitoring/alarm-machine.ts).
 */
export const sensorStatesTable = pgTable(
  'sensor_states',
  {
    sensorId: uuid()
      .primaryKey()
      .references(() => sensorsTable.id),
    lastAt: tz(),
    lastValue: doublePrecision(),
    machines: jsonb().$type<Partial<Record<string, ConditionState>>>().notNull().default({}),
    updatedAt: tz().notNull().defaultNow(),
  },
  // No index on last_at: every batch updates it for each sensor, and without an index on a changed
  // column PostgreSQL updates the row in place (HOT) instead of adding an index entry per reading batch.
  // Offline detection and the lists compute from last_at with the sensor's interval, which no index serves.
);

/** The office's rules per sensor kind (overrides of the defaults), audited. */
export const monitoringKindRulesTable = pgTable('monitoring_kind_rules', {
  sensorKind: text({ enum: sensorKinds }).primaryKey(),
  overrides: jsonb().$type<ConditionOverride[]>().notNull(),
  updatedAt: tz().notNull().defaultNow(),
  updatedBy: uuid().references(() => usersTable.id),
});

/**
 * Alarms: at most one not closed per sensor and alarm kind (partial unique index); the level rises and
 * falls with the readings, `active` says whether the condition still holds; handling is timed step by step.
 */
export const alarmsTable = pgTable(
  'alarms',
  {
    id: uuid().primaryKey().defaultRandom(),
    sensorId: uuid()
      .notNull()
      .references(() => sensorsTable.id),
    sensorCode: text().notNull(),
    sensorKind: text({ enum: sensorKinds }).notNull(),
    kind: text({ enum: alarmKinds }).notNull(),
    level: text({ enum: ['warning', 'alarm'] }).notNull(),
    peakLevel: text({ enum: ['warning', 'alarm'] }).notNull(),
    status: text({ enum: alarmStatuses }).notNull().default('open'),
    active: boolean().notNull().default(true),
    raisedAt: tz().notNull(),
    raisedValue: doublePrecision(),
    lastValue: doublePrecision(),
    clearedAt: tz(),
    regionId: uuid()
      .notNull()
      .references(() => regionsTable.id),
    objectType: text({ enum: sensorObjectTypes }),
    objectId: uuid(),
    objectKind: text(),
    objectName: text(),
    ownerEnterpriseId: uuid().references(() => enterprisesTable.id),
    venueId: uuid(),
    /** Escalation when not acknowledged in time: 1 the enterprise's manager, 2 the department, 3 the office. */
    escalationLevel: smallint().notNull().default(0),
    escalatedAt: tz(),
    acknowledgedAt: tz(),
    acknowledgedBy: uuid().references(() => usersTable.id),
    dispatchedAt: tz(),
    dispatchedBy: uuid().references(() => usersTable.id),
    dispatchedEnterpriseId: uuid().references(() => enterprisesTable.id),
    arrivedAt: tz(),
    closedAt: tz(),
    closedBy: uuid().references(() => usersTable.id),
    resolution: text({ enum: alarmResolutions }),
    /** The hazard this alarm became (hazards.source = 'alarm', source_ref = this id). */
    hazardId: uuid(),
    createdAt: tz().notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('alarms_open_key').on(t.sensorId, t.kind).where(sql`${t.status} <> 'closed'`),
    index('alarms_status_idx').on(t.status, t.raisedAt),
    index('alarms_region_idx').on(t.regionId, t.raisedAt),
    index('alarms_sensor_idx').on(t.sensorId, t.raisedAt),
  ],
);

/** Each step of an alarm (raised, level changed, cleared, acknowledged, dispatched, arrived, note, escalated, closed). */
export const alarmEventsTable = pgTable(
  'alarm_events',
  {
    id: uuid().primaryKey().defaultRandom(),
    alarmId: uuid()
      .notNull()
      .references(() => alarmsTable.id),
    type: text().notNull(),
    at: tz().notNull(),
    actorId: uuid(),
    actorName: text().notNull(),
    level: text(),
    value: doublePrecision(),
    note: text(),
    photoIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
    details: jsonb(),
  },
  (t) => [index('alarm_events_alarm_idx').on(t.alarmId, t.at)],
);

/** Readings refused per gateway and reason (never stored themselves). */
export const gatewayRejectionsTable = pgTable(
  'gateway_rejections',
  {
    gateway: text().notNull(),
    code: text().notNull(),
    count: bigint({ mode: 'number' }).notNull().default(0),
    lastAt: tz().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.gateway, t.code] })],
);
