import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { roleCodes, roles } from '../../../domain/access/roles.ts';
import { SESSION_COOKIE } from '../../platform/auth-hook.ts';
import { actorOf } from '../../platform/route-types.ts';
import { IdParams, NoContent } from '../../platform/schemas.ts';
import type { Services } from '../../services.ts';
import {
  ChangePasswordBody,
  IssueMachineTokenBody,
  IssuedMachineTokenResponse,
  LoginBody,
  MachineTokenResponse,
  MeResponse,
  RoleResponse,
} from './auth.schemas.ts';
import type { machineTokensTable } from './auth.table.ts';

// The cookie's name belongs to the platform's auth hook, which reads it on every request.
export { SESSION_COOKIE };

/** A token as the API shows it; `scopeName` names an enterprise or venue scope where the caller looked it up. */
function presentToken(t: typeof machineTokensTable.$inferSelect & { scopeName?: string | null }) {
  return {
    id: t.id,
    name: t.name,
    role: t.role,
    scopeType: t.scopeType,
    scopeId: t.regionId ?? t.departmentId ?? t.enterpriseId ?? t.venueId ?? t.facilityId,
    scopeName: t.scopeName ?? null,
    prefix: t.prefix,
    createdAt: t.createdAt.toISOString(),
    expiresAt: t.expiresAt?.toISOString() ?? null,
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
  };
}

export const authRoutes: FastifyPluginAsyncZod<{
  services: Services;
  cookieSecure: boolean;
  loginRateLimitPerMinute: number;
}> = async (app, { services, cookieSecure, loginRateLimitPerMinute }) => {
  const { auth } = services;
  const tags = ['auth'];

  app.post(
    '/api/v1/auth/login',
    {
      config: { permission: 'public', rateLimit: { max: loginRateLimitPerMinute, timeWindow: '1 minute' } },
      schema: { tags, body: LoginBody, response: { 200: MeResponse } },
    },
    async (req, reply) => {
      const session = await auth.login({
        ...req.body,
        ip: req.ip,
        userAgent: req.headers['user-agent'],
        requestId: String(req.id),
      });
      reply.setCookie(SESSION_COOKIE, session.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: cookieSecure,
        expires: session.expiresAt,
      });
      const found = await auth.actorFromSession(session.token, { ip: req.ip, requestId: String(req.id) });
      return auth.me({ actor: found!.actor });
    },
  );

  app.get(
    '/api/v1/auth/me',
    { config: { permission: 'authenticated' }, schema: { tags, response: { 200: MeResponse } } },
    (req) => auth.me({ actor: actorOf(req) }),
  );

  app.post(
    '/api/v1/auth/logout',
    { config: { permission: 'authenticated' }, schema: { tags, response: { 204: NoContent } } },
    async (req, reply) => {
      if (req.sessionId) await auth.logout({ actor: actorOf(req), sessionId: req.sessionId });
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/v1/auth/password',
    {
      config: { permission: 'authenticated' },
      schema: { tags, body: ChangePasswordBody, response: { 204: NoContent } },
    },
    async (req, reply) => {
      await auth.changePassword({ actor: actorOf(req), sessionId: req.sessionId ?? undefined, ...req.body });
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/v1/roles',
    { config: { permission: 'authenticated' }, schema: { tags, response: { 200: z.array(RoleResponse) } } },
    () =>
      roleCodes.map((code) => {
        const r = roles[code];
        return {
          code,
          label: r.label,
          scopeTypes: [...r.scopeTypes],
          machine: 'machine' in r,
          permissions: [...r.permissions],
        };
      }),
  );

  app.get(
    '/api/v1/machine-tokens',
    {
      config: { permission: 'machine_token.manage' },
      schema: { tags, response: { 200: z.array(MachineTokenResponse) } },
    },
    async (req) => (await auth.listMachineTokens({ actor: actorOf(req) })).map(presentToken),
  );

  app.post(
    '/api/v1/machine-tokens',
    {
      config: { permission: 'machine_token.manage' },
      schema: { tags, body: IssueMachineTokenBody, response: { 201: IssuedMachineTokenResponse } },
    },
    async (req, reply) => {
      const { expiresAt, ...rest } = req.body;
      const issued = await auth.issueMachineToken({
        actor: actorOf(req),
        ...rest,
        expiresAt: expiresAt ? new Date(expiresAt) : null,
      });
      return reply.status(201).send({ token: presentToken(issued.token), secret: issued.secret });
    },
  );

  app.post(
    '/api/v1/machine-tokens/:id/revoke',
    {
      config: { permission: 'machine_token.manage' },
      schema: { tags, params: IdParams, response: { 200: MachineTokenResponse } },
    },
    async (req) => presentToken(await auth.revokeMachineToken({ actor: actorOf(req), id: req.params.id })),
  );
};
