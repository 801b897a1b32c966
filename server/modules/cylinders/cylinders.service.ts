import { type SQL, and, asc, count, eq, getTableColumns, like, or, sql } from 'drizzle-orm';
import {
  CYLINDER_CODE_PATTERN,
  type CylinderLimits,
  defaultCylinderLimits,
  fillRefusalCodes,
  fillWithinTolerance,
  type FillRefusalCode,
  normaliseCylinderCode,
  normaliseCylinderModel,
} from '../../../domain/cylinders/cylinders.ts';
import { addDays, chinaToday } from '../../../domain/dates.ts';
import type { Db } from '../../db/client.ts';
import { type Actor, requirePermission } from '../../platform/access.ts';
import { canonicalJson, recordAudit, sha256 } from '../../platform/audit/audit.ts';
import { publishEvent } from '../../platform/events/index.ts';
import { scopeFilter } from '../../platform/scope.ts';
import { escapeLike } from '../../platform/sql.ts';
import { enterprisesTable, facilitiesTable, registryDescriptor } from '../registry/index.ts';
import { cylinderScope, declaresInspection, stationScope } from './cylinders.access.ts';
import {
  cylinderCodeInvalid,
  cylinderCodeTaken,
  cylinderDatesInvalid,
  cylinderModelInvalid,
  cylinderNotFound,
  cylinderOwnerNotFound,
  cylinderOwnerOutsideScope,
  eventConflict,
  fillRefused,
  stationNotFound,
  cylinderInspectionNotDeclarable,
} from './cylinders.errors.ts';
import { evaluateGateAt } from './cylinders.gate.ts';
import { checkedFillingOperator } from './cylinders.operators.ts';
import { appendCylinderEvents, eventRow } from './cylinders.log.ts';
import { type CylinderRow, presentCylinder, presentEvent, presentReasons } from './cylinders.presenter.ts';
import type { CreateCylinderInput, CylinderFiltersInput, FillingRecordInput } from './cylinders.schemas.ts';
import { cylinderEventsTable, cylinderFillsTable, cylindersTable } from './cylinders.table.ts';

export type CylindersServiceOptions = { db: Db; limits?: CylinderLimits; today?: () => string };

const c = cylindersTable;
const ownerName = sql<string>`(select ${enterprisesTable.name} from ${enterprisesTable} where ${enterprisesTable.id} = ${c.ownerEnterpriseId})`;
const withOwner = { ...getTableColumns(c), ownerName };

/** The code as stored, or 400 with the field. */
export function checkedCode(raw: string, field = 'code'): string {
  const code = normaliseCylinderCode(raw);
  if (!CYLINDER_CODE_PATTERN.test(code)) throw cylinderCodeInvalid({ field });
  return code;
}

/** Filters of the list and the export, as SQL. */
export function cylinderFilters(f: CylinderFiltersInput, today: string, limits: CylinderLimits): SQL | undefined {
  const q = f.q ? normaliseCylinderCode(f.q) : null;
  const notSeen = sql`${c.status} = 'in_service' and coalesce(${c.lastSeenAt}, ${c.createdAt}) < ${notSeenCutoff(today, limits).toISOString()}::timestamptz`;
  return and(
    q ? or(like(c.code, `${escapeLike(q)}%`), eq(c.serialNumber, f.q!)) : undefined,
    f.ownerEnterpriseId ? eq(c.ownerEnterpriseId, f.ownerEnterpriseId) : undefined,
    f.model ? eq(c.model, f.model) : undefined,
    f.status ? eq(c.status, f.status) : undefined,
    f.manufacturer ? eq(c.manufacturer, f.manufacturer) : undefined,
    f.overdue === 'true'
      ? sql`coalesce(${c.nextInspectionDue}, (coalesce(${c.lastInspectedOn}, ${c.manufacturedOn}) + make_interval(years => ${limits.cylinderInspectionIntervalYears}))::date) < ${today}`
      : undefined,
    f.notSeen === undefined ? undefined : f.notSeen === 'true' ? sql`(${notSeen})` : sql`not (${notSeen})`,
  );
}

/** A last sighting before this moment (the start of the China day `cylinderNotSeenDays` ago) is too old. */
export function notSeenCutoff(today: string, limits: CylinderLimits): Date {
  return new Date(`${addDays(today, -limits.cylinderNotSeenDays)}T00:00:00+08:00`);
}

export function createCylindersService({
  db,
  limits = defaultCylinderLimits,
  today = () => chinaToday(),
}: CylindersServiceOptions) {
  const present = (r: CylinderRow) => presentCylinder(r, today(), limits);

  async function findByCode(tx: Db, code: string, scope: SQL): Promise<CylinderRow | undefined> {
    const [row] = await tx
      .select(withOwner)
      .from(c)
      .where(and(eq(c.code, code), scope));
    return row as unknown as CylinderRow | undefined;
  }

  return {
    /** Registers a cylinder of an enterprise the actor manages (the contract of POST /api/v1/cylinders). */
    async register({ actor, ...input }: { actor: Actor } & CreateCylinderInput) {
      requirePermission(actor, 'cylinder.manage');
      const code = checkedCode(input.code);
      const model = normaliseCylinderModel(input.model);
      if (!model) throw cylinderModelInvalid({ field: 'model' });
      const now = today();
      // Inspection facts are the agency's record or the regulator's, never the owner's word (TSG 23).
      for (const field of ['lastInspectedOn', 'lastInspectionPassed', 'nextInspectionDue'] as const)
        if (input[field] !== undefined && !declaresInspection(actor)) throw cylinderInspectionNotDeclarable({ field });
      if (input.manufacturedOn > now) throw cylinderDatesInvalid({ field: 'manufacturedOn' });
      if (input.lastInspectedOn && (input.lastInspectedOn < input.manufacturedOn || input.lastInspectedOn > now))
        throw cylinderDatesInvalid({ field: 'lastInspectedOn' });
      if (input.nextInspectionDue && input.nextInspectionDue < input.manufacturedOn)
        throw cylinderDatesInvalid({ field: 'nextInspectionDue' });
      if (input.lastInspectionPassed !== undefined && !input.lastInspectedOn)
        throw cylinderDatesInvalid({ field: 'lastInspectedOn' });
      return db.transaction(async (tx) => {
        const e = enterprisesTable;
        const [owner] = await tx
          .select({
            id: e.id,
            regionId: e.regionId,
            archivedAt: e.archivedAt,
            manageable: scopeFilter(
              actor,
              'cylinder.manage',
              registryDescriptor('enterprise', { regionId: e.regionId, enterpriseId: e.id, enterpriseRoles: e.roles }),
            ).mapWith(Boolean),
          })
          .from(e)
          .where(eq(e.id, input.ownerEnterpriseId));
        if (!owner || owner.archivedAt) throw cylinderOwnerNotFound({ field: 'ownerEnterpriseId' });
        if (!owner.manageable) throw cylinderOwnerOutsideScope({ field: 'ownerEnterpriseId' });
        const inserted = await tx
          .insert(c)
          .values({
            code,
            ownerEnterpriseId: owner.id,
            regionId: owner.regionId,
            model,
            phase: input.phase ?? (model === 'YSP118-II' ? 'dual_phase' : 'liquid'),
            manufacturer: input.manufacturer,
            serialNumber: input.serialNumber,
            batch: input.batch ?? null,
            manufacturedOn: input.manufacturedOn,
            designLifeYears: input.designLifeYears ?? null,
            lastInspectedOn: input.lastInspectedOn ?? null,
            lastInspectionPassed: input.lastInspectionPassed ?? null,
            nextInspectionDue: input.nextInspectionDue ?? null,
            refurbished: input.refurbished ?? false,
          })
          .onConflictDoNothing({ target: c.code })
          .returning({ id: c.id });
        if (inserted.length === 0) throw cylinderCodeTaken({ field: 'code' });
        await appendCylinderEvents(
          tx,
          [
            eventRow(
              { eventId: `registered:${code}`, type: 'registered', code, occurredAt: new Date(), details: { model } },
              { actor, cylinderId: inserted[0]!.id, enterpriseId: owner.id, regionId: owner.regionId },
            ),
          ],
          limits,
        );
        await recordAudit(tx, {
          actor,
          action: 'cylinder.register',
          subject: { type: 'cylinder', id: inserted[0]!.id },
          regionId: owner.regionId,
          after: { ...input, code, model },
        });
        return present((await findByCode(tx, code, sql`true`))!);
      });
    },

    /** One cylinder by its code, in the actor's scope (404 otherwise). */
    async get({ actor, code }: { actor: Actor; code: string }) {
      requirePermission(actor, 'cylinder.read');
      const row = await findByCode(db, normaliseCylinderCode(code), cylinderScope(actor, 'cylinder.read'));
      if (!row) throw cylinderNotFound();
      return present(row);
    },

    async list({
      actor,
      page,
      pageSize,
      ...filters
    }: { actor: Actor; page: number; pageSize: number } & CylinderFiltersInput) {
      requirePermission(actor, 'cylinder.read');
      const where = and(cylinderScope(actor, 'cylinder.read'), cylinderFilters(filters, today(), limits));
      const [rows, [total]] = await Promise.all([
        db
          .select(withOwner)
          .from(c)
          .where(where)
          .orderBy(asc(c.code))
          .limit(pageSize)
          .offset((page - 1) * pageSize),
        db.select({ n: count() }).from(c).where(where),
      ]);
      return { items: (rows as unknown as CylinderRow[]).map(present), total: total?.n ?? 0, page, pageSize };
    },

    /** The export's rows in code order, in keyset batches, within the actor's scope. */
    async *exportRows({ actor, filters }: { actor: Actor; filters: CylinderFiltersInput }) {
      requirePermission(actor, 'cylinder.read');
      let after = '';
      for (;;) {
        const rows = (await db
          .select(withOwner)
          .from(c)
          .where(
            and(
              cylinderScope(actor, 'cylinder.read'),
              cylinderFilters(filters, today(), limits),
              sql`${c.code} > ${after}`,
            ),
          )
          .orderBy(asc(c.code))
          .limit(500)) as unknown as CylinderRow[];
        for (const r of rows) yield present(r);
        if (rows.length < 500) return;
        after = rows[rows.length - 1]!.code;
      }
    },

    /** The cylinder's life, oldest first; retracted events are marked. */
    async timeline({ actor, code }: { actor: Actor; code: string }) {
      requirePermission(actor, 'cylinder.read');
      const row = await findByCode(db, normaliseCylinderCode(code), cylinderScope(actor, 'cylinder.read'));
      if (!row) throw cylinderNotFound();
      const e = cylinderEventsTable;
      const events = await db
        .select()
        .from(e)
        .where(eq(e.code, row.code))
        .orderBy(asc(e.occurredAt), asc(e.recordedAt));
      const retracted = new Set(events.map((x) => x.correctsEventId).filter(Boolean));
      return { items: events.map((x) => presentEvent(x, retracted.has(x.eventId))) };
    },

    /**
     * The filling gate (POST /api/v1/filling/check): every rule the cylinder fails at this station.
     * The station must be in the actor's scope for `filling.check` (a filling line: its own station).
     */
    async check({ actor, cylinderCode, stationId }: { actor: Actor; cylinderCode: string; stationId: string }) {
      requirePermission(actor, 'filling.check');
      const outcome = await evaluateGateAt(db, {
        code: cylinderCode,
        stationId,
        stationScope: stationScope(actor, 'filling.check'),
        today: today(),
        limits,
      });
      if (!outcome) throw stationNotFound({ field: 'stationId' });
      return { allowed: outcome.reasons.length === 0, reasons: presentReasons(outcome.reasons) };
    },

    /**
     * Records a fill (POST /api/v1/filling/records) only when the gate allows it; a refused cylinder
     * is stored as a `fill_refused` event (published live) and answered 409 `cylinders.fill_refused`
     * with the reasons. A net weight outside the model's tolerance is recorded and flagged. The
     * client's event id makes a resend safe: the same body again answers as the first time.
     */
    async recordFill({ actor, ...input }: { actor: Actor } & FillingRecordInput) {
      requirePermission(actor, 'filling.record');
      const code = normaliseCylinderCode(input.cylinderCode);
      const contentHash = sha256(canonicalJson({ ...input, cylinderCode: code }));
      const result = await db.transaction(async (tx) => {
        const [stored] = await tx
          .select()
          .from(cylinderEventsTable)
          .where(eq(cylinderEventsTable.eventId, input.eventId));
        if (stored) {
          if (stored.contentHash !== contentHash) throw eventConflict({ field: 'eventId', eventIds: [input.eventId] });
          if (stored.type === 'fill_refused') return { refused: stored.reasons as FillRefusalCode[], replay: true };
          const [fill] = await tx
            .select()
            .from(cylinderFillsTable)
            .where(eq(cylinderFillsTable.eventId, input.eventId));
          return { fill: fill!, replay: true };
        }
        const outcome = await evaluateGateAt(tx, {
          code,
          stationId: input.stationId,
          stationScope: stationScope(actor, 'filling.record'),
          today: today(),
          limits,
        });
        if (!outcome) throw stationNotFound({ field: 'stationId' });
        const { station, cylinder, reasons } = outcome;
        // 先培训、后上岗: an operator without valid training or certificate fills nothing (nothing is written).
        const operator = await checkedFillingOperator(tx, {
          personId: input.operatorPersonId,
          enterpriseId: station.enterpriseId,
          today: today(),
        });
        const at = new Date(input.filledAt);
        const ctx = {
          actor,
          cylinderId: cylinder?.id ?? null,
          enterpriseId: station.enterpriseId,
          regionId: station.regionId,
        };
        if (reasons.length > 0) {
          const row = eventRow(
            {
              eventId: input.eventId,
              type: 'fill_refused',
              code,
              occurredAt: at,
              stationId: station.id,
              reasons,
              details: { operatorPersonId: operator.id, operatorName: operator.name, netWeightKg: input.netWeightKg },
            },
            ctx,
          );
          await appendCylinderEvents(tx, [{ ...row, contentHash }], limits);
          await publishEvent(tx, {
            type: 'cylinder.fill_refused',
            subject: { type: 'facility', id: station.id },
            regionId: station.regionId,
            payload: { stationId: station.id, reasons, code },
          });
          return { refused: reasons, replay: false };
        }
        const tolerance = fillWithinTolerance(cylinder!.model, input.netWeightKg, limits);
        const [fill] = await tx
          .insert(cylinderFillsTable)
          .values({
            eventId: input.eventId,
            cylinderId: cylinder!.id,
            stationId: station.id,
            operatorPersonId: operator.id,
            operatorName: operator.name,
            filledAt: at,
            netWeightKg: input.netWeightKg,
            nominalKg: tolerance.nominalKg,
            toleranceKg: tolerance.toleranceKg,
            flagged: !tolerance.within,
          })
          .returning();
        const row = eventRow(
          {
            eventId: input.eventId,
            type: 'filled',
            code,
            occurredAt: at,
            stationId: station.id,
            reasons: tolerance.within ? [] : ['NET_WEIGHT_OUT_OF_TOLERANCE'],
            details: {
              operatorPersonId: operator.id,
              operatorName: operator.name,
              netWeightKg: input.netWeightKg,
              flagged: !tolerance.within,
            },
          },
          ctx,
        );
        await appendCylinderEvents(tx, [{ ...row, contentHash }], limits);
        await recordAudit(tx, {
          actor,
          action: 'cylinder.fill',
          subject: { type: 'cylinder', id: cylinder!.id },
          regionId: station.regionId,
          after: { ...input, cylinderCode: code, flagged: !tolerance.within },
        });
        return { fill: fill!, replay: false };
      });
      if ('refused' in result)
        throw fillRefused({ reasons: presentReasons(result.refused ?? []), eventId: input.eventId });
      const f = result.fill;
      return {
        replay: result.replay,
        fill: {
          eventId: f.eventId,
          cylinderCode: code,
          stationId: f.stationId,
          operatorPersonId: f.operatorPersonId,
          operatorName: f.operatorName,
          filledAt: f.filledAt.toISOString(),
          netWeightKg: f.netWeightKg,
          nominalKg: f.nominalKg,
          toleranceKg: f.toleranceKg,
          flagged: f.flagged,
        },
      };
    },

    /**
     * Refusals by station and reason in a period (default: the last 30 days), stations in the actor's scope. A refusal
     * the line retracted (a later event corrects it) is not counted.
     */
    async refusals({ actor, from, to }: { actor: Actor; from?: string; to?: string }) {
      requirePermission(actor, 'filling.check');
      const end = to ?? today();
      const start = from ?? addDays(end, -29);
      const e = cylinderEventsTable;
      const f = facilitiesTable;
      const period = sql`${e.type} = 'fill_refused'
        and ${e.occurredAt} >= (${start}::date)::timestamp at time zone 'Asia/Shanghai'
        and ${e.occurredAt} < (${end}::date + 1)::timestamp at time zone 'Asia/Shanghai'
        and ${stationScope(actor, 'filling.check')}
        and not exists (select 1 from ${e} as rx where rx.corrects_event_id = ${e.eventId})`;
      const grouped = (await db.execute(sql`select ${f.id} as station_id, ${f.name} as station_name,
          ${enterprisesTable.id} as enterprise_id, ${enterprisesTable.name} as enterprise_name, r.reason, count(*)::int as n
        from ${e} join ${f} on ${f.id} = ${e.stationId}
          join ${enterprisesTable} on ${enterprisesTable.id} = ${f.enterpriseId}
          cross join lateral unnest(${e.reasons}) as r(reason)
        where ${period}
        group by ${f.id}, ${f.name}, ${enterprisesTable.id}, ${enterprisesTable.name}, r.reason`)) as unknown as {
        rows: {
          station_id: string;
          station_name: string;
          enterprise_id: string;
          enterprise_name: string;
          reason: string;
          n: number;
        }[];
      };
      const rows = grouped.rows.map((r) => ({
        stationId: r.station_id,
        stationName: r.station_name,
        enterpriseId: r.enterprise_id,
        enterpriseName: r.enterprise_name,
        reason: r.reason,
        n: Number(r.n),
      }));
      const totals = await db
        .select({ stationId: e.stationId, n: count() })
        .from(e)
        .innerJoin(f, eq(f.id, e.stationId))
        .where(period)
        .groupBy(e.stationId);
      const totalOf = new Map(totals.map((t) => [t.stationId, t.n]));
      const stations = new Map<
        string,
        {
          stationId: string;
          stationName: string;
          enterpriseId: string;
          enterpriseName: string;
          total: number;
          byReason: Map<string, number>;
        }
      >();
      const overall = new Map<string, number>();
      for (const r of rows) {
        if (!(fillRefusalCodes as readonly string[]).includes(r.reason)) continue;
        const s =
          stations.get(r.stationId) ??
          stations
            .set(r.stationId, {
              stationId: r.stationId,
              stationName: r.stationName,
              enterpriseId: r.enterpriseId,
              enterpriseName: r.enterpriseName,
              total: totalOf.get(r.stationId) ?? 0,
              byReason: new Map(),
            })
            .get(r.stationId)!;
        s.byReason.set(r.reason, r.n);
        overall.set(r.reason, (overall.get(r.reason) ?? 0) + r.n);
      }
      const asList = (m: Map<string, number>) =>
        fillRefusalCodes.filter((k) => m.has(k)).map((k) => ({ code: k, count: m.get(k)! }));
      return {
        from: start,
        to: end,
        total: [...totalOf.values()].reduce((a, b) => a + b, 0),
        byReason: asList(overall),
        byStation: [...stations.values()]
          .sort((a, b) => b.total - a.total)
          .map((s) => ({ ...s, byReason: asList(s.byReason) })),
      };
    },
  };
}

export type CylindersService = ReturnType<typeof createCylindersService>;
