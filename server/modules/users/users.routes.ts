import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/route-types.ts';
import { IdParams, NoContent } from '../../platform/schemas.ts';
import type { Services } from '../../services.ts';
import {
  CreateUserBody,
  ListUsersQuery,
  ResetPasswordBody,
  SetGrantsBody,
  UpdateUserBody,
  UserListResponse,
  UserResponse,
} from './users.schemas.ts';

export const usersRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const { users } = services;
  const tags = ['users'];

  app.get(
    '/api/v1/users',
    {
      config: { permission: 'user.read' },
      schema: { tags, querystring: ListUsersQuery, response: { 200: UserListResponse } },
    },
    (req) => users.list({ actor: actorOf(req), ...req.query }),
  );

  app.get(
    '/api/v1/users/:id',
    { config: { permission: 'user.read' }, schema: { tags, params: IdParams, response: { 200: UserResponse } } },
    (req) => users.get({ actor: actorOf(req), id: req.params.id }),
  );

  app.post(
    '/api/v1/users',
    { config: { permission: 'user.manage' }, schema: { tags, body: CreateUserBody, response: { 201: UserResponse } } },
    async (req, reply) => reply.status(201).send(await users.create({ actor: actorOf(req), ...req.body })),
  );

  app.patch(
    '/api/v1/users/:id',
    {
      config: { permission: 'user.manage' },
      schema: { tags, params: IdParams, body: UpdateUserBody, response: { 200: UserResponse } },
    },
    (req) => users.update({ actor: actorOf(req), id: req.params.id, ...req.body }),
  );

  app.put(
    '/api/v1/users/:id/grants',
    {
      config: { permission: 'user.manage' },
      schema: { tags, params: IdParams, body: SetGrantsBody, response: { 200: UserResponse } },
    },
    (req) => users.setGrants({ actor: actorOf(req), id: req.params.id, grants: req.body.grants }),
  );

  app.post(
    '/api/v1/users/:id/reset-password',
    {
      config: { permission: 'user.manage' },
      schema: { tags, params: IdParams, body: ResetPasswordBody, response: { 204: NoContent } },
    },
    async (req, reply) => {
      await users.resetPassword({ actor: actorOf(req), id: req.params.id, password: req.body.password });
      return reply.status(204).send();
    },
  );
};
