import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../platform/access.ts';
import { accountLocked } from './auth.errors.ts';
import { createAuthRepository } from './auth.repository.ts';
import { createAuthService } from './auth.service.ts';

/**
 * A person confirms an act with their password again (signing a record: 谁检查、谁签字、谁负责),
 * through the one password check sign-in and password change use (`checkPassword` in
 * auth.service.ts: attempts claimed atomically, the same lock). A locked account is refused
 * (`auth.account_locked`, with the field and when to retry); otherwise answers whether the password
 * was right, a wrong one having counted toward the lock.
 */
export async function confirmPassword(
  db: Db,
  config: Config,
  { actor, password, field = 'password' }: { actor: Actor & { id: string }; password: string; field?: string },
): Promise<boolean> {
  const repo = createAuthRepository({ db });
  const user = await repo.getUser({ id: actor.id });
  if (!user) return false;
  const checked = await createAuthService({ db, config }).checkPassword({ user, password, actor });
  if (checked === 'locked') {
    const lockedUntil = (await repo.getUser({ id: user.id }))?.lockedUntil ?? new Date();
    throw accountLocked({
      field,
      retryAfterSeconds: Math.max(1, Math.ceil((lockedUntil.getTime() - Date.now()) / 1000)),
    });
  }
  return checked === 'ok';
}
