import { type SQL, and, asc, count, desc, eq, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import { createHash } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import { filesTable } from '../../platform/files/files.table.ts';
import { hazardsTable } from '../hazards/hazards.table.ts';
import { departmentsTable, regionsTable } from '../organisation/organisation.table.ts';
import { hasCurrentTraining } from '../registry/index.ts';
import { enterprisesTable, peopleTable } from '../registry/registry.table.ts';
import { usersTable } from '../users/users.table.ts';
import {
  inspectionInspectorsTable,
  inspectionResultsTable,
  inspectionSignaturesTable,
  inspectionsTable,
} from './inspections.table.ts';

export type InspectionRow = typeof inspectionsTable.$inferSelect;
export type InspectionInsert = typeof inspectionsTable.$inferInsert;
export type ResultRow = typeof inspectionResultsTable.$inferSelect;
export type SignatureRow = typeof inspectionSignaturesTable.$inferSelect;

const t = inspectionsTable;
const r = inspectionResultsTable;
const ii = inspectionInspectorsTable;
const sg = inspectionSignaturesTable;

/** Inspections (SQL over inspections.id) with an assigned inspector linked to this account. */
export function assignedToUser(userId: string): SQL {
  return sql`exists (select 1 from ${ii} join ${peopleTable} on ${peopleTable.id} = ${ii.personId} where ${ii.inspectionId} = ${inspectionsTable.id} and ${peopleTable.userId} = ${userId})`;
}

/** The day an inspection counts for: the visit's day in China, or the planned day before the visit. */
export const inspectionDay = sql<string>`coalesce(((${t.visitedAt} at time zone 'Asia/Shanghai')::date), ${t.plannedOn})`;

export function createInspectionsRepository({ db }: { db: Db }) {
  return {
    async insert(values: InspectionInsert) {
      const [row] = await db.insert(t).values(values).returning();
      return row!;
    },

    /** One inspection within the scope condition; `lock` takes a row lock for the rest of the transaction. */
    async getById({ id, scope, lock = false }: { id: string; scope?: SQL; lock?: boolean }) {
      const q = db
        .select()
        .from(t)
        .where(and(eq(t.id, id), scope));
      const [row] = lock ? await q.for('update') : await q;
      return row;
    },

    /**
     * `getById` within `scope` with named conditions evaluated over the row, in one statement prepared once (the
     * service keeps one per actor's grants, `perActorStatement`) and run with `{ id }`.
     */
    prepareGetWithFlags<K extends string>(scope: SQL, conditions: Record<K, SQL>) {
      const flags = Object.fromEntries(
        (Object.keys(conditions) as K[]).map((k) => [
          k,
          sql<boolean>`coalesce((${conditions[k]}), false)`.mapWith(Boolean),
        ]),
      ) as Record<K, SQL<boolean>>;
      const query = db
        .select({ inspection: t, flags })
        .from(t)
        .where(and(eq(t.id, sql.placeholder('id')), scope));
      return query.prepare(
        `inspection_get_${createHash('sha256').update(query.toSQL().sql).digest('hex').slice(0, 24)}`,
      );
    },

    async getByClientId({ clientId }: { clientId: string }) {
      const [row] = await db.select().from(t).where(eq(t.clientId, clientId));
      return row;
    },

    async update({ id, ...values }: Partial<InspectionInsert> & { id: string }) {
      const [row] = await db
        .update(t)
        .set({ ...values, updatedAt: new Date() })
        .where(eq(t.id, id))
        .returning();
      return row!;
    },

    async list({ where, limit, offset }: { where: SQL | undefined; limit: number; offset: number }) {
      const failed = db
        .select({ n: count() })
        .from(r)
        .where(and(eq(r.inspectionId, t.id), eq(r.result, 'fail')));
      const [rows, [total]] = await Promise.all([
        db
          .select({ inspection: t, failedCount: sql<number>`(${failed})::int` })
          .from(t)
          .where(where)
          .orderBy(
            sql`coalesce(${t.visitedAt}, ${t.plannedOn}::timestamptz) desc nulls last`,
            desc(t.createdAt),
            desc(t.id),
          )
          .limit(limit)
          .offset(offset),
        db.select({ n: count() }).from(t).where(where),
      ]);
      return { rows, total: total?.n ?? 0 };
    },

    /** Inspections of one object whose day lies in [from, to], optionally leaving one out. */
    async ofObjectBetween({
      objectType,
      objectId,
      from,
      to,
      excludeId,
      kinds,
    }: {
      objectType: string;
      objectId: string;
      from: string;
      to: string;
      excludeId?: string;
      kinds: readonly string[];
    }) {
      return db
        .select()
        .from(t)
        .where(
          and(
            eq(t.objectType, objectType as InspectionRow['objectType']),
            eq(t.objectId, objectId),
            inArray(t.kind, kinds as InspectionRow['kind'][]),
            sql`${inspectionDay} between ${from} and ${to}`,
            excludeId ? ne(t.id, excludeId) : undefined,
          ),
        )
        .orderBy(asc(inspectionDay));
    },

    async inspectorsOf({ inspectionIds }: { inspectionIds: string[] }) {
      if (inspectionIds.length === 0) return [];
      return db
        .select({
          inspectionId: ii.inspectionId,
          personId: ii.personId,
          name: peopleTable.name,
          userId: peopleTable.userId,
          signed: sql<boolean>`exists (select 1 from ${sg} where ${sg.inspectionId} = ${ii.inspectionId} and ${sg.personId} = ${ii.personId})`,
        })
        .from(ii)
        .innerJoin(peopleTable, eq(peopleTable.id, ii.personId))
        .where(inArray(ii.inspectionId, inspectionIds))
        .orderBy(asc(peopleTable.name));
    },

    async addInspectors({ inspectionId, personIds }: { inspectionId: string; personIds: string[] }) {
      if (personIds.length === 0) return;
      await db
        .insert(ii)
        .values(personIds.map((personId) => ({ inspectionId, personId })))
        .onConflictDoNothing();
    },

    async resultsOf({ inspectionId }: { inspectionId: string }) {
      return db.select().from(r).where(eq(r.inspectionId, inspectionId)).orderBy(asc(r.itemId));
    },

    async replaceResults({
      inspectionId,
      results,
    }: {
      inspectionId: string;
      results: Omit<ResultRow, 'inspectionId'>[];
    }) {
      await db.delete(r).where(eq(r.inspectionId, inspectionId));
      if (results.length) await db.insert(r).values(results.map((x) => ({ ...x, inspectionId })));
    },

    async signaturesOf({ inspectionId }: { inspectionId: string }) {
      return db
        .select({ signature: sg, name: peopleTable.name })
        .from(sg)
        .innerJoin(peopleTable, eq(peopleTable.id, sg.personId))
        .where(eq(sg.inspectionId, inspectionId))
        .orderBy(asc(sg.signedAt));
    },

    async insertSignature(values: typeof sg.$inferInsert) {
      await db.insert(sg).values(values);
    },

    /** People with what the assignment rule needs: kind, unit, account link and whether a training is current. */
    async peopleForAssignment({ ids, today }: { ids: string[]; today: string }) {
      if (ids.length === 0) return [];
      return db
        .select({
          id: peopleTable.id,
          name: peopleTable.name,
          kind: peopleTable.kind,
          enterpriseId: peopleTable.enterpriseId,
          venueId: peopleTable.venueId,
          departmentId: peopleTable.departmentId,
          userId: peopleTable.userId,
          archived: sql<boolean>`${peopleTable.archivedAt} is not null`,
          trained: sql<boolean>`${hasCurrentTraining(today)}`,
        })
        .from(peopleTable)
        .where(inArray(peopleTable.id, ids));
    },

    async user({ id }: { id: string }) {
      const [row] = await db.select().from(usersTable).where(eq(usersTable.id, id));
      return row;
    },

    async departments({ ids }: { ids: string[] }) {
      if (ids.length === 0) return [];
      return db
        .select({ id: departmentsTable.id, name: departmentsTable.name, code: departmentsTable.code })
        .from(departmentsTable)
        .where(and(inArray(departmentsTable.id, ids), isNull(departmentsTable.archivedAt)));
    },

    async regions({ ids }: { ids: string[] }) {
      if (ids.length === 0) return [];
      return db
        .select({ id: regionsTable.id, name: regionsTable.name, path: regionsTable.path, level: regionsTable.level })
        .from(regionsTable)
        .where(inArray(regionsTable.id, ids));
    },

    async enterprises({ ids }: { ids: string[] }) {
      if (ids.length === 0) return [];
      return db
        .select({ id: enterprisesTable.id, name: enterprisesTable.name, kind: enterprisesTable.kind })
        .from(enterprisesTable)
        .where(inArray(enterprisesTable.id, ids));
    },

    /** Of these file ids, those that exist and were uploaded by the user or are already on this inspection. */
    async usableFileIds({
      ids,
      userId,
      inspectionId,
    }: {
      ids: string[];
      userId: string | null;
      inspectionId?: string;
    }) {
      if (ids.length === 0) return new Set<string>();
      const onRecord = inspectionId
        ? sql`exists (select 1 from ${r} where ${r.inspectionId} = ${inspectionId} and ${r.photoIds} @> array[${filesTable.id}]::uuid[])`
        : sql`false`;
      const rows = await db
        .select({ id: filesTable.id })
        .from(filesTable)
        .where(and(inArray(filesTable.id, ids), or(userId ? eq(filesTable.uploadedBy, userId) : sql`false`, onRecord)));
      return new Set(rows.map((x) => x.id));
    },

    async hazardsOf({ inspectionId }: { inspectionId: string }) {
      return db
        .select({
          id: hazardsTable.id,
          number: hazardsTable.number,
          itemId: hazardsTable.itemId,
          severity: hazardsTable.severity,
          status: hazardsTable.status,
          objectType: hazardsTable.objectType,
          objectId: hazardsTable.objectId,
          reboundOfHazardId: hazardsTable.reboundOfHazardId,
        })
        .from(hazardsTable)
        .where(eq(hazardsTable.sourceInspectionId, inspectionId))
        .orderBy(asc(hazardsTable.number));
    },

    async hazard({ id }: { id: string }) {
      const [row] = await db.select().from(hazardsTable).where(eq(hazardsTable.id, id));
      return row;
    },

    async correctionsOf({ inspectionId }: { inspectionId: string }) {
      const rows = await db
        .select({ id: t.id })
        .from(t)
        .where(eq(t.correctsInspectionId, inspectionId))
        .orderBy(asc(t.createdAt));
      return rows.map((x) => x.id);
    },

    /** Among these ids, those within the scope condition. */
    async idsInScope({ ids, scope }: { ids: string[]; scope: SQL }) {
      if (ids.length === 0) return new Set<string>();
      const rows = await db
        .select({ id: t.id })
        .from(t)
        .where(and(inArray(t.id, ids), scope));
      return new Set(rows.map((x) => x.id));
    },
  };
}

export type InspectionsRepository = ReturnType<typeof createInspectionsRepository>;
