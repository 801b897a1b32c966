import { sql } from 'drizzle-orm';
import { type CylinderLimits, defaultCylinderLimits } from '../../../domain/cylinders/cylinders.ts';
import type { Db } from '../../db/client.ts';
import { type Actor, requirePermission } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { sha256 } from '../../platform/audit/audit-entry.ts';
import { validationFailed } from '../../platform/errors.ts';
import {
  ingestQueueFull,
  ingestShuttingDown,
  ingestTooManyRows,
  ingestWriteFailed,
} from '../../platform/ingest/ingest.errors.ts';
import { facilitiesTable } from '../registry/index.ts';
import { cylinderScope, stationScope } from './cylinders.access.ts';
import { eventConflict, eventOutsideScope, retractTargetNotFound } from './cylinders.errors.ts';
import {
  type CylinderEventContent,
  type CylinderEventRow,
  type CylinderState,
  deriveCylinderState,
  eventContentHash,
  eventRow,
  pgArrayLiteral,
  storeDerivedAfterUpdate,
  updateCylindersStatement,
} from './cylinders.log.ts';
import { checkedCode } from './cylinders.service.ts';
import { BatchEventRow, CYLINDER_EVENT_STREAM } from './cylinders.stream.ts';
import { cylinderEventIdsTable, cylinderEventsTable, cylindersTable } from './cylinders.table.ts';

/** Events one request may carry (EventBatchBody's bound). */
export const MAX_EVENTS_PER_BATCH = 5_000;

/** The insert's answer differed from what the locked read predicted (a racing sender): roll back and redo. */
class RaceRetry extends Error {}

export type CylinderEventBatches = ReturnType<typeof createCylinderEventBatches>;

/**
 * A batch of cylinder events from a line or a phone (`POST /api/v1/cylinder-events`, and the
 * `cylinders.events` broker entry), written in one transaction of few statements, answered after
 * its commit:
 * 1. one statement locks the batch's cylinders in code order (FOR NO KEY UPDATE, the order every
 *    writer of the log takes) and reads their state, the stations named and the event ids already
 *    stored (from `cylinder_event_ids`), with the sender's scope over each;
 * 2. scope, conflicts (a stored id with other content, or one id twice with different content in the
 *    request: 409, nothing written) and the cylinders' new state and anomalies are decided in memory
 *    from that locked state (`deriveCylinderState`, the same rules as every other writer);
 * 3. one statement inserts the new events' ids into `cylinder_event_ids` (`insert … select from
 *    unnest(…) on conflict (event_id) do nothing`: the id's unique key across every month's partition
 *    of `cylinder_events`), then the events themselves, and, in a third CTE of the same statement,
 *    updates the cylinders from the derived state; if either insert stored fewer rows than predicted
 *    (another sender stored one of the ids meanwhile) the transaction is rolled back and redone, so
 *    state is only ever applied for events this transaction stored;
 * 4. anomalies and retractions (rare) follow; the batch's audit entry goes with the COMMIT.
 * At most `concurrency` batches write at once; up to `maxWaiting` more wait, beyond that 429.
 */
export function createCylinderEventBatches({
  db,
  limits = defaultCylinderLimits,
  concurrency = 4,
  maxWaiting = 32,
}: {
  db: Db;
  limits?: CylinderLimits;
  concurrency?: number;
  maxWaiting?: number;
}) {
  let active = 0;
  let closing = false;
  const waiting: (() => void)[] = [];
  const idle = new Set<() => void>();

  async function slot<T>(work: () => Promise<T>): Promise<T> {
    if (active >= concurrency) {
      if (waiting.length >= maxWaiting)
        throw ingestQueueFull({ retryAfterSeconds: 1, queued: waiting.length, bound: maxWaiting });
      await new Promise<void>((resolve) => waiting.push(resolve));
    } else active++;
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else {
        active--;
        if (active === 0) for (const f of idle) f();
      }
    }
  }

  /** Checks every event; the refusal names each bad event's index and field (at most 20). */
  function validate(events: unknown[], field: string): CylinderEventContent[] {
    const out: CylinderEventContent[] = [];
    const issues: { path: (string | number)[]; code: string; message: string }[] = [];
    events.forEach((event, index) => {
      const parsed = BatchEventRow.safeParse(event);
      if (parsed.success) out.push(parsed.data);
      else if (issues.length < 20)
        for (const i of parsed.error.issues.slice(0, 20 - issues.length))
          issues.push({ path: ['body', field, index, ...i.path.map(String)], code: i.code, message: i.message });
    });
    if (issues.length > 0) throw validationFailed({ issues });
    for (const [i, e] of out.entries()) checkedCode(e.code, `${field}.${i}.code`);
    return out;
  }

  async function writeOnce(tx: Db, events: CylinderEventContent[], hashes: string[], actor: Actor) {
    const codes = [...new Set(events.map((e) => e.code))];
    const stationIds = [...new Set(events.map((e) => e.stationId).filter((s): s is string => !!s))];
    const ids = [...new Set(events.map((e) => e.eventId))];
    const c = cylindersTable;
    const f = facilitiesTable;
    const e = cylinderEventsTable;
    const k = cylinderEventIdsTable;
    const read = (await tx.execute(sql`with c as (
        select ${c.id} as id, ${c.code} as code, ${c.status} as status, ${c.regionId} as "regionId",
          ${c.ownerEnterpriseId} as "ownerEnterpriseId", ${c.locationType} as "locationType",
          ${c.locationId} as "locationId", ${c.locationLabel} as "locationLabel", ${c.lastSeenAt} as "lastSeenAt",
          ${c.lastSeenLng} as "lastSeenLng", ${c.lastSeenLat} as "lastSeenLat",
          ${c.lastInspectedOn} as "lastInspectedOn", ${c.lastInspectionPassed} as "lastInspectionPassed",
          ${c.nextInspectionDue} as "nextInspectionDue", ${c.retiredAt} as "retiredAt",
          coalesce(${cylinderScope(actor, 'cylinder.event')}, false) as mine
        from ${c} where ${c.code} = any(${sql.param(codes)}::text[])
        order by ${c.code} for no key update
      ), s as (
        select ${f.id} as id, ${f.enterpriseId} as "enterpriseId", ${f.regionId} as "regionId",
          coalesce(${stationScope(actor, 'cylinder.event')}, false) as mine
        from ${f} where ${f.id} = any(${sql.param(stationIds)}::uuid[])
      ), e as (
        select ${k.eventId} as "eventId", ${k.contentHash} as "contentHash"
        from ${k} where ${k.eventId} = any(${sql.param(ids)}::text[])
      ) select (select coalesce(json_agg(c), '[]') from c) as cylinders,
          (select coalesce(json_agg(s), '[]') from s) as stations,
          (select coalesce(json_agg(e), '[]') from e) as stored`)) as unknown as {
      rows: {
        cylinders: (Record<string, unknown> & { code: string; mine: boolean })[] | string;
        stations: { id: string; enterpriseId: string; regionId: string; mine: boolean }[] | string;
        stored: { eventId: string; contentHash: string }[] | string;
      }[];
    };
    const json = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);
    const row = read.rows[0]!;
    const cylinders = json(row.cylinders).map(
      (x) =>
        ({
          ...x,
          lastSeenAt: x.lastSeenAt ? new Date(x.lastSeenAt as string) : null,
          retiredAt: x.retiredAt ? new Date(x.retiredAt as string) : null,
        }) as unknown as CylinderState & { mine: boolean },
    );
    const stations = json(row.stations);
    const stored = new Map(json(row.stored).map((s) => [s.eventId, s]));
    const cylinderOf = new Map(cylinders.map((x) => [x.code, x]));
    const stationOf = new Map(stations.map((x) => [x.id, x]));

    // Scope, conflicts, and which events are new (the first of an id sent twice with the same content).
    const conflicts: string[] = [];
    const firstHash = new Map<string, string>();
    const fresh: CylinderEventRow[] = [];
    events.forEach((ev, i) => {
      const cylinder = cylinderOf.get(ev.code);
      const station = ev.stationId ? stationOf.get(ev.stationId) : undefined;
      if (ev.stationId && !station) throw eventOutsideScope({ field: `events.${i}.stationId` });
      if (!(station?.mine || cylinder?.mine)) throw eventOutsideScope({ field: `events.${i}`, eventId: ev.eventId });
      const hash = hashes[i]!;
      const known = stored.get(ev.eventId)?.contentHash ?? firstHash.get(ev.eventId);
      if (known !== undefined) {
        if (known !== hash) conflicts.push(ev.eventId);
        return;
      }
      firstHash.set(ev.eventId, hash);
      fresh.push(
        eventRow(ev, {
          actor,
          cylinderId: cylinder?.id ?? null,
          enterpriseId: station?.enterpriseId ?? cylinder?.ownerEnterpriseId ?? null,
          regionId: station?.regionId ?? cylinder?.regionId ?? null,
          contentHash: hash,
        }),
      );
    });
    const retractions = fresh.filter((r) => r.type === 'retracted');
    if (retractions.some((r) => !r.correctsEventId)) throw retractTargetNotFound({ field: 'correctsEventId' });
    if (retractions.length > 0) {
      const targets = (await tx.execute(
        sql`select ${e.eventId} as "eventId", ${e.code} as code from ${e}
          where ${e.eventId} = any(${sql.param(retractions.map((r) => r.correctsEventId!))}::text[])`,
      )) as unknown as { rows: { eventId: string; code: string }[] };
      const codeOf = new Map(targets.rows.map((t) => [t.eventId, t.code]));
      for (const r of retractions)
        if (codeOf.get(r.correctsEventId!) !== r.code)
          throw retractTargetNotFound({ field: 'correctsEventId', eventId: r.eventId });
    }
    if (conflicts.length > 0) throw eventConflict({ field: 'eventId', eventIds: [...new Set(conflicts)] });

    let inserted = 0;
    if (fresh.length > 0) {
      const derived = deriveCylinderState(
        cylinders,
        fresh,
        new Map(stations.map((s) => [s.id, s.enterpriseId])),
        limits,
      );
      // Each column travels as one array literal built here (`pgArrayLiteral`), not as a JavaScript array that
      // node-postgres would write element by element (type checks and two replacements per element: about 7%
      // of the server's busy thread at a thousand events a batch).
      const col = (map: (r: CylinderEventRow) => string | number | null | undefined) => pgArrayLiteral(fresh.map(map));
      const iso = (d: unknown) => (d instanceof Date ? d.toISOString() : (d as string));
      // The platform stream's convention, kept: a batch event's reasons travel in its details.
      const details = (r: CylinderEventRow) =>
        JSON.stringify(r.reasons && r.reasons.length > 0 ? { ...r.details, reasons: r.reasons } : (r.details ?? {}));
      const actorId = actor.type === 'system' ? null : actor.id;
      const eventIds = col((r) => r.eventId);
      const times = col((r) => iso(r.occurredAt));
      const contentHashes = col((r) => r.contentHash);
      // The ids first (their unique key across every month's partition), then the events; an id another
      // sender stored meanwhile is not inserted here, and the transaction is redone (RaceRetry).
      const claim = sql`insert into ${k} (event_id, occurred_at, content_hash)
        select * from unnest(${eventIds}::text[], ${times}::timestamptz[], ${contentHashes}::text[])
        on conflict (event_id) do nothing
        returning 1`;
      const insert = sql`insert into ${e} (event_id, type, code, cylinder_id, occurred_at, location_type, location_id,
          station_id, enterprise_id, region_id, lng, lat, note, details, corrects_event_id, content_hash,
          actor_type, actor_id, actor_name)
        select *, ${actor.type}::text, ${actorId}::uuid, ${actor.name}::text from unnest(${eventIds}::text[],
          ${col((r) => r.type)}::text[], ${col((r) => r.code)}::text[], ${col((r) => r.cylinderId)}::uuid[],
          ${times}::timestamptz[], ${col((r) => r.locationType ?? 'unknown')}::text[],
          ${col((r) => r.locationId)}::uuid[], ${col((r) => r.stationId)}::uuid[],
          ${col((r) => r.enterpriseId)}::uuid[], ${col((r) => r.regionId)}::uuid[],
          ${col((r) => r.lng)}::float8[], ${col((r) => r.lat)}::float8[], ${col((r) => r.note)}::text[],
          ${col(details)}::jsonb[], ${col((r) => r.correctsEventId)}::text[], ${contentHashes}::text[])
        on conflict (event_id, occurred_at) do nothing
        returning 1`;
      const result = (await tx.execute(
        derived.changed.length > 0
          ? sql`with ids as (${claim}), ins as (${insert}), upd as (${updateCylindersStatement(derived.changed)})
              select (select count(*)::int from ids) as claimed, (select count(*)::int from ins) as n`
          : sql`with ids as (${claim}), ins as (${insert})
              select (select count(*)::int from ids) as claimed, (select count(*)::int from ins) as n`,
      )) as unknown as { rows: { claimed: number; n: number }[] };
      inserted = Number(result.rows[0]?.n ?? 0);
      if (Number(result.rows[0]?.claimed ?? 0) !== fresh.length || inserted !== fresh.length) throw new RaceRetry();
      await storeDerivedAfterUpdate(tx, derived);
    }
    // One audit entry per batch: the digest of its events' ids and content hashes, in the order received.
    await recordAudit(tx, {
      actor,
      action: 'ingest.batch',
      subject: { type: 'stream', id: CYLINDER_EVENT_STREAM },
      details: {
        stream: CYLINDER_EVENT_STREAM,
        table: 'cylinder_events',
        inserted,
        senders: [actor.id ?? actor.name],
        batch: {
          count: events.length,
          digest: sha256(events.map((ev, i) => `${ev.eventId},${hashes[i]}`).join('\n')),
          order: 'as received',
          lines: 'eventId,contentHash',
        },
      },
    });
    return inserted;
  }

  return {
    /**
     * Stores a batch of events; resolves once committed. `field` names the body's array in a
     * refusal (`events` over HTTP, `rows` from a broker).
     */
    async ingest(raw: unknown[], actor: Actor, field = 'events'): Promise<{ accepted: number; inserted: number }> {
      requirePermission(actor, 'cylinder.event');
      if (closing) throw ingestShuttingDown();
      if (raw.length > MAX_EVENTS_PER_BATCH)
        throw ingestTooManyRows({ field, max: MAX_EVENTS_PER_BATCH, sent: raw.length });
      const events = validate(raw, field);
      if (events.length === 0) return { accepted: 0, inserted: 0 };
      const hashes = events.map((ev) => eventContentHash(ev));
      return slot(async () => {
        for (let attempt = 0; ; attempt++) {
          try {
            const inserted = await db.transaction((tx) => writeOnce(tx as unknown as Db, events, hashes, actor));
            return { accepted: events.length, inserted };
          } catch (err) {
            if (!(err instanceof RaceRetry)) throw err;
            if (attempt >= 3) throw ingestWriteFailed();
          }
        }
      });
    },
    /** Refuses new batches (503) and resolves when the batches being written are committed. */
    close(): Promise<void> {
      closing = true;
      if (active === 0) return Promise.resolve();
      return new Promise((resolve) => {
        const done = () => {
          idle.delete(done);
          resolve();
        };
        idle.add(done);
      });
    },
  };
}
