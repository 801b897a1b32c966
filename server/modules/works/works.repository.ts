import { type SQL, and, asc, count, desc, eq, gte, ilike, inArray, isNotNull, isNull, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { escapeLike } from '../../platform/sql.ts';
import { hazardsTable } from '../hazards/index.ts';
import { departmentsTable, regionsTable } from '../organisation/index.ts';
import { enterprisesTable, pipelineSegmentsTable } from '../registry/index.ts';
import type { WorksFilterValues } from './works.schemas.ts';
import { worksSegmentsTable, worksTable, worksVisitsTable } from './works.table.ts';

const w = worksTable;
const ws = worksSegmentsTable;
const v = worksVisitsTable;
const seg = pipelineSegmentsTable;
const e = enterprisesTable;

export type WorksRow = typeof w.$inferSelect;

/** The list's conditions: text over name, address and builder; township; operator; status; start range. */
export function worksConditions(f: WorksFilterValues, today: string): (SQL | undefined)[] {
  const q = f.q?.trim();
  const pattern = q ? `%${escapeLike(q)}%` : undefined;
  return [
    isNull(w.archivedAt),
    pattern ? or(ilike(w.name, pattern), ilike(w.address, pattern), ilike(e.name, pattern)) : undefined,
    f.regionId ? eq(w.regionId, f.regionId) : undefined,
    f.operatorId ? sql`${w.operatorIds} @> array[${f.operatorId}]::uuid[]` : undefined,
    f.status === 'open' ? or(isNull(w.endOn), gte(w.endOn, today)) : undefined,
    f.status === 'withoutAgreement' ? eq(w.agreementSigned, false) : undefined,
    f.from ? gte(w.startOn, f.from) : undefined,
    f.to ? lte(w.startOn, f.to) : undefined,
  ];
}

const listColumns = {
  works: w,
  builderName: e.name,
  builderKind: e.kind,
  regionName: regionsTable.name,
  hazardNumber: hazardsTable.number,
  hazardStatus: hazardsTable.status,
  segmentCount: sql<number>`(select count(*)::int from ${ws} where ${ws.worksId} = ${w.id})`,
};
export type WorksListRow = {
  works: WorksRow;
  builderName: string;
  builderKind: (typeof e.$inferSelect)['kind'];
  regionName: string;
  hazardNumber: string | null;
  hazardStatus: string | null;
  segmentCount: number;
};

export function createWorksRepository({ db }: { db: Db }) {
  const base = () =>
    db
      .select(listColumns)
      .from(w)
      .innerJoin(e, eq(e.id, w.builderEnterpriseId))
      .innerJoin(regionsTable, eq(regionsTable.id, w.regionId))
      .leftJoin(hazardsTable, eq(hazardsTable.id, w.hazardId));

  return {
    async list({ where, limit, offset }: { where: SQL | undefined; limit: number; offset: number }) {
      const [items, [total]] = await Promise.all([
        base().where(where).orderBy(desc(w.startOn), desc(w.createdAt)).limit(limit).offset(offset),
        db.select({ n: count() }).from(w).innerJoin(e, eq(e.id, w.builderEnterpriseId)).where(where),
      ]);
      return { items: items as WorksListRow[], total: total?.n ?? 0 };
    },
    async get({ id, scope }: { id: string; scope: SQL }) {
      const [row] = await base().where(and(eq(w.id, id), isNull(w.archivedAt), scope));
      return row as WorksListRow | undefined;
    },
    async inScope({ id, scope }: { id: string; scope: SQL }) {
      const [row] = await db
        .select({ id: w.id })
        .from(w)
        .where(and(eq(w.id, id), scope));
      return !!row;
    },
    /** The row, locked for the transaction (one hazard per works however many saves arrive at once). */
    async lock({ id }: { id: string }) {
      const [row] = await db.select().from(w).where(eq(w.id, id)).for('update');
      return row;
    },
    async mapItems({ where }: { where: SQL | undefined }) {
      return db
        .select({ works: w, builderName: e.name })
        .from(w)
        .innerJoin(e, eq(e.id, w.builderEnterpriseId))
        .where(where)
        .orderBy(desc(w.startOn))
        .limit(2000);
    },
    async segments({ worksId }: { worksId: string }) {
      return db
        .select({
          id: seg.id,
          code: seg.code,
          name: seg.name,
          pressureClass: seg.pressureClass,
          geometry: seg.geometry,
          operatorId: seg.ownerEnterpriseId,
          operatorName: e.name,
          distanceM: ws.distanceM,
        })
        .from(ws)
        .innerJoin(seg, eq(seg.id, ws.segmentId))
        .leftJoin(e, eq(e.id, seg.ownerEnterpriseId))
        .where(eq(ws.worksId, worksId))
        .orderBy(asc(seg.code));
    },
    /** Live segments with a geometry (the candidates for the protection-distance computation). */
    async mappedSegments() {
      return db
        .select({
          id: seg.id,
          code: seg.code,
          name: seg.name,
          pressureClass: seg.pressureClass,
          geometry: seg.geometry,
          operatorId: seg.ownerEnterpriseId,
          operatorName: e.name,
        })
        .from(seg)
        .leftJoin(e, eq(e.id, seg.ownerEnterpriseId))
        .where(and(isNull(seg.archivedAt), isNotNull(seg.geometry)));
    },
    async segmentsByIds({ ids }: { ids: string[] }) {
      if (ids.length === 0) return [];
      return db
        .select({
          id: seg.id,
          geometry: seg.geometry,
          pressureClass: seg.pressureClass,
          operatorId: seg.ownerEnterpriseId,
        })
        .from(seg)
        .where(and(inArray(seg.id, ids), isNull(seg.archivedAt)));
    },
    async replaceSegments({
      worksId,
      rows,
    }: {
      worksId: string;
      rows: { segmentId: string; distanceM: number | null }[];
    }) {
      await db.delete(ws).where(eq(ws.worksId, worksId));
      if (rows.length > 0) await db.insert(ws).values(rows.map((r) => ({ worksId, ...r })));
    },
    async builder({ id }: { id: string }) {
      const [row] = await db
        .select({ id: e.id, name: e.name, regionId: e.regionId })
        .from(e)
        .where(and(eq(e.id, id), isNull(e.archivedAt)));
      return row;
    },
    async regionExists({ id }: { id: string }) {
      const [row] = await db.select({ id: regionsTable.id }).from(regionsTable).where(eq(regionsTable.id, id));
      return !!row;
    },
    /** The housing department (住建) of the works' county: the hazard's responsible department. */
    async housingDepartmentFor({ regionId }: { regionId: string }) {
      const r = regionsTable;
      const [row] = await db
        .select({ id: departmentsTable.id })
        .from(departmentsTable)
        .innerJoin(r, eq(r.id, departmentsTable.regionId))
        .where(
          and(
            eq(departmentsTable.code, 'housing'),
            sql`(select ${r.path} from ${r} where ${r.id} = ${regionId}) like ${r.path} || '%'`,
          ),
        )
        .limit(1);
      return row?.id ?? null;
    },
    async insert(values: typeof w.$inferInsert) {
      const [row] = await db.insert(w).values(values).returning();
      return row!;
    },
    async update({ id, values }: { id: string; values: Partial<typeof w.$inferInsert> }) {
      const [row] = await db
        .update(w)
        .set({ ...values, updatedAt: new Date() })
        .where(eq(w.id, id))
        .returning();
      return row!;
    },
    async visits({ worksId }: { worksId: string }) {
      return db
        .select({ visit: v, enterpriseName: e.name })
        .from(v)
        .innerJoin(e, eq(e.id, v.enterpriseId))
        .where(eq(v.worksId, worksId))
        .orderBy(desc(v.visitedOn), desc(v.createdAt));
    },
    async insertVisit(values: typeof v.$inferInsert) {
      const [row] = await db.insert(v).values(values).returning();
      return row!;
    },
  };
}
