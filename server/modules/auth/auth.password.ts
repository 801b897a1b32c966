import { verify as argonVerify } from '@node-rs/argon2';
import { eq, sql } from 'drizzle-orm';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { usersTable } from '../users/users.table.ts';
import { accountLocked } from './auth.errors.ts';

/**
 * A person confirms an act with their password again (signing a record: 谁检查、谁签字、谁负责). The
 * one password check outside sign-in, with the same lockout: a locked account is refused
 * (`auth.account_locked`); a wrong password counts as a failed sign-in — counted in one statement,
 * so concurrent attempts cannot lose a count — and locks the account at the configured number of
 * failures, audited in the caller's terms; a right one clears the count. Answers whether the
 * password was right.
 */
export async function confirmPassword(
  db: Db,
  lockout: Config['loginLockout'],
  {
    actor,
    password,
    failure,
  }: {
    actor: Actor & { id: string };
    password: string;
    /** The audit entry of a wrong password that does not lock (the lock itself is `user.lock`). */
    failure: {
      action: `${string}.${string}`;
      subject: { type: string; id: string };
      regionId?: string | null;
      details?: Record<string, unknown>;
    };
  },
): Promise<boolean> {
  const [user] = await db.select().from(usersTable).where(eq(usersTable.id, actor.id));
  if (!user) return false;
  const now = new Date();
  if (user.lockedUntil && user.lockedUntil > now) {
    throw accountLocked({ retryAfterSeconds: Math.ceil((user.lockedUntil.getTime() - now.getTime()) / 1000) });
  }
  if (await argonVerify(user.passwordHash, password).catch(() => false)) {
    if (user.failedLogins > 0)
      await db
        .update(usersTable)
        .set({ failedLogins: 0, lockedUntil: null, updatedAt: new Date() })
        .where(eq(usersTable.id, user.id));
    return true;
  }
  const lockUntil = new Date(now.getTime() + lockout.lockMinutes * 60_000);
  await db.transaction(async (tx) => {
    const [counted] = await tx
      .update(usersTable)
      .set({
        failedLogins: sql`case when ${usersTable.failedLogins} + 1 >= ${lockout.maxFailures} then 0 else ${usersTable.failedLogins} + 1 end`,
        lockedUntil: sql`case when ${usersTable.failedLogins} + 1 >= ${lockout.maxFailures} then ${lockUntil.toISOString()}::timestamptz else ${usersTable.lockedUntil} end`,
      })
      .where(eq(usersTable.id, user.id))
      .returning({ failedLogins: usersTable.failedLogins, lockedUntil: usersTable.lockedUntil });
    const locked = counted?.failedLogins === 0 && counted.lockedUntil !== null && counted.lockedUntil > now;
    const failures = locked ? lockout.maxFailures : (counted?.failedLogins ?? 0);
    await recordAudit(tx, {
      actor,
      action: locked ? 'user.lock' : failure.action,
      subject: locked ? { type: 'user', id: user.id } : failure.subject,
      regionId: failure.regionId ?? null,
      details: { failures, ...failure.details },
    });
  });
  return false;
}
