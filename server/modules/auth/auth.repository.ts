import { and, desc, eq, getTableColumns, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { ActorGrant } from '../../platform/access.ts';
import { departmentsTable, regionsTable } from '../organisation/organisation.table.ts';
import { enterprisesTable, facilitiesTable, venuesTable } from '../registry/registry.table.ts';
import { grantsTable, usersTable } from '../users/users.table.ts';
import { machineTokensTable, sessionsTable } from './auth.table.ts';
import type { RoleCode } from '../../../domain/access/roles.ts';

const deptRegions = sql`(select d.id as department_id, r.path from ${departmentsTable} d join ${regionsTable} r on r.id = d.region_id)`;

/** How stale a session's `last_seen_at` may get before a request moves it on. */
const SESSION_TOUCH_MS = 60_000;

/** A grant's columns with the region path it covers and the name of its scope (grantsOf and the one-statement reads). */
const grantColumns = {
  role: grantsTable.role,
  scopeType: grantsTable.scopeType,
  regionId: grantsTable.regionId,
  departmentId: grantsTable.departmentId,
  departmentCode: departmentsTable.code,
  enterpriseId: grantsTable.enterpriseId,
  venueId: grantsTable.venueId,
  regionPath: sql<string | null>`coalesce(${regionsTable.path}, dr.path)`,
  scopeName: sql<
    string | null
  >`coalesce(${regionsTable.name}, ${departmentsTable.name}, ${enterprisesTable.name}, ${venuesTable.name})`,
};

/** The grants of a user read joined to the user (one row per grant; a user without grants has one row of nulls). */
function grantRows(
  rows: {
    grantId: string | null;
    role: string | null;
    scopeType: ActorGrant['scopeType'] | null;
    regionId: string | null;
    departmentId: string | null;
    departmentCode: string | null;
    enterpriseId: string | null;
    venueId: string | null;
    regionPath: string | null;
    scopeName: string | null;
  }[],
) {
  return rows.flatMap(({ grantId, role, scopeType, ...rest }) =>
    grantId && role && scopeType ? [{ id: grantId, role: role as RoleCode, scopeType, ...rest }] : [],
  );
}

export function createAuthRepository({ db }: { db: Db }) {
  return {
    async findUserByUsername({ username }: { username: string }) {
      const [row] = await db
        .select()
        .from(usersTable)
        .where(eq(sql`lower(${usersTable.username})`, username.toLowerCase()));
      return row;
    },

    /**
     * Claims one password attempt in a single statement, before the password is checked: the counter
     * rises atomically, so concurrent guesses each take their own number and no more than the lock's
     * limit are ever checked. Answers the attempt's number, or null while the account is locked.
     */
    async claimPasswordAttempt({ id, now }: { id: string; now: Date }): Promise<number | null> {
      const [row] = await db
        .update(usersTable)
        .set({ failedLogins: sql`${usersTable.failedLogins} + 1` })
        .where(
          and(
            eq(usersTable.id, id),
            sql`(${usersTable.lockedUntil} is null or ${usersTable.lockedUntil} <= ${now.toISOString()}::timestamptz)`,
          ),
        )
        .returning({ failedLogins: usersTable.failedLogins });
      return row ? row.failedLogins : null;
    },

    /** After a right password: the count starts again (and a lock that has run out is cleared). */
    async clearPasswordAttempts({ id }: { id: string }) {
      await db.update(usersTable).set({ failedLogins: 0, lockedUntil: null }).where(eq(usersTable.id, id));
    },

    /** Locks the account until `until` and starts the count again. */
    async lockUser({ id, until }: { id: string; until: Date }) {
      await db.update(usersTable).set({ failedLogins: 0, lockedUntil: until }).where(eq(usersTable.id, id));
    },

    async getUser({ id }: { id: string }) {
      const [row] = await db.select().from(usersTable).where(eq(usersTable.id, id));
      return row;
    },

    async updateUser({ id, ...values }: { id: string } & Partial<typeof usersTable.$inferInsert>) {
      const [row] = await db
        .update(usersTable)
        .set({ ...values, updatedAt: new Date() })
        .where(eq(usersTable.id, id))
        .returning();
      return row;
    },

    /** The grants of several users with the region path each covers (a department covers its county). */
    async grantsOf({ userIds }: { userIds: string[] }) {
      if (userIds.length === 0) return [];
      const rows = await db
        .select({ userId: grantsTable.userId, id: grantsTable.id, ...grantColumns })
        .from(grantsTable)
        .leftJoin(regionsTable, eq(regionsTable.id, grantsTable.regionId))
        .leftJoin(departmentsTable, eq(departmentsTable.id, grantsTable.departmentId))
        .leftJoin(enterprisesTable, eq(enterprisesTable.id, grantsTable.enterpriseId))
        .leftJoin(venuesTable, eq(venuesTable.id, grantsTable.venueId))
        .leftJoin(sql`${deptRegions} dr`, sql`dr.department_id = ${grantsTable.departmentId}`)
        .where(inArray(grantsTable.userId, userIds))
        .orderBy(grantsTable.createdAt);
      return rows.map((r) => ({ ...r, role: r.role as RoleCode }));
    },

    /**
     * A live session with its user and the user's grants, in one statement: the session check of every
     * request that misses the actor cache. The same statement moves `last_seen_at` on when it is more than
     * a minute old (a data-modifying WITH runs whether or not the select reads it). Null when the
     * session is unknown or expired.
     */
    async findSessionActor({ id, now }: { id: string; now: Date }) {
      const at = now.toISOString();
      const staleBefore = new Date(now.getTime() - SESSION_TOUCH_MS).toISOString();
      const touched = db.$with('touched', { id: sql<string>`id` }).as(
        sql`update ${sessionsTable} set last_seen_at = ${at}::timestamptz
            where id = ${id} and expires_at > ${at}::timestamptz and last_seen_at < ${staleBefore}::timestamptz
            returning id`,
      );
      const rows = await db
        .with(touched)
        .select({
          sessionId: sessionsTable.id,
          expiresAt: sessionsTable.expiresAt,
          userId: usersTable.id,
          displayName: usersTable.displayName,
          status: usersTable.status,
          mustChangePassword: usersTable.mustChangePassword,
          grantId: grantsTable.id,
          ...grantColumns,
        })
        .from(sessionsTable)
        .innerJoin(usersTable, eq(usersTable.id, sessionsTable.userId))
        .leftJoin(grantsTable, eq(grantsTable.userId, usersTable.id))
        .leftJoin(regionsTable, eq(regionsTable.id, grantsTable.regionId))
        .leftJoin(departmentsTable, eq(departmentsTable.id, grantsTable.departmentId))
        .leftJoin(enterprisesTable, eq(enterprisesTable.id, grantsTable.enterpriseId))
        .leftJoin(venuesTable, eq(venuesTable.id, grantsTable.venueId))
        .leftJoin(sql`${deptRegions} dr`, sql`dr.department_id = ${grantsTable.departmentId}`)
        .where(and(eq(sessionsTable.id, id), gt(sessionsTable.expiresAt, now)))
        .orderBy(grantsTable.createdAt);
      const first = rows[0];
      if (!first) return null;
      return {
        session: { id: first.sessionId, expiresAt: first.expiresAt },
        user: {
          id: first.userId,
          displayName: first.displayName,
          status: first.status,
          mustChangePassword: first.mustChangePassword,
        },
        grants: grantRows(rows),
      };
    },

    /** A user with their grants and the names of the scopes they cover, in one statement (`/auth/me`). */
    async findUserProfile({ id }: { id: string }) {
      const rows = await db
        .select({
          userId: usersTable.id,
          username: usersTable.username,
          displayName: usersTable.displayName,
          mustChangePassword: usersTable.mustChangePassword,
          grantId: grantsTable.id,
          ...grantColumns,
        })
        .from(usersTable)
        .leftJoin(grantsTable, eq(grantsTable.userId, usersTable.id))
        .leftJoin(regionsTable, eq(regionsTable.id, grantsTable.regionId))
        .leftJoin(departmentsTable, eq(departmentsTable.id, grantsTable.departmentId))
        .leftJoin(enterprisesTable, eq(enterprisesTable.id, grantsTable.enterpriseId))
        .leftJoin(venuesTable, eq(venuesTable.id, grantsTable.venueId))
        .leftJoin(sql`${deptRegions} dr`, sql`dr.department_id = ${grantsTable.departmentId}`)
        .where(eq(usersTable.id, id))
        .orderBy(grantsTable.createdAt);
      const first = rows[0];
      if (!first) return null;
      return {
        user: {
          id: first.userId,
          username: first.username,
          displayName: first.displayName,
          mustChangePassword: first.mustChangePassword,
        },
        grants: grantRows(rows),
      };
    },

    async createSession(values: typeof sessionsTable.$inferInsert) {
      await db.insert(sessionsTable).values(values);
    },

    async deleteSession({ id }: { id: string }) {
      await db.delete(sessionsTable).where(eq(sessionsTable.id, id));
    },

    async deleteSessionsOfUser({ userId, exceptId }: { userId: string; exceptId?: string }) {
      await db
        .delete(sessionsTable)
        .where(and(eq(sessionsTable.userId, userId), exceptId ? sql`${sessionsTable.id} <> ${exceptId}` : undefined));
    },

    async findMachineTokenByHash({ tokenHash }: { tokenHash: string }) {
      const [row] = await db
        .select({
          token: machineTokensTable,
          regionPath: sql<string | null>`coalesce(${regionsTable.path}, dr.path)`,
          departmentCode: departmentsTable.code,
        })
        .from(machineTokensTable)
        .leftJoin(regionsTable, eq(regionsTable.id, machineTokensTable.regionId))
        .leftJoin(departmentsTable, eq(departmentsTable.id, machineTokensTable.departmentId))
        .leftJoin(sql`${deptRegions} dr`, sql`dr.department_id = ${machineTokensTable.departmentId}`)
        .where(and(eq(machineTokensTable.tokenHash, tokenHash), isNull(machineTokensTable.revokedAt)));
      return row;
    },

    async touchMachineToken({ id, now }: { id: string; now: Date }) {
      await db.update(machineTokensTable).set({ lastUsedAt: now }).where(eq(machineTokensTable.id, id));
    },

    /** Every token, newest first, with the name of the enterprise or venue it is scoped to. */
    async listMachineTokens() {
      return db
        .select({
          ...getTableColumns(machineTokensTable),
          scopeName: sql<
            string | null
          >`coalesce(${enterprisesTable.name}, ${venuesTable.name}, ${facilitiesTable.name})`,
        })
        .from(machineTokensTable)
        .leftJoin(enterprisesTable, eq(enterprisesTable.id, machineTokensTable.enterpriseId))
        .leftJoin(venuesTable, eq(venuesTable.id, machineTokensTable.venueId))
        .leftJoin(facilitiesTable, eq(facilitiesTable.id, machineTokensTable.facilityId))
        .orderBy(desc(machineTokensTable.createdAt));
    },

    async getMachineToken({ id }: { id: string }) {
      const [row] = await db.select().from(machineTokensTable).where(eq(machineTokensTable.id, id));
      return row;
    },

    async insertMachineToken(values: typeof machineTokensTable.$inferInsert) {
      const [row] = await db.insert(machineTokensTable).values(values).returning();
      return row!;
    },

    async revokeMachineToken({ id, now }: { id: string; now: Date }) {
      const [row] = await db
        .update(machineTokensTable)
        .set({ revokedAt: now })
        .where(and(eq(machineTokensTable.id, id), isNull(machineTokensTable.revokedAt)))
        .returning();
      return row;
    },
  };
}

export type AuthRepository = ReturnType<typeof createAuthRepository>;

export function toActorGrants(
  rows: {
    role: RoleCode;
    scopeType: ActorGrant['scopeType'];
    regionId: string | null;
    departmentId: string | null;
    departmentCode: string | null;
    enterpriseId: string | null;
    venueId: string | null;
    regionPath: string | null;
  }[],
): ActorGrant[] {
  return rows.map((r) => ({
    role: r.role,
    scopeType: r.scopeType,
    regionId: r.regionId,
    regionPath: r.regionPath,
    departmentId: r.departmentId,
    departmentCode: r.departmentCode,
    enterpriseId: r.enterpriseId,
    venueId: r.venueId,
  }));
}
