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
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  cylinderAnomalyKinds,
  cylinderEventTypes,
  cylinderLocationTypes,
  cylinderModels,
  cylinderPhases,
  cylinderStatuses,
} from '../../../domain/cylinders/cylinders.ts';
import { regionsTable } from '../organisation/organisation.table.ts';
import { enterprisesTable, facilitiesTable, peopleTable } from '../registry/registry.table.ts';

/**
 * One row per cylinder code (一瓶一码, plan 四(三)2): the register's facts and the current state
 * (status, where it is, when last seen), which the event log's inserts keep up to date.
 */
export const cylindersTable = pgTable(
  'cylinders',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** Normalised (trimmed, upper case); unique, and retired (never reused) once scrapped. */
    code: text().notNull(),
    ownerEnterpriseId: uuid()
      .notNull()
      .references(() => enterprisesTable.id),
    /** The owner's region, copied at registration (scope needs no join). */
    regionId: uuid()
      .notNull()
      .references(() => regionsTable.id),
    model: text({ enum: cylinderModels }).notNull(),
    phase: text({ enum: cylinderPhases }).notNull().default('liquid'),
    manufacturer: text().notNull(),
    serialNumber: text().notNull(),
    /** Production batch (for blacklists by batch). */
    batch: text(),
    manufacturedOn: date({ mode: 'string' }).notNull(),
    /** From the stamp; null: the rules reference's defaults (serviceLifeEnds). */
    designLifeYears: integer(),
    lastInspectedOn: date({ mode: 'string' }),
    lastInspectionPassed: boolean(),
    nextInspectionDue: date({ mode: 'string' }),
    refurbished: boolean().notNull().default(false),
    status: text({ enum: cylinderStatuses }).notNull().default('in_service'),
    locationType: text({ enum: cylinderLocationTypes }).notNull().default('unknown'),
    /** The station, vehicle, venue or agency it is at (by locationType); null when unknown. */
    locationId: uuid(),
    locationLabel: text(),
    lastSeenAt: timestamp({ withTimezone: true }),
    lastSeenLng: doublePrecision(),
    lastSeenLat: doublePrecision(),
    /** Retired at scrapping: the code answers SCRAPPED for ever. */
    retiredAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('cylinders_code_key').on(t.code),
    index('cylinders_owner_idx').on(t.ownerEnterpriseId, t.code),
    index('cylinders_region_idx').on(t.regionId),
    index('cylinders_maker_idx').on(t.manufacturer, t.model),
    index('cylinders_status_idx').on(t.status),
    // No index on last_seen_at: every event moves it, and the not-seen queries read
    // coalesce(last_seen_at, created_at), which such an index does not serve. Without it an event's update
    // changes no indexed column and, with the table's fillfactor 90 (migration 0037), stays a HOT update.
  ],
);

/**
 * The append-only life of a cylinder, modelled on GS1 EPCIS: what (type, code), when (occurredAt),
 * where (location, station, coordinates), why (reason codes, note) and who (actor). Never updated or
 * deleted; a mistake is retracted by a `retracted` event naming the event it corrects. `eventId` is
 * the client's id: a resend is stored once, another content under the same id is refused (409).
 *
 * Range-partitioned by month of `occurredAt` (migration 0046, written by hand; the job platform.partitions
 * makes the months ahead; kept, no retention): `cylinder_events_initial` holds the rows from before the
 * migration, `cylinder_events_default` rows beyond every month made. A partitioned table's unique keys
 * must include the partition key, so the event id's uniqueness across all months is kept by
 * `cylinder_event_ids` (below), which every writer inserts into first, in the same transaction.
 */
export const cylinderEventsTable = pgTable(
  'cylinder_events',
  {
    id: uuid().notNull().defaultRandom(),
    eventId: text().notNull(),
    type: text({ enum: cylinderEventTypes }).notNull(),
    /** The code as read (normalised); the cylinder when one is registered under it. */
    code: text().notNull(),
    // The log's references (cylinder, station, enterprise, region) are not foreign keys (migration 0048): every
    // writer takes them from the rows it read in its own transaction (the batch writer from the cylinders it holds
    // locked), and no cylinder, facility, enterprise or region is ever deleted (they are archived). The four
    // checks per event, each a KEY SHARE lock on the same station, enterprise and region rows as every other
    // batch's, cost more than the rest of the insert (bench/README.md, "Cylinders").
    cylinderId: uuid(),
    occurredAt: timestamp({ withTimezone: true }).notNull(),
    recordedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    locationType: text({ enum: cylinderLocationTypes }).notNull().default('unknown'),
    locationId: uuid(),
    /** The filling station (fills, refusals, dispatch). */
    stationId: uuid(),
    /** The enterprise acting (the station's, the carrier's), for scope and anomalies. */
    enterpriseId: uuid(),
    regionId: uuid(),
    lng: doublePrecision(),
    lat: doublePrecision(),
    /** Why: refusal codes, seizure grounds, inspection result. */
    reasons: text().array().notNull().default(sql`'{}'::text[]`),
    note: text(),
    details: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    /** The event this one retracts (type `retracted`). */
    correctsEventId: text(),
    actorType: text().notNull(),
    actorId: uuid(),
    actorName: text().notNull(),
    /** SHA-256 of the canonical content as sent: the same id with another hash is a conflict. */
    contentHash: text().notNull(),
  },
  (t) => [
    primaryKey({ name: 'cylinder_events_pkey', columns: [t.id, t.occurredAt] }),
    uniqueIndex('cylinder_events_event_id_key').on(t.eventId, t.occurredAt),
    index('cylinder_events_code_idx').on(t.code, t.occurredAt),
    index('cylinder_events_refusals_idx').on(t.stationId, t.occurredAt).where(sql`${t.type} = 'fill_refused'`),
    // The retractions by the event they correct (the fill list marks a retracted fill or refusal). Partial: only
    // retractions carry it. Declared on the partitioned table, so each month's partition has its part (migration 0047).
    index('cylinder_events_corrects_idx').on(t.correctsEventId).where(sql`${t.correctsEventId} is not null`),
  ],
);

/**
 * Every cylinder event's id, once, across all of `cylinder_events`' partitions: the event id's unique
 * key (a partitioned table cannot have one without its partition key). A writer inserts the ids here
 * first (`on conflict (event_id) do nothing`) in the transaction that inserts the events: an id it did
 * not insert here is a resend (same content hash: stored once) or a conflict (another hash: 409, nothing
 * written). `occurredAt` is the event's partition key, so an id leads to its one partition.
 */
export const cylinderEventIdsTable = pgTable('cylinder_event_ids', {
  eventId: text().primaryKey(),
  occurredAt: timestamp({ withTimezone: true }).notNull(),
  contentHash: text().notNull(),
});

/** Fill records (cylinder, station, operator, time, net weight, the gate's result): GB/T 38059-2019. */
export const cylinderFillsTable = pgTable(
  'cylinder_fills',
  {
    id: uuid().primaryKey().defaultRandom(),
    eventId: text().notNull(),
    cylinderId: uuid()
      .notNull()
      .references(() => cylindersTable.id),
    stationId: uuid()
      .notNull()
      .references(() => facilitiesTable.id),
    /** The filling operator (充装人员) of the register, checked trained and certified when the fill was recorded. */
    operatorPersonId: uuid().references(() => peopleTable.id),
    /** The operator's name as the register had it then (fills before the id was kept have only this). */
    operatorName: text().notNull(),
    filledAt: timestamp({ withTimezone: true }).notNull(),
    netWeightKg: numeric({ precision: 6, scale: 2, mode: 'number' }).notNull(),
    nominalKg: numeric({ precision: 6, scale: 2, mode: 'number' }).notNull(),
    toleranceKg: numeric({ precision: 6, scale: 2, mode: 'number' }).notNull(),
    /** Net weight outside the model's tolerance: the cylinder must not leave the station. */
    flagged: boolean().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('cylinder_fills_event_id_key').on(t.eventId),
    index('cylinder_fills_cylinder_idx').on(t.cylinderId, t.filledAt),
    index('cylinder_fills_station_idx').on(t.stationId, t.filledAt),
  ],
);

/** The product blacklist (plan 三(二)1): maker, model, batch or production-date range, with basis and removal. */
export const cylinderBlacklistTable = pgTable(
  'cylinder_blacklist',
  {
    id: uuid().primaryKey().defaultRandom(),
    manufacturer: text().notNull(),
    model: text({ enum: cylinderModels }),
    batch: text(),
    producedFrom: date({ mode: 'string' }),
    producedTo: date({ mode: 'string' }),
    basis: text().notNull(),
    listedOn: date({ mode: 'string' }).notNull(),
    removedOn: date({ mode: 'string' }),
    removalReason: text(),
    createdBy: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('cylinder_blacklist_maker_idx').on(t.manufacturer)],
);

/** Anomalies for market regulation, found on event insert or by the daily job (not seen). */
export const cylinderAnomaliesTable = pgTable(
  'cylinder_anomalies',
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: text({ enum: cylinderAnomalyKinds }).notNull(),
    cylinderId: uuid()
      .notNull()
      .references(() => cylindersTable.id),
    code: text().notNull(),
    /** The event that showed it (null for `not_seen`, keyed by day instead). */
    eventId: text(),
    /** Makes the anomaly once: the event id, or `not_seen:<day of last sighting>`. */
    dedupeKey: text().notNull(),
    regionId: uuid().references(() => regionsTable.id),
    ownerEnterpriseId: uuid().references(() => enterprisesTable.id),
    details: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    detectedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('cylinder_anomalies_key').on(t.kind, t.cylinderId, t.dedupeKey),
    index('cylinder_anomalies_detected_idx').on(t.detectedAt),
  ],
);
