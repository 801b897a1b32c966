import { createHash, randomBytes } from 'node:crypto';
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import { type RoleCode, isRoleCode, roles } from '../../../domain/access/roles.ts';
import { passwordWeakness } from '../../../domain/access/password.ts';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { type Actor, buildActor, requirePermission } from '../../platform/access.ts';
import { invalidateActor, invalidateToken } from '../../platform/actor-cache.ts';
import { publishActorChanged } from '../../platform/actor-changes.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { isForeignKeyViolation } from '../../platform/db-errors.ts';
import { unauthenticated } from '../../platform/errors.ts';
import { scopeNotFound } from '../organisation/index.ts';
import {
  accountLocked,
  invalidCredentials,
  machineTokenInvalidRole,
  machineTokenNotFound,
  weakPassword,
  wrongCurrentPassword,
} from './auth.errors.ts';
import { createAuthRepository, toActorGrants } from './auth.repository.ts';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function hashPassword(password: string): Promise<string> {
  // @node-rs/argon2 defaults to argon2id.
  return argonHash(password);
}

// A real argon2id hash to verify against when the user does not exist, so timing does not tell.
let dummyHash: Promise<string> | undefined;

export type ScopeInput = {
  scopeType: 'global' | 'region' | 'department' | 'enterprise' | 'venue' | 'facility';
  regionId?: string | null;
  departmentId?: string | null;
  enterpriseId?: string | null;
  venueId?: string | null;
  facilityId?: string | null;
};

export function createAuthService({ db, config }: { db: Db; config: Config }) {
  const repo = createAuthRepository({ db });

  /**
   * Checks a user's password against the account lock (sign-in, password change, and anything else that
   * asks for the password again). Each attempt is claimed atomically before the hash is compared, so no
   * more than `maxFailures` guesses are ever checked per lock period, however many arrive at once; the
   * attempt that reaches the limit locks the account, and a right password starts the count again.
   * Failures and locks are audited in their own transaction (they must stay when the caller's fails).
   */
  async function checkPassword({
    user,
    password,
    actor,
  }: {
    user: { id: string; passwordHash: string };
    password: string;
    actor: Actor;
  }): Promise<'ok' | 'wrong' | 'locked'> {
    const now = new Date();
    const { maxFailures, lockMinutes } = config.loginLockout;
    const attempt = await repo.claimPasswordAttempt({ id: user.id, now });
    if (attempt === null) return 'locked';
    if (attempt > maxFailures) {
      // Guesses beyond the limit arrived while the one that reached it was still being checked (or that one
      // never finished): lock, so the account cannot stay refused without an end.
      await repo.lockUser({ id: user.id, until: new Date(now.getTime() + lockMinutes * 60_000) });
      return 'locked';
    }
    const ok = await argonVerify(user.passwordHash, password).catch(() => false);
    if (ok) {
      await repo.clearPasswordAttempts({ id: user.id });
      return 'ok';
    }
    const lock = attempt >= maxFailures;
    await db.transaction(async (tx) => {
      if (lock) {
        await createAuthRepository({ db: tx }).lockUser({
          id: user.id,
          until: new Date(now.getTime() + lockMinutes * 60_000),
        });
      }
      await recordAudit(tx, {
        actor,
        action: lock ? 'user.lock' : 'auth.login_failed',
        subject: { type: 'user', id: user.id },
        details: { failures: attempt },
      });
    });
    return lock ? 'locked' : 'wrong';
  }

  return {
    checkPassword,

    /**
     * Checks a password; on success opens a session and returns its token (to be set as a cookie).
     * An unknown user, a wrong password, a locked and a disabled account all answer the same
     * `auth.invalid_credentials`, so the answer does not tell whether an account exists.
     */
    async login({
      username,
      password,
      ip,
      userAgent,
      requestId,
    }: {
      username: string;
      password: string;
      ip?: string;
      userAgent?: string;
      requestId?: string;
    }) {
      const now = new Date();
      const user = await repo.findUserByUsername({ username });
      if (!user) {
        dummyHash ??= hashPassword('not-a-real-password-0');
        await argonVerify(await dummyHash, password).catch(() => false);
        throw invalidCredentials();
      }
      const actor = buildActor({ type: 'user', id: user.id, name: user.displayName, grants: [], ip, requestId });
      if (user.status !== 'active') {
        // Same work and same answer as a wrong password: a disabled account is not revealed either.
        await argonVerify(user.passwordHash, password).catch(() => false);
        throw invalidCredentials();
      }
      const checked = await checkPassword({ user, password, actor });
      if (checked !== 'ok') throw invalidCredentials();
      const token = randomBytes(32).toString('base64url');
      const expiresAt = new Date(now.getTime() + config.sessionTtlHours * 3_600_000);
      await db.transaction(async (tx) => {
        const r = createAuthRepository({ db: tx });
        await r.createSession({
          id: hashToken(token),
          userId: user.id,
          expiresAt,
          ip,
          userAgent: userAgent?.slice(0, 300),
        });
        await r.updateUser({ id: user.id, lastLoginAt: now });
        await recordAudit(tx, { actor, action: 'auth.login', subject: { type: 'user', id: user.id } });
      });
      return { token, expiresAt, userId: user.id };
    },

    /**
     * The actor behind a session cookie (and whether the user must change the password before anything
     * else), or null when the session is unknown, expired or the user disabled.
     */
    async actorFromSession(token: string, ctx: { ip?: string; requestId?: string }) {
      // One statement: the session, its user and the grants (and last_seen_at moved on when stale).
      const found = await repo.findSessionActor({ id: hashToken(token), now: new Date() });
      if (found?.user.status !== 'active') return null;
      const actor = buildActor({
        type: 'user',
        id: found.user.id,
        name: found.user.displayName,
        grants: toActorGrants(found.grants),
        ...ctx,
      });
      return {
        actor,
        mustChangePassword: found.user.mustChangePassword,
        sessionId: found.session.id,
        expiresAt: found.session.expiresAt,
      };
    },

    /** The actor behind a machine bearer token (and the token's expiry), or null when unknown, revoked or expired. */
    async actorFromMachineToken(
      token: string,
      ctx: { ip?: string; requestId?: string },
    ): Promise<{ actor: Actor; expiresAt: Date | null } | null> {
      const now = new Date();
      const found = await repo.findMachineTokenByHash({ tokenHash: hashToken(token) });
      if (!found) return null;
      const t = found.token;
      if (t.expiresAt && t.expiresAt <= now) return null;
      if (!isRoleCode(t.role)) return null;
      if (!t.lastUsedAt || now.getTime() - t.lastUsedAt.getTime() > 60_000)
        await repo.touchMachineToken({ id: t.id, now });
      const actor = buildActor({
        type: 'machine',
        id: t.id,
        name: t.name,
        grants: [
          {
            role: t.role,
            scopeType: t.scopeType,
            regionId: t.regionId,
            regionPath: found.regionPath,
            departmentId: t.departmentId,
            departmentCode: found.departmentCode,
            enterpriseId: t.enterpriseId,
            venueId: t.venueId,
            facilityId: t.facilityId,
          },
        ],
        ...ctx,
      });
      return { actor, expiresAt: t.expiresAt };
    },

    async logout({ actor, sessionId }: { actor: Actor; sessionId: string }) {
      await db.transaction(async (tx) => {
        await createAuthRepository({ db: tx }).deleteSession({ id: sessionId });
        await recordAudit(tx, { actor, action: 'auth.logout', subject: { type: 'user', id: actor.id } });
        if (actor.id) await publishActorChanged(tx, { type: 'user', id: actor.id });
      });
      invalidateToken(sessionId);
    },

    /** Changes the signed-in user's own password and ends their other sessions. */
    async changePassword({
      actor,
      sessionId,
      currentPassword,
      newPassword,
    }: {
      actor: Actor;
      sessionId?: string;
      currentPassword: string;
      newPassword: string;
    }) {
      const user = actor.id ? await repo.getUser({ id: actor.id }) : undefined;
      if (!user) throw invalidCredentials();
      // Wrong current passwords count toward the lock like sign-in failures: a stolen session cannot guess.
      const checked = await checkPassword({ user, password: currentPassword, actor });
      if (checked === 'locked') {
        const lockedUntil = (await repo.getUser({ id: user.id }))?.lockedUntil ?? new Date();
        const retryAfterSeconds = Math.max(1, Math.ceil((lockedUntil.getTime() - Date.now()) / 1000));
        throw accountLocked({ field: 'currentPassword', retryAfterSeconds });
      }
      if (checked === 'wrong') throw wrongCurrentPassword({ field: 'currentPassword' });
      const weakness = passwordWeakness(newPassword);
      if (weakness) throw weakPassword({ reason: weakness, field: 'newPassword' });
      const passwordHash = await hashPassword(newPassword);
      await db.transaction(async (tx) => {
        const r = createAuthRepository({ db: tx });
        await r.updateUser({ id: user.id, passwordHash, mustChangePassword: false });
        await r.deleteSessionsOfUser({ userId: user.id, exceptId: sessionId });
        await recordAudit(tx, { actor, action: 'user.change_password', subject: { type: 'user', id: user.id } });
        await publishActorChanged(tx, { type: 'user', id: user.id });
      });
      invalidateActor(user.id);
    },

    /** Profile of the signed-in user with roles and the permissions the UI may offer. */
    async me({ actor }: { actor: Actor }) {
      if (actor.type === 'machine') {
        return {
          user: {
            id: actor.id!,
            username: actor.name,
            displayName: actor.name,
            mustChangePassword: false,
            machine: true,
            roles: [],
            permissions: [...actor.permissions],
          },
        };
      }
      // One statement: the user and the grants with the names of their scopes.
      const found = await repo.findUserProfile({ id: actor.id! });
      if (!found) throw unauthenticated();
      const { user, grants } = found;
      return {
        user: {
          id: user.id,
          username: user.username,
          displayName: user.displayName,
          mustChangePassword: user.mustChangePassword,
          machine: false,
          roles: grants.map((g) => ({
            role: g.role,
            scopeType: g.scopeType,
            scopeId: g.regionId ?? g.departmentId ?? g.enterpriseId ?? g.venueId,
            scopeName: g.scopeName,
          })),
          permissions: [...actor.permissions].sort(),
        },
      };
    },

    async listMachineTokens({ actor }: { actor: Actor }) {
      requirePermission(actor, 'machine_token.manage');
      return repo.listMachineTokens();
    },

    /** Issues a token for a machine client; the secret is shown once and only its hash is kept. */
    async issueMachineToken({
      actor,
      name,
      role,
      expiresAt,
      ...scope
    }: { actor: Actor; name: string; role: string; expiresAt?: Date | null } & ScopeInput) {
      requirePermission(actor, 'machine_token.manage');
      if (!isRoleCode(role) || !('machine' in roles[role])) throw machineTokenInvalidRole({ field: 'role', role });
      const allowed = roles[role as RoleCode].scopeTypes as readonly string[];
      if (!allowed.includes(scope.scopeType)) throw machineTokenInvalidRole({ field: 'scopeType', allowed });
      const scopeId = {
        global: 'none',
        region: scope.regionId,
        department: scope.departmentId,
        enterprise: scope.enterpriseId,
        venue: scope.venueId,
        facility: scope.facilityId,
      }[scope.scopeType];
      if (!scopeId) throw scopeNotFound({ field: `${scope.scopeType}Id` });
      const prefix = randomBytes(4).toString('hex');
      const secret = `rnm_${prefix}_${randomBytes(24).toString('base64url')}`;
      return db.transaction(async (tx) => {
        const row = await createAuthRepository({ db: tx })
          .insertMachineToken({
            name,
            role,
            scopeType: scope.scopeType,
            regionId: scope.scopeType === 'region' ? scope.regionId! : null,
            departmentId: scope.scopeType === 'department' ? scope.departmentId! : null,
            enterpriseId: scope.scopeType === 'enterprise' ? scope.enterpriseId! : null,
            venueId: scope.scopeType === 'venue' ? scope.venueId! : null,
            facilityId: scope.scopeType === 'facility' ? scope.facilityId! : null,
            tokenHash: hashToken(secret),
            prefix,
            createdBy: actor.id,
            expiresAt: expiresAt ?? null,
          })
          .catch((err) => {
            if (isForeignKeyViolation(err)) throw scopeNotFound({ field: `${scope.scopeType}Id` });
            throw err;
          });
        await recordAudit(tx, {
          actor,
          action: 'machine_token.issue',
          subject: { type: 'machine_token', id: row.id },
          after: { name, role, scope },
        });
        return { token: row, secret };
      });
    },

    async revokeMachineToken({ actor, id }: { actor: Actor; id: string }) {
      requirePermission(actor, 'machine_token.manage');
      const revoked = await db.transaction(async (tx) => {
        const row = await createAuthRepository({ db: tx }).revokeMachineToken({ id, now: new Date() });
        if (!row) throw machineTokenNotFound();
        await recordAudit(tx, { actor, action: 'machine_token.revoke', subject: { type: 'machine_token', id } });
        await publishActorChanged(tx, { type: 'machine_token', id });
        return row;
      });
      invalidateActor(id);
      return revoked;
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
