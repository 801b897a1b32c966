import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { AuthService } from '../modules/auth/auth.service.ts';
import { SESSION_COOKIE } from '../modules/auth/auth.routes.ts';
import type { Actor } from './access.ts';
import { can } from './access.ts';
import { type SecretKind, beginActorLoad, cachedActor, storeActor } from './actor-cache.ts';
import { forbidden, unauthenticated } from './errors.ts';

type Ctx = { ip: string; requestId: string };

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
    load: () => Promise<{ actor: Actor; sessionId: string | null; expiresAt: Date | null } | null>,
  ): Promise<{ actor: Actor; sessionId: string | null } | null> {
    // The same SHA-256 the sessions and machine tokens are stored under.
    const hash = createHash('sha256').update(secret).digest('hex');
    const hit = actorCacheTtlMs > 0 ? cachedActor(kind, hash) : undefined;
    if (hit) return { actor: { ...hit.actor, ...ctx }, sessionId: hit.sessionId };
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
          return machine && { ...machine, sessionId: null };
        })
      : token
        ? await resolve('session', token, ctx, () => auth.actorFromSession(token, ctx))
        : null;
    if (found) {
      req.actor = found.actor;
      req.sessionId = found.sessionId;
    }
    if (!rule) throw forbidden({ reason: 'route_without_rule' });
    if (!req.actor) throw unauthenticated();
    if (rule !== 'authenticated' && !can(req.actor, rule)) throw forbidden({ permission: rule });
  });
}
