import { asc, eq, sql } from 'drizzle-orm';
import {
  type CylinderAnomalyKind,
  type CylinderEventType,
  type CylinderLocationType,
  type CylinderLimits,
  type CylinderStatus,
  defaultCylinderLimits,
  impossibleTravel,
} from '../../../domain/cylinders/cylinders.ts';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../platform/access.ts';
import { canonicalJson, sha256 } from '../../platform/audit/audit.ts';
import { publishEvent } from '../../platform/events/index.ts';
import { arrayLiteral } from '../../platform/sql.ts';
import { facilitiesTable } from '../registry/index.ts';
import { eventConflict } from './cylinders.errors.ts';
import {
  cylinderAnomaliesTable,
  cylinderEventIdsTable,
  cylinderEventsTable,
  cylindersTable,
} from './cylinders.table.ts';

/**
 * The cylinder event log (EPCIS-like: what, when, where, why, who). Every writer — the register, the
 * filling gate, seizure and inspection, the batch stream of lines and phones, the delivery module —
 * appends through here or through the stream whose `afterInsert` calls `applyCylinderEvents`, so the
 * cylinders' current state and the anomalies follow every stored event in the same transaction.
 */
export type CylinderEventContent = {
  eventId: string;
  type: CylinderEventType;
  code: string;
  occurredAt: Date;
  locationType?: CylinderLocationType;
  locationId?: string | null;
  stationId?: string | null;
  lng?: number | null;
  lat?: number | null;
  reasons?: string[];
  note?: string | null;
  details?: Record<string, unknown>;
  correctsEventId?: string | null;
};

export type CylinderEventRow = typeof cylinderEventsTable.$inferInsert;

/** SHA-256 of what the client said (not who sent it, nor when it arrived): the same id with another hash is a conflict. */
export function eventContentHash(e: CylinderEventContent): string {
  return sha256(eventCanonicalJson(e));
}

/**
 * The event's content as canonical JSON (`canonicalJson` of its thirteen fields: keys sorted, absent
 * ones null, the details' keys sorted at every level), written out field by field: a batch hashes a
 * thousand events, and the generic replacer, which rebuilds every object to sort its keys, cost most
 * of that. The stored hashes are of this exact text (a property test holds it to `canonicalJson`).
 */
export function eventCanonicalJson(e: CylinderEventContent): string {
  const j = JSON.stringify;
  const details = e.details && Object.keys(e.details).length > 0 ? canonicalJson(e.details) : '{}';
  return `{"code":${j(e.code)},"correctsEventId":${j(e.correctsEventId ?? null)},"details":${details},"eventId":${j(
    e.eventId,
  )},"lat":${j(e.lat ?? null)},"lng":${j(e.lng ?? null)},"locationId":${j(e.locationId ?? null)},"locationType":${j(
    e.locationType ?? null,
  )},"note":${j(e.note ?? null)},"occurredAt":${j(e.occurredAt.toISOString())},"reasons":${j(
    e.reasons ?? [],
  )},"stationId":${j(e.stationId ?? null)},"type":${j(e.type)}}`;
}

/** The insert row of an event: content, the cylinder and acting enterprise looked up, the sender. */
export function eventRow(
  e: CylinderEventContent,
  ctx: {
    actor: Actor;
    cylinderId: string | null;
    enterpriseId: string | null;
    regionId: string | null;
    /** `eventContentHash(e)` when the caller computed it already. */
    contentHash?: string;
  },
): CylinderEventRow {
  return {
    eventId: e.eventId,
    type: e.type,
    code: e.code,
    cylinderId: ctx.cylinderId,
    occurredAt: e.occurredAt,
    locationType: e.locationType ?? 'unknown',
    locationId: e.locationId ?? null,
    stationId: e.stationId ?? null,
    enterpriseId: ctx.enterpriseId,
    regionId: ctx.regionId,
    lng: e.lng ?? null,
    lat: e.lat ?? null,
    reasons: e.reasons ?? [],
    note: e.note ?? null,
    details: e.details ?? {},
    correctsEventId: e.correctsEventId ?? null,
    actorType: ctx.actor.type,
    actorId: ctx.actor.type === 'system' ? null : ctx.actor.id,
    actorName: ctx.actor.name,
    contentHash: ctx.contentHash ?? eventContentHash(e),
  };
}

/** Ids already stored with another content (a conflict), of these (id, hash) pairs (from `cylinder_event_ids`). */
export async function conflictingEventIds(
  tx: Db,
  events: readonly { eventId: string; contentHash: string }[],
): Promise<string[]> {
  if (events.length === 0) return [];
  const k = cylinderEventIdsTable;
  const stored = await tx
    .select({ eventId: k.eventId, contentHash: k.contentHash })
    .from(k)
    .where(sql`${k.eventId} = any(${sql.param(events.map((e) => e.eventId))}::text[])`);
  const byId = new Map(stored.map((s) => [s.eventId, s.contentHash]));
  return events.filter((e) => byId.has(e.eventId) && byId.get(e.eventId) !== e.contentHash).map((e) => e.eventId);
}

/**
 * Inserts the events' ids into `cylinder_event_ids` (the id's unique key across every month's partition of
 * `cylinder_events`), in the caller's transaction, before the events themselves: returns the ids this call
 * inserted (`on conflict (event_id) do nothing`: an id stored before, or by a sender committing meanwhile, is
 * not among them). An id twice in `rows` is claimed once.
 */
export async function claimEventIds(
  tx: Db,
  rows: readonly Pick<CylinderEventRow, 'eventId' | 'occurredAt' | 'contentHash'>[],
): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const k = cylinderEventIdsTable;
  const iso = (d: Date | string) => (d instanceof Date ? d.toISOString() : d);
  const claimed = (await tx.execute(sql`insert into ${k} (event_id, occurred_at, content_hash)
      select * from unnest(${sql.param(rows.map((r) => r.eventId))}::text[],
        ${sql.param(rows.map((r) => iso(r.occurredAt)))}::timestamptz[], ${sql.param(rows.map((r) => r.contentHash))}::text[])
      on conflict (event_id) do nothing
      returning event_id as "eventId"`)) as unknown as { rows: { eventId: string }[] };
  return new Set(claimed.rows.map((r) => r.eventId));
}

/**
 * Appends events inside the caller's transaction (the contract other modules use: delivery's
 * dispatched, delivered and returned events). A resend (same id, same content) is stored once and
 * reported in `replayed`; the same id with other content throws 409 `cylinders.event_conflict`
 * (the caller's transaction then writes nothing). The ids are claimed in `cylinder_event_ids` first
 * (`claimEventIds`), so an id is stored once whatever month's partition its event falls in.
 * The caller has checked the actor's right to the events.
 */
export async function appendCylinderEvents(
  tx: Db,
  rows: CylinderEventRow[],
  limits: CylinderLimits = defaultCylinderLimits,
): Promise<{ inserted: CylinderEventRow[]; replayed: string[] }> {
  if (rows.length === 0) return { inserted: [], replayed: [] };
  const claimed = await claimEventIds(tx, rows);
  // The first row of each claimed id is stored; a later row with the same id and content is a replay, with
  // another content a conflict (as against a stored event).
  const first = new Map<string, CylinderEventRow>();
  const inserted: CylinderEventRow[] = [];
  const others: CylinderEventRow[] = [];
  const conflicts: string[] = [];
  for (const r of rows) {
    const taken = first.get(r.eventId);
    if (taken) {
      if (taken.contentHash !== r.contentHash) conflicts.push(r.eventId);
      else others.push(r);
    } else if (claimed.has(r.eventId)) {
      first.set(r.eventId, r);
      inserted.push(r);
    } else others.push(r);
  }
  conflicts.push(
    ...(await conflictingEventIds(
      tx,
      others.filter((r) => !first.has(r.eventId)).map((r) => ({ eventId: r.eventId, contentHash: r.contentHash })),
    )),
  );
  if (conflicts.length > 0) throw eventConflict({ field: 'eventId', eventIds: [...new Set(conflicts)] });
  if (inserted.length > 0) await tx.insert(cylinderEventsTable).values(inserted);
  await applyCylinderEvents(tx, inserted, limits);
  return { inserted, replayed: others.map((r) => r.eventId) };
}

/** Where an event leaves the cylinder, by its type when the client did not say. */
function locationAfter(r: CylinderEventRow): { type: CylinderLocationType; id: string | null } | null {
  if (r.locationType && r.locationType !== 'unknown') return { type: r.locationType, id: r.locationId ?? null };
  switch (r.type) {
    case 'filled':
    case 'fill_refused':
    case 'returned_empty':
      return r.stationId ? { type: 'station', id: r.stationId } : null;
    default:
      return null;
  }
}

/** Events a seized or scrapped cylinder may still have: its way to the agency and the agency's record. */
const retiredSteps: ReadonlySet<string> = new Set([
  'seized',
  'sent_for_inspection',
  'inspected',
  'scrapped',
  'retracted',
]);

/**
 * Keeps the cylinders' current state (status, location, last seen, inspection) and the anomalies in
 * step with newly stored events, set-based: one read of the cylinders, one update, one insert of
 * anomalies per call (the batch stream calls it per batch).
 */
export async function applyCylinderEvents(
  tx: Db,
  events: readonly CylinderEventRow[],
  limits: CylinderLimits = defaultCylinderLimits,
): Promise<void> {
  if (events.length === 0) return;
  const codes = [...new Set(events.map((e) => e.code))];
  // Locked in code order, FOR NO KEY UPDATE: two batches touching the same cylinders (two writers of the stream,
  // a fill) then queue instead of deadlocking. FOR UPDATE deadlocked under kill -9 test load: each batch's event
  // rows had already taken KEY SHARE locks on their cylinders (the foreign key), which FOR UPDATE waits for.
  const cylinders = await tx
    .select()
    .from(cylindersTable)
    .where(sql`${cylindersTable.code} = any(${sql.param(codes)}::text[])`)
    .orderBy(asc(cylindersTable.code))
    .for('no key update');
  if (cylinders.length === 0) return;
  const stationIds = [...new Set(events.map((e) => e.stationId).filter((s): s is string => !!s))];
  const stationOwner = new Map<string, string>();
  if (stationIds.length > 0) {
    const rows = await tx
      .select({ id: facilitiesTable.id, enterpriseId: facilitiesTable.enterpriseId })
      .from(facilitiesTable)
      .where(sql`${facilitiesTable.id} = any(${sql.param(stationIds)}::uuid[])`);
    for (const r of rows) stationOwner.set(r.id, r.enterpriseId);
  }
  const derived = deriveCylinderState(cylinders, events, stationOwner, limits);
  if (derived.changed.length > 0) await tx.execute(updateCylindersStatement(derived.changed));
  await storeDerivedAfterUpdate(tx, derived);
}

export type CylinderState = typeof cylindersTable.$inferSelect;

/** What new events change: the cylinders' new state, their anomalies, the retractions to re-place. */
export type DerivedState = {
  changed: CylinderState[];
  anomalies: (typeof cylinderAnomaliesTable.$inferInsert)[];
  retractions: CylinderEventRow[];
};

/**
 * The cylinders' state after newly stored events, from their state before (read under lock) and the
 * enterprise of each station named: pure, so the batch path and `applyCylinderEvents` share it.
 */
export function deriveCylinderState(
  cylinders: readonly CylinderState[],
  events: readonly CylinderEventRow[],
  stationOwner: ReadonlyMap<string, string>,
  limits: CylinderLimits = defaultCylinderLimits,
): DerivedState {
  const byCode = new Map(cylinders.map((c) => [c.code, { ...c }]));
  const anomalies: (typeof cylinderAnomaliesTable.$inferInsert)[] = [];
  const changed = new Set<string>();
  const retractions: CylinderEventRow[] = [];
  const sorted = [...events].sort((a, b) => (a.occurredAt as Date).getTime() - (b.occurredAt as Date).getTime());
  const anomaly = (
    c: CylinderState,
    kind: CylinderAnomalyKind,
    e: CylinderEventRow,
    details: Record<string, unknown>,
  ) =>
    anomalies.push({
      kind,
      cylinderId: c.id,
      code: c.code,
      eventId: e.eventId,
      dedupeKey: e.eventId,
      regionId: c.regionId,
      ownerEnterpriseId: c.ownerEnterpriseId,
      details,
    });

  for (const e of sorted) {
    const c = byCode.get(e.code);
    if (!c) continue;
    const at = e.occurredAt as Date;
    // Anomalies, against the state before this event.
    if ((c.status === 'seized' || c.status === 'scrapped') && !retiredSteps.has(e.type)) {
      anomaly(c, 'retired_seen', e, { status: c.status, type: e.type, stationId: e.stationId ?? null });
    }
    const stationEnterprise = e.stationId ? stationOwner.get(e.stationId) : undefined;
    if (
      stationEnterprise &&
      stationEnterprise !== c.ownerEnterpriseId &&
      (e.type === 'filled' || e.type === 'fill_refused' || e.type === 'dispatched')
    ) {
      anomaly(c, 'foreign_fill', e, { stationId: e.stationId, stationEnterpriseId: stationEnterprise, type: e.type });
    }
    if (
      e.lng != null &&
      e.lat != null &&
      c.lastSeenLng != null &&
      c.lastSeenLat != null &&
      c.lastSeenAt &&
      impossibleTravel(
        { lng: c.lastSeenLng, lat: c.lastSeenLat, at: c.lastSeenAt },
        { lng: e.lng, lat: e.lat, at },
        limits.cylinderMaxTravelKmh,
      )
    ) {
      anomaly(c, 'impossible_travel', e, {
        from: { lng: c.lastSeenLng, lat: c.lastSeenLat, at: c.lastSeenAt.toISOString() },
        to: { lng: e.lng, lat: e.lat, at: at.toISOString() },
      });
    }
    // The state after it.
    const newest = !c.lastSeenAt || at >= c.lastSeenAt;
    if (newest) {
      const place = locationAfter(e);
      if (place) {
        c.locationType = place.type;
        c.locationId = place.id;
        c.locationLabel = null;
      }
      c.lastSeenAt = at;
      if (e.lng != null && e.lat != null) {
        c.lastSeenLng = e.lng;
        c.lastSeenLat = e.lat;
      }
    }
    const d = (e.details ?? {}) as Record<string, unknown>;
    switch (e.type) {
      case 'seized':
        if (c.status === 'in_service') c.status = 'seized' satisfies CylinderStatus;
        break;
      case 'sent_for_inspection':
        c.locationType = 'inspection_agency';
        c.locationId = e.locationId ?? null;
        break;
      case 'inspected':
        c.lastInspectedOn = String(d.inspectedOn);
        c.lastInspectionPassed = d.passed === true;
        c.nextInspectionDue = typeof d.nextInspectionDue === 'string' ? d.nextInspectionDue : null;
        break;
      case 'scrapped':
        c.status = 'scrapped';
        c.retiredAt = at;
        break;
      case 'retracted':
        retractions.push(e);
        break;
    }
    changed.add(c.code);
  }
  return { changed: [...changed].map((code) => byCode.get(code)!), anomalies, retractions };
}

/**
 * A PostgreSQL array literal of these values, sent as one text parameter and cast in SQL (the platform's
 * `arrayLiteral`, platform/sql.ts): node-postgres writes a JavaScript array element by element, which at a thousand
 * rows and a dozen columns a statement cost about 7% of the server's busy thread.
 */
export function pgArrayLiteral(values: readonly (string | number | boolean | null | undefined)[]): string {
  return arrayLiteral(values)!;
}

/** One `update … from unnest(…)` setting the cylinders' derived columns to these states. */
export function updateCylindersStatement(rows: readonly CylinderState[]) {
  const col = <T extends string | number | boolean | null>(f: (c: CylinderState) => T) => pgArrayLiteral(rows.map(f));
  const ids = col((c) => c.id);
  return sql`update ${cylindersTable} c set
        status = v.status, location_type = v.location_type, location_id = v.location_id,
        location_label = v.location_label, last_seen_at = v.last_seen_at, last_seen_lng = v.lng, last_seen_lat = v.lat,
        last_inspected_on = v.last_inspected_on, last_inspection_passed = v.passed, next_inspection_due = v.next_due,
        retired_at = v.retired_at, updated_at = now()
      from unnest(${ids}::uuid[], ${col((c) => c.status)}::text[], ${col((c) => c.locationType)}::text[],
        ${col((c) => c.locationId)}::uuid[], ${col((c) => c.locationLabel)}::text[],
        ${col((c) => c.lastSeenAt?.toISOString() ?? null)}::timestamptz[], ${col((c) => c.lastSeenLng)}::float8[],
        ${col((c) => c.lastSeenLat)}::float8[], ${col((c) => c.lastInspectedOn)}::date[],
        ${col((c) => c.lastInspectionPassed)}::boolean[], ${col((c) => c.nextInspectionDue)}::date[],
        ${col((c) => c.retiredAt?.toISOString() ?? null)}::timestamptz[])
        as v(id, status, location_type, location_id, location_label, last_seen_at, lng, lat, last_inspected_on, passed,
             next_due, retired_at)
      where c.id = v.id and c.id = any(${ids}::uuid[])`;
}

/** After the cylinders' update: retracted events re-place their cylinders; anomalies stored and published once. */
export async function storeDerivedAfterUpdate(tx: Db, { retractions, anomalies }: DerivedState): Promise<void> {
  for (const r of retractions) await relocateAfterRetraction(tx, r.code);
  if (anomalies.length > 0) {
    const stored = await tx.insert(cylinderAnomaliesTable).values(anomalies).onConflictDoNothing().returning({
      id: cylinderAnomaliesTable.id,
      kind: cylinderAnomaliesTable.kind,
      code: cylinderAnomaliesTable.code,
      regionId: cylinderAnomaliesTable.regionId,
    });
    for (const a of stored)
      await publishEvent(tx, {
        type: 'cylinder.anomaly',
        subject: { type: 'cylinder_anomaly', id: a.id },
        regionId: a.regionId,
        payload: { kind: a.kind, code: a.code },
      });
  }
}

/**
 * After a retraction the cylinder is where its last event that is not retracted left it (the
 * retracted event stays in the log, marked by the correcting one).
 */
async function relocateAfterRetraction(tx: Db, code: string) {
  const e = cylinderEventsTable;
  const [last] = await tx
    .select()
    .from(e)
    .where(
      sql`${e.code} = ${code} and ${e.type} not in ('retracted', 'seized', 'inspected', 'scrapped')
        and ${e.eventId} not in (select ${e.correctsEventId} from ${e} where ${e.code} = ${code} and ${e.correctsEventId} is not null)`,
    )
    .orderBy(sql`${e.occurredAt} desc`)
    .limit(1);
  const place = last ? locationAfter(last) : null;
  await tx
    .update(cylindersTable)
    .set({
      locationType: place?.type ?? 'unknown',
      locationId: place?.id ?? null,
      lastSeenAt: last?.occurredAt ?? null,
      updatedAt: new Date(),
    })
    .where(eq(cylindersTable.code, code));
}
