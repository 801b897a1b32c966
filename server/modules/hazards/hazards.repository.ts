import { type SQL, and, asc, desc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { escapeLike, regionIdsUnder } from '../../platform/sql.ts';
import { IsoDate } from '../../platform/schemas.ts';
import { campaignPhasesTable, departmentsTable, regionsTable } from '../organisation/index.ts';
import { peopleTable } from '../registry/index.ts';
import { inRegionPath } from './hazards.access.ts';
import { hazardBadCursor, hazardPhaseNotFound } from './hazards.errors.ts';
import type { HazardFilterValues, HazardSort } from './hazards.schemas.ts';
import { majorListedSql } from './hazards.listing.ts';
import { hazardEventsTable, hazardNumberCountersTable, hazardsTable } from './hazards.table.ts';

export type HazardRow = typeof hazardsTable.$inferSelect;
export type HazardInsert = typeof hazardsTable.$inferInsert;
export type HazardEventRow = typeof hazardEventsTable.$inferSelect;
export type HazardEventInsert = typeof hazardEventsTable.$inferInsert;
/**
 * `regionName` is the 所属乡镇: the township the hazard's region lies in (the region itself when it
 * is a township, its own name when it lies above any township); `communityName` is the community
 * (社区/嘎查) when the region is one.
 */
export type HazardWithNames = HazardRow & {
  regionName: string | null;
  communityName: string | null;
  departmentName: string | null;
};

export type RegionNames = { regionName: string; communityName: string | null };

/**
 * 所属乡镇 and community of regions, by id: the township is the region's ancestor-or-self at level
 * 'township' (its path is a prefix of the region's), read in one query.
 */
export async function regionNamesOf(db: Db, ids: readonly string[]): Promise<Map<string, RegionNames>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const t = alias(regionsTable, 'township');
  const rows = await db
    .select({ id: regionsTable.id, name: regionsTable.name, level: regionsTable.level, township: t.name })
    .from(regionsTable)
    .leftJoin(t, and(eq(t.level, 'township'), sql`starts_with(${regionsTable.path}, ${t.path})`))
    .where(inArray(regionsTable.id, unique));
  return new Map(
    rows.map((r) => [
      r.id,
      { regionName: r.township ?? r.name, communityName: r.level === 'community' ? r.name : null },
    ]),
  );
}

/** The China calendar day of a timestamptz column, as SQL text 'YYYY-MM-DD'. */
export const chinaDay = (column: SQL | typeof hazardsTable.closedAt) =>
  sql<string>`to_char(${column} at time zone 'Asia/Shanghai', 'YYYY-MM-DD')`;

const h = hazardsTable;

/** Sort orders of the ledger; each ends with the id so keyset paging is exact. */
const sorts: Record<HazardSort, { keys: SQL[]; dir: 'asc' | 'desc'; cast: string[] }> = {
  // The ledger's default: what is still open (the overdue first) before what is closed, then by deadline.
  open: {
    keys: [sql`(${h.status} = 'closed')::int`, sql`${h.deadline}`, sql`${h.id}`],
    dir: 'asc',
    cast: ['int', 'date', 'uuid'],
  },
  deadline: { keys: [sql`${h.deadline}`, sql`${h.id}`], dir: 'asc', cast: ['date', 'uuid'] },
  '-deadline': { keys: [sql`${h.deadline}`, sql`${h.id}`], dir: 'desc', cast: ['date', 'uuid'] },
  foundOn: { keys: [sql`${h.foundOn}`, sql`${h.id}`], dir: 'asc', cast: ['date', 'uuid'] },
  '-foundOn': { keys: [sql`${h.foundOn}`, sql`${h.id}`], dir: 'desc', cast: ['date', 'uuid'] },
  // The ledger's own order (YH-year-sequence): the export's default, read through the unique index on the number.
  number: { keys: [sql`${h.number}`], dir: 'asc', cast: ['text'] },
  // Major first, then by deadline.
  severity: {
    keys: [sql`(${h.severity} <> 'major')::int`, sql`${h.deadline}`, sql`${h.id}`],
    dir: 'asc',
    cast: ['int', 'date', 'uuid'],
  },
};

function cursorValues(row: HazardRow, sort: HazardSort): (string | number)[] {
  const tail = [row.id];
  if (sort === 'number') return [row.number];
  if (sort === 'severity') return [row.severity === 'major' ? 0 : 1, row.deadline, ...tail];
  if (sort === 'open') return [row.status === 'closed' ? 1 : 0, row.deadline, ...tail];
  if (sort === 'foundOn' || sort === '-foundOn') return [row.foundOn, ...tail];
  return [row.deadline, ...tail];
}

export function encodeCursor(row: HazardRow, sort: HazardSort): string {
  return Buffer.from(JSON.stringify([sort, ...cursorValues(row, sort)])).toString('base64url');
}

function keysetCondition(cursor: string, sort: HazardSort): SQL {
  let values: unknown[];
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw hazardBadCursor();
  }
  const spec = sorts[sort];
  if (!Array.isArray(values) || values[0] !== sort || values.length !== spec.keys.length + 1) throw hazardBadCursor();
  const vals = values.slice(1);
  // A cursor comes back from the client: every value must be one PostgreSQL casts without error.
  const ok = vals.every((v, i) =>
    spec.cast[i] === 'int'
      ? Number.isInteger(v) && Math.abs(v as number) <= 2 ** 31 - 1
      : spec.cast[i] === 'date'
        ? IsoDate.safeParse(v).success
        : spec.cast[i] === 'text'
          ? typeof v === 'string' && v.length <= 100 && !v.includes('\u0000') && !/[\ud800-\udfff]/.test(v)
          : z.uuid().safeParse(v).success,
  );
  if (!ok) throw hazardBadCursor();
  const left = sql.join(spec.keys, sql`, `);
  const right = sql.join(
    vals.map((v, i) => sql`${v}::${sql.raw(spec.cast[i]!)}`),
    sql`, `,
  );
  return spec.dir === 'asc' ? sql`(${left}) > (${right})` : sql`(${left}) < (${right})`;
}

function orderBy(sort: HazardSort): SQL[] {
  const spec = sorts[sort];
  return spec.keys.map((k) => (spec.dir === 'asc' ? asc(k) : desc(k)));
}

export function createHazardsRepository({ db }: { db: Db }) {
  /** The SQL conditions of the ledger's filters (the phase resolves to its dates first). */
  async function conditions(filters: HazardFilterValues, today: string): Promise<SQL[]> {
    const c: SQL[] = [];
    if (filters.regionId) {
      const [r] = await db
        .select({ path: regionsTable.path })
        .from(regionsTable)
        .where(eq(regionsTable.id, filters.regionId));
      c.push(r ? inRegionPath(h.regionId, r.path) : sql`false`);
    }
    if (filters.departmentId) c.push(eq(h.departmentId, filters.departmentId));
    if (filters.status) c.push(inArray(h.status, filters.status));
    if (filters.severity) c.push(eq(h.severity, filters.severity));
    if (filters.overdue === true) c.push(sql`${h.status} <> 'closed' and ${h.deadline} < ${today}::date`);
    if (filters.overdue === false) c.push(sql`not (${h.status} <> 'closed' and ${h.deadline} < ${today}::date)`);
    if (filters.objectType) c.push(eq(h.objectType, filters.objectType));
    if (filters.objectId) c.push(eq(h.objectId, filters.objectId));
    if (filters.itemId) c.push(eq(h.itemId, filters.itemId));
    if (filters.planRef) c.push(eq(h.planRef, filters.planRef));
    if (filters.source) c.push(eq(h.source, filters.source));
    if (filters.rebound === true) c.push(isNotNull(h.reboundOfHazardId));
    if (filters.rebound === false) c.push(isNull(h.reboundOfHazardId));
    if (filters.escalated === true) c.push(sql`${h.escalationLevel} > 0`);
    if (filters.escalated === false) c.push(sql`${h.escalationLevel} = 0`);
    if (filters.listed === true) c.push(majorListedSql());
    if (filters.listed === false) c.push(sql`${h.severity} = 'major' and not ${majorListedSql()}`);
    if (filters.level !== undefined) c.push(eq(h.escalationLevel, filters.level));
    if (filters.followUp === true) c.push(isNotNull(h.followUpDueOn));
    if (filters.followUp === false) c.push(isNull(h.followUpDueOn));
    if (filters.phase) {
      const range = await phaseRange(filters.phase);
      c.push(sql`${h.foundOn} >= ${range.from}::date`);
      if (range.to) c.push(sql`${h.foundOn} <= ${range.to}::date`);
    }
    if (filters.from) c.push(sql`${h.foundOn} >= ${filters.from}::date`);
    if (filters.to) c.push(sql`${h.foundOn} <= ${filters.to}::date`);
    if (filters.q) {
      const p = `%${escapeLike(filters.q)}%`;
      c.push(
        sql`(${h.number} ilike ${p} or ${h.objectName} ilike ${p} or ${h.description} ilike ${p} or ${h.objectAddress} ilike ${p} or ${h.responsiblePersonName} ilike ${p})`,
      );
    }
    return c;
  }

  /** The dates of a campaign phase (of the first campaign that has it). */
  async function phaseRange(code: string): Promise<{ from: string; to: string | null }> {
    const [p] = await db
      .select({ from: campaignPhasesTable.startsOn, to: campaignPhasesTable.endsOn })
      .from(campaignPhasesTable)
      .where(eq(campaignPhasesTable.code, code as 'intensive'))
      .limit(1);
    if (!p) throw hazardPhaseNotFound({ phase: code });
    return p;
  }

  /** 所属乡镇, community and department names for a page of rows (one query each, not per row). */
  async function withNames(rows: HazardRow[]): Promise<HazardWithNames[]> {
    if (rows.length === 0) return [];
    const regions = await regionNamesOf(
      db,
      rows.map((r) => r.regionId),
    );
    const deptIds = [...new Set(rows.map((r) => r.departmentId).filter((x): x is string => x !== null))];
    const depts = deptIds.length
      ? await db
          .select({ id: departmentsTable.id, name: departmentsTable.name })
          .from(departmentsTable)
          .where(inArray(departmentsTable.id, deptIds))
      : [];
    const dn = new Map(depts.map((d) => [d.id, d.name]));
    return rows.map((r) => ({
      ...r,
      regionName: regions.get(r.regionId)?.regionName ?? null,
      communityName: regions.get(r.regionId)?.communityName ?? null,
      departmentName: r.departmentId ? (dn.get(r.departmentId) ?? null) : null,
    }));
  }

  /**
   * A deadline-ordered page of a region subtree, read as one ordered index scan per region (and per
   * state, when the states are known) merged by the outer sort: `region_id = any(…)` over a subtree
   * cannot be read in deadline order from the (region_id, status, deadline, id) index, so a single
   * query would sort every matching row of the township (bench/hazards.bench.ts). Ids first, then
   * the rows.
   */
  async function byRegionBranches({
    where,
    filters,
    sort,
    limit,
    offset,
  }: {
    where: SQL[];
    filters: HazardFilterValues;
    sort: 'deadline' | '-deadline';
    limit: number;
    offset: number;
  }): Promise<HazardRow[]> {
    const [region] = await db
      .select({ path: regionsTable.path })
      .from(regionsTable)
      .where(eq(regionsTable.id, filters.regionId!));
    if (!region) return [];
    const states =
      filters.status ?? (filters.overdue === true ? (['open', 'rectifying', 'submitted'] as const) : undefined);
    const dir = sql.raw(sort === 'deadline' ? 'asc' : 'desc');
    const n = limit + offset;
    const stateJoin = states
      ? sql`cross join unnest(array[${sql.join(
          states.map((s) => sql`${s}`),
          sql`, `,
        )}]::text[]) as ss(st)`
      : sql``;
    const stateCond = states ? sql`and ${h.status} = ss.st` : sql``;
    const result = (await db.execute(sql`
      select l.id from ${regionIdsUnder(region.path)} rr
      ${stateJoin}
      cross join lateral (
        select ${h.id} as id, ${h.deadline} as deadline from ${h}
        where ${h.regionId} = rr.rid ${stateCond} and ${and(...where)}
        order by ${h.deadline} ${dir}, ${h.id} ${dir} limit ${n}
      ) l
      order by l.deadline ${dir}, l.id ${dir} limit ${limit} offset ${offset}`)) as unknown as {
      rows: { id: string }[];
    };
    const ids = result.rows.map((r) => r.id);
    if (ids.length === 0) return [];
    const rows = await db.select().from(h).where(inArray(h.id, ids));
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id)!);
  }

  /** Major first, then by deadline: the major branch, then the general one, each read in deadline order. */
  async function majorFirst({
    base,
    filters,
    cursor,
    limit,
  }: {
    base: SQL[];
    filters: HazardFilterValues;
    cursor?: string;
    limit: number;
  }): Promise<HazardRow[]> {
    let after: { rank: number; deadline: string; id: string } | null = null;
    if (cursor) {
      keysetCondition(cursor, 'severity'); // validates
      const [, rank, deadline, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
      after = { rank, deadline, id };
    }
    const out: HazardRow[] = [];
    for (const [rank, severity] of [
      [0, 'major'],
      [1, 'general'],
    ] as const) {
      if (out.length >= limit || (after && rank < after.rank)) continue;
      if (filters.severity && filters.severity !== severity) continue;
      const where = [...base, eq(h.severity, severity)];
      if (after && rank === after.rank)
        where.push(sql`(${h.deadline}, ${h.id}) > (${after.deadline}::date, ${after.id}::uuid)`);
      out.push(...(await byRegionBranches({ where, filters, sort: 'deadline', limit: limit - out.length, offset: 0 })));
    }
    return out;
  }

  return {
    conditions,
    phaseRange,
    withNames,

    /** The next hazard number of the year, 'YH-2024-000123' (atomic upsert on the counter row). */
    async nextNumber(year: number): Promise<string> {
      const [row] = await db
        .insert(hazardNumberCountersTable)
        .values({ year, last: 1 })
        .onConflictDoUpdate({
          target: hazardNumberCountersTable.year,
          set: { last: sql`${hazardNumberCountersTable.last} + 1` },
        })
        .returning({ last: hazardNumberCountersTable.last });
      return `YH-${year}-${String(row!.last).padStart(6, '0')}`;
    },

    async insert(values: HazardInsert): Promise<HazardRow> {
      const [row] = await db.insert(h).values(values).returning();
      return row!;
    },

    async update(id: string, values: Partial<HazardInsert>): Promise<HazardRow> {
      const [row] = await db
        .update(h)
        .set({ ...values, updatedAt: new Date() })
        .where(eq(h.id, id))
        .returning();
      return row!;
    },

    /** One hazard within the scope (undefined outside it: the service answers 404). */
    async get(id: string, scope: SQL): Promise<HazardRow | undefined> {
      const [row] = await db
        .select()
        .from(h)
        .where(and(eq(h.id, id), scope));
      return row;
    },

    /** One hazard within the scope, locked for the transition. */
    async getForUpdate(id: string, scope: SQL): Promise<HazardRow | undefined> {
      const [row] = await db
        .select()
        .from(h)
        .where(and(eq(h.id, id), scope))
        .for('update');
      return row;
    },

    /**
     * `get` and `flags` in one statement, prepared (the service keeps one per actor's grants, `perActorStatement`)
     * and run with `{ id }`: the hazard within `scope` with each condition evaluated over it.
     */
    prepareGetWithFlags<K extends string>(scope: SQL, conditions: Record<K, SQL>) {
      const keys = Object.keys(conditions) as K[];
      const flags = Object.fromEntries(
        keys.map((k) => [k, sql<boolean>`coalesce((${conditions[k]}), false)`.mapWith(Boolean)]),
      ) as Record<K, SQL.Aliased<boolean> | SQL<boolean>>;
      const query = db
        .select({ hazard: h, flags })
        .from(h)
        .where(and(eq(h.id, sql.placeholder('id')), scope));
      return query.prepare(`hazard_get_${createHash('sha256').update(query.toSQL().sql).digest('hex').slice(0, 24)}`);
    },

    /** Evaluates named boolean conditions over one hazard row (abilities). */
    async flags<K extends string>(id: string, conditions: Record<K, SQL>): Promise<Record<K, boolean>> {
      const keys = Object.keys(conditions) as K[];
      const cols = sql.join(
        keys.map((k, i) => sql`coalesce((${conditions[k]}), false) as ${sql.identifier(`f${i}`)}`),
        sql`, `,
      );
      const result = (await db.execute(sql`select ${cols} from ${h} where ${h.id} = ${id}`)) as unknown as {
        rows: Record<string, boolean>[];
      };
      const row = result.rows[0] ?? {};
      return Object.fromEntries(keys.map((k, i) => [k, row[`f${i}`] === true])) as Record<K, boolean>;
    },

    async insertEvent(values: HazardEventInsert): Promise<HazardEventRow> {
      const [row] = await db.insert(hazardEventsTable).values(values).returning();
      return row!;
    },

    async events(hazardId: string): Promise<HazardEventRow[]> {
      return (
        db
          .select()
          .from(hazardEventsTable)
          .where(eq(hazardEventsTable.hazardId, hazardId))
          // Events of one transaction share now(): the audit sequence orders them.
          .orderBy(
            asc(hazardEventsTable.at),
            sql`${hazardEventsTable.auditSeq} asc nulls last`,
            asc(hazardEventsTable.id),
          )
      );
    },

    /** A page of the ledger: keyset after `cursor`, or offset `page` with a total. */
    async list({
      scope,
      filters,
      sort,
      cursor,
      page,
      pageSize,
      today,
    }: {
      scope: SQL;
      filters: HazardFilterValues;
      sort: HazardSort;
      cursor?: string;
      page?: number;
      pageSize: number;
      today: string;
    }) {
      const where = [scope, ...(await conditions(filters, today))];
      if (cursor) where.push(keysetCondition(cursor, sort));
      const offset = !cursor && page ? (page - 1) * pageSize : 0;
      const rows =
        filters.regionId && (sort === 'deadline' || sort === '-deadline')
          ? await byRegionBranches({ where, filters, sort, limit: pageSize + 1, offset })
          : filters.regionId && sort === 'severity' && offset === 0
            ? await majorFirst({
                base: [scope, ...(await conditions(filters, today))],
                filters,
                cursor,
                limit: pageSize + 1,
              })
            : await db
                .select()
                .from(h)
                .where(and(...where))
                .orderBy(...orderBy(sort))
                .limit(pageSize + 1)
                .offset(offset);
      const more = rows.length > pageSize;
      const pageRows = rows.slice(0, pageSize);
      let total: number | null = null;
      if (!cursor && page) {
        const [t] = await db
          .select({ n: sql<number>`count(*)::int` })
          .from(h)
          .where(and(...where));
        total = t?.n ?? 0;
      }
      return {
        rows: await withNames(pageRows),
        nextCursor: more ? encodeCursor(pageRows[pageRows.length - 1]!, sort) : null,
        total,
      };
    },

    /** Every row of a filtered ledger in keyset batches (the export), in the sort's order. */
    async *iterate({
      scope,
      filters,
      sort,
      today,
      batchSize = 1000,
    }: {
      scope: SQL;
      filters: HazardFilterValues;
      sort: HazardSort;
      today: string;
      batchSize?: number;
    }): AsyncGenerator<HazardWithNames[]> {
      const base = [scope, ...(await conditions(filters, today))];
      let cursor: string | undefined;
      for (;;) {
        const where = cursor ? [...base, keysetCondition(cursor, sort)] : base;
        const rows = await db
          .select()
          .from(h)
          .where(and(...where))
          .orderBy(...orderBy(sort))
          .limit(batchSize);
        if (rows.length === 0) return;
        yield await withNames(rows);
        if (rows.length < batchSize) return;
        cursor = encodeCursor(rows[rows.length - 1]!, sort);
      }
    },

    /** Closed hazards of the same object and item, with the China day of their close-out (rebound candidates). */
    /**
     * The venue's hazards that keep its supply stopped: not closed, and either its suspension is on their timeline
     * or they are major (locked, so a close-out cannot slip between the check and the resumption).
     */
    async blockingSupply(venueId: string) {
      return db
        .select({ id: h.id, number: h.number, regionId: h.regionId, status: h.status })
        .from(h)
        .where(
          and(
            eq(h.objectType, 'venue'),
            eq(h.objectId, venueId),
            sql`${h.status} <> 'closed'`,
            sql`(${h.severity} = 'major' or exists (select 1 from ${hazardEventsTable} e where e.hazard_id = ${h.id} and e.event = 'supply_suspended'))`,
          ),
        )
        .orderBy(h.number)
        .for('update');
    },

    async closedOfObjectItem({
      objectType,
      objectId,
      itemId,
    }: {
      objectType: string;
      objectId: string;
      itemId: string;
    }) {
      return db
        .select({ id: h.id, objectId: h.objectId, itemId: h.itemId, closedAt: chinaDay(h.closedAt) })
        .from(h)
        .where(
          and(
            eq(h.objectType, objectType as HazardRow['objectType']),
            eq(h.objectId, objectId),
            eq(h.itemId, itemId),
            isNotNull(h.closedAt),
          ),
        );
    },

    /** The ids among these that name stored files. */
    /** The department with this code serving the object's region (its county's). */
    async departmentByCode(code: string, regionPath: string) {
      const rows = await db
        .select({ id: departmentsTable.id, path: regionsTable.path })
        .from(departmentsTable)
        .innerJoin(regionsTable, eq(regionsTable.id, departmentsTable.regionId))
        .where(and(eq(departmentsTable.code, code), isNull(departmentsTable.archivedAt)));
      // The nearest ancestor region's department.
      const matching = rows.filter((r) => regionPath.startsWith(r.path)).sort((a, b) => b.path.length - a.path.length);
      return matching[0]?.id;
    },

    async departmentById(id: string) {
      const [d] = await db
        .select({ id: departmentsTable.id, name: departmentsTable.name, code: departmentsTable.code })
        .from(departmentsTable)
        .where(eq(departmentsTable.id, id));
      return d;
    },

    async personById(id: string) {
      const [p] = await db
        .select({ id: peopleTable.id, name: peopleTable.name, phone: peopleTable.phone })
        .from(peopleTable)
        .where(eq(peopleTable.id, id));
      return p;
    },
  };
}

export type HazardsRepository = ReturnType<typeof createHazardsRepository>;
