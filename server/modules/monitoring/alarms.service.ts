import { type SQL, and, asc, count, desc, eq, inArray, isNull, lt, ne, sql } from 'drizzle-orm';
import { chinaToday } from '../../../domain/dates.ts';
import {
  type AlarmStep,
  escalationLevelDue,
  escalationTargets,
  statusAfter,
  stepAllowed,
} from '../../../domain/monitoring/alarm-handling.ts';
import { type AlarmKind, alarmKindLabels, sensorKindLabels } from '../../../domain/monitoring/rules.ts';
import type { Db } from '../../db/client.ts';
import { type Actor, can, requirePermission } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { publishEvent } from '../../platform/events/index.ts';
import { raiseHazard } from '../hazards/index.ts';
import { alarmScope } from './monitoring.access.ts';
import { alarmNotFound, alarmObjectMissing, alarmStepNotAllowed, sensorObjectNotFound } from './monitoring.errors.ts';
import { applyTransition, monitoringActor } from './monitoring.evaluate.ts';
import { alarmEventsTable, alarmsTable, sensorsTable } from './monitoring.table.ts';
import { enterprisesTable } from '../registry/index.ts';
import { offlineAfterSeconds } from '../../../domain/monitoring/rules.ts';

const a = alarmsTable;
type AlarmRow = typeof alarmsTable.$inferSelect;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentAlarm(r: AlarmRow) {
  return {
    id: r.id,
    sensorCode: r.sensorCode,
    sensorKind: r.sensorKind,
    kind: r.kind,
    level: r.level,
    peakLevel: r.peakLevel,
    status: r.status,
    active: r.active,
    raisedAt: r.raisedAt.toISOString(),
    raisedValue: r.raisedValue,
    lastValue: r.lastValue,
    clearedAt: iso(r.clearedAt),
    regionId: r.regionId,
    objectType: r.objectType,
    objectId: r.objectId,
    objectName: r.objectName,
    ownerEnterpriseId: r.ownerEnterpriseId,
    dispatchedEnterpriseId: r.dispatchedEnterpriseId,
    escalationLevel: r.escalationLevel,
    acknowledgedAt: iso(r.acknowledgedAt),
    dispatchedAt: iso(r.dispatchedAt),
    arrivedAt: iso(r.arrivedAt),
    closedAt: iso(r.closedAt),
    resolution: r.resolution,
    hazardId: r.hazardId,
  };
}

export function createAlarmsService({ db }: { db: Db }) {
  async function load(tx: Db, actor: Actor, id: string, permission: 'monitoring.read' | 'alarm.handle', lock = false) {
    const q = tx
      .select()
      .from(a)
      .where(and(eq(a.id, id), alarmScope(actor, permission)));
    const [row] = lock ? await q.for('update') : await q;
    return row;
  }

  async function detail(tx: Db, actor: Actor, id: string) {
    const row = await load(tx, actor, id, 'monitoring.read');
    if (!row) throw alarmNotFound({ field: 'id' });
    const events = await tx
      .select()
      .from(alarmEventsTable)
      .where(eq(alarmEventsTable.alarmId, id))
      .orderBy(asc(alarmEventsTable.at), asc(alarmEventsTable.id));
    const handle = can(actor, 'alarm.handle') && Boolean(await load(tx, actor, id, 'alarm.handle'));
    const may = (step: AlarmStep) => handle && stepAllowed(row.status, step);
    return {
      ...presentAlarm(row),
      events: events.map((e) => ({
        id: e.id,
        type: e.type,
        at: e.at.toISOString(),
        actorName: e.actorName,
        level: e.level,
        value: e.value,
        note: e.note,
        photoIds: e.photoIds,
      })),
      abilities: {
        acknowledge: may('acknowledge'),
        dispatch: may('dispatch'),
        arrive: may('arrive'),
        note: may('note'),
        close: may('close'),
        toHazard: may('to_hazard') && can(actor, 'hazard.manage') && row.objectType !== null,
      },
    };
  }

  /** One handling step: checked against the status, timed, recorded on the timeline, audited and published. */
  async function stepOn(
    actor: Actor,
    id: string,
    step: AlarmStep,
    input: { note?: string; photoIds?: string[]; enterpriseId?: string; resolution?: 'handled' | 'false_alarm' },
  ) {
    requirePermission(actor, 'alarm.handle');
    return db.transaction(async (tx) => {
      const row = await load(tx, actor, id, 'alarm.handle', true);
      if (!row) throw alarmNotFound({ field: 'id' });
      if (!stepAllowed(row.status, step)) throw alarmStepNotAllowed({ status: row.status, step });
      const now = new Date();
      const patch: Partial<typeof alarmsTable.$inferInsert> = { status: statusAfter(row.status, step) };
      if (step === 'acknowledge') Object.assign(patch, { acknowledgedAt: now, acknowledgedBy: actor.id });
      if (step === 'dispatch') {
        const enterpriseId = input.enterpriseId ?? row.ownerEnterpriseId;
        if (!enterpriseId) throw sensorObjectNotFound({ field: 'enterpriseId' });
        const [e] = await tx
          .select({ id: enterprisesTable.id })
          .from(enterprisesTable)
          .where(eq(enterprisesTable.id, enterpriseId));
        if (!e) throw sensorObjectNotFound({ field: 'enterpriseId' });
        Object.assign(patch, { dispatchedAt: now, dispatchedBy: actor.id, dispatchedEnterpriseId: enterpriseId });
      }
      if (step === 'arrive') Object.assign(patch, { arrivedAt: now });
      if (step === 'close') Object.assign(patch, { closedAt: now, closedBy: actor.id, resolution: input.resolution });
      const [after] = await tx.update(a).set(patch).where(eq(a.id, id)).returning();
      if (step === 'close') await resetMachine(tx, row);
      await tx.insert(alarmEventsTable).values({
        alarmId: id,
        type: step,
        at: now,
        actorId: actor.type === 'user' ? actor.id : null,
        actorName: actor.name,
        level: row.level,
        note: input.note ?? null,
        photoIds: input.photoIds ?? [],
        details:
          step === 'dispatch'
            ? { enterpriseId: patch.dispatchedEnterpriseId }
            : step === 'close'
              ? { resolution: input.resolution }
              : null,
      });
      const action = (
        {
          acknowledge: 'alarm.acknowledge',
          dispatch: 'alarm.dispatch',
          arrive: 'alarm.arrive',
          note: 'alarm.note',
          close: 'alarm.close',
          to_hazard: 'alarm.to_hazard',
        } as const
      )[step];
      await recordAudit(tx, {
        actor,
        action,
        subject: { type: 'alarm', id },
        regionId: row.regionId,
        before: row,
        after,
        details: {
          step,
          note: input.note ?? null,
          minutesSinceRaised: Math.round((now.getTime() - row.raisedAt.getTime()) / 600) / 100,
        },
      });
      await publishEvent(tx, {
        type: `alarm.${step}`,
        subject: { type: 'alarm', id },
        regionId: row.regionId,
        payload: { sensorCode: row.sensorCode, kind: row.kind, level: row.level, status: after!.status },
      });
      return detail(tx, actor, id);
    });
  }

  return {
    detail: (actor: Actor, id: string) => {
      requirePermission(actor, 'monitoring.read');
      return detail(db, actor, id);
    },

    async list(
      actor: Actor,
      q: {
        sensorCode?: string;
        status?: string;
        kind?: AlarmKind;
        level?: 'warning' | 'alarm';
        page: number;
        pageSize: number;
      },
    ) {
      requirePermission(actor, 'monitoring.read');
      const where: SQL[] = [alarmScope(actor)];
      if (q.sensorCode) where.push(eq(a.sensorCode, q.sensorCode));
      if (q.status === 'not_closed') where.push(ne(a.status, 'closed'));
      else if (q.status) where.push(eq(a.status, q.status as AlarmRow['status']));
      if (q.kind) where.push(eq(a.kind, q.kind));
      if (q.level) where.push(eq(a.level, q.level));
      const cond = and(...where);
      const [total] = await db.select({ n: count() }).from(a).where(cond);
      const rows = await db
        .select()
        .from(a)
        .where(cond)
        .orderBy(
          sql`case when ${a.status} = 'closed' then 1 else 0 end`,
          sql`case when ${a.level} = 'alarm' then 0 else 1 end`,
          desc(a.raisedAt),
        )
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize);
      return { items: rows.map(presentAlarm), total: total?.n ?? 0 };
    },

    acknowledge: (actor: Actor, id: string, input: { note?: string }) => stepOn(actor, id, 'acknowledge', input),
    dispatch: (actor: Actor, id: string, input: { enterpriseId?: string; note?: string }) =>
      stepOn(actor, id, 'dispatch', input),
    arrive: (actor: Actor, id: string, input: { note?: string; photoIds?: string[] }) =>
      stepOn(actor, id, 'arrive', input),
    note: (actor: Actor, id: string, input: { note?: string; photoIds?: string[] }) => stepOn(actor, id, 'note', input),
    close: (
      actor: Actor,
      id: string,
      input: { resolution: 'handled' | 'false_alarm'; note: string; photoIds?: string[] },
    ) => stepOn(actor, id, 'close', input),

    /**
     * The alarm becomes a hazard in the ledger in one step (raiseHazard, source `alarm`, source_ref the
     * alarm's id) and is closed with resolution `hazard` and the hazard's id: linked both ways.
     */
    async toHazard(
      actor: Actor,
      id: string,
      input: { description?: string; severity?: 'general' | 'major'; interimControl?: string },
    ) {
      requirePermission(actor, 'alarm.handle');
      requirePermission(actor, 'hazard.manage');
      return db.transaction(async (tx) => {
        const row = await load(tx, actor, id, 'alarm.handle', true);
        if (!row) throw alarmNotFound({ field: 'id' });
        if (!stepAllowed(row.status, 'to_hazard')) throw alarmStepNotAllowed({ status: row.status, step: 'to_hazard' });
        if (!row.objectType || !row.objectId) throw alarmObjectMissing({ field: 'id' });
        const description =
          input.description ??
          `监测报警转隐患：${sensorKindLabels[row.sensorKind].zh}监测点 ${row.sensorCode}，${alarmKindLabels[row.kind].zh}（${row.peakLevel === 'alarm' ? '报警' : '预警'}），${row.raisedAt.toISOString()} 起，读数 ${row.raisedValue ?? '—'}`;
        const hazard = await raiseHazard({
          tx,
          actor,
          object: { type: row.objectType, id: row.objectId },
          source: 'alarm',
          sourceRef: row.id,
          description,
          severity: input.severity ?? 'general',
          interimControl: input.interimControl,
          today: chinaToday(),
        });
        const now = new Date();
        const [after] = await tx
          .update(a)
          .set({ status: 'closed', closedAt: now, closedBy: actor.id, resolution: 'hazard', hazardId: hazard.id })
          .where(eq(a.id, id))
          .returning();
        await resetMachine(tx, row);
        await tx.insert(alarmEventsTable).values({
          alarmId: id,
          type: 'to_hazard',
          at: now,
          actorId: actor.type === 'user' ? actor.id : null,
          actorName: actor.name,
          level: row.level,
          details: { hazardId: hazard.id, hazardNumber: hazard.number },
        });
        await recordAudit(tx, {
          actor,
          action: 'alarm.to_hazard',
          subject: { type: 'alarm', id },
          regionId: row.regionId,
          before: row,
          after,
          details: { hazardId: hazard.id },
        });
        await publishEvent(tx, {
          type: 'alarm.to_hazard',
          subject: { type: 'alarm', id },
          regionId: row.regionId,
          payload: {
            sensorCode: row.sensorCode,
            kind: row.kind,
            level: row.level,
            status: 'closed',
            hazardId: hazard.id,
          },
        });
        return { ...(await detail(tx, actor, id)), hazardId: hazard.id };
      });
    },

    /** Alarm statistics in the caller's scope: by township, kind and enterprise, and mean response times (minutes). */
    async stats(actor: Actor, q: { from?: string; to?: string }) {
      requirePermission(actor, 'monitoring.read');
      const where: SQL[] = [alarmScope(actor)];
      if (q.from) where.push(sql`${a.raisedAt} >= ${q.from}::timestamptz`);
      if (q.to) where.push(sql`${a.raisedAt} < ${q.to}::timestamptz`);
      const cond = and(...where)!;
      const rows = <T>(r: unknown) => (r as { rows: T[] }).rows;
      const byKind = rows<{ key: string; count: number }>(
        await db.execute(
          sql`select kind as key, count(*)::int as count from alarms where ${cond} group by kind order by 2 desc`,
        ),
      );
      const byTownship = rows<{ key: string; name: string; count: number }>(
        await db.execute(sql`select coalesce(t.id, r.id)::text as key, coalesce(t.name, r.name) as name, count(*)::int as count
          from alarms join regions r on r.id = alarms.region_id
          left join regions t on t.level = 'township' and r.path like t.path || '%'
          where ${cond} group by 1, 2 order by 3 desc`),
      );
      const byEnterprise = rows<{ key: string; name: string; count: number }>(
        await db.execute(sql`select e.id::text as key, e.name as name, count(*)::int as count
          from alarms join enterprises e on e.id = alarms.owner_enterprise_id
          where ${cond} group by 1, 2 order by 3 desc limit 50`),
      );
      const [times] = rows<{ ack: number | null; arrive: number | null; close: number | null }>(
        await db.execute(sql`select
            avg(extract(epoch from acknowledged_at - raised_at) / 60)::float8 as ack,
            avg(extract(epoch from arrived_at - raised_at) / 60)::float8 as arrive,
            avg(extract(epoch from closed_at - raised_at) / 60)::float8 as close
          from alarms where ${cond}`),
      );
      const round = (n: number | null | undefined) =>
        n === null || n === undefined ? null : Math.round(Number(n) * 10) / 10;
      return {
        byKind,
        byTownship,
        byEnterprise,
        responseMinutes: { acknowledge: round(times?.ack), arrive: round(times?.arrive), close: round(times?.close) },
      };
    },
  };
}

/**
 * After an alarm is closed, its condition's state machine starts again from none: if the condition
 * still holds, a new alarm is raised once it has held for the minimum duration again.
 */
async function resetMachine(tx: Db, row: AlarmRow) {
  if (row.kind === 'offline' || row.kind === 'interlock' || row.kind === 'fault') return;
  await tx.execute(sql`update sensor_states set machines = machines - ${row.kind} where sensor_id = ${row.sensorId}`);
}

/**
 * Escalation of alarms nobody acknowledged (run by the job `monitoring.escalation` every minute, as the
 * system): after the configured minutes the owning enterprise's manager, then the responsible
 * department, then the office — each level once, timed, audited and published (the live feed).
 */
export async function runAlarmEscalation(db: Db, now: Date, ackMinutes: number) {
  const due = await db
    .select()
    .from(a)
    .where(
      and(
        eq(a.status, 'open'),
        lt(a.escalationLevel, 3),
        lt(a.raisedAt, new Date(now.getTime() - ackMinutes * 60_000)),
      ),
    )
    .limit(1_000);
  let escalated = 0;
  for (const row of due) {
    const level = escalationLevelDue(row.raisedAt, now, ackMinutes);
    if (level <= row.escalationLevel) continue;
    await db.transaction(async (tx) => {
      const [locked] = await tx
        .select()
        .from(a)
        .where(and(eq(a.id, row.id), eq(a.status, 'open')))
        .for('update');
      if (!locked || locked.escalationLevel >= level) return;
      await tx.update(a).set({ escalationLevel: level, escalatedAt: now }).where(eq(a.id, row.id));
      const target = escalationTargets[level - 1]!;
      await tx.insert(alarmEventsTable).values({
        alarmId: row.id,
        type: 'escalated',
        at: now,
        actorName: monitoringActor.name,
        level: row.level,
        details: { escalationLevel: level, target },
      });
      await recordAudit(tx, {
        actor: monitoringActor,
        action: 'alarm.escalate',
        subject: { type: 'alarm', id: row.id },
        regionId: row.regionId,
        details: {
          escalationLevel: level,
          target,
          minutesUnacknowledged: Math.round((now.getTime() - row.raisedAt.getTime()) / 60_000),
        },
      });
      await publishEvent(tx, {
        type: 'alarm.escalated',
        subject: { type: 'alarm', id: row.id },
        regionId: row.regionId,
        payload: { sensorCode: row.sensorCode, kind: row.kind, level: row.level, escalationLevel: level, target },
      });
      escalated++;
    });
  }
  return { escalated };
}

/**
 * The detector–valve interlock (job `monitoring.interlock`, every minute; plan 三(四)2: a restaurant's
 * detector and emergency shut-off valve installed, interlocked and working). A kitchen detector with an
 * interlocked valve (`sensors.valve_sensor_id`, a `valve_state` sensor: 0 closed, 1 open) whose gas alarm
 * reached the alarm level at T must see its valve report closed between T and T + `interlockSeconds`,
 * judged on the readings' own times; a valve already closed before T (its last reading before T is 0)
 * passes too. Otherwise the detector gets an `interlock` alarm at the alarm level, timed at the end of
 * the window, once per alarm-level episode. Episodes whose window ended more than an hour before `now`
 * are no longer judged (a valve's reading later than that does not change the verdict).
 */
export async function runInterlockCheck(db: Db, now: Date, interlockSeconds: number) {
  const due = (
    (await db.execute(sql`with episodes as (
        select s.id, s.code, s.kind, s.region_id, s.object_type, s.object_id, s.object_kind, s.object_name,
          s.owner_enterprise_id, s.venue_id, s.valve_sensor_id,
          (select min(e.at) from alarm_events e where e.alarm_id = a.id and e.level = 'alarm') as alarm_at
        from alarms a join sensors s on s.id = a.sensor_id
        where a.kind = 'gas' and a.sensor_kind = 'kitchen_gas' and a.status <> 'closed' and a.peak_level = 'alarm'
          and s.valve_sensor_id is not null and s.archived_at is null
      )
      select ep.*, (
          exists (select 1 from readings r where r.sensor_id = ep.valve_sensor_id and r.value = 0
            and r.at >= ep.alarm_at and r.at <= ep.alarm_at + make_interval(secs => ${interlockSeconds}))
          or coalesce((select r.value = 0 from readings r where r.sensor_id = ep.valve_sensor_id and r.at < ep.alarm_at
            order by r.at desc limit 1), false)
        ) as closed
      from episodes ep
      where ep.alarm_at is not null
        and ep.alarm_at + make_interval(secs => ${interlockSeconds}) <= ${now.toISOString()}::timestamptz
        and ep.alarm_at + make_interval(secs => ${interlockSeconds}) > ${now.toISOString()}::timestamptz - interval '1 hour'
        and not exists (select 1 from alarms i where i.sensor_id = ep.id and i.kind = 'interlock'
          and i.raised_at >= ep.alarm_at)
      limit 1000`)) as unknown as {
      rows: {
        id: string;
        code: string;
        kind: 'kitchen_gas';
        region_id: string;
        object_type: string | null;
        object_id: string | null;
        object_kind: string | null;
        object_name: string | null;
        owner_enterprise_id: string | null;
        venue_id: string | null;
        alarm_at: Date | string;
        closed: boolean;
      }[];
    }
  ).rows;
  let raised = 0;
  for (const s of due) {
    if (s.closed) continue;
    const at = new Date(new Date(s.alarm_at).getTime() + interlockSeconds * 1000);
    await db.transaction(async (tx) => {
      await applyTransition(tx, s, 'interlock', { from: null, to: 'alarm', at, value: null });
    });
    raised++;
  }
  return { raised };
}

/**
 * Offline detection (job `monitoring.offline`, every minute): a sensor silent longer than its interval
 * allows (`offlineAfterSeconds`) gets an offline alarm, cleared by its next reading; a restaurant's
 * kitchen detector offline or reporting a fault (its `fault` alarm) longer than `detectorHazardHours`
 * gets a hazard in the ledger (source `alarm`, check item venue.detector, plan 三(四)2), linked both ways,
 * once per alarm.
 */
export async function runOfflineDetection(db: Db, now: Date, detectorHazardHours: number) {
  const silent = (
    (await db.execute(sql`select s.id, s.code, s.kind, s.region_id, s.object_type, s.object_id, s.object_kind, s.object_name,
        s.owner_enterprise_id, s.venue_id, s.interval_seconds, coalesce(r.last_at, st.last_at, s.created_at) as since
      from sensors s join sensor_states st on st.sensor_id = s.id
      -- The state's last_at may lag the newest reading (STATE_REFRESH_INTERVALS): the readings after it decide.
      left join lateral (select max(r.at) as last_at from readings r where r.sensor_id = s.id and r.at > st.last_at) r on true
      where s.archived_at is null
        and coalesce(st.last_at, s.created_at) < ${now.toISOString()}::timestamptz - make_interval(secs => greatest(s.interval_seconds * 3, 120))
        and coalesce(r.last_at, st.last_at, s.created_at) < ${now.toISOString()}::timestamptz - make_interval(secs => greatest(s.interval_seconds * 3, 120))
        and not exists (select 1 from alarms a where a.sensor_id = s.id and a.kind = 'offline' and a.status <> 'closed' and a.active)
      limit 5000`)) as unknown as {
      rows: {
        id: string;
        code: string;
        kind: 'kitchen_gas';
        region_id: string;
        object_type: string | null;
        object_id: string | null;
        object_kind: string | null;
        object_name: string | null;
        owner_enterprise_id: string | null;
        venue_id: string | null;
        interval_seconds: number;
        since: Date | string;
      }[];
    }
  ).rows;
  let raised = 0;
  for (const s of silent) {
    // The alarm's time is when the sensor should have reported at the latest.
    const at = new Date(new Date(s.since).getTime() + offlineAfterSeconds(s.interval_seconds) * 1000);
    await db.transaction(async (tx) => {
      await applyTransition(tx, s, 'offline', { from: null, to: 'warning', at, value: null });
    });
    raised++;
  }
  let hazards = 0;
  const overdue = await db
    .select()
    .from(a)
    .innerJoin(sensorsTable, eq(sensorsTable.id, a.sensorId))
    .where(
      and(
        inArray(a.kind, ['offline', 'fault']),
        eq(a.sensorKind, 'kitchen_gas'),
        eq(a.objectType, 'venue'),
        ne(a.status, 'closed'),
        eq(a.active, true),
        isNull(a.hazardId),
        lt(a.raisedAt, new Date(now.getTime() - detectorHazardHours * 3_600_000)),
      ),
    )
    .limit(500);
  for (const { alarms: row } of overdue) {
    await db.transaction(async (tx) => {
      const hazard = await raiseHazard({
        tx,
        actor: monitoringActor,
        object: { type: 'venue', id: row.objectId! },
        source: 'alarm',
        sourceRef: row.id,
        itemId: 'venue.detector',
        description: `可燃气体探测器（监测点 ${row.sensorCode}）自 ${row.raisedAt.toISOString()} 起${row.kind === 'fault' ? '报告故障' : '离线'}超过 ${detectorHazardHours} 小时，不能正常工作`,
        today: chinaToday(now),
      });
      await tx.update(a).set({ hazardId: hazard.id }).where(eq(a.id, row.id));
      await tx.insert(alarmEventsTable).values({
        alarmId: row.id,
        type: 'hazard_raised',
        at: now,
        actorName: monitoringActor.name,
        level: row.level,
        details: { hazardId: hazard.id, hazardNumber: hazard.number },
      });
      await recordAudit(tx, {
        actor: monitoringActor,
        action: 'alarm.detector_hazard',
        subject: { type: 'alarm', id: row.id },
        regionId: row.regionId,
        details: { hazardId: hazard.id, hours: detectorHazardHours, kind: row.kind },
      });
    });
    hazards++;
  }
  return { raised, hazards };
}
