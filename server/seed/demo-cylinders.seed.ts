import { createHash } from 'node:crypto';
import { and, count, eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import {
  type CylinderModel,
  cylinderModelSpecs,
  defaultCylinderLimits,
  inspectionDue,
  serviceLifeEnds,
} from '../../domain/cylinders/cylinders.ts';
import { addDays, addYears, chinaToday } from '../../domain/dates.ts';
import type { Db } from '../db/client.ts';
import {
  cylinderBlacklistTable,
  cylinderEventIdsTable,
  cylinderEventsTable,
  cylinderFillsTable,
  cylindersTable,
} from '../modules/cylinders/cylinders.table.ts';
import { enterprisesTable, facilitiesTable } from '../modules/registry/registry.table.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import { systemActor } from '../platform/access.ts';
import { seededRandom } from './demo-venues.seed.ts';

/** About 20,000 cylinders (issue 11), split over the demo's filling stations' enterprises. */
export const DEMO_CYLINDERS = 20_000;
/** How far back the fill history goes (days): a cylinder is filled every 45–120 days (see below). */
const HISTORY_DAYS = 730;

/** The demo's one blacklisted product (maker, model, batch): about 1 % of the cylinders. */
export const DEMO_BLACKLIST = {
  manufacturer: '河北百工钢瓶制造有限公司',
  model: 'YSP35.5' as CylinderModel,
  batch: 'BG1607',
  basis: '市场监管部门监督抽查：焊缝射线检测不合格（演示数据）',
};

const makers = [
  ['内蒙古华信钢瓶制造有限公司', 'HX', 40],
  ['山东永安特种装备有限公司', 'YA', 30],
  ['河北百工钢瓶制造有限公司', 'BG', 20],
  ['宁夏金鼎压力容器有限公司', 'JD', 10],
] as const;
const models: [CylinderModel, number][] = [
  ['YSP35.5', 68],
  ['YSP12', 14],
  ['YSP26.2', 5],
  ['YSP118', 10],
  ['YSP118-II', 3],
];
const operators = ['王建军', '李海涛', '张志刚', '刘永平', '陈宝山', '赵文斌'];

type Rng = () => number;
function weighted<T>(rng: Rng, entries: readonly (readonly [T, number])[]): T {
  const total = entries.reduce((a, [, w]) => a + w, 0);
  let r = rng() * total;
  for (const [v, w] of entries) {
    r -= w;
    if (r < 0) return v;
  }
  return entries.at(-1)![0];
}
const int = (rng: Rng, from: number, to: number) => from + Math.floor(rng() * (to - from + 1));

/** A time on `day` (China time) between 08:00 and 18:00. */
function at(day: string, rng: Rng): Date {
  const minutes = int(rng, 8 * 60, 18 * 60);
  return new Date(
    `${day}T${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00+08:00`,
  );
}

/** A PostgreSQL array literal of text ({"A","B"}). */
const textArray = (values: readonly string[]) => `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;

/**
 * `insert into <table> (…) select … from unnest($1::type[], …)`: one parameter per column, any
 * number of rows (as platform/ingest writes). Array columns travel as text literals, since
 * unnest flattens a two-dimensional array.
 */
async function insertUnnest(tx: Db, table: PgTable, rows: Record<string, unknown>[]) {
  if (rows.length === 0) return;
  const columns = getTableColumns(table);
  const props = Object.keys(rows[0]!);
  const cols = props.map((p) => {
    const c = columns[p];
    if (!c) throw new Error(`demo cylinders: ${p} is no column`);
    return c;
  });
  const types = cols.map((c) => c.getSQLType());
  const arrays = props.map((p, i) => {
    const isArray = types[i]!.endsWith('[]');
    const values = rows.map((r) => {
      const v = r[p];
      if (v === null || v === undefined) return null;
      return isArray ? textArray(v as string[]) : cols[i]!.mapToDriverValue(v);
    });
    return sql`${sql.param(values)}::${sql.raw(isArray ? 'text' : types[i]!)}[]`;
  });
  const names = props.map((_, i) => sql.raw(`c${i}`));
  const select = props.map((_, i) => (types[i]!.endsWith('[]') ? sql.raw(`c${i}::${types[i]}`) : names[i]!));
  await tx.execute(
    sql`insert into ${table} (${sql.join(
      cols.map((c) => sql.identifier(snake(c.name))),
      sql`, `,
    )}) select ${sql.join(select, sql`, `)} from unnest(${sql.join(arrays, sql`, `)}) as u(${sql.join(names, sql`, `)})`,
  );
}

async function insertInBatches(tx: Db, table: PgTable, rows: Record<string, unknown>[], size = 5_000) {
  for (let i = 0; i < rows.length; i += size) await insertUnnest(tx, table, rows.slice(i, i + size));
}

/** The column's name in the database (the schema is declared with drizzle's snake_case casing). */
const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

const hash = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

export type DemoCylinderCounts = { cylinders: number; fills: number; events: number };

/**
 * The demo's cylinders (一瓶一码): about 20,000 codes owned by the enterprises of the demo's filling
 * stations, with two years of fills at their own stations, their periodic inspections, and the
 * cases the gate refuses — overdue, failed, refurbished, past their life, seized, scrapped, and one
 * blacklisted batch. Written with a few bulk inserts (unnest) in one transaction; deterministic for a
 * given day. Idempotent: does nothing when cylinders exist.
 */
export async function seedDemoCylinders(db: Db, today = chinaToday()): Promise<DemoCylinderCounts> {
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ n: count() }).from(cylindersTable);
    if ((existing?.n ?? 0) > 0) return { cylinders: 0, fills: 0, events: 0 };
    const stations = await tx
      .select({
        id: facilitiesTable.id,
        name: facilitiesTable.name,
        enterpriseId: facilitiesTable.enterpriseId,
        regionId: facilitiesTable.regionId,
        ownerRegionId: enterprisesTable.regionId,
        lng: facilitiesTable.lng,
        lat: facilitiesTable.lat,
      })
      .from(facilitiesTable)
      .innerJoin(enterprisesTable, eq(enterprisesTable.id, facilitiesTable.enterpriseId))
      .where(and(eq(facilitiesTable.kind, 'filling_station'), sql`${facilitiesTable.archivedAt} is null`))
      .orderBy(facilitiesTable.name);
    if (stations.length === 0) return { cylinders: 0, fills: 0, events: 0 };
    const owners = [...new Map(stations.map((s) => [s.enterpriseId, s])).values()];
    const stationsOf = new Map(
      owners.map((o) => [o.enterpriseId, stations.filter((s) => s.enterpriseId === o.enterpriseId)]),
    );

    const rng = seededRandom(20_231_101);
    const cylinders: Record<string, unknown>[] = [];
    const fills: Record<string, unknown>[] = [];
    const events: Record<string, unknown>[] = [];
    const historyStart = addDays(today, -HISTORY_DAYS);
    const event = (e: {
      type: string;
      code: string;
      cylinderId: string;
      occurredAt: Date;
      station?: (typeof stations)[number];
      reasons?: string[];
      details?: Record<string, unknown>;
      locationType?: string;
      enterpriseId?: string | null;
      regionId?: string | null;
    }) => {
      const eventId = `demo:${e.code}:${events.length}`;
      const content = { eventId, type: e.type, code: e.code, occurredAt: e.occurredAt.toISOString() };
      events.push({
        eventId,
        type: e.type,
        code: e.code,
        cylinderId: e.cylinderId,
        occurredAt: e.occurredAt,
        recordedAt: e.occurredAt,
        locationType: e.locationType ?? (e.station ? 'station' : 'unknown'),
        locationId: e.station?.id ?? null,
        stationId: e.station?.id ?? null,
        enterpriseId: e.enterpriseId ?? e.station?.enterpriseId ?? null,
        regionId: e.regionId ?? e.station?.regionId ?? null,
        lng: e.station?.lng ?? null,
        lat: e.station?.lat ?? null,
        reasons: e.reasons ?? [],
        details: e.details ?? {},
        actorType: 'system',
        actorName: '演示数据',
        contentHash: hash(content),
      });
      return eventId;
    };

    for (let i = 0; i < DEMO_CYLINDERS; i++) {
      const owner = owners[i % owners.length]!;
      const own = stationsOf.get(owner.enterpriseId)!;
      const [maker, makerCode] = weighted(
        rng,
        makers.map(([m, c, w]) => [[m, c] as const, w] as const),
      );
      const model = weighted(rng, models);
      const manufactured = addDays(`${int(rng, 2014, 2025)}-01-01`, int(rng, 0, 364));
      const made = manufactured > addDays(today, -30) ? addDays(today, -30) : manufactured;
      const blacklistedBatch = makerCode === 'BG' && model === DEMO_BLACKLIST.model && rng() < 0.06;
      const batch = blacklistedBatch ? DEMO_BLACKLIST.batch : `${makerCode}${made.slice(2, 4)}${made.slice(5, 7)}`;
      const code = `WS${String(owners.indexOf(owner) + 1)}-${String(i + 1).padStart(6, '0')}`;
      const id = crypto.randomUUID();
      // Periodic inspections every 4 years from manufacture; a few were skipped (overdue) or failed.
      const overdue = rng() < 0.06;
      const failed = !overdue && rng() < 0.012;
      let lastInspectedOn: string | null = null;
      for (let y = 4; addYears(made, y) <= today; y += 4) lastInspectedOn = addYears(made, y);
      if (overdue && lastInspectedOn)
        lastInspectedOn = addYears(lastInspectedOn, -4) > made ? addYears(lastInspectedOn, -4) : null;
      const refurbished = rng() < 0.005;
      const fate = weighted(rng, [
        ['in_service', 970],
        ['seized', 6],
        ['scrapped', 24],
      ] as const);
      const passed = lastInspectedOn ? !failed : null;
      const gate = {
        ownerEnterpriseId: owner.enterpriseId,
        manufacturedOn: made,
        designLifeYears: null,
        lastInspectedOn,
        lastInspectionPassed: passed,
        nextInspectionDue: null,
        refurbished,
        status: 'in_service' as const,
      };
      const nextInspectionDue = inspectionDue(gate, defaultCylinderLimits);
      const lifeEnds = serviceLifeEnds(gate, defaultCylinderLimits);
      const regDay = made < historyStart ? historyStart : made;
      const fullHistory = i % 20 === 0;
      // Codes registered before the demo's history begins were loaded with the register (no event);
      // the others, and every twentieth cylinder, carry their registration.
      if (fullHistory || made >= historyStart)
        event({
          type: 'registered',
          code,
          cylinderId: id,
          occurredAt: at(regDay, rng),
          enterpriseId: owner.enterpriseId,
          regionId: owner.ownerRegionId,
        });
      if (lastInspectedOn && lastInspectedOn >= historyStart)
        event({
          type: 'inspected',
          code,
          cylinderId: id,
          occurredAt: at(lastInspectedOn, rng),
          locationType: 'inspection_agency',
          details: { passed, nextInspectionDue },
          enterpriseId: owner.enterpriseId,
          regionId: owner.ownerRegionId,
        });
      // Fills at its owner's stations while the gate let it through; refusals once it no longer did.
      const spec = cylinderModelSpecs[model];
      // Every twentieth cylinder carries its whole two years of fills; the others their latest fill
      // (the register keeps the rest in the summary), which keeps the demo's first start quick.
      const fromDay = fullHistory ? regDay : addDays(today, -int(rng, 30, 150));
      let day = addDays(fromDay < regDay ? regDay : fromDay, int(rng, 0, 60));
      let last: { at: Date; station: (typeof stations)[number] } | null = null;
      const endDay = fate === 'in_service' ? today : addDays(today, -int(rng, 20, 300));
      while (day < endDay) {
        const station = own[int(rng, 0, own.length - 1)]!;
        const reasons: string[] = [];
        if (day > nextInspectionDue) reasons.push('INSPECTION_OVERDUE');
        if (day > lifeEnds) reasons.push('SERVICE_LIFE_EXCEEDED');
        if (passed === false && lastInspectedOn && day > lastInspectedOn) reasons.push('FAILED_INSPECTION');
        if (refurbished) reasons.push('REFURBISHED');
        if (blacklistedBatch && day > addDays(today, -180)) reasons.push('BLACKLISTED');
        const when = at(day, rng);
        if (reasons.length > 0) {
          event({ type: 'fill_refused', code, cylinderId: id, occurredAt: when, station, reasons });
          break;
        }
        const net =
          Math.round((spec.nominalKg + (rng() - 0.5) * spec.toleranceKg * (rng() < 0.01 ? 4 : 1.6)) * 100) / 100;
        const flagged = Math.abs(net - spec.nominalKg) > spec.toleranceKg + 1e-9;
        const eventId = event({ type: 'filled', code, cylinderId: id, occurredAt: when, station });
        fills.push({
          eventId,
          cylinderId: id,
          stationId: station.id,
          operatorName: operators[int(rng, 0, operators.length - 1)]!,
          filledAt: when,
          netWeightKg: net,
          nominalKg: spec.nominalKg,
          toleranceKg: spec.toleranceKg,
          flagged,
        });
        last = { at: when, station };
        day = addDays(day, int(rng, 45, 120));
      }
      let status: string = 'in_service';
      let retiredAt: Date | null = null;
      if (fate !== 'in_service') {
        const seizedAt = at(endDay, rng);
        event({
          type: 'seized',
          code,
          cylinderId: id,
          occurredAt: seizedAt,
          locationType: 'user',
          reasons: [overdue ? 'INSPECTION_OVERDUE' : 'SERVICE_LIFE_EXCEEDED'],
          enterpriseId: owner.enterpriseId,
          regionId: owner.ownerRegionId,
        });
        status = 'seized';
        if (fate === 'scrapped') {
          const scrappedOn = addDays(endDay, int(rng, 3, 15));
          retiredAt = at(scrappedOn > today ? today : scrappedOn, rng);
          event({
            type: 'scrapped',
            code,
            cylinderId: id,
            occurredAt: retiredAt,
            locationType: 'inspection_agency',
            enterpriseId: owner.enterpriseId,
            regionId: owner.ownerRegionId,
          });
          status = 'scrapped';
        }
      }
      cylinders.push({
        id,
        code,
        ownerEnterpriseId: owner.enterpriseId,
        regionId: owner.ownerRegionId,
        model,
        phase: model === 'YSP118-II' ? 'dual_phase' : 'liquid',
        manufacturer: maker,
        serialNumber: `${makerCode}${made.slice(0, 4)}${String(int(rng, 1, 99_999)).padStart(5, '0')}`,
        batch,
        manufacturedOn: made,
        designLifeYears: null,
        lastInspectedOn,
        lastInspectionPassed: passed,
        nextInspectionDue,
        refurbished,
        status,
        locationType: status === 'in_service' ? (last ? 'user' : 'station') : 'inspection_agency',
        locationId: status === 'in_service' && !last ? own[0]!.id : null,
        locationLabel: status === 'in_service' && !last ? own[0]!.name : null,
        lastSeenAt: last?.at ?? null,
        lastSeenLng: last?.station.lng ?? null,
        lastSeenLat: last?.station.lat ?? null,
        retiredAt,
      });
    }
    await insertInBatches(tx, cylindersTable, cylinders);
    // Each event's id in cylinder_event_ids first, as every writer of the log does (the id's unique key).
    await insertInBatches(
      tx,
      cylinderEventIdsTable,
      events.map((e) => ({ eventId: e.eventId, occurredAt: e.occurredAt, contentHash: e.contentHash })),
    );
    await insertInBatches(tx, cylinderEventsTable, events);
    await insertInBatches(tx, cylinderFillsTable, fills);
    await tx.insert(cylinderBlacklistTable).values({
      manufacturer: DEMO_BLACKLIST.manufacturer,
      model: DEMO_BLACKLIST.model,
      batch: DEMO_BLACKLIST.batch,
      basis: DEMO_BLACKLIST.basis,
      listedOn: addDays(today, -180),
    });
    const counts = { cylinders: cylinders.length, fills: fills.length, events: events.length };
    await recordAudit(tx, {
      actor: systemActor,
      action: 'seed.demo',
      subject: { type: 'deployment' },
      details: counts,
    });
    return counts;
  });
}

/** The demo's codes of a kind, for the walk-through and the tests (first few by code). */
export async function demoCylinderCodes(db: Db, status: 'in_service' | 'seized' | 'scrapped', limit = 5) {
  const rows = await db
    .select({ code: cylindersTable.code })
    .from(cylindersTable)
    .where(inArray(cylindersTable.status, [status]))
    .orderBy(cylindersTable.code)
    .limit(limit);
  return rows.map((r) => r.code);
}
