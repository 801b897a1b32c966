import { type SQL, and, asc, count, desc, eq, gte, ilike, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { escapeLike } from '../../platform/sql.ts';
import { departmentsTable, regionsTable } from '../organisation/index.ts';
import { enterprisesTable, peopleTable, trainingRecordsTable, venuesTable } from '../registry/index.ts';
import type { SessionFilterValues } from './training.schemas.ts';
import { trainingAttendeesTable, trainingSessionsTable } from './training.table.ts';

const s = trainingSessionsTable;
const a = trainingAttendeesTable;
const p = peopleTable;
const tr = trainingRecordsTable;

export type SessionRow = typeof s.$inferSelect;

/** The list's conditions: text over topic, organiser and trainer; township; date range; an attendee. */
export function sessionConditions(f: SessionFilterValues): (SQL | undefined)[] {
  const q = f.q?.trim();
  const pattern = q ? `%${escapeLike(q)}%` : undefined;
  return [
    pattern ? or(ilike(s.topic, pattern), ilike(s.organiser, pattern), ilike(s.trainer, pattern)) : undefined,
    f.regionId ? eq(s.regionId, f.regionId) : undefined,
    f.from ? gte(s.heldOn, f.from) : undefined,
    f.to ? lte(s.heldOn, f.to) : undefined,
    f.personId
      ? sql`exists (select 1 from ${a} where ${a.sessionId} = ${s.id} and ${a.personId} = ${f.personId})`
      : undefined,
  ];
}

const listColumns = {
  session: s,
  regionName: regionsTable.name,
  departmentName: departmentsTable.name,
  enterpriseName: enterprisesTable.name,
  venueName: venuesTable.name,
  attendeeCount: sql<number>`(select count(*)::int from ${a} where ${a.sessionId} = ${s.id})`,
  passedCount: sql<number>`(select count(*)::int from ${a} where ${a.sessionId} = ${s.id} and ${a.result} = 'passed')`,
};
export type SessionListRow = {
  session: SessionRow;
  regionName: string;
  departmentName: string | null;
  enterpriseName: string | null;
  venueName: string | null;
  attendeeCount: number;
  passedCount: number;
};

export function createTrainingRepository({ db }: { db: Db }) {
  const base = () =>
    db
      .select(listColumns)
      .from(s)
      .innerJoin(regionsTable, eq(regionsTable.id, s.regionId))
      .leftJoin(departmentsTable, eq(departmentsTable.id, s.departmentId))
      .leftJoin(enterprisesTable, eq(enterprisesTable.id, s.enterpriseId))
      .leftJoin(venuesTable, eq(venuesTable.id, s.venueId));

  return {
    async list({ where, limit, offset }: { where: SQL | undefined; limit: number; offset: number }) {
      const [items, [total]] = await Promise.all([
        base().where(where).orderBy(desc(s.heldOn), desc(s.createdAt)).limit(limit).offset(offset),
        db.select({ n: count() }).from(s).where(where),
      ]);
      return { items: items as SessionListRow[], total: total?.n ?? 0 };
    },
    async get({ id, scope }: { id: string; scope: SQL }) {
      const [row] = await base().where(and(eq(s.id, id), scope));
      return row as SessionListRow | undefined;
    },
    /** A row of `scope` (the session's manage scope) for this session. */
    async inScope({ id, scope }: { id: string; scope: SQL }) {
      const [row] = await db
        .select({ id: s.id })
        .from(s)
        .where(and(eq(s.id, id), scope));
      return !!row;
    },
    async attendees({ sessionId }: { sessionId: string }) {
      return db
        .select({
          attendee: a,
          name: p.name,
          kind: p.kind,
          phone: p.phone,
          enterpriseName: enterprisesTable.name,
          venueName: venuesTable.name,
          validUntil: tr.validUntil,
        })
        .from(a)
        .innerJoin(p, eq(p.id, a.personId))
        .innerJoin(tr, eq(tr.id, a.trainingRecordId))
        .leftJoin(enterprisesTable, eq(enterprisesTable.id, p.enterpriseId))
        .leftJoin(venuesTable, eq(venuesTable.id, p.venueId))
        .where(eq(a.sessionId, sessionId))
        .orderBy(asc(a.createdAt), asc(p.name));
    },
    async attendeePersonIds({ sessionId }: { sessionId: string }) {
      const rows = await db.select({ personId: a.personId }).from(a).where(eq(a.sessionId, sessionId));
      return new Set(rows.map((r) => r.personId));
    },
    /** Of these ids, the live people within `scope` (the actor's register scope over people). */
    async peopleIn({ ids, scope }: { ids: string[]; scope: SQL }) {
      if (ids.length === 0) return [];
      return db
        .select({ id: p.id, name: p.name, phone: p.phone, regionId: p.regionId })
        .from(p)
        .where(and(inArray(p.id, ids), isNull(p.archivedAt), scope));
    },
    /** People by name and phone (the register's natural key), live and within `scope`. */
    async peopleByNamePhone({ keys, scope }: { keys: { name: string; phone: string }[]; scope: SQL }) {
      if (keys.length === 0) return [];
      const names = [...new Set(keys.map((k) => k.name))];
      return db
        .select({ id: p.id, name: p.name, phone: p.phone })
        .from(p)
        .where(and(inArray(p.name, names), isNull(p.archivedAt), scope));
    },
    async region({ id }: { id: string }) {
      const [row] = await db
        .select({ id: regionsTable.id })
        .from(regionsTable)
        .where(and(eq(regionsTable.id, id), isNull(regionsTable.archivedAt)));
      return row;
    },
    async department({ id }: { id: string }) {
      const [row] = await db
        .select({ id: departmentsTable.id, regionId: departmentsTable.regionId })
        .from(departmentsTable)
        .where(and(eq(departmentsTable.id, id), isNull(departmentsTable.archivedAt)));
      return row;
    },
    async enterprise({ id }: { id: string }) {
      const [row] = await db
        .select({ id: enterprisesTable.id, regionId: enterprisesTable.regionId })
        .from(enterprisesTable)
        .where(and(eq(enterprisesTable.id, id), isNull(enterprisesTable.archivedAt)));
      return row;
    },
    async venue({ id }: { id: string }) {
      const [row] = await db
        .select({ id: venuesTable.id, regionId: venuesTable.regionId })
        .from(venuesTable)
        .where(and(eq(venuesTable.id, id), isNull(venuesTable.archivedAt)));
      return row;
    },
    async insertSession(values: typeof s.$inferInsert) {
      const [row] = await db.insert(s).values(values).returning();
      return row!;
    },
    async insertRecord(values: typeof tr.$inferInsert) {
      const [row] = await db.insert(tr).values(values).returning();
      return row!;
    },
    async insertAttendee(values: typeof a.$inferInsert) {
      const [row] = await db.insert(a).values(values).returning();
      return row!;
    },
    async touch({ id }: { id: string }) {
      await db.update(s).set({ updatedAt: new Date() }).where(eq(s.id, id));
    },
    /** The training records of these people (for their status). */
    async recordsOf({ personIds }: { personIds: string[] }) {
      if (personIds.length === 0) return [];
      return db
        .select({ personId: tr.personId, passed: tr.passed, validUntil: tr.validUntil })
        .from(tr)
        .where(inArray(tr.personId, personIds));
    },
    /** A venue's live staff. */
    async venueStaff({ venueId }: { venueId: string }) {
      return db
        .select({ id: p.id, name: p.name, kind: p.kind })
        .from(p)
        .where(and(eq(p.venueId, venueId), isNull(p.archivedAt)))
        .orderBy(asc(p.name));
    },
    async peopleByIds({ ids }: { ids: string[] }) {
      if (ids.length === 0) return [];
      return db.select({ id: p.id, name: p.name, kind: p.kind }).from(p).where(inArray(p.id, ids));
    },
  };
}
