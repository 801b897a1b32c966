import { type SQL, and, asc, count, desc, eq, ilike, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { chinaToday } from '../../../domain/dates.ts';
import {
  type ConditionOverride,
  type ReadingRejectionCode,
  type SensorKind,
  effectiveRules,
  offlineAfterSeconds,
  overridesProblem,
  READING_CLOCK_SKEW_MS,
  sensorUnits,
  valuePossible,
} from '../../../domain/monitoring/rules.ts';
import type { Db } from '../../db/client.ts';
import { type Actor, can, requirePermission } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Ingest, StreamDefinition } from '../../platform/ingest/index.ts';
import { escapeLike } from '../../platform/sql.ts';
import { regionsTable } from '../organisation/index.ts';
import { enterprisesTable, loadRegisterObject, pipelineSegmentsTable } from '../registry/index.ts';
import { sensorScope, valuesInSensorScope } from './monitoring.access.ts';
import {
  sensorCodeTaken,
  sensorNotFound,
  sensorObjectNotFound,
  sensorOutsideScope,
  rulesInvalid,
  sensorRegionRequired,
  sensorValveInvalid,
} from './monitoring.errors.ts';
import { type FaultReport, type ReadingRow, evaluateReadings, recordFaults } from './monitoring.evaluate.ts';
import type { CreateSensorInput, ReadingsInput, UpdateSensorInput } from './monitoring.schemas.ts';
import {
  gatewayRejectionsTable,
  monitoringKindRulesTable,
  sensorStatesTable,
  sensorsTable,
} from './monitoring.table.ts';
import { ensurePartitionsFor, retentionStart } from './readings.partitions.ts';
import { readingsRowsTable } from './readings.table.ts';
import { isoMillis } from './readings.check.ts';

export const READINGS_STREAM = 'monitoring.readings';

/** How long a gateway's looked-up sensors are reused, for how many gateways and sensors each at most. */
const LOOKUP_TTL_MS = 60_000;
const LOOKUP_GATEWAYS = 1_000;
const LOOKUP_SENSORS = 100_000;

// Rows come from ingestReadings (`checked`); the schema is the stream's contract for any other caller.
const ReadingRowSchema = z.object({ sensorId: z.uuid(), at: z.iso.datetime(), value: z.number() });

/** The readings stream of platform/ingest: bounded queue, batched insert, alarms judged in the batch's transaction. */
export function defineReadingsStream(
  ingest: Pick<Ingest, 'define' | 'has'>,
  /** Tests only: other sizes or a held writer (the stream is defined once; the routes then keep this one). */
  overrides: Partial<Omit<StreamDefinition<ReadingRow>, 'name' | 'table' | 'naturalKey' | 'row'>> = {},
) {
  if (ingest.has(READINGS_STREAM)) return;
  ingest.define<ReadingRow>({
    name: READINGS_STREAM,
    table: readingsRowsTable,
    naturalKey: [readingsRowsTable.sensorId, readingsRowsTable.at],
    row: ReadingRowSchema,
    batchSize: 10_000,
    queueBound: 50_000,
    // One writer: every batch locks the state rows of the sensors it judges, and a gateway's batches
    // cover the same sensors, so a second writer of this instance would only wait on the first's locks;
    // requests that wait meanwhile are gathered into the next batch instead (parallelism comes from lanes).
    concurrency: 1,
    // The senders answered by one batch are gathered into the next (its evaluation and state update cost
    // per sensor, not per reading), waiting at most this long for them.
    lingerMs: 200,
    // Two transactions per batch on two connections, the sensors split between them: each sensor's state
    // is still judged by one transaction at a time, and the database works on both at once (measured in
    // bench/README.md, "Lanes").
    lanes: { count: 2, key: (r) => r.sensorId },
    permission: 'reading.write',
    afterInsert: (tx, rows) => evaluateReadings(tx, rows),
    // The batch's digest over the insert's own column texts: `at` is already each reading's canonical text.
    digestLine: 'columns',
    ...overrides,
  });
}

const s = sensorsTable;
const st = sensorStatesTable;

/** Sensor columns as the API shows them (with the latest value and the worst open alarm). */
const sensorSelect = {
  s,
  regionName: regionsTable.name,
  lastAt: st.lastAt,
  lastValue: st.lastValue,
  valveSensorCode: sql<string | null>`(select v.code from sensors v where v.id = ${s.valveSensorId})`,
  alarmLevel: sql<
    'warning' | 'alarm' | null
  >`(select case when bool_or(a.level = 'alarm') then 'alarm' when count(*) > 0 then 'warning' end
    from alarms a where a.sensor_id = ${s.id} and a.status <> 'closed')`,
};
type SensorRow = {
  s: typeof sensorsTable.$inferSelect;
  regionName: string | null;
  lastAt: Date | null;
  lastValue: number | null;
  valveSensorCode: string | null;
  alarmLevel: 'warning' | 'alarm' | null;
};

export function isOnline(row: { lastAt: Date | null; intervalSeconds: number }, now = new Date()) {
  return row.lastAt !== null && now.getTime() - row.lastAt.getTime() <= offlineAfterSeconds(row.intervalSeconds) * 1000;
}

export function presentSensor(r: SensorRow, now = new Date()) {
  return {
    id: r.s.id,
    code: r.s.code,
    name: r.s.name,
    kind: r.s.kind,
    unit: sensorUnits[r.s.kind],
    objectType: r.s.objectType,
    objectId: r.s.objectId,
    objectName: r.s.objectName,
    regionId: r.s.regionId,
    regionName: r.regionName,
    ownerEnterpriseId: r.s.ownerEnterpriseId,
    lng: r.s.lng,
    lat: r.s.lat,
    intervalSeconds: r.s.intervalSeconds,
    pressureClass: r.s.pressureClass,
    installedOn: r.s.installedOn,
    valveSensorCode: r.valveSensorCode,
    lastAt: r.lastAt ? new Date(r.lastAt).toISOString() : null,
    lastValue: r.lastValue,
    online: isOnline({ lastAt: r.lastAt ? new Date(r.lastAt) : null, intervalSeconds: r.s.intervalSeconds }, now),
    alarmLevel: r.alarmLevel,
    ruleOverrides: r.s.ruleOverrides ?? null,
    createdAt: r.s.createdAt.toISOString(),
  };
}

export function createSensorsService({
  db,
  ingest,
  retentionMonths = 24,
}: {
  db: Db;
  ingest?: Ingest;
  retentionMonths?: number;
}) {
  async function kindOverrides(tx: Db, kind: SensorKind): Promise<ConditionOverride[] | null> {
    const [row] = await tx.select().from(monitoringKindRulesTable).where(eq(monitoringKindRulesTable.sensorKind, kind));
    return row?.overrides ?? null;
  }

  async function findVisible(
    tx: Db,
    actor: Actor,
    code: string,
    permission: 'monitoring.read' | 'monitoring.manage' | 'monitoring.rules' = 'monitoring.read',
  ) {
    const [row] = await tx
      .select(sensorSelect)
      .from(s)
      .leftJoin(st, eq(st.sensorId, s.id))
      .leftJoin(regionsTable, eq(regionsTable.id, s.regionId))
      .where(and(eq(s.code, code), isNull(s.archivedAt), sensorScope(actor, permission)));
    return row as SensorRow | undefined;
  }

  async function detail(tx: Db, actor: Actor, code: string) {
    const row = await findVisible(tx, actor, code);
    if (!row) throw sensorNotFound({ field: 'code' });
    const manage = can(actor, 'monitoring.manage') && Boolean(await findVisible(tx, actor, code, 'monitoring.manage'));
    const editRules = can(actor, 'monitoring.rules') && Boolean(await findVisible(tx, actor, code, 'monitoring.rules'));
    return {
      ...presentSensor(row),
      rules: effectiveRules(row.s.kind, row.s.pressureClass, await kindOverrides(tx, row.s.kind), row.s.ruleOverrides),
      abilities: { manage, editRules },
    };
  }

  async function valveFor(tx: Db, actor: Actor, code: string | null | undefined): Promise<string | null> {
    if (!code) return null;
    const valve = await findVisible(tx, actor, code, 'monitoring.manage');
    if (valve?.s.kind !== 'valve_state') throw sensorValveInvalid({ field: 'valveSensorCode' });
    return valve.s.id;
  }

  type Looked = { id: string; kind: SensorKind; ok: boolean };
  const known = new Map<string, { at: number; sensors: Map<string, Looked> }>();
  /**
   * The sensors a batch names, as the gateway may use them: `ok` when in its scope for `reading.write`. A
   * sensor found in scope is remembered per gateway (its grants) for `LOOKUP_TTL_MS`, so a gateway's
   * steady stream costs no lookup per request: what decides it (the sensor's code, id, kind, region, owner,
   * object, venue) never changes after creation, and sensors are not deleted; a change of the gateway's
   * grants gives another key. Unknown and out-of-scope codes are always looked up again. Returns a function from
   * a code of the batch to its sensor (undefined: unknown): remembered codes are answered from the gateway's map
   * as they are (one map read per reading, no copy per request), the others from this lookup.
   */
  async function lookup(actor: Actor, input: ReadingsInput['readings']): Promise<(code: string) => Looked | undefined> {
    const key = `${gatewayOf(actor)}|${JSON.stringify(actor.grants)}`;
    const now = Date.now();
    let entry = known.get(key);
    if (!entry || now - entry.at > LOOKUP_TTL_MS) {
      if (known.size >= LOOKUP_GATEWAYS) known.clear();
      entry = { at: now, sensors: new Map() };
      known.set(key, entry);
    }
    const sensors = entry.sensors;
    const missing = new Set<string>();
    for (const r of input) if (!sensors.has(r.sensorCode)) missing.add(r.sensorCode);
    if (missing.size === 0) return (code) => sensors.get(code);
    const byCode = new Map<string, Looked>();
    const found = await db
      .select({ id: s.id, code: s.code, kind: s.kind, ok: sql<boolean>`${sensorScope(actor, 'reading.write')}` })
      .from(s)
      .where(and(sql`${s.code} = any(${sql.param([...missing])}::text[])`, isNull(s.archivedAt)));
    for (const f of found) {
      const sensor = { id: f.id, kind: f.kind, ok: f.ok };
      byCode.set(f.code, sensor);
      if (f.ok && sensors.size < LOOKUP_SENSORS) sensors.set(f.code, sensor);
    }
    return (code) => sensors.get(code) ?? byCode.get(code);
  }

  return {
    detail: (actor: Actor, code: string) => detail(db, actor, code),

    async create(actor: Actor, input: CreateSensorInput) {
      requirePermission(actor, 'monitoring.manage');
      return db.transaction(async (tx) => {
        let regionId = input.regionId ?? null;
        let objectKind: string | null = null;
        let objectName: string | null = null;
        let address: string | null = null;
        let owner = input.ownerEnterpriseId ?? null;
        let pressureClass = input.pressureClass ?? null;
        if (input.objectType || input.objectId) {
          if (!input.objectType || !input.objectId)
            throw sensorObjectNotFound({ field: input.objectType ? 'objectId' : 'objectType' });
          const object = await loadRegisterObject(tx, { type: input.objectType, id: input.objectId }, chinaToday(), {
            actor,
            permission: 'registry.read',
          });
          if (!object) throw sensorObjectNotFound({ field: 'objectId' });
          regionId = object.regionId;
          objectKind = object.objectKind;
          objectName = object.name;
          address = object.address;
          owner = owner ?? object.ownerEnterpriseId ?? (object.type === 'venue' ? object.supplierEnterpriseId : null);
          if (object.type === 'pipeline' && !pressureClass) {
            const [p] = await tx
              .select({ c: pipelineSegmentsTable.pressureClass })
              .from(pipelineSegmentsTable)
              .where(eq(pipelineSegmentsTable.id, object.id));
            pressureClass = p?.c ?? null;
          }
        }
        if (owner) {
          const [e] = await tx
            .select({ regionId: enterprisesTable.regionId })
            .from(enterprisesTable)
            .where(and(eq(enterprisesTable.id, owner), isNull(enterprisesTable.archivedAt)));
          if (!e) throw sensorObjectNotFound({ field: 'ownerEnterpriseId' });
          regionId = regionId ?? e.regionId;
        }
        if (!regionId) throw sensorRegionRequired({ field: 'regionId' });
        const [region] = await tx
          .select({ id: regionsTable.id })
          .from(regionsTable)
          .where(eq(regionsTable.id, regionId));
        if (!region) throw sensorRegionRequired({ field: 'regionId' });
        const venueId = input.objectType === 'venue' ? input.objectId! : null;
        const values = {
          regionId,
          objectType: input.objectType ?? null,
          objectKind,
          ownerEnterpriseId: owner,
          venueId,
        };
        const inScope = (await tx.execute(
          sql`select ${valuesInSensorScope(actor, 'monitoring.manage', values)} as ok`,
        )) as unknown as {
          rows: { ok: boolean }[];
        };
        if (!inScope.rows[0]?.ok) throw sensorOutsideScope({ field: input.objectId ? 'objectId' : 'regionId' });
        const [taken] = await tx.select({ id: s.id }).from(s).where(eq(s.code, input.code));
        if (taken) throw sensorCodeTaken({ field: 'code' });
        const valveSensorId = await valveFor(tx, actor, input.valveSensorCode);
        const [created] = await tx
          .insert(s)
          .values({
            code: input.code,
            name: input.name ?? objectName ?? input.code,
            kind: input.kind,
            objectType: input.objectType ?? null,
            objectId: input.objectId ?? null,
            objectKind,
            objectName,
            regionId,
            ownerEnterpriseId: owner,
            venueId,
            lng: input.lng ?? null,
            lat: input.lat ?? null,
            address,
            intervalSeconds: input.intervalSeconds ?? 60,
            pressureClass: input.kind === 'pipeline_pressure' ? (pressureClass ?? 'medium_b') : pressureClass,
            installedOn: input.installedOn ?? null,
            valveSensorId,
          })
          .returning();
        await tx.insert(st).values({ sensorId: created!.id });
        await recordAudit(tx, {
          actor,
          action: 'sensor.create',
          subject: { type: 'sensor', id: created!.id },
          regionId,
          after: created,
        });
        return detail(tx, actor, input.code);
      });
    },

    async update(actor: Actor, code: string, input: UpdateSensorInput) {
      requirePermission(actor, 'monitoring.manage');
      return db.transaction(async (tx) => {
        const row = await findVisible(tx, actor, code, 'monitoring.manage');
        if (!row) throw sensorNotFound({ field: 'code' });
        const patch: Partial<typeof sensorsTable.$inferInsert> = { updatedAt: new Date() };
        if (input.name !== undefined) patch.name = input.name;
        if (input.lng !== undefined) patch.lng = input.lng;
        if (input.lat !== undefined) patch.lat = input.lat;
        if (input.intervalSeconds !== undefined) patch.intervalSeconds = input.intervalSeconds;
        if (input.valveSensorCode !== undefined) patch.valveSensorId = await valveFor(tx, actor, input.valveSensorCode);
        const [after] = await tx.update(s).set(patch).where(eq(s.id, row.s.id)).returning();
        await recordAudit(tx, {
          actor,
          action: 'sensor.update',
          subject: { type: 'sensor', id: row.s.id },
          regionId: row.s.regionId,
          before: row.s,
          after,
        });
        return detail(tx, actor, code);
      });
    },

    /** The office's per-sensor overrides of the kind's rules (thresholds, hysteresis, durations), audited with the reason. */
    async setSensorRules(actor: Actor, code: string, overrides: ConditionOverride[], reason: string) {
      requirePermission(actor, 'monitoring.rules');
      return db.transaction(async (tx) => {
        const row = await findVisible(tx, actor, code, 'monitoring.rules');
        if (!row) throw sensorNotFound({ field: 'code' });
        checkOverrides(row.s.kind, row.s.pressureClass, overrides, await kindOverrides(tx, row.s.kind));
        const value = overrides.length ? overrides : null;
        await tx.update(s).set({ ruleOverrides: value, updatedAt: new Date() }).where(eq(s.id, row.s.id));
        await recordAudit(tx, {
          actor,
          action: 'sensor.rules',
          subject: { type: 'sensor', id: row.s.id },
          regionId: row.s.regionId,
          before: row.s.ruleOverrides,
          after: value,
          details: { reason, overrides: value },
        });
        return detail(tx, actor, code);
      });
    },

    async kindRules() {
      const rows = await db.select().from(monitoringKindRulesTable);
      return rows;
    },

    async setKindRules(actor: Actor, kind: SensorKind, overrides: ConditionOverride[], reason: string) {
      requirePermission(actor, 'monitoring.rules');
      // Kind-wide rules are the county's: only a global or county-level grant of the office sets them.
      if (!actor.grants.some((g) => g.scopeType === 'global' && g.role === 'office_admin') && actor.type !== 'system')
        throw sensorOutsideScope({ field: 'kind' });
      checkOverrides(kind, null, overrides);
      return db.transaction(async (tx) => {
        const before = await kindOverrides(tx, kind);
        await tx
          .insert(monitoringKindRulesTable)
          .values({ sensorKind: kind, overrides, updatedBy: actor.id, updatedAt: new Date() })
          .onConflictDoUpdate({
            target: monitoringKindRulesTable.sensorKind,
            set: { overrides, updatedBy: actor.id, updatedAt: new Date() },
          });
        await recordAudit(tx, {
          actor,
          action: 'monitoring.rules',
          subject: { type: 'sensor_kind', id: kind },
          before,
          after: overrides,
          details: { reason, kind, overrides },
        });
        return effectiveRules(kind, null, overrides);
      });
    },

    async list(
      actor: Actor,
      q: { kind?: SensorKind; q?: string; status?: 'online' | 'offline' | 'alarm'; page: number; pageSize: number },
    ) {
      requirePermission(actor, 'monitoring.read');
      const where: SQL[] = [isNull(s.archivedAt), sensorScope(actor)];
      if (q.kind) where.push(eq(s.kind, q.kind));
      if (q.q) {
        const like = `%${escapeLike(q.q)}%`;
        where.push(sql`(${ilike(s.code, like)} or ${ilike(s.name, like)} or ${ilike(s.objectName, like)})`);
      }
      const offline = sql`(${st.lastAt} is null or ${st.lastAt} < now() - make_interval(secs => greatest(${s.intervalSeconds} * 3, 120)))`;
      if (q.status === 'offline') where.push(offline);
      if (q.status === 'online') where.push(sql`not ${offline}`);
      if (q.status === 'alarm')
        where.push(sql`exists (select 1 from alarms a where a.sensor_id = ${s.id} and a.status <> 'closed')`);
      const cond = and(...where);
      const [total] = await db.select({ n: count() }).from(s).leftJoin(st, eq(st.sensorId, s.id)).where(cond);
      const rows = (await db
        .select(sensorSelect)
        .from(s)
        .leftJoin(st, eq(st.sensorId, s.id))
        .leftJoin(regionsTable, eq(regionsTable.id, s.regionId))
        .where(cond)
        .orderBy(asc(s.code))
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize)) as SensorRow[];
      return { items: rows.map((r) => presentSensor(r)), total: total?.n ?? 0 };
    },

    /**
     * The sensors of the caller's scope that have a place, for the map (一张图): each with its state — `alarm` or
     * `warning` (a not-closed alarm of a measured condition at that level), else `fault` (its fault alarm active), else
     * `offline` (silent beyond its interval), else `normal` — its last reading and the not-closed alarm to open.
     */
    async map(actor: Actor) {
      requirePermission(actor, 'monitoring.read');
      const rows = (await db
        .select({
          ...sensorSelect,
          openAlarm: sql<{ id: string; kind: string; level: 'warning' | 'alarm'; active: boolean } | null>`(
            select json_build_object('id', a.id, 'kind', a.kind, 'level', a.level, 'active', a.active)
            from alarms a where a.sensor_id = ${s.id} and a.status <> 'closed'
            order by a.kind in ('offline', 'fault'), a.level = 'alarm' desc, a.raised_at desc limit 1)`,
        })
        .from(s)
        .leftJoin(st, eq(st.sensorId, s.id))
        .leftJoin(regionsTable, eq(regionsTable.id, s.regionId))
        .where(and(isNull(s.archivedAt), sensorScope(actor), sql`${s.lng} is not null and ${s.lat} is not null`))
        .orderBy(asc(s.code))
        .limit(20_000)) as (SensorRow & {
        openAlarm: { id: string; kind: string; level: 'warning' | 'alarm'; active: boolean } | string | null;
      })[];
      const now = new Date();
      return {
        items: rows.map((r) => {
          const p = presentSensor(r, now);
          // PGlite hands json back parsed, node-postgres too; a driver giving text is parsed here.
          const open = typeof r.openAlarm === 'string' ? JSON.parse(r.openAlarm) : r.openAlarm;
          const measured = open && open.kind !== 'offline' && open.kind !== 'fault' ? open : null;
          const state: 'alarm' | 'warning' | 'fault' | 'offline' | 'normal' = measured
            ? measured.level
            : open?.kind === 'fault' && open.active
              ? 'fault'
              : !p.online
                ? 'offline'
                : 'normal';
          return {
            code: p.code,
            name: p.name,
            kind: p.kind,
            unit: p.unit,
            lng: p.lng!,
            lat: p.lat!,
            objectName: p.objectName,
            regionName: p.regionName,
            lastAt: p.lastAt,
            lastValue: p.lastValue,
            online: p.online,
            alarmLevel: p.alarmLevel,
            state,
            openAlarmId: open?.id ?? null,
          };
        }),
      };
    },

    /** A sensor's readings for a chart: raw when few, else averaged per bucket (min and max kept), over the partitions of the span. */
    async series(actor: Actor, code: string, q: { from?: string; to?: string; points: number }) {
      const d = await detail(db, actor, code);
      const to = q.to ? new Date(q.to) : new Date();
      const from = q.from ? new Date(q.from) : new Date(to.getTime() - 24 * 3_600_000);
      const spanS = Math.max(1, (to.getTime() - from.getTime()) / 1000);
      const bucket = Math.max(1, Math.ceil(spanS / q.points));
      const r = (await db.execute(sql`select to_timestamp(floor(extract(epoch from at) / ${bucket}) * ${bucket}) as t,
          avg(value)::float8 as v, min(value)::float8 as lo, max(value)::float8 as hi
        from readings where sensor_id = ${d.id} and at >= ${from.toISOString()}::timestamptz and at <= ${to.toISOString()}::timestamptz
        group by 1 order by 1`)) as unknown as { rows: { t: Date | string; v: number; lo: number; hi: number }[] };
      return {
        sensorCode: d.code,
        unit: d.unit,
        bucketSeconds: bucket,
        points: r.rows.map((p) => ({
          at: new Date(p.t).toISOString(),
          value: Number(p.v),
          min: Number(p.lo),
          max: Number(p.hi),
        })),
        rules: d.rules,
      };
    },

    /**
     * A gateway's batch (HTTP, or one MQTT message): each reading checked — the sensor known and in the
     * gateway's scope (the scope engine over the sensor's columns), the value possible for its kind, the
     * time not ahead of the clock nor before the retention — refusals counted per gateway and never stored;
     * the rest handed to the readings stream (platform/ingest), which answers after commit. One reading per
     * sensor and time: a resent reading counts as a duplicate. A fault report (`fault` instead of `value`)
     * is not a reading: it opens the sensor's `fault` alarm (recordFaults), which its next reading clears.
     */
    async ingestReadings(actor: Actor, input: ReadingsInput['readings']) {
      requirePermission(actor, 'reading.write');
      if (!ingest) throw new Error('monitoring: no ingest');
      const sensorOf = await lookup(actor, input);
      const now = Date.now();
      const oldest = retentionStart(new Date(now), retentionMonths).getTime();
      const rejected: { index: number; code: ReadingRejectionCode }[] = [];
      const rows: ReadingRow[] = [];
      const faults: FaultReport[] = [];
      // The months the accepted readings fall in (for their partitions), by their canonical text's `YYYY-MM`.
      const months = new Map<string, number>();
      input.forEach((r, index) => {
        const sensor = sensorOf(r.sensorCode);
        // The time's milliseconds and canonical text: read by hand when sent in toISOString's form (the usual
        // case), else parsed and written once.
        let ms = isoMillis(r.at);
        let text = r.at;
        if (Number.isNaN(ms)) {
          const d = new Date(r.at);
          ms = d.getTime();
          text = Number.isNaN(ms) ? r.at : d.toISOString();
        }
        let code: ReadingRejectionCode | null = null;
        if (!sensor) code = 'SENSOR_UNKNOWN';
        else if (!sensor.ok) code = 'OUT_OF_SCOPE';
        else if (r.value !== undefined && !valuePossible(sensor.kind, r.value)) code = 'VALUE_IMPOSSIBLE';
        else if (ms > now + READING_CLOCK_SKEW_MS) code = 'TIME_IN_FUTURE';
        else if (ms < oldest) code = 'TIME_TOO_OLD';
        if (code) rejected.push({ index, code });
        else if (r.value === undefined) faults.push({ sensorId: sensor!.id, at: new Date(ms), fault: r.fault ?? '' });
        else {
          rows.push({ sensorId: sensor!.id, at: text, value: r.value });
          const month = text.slice(0, 7);
          if (!months.has(month)) months.set(month, ms);
        }
      });
      if (rejected.length > 0) await countRejections(db, gatewayOf(actor), rejected);
      // Fault reports first, so a reading after a fault in the same batch clears it.
      if (faults.length > 0) await recordFaults(db, faults);
      if (rows.length === 0) return { accepted: 0, duplicates: 0, faults: faults.length, rejected };
      await ensurePartitionsFor(
        db,
        [...months.values()].map((ms) => new Date(ms)),
      );
      const result = await ingest.ingest(READINGS_STREAM, rows, actor, { checked: true });
      const inserted = result.inserted ?? 0;
      return { accepted: inserted, duplicates: result.accepted - inserted, faults: faults.length, rejected };
    },

    async rejections() {
      return db.select().from(gatewayRejectionsTable).orderBy(desc(gatewayRejectionsTable.lastAt)).limit(500);
    },
  };
}

export type SensorsService = ReturnType<typeof createSensorsService>;

/** 400 `monitoring.rules_invalid` with the field at fault (`overrides.0.warning.clear`) and why. */
function checkOverrides(
  kind: SensorKind,
  pressureClass: Parameters<typeof overridesProblem>[1],
  overrides: ConditionOverride[],
  under: ConditionOverride[] | null = null,
) {
  const problem = overridesProblem(kind, pressureClass, overrides, under);
  if (problem) throw rulesInvalid({ field: ['overrides', ...problem.path].join('.'), reason: problem.reason });
}

export const gatewayOf = (actor: Actor) => (actor.id ? `${actor.type}:${actor.id}` : `${actor.type}:${actor.name}`);

async function countRejections(db: Db, gateway: string, rejected: { code: ReadingRejectionCode }[]) {
  const counts = new Map<string, number>();
  for (const r of rejected) counts.set(r.code, (counts.get(r.code) ?? 0) + 1);
  for (const [code, n] of counts) {
    await db
      .insert(gatewayRejectionsTable)
      .values({ gateway, code, count: n, lastAt: new Date() })
      .onConflictDoUpdate({
        target: [gatewayRejectionsTable.gateway, gatewayRejectionsTable.code],
        set: { count: sql`${gatewayRejectionsTable.count} + ${n}`, lastAt: new Date() },
      });
  }
}
