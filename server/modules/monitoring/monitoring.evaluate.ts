import { and, eq, ne, sql } from 'drizzle-orm';
import {
  type ConditionState,
  type Level,
  type Transition,
  parseConditionState,
  run,
} from '../../../domain/monitoring/alarm-machine.ts';
import {
  type AlarmKind,
  type ConditionOverride,
  type SensorKind,
  effectiveRules,
} from '../../../domain/monitoring/rules.ts';
import type { PressureClass } from '../../../domain/registry/registry.ts';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { publishEvent } from '../../platform/events/index.ts';
import { alarmEventsTable, alarmsTable } from './monitoring.table.ts';
import { millisOf } from './readings.check.ts';

/** Alarms raised from readings and by the jobs act as this system actor. */
export const monitoringActor: Actor = {
  type: 'system',
  id: null,
  name: 'monitoring',
  grants: [],
  permissions: new Set(),
};

/** A reading as the stream stores it: `at` is its canonical text (toISOString's form, see ingestReadings). */
export type ReadingRow = { sensorId: string; at: string; value: number };

type SensorForEval = {
  id: string;
  code: string;
  kind: SensorKind;
  pressure_class: PressureClass | null;
  rule_overrides: ConditionOverride[] | null;
  region_id: string;
  object_type: string | null;
  object_id: string | null;
  object_kind: string | null;
  object_name: string | null;
  owner_enterprise_id: string | null;
  venue_id: string | null;
  last_at: Date | string | null;
  machines: Record<string, unknown> | null;
};

const toDate = (d: Date | string | null) => (d === null ? null : d instanceof Date ? d : new Date(d));

export type SensorFacts = Pick<
  SensorForEval,
  | 'id'
  | 'code'
  | 'region_id'
  | 'object_type'
  | 'object_id'
  | 'object_kind'
  | 'object_name'
  | 'owner_enterprise_id'
  | 'venue_id'
> & { kind: SensorKind };

/**
 * Applies one condition's transition to the alarm of that sensor and kind: a raise opens an alarm
 * (or re-activates the one not yet closed), a change of level updates it, a clear marks it inactive —
 * each with its timeline row, its audit entry and its event, in the caller's transaction.
 */
export async function applyTransition(
  tx: Db,
  sensor: SensorFacts,
  kind: AlarmKind,
  tr: Pick<Transition, 'from' | 'to'> & { at: Date; value: number | null; note?: string },
  actor: Actor = monitoringActor,
) {
  const [open] = await tx
    .select()
    .from(alarmsTable)
    .where(and(eq(alarmsTable.sensorId, sensor.id), eq(alarmsTable.kind, kind), ne(alarmsTable.status, 'closed')))
    .for('update');
  const event = async (alarmId: string, type: string, level: Level) => {
    await tx.insert(alarmEventsTable).values({
      alarmId,
      type,
      at: tr.at,
      actorId: null,
      actorName: actor.name,
      level,
      value: tr.value,
      note: tr.note ?? null,
    });
    await publishEvent(tx, {
      type: `alarm.${type}`,
      subject: { type: 'alarm', id: alarmId },
      regionId: sensor.region_id,
      payload: { sensorCode: sensor.code, kind, level, value: tr.value, at: tr.at.toISOString() },
    });
  };
  if (tr.to === null) {
    if (!open?.active) return;
    await tx
      .update(alarmsTable)
      .set({ active: false, clearedAt: tr.at, lastValue: tr.value })
      .where(eq(alarmsTable.id, open.id));
    await event(open.id, 'cleared', null);
    await recordAudit(tx, {
      actor,
      action: 'alarm.clear',
      subject: { type: 'alarm', id: open.id },
      regionId: sensor.region_id,
      details: { sensorCode: sensor.code, kind, at: tr.at.toISOString(), value: tr.value },
    });
    return;
  }
  if (open) {
    const peak = open.peakLevel === 'alarm' || tr.to === 'alarm' ? 'alarm' : 'warning';
    await tx
      .update(alarmsTable)
      .set({ level: tr.to, peakLevel: peak, active: true, clearedAt: null, lastValue: tr.value })
      .where(eq(alarmsTable.id, open.id));
    await event(open.id, 'level_changed', tr.to);
    await recordAudit(tx, {
      actor,
      action: 'alarm.level_change',
      subject: { type: 'alarm', id: open.id },
      regionId: sensor.region_id,
      details: { sensorCode: sensor.code, kind, from: open.active ? open.level : null, to: tr.to, value: tr.value },
    });
    return;
  }
  const [created] = await tx
    .insert(alarmsTable)
    .values({
      sensorId: sensor.id,
      sensorCode: sensor.code,
      sensorKind: sensor.kind,
      kind,
      level: tr.to,
      peakLevel: tr.to,
      raisedAt: tr.at,
      raisedValue: tr.value,
      lastValue: tr.value,
      regionId: sensor.region_id,
      objectType: sensor.object_type as never,
      objectId: sensor.object_id,
      objectKind: sensor.object_kind,
      objectName: sensor.object_name,
      ownerEnterpriseId: sensor.owner_enterprise_id,
      venueId: sensor.venue_id,
    })
    .returning({ id: alarmsTable.id });
  await event(created!.id, 'raised', tr.to);
  await recordAudit(tx, {
    actor,
    action: 'alarm.raise',
    subject: { type: 'alarm', id: created!.id },
    regionId: sensor.region_id,
    details: { sensorCode: sensor.code, kind, level: tr.to, at: tr.at.toISOString(), value: tr.value },
  });
}

export type FaultReport = { sensorId: string; at: Date; fault: string };

/**
 * Fault reports of a batch (a device saying it cannot measure: `{ sensorCode, at, fault }`), in their own
 * transaction before the batch's readings: each sensor's state row is locked (as the readings stream
 * does), and a sensor without an active fault alarm gets one at the report's time (level warning; the
 * fault code on its timeline). A report while the alarm is active, or one not after the sensor's last
 * reading (the device worked since; the stored readings after the state's `last_at` count), changes
 * nothing. A restaurant detector's fault alarm active longer than the configured hours becomes a hazard
 * (runOfflineDetection).
 */
export async function recordFaults(db: Db, faults: FaultReport[]): Promise<void> {
  const first = new Map<string, FaultReport>();
  for (const f of [...faults].sort((a, b) => a.at.getTime() - b.at.getTime()))
    if (!first.has(f.sensorId)) first.set(f.sensorId, f);
  const ids = [...first.keys()].sort();
  await db.transaction(async (tx) => {
    const sensors = (
      (await tx.execute(sql`select s.id, s.code, s.kind, s.region_id, s.object_type, s.object_id, s.object_kind,
          s.object_name, s.owner_enterprise_id, s.venue_id,
          -- The state's last_at may lag the newest reading (STATE_REFRESH_INTERVALS): the readings after it count.
          coalesce((select max(r.at) from readings r where r.sensor_id = s.id and r.at > st.last_at), st.last_at) as last_at,
          exists (select 1 from alarms a where a.sensor_id = s.id and a.kind = 'fault' and a.status <> 'closed'
            and a.active) as faulty
        from sensor_states st join sensors s on s.id = st.sensor_id
        where st.sensor_id = any(${sql.param(ids)}::uuid[])
        order by st.sensor_id for update of st`)) as unknown as {
        rows: (SensorFacts & { last_at: Date | string | null; faulty: boolean })[];
      }
    ).rows;
    for (const s of sensors) {
      const f = first.get(s.id)!;
      const lastAt = toDate(s.last_at);
      if (s.faulty || (lastAt && f.at <= lastAt)) continue;
      await applyTransition(tx, s, 'fault', { from: null, to: 'warning', at: f.at, value: null, note: f.fault });
    }
  });
}

/**
 * A sensor's state row (`last_at`, `last_value`, the machines) is rewritten by a batch only when one of its
 * machines changed (level, or since when a level has held or been left — not merely the time of the last
 * reading fed), a condition was added or dropped, or its stored `last_at` is at least this fraction of the
 * sensor's reporting interval older than the batch's latest reading. A sensor that reports once per interval
 * is rewritten by every reading; one that reports more often keeps a `last_at` at most this fraction of its
 * interval behind (the offline rule is 3 intervals, and the offline job and fault reports look past it into
 * the readings themselves).
 */
export const STATE_REFRESH_INTERVALS = 0.1;

/** Two states of one condition's machine alike but for the time of the last reading fed. */
const sameMachine = (a: ConditionState, b: ConditionState) =>
  a.level === b.level &&
  a.upSince.warning === b.upSince.warning &&
  a.upSince.alarm === b.upSince.alarm &&
  a.downSince === b.downSince;

/**
 * The readings stream's `afterInsert` (platform/ingest): in the batch's transaction, for each sensor
 * with new readings, feeds them in their own time order to the state machine of each of its
 * conditions (domain/monitoring/alarm-machine.ts), applies the transitions to its alarms, clears an
 * offline alarm, and keeps the latest value (its state row written only when it changes, see
 * STATE_REFRESH_INTERVALS). The sensors' state rows are locked in id order, so two batches never judge
 * one sensor at once. A reading older than the state's time is stored but not judged again (see
 * docs/ARCHITECTURE.md, "Monitoring").
 */
export async function evaluateReadings(tx: Db, rows: ReadingRow[]): Promise<void> {
  // Each sensor's readings as the machines take them (time in ms), in the order received.
  const bySensor = new Map<string, { at: number; value: number }[]>();
  for (const r of rows) {
    const reading = { at: millisOf(r.at), value: r.value };
    const list = bySensor.get(r.sensorId);
    if (list) list.push(reading);
    else bySensor.set(r.sensorId, [reading]);
  }
  const ids = [...bySensor.keys()].sort();
  // One statement: the state rows locked in id order, the sensors' facts, their kind's rules and whether an
  // offline alarm is active.
  const sensors = (
    (await tx.execute(sql`select s.id, s.code, s.kind, s.pressure_class, s.rule_overrides, s.region_id, s.object_type,
        s.interval_seconds, s.object_id, s.object_kind, s.object_name, s.owner_enterprise_id, s.venue_id, st.last_at,
        st.machines,
        (select k.overrides from monitoring_kind_rules k where k.sensor_kind = s.kind) as kind_overrides,
        exists (select 1 from alarms a where a.sensor_id = s.id and a.kind = 'offline' and a.status <> 'closed'
          and a.active) as offline,
        (select a.raised_at from alarms a where a.sensor_id = s.id and a.kind = 'fault' and a.status <> 'closed'
          and a.active) as fault_at
      from sensor_states st join sensors s on s.id = st.sensor_id
      where st.sensor_id = any(${sql.param(ids)}::uuid[])
      order by st.sensor_id for update of st`)) as unknown as {
      rows: (SensorForEval & {
        interval_seconds: number;
        offline: boolean;
        fault_at: Date | string | null;
        kind_overrides: ConditionOverride[] | null;
      })[];
    }
  ).rows;
  const updates: { id: string; lastAt: Date; lastValue: number | null; machines: string }[] = [];
  for (const s of sensors) {
    const series = bySensor.get(s.id)!;
    const rules = effectiveRules(s.kind, s.pressure_class, s.kind_overrides, s.rule_overrides);
    const stored = s.machines ?? {};
    const machines: Record<string, ConditionState> = {};
    const transitions: { kind: AlarmKind; tr: Transition }[] = [];
    // A condition dropped from the rules (its key left in the stored states) is a change too.
    let changed = Object.keys(stored).length !== rules.conditions.length;
    for (const c of rules.conditions) {
      const before = parseConditionState(stored[c.alarmKind]);
      const out = run(c, before, series);
      machines[c.alarmKind] = out.state;
      if (!(c.alarmKind in stored) || !sameMachine(before, out.state)) changed = true;
      for (const tr of out.transitions) transitions.push({ kind: c.alarmKind, tr });
    }
    transitions.sort((a, b) => a.tr.at - b.tr.at);
    for (const { kind, tr } of transitions) await applyTransition(tx, s, kind, { ...tr, at: new Date(tr.at) });
    const latest = series.reduce((a, b) => (b.at > a.at ? b : a));
    if (s.offline) {
      const first = series.reduce((a, b) => (b.at < a.at ? b : a));
      await applyTransition(tx, s, 'offline', {
        from: 'warning',
        to: null,
        at: new Date(first.at),
        value: first.value,
      });
    }
    // A reading after the fault report shows the device working again: the fault alarm is cleared.
    const faultAt = toDate(s.fault_at);
    if (faultAt) {
      const after = series.filter((r) => r.at > faultAt.getTime());
      if (after.length > 0) {
        const first = after.reduce((a, b) => (b.at < a.at ? b : a));
        await applyTransition(tx, s, 'fault', {
          from: 'warning',
          to: null,
          at: new Date(first.at),
          value: first.value,
        });
      }
    }
    const lastAt = toDate(s.last_at);
    const newer = !lastAt || latest.at > lastAt.getTime();
    const stale = !lastAt || latest.at - lastAt.getTime() >= s.interval_seconds * 1000 * STATE_REFRESH_INTERVALS;
    if (!changed && !stale) continue;
    updates.push({
      id: s.id,
      lastAt: newer ? new Date(latest.at) : lastAt,
      lastValue: newer ? latest.value : null,
      machines: JSON.stringify(machines),
    });
  }
  if (updates.length === 0) return;
  await tx.execute(sql`update sensor_states st set
      last_at = v.last_at,
      last_value = coalesce(v.last_value, st.last_value),
      machines = v.machines,
      updated_at = now()
    from unnest(${sql.param(updates.map((u) => u.id))}::uuid[], ${sql.param(updates.map((u) => u.lastAt.toISOString()))}::timestamptz[],
      ${sql.param(updates.map((u) => u.lastValue))}::float8[], ${sql.param(updates.map((u) => u.machines))}::jsonb[])
      as v(id, last_at, last_value, machines)
    where st.sensor_id = v.id`);
}
