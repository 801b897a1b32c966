import { type SQL, and, asc, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../platform/access.ts';
import { regionsTable } from '../organisation/index.ts';
import {
  type RegistryChangeStatus,
  type RegistryChangeSubject,
  registryChangeRequestsTable as t,
} from './changes.table.ts';
import { managesOnlyItself, registryFilter } from './registry.access.ts';
import { enterprisesTable, licencesTable, venuesTable } from './registry.table.ts';

export type ChangeRow = typeof t.$inferSelect;

/** Who reads a proposal: the scope engine over the subject's region and kind, as for the object itself. */
export function changeReadScope(actor: Actor): SQL {
  return sql`((${t.subjectType} = 'venue' and ${registryFilter(actor, 'registry.read', 'venue', {
    regionId: t.regionId,
    venueId: t.venueId,
    venueCategory: t.kind,
  })}) or (${t.subjectType} = 'pipeline' and ${registryFilter(actor, 'registry.read', 'pipeline', {
    regionId: t.regionId,
    enterpriseId: t.enterpriseId,
  })}) or (${t.subjectType} not in ('venue', 'pipeline') and ${registryFilter(actor, 'registry.read', 'enterprise', {
    regionId: t.regionId,
    enterpriseId: t.enterpriseId,
    enterpriseKind: t.kind,
  })}))`;
}

/**
 * Who decides: the regulator responsible — a region or department grant managing the subject's region and kind
 * (the engine without the party's own columns, so an enterprise or venue grant never decides its own proposal).
 */
export function changeDecideScope(actor: Actor): SQL {
  if (managesOnlyItself(actor)) return sql`false`;
  return sql`((${t.subjectType} = 'venue' and ${registryFilter(actor, 'registry.manage', 'venue', {
    regionId: t.regionId,
    venueCategory: t.kind,
  })}) or (${t.subjectType} = 'pipeline' and ${registryFilter(actor, 'registry.manage', 'pipeline', {
    regionId: t.regionId,
  })}) or (${t.subjectType} not in ('venue', 'pipeline') and ${registryFilter(actor, 'registry.manage', 'enterprise', {
    regionId: t.regionId,
    enterpriseKind: t.kind,
  })}))`;
}

export function createChangesRepository({ db }: { db: Db }) {
  return {
    async venue({ id, scope }: { id: string; scope: SQL }) {
      const [r] = await db
        .select()
        .from(venuesTable)
        .where(and(eq(venuesTable.id, id), scope));
      return r;
    },
    async enterprise({ id, scope }: { id: string; scope: SQL }) {
      const [r] = await db
        .select()
        .from(enterprisesTable)
        .where(and(eq(enterprisesTable.id, id), scope));
      return r;
    },
    async licence({ id, scope }: { id: string; scope: SQL }) {
      const [r] = await db
        .select({ licence: licencesTable, enterprise: enterprisesTable })
        .from(licencesTable)
        .innerJoin(enterprisesTable, eq(enterprisesTable.id, licencesTable.enterpriseId))
        .where(and(eq(licencesTable.id, id), scope));
      return r;
    },
    async regionExists(id: string) {
      const [r] = await db.select({ id: regionsTable.id }).from(regionsTable).where(eq(regionsTable.id, id));
      return r !== undefined;
    },
    async regionNames(ids: string[]) {
      if (ids.length === 0) return new Map<string, string>();
      const rows = await db
        .select({ id: regionsTable.id, name: regionsTable.name })
        .from(regionsTable)
        .where(inArray(regionsTable.id, ids));
      return new Map(rows.map((r) => [r.id, r.name]));
    },
    /** Every active region of the county, for a party to name where its object is moving to. */
    async regionChoices() {
      return db
        .select({
          id: regionsTable.id,
          name: regionsTable.name,
          nameEn: regionsTable.nameEn,
          level: regionsTable.level,
          parentId: regionsTable.parentId,
        })
        .from(regionsTable)
        .where(isNull(regionsTable.archivedAt))
        .orderBy(asc(regionsTable.path));
    },
    async pendingFor({ subjectType, subjectId }: { subjectType: RegistryChangeSubject; subjectId: string }) {
      const [r] = await db
        .select({ id: t.id })
        .from(t)
        .where(
          and(
            eq(t.subjectType, subjectType),
            eq(t.subjectId, subjectId),
            eq(t.status, 'pending'),
            isNull(t.sourceInspectionId),
          ),
        );
      return r;
    },
    async insert(values: typeof t.$inferInsert) {
      const [r] = await db.insert(t).values(values).returning();
      return r!;
    },
    /** One proposal with whether the actor may decide it; locked for update when `lock`. */
    async get({ id, scope, decide, lock }: { id: string; scope: SQL; decide: SQL; lock?: boolean }) {
      const q = db
        .select({ row: t, canDecide: sql<boolean>`${decide}` })
        .from(t)
        .where(and(eq(t.id, id), scope));
      const [r] = lock ? await q.for('update') : await q;
      return r;
    },
    async decide({
      id,
      status,
      actor,
      note,
    }: {
      id: string;
      status: RegistryChangeStatus;
      actor: Actor;
      note: string | null;
    }) {
      const [r] = await db
        .update(t)
        .set({ status, decidedBy: actor.id, decidedByName: actor.name, decidedAt: new Date(), decisionNote: note })
        .where(and(eq(t.id, id), eq(t.status, 'pending')))
        .returning();
      return r;
    },
    async list({
      scope,
      decide,
      where,
      page,
      pageSize,
    }: {
      scope: SQL;
      decide: SQL;
      where: (SQL | undefined)[];
      page: number;
      pageSize: number;
    }) {
      const cond = and(scope, ...where);
      const [{ n }] = (await db.select({ n: count() }).from(t).where(cond)) as [{ n: number }];
      const rows = await db
        .select({ row: t, canDecide: sql<boolean>`${decide}` })
        .from(t)
        .where(cond)
        .orderBy(desc(t.proposedAt), desc(t.id))
        .limit(pageSize)
        .offset((page - 1) * pageSize);
      return { rows, total: Number(n) };
    },
  };
}
