import type { FastifyRequest } from 'fastify';
import type { Permission } from '../../domain/access/roles.ts';
import type { Actor } from './access.ts';
import { unauthenticated } from './errors.ts';

/**
 * Every route declares who may call it: 'public' (no sign-in), 'authenticated' (any signed-in
 * person or machine), or a permission. The auth hook enforces it; a test checks every route has one.
 */
export type RouteRule = 'public' | 'authenticated' | Permission;

declare module 'fastify' {
  interface FastifyContextConfig {
    permission?: RouteRule;
  }
  interface FastifyRequest {
    actor: Actor | null;
    sessionId: string | null;
  }
}

/** The signed-in actor of a request (the auth hook has already refused anonymous calls). */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw unauthenticated();
  return req.actor;
}
