import type { FastifyInstance } from 'fastify';
import type { AuthService } from '../modules/auth/auth.service.ts';
import { SESSION_COOKIE } from '../modules/auth/auth.routes.ts';
import { can } from './access.ts';
import { passwordChangeRequired } from '../modules/auth/auth.errors.ts';
import { forbidden, unauthenticated } from './errors.ts';

/** What a user who must change the password may still do: see who they are, change it, or sign out. */
const PASSWORD_CHANGE_ROUTES = new Set([
  'GET /api/v1/auth/me',
  'POST /api/v1/auth/password',
  'POST /api/v1/auth/logout',
]);

/**
 * Resolves the actor of every request (session cookie, or `Authorization: Bearer` for machine
 * clients) and enforces the route's declared rule before the handler runs.
 */
export function registerAuthHook(app: FastifyInstance, auth: AuthService) {
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionId', null);

  // onRequest, so an anonymous caller is refused before its body is parsed or validated.
  app.addHook('onRequest', async (req) => {
    if (req.is404) return;
    const rule = req.routeOptions.config.permission;
    if (rule === 'public') return;
    const ctx = { ip: req.ip, requestId: String(req.id) };
    const bearer = req.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (bearer) {
      req.actor = await auth.actorFromMachineToken(bearer, ctx);
    } else {
      const token = req.cookies[SESSION_COOKIE];
      if (token) {
        const found = await auth.actorFromSession(token, ctx);
        if (found) {
          req.actor = found.actor;
          req.sessionId = found.sessionId;
          // A first or reset password is the administrator's: nothing else until the user has chosen their own.
          if (found.mustChangePassword && !PASSWORD_CHANGE_ROUTES.has(`${req.method} ${req.routeOptions.url}`)) {
            throw passwordChangeRequired();
          }
        }
      }
    }
    if (!rule) throw forbidden({ reason: 'route_without_rule' });
    if (!req.actor) throw unauthenticated();
    if (rule !== 'authenticated' && !can(req.actor, rule)) throw forbidden({ permission: rule });
  });
}
