import { type RoleCode, isRoleCode, roles } from '../../../domain/access/roles.ts';
import { passwordWeakness } from '../../../domain/access/password.ts';
import type { Db } from '../../db/client.ts';
import { type Actor, requirePermission } from '../../platform/access.ts';
import { invalidateActor } from '../../platform/actor-cache.ts';
import { publishActorChanged } from '../../platform/actor-changes.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { isUniqueViolation } from '../../platform/db-errors.ts';
import { createAuthRepository, hashPassword, weakPassword } from '../auth/index.ts';
import { cannotDisableSelf, invalidGrant, userNotFound, usernameTaken } from './users.errors.ts';
import { seesAll } from '../../platform/scope.ts';
import { grantTargetInScope, usersScope, usersWhollyInScope } from './users.access.ts';
import { createUsersRepository } from './users.repository.ts';
import type { usersTable } from './users.table.ts';

export type GrantInput = {
  role: string;
  scopeType: 'global' | 'region' | 'department' | 'enterprise' | 'venue';
  regionId?: string | null;
  departmentId?: string | null;
  enterpriseId?: string | null;
  venueId?: string | null;
};

type UserRow = typeof usersTable.$inferSelect;

export function createUsersService({ db }: { db: Db }) {
  const repo = createUsersRepository({ db });
  const auth = createAuthRepository({ db });

  const readScope = (actor: Actor) => usersScope(actor, 'user.read');
  const manageScope = (actor: Actor) => usersWhollyInScope(actor, 'user.manage');

  async function present(rows: UserRow[]) {
    const grants = await auth.grantsOf({ userIds: rows.map((r) => r.id) });
    return rows.map((u) => ({
      id: u.id,
      username: u.username,
      displayName: u.displayName,
      phone: u.phone,
      status: u.status,
      mustChangePassword: u.mustChangePassword,
      lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
      createdAt: u.createdAt.toISOString(),
      grants: grants
        .filter((g) => g.userId === u.id)
        .map((g) => ({
          id: g.id,
          role: g.role,
          scopeType: g.scopeType,
          scopeId: g.regionId ?? g.departmentId ?? g.enterpriseId ?? g.venueId,
          scopeName: g.scopeName,
        })),
    }));
  }

  /**
   * Grants must name a person role, a scope type the role allows, and a scope that exists; an
   * administrator limited to a region can only grant within it.
   */
  async function checkGrants(tx: Db, actor: Actor, grants: GrantInput[]) {
    const inScope = grantTargetInScope(actor);
    const regionIds = grants.filter((g) => g.scopeType === 'region').map((g) => g.regionId ?? '');
    const departmentIds = grants.filter((g) => g.scopeType === 'department').map((g) => g.departmentId ?? '');
    const r = createUsersRepository({ db: tx });
    const regions = new Map(
      (await r.regionsByIds({ ids: regionIds.filter(Boolean), inScope })).map((x) => [x.id, x.inScope]),
    );
    const departments = new Map(
      (await r.departmentsByIds({ ids: departmentIds.filter(Boolean), inScope })).map((x) => [x.id, x.inScope]),
    );
    const ids = (type: 'enterprise' | 'venue', key: 'enterpriseId' | 'venueId') =>
      grants.filter((g) => g.scopeType === type && g[key]).map((g) => g[key] as string);
    const enterprises = new Map(
      (await r.enterprisesByIds({ ids: ids('enterprise', 'enterpriseId'), inScope })).map((x) => [x.id, x.inScope]),
    );
    const venues = new Map(
      (await r.venuesByIds({ ids: ids('venue', 'venueId'), inScope })).map((x) => [x.id, x.inScope]),
    );
    return grants.map((g, index) => {
      const fail = (reason: string) => invalidGrant({ field: `grants.${index}`, reason });
      if (!isRoleCode(g.role) || 'machine' in roles[g.role]) throw fail('unknown_role');
      if (!(roles[g.role as RoleCode].scopeTypes as readonly string[]).includes(g.scopeType))
        throw fail('scope_type_not_allowed');
      const row = {
        role: g.role,
        scopeType: g.scopeType,
        regionId: null as string | null,
        departmentId: null as string | null,
        enterpriseId: null as string | null,
        venueId: null as string | null,
      };
      switch (g.scopeType) {
        case 'global':
          if (!seesAll(actor, 'user.manage')) throw fail('outside_your_scope');
          break;
        case 'region':
          if (!g.regionId || !regions.has(g.regionId)) throw fail('region_not_found');
          if (!regions.get(g.regionId)) throw fail('outside_your_scope');
          row.regionId = g.regionId;
          break;
        case 'department':
          if (!g.departmentId || !departments.has(g.departmentId)) throw fail('department_not_found');
          if (!departments.get(g.departmentId)) throw fail('outside_your_scope');
          row.departmentId = g.departmentId;
          break;
        case 'enterprise':
          // A registered enterprise; an administrator of a region may name those in it.
          if (!g.enterpriseId || !enterprises.has(g.enterpriseId)) throw fail('enterprise_not_found');
          if (!enterprises.get(g.enterpriseId)) throw fail('outside_your_scope');
          row.enterpriseId = g.enterpriseId;
          break;
        case 'venue':
          if (!g.venueId || !venues.has(g.venueId)) throw fail('venue_not_found');
          if (!venues.get(g.venueId)) throw fail('outside_your_scope');
          row.venueId = g.venueId;
          break;
      }
      return row;
    });
  }

  async function loadForManage(tx: Db, actor: Actor, id: string) {
    const user = await createUsersRepository({ db: tx }).get({ id, scope: manageScope(actor) });
    if (!user) throw userNotFound();
    return user;
  }

  return {
    /** How many users the actor can see (for the home page). */
    async countInScope({ actor }: { actor: Actor }) {
      requirePermission(actor, 'user.read');
      return repo.count({ scope: readScope(actor) });
    },

    async list({
      actor,
      q,
      status,
      page,
      pageSize,
    }: {
      actor: Actor;
      q?: string;
      status?: 'active' | 'disabled';
      page: number;
      pageSize: number;
    }) {
      requirePermission(actor, 'user.read');
      const { rows, total } = await repo.list({
        scope: readScope(actor),
        q,
        status,
        limit: pageSize,
        offset: (page - 1) * pageSize,
      });
      return { items: await present(rows), total };
    },

    async get({ actor, id }: { actor: Actor; id: string }) {
      requirePermission(actor, 'user.read');
      const row = await repo.get({ id, scope: readScope(actor) });
      if (!row) throw userNotFound();
      return (await present([row]))[0]!;
    },

    /** Creates an account with an initial password the user must change at first sign-in. */
    async create({
      actor,
      username,
      displayName,
      phone,
      password,
      grants,
      mustChangePassword = true,
    }: {
      actor: Actor;
      username: string;
      displayName: string;
      phone?: string | null;
      password: string;
      grants: GrantInput[];
      mustChangePassword?: boolean;
    }) {
      requirePermission(actor, 'user.manage');
      const weakness = passwordWeakness(password);
      if (weakness) throw weakPassword({ field: 'password', reason: weakness });
      const passwordHash = await hashPassword(password);
      const user = await db.transaction(async (tx) => {
        const r = createUsersRepository({ db: tx });
        if (await r.usernameExists({ username })) throw usernameTaken({ field: 'username' });
        const rows = await checkGrants(tx, actor, grants);
        let created: UserRow;
        try {
          created = await r.insert({ username, displayName, phone: phone ?? null, passwordHash, mustChangePassword });
        } catch (err) {
          if (isUniqueViolation(err)) throw usernameTaken({ field: 'username' });
          throw err;
        }
        await r.replaceGrants({ userId: created.id, grants: rows });
        await recordAudit(tx, {
          actor,
          action: 'user.create',
          subject: { type: 'user', id: created.id },
          after: { username, displayName, phone, grants: rows },
          details: { username, grants: rows.map((g) => g.role) },
        });
        return created;
      });
      return (await present([user]))[0]!;
    },

    async update({
      actor,
      id,
      displayName,
      phone,
      status,
    }: {
      actor: Actor;
      id: string;
      displayName?: string;
      phone?: string | null;
      status?: 'active' | 'disabled';
    }) {
      requirePermission(actor, 'user.manage');
      const user = await db.transaction(async (tx) => {
        const before = await loadForManage(tx, actor, id);
        if (status === 'disabled' && id === actor.id) throw cannotDisableSelf({ field: 'status' });
        const after = await createUsersRepository({ db: tx }).update({ id, displayName, phone, status });
        if (status === 'disabled') await createAuthRepository({ db: tx }).deleteSessionsOfUser({ userId: id });
        const changes = { displayName, phone, status };
        await recordAudit(tx, {
          actor,
          action:
            status && status !== before.status
              ? status === 'disabled'
                ? 'user.disable'
                : 'user.enable'
              : 'user.update',
          subject: { type: 'user', id },
          before: { displayName: before.displayName, phone: before.phone, status: before.status },
          after: { displayName: after.displayName, phone: after.phone, status: after.status },
          details: { fields: Object.keys(changes).filter((k) => changes[k as keyof typeof changes] !== undefined) },
        });
        await publishActorChanged(tx, { type: 'user', id });
        return after;
      });
      invalidateActor(id);
      return (await present([user]))[0]!;
    },

    async setGrants({ actor, id, grants }: { actor: Actor; id: string; grants: GrantInput[] }) {
      requirePermission(actor, 'user.manage');
      const user = await db.transaction(async (tx) => {
        const before = await loadForManage(tx, actor, id);
        const beforeGrants = await createAuthRepository({ db: tx }).grantsOf({ userIds: [id] });
        const rows = await checkGrants(tx, actor, grants);
        await createUsersRepository({ db: tx }).replaceGrants({ userId: id, grants: rows });
        await recordAudit(tx, {
          actor,
          action: 'user.set_grants',
          subject: { type: 'user', id },
          before: beforeGrants.map(({ role, scopeType, regionId, departmentId, enterpriseId, venueId }) => ({
            role,
            scopeType,
            regionId,
            departmentId,
            enterpriseId,
            venueId,
          })),
          after: rows,
          details: { roles: rows.map((g) => g.role) },
        });
        await publishActorChanged(tx, { type: 'user', id });
        return before;
      });
      invalidateActor(id);
      return (await present([user]))[0]!;
    },

    /** Sets a new initial password, ends the user's sessions and requires a change at next sign-in. */
    async resetPassword({ actor, id, password }: { actor: Actor; id: string; password: string }) {
      requirePermission(actor, 'user.manage');
      const weakness = passwordWeakness(password);
      if (weakness) throw weakPassword({ field: 'password', reason: weakness });
      const passwordHash = await hashPassword(password);
      await db.transaction(async (tx) => {
        await loadForManage(tx, actor, id);
        await createUsersRepository({ db: tx }).update({
          id,
          passwordHash,
          mustChangePassword: true,
          failedLogins: 0,
          lockedUntil: null,
        });
        await createAuthRepository({ db: tx }).deleteSessionsOfUser({ userId: id });
        await recordAudit(tx, { actor, action: 'user.reset_password', subject: { type: 'user', id } });
        await publishActorChanged(tx, { type: 'user', id });
      });
      invalidateActor(id);
    },
  };
}

export type UsersService = ReturnType<typeof createUsersService>;
