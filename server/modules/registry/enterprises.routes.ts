import type { RananLimits } from '../../../domain/hazards/limits.ts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/client.ts';
import { actorOf } from '../../platform/route-types.ts';
import { IdParams } from '../../platform/schemas.ts';
import {
  CreateEnterpriseBody,
  EnterpriseDetailResponse,
  EnterpriseListResponse,
  ListEnterprisesQuery,
  UpdateEnterpriseBody,
} from './enterprises.schemas.ts';
import { createEnterprisesService } from './enterprises.service.ts';

export const enterprisesRoutes: FastifyPluginAsyncZod<{
  db: Db;
  /** The limits in force (规则参数), read at each use. */
  limits?: Pick<RananLimits, 'licenceExpiryWarningDays'>;
}> = async (app, { db, limits }) => {
  const enterprises = createEnterprisesService({ db, limits });
  const tags = ['registry'];

  app.get(
    '/api/v1/enterprises',
    {
      config: { permission: 'registry.read' },
      schema: { tags, querystring: ListEnterprisesQuery, response: { 200: EnterpriseListResponse } },
    },
    (req) => enterprises.list({ actor: actorOf(req), ...req.query }),
  );

  app.get(
    '/api/v1/enterprises/:id',
    {
      config: { permission: 'registry.read' },
      schema: { tags, params: IdParams, response: { 200: EnterpriseDetailResponse } },
    },
    (req) => enterprises.get({ actor: actorOf(req), id: req.params.id }),
  );

  app.post(
    '/api/v1/enterprises',
    {
      config: { permission: 'registry.manage' },
      schema: { tags, body: CreateEnterpriseBody, response: { 201: EnterpriseDetailResponse } },
    },
    async (req, reply) => reply.status(201).send(await enterprises.create({ actor: actorOf(req), ...req.body })),
  );

  app.patch(
    '/api/v1/enterprises/:id',
    {
      config: { permission: 'registry.manage' },
      schema: { tags, params: IdParams, body: UpdateEnterpriseBody, response: { 200: EnterpriseDetailResponse } },
    },
    (req) => enterprises.update({ actor: actorOf(req), id: req.params.id, ...req.body }),
  );

  app.post(
    '/api/v1/enterprises/:id/archive',
    {
      config: { permission: 'registry.manage' },
      schema: { tags, params: IdParams, response: { 200: EnterpriseDetailResponse } },
    },
    (req) => enterprises.archive({ actor: actorOf(req), id: req.params.id }),
  );
};
