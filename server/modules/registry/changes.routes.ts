import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/client.ts';
import { actorOf } from '../../platform/route-types.ts';
import { IdParams } from '../../platform/schemas.ts';
import {
  ChangeListResponse,
  ChangeResponse,
  DecideChangeBody,
  ListChangesQuery,
  ProposeChangeBody,
  RegionChoicesResponse,
  RejectChangeBody,
} from './changes.schemas.ts';
import { createRegistryChangesService } from './changes.service.ts';

/** Proposals of changes to the regulator's fields (issue 9.4): the party proposes, the regulator decides. */
export const registryChangesRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const changes = createRegistryChangesService({ db });
  const tags = ['registry'];

  app.get(
    '/api/v1/registry-changes',
    {
      config: { permission: 'registry.read' },
      schema: { tags, querystring: ListChangesQuery, response: { 200: ChangeListResponse } },
    },
    (req) => changes.list({ actor: actorOf(req), ...req.query }),
  );

  app.get(
    '/api/v1/registry-changes/regions',
    {
      config: { permission: 'registry.manage' },
      schema: { tags, response: { 200: RegionChoicesResponse } },
    },
    (req) => changes.regionChoices({ actor: actorOf(req) }),
  );

  app.get(
    '/api/v1/registry-changes/:id',
    {
      config: { permission: 'registry.read' },
      schema: { tags, params: IdParams, response: { 200: ChangeResponse } },
    },
    (req) => changes.get({ actor: actorOf(req), id: req.params.id }),
  );

  app.post(
    '/api/v1/registry-changes',
    {
      config: { permission: 'registry.manage' },
      schema: { tags, body: ProposeChangeBody, response: { 201: ChangeResponse } },
    },
    async (req, reply) => reply.status(201).send(await changes.propose({ actor: actorOf(req), input: req.body })),
  );

  app.post(
    '/api/v1/registry-changes/:id/approve',
    {
      config: { permission: 'registry.manage' },
      schema: { tags, params: IdParams, body: DecideChangeBody.nullish(), response: { 200: ChangeResponse } },
    },
    (req) => changes.approve({ actor: actorOf(req), id: req.params.id, note: req.body?.note }),
  );

  app.post(
    '/api/v1/registry-changes/:id/reject',
    {
      config: { permission: 'registry.manage' },
      schema: { tags, params: IdParams, body: RejectChangeBody, response: { 200: ChangeResponse } },
    },
    (req) => changes.reject({ actor: actorOf(req), id: req.params.id, note: req.body.note }),
  );

  app.post(
    '/api/v1/registry-changes/:id/withdraw',
    {
      config: { permission: 'registry.manage' },
      schema: { tags, params: IdParams, response: { 200: ChangeResponse } },
    },
    (req) => changes.withdraw({ actor: actorOf(req), id: req.params.id }),
  );
};
