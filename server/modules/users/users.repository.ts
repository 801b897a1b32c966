import { type SQL, and, count, desc, eq, ilike, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { departmentsTable, regionsTable } from '../organisation/organisation.table.ts';
import { enterprisesTable, venuesTable } from '../registry/registry.table.ts';
import { grantsTable, usersTable } from './users.table.ts';

export function createUsersRepository({ db }: { db: Db }) {
  return {
    async list({
      scope,
      q,
      status,
      limit,
      offset,
    }: {
      scope: SQL;
      q?: string;
      status?: 'active' | 'disabled';
      limit: number;
      offset: number;
    }) {
      const where = and(
        scope,
        status ? eq(usersTable.status, status) : undefined,
        q
          ? or(
              ilike(usersTable.username, `%${q}%`),
              ilike(usersTable.displayName, `%${q}%`),
              ilike(usersTable.phone, `%${q}%`),
            )
          : undefined,
      );
      const [rows, [total]] = await Promise.all([
        db
          .select()
          .from(usersTable)
          .where(where)
          .orderBy(desc(usersTable.createdAt), usersTable.username)
          .limit(limit)
          .offset(offset),
        db.select({ n: count() }).from(usersTable).where(where),
      ]);
      return { rows, total: total?.n ?? 0 };
    },

    async count({ scope }: { scope: SQL }) {
      const [row] = await db.select({ n: count() }).from(usersTable).where(scope);
      return row?.n ?? 0;
    },

    async get({ id, scope }: { id: string; scope?: SQL }) {
      const [row] = await db
        .select()
        .from(usersTable)
        .where(and(eq(usersTable.id, id), scope));
      return row;
    },

    async usernameExists({ username }: { username: string }) {
      const [row] = await db
        .select({ id: usersTable.id })
        .from(usersTable)
        .where(eq(sql`lower(${usersTable.username})`, username.toLowerCase()));
      return Boolean(row);
    },

    async insert(values: typeof usersTable.$inferInsert) {
      const [row] = await db.insert(usersTable).values(values).returning();
      return row!;
    },

    async update({ id, ...values }: { id: string } & Partial<typeof usersTable.$inferInsert>) {
      const [row] = await db
        .update(usersTable)
        .set({ ...values, updatedAt: new Date() })
        .where(eq(usersTable.id, id))
        .returning();
      return row!;
    },

    async replaceGrants({
      userId,
      grants,
    }: {
      userId: string;
      grants: Omit<typeof grantsTable.$inferInsert, 'userId'>[];
    }) {
      await db.delete(grantsTable).where(eq(grantsTable.userId, userId));
      if (grants.length) await db.insert(grantsTable).values(grants.map((g) => ({ ...g, userId })));
    },

    async regionsByIds({ ids }: { ids: string[] }) {
      if (ids.length === 0) return [];
      return db
        .select({ id: regionsTable.id, path: regionsTable.path })
        .from(regionsTable)
        .where(inArray(regionsTable.id, ids));
    },

    async departmentsByIds({ ids }: { ids: string[] }) {
      if (ids.length === 0) return [];
      return db
        .select({ id: departmentsTable.id, path: regionsTable.path })
        .from(departmentsTable)
        .innerJoin(regionsTable, eq(regionsTable.id, departmentsTable.regionId))
        .where(inArray(departmentsTable.id, ids));
    },

    /** Registered (not archived) enterprises with their region's path, for grants. */
    async enterprisesByIds({ ids }: { ids: string[] }) {
      if (ids.length === 0) return [];
      return db
        .select({ id: enterprisesTable.id, path: regionsTable.path })
        .from(enterprisesTable)
        .innerJoin(regionsTable, eq(regionsTable.id, enterprisesTable.regionId))
        .where(and(inArray(enterprisesTable.id, ids), isNull(enterprisesTable.archivedAt)));
    },

    /** Registered (not archived) venues with their region's path, for grants. */
    async venuesByIds({ ids }: { ids: string[] }) {
      if (ids.length === 0) return [];
      return db
        .select({ id: venuesTable.id, path: regionsTable.path })
        .from(venuesTable)
        .innerJoin(regionsTable, eq(regionsTable.id, venuesTable.regionId))
        .where(and(inArray(venuesTable.id, ids), isNull(venuesTable.archivedAt)));
    },
  };
}

/**
 * Users visible within region subtrees: those holding at least one grant whose region (or whose
 * department's county, or whose enterprise's or venue's region) lies in one of the paths.
 */
export function usersInPaths(paths: string[] | 'all'): SQL {
  if (paths === 'all') return sql`true`;
  if (paths.length === 0) return sql`false`;
  const conds = sql.join(
    paths.map(
      (p) => sql`coalesce(r.path, dr.path, er.path, vr.path) like ${`${p.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`,
    ),
    sql` or `,
  );
  return sql`exists (${grantPaths} where g.user_id = ${usersTable.id} and (${conds}))`;
}

/** Each grant with the region path it covers (null for a global grant). */
const grantPaths = sql`select 1 from ${grantsTable} g
    left join ${regionsTable} r on r.id = g.region_id
    left join ${departmentsTable} d on d.id = g.department_id
    left join ${regionsTable} dr on dr.id = d.region_id
    left join ${enterprisesTable} e on e.id = g.enterprise_id
    left join ${regionsTable} er on er.id = e.region_id
    left join ${venuesTable} v on v.id = g.venue_id
    left join ${regionsTable} vr on vr.id = v.region_id`;

/**
 * Users an administrator limited to region subtrees may manage (reset the password of, disable, regrant):
 * those with a grant in the paths and EVERY grant in them. One grant inside a township does not put a
 * county-wide or global user in the township's hands.
 */
export function usersWhollyInPaths(paths: string[] | 'all'): SQL {
  if (paths === 'all') return sql`true`;
  if (paths.length === 0) return sql`false`;
  const conds = sql.join(
    paths.map(
      (p) => sql`coalesce(r.path, dr.path, er.path, vr.path) like ${`${p.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`,
    ),
    sql` or `,
  );
  return sql`(${usersInPaths(paths)} and not exists (${grantPaths} where g.user_id = ${usersTable.id} and not coalesce(${conds}, false)))`;
}
