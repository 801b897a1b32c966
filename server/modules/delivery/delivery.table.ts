import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  belowGroundValues,
  cylinderSpecs,
  fuels,
  gasUserKinds,
  orderChannels,
  orderStatuses,
} from '../../../domain/delivery/delivery.ts';
import { type TrackState, type ZoneGeometry, flagKinds } from '../../../domain/delivery/tracking.ts';
import { regionsTable } from '../organisation/organisation.table.ts';
import { enterprisesTable, peopleTable, vehiclesTable, venuesTable } from '../registry/registry.table.ts';
import { usersTable } from '../users/users.table.ts';

const timestamps = {
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  /** Regulated records are archived, never deleted. */
  archivedAt: timestamp({ withTimezone: true }),
};

/**
 * The real-name gas users of a bottled-gas operator (用户动态信息档案, plan 三(一)3): a household or a
 * business, each a venue of the register (a household is registered as a venue of category
 * `household` when the operator files it), with the building facts and the supply contract.
 */
export const deliveryUsersTable = pgTable(
  'delivery_users',
  {
    id: uuid().primaryKey().defaultRandom(),
    operatorEnterpriseId: uuid()
      .notNull()
      .references(() => enterprisesTable.id),
    kind: text({ enum: gasUserKinds }).notNull(),
    venueId: uuid()
      .notNull()
      .references(() => venuesTable.id),
    /** The real-name holder: the household's head or the business's contact. */
    holderName: text().notNull(),
    holderPhone: text().notNull(),
    regionId: uuid()
      .notNull()
      .references(() => regionsTable.id),
    address: text().notNull(),
    lng: doublePrecision(),
    lat: doublePrecision(),
    /** The floor the cylinders stand on (1 = ground floor; negative below ground). */
    cylinderFloor: integer().notNull().default(1),
    belowGround: text({ enum: belowGroundValues }).notNull().default('none'),
    /** The building is a high-rise civil building (GB 50016): a fact of the building. */
    highRiseBuilding: boolean().notNull().default(false),
    contractNumber: text(),
    contractFrom: date({ mode: 'string' }),
    contractTo: date({ mode: 'string' }),
    searchTokens: text().array().notNull().default(sql`'{}'::text[]`),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('delivery_users_operator_venue_key').on(t.operatorEnterpriseId, t.venueId),
    index('delivery_users_operator_phone_idx').on(t.operatorEnterpriseId, t.holderPhone),
    index('delivery_users_venue_idx').on(t.venueId),
    index('delivery_users_region_idx').on(t.regionId),
    // The export's order (the order filed), read in keyset batches.
    index('delivery_users_created_idx').on(t.createdAt, t.id),
    index('delivery_users_search_idx').using('gin', t.searchTokens),
  ],
);

/** An operator's delivery zones (固定配送范围, plan 四(三)3): GeoJSON polygons drawn on the map. */
export const deliveryZonesTable = pgTable(
  'delivery_zones',
  {
    id: uuid().primaryKey().defaultRandom(),
    operatorEnterpriseId: uuid()
      .notNull()
      .references(() => enterprisesTable.id),
    /** The operator's region (for scope). */
    regionId: uuid()
      .notNull()
      .references(() => regionsTable.id),
    name: text().notNull(),
    geometry: jsonb().$type<ZoneGeometry>().notNull(),
    ...timestamps,
  },
  (t) => [index('delivery_zones_operator_idx').on(t.operatorEnterpriseId)],
);

export const deliveryOrdersTable = pgTable(
  'delivery_orders',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** PS + year + sequence, e.g. PS2026000123. */
    number: text().notNull(),
    operatorEnterpriseId: uuid()
      .notNull()
      .references(() => enterprisesTable.id),
    userId: uuid()
      .notNull()
      .references(() => deliveryUsersTable.id),
    /** The user's region (for scope). */
    regionId: uuid()
      .notNull()
      .references(() => regionsTable.id),
    channel: text({ enum: orderChannels }).notNull(),
    spec: text({ enum: cylinderSpecs }).notNull(),
    quantity: integer().notNull(),
    fuel: text({ enum: fuels }).notNull().default('lpg'),
    note: text().notNull().default(''),
    status: text({ enum: orderStatuses }).notNull().default('placed'),
    workerPersonId: uuid().references(() => peopleTable.id),
    vehicleId: uuid().references(() => vehiclesTable.id),
    placedBy: uuid().references(() => usersTable.id),
    placedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    assignedAt: timestamp({ withTimezone: true }),
    deliveredAt: timestamp({ withTimezone: true }),
    cancelledAt: timestamp({ withTimezone: true }),
    cancelReason: text(),
    /** The phone's id of the delivery submission: the same submission again is stored once. */
    deliveryClientId: uuid(),
    deliveryPayloadHash: text(),
    /** The door check is due by then (delivered + the configured hours); set overdue by the job. */
    checkDueAt: timestamp({ withTimezone: true }),
    checkOverdueAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex('delivery_orders_number_key').on(t.number),
    uniqueIndex('delivery_orders_client_key').on(t.deliveryClientId),
    index('delivery_orders_operator_idx').on(t.operatorEnterpriseId, t.placedAt),
    index('delivery_orders_worker_idx').on(t.workerPersonId, t.status),
    index('delivery_orders_user_idx').on(t.userId),
    index('delivery_orders_check_due_idx').on(t.checkDueAt).where(sql`${t.checkDueAt} is not null`),
  ],
);

export const scanDirections = ['full_out', 'empty_back'] as const;

/** The cylinders handed over (full) and taken back (empty) at a delivery. */
export const deliveryScansTable = pgTable(
  'delivery_scans',
  {
    id: uuid().primaryKey().defaultRandom(),
    orderId: uuid()
      .notNull()
      .references(() => deliveryOrdersTable.id),
    cylinderCode: text().notNull(),
    direction: text({ enum: scanDirections }).notNull(),
    scannedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('delivery_scans_key').on(t.orderId, t.cylinderCode, t.direction)],
);

/** The door safety check (随瓶安检) of a delivery: one per order; its failed items are hazards in the ledger. */
export const deliveryChecksTable = pgTable(
  'delivery_checks',
  {
    id: uuid().primaryKey().defaultRandom(),
    orderId: uuid()
      .notNull()
      .references(() => deliveryOrdersTable.id),
    operatorEnterpriseId: uuid()
      .notNull()
      .references(() => enterprisesTable.id),
    regionId: uuid()
      .notNull()
      .references(() => regionsTable.id),
    workerPersonId: uuid()
      .notNull()
      .references(() => peopleTable.id),
    checkedAt: timestamp({ withTimezone: true }).notNull(),
    answers: jsonb().$type<Record<string, string>>().notNull(),
    hoseLengthM: numeric({ precision: 5, scale: 2, mode: 'number' }),
    photoIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
    failedItems: text().array().notNull().default(sql`'{}'::text[]`),
    hazardIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
    /** The operator's written notice (书面告知) to the user, in the operator's name (plan 五(一)2). */
    noticeText: text(),
    recordedBy: uuid().references(() => usersTable.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('delivery_checks_order_key').on(t.orderId),
    index('delivery_checks_operator_idx').on(t.operatorEnterpriseId, t.checkedAt),
  ],
);

/**
 * Vehicle positions (定位监管): a year of tracks stays fast because the primary key (vehicle, time) is
 * the only index: a day's replay is one range scan of it, the latest position of a vehicle one
 * backward step, and a resend is stored once (`on conflict do nothing` on the key).
 */
export const vehiclePositionsTable = pgTable(
  'vehicle_positions',
  {
    // Named explicitly: platform/ingest writes by the columns' own names.
    vehicleId: uuid('vehicle_id').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    lat: doublePrecision('lat').notNull(),
    lng: doublePrecision('lng').notNull(),
    speedKmh: real('speed_kmh').notNull(),
    /** `terminal` (machine token) or `phone` (the driver's phone). */
    source: text('source').notNull(),
  },
  (t) => [primaryKey({ columns: [t.vehicleId, t.at] })],
);

/** Flags of a vehicle's track: leaving the zones, speeding, fatigue driving; each may become a hazard. */
export const vehicleFlagsTable = pgTable(
  'vehicle_flags',
  {
    id: uuid().primaryKey().defaultRandom(),
    vehicleId: uuid()
      .notNull()
      .references(() => vehiclesTable.id),
    operatorEnterpriseId: uuid()
      .notNull()
      .references(() => enterprisesTable.id),
    regionId: uuid()
      .notNull()
      .references(() => regionsTable.id),
    kind: text({ enum: flagKinds }).notNull(),
    startedAt: timestamp({ withTimezone: true }).notNull(),
    endedAt: timestamp({ withTimezone: true }).notNull(),
    maxSpeedKmh: real(),
    hazardId: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('vehicle_flags_key').on(t.vehicleId, t.kind, t.startedAt),
    index('vehicle_flags_operator_idx').on(t.operatorEnterpriseId, t.startedAt),
  ],
);

/**
 * Each vehicle's running state, written in the transaction that stores its positions (the positions
 * stream's `afterInsert`): where its flag computation stands on its latest China day (domain `TrackState`),
 * so a batch of new positions continues from it instead of reading the day's track again, and its latest
 * stored fix (`last*`), the impossible-speed check's starting point for a batch after it. `last*` is null
 * for a vehicle whose state predates it (the check then reads the stored track).
 */
export const vehicleTrackStatesTable = pgTable('vehicle_track_states', {
  vehicleId: uuid()
    .primaryKey()
    .references(() => vehiclesTable.id),
  day: date({ mode: 'string' }).notNull(),
  state: jsonb().$type<TrackState>().notNull(),
  lastAt: timestamp({ withTimezone: true }),
  lastLat: doublePrecision(),
  lastLng: doublePrecision(),
  lastSpeedKmh: real(),
});

/** Order numbers per year. */
export const deliveryNumberCountersTable = pgTable('delivery_number_counters', {
  year: integer().primaryKey(),
  last: integer().notNull(),
});
