import { inArray, sql } from 'drizzle-orm';
import { type CylinderLimits, defaultCylinderLimits } from '../../../domain/cylinders/cylinders.ts';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../platform/access.ts';
import type { Ingest } from '../../platform/ingest/index.ts';
import { facilitiesTable } from '../registry/index.ts';
import { cylinderScope, stationScope } from './cylinders.access.ts';
import { eventConflict, eventOutsideScope, retractTargetNotFound } from './cylinders.errors.ts';
import {
  type CylinderEventContent,
  type CylinderEventRow,
  applyCylinderEvents,
  claimEventIds,
  conflictingEventIds,
  eventContentHash,
  eventRow,
} from './cylinders.log.ts';
import { BatchEvent } from './cylinders.schemas.ts';
import { checkedCode } from './cylinders.service.ts';
import { cylinderEventsTable, cylindersTable } from './cylinders.table.ts';

export const CYLINDER_EVENT_STREAM = 'cylinders.events';

/** A batch event as its content (code normalised, time as a Date). */
export const BatchEventRow = BatchEvent.transform(
  (e): CylinderEventContent => ({
    ...e,
    code: e.code.trim().replace(/\s+/g, '').toUpperCase(),
    occurredAt: new Date(e.occurredAt),
  }),
);

/**
 * The batch stream of cylinder events (platform/ingest: bounded queue, several senders' rows in one
 * `unnest` insert, answered after commit, a resend stored once by the event id and time, the id claimed
 * in `cylinder_event_ids` in the batch's transaction). `prepare` checks
 * the sender's scope — each event names a station in its scope (a filling line: its own) or a
 * cylinder it owns — and refuses a known id with other content (409); `afterInsert` keeps the
 * cylinders' state and the anomalies in step, in the batch's transaction.
 */
export function registerCylinderStreams(
  ingest: Ingest,
  { db, limits = defaultCylinderLimits }: { db: Db; limits?: CylinderLimits },
) {
  ingest.define({
    name: CYLINDER_EVENT_STREAM,
    table: cylinderEventsTable,
    // The partitioned table's unique key includes the month's column: a resend (same content, so the same
    // occurredAt) conflicts on it; the id's uniqueness across months is claimed in afterInsert.
    naturalKey: [cylinderEventsTable.eventId, cylinderEventsTable.occurredAt],
    row: BatchEventRow,
    batchSize: 1_000,
    queueBound: 20_000,
    concurrency: 2,
    permission: 'cylinder.event',
    prepare: (rows, actor) => prepareEvents(db, rows as unknown as CylinderEventContent[], actor),
    afterInsert: async (tx, rows) => {
      const events = rows as unknown as CylinderEventRow[];
      // New rows whose id is already in cylinder_event_ids were stored under another time (another content):
      // a conflict that prepare's read did not see (a racing sender). The batch's transaction is rolled back.
      const claimed = await claimEventIds(tx, events);
      const taken = events.filter((e) => !claimed.has(e.eventId)).map((e) => e.eventId);
      if (taken.length > 0) throw eventConflict({ field: 'eventId', eventIds: [...new Set(taken)] });
      await applyCylinderEvents(tx, events, limits);
    },
  });
}

async function prepareEvents(db: Db, events: CylinderEventContent[], actor: Actor) {
  for (const [i, e] of events.entries()) checkedCode(e.code, `events.${i}.code`);
  const codes = [...new Set(events.map((e) => e.code))];
  const stationIds = [...new Set(events.map((e) => e.stationId).filter((s): s is string => !!s))];
  const c = cylindersTable;
  const f = facilitiesTable;
  // One round trip's worth of statements, run together: the cylinders and stations named (one array
  // parameter each, not a thousand), and the ids already stored (a resend, or a conflict refused below).
  const hashes = events.map((e) => eventContentHash(e));
  const [cylinders, stations, conflicts] = await Promise.all([
    db
      .select({
        id: c.id,
        code: c.code,
        ownerEnterpriseId: c.ownerEnterpriseId,
        regionId: c.regionId,
        mine: cylinderScope(actor, 'cylinder.event').mapWith(Boolean),
      })
      .from(c)
      .where(sql`${c.code} = any(${sql.param(codes)}::text[])`),
    stationIds.length === 0
      ? Promise.resolve([])
      : db
          .select({
            id: f.id,
            enterpriseId: f.enterpriseId,
            regionId: f.regionId,
            mine: stationScope(actor, 'cylinder.event').mapWith(Boolean),
          })
          .from(f)
          .where(sql`${f.id} = any(${sql.param(stationIds)}::uuid[])`),
    conflictingEventIds(
      db,
      events.map((e, i) => ({ eventId: e.eventId, contentHash: hashes[i]! })),
    ),
  ]);
  const cylinderOf = new Map(cylinders.map((x) => [x.code, x]));
  const stationOf = new Map(stations.map((x) => [x.id, x]));
  const rows = events.map((e, i) => {
    const cylinder = cylinderOf.get(e.code);
    const station = e.stationId ? stationOf.get(e.stationId) : undefined;
    if (e.stationId && !station) throw eventOutsideScope({ field: `events.${i}.stationId` });
    if (!(station?.mine || cylinder?.mine)) throw eventOutsideScope({ field: `events.${i}`, eventId: e.eventId });
    return eventRow(e, {
      actor,
      cylinderId: cylinder?.id ?? null,
      enterpriseId: station?.enterpriseId ?? cylinder?.ownerEnterpriseId ?? null,
      regionId: station?.regionId ?? cylinder?.regionId ?? null,
      contentHash: hashes[i],
    });
  });
  const retractions = rows.filter((r) => r.type === 'retracted');
  if (retractions.some((r) => !r.correctsEventId)) throw retractTargetNotFound({ field: 'correctsEventId' });
  if (retractions.length > 0) {
    const e = cylinderEventsTable;
    const targets = await db
      .select({ eventId: e.eventId, code: e.code })
      .from(e)
      .where(
        inArray(
          e.eventId,
          retractions.map((r) => r.correctsEventId!),
        ),
      );
    const codeOf = new Map(targets.map((t) => [t.eventId, t.code]));
    for (const r of retractions)
      if (codeOf.get(r.correctsEventId!) !== r.code)
        throw retractTargetNotFound({ field: 'correctsEventId', eventId: r.eventId });
  }
  if (conflicts.length > 0) throw eventConflict({ field: 'eventId', eventIds: conflicts });
  // The platform's unnest insert takes no array column (unnest would flatten text[][]): a batch
  // event's reasons travel in its details.
  return rows.map(({ reasons, ...rest }) =>
    reasons && reasons.length > 0 ? { ...rest, details: { ...rest.details, reasons } } : rest,
  ) as unknown as Record<string, unknown>[];
}
