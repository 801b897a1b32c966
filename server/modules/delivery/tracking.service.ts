import { z } from 'zod';
import {
  type PositionProblem,
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
import { publishEvent } from '../../platform/events/index.ts';
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

/** The positions stream (platform/ingest): natural key (vehicle, time), so a resend is stored once. */
export const positionsStream: StreamDefinition<z.output<typeof StoredPosition>> = {
  name: POSITIONS_STREAM,
  table: vehiclePositionsTable,
  naturalKey: [vehiclePositionsTable.vehicleId, vehiclePositionsTable.at],
  row: StoredPosition,
  batchSize: 2_000,
  queueBound: 50_000,
  permission: 'delivery.position',
  digestLine: {
    form: 'vehicleId,at (ISO),lat,lng,speedKmh,source',
    line: (r) => `${r.vehicleId},${r.at.toISOString()},${r.lat},${r.lng},${r.speedKmh},${r.source}`,
  },
};

export function registerDeliveryStreams(ingest: Pick<Ingest, 'define' | 'has'>) {
  if (!ingest.has(POSITIONS_STREAM)) ingest.define(positionsStream);
}

const problemErrors: Record<PositionProblem, { error: typeof positionOutsideChina; field: string }> = {
  outside_china: { error: positionOutsideChina, field: 'lat' },
  impossible_speed: { error: positionImpossibleSpeed, field: 'speed' },
  future_time: { error: positionFutureTime, field: 'time' },
};

/** The China day [start, end) holding a moment. */
function chinaDay(at: Date): { day: string; from: Date; to: Date } {
  const day = chinaToday(at);
  const from = new Date(`${day}T00:00:00+08:00`);
  return { day, from, to: new Date(from.getTime() + 86_400_000) };
}

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

  /**
   * The flags of a vehicle's China day after new fixes, inside the caller's transaction; new flags are
   * events. The vehicle's stored track state (locked) lets the usual batch — later than everything the
   * state has seen — be judged from the fixes after it alone; a batch reaching back (a late or resent
   * fix, another day) recomputes the day from its whole track.
   */
  async function flagDay(
    tx: Db,
    vehicle: { id: string; operatorId: string; regionId: string; plate: string },
    firstAt: Date,
  ) {
    const { day, from, to } = chinaDay(firstAt);
    const r = createTrackingRepository({ db: tx });
    const stored = await r.lockTrackState(vehicle.id, day, emptyTrackState());
    const lastAt = stored.day === day ? stored.state.lastAt : null;
    const continues = lastAt !== null && firstAt.getTime() > lastAt;
    const fixes = continues
      ? await r.fixesAfter(vehicle.id, new Date(lastAt), to)
      : await r.fixes(vehicle.id, from, to);
    const zones = (await r.zonesOf(vehicle.operatorId)).map((z) => z.geometry as ZoneGeometry);
    const { flags, state } = continueTrackFlags(
      continues ? stored.state : emptyTrackState(),
      fixes.map((f) => ({ ...f, speedKmh: Number(f.speedKmh) })),
      zones,
      limits,
    );
    // Late fixes of an earlier day leave the newer day's state alone.
    if (day >= stored.day) await r.saveTrackState(vehicle.id, day, state);
    const created = await r.upsertFlags(
      flags.map((fl) => ({
        vehicleId: vehicle.id,
        operatorEnterpriseId: vehicle.operatorId,
        regionId: vehicle.regionId,
        kind: fl.kind,
        startedAt: fl.startedAt,
        endedAt: fl.endedAt,
        maxSpeedKmh: fl.maxSpeedKmh,
      })),
    );
    for (const c of created)
      await publishEvent(tx, {
        type: 'delivery.flag_raised',
        subject: { type: 'vehicle_flag', id: c.id },
        regionId: vehicle.regionId,
        payload: { operatorId: vehicle.operatorId, vehicleId: vehicle.id, plate: vehicle.plate, kind: c.kind },
      });
    return created.length;
  }

  return {
    /**
     * A batch of positions from a vehicle terminal (machine token) or the driver's phone: every
     * vehicle must be the sender's (its operator's; a worker's phone: the vehicle bound to them), no
     * fix may lie outside China, ahead of the clock or at an impossible speed — otherwise nothing is
     * stored. Stored through the positions stream (one audit entry per batch; a resend is stored
     * once), then the touched days' flags are computed and each vehicle's latest fix is published live.
     */
    async ingestPositions({ actor, rows }: { actor: Actor; rows: z.infer<typeof PositionRow>[] }) {
      requirePermission(actor, 'delivery.position');
      const ids = [...new Set(rows.flatMap((r) => (r.vehicleId ? [r.vehicleId] : [])))];
      const plates = [...new Set(rows.flatMap((r) => (r.plate && !r.vehicleId ? [r.plate] : [])))];
      const found = await repo.vehicles(ids, plates, vehicleScope(actor, 'delivery.position'));
      // A worker's phone reports only the vehicle bound to that worker (人车对应).
      const onlyBound = actor.type === 'user' && !can(actor, 'delivery.manage');
      const inScope = found.filter((v) => v.inScope);
      const byId = new Map(inScope.map((v) => [v.id, v]));
      const byPlate = new Map(inScope.map((v) => [v.plate, v]));
      const resolved = rows.map((r, index) => {
        const vehicle = r.vehicleId ? byId.get(r.vehicleId) : byPlate.get(r.plate ?? '');
        const field = `rows.${index}.${r.vehicleId ? 'vehicleId' : 'plate'}`;
        if (!vehicle) throw positionVehicleUnknown({ field });
        // The operator's vehicle, but another driver's: 403 with its own code.
        if (onlyBound && vehicle.boundUserId !== actor.id) throw positionVehicleNotBound({ field });
        return { index, vehicle, at: new Date(r.time), lat: r.lat, lng: r.lng, speedKmh: r.speed };
      });
      const groups = new Map<string, typeof resolved>();
      for (const r of resolved) groups.set(r.vehicle.id, [...(groups.get(r.vehicle.id) ?? []), r]);
      const problems: { index: number; problem: PositionProblem }[] = [];
      const clock = now();
      for (const [vehicleId, list] of groups) {
        const first = new Date(Math.min(...list.map((r) => r.at.getTime())));
        const prev = await repo.lastBefore(vehicleId, first);
        problems.push(...positionProblems(list, prev ? { ...prev, speedKmh: Number(prev.speedKmh) } : null, clock));
      }
      if (problems.length > 0) {
        problems.sort((a, b) => a.index - b.index);
        const firstProblem = problems[0]!;
        const { error, field } = problemErrors[firstProblem.problem];
        throw error({ field: `rows.${firstProblem.index}.${field}`, problems: problems.slice(0, 20) });
      }
      const source = actor.type === 'machine' ? 'terminal' : 'phone';
      const { accepted } = await ingest.ingest(
        POSITIONS_STREAM,
        resolved.map((r) => ({
          vehicleId: r.vehicle.id,
          at: r.at,
          lat: r.lat,
          lng: r.lng,
          speedKmh: r.speedKmh,
          source,
        })),
        actor,
        // Built here from rows the route's schema and the checks above passed.
        { checked: true },
      );
      // The touched days' flags, and for the live map each vehicle's newest fix of the batch: one transaction.
      const flags = await db.transaction(async (tx) => {
        let raised = 0;
        for (const list of groups.values()) {
          const vehicle = list[0]!.vehicle;
          // Each touched day with its earliest fix of the batch, in day order.
          const days = new Map<string, Date>();
          for (const r of [...list].sort((a, b) => a.at.getTime() - b.at.getTime()))
            if (!days.has(chinaDay(r.at).day)) days.set(chinaDay(r.at).day, r.at);
          for (const first of days.values()) raised += await flagDay(tx, vehicle, first);
          const latest = list.reduce((a, b) => (b.at > a.at ? b : a));
          await publishEvent(tx, {
            type: 'delivery.position',
            subject: { type: 'vehicle', id: latest.vehicle.id },
            regionId: latest.vehicle.regionId,
            payload: {
              operatorId: latest.vehicle.operatorId,
              vehicleId: latest.vehicle.id,
              plate: latest.vehicle.plate,
              at: latest.at.toISOString(),
              lat: latest.lat,
              lng: latest.lng,
              speedKmh: latest.speedKmh,
            },
          });
        }
        return raised;
      });
      return { accepted, flags };
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
