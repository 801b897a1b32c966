import { type SQL, and, count, desc, eq, ilike, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { departmentsTable, regionsTable } from '../organisation/organisation.table.ts';
import { enterprisesTable, venuesTable } from '../registry/registry.table.ts';
import { escapeLike } from '../../platform/sql.ts';
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
      const like = q ? `%${escapeLike(q)}%` : '';
      const where = and(
        scope,
        status ? eq(usersTable.status, status) : undefined,
        q
          ? or(ilike(usersTable.username, like), ilike(usersTable.displayName, like), ilike(usersTable.phone, like))
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

    async regionsByIds({ ids, inScope }: { ids: string[]; inScope: SQL }) {
      if (ids.length === 0) return [];
      return db
        .select({ id: regionsTable.id, inScope: sql<boolean>`${inScope}`.mapWith(Boolean) })
        .from(regionsTable)
        .where(inArray(regionsTable.id, ids));
    },

    async departmentsByIds({ ids, inScope }: { ids: string[]; inScope: SQL }) {
      if (ids.length === 0) return [];
      return db
        .select({ id: departmentsTable.id, inScope: sql<boolean>`${inScope}`.mapWith(Boolean) })
        .from(departmentsTable)
        .innerJoin(regionsTable, eq(regionsTable.id, departmentsTable.regionId))
        .where(inArray(departmentsTable.id, ids));
    },

    /** Registered (not archived) enterprises with their region's path, for grants. */
    async enterprisesByIds({ ids, inScope }: { ids: string[]; inScope: SQL }) {
      if (ids.length === 0) return [];
      return db
        .select({ id: enterprisesTable.id, inScope: sql<boolean>`${inScope}`.mapWith(Boolean) })
        .from(enterprisesTable)
        .innerJoin(regionsTable, eq(regionsTable.id, enterprisesTable.regionId))
        .where(and(inArray(enterprisesTable.id, ids), isNull(enterprisesTable.archivedAt)));
    },

    /** Registered (not archived) venues with their region's path, for grants. */
    async venuesByIds({ ids, inScope }: { ids: string[]; inScope: SQL }) {
      if (ids.length === 0) return [];
      return db
        .select({ id: venuesTable.id, inScope: sql<boolean>`${inScope}`.mapWith(Boolean) })
        .from(venuesTable)
        .innerJoin(regionsTable, eq(regionsTable.id, venuesTable.regionId))
        .where(and(inArray(venuesTable.id, ids), isNull(venuesTable.archivedAt)));
    },
  };
}
