import { z } from 'zod';
import {
  type Fix,
  type PositionProblem,
  type TrackLimits,
  type ZoneGeometry,
  flagKindLabels,
  continueTrackFlags,
  emptyTrackState,
  positionProblems,
} from '../../../domain/delivery/tracking.ts';
import { chinaToday } from '../../../domain/dates.ts';
import { type HazardLimits, defaultLimits } from '../../../domain/hazards/limits.ts';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { type Actor, can, requirePermission } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { type EventInput, publishEvents } from '../../platform/events/index.ts';
import type { Ingest, StreamDefinition } from '../../platform/ingest/index.ts';
import { checkItem, itemsFor } from '../../../domain/hazards/index.ts';
import { raiseHazard } from '../hazards/index.ts';
import { enterprisesTable, loadLedgerObject, vehiclesTable } from '../registry/index.ts';
import { deliveryScope } from './delivery.access.ts';
import {
  deliveryFlagHasHazard,
  deliveryFlagNotFound,
  deliveryVehicleNotFound,
  positionFutureTime,
  positionImpossibleSpeed,
  positionOutsideChina,
  positionVehicleNotBound,
  positionVehicleUnknown,
} from './delivery.errors.ts';
import type { PositionRow } from './delivery.schemas.ts';
import { vehicleFlagsTable, vehiclePositionsTable } from './delivery.table.ts';
import { createTrackingRepository } from './tracking.repository.ts';

export const POSITIONS_STREAM = 'delivery.positions';

const StoredPosition = z.strictObject({
  vehicleId: z.uuid(),
  at: z.date(),
  lat: z.number(),
  lng: z.number(),
  speedKmh: z.number(),
  source: z.enum(['terminal', 'phone']),
});

type StoredPositionRow = z.output<typeof StoredPosition>;

/**
 * The positions stream (platform/ingest): natural key (vehicle, time), so a resend is stored once; the
 * new rows of each batch update the vehicles' flags, running states and live positions in the batch's
 * own transaction (`trackPositions`), so they commit with the rows or not at all.
 */
export function positionsStream(limits: TrackLimits = defaultLimits): StreamDefinition<StoredPositionRow> {
  return {
    name: POSITIONS_STREAM,
    table: vehiclePositionsTable,
    naturalKey: [vehiclePositionsTable.vehicleId, vehiclePositionsTable.at],
    row: StoredPosition,
    batchSize: 2_000,
    queueBound: 50_000,
    permission: 'delivery.position',
    // The digest over the insert's own column texts: no line per row turning each time and coordinate to text again.
    digestLine: 'columns',
    afterInsert: (tx, rows) => trackPositions(tx, rows, limits),
  };
}

export function registerDeliveryStreams(
  ingest: Pick<Ingest, 'define' | 'has'>,
  { limits }: { limits?: TrackLimits } = {},
) {
  if (!ingest.has(POSITIONS_STREAM)) ingest.define(positionsStream(limits));
}

/**
 * A batch's new positions (several requests' rows, each key once) carried into the vehicles' running
 * states, set-based: one statement locks the states of every vehicle of the batch (with plate, operator
 * and region) and reads their operators' zones, one writes the flags opened or extended (when there
 * are), one saves the states and one writes the events (each flag raised, and each vehicle's newest fix
 * for the live map when it is the newest stored) — these two sent with the COMMIT on PostgreSQL. A vehicle-day the batch continues — its fixes all after the state's last one —
 * is judged from the batch's fixes alone; a batch reaching back (a late fix) or into a day the state has
 * not seen recomputes that day from its stored track (the day's first batch reads only itself).
 */
async function trackPositions(tx: Db, rows: StoredPositionRow[], limits: TrackLimits) {
  const r = createTrackingRepository({ db: tx });
  const byVehicle = new Map<string, StoredPositionRow[]>();
  for (const row of rows) {
    const list = byVehicle.get(row.vehicleId);
    if (list) list.push(row);
    else byVehicle.set(row.vehicleId, [row]);
  }
  const firstDay = chinaDay(rows.reduce((a, b) => (b.at < a.at ? b : a)).at).day;
  const states = await r.lockStates([...byVehicle.keys()], firstDay, emptyTrackState());
  const saved: Parameters<typeof r.saveStates>[0] = [];
  const flagRows: (typeof vehicleFlagsTable.$inferInsert)[] = [];
  const events: EventInput[] = [];
  const vehicleOf = new Map(states.map((s) => [s.vehicleId, s]));
  for (const stored of states) {
    const fixes = inTimeOrder(byVehicle.get(stored.vehicleId)!);
    const zones = stored.zones as ZoneGeometry[];
    let day = stored.day;
    let state = stored.state;
    // The batch's fixes by China day, in day order (a day's number per fix, its date once per day).
    const days = new Map<number, StoredPositionRow[]>();
    for (const f of fixes) {
      const n = Math.floor((f.at.getTime() + CHINA_OFFSET_MS) / 86_400_000);
      const list = days.get(n);
      if (list) list.push(f);
      else days.set(n, [f]);
    }
    for (const list of days.values()) {
      const d = chinaToday(list[0]!.at);
      const continues = d === day && state.lastAt !== null && list[0]!.at.getTime() > state.lastAt;
      let track: Fix[] = list;
      if (!continues) {
        const { from, to } = chinaDay(list[0]!.at);
        track = (await r.fixes(stored.vehicleId, from, to)).map((f) => ({ ...f, speedKmh: Number(f.speedKmh) }));
      }
      const out = continueTrackFlags(continues ? state : emptyTrackState(), track, zones, limits);
      for (const fl of out.flags)
        flagRows.push({
          vehicleId: stored.vehicleId,
          operatorEnterpriseId: stored.operatorId,
          regionId: stored.regionId,
          kind: fl.kind,
          startedAt: fl.startedAt,
          endedAt: fl.endedAt,
          maxSpeedKmh: fl.maxSpeedKmh,
        });
      // Late fixes of an earlier day leave the newer day's state alone.
      if (d >= day) {
        day = d;
        state = out.state;
      }
    }
    const newest = fixes.at(-1)!;
    const isNewest = !stored.lastAt || newest.at > stored.lastAt;
    saved.push({
      vehicleId: stored.vehicleId,
      day,
      state,
      last: isNewest ? { at: newest.at, lat: newest.lat, lng: newest.lng, speedKmh: newest.speedKmh } : null,
    });
    // The live map moves to the vehicle's newest fix (a late fix does not move it back).
    if (isNewest)
      events.push({
        type: 'delivery.position',
        subject: { type: 'vehicle', id: stored.vehicleId },
        regionId: stored.regionId,
        payload: {
          operatorId: stored.operatorId,
          vehicleId: stored.vehicleId,
          plate: stored.plate,
          at: newest.at.toISOString(),
          lat: newest.lat,
          lng: newest.lng,
          speedKmh: newest.speedKmh,
        },
      });
  }
  await r.saveStates(saved);
  // One row per flag key (an upsert may not touch a row twice).
  const uniqueFlags = [
    ...new Map(flagRows.map((fl) => [`${fl.vehicleId}|${fl.kind}|${fl.startedAt.toISOString()}`, fl])).values(),
  ];
  for (const c of await r.upsertFlags(uniqueFlags)) {
    const vehicle = vehicleOf.get(c.vehicleId)!;
    events.push({
      type: 'delivery.flag_raised',
      subject: { type: 'vehicle_flag', id: c.id },
      regionId: vehicle.regionId,
      payload: { operatorId: vehicle.operatorId, vehicleId: vehicle.vehicleId, plate: vehicle.plate, kind: c.kind },
    });
  }
  await publishEvents(tx, events);
}

const problemErrors: Record<PositionProblem, { error: typeof positionOutsideChina; field: string }> = {
  outside_china: { error: positionOutsideChina, field: 'lat' },
  impossible_speed: { error: positionImpossibleSpeed, field: 'speed' },
  future_time: { error: positionFutureTime, field: 'time' },
};

const CHINA_OFFSET_MS = 8 * 3_600_000;

/** The rows sorted by time (as they are: a terminal sends in time order, so usually no sort). */
function inTimeOrder(rows: StoredPositionRow[]): StoredPositionRow[] {
  for (let i = 1; i < rows.length; i++)
    if (rows[i]!.at.getTime() < rows[i - 1]!.at.getTime()) return rows.sort((a, b) => a.at.getTime() - b.at.getTime());
  return rows;
}

/** The China day [start, end) holding a moment. */
function chinaDay(at: Date): { day: string; from: Date; to: Date } {
  const day = chinaToday(at);
  const from = new Date(`${day}T00:00:00+08:00`);
  return { day, from, to: new Date(from.getTime() + 86_400_000) };
}

/** How long a sender's vehicle lookup is reused (createTrackingService). */
const VEHICLE_LOOKUP_MS = 2_000;

const vehicleScope = (actor: Actor, permission: 'delivery.read' | 'delivery.position') =>
  deliveryScope(actor, permission, { regionId: enterprisesTable.regionId, operatorId: vehiclesTable.enterpriseId });
const flagScope = (actor: Actor) =>
  deliveryScope(actor, 'delivery.read', {
    regionId: vehicleFlagsTable.regionId,
    operatorId: vehicleFlagsTable.operatorEnterpriseId,
  });

export function createTrackingService({
  db,
  ingest,
  limits = defaultLimits,
  now = () => new Date(),
}: {
  db: Db;
  ingest: Ingest;
  limits?: HazardLimits;
  now?: () => Date;
}) {
  const repo = createTrackingRepository({ db });
  type Found = Awaited<ReturnType<typeof repo.vehicles>>[number];
  type LastFix = { at: Date; lat: number; lng: number; speedKmh: number };
  /**
   * A sender's vehicle lookup (the vehicles, their operator, bound worker and whether the sender's scope
   * holds them) is reused for VEHICLE_LOOKUP_MS: a terminal sends every few seconds, and the lookup was
   * a database round trip per request. A change of binding, scope or archival is seen after at most that.
   */
  type Lookup = { until: number; found: Found[]; byId: Map<string, Found>; byPlate: Map<string, Found> };
  const lookups = new Map<string, Lookup>();
  /** Each vehicle's newest fix known here: from its lookup, then from this instance's acknowledged requests. */
  const newest = new Map<string, LastFix>();
  const lookUp = async (actor: Actor, ids: string[], plates: string[]): Promise<Lookup> => {
    const key = `${actor.type}|${actor.id}|${JSON.stringify(actor.grants)}|${ids.join(',')}|${plates.join(',')}`;
    const clock = Date.now();
    const cached = lookups.get(key);
    if (cached && cached.until > clock) return cached;
    const found = await repo.vehicles(ids, plates, vehicleScope(actor, 'delivery.position'));
    if (lookups.size >= 10_000) for (const [k, e] of lookups) if (e.until <= clock) lookups.delete(k);
    if (lookups.size >= 10_000) lookups.clear();
    const inScope = found.filter((v) => v.inScope);
    const lookup = {
      until: clock + VEHICLE_LOOKUP_MS,
      found,
      byId: new Map(inScope.map((v) => [v.id, v])),
      byPlate: new Map(inScope.map((v) => [v.plate, v])),
    };
    lookups.set(key, lookup);
    // The database is the authority: what it holds replaces what was known here.
    if (newest.size >= 10_000) newest.clear();
    for (const v of found)
      if (v.last?.at)
        newest.set(v.id, { at: v.last.at, lat: v.last.lat!, lng: v.last.lng!, speedKmh: Number(v.last.speedKmh) });
      else newest.delete(v.id);
    return lookup;
  };

  return {
    /**
     * A batch of positions from a vehicle terminal (machine token) or the driver's phone: every
     * vehicle must be the sender's (its operator's; a worker's phone: the vehicle bound to them), no
     * fix may lie outside China, ahead of the clock or at an impossible speed — otherwise nothing is
     * stored. Stored through the positions stream (one audit entry per batch; a resend is stored
     * once, `inserted` counts the new rows), whose batch transaction also updates the flags, the
     * vehicles' running states and the live positions (`trackPositions`).
     *
     * Per row, one pass builds the stored row itself (no intermediate object, no text unless refused);
     * the checks then run per vehicle over those rows.
     */
    async ingestPositions({ actor, rows }: { actor: Actor; rows: z.infer<typeof PositionRow>[] }) {
      requirePermission(actor, 'delivery.position');
      const idSet = new Set<string>();
      const plateSet = new Set<string>();
      for (const r of rows)
        if (r.vehicleId) idSet.add(r.vehicleId);
        else if (r.plate) plateSet.add(r.plate);
      const { byId, byPlate } = await lookUp(actor, [...idSet], [...plateSet]);
      // A worker's phone reports only the vehicle bound to that worker (人车对应).
      const onlyBound = actor.type === 'user' && !can(actor, 'delivery.manage');
      const source = actor.type === 'machine' ? 'terminal' : 'phone';
      const stored = new Array<StoredPositionRow>(rows.length);
      // Each vehicle's rows by their place in the request.
      const groups = new Map<string, number[]>();
      for (let index = 0; index < rows.length; index++) {
        const r = rows[index]!;
        const vehicle = r.vehicleId ? byId.get(r.vehicleId) : byPlate.get(r.plate ?? '');
        if (!vehicle) throw positionVehicleUnknown({ field: `rows.${index}.${r.vehicleId ? 'vehicleId' : 'plate'}` });
        // The operator's vehicle, but another driver's: 403 with its own code.
        if (onlyBound && vehicle.boundUserId !== actor.id)
          throw positionVehicleNotBound({ field: `rows.${index}.${r.vehicleId ? 'vehicleId' : 'plate'}` });
        stored[index] = {
          vehicleId: vehicle.id,
          at: new Date(r.time),
          lat: r.lat,
          lng: r.lng,
          speedKmh: r.speed,
          source,
        };
        const group = groups.get(vehicle.id);
        if (group) group.push(index);
        else groups.set(vehicle.id, [index]);
      }
      const problems: { index: number; problem: PositionProblem }[] = [];
      const clock = now();
      // One vehicle (the usual request): its rows are the request's, as they are.
      const single = groups.size === 1;
      const lasts: StoredPositionRow[] = [];
      for (const [vehicleId, places] of groups) {
        const list = single ? stored : places.map((i) => stored[i]!);
        let first = list[0]!;
        let last = first;
        for (const f of list) {
          if (f.at < first.at) first = f;
          if (f.at > last.at) last = f;
        }
        lasts.push(last);
        // The vehicle's newest stored fix, kept in its running state: a batch after it is judged against
        // it without reading the track; a batch reaching back reads the fix before its first.
        const known = newest.get(vehicleId);
        const prev = known && known.at < first.at ? known : await repo.lastBefore(vehicleId, first.at);
        for (const p of positionProblems(list, prev ? { ...prev, speedKmh: Number(prev.speedKmh) } : null, clock))
          problems.push({ index: places[p.index]!, problem: p.problem });
      }
      if (problems.length > 0) {
        problems.sort((a, b) => a.index - b.index);
        const firstProblem = problems[0]!;
        const { error, field } = problemErrors[firstProblem.problem];
        throw error({ field: `rows.${firstProblem.index}.${field}`, problems: problems.slice(0, 20) });
      }
      // The flags, running states and live positions follow in the stream's batch transaction (trackPositions).
      const { accepted, inserted = 0 } = await ingest.ingest(
        POSITIONS_STREAM,
        stored,
        actor,
        // Built here from rows the route's schema and the checks above passed.
        { checked: true },
      );
      // Stored (or already stored): the vehicles' newest fixes are at least these.
      for (const last of lasts) {
        const known = newest.get(last.vehicleId);
        if (!known || known.at < last.at)
          newest.set(last.vehicleId, { at: last.at, lat: last.lat, lng: last.lng, speedKmh: last.speedKmh });
      }
      return { accepted, inserted };
    },

    async live({ actor, operatorId }: { actor: Actor; operatorId?: string }) {
      return { items: await repo.live(vehicleScope(actor, 'delivery.read'), operatorId) };
    },
    /** The driver's phone: the vehicle bound to the signed-in driver, whose positions the phone sends (or null). */
    async myVehicle({ actor }: { actor: Actor }) {
      requirePermission(actor, 'delivery.position');
      return { vehicle: actor.type === 'user' && actor.id ? await repo.vehicleBoundToUser(actor.id) : null };
    },
    async vehicles({ actor, operatorId }: { actor: Actor; operatorId?: string }) {
      return { items: await repo.vehiclesInScope(vehicleScope(actor, 'delivery.read'), operatorId) };
    },
    /** A vehicle's track of one China day, with that day's flags (replay). */
    async track({ actor, vehicleId, day }: { actor: Actor; vehicleId: string; day: string }) {
      const vehicle = await repo.vehicleInScope(vehicleId, vehicleScope(actor, 'delivery.read'));
      if (!vehicle) throw deliveryVehicleNotFound();
      const from = new Date(`${day}T00:00:00+08:00`);
      const to = new Date(from.getTime() + 86_400_000);
      const [fixes, flags] = await Promise.all([
        repo.fixes(vehicleId, from, to),
        repo.flagsBetween(vehicleId, from, to),
      ]);
      return {
        vehicleId,
        plate: vehicle.plate,
        day,
        points: fixes.map(
          (f) => [f.at.toISOString(), f.lat, f.lng, Number(f.speedKmh)] as [string, number, number, number],
        ),
        flags: flags.map((f) => ({ ...f, startedAt: f.startedAt.toISOString(), endedAt: f.endedAt.toISOString() })),
      };
    },
    async listFlags({
      actor,
      query,
    }: {
      actor: Actor;
      query: { operatorId?: string; kind?: string; vehicleId?: string; page: number; pageSize: number };
    }) {
      const f = vehicleFlagsTable;
      const where = and(
        flagScope(actor),
        query.operatorId ? eq(f.operatorEnterpriseId, query.operatorId) : undefined,
        query.kind ? sql`${f.kind} = ${query.kind}` : undefined,
        query.vehicleId ? eq(f.vehicleId, query.vehicleId) : undefined,
      );
      const { rows, total } = await repo.listFlags(where, query.page, query.pageSize);
      return { items: rows.map(presentFlag), total };
    },
    /** Makes a flag a hazard of the vehicle in the ledger (source `delivery`, the flag's id as its reference). */
    async flagToHazard({ actor, id, description }: { actor: Actor; id: string; description?: string }) {
      requirePermission(actor, 'hazard.manage');
      await db.transaction(async (tx) => {
        const r = createTrackingRepository({ db: tx });
        const row = await r.getFlag(id, flagScope(actor));
        if (!row) throw deliveryFlagNotFound();
        const flag = (await r.lockFlag(id))!;
        if (flag.hazardId) throw deliveryFlagHasHazard();
        const today = chinaDay(now()).day;
        const object = await loadLedgerObject(tx, { type: 'vehicle', id: flag.vehicleId }, today);
        if (!object) throw deliveryVehicleNotFound();
        const itemId =
          flag.kind === 'speeding' ? 'vehicle.speeding' : flag.kind === 'fatigue' ? 'vehicle.fatigue_driving' : null;
        const when = `${flag.startedAt.toISOString()} – ${flag.endedAt.toISOString()}`;
        const text =
          description?.trim() ||
          `${row.plate}：${flagKindLabels[flag.kind].zh}（${when}${flag.maxSpeedKmh ? `，最高${Math.round(flag.maxSpeedKmh)}km/h` : ''}）`;
        const hazard = await raiseHazard({
          tx,
          actor,
          object,
          source: 'delivery',
          sourceRef: flag.id,
          limits,
          today,
          // The ledger's vehicle items are the hazardous-goods vehicles'; a delivery vehicle's flag is a general hazard.
          ...(itemId && itemApplies(itemId, object) ? { itemId } : { severity: 'general' as const }),
          description: text,
          interimControl: '整改完成前该车辆停止配送',
        });
        await r.setFlagHazard(id, hazard.id);
        await recordAudit(tx, {
          actor,
          action: 'vehicle_flag.to_hazard',
          subject: { type: 'vehicle_flag', id },
          regionId: flag.regionId,
          details: { hazardId: hazard.id, kind: flag.kind },
        });
      });
      return presentFlag((await repo.getFlag(id, sql`true`))!);
    },
  };
}

function itemApplies(itemId: string, object: NonNullable<Awaited<ReturnType<typeof loadLedgerObject>>>): boolean {
  const item = checkItem(itemId);
  return !!item && itemsFor(object.checklistObject, [item]).length > 0;
}

function presentFlag(r: { flag: typeof vehicleFlagsTable.$inferSelect; plate: string; operatorName: string }) {
  return {
    id: r.flag.id,
    vehicleId: r.flag.vehicleId,
    plate: r.plate,
    operatorId: r.flag.operatorEnterpriseId,
    operatorName: r.operatorName,
    kind: r.flag.kind,
    startedAt: r.flag.startedAt.toISOString(),
    endedAt: r.flag.endedAt.toISOString(),
    maxSpeedKmh: r.flag.maxSpeedKmh,
    hazardId: r.flag.hazardId,
  };
}
