import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { AuthService } from '../modules/auth/auth.service.ts';
import { SESSION_COOKIE } from '../modules/auth/auth.routes.ts';
import type { Actor } from './access.ts';
import { can } from './access.ts';
import { passwordChangeRequired } from '../modules/auth/auth.errors.ts';
import { type CachedActor, type SecretKind, beginActorLoad, cachedActor, storeActor } from './actor-cache.ts';
import { forbidden, unauthenticated } from './errors.ts';

type Ctx = { ip: string; requestId: string };

/** What a user who must change the password may still do: see who they are, change it, or sign out. */
const PASSWORD_CHANGE_ROUTES = new Set([
  'GET /api/v1/auth/me',
  'POST /api/v1/auth/password',
  'POST /api/v1/auth/logout',
]);

/**
 * Resolves the actor of every request (session cookie, or `Authorization: Bearer` for machine
 * clients) and enforces the route's declared rule before the handler runs. A resolved actor is
 * reused for `actorCacheTtlMs` (platform/actor-cache.ts), so most requests read nothing to
 * authenticate; the use cases that change grants, passwords, users or sessions invalidate it.
 */
export function registerAuthHook(
  app: FastifyInstance,
  auth: AuthService,
  { actorCacheTtlMs }: { actorCacheTtlMs: number },
) {
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionId', null);

  async function resolve(
    kind: SecretKind,
    secret: string,
    ctx: Ctx,
    load: () => Promise<(CachedActor & { expiresAt: Date | null }) | null>,
  ): Promise<CachedActor | null> {
    // The same SHA-256 the sessions and machine tokens are stored under.
    const hash = createHash('sha256').update(secret).digest('hex');
    const hit = actorCacheTtlMs > 0 ? cachedActor(kind, hash) : undefined;
    if (hit) return { ...hit, actor: { ...hit.actor, ...ctx } };
    const mark = beginActorLoad();
    const found = await load();
    if (found) storeActor(kind, hash, found, { mark, ttlMs: actorCacheTtlMs });
    return found;
  }

  // onRequest, so an anonymous caller is refused before its body is parsed or validated.
  app.addHook('onRequest', async (req) => {
    if (req.is404) return;
    const rule = req.routeOptions.config.permission;
    if (rule === 'public') return;
    const ctx = { ip: req.ip, requestId: String(req.id) };
    const bearer = req.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    const token = bearer ? undefined : req.cookies[SESSION_COOKIE];
    const found = bearer
      ? await resolve('machine', bearer, ctx, async () => {
          const machine = await auth.actorFromMachineToken(bearer, ctx);
          return machine && { ...machine, sessionId: null, mustChangePassword: false };
        })
      : token
        ? await resolve('session', token, ctx, () => auth.actorFromSession(token, ctx))
        : null;
    if (found) {
      req.actor = found.actor;
      req.sessionId = found.sessionId;
      // A first or reset password is the administrator's: nothing else until the user has chosen their own.
      if (found.mustChangePassword && !PASSWORD_CHANGE_ROUTES.has(`${req.method} ${req.routeOptions.url}`)) {
        throw passwordChangeRequired();
      }
    }
    if (!rule) throw forbidden({ reason: 'route_without_rule' });
    if (!req.actor) throw unauthenticated();
    if (rule !== 'authenticated' && !can(req.actor, rule)) throw forbidden({ permission: rule });
  });
}
