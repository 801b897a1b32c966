import type { FastifyInstance } from 'fastify';
import { readingFromReplica } from '../db/read-routing.ts';

/** Set on the answer to a change: this browser's reads stay on the primary until the time it holds. */
export const PRIMARY_COOKIE = 'ranan_primary_until';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * With a read replica (DATABASE_READ_URL), the handler of a GET request reads from it: lists, details,
 * reports, exports, the dashboard. Authentication has run before (onRequest), on the primary, so a session
 * ended a moment ago is not read from a replica that has not seen the end yet. A browser that has just
 * changed something (any other method) gets a cookie that keeps its reads on the primary for
 * `pinSeconds`, so it sees its own change, whichever instance serves it (the cookie travels, not state).
 */
export function registerReadRouting(
  app: FastifyInstance,
  { enabled, pinSeconds, secure }: { enabled: boolean; pinSeconds: number; secure: boolean },
) {
  if (!enabled) return;
  app.addHook('preHandler', (req, _reply, done) => {
    const until = Number(req.cookies?.[PRIMARY_COOKIE]);
    if ((req.method === 'GET' || req.method === 'HEAD') && !(until > Date.now())) readingFromReplica(done);
    else done();
  });
  app.addHook('onSend', async (req, reply) => {
    if (SAFE.has(req.method) || pinSeconds === 0) return;
    reply.setCookie(PRIMARY_COOKIE, String(Date.now() + pinSeconds * 1000), {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      secure,
      maxAge: pinSeconds,
    });
  });
}
