import type { RananLimits } from '../../../domain/hazards/limits.ts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { actorOf } from '../../platform/route-types.ts';
import { IdParams } from '../../platform/schemas.ts';
import {
  CreateLicenceBody,
  ExpiringLicencesQuery,
  LicenceDetailResponse,
  LicenceHistoryResponse,
  LicenceListResponse,
  LicenceResponse,
  LicenceStatusBody,
  ListLicencesQuery,
  UpdateLicenceBody,
} from './licences.schemas.ts';
import { createLicencesService } from './licences.service.ts';

export const licencesRoutes: FastifyPluginAsyncZod<{
  db: Db;
  /** The limits in force (规则参数), read at each use. */
  limits?: Pick<RananLimits, 'licenceExpiryWarningDays'>;
}> = async (app, { db, limits }) => {
  const licences = createLicencesService({ db, limits });
  const tags = ['registry'];

  app.get(
    '/api/v1/licences',
    {
      config: { permission: 'registry.read' },
      schema: { tags, querystring: ListLicencesQuery, response: { 200: LicenceListResponse } },
    },
    (req) => licences.list({ actor: actorOf(req), ...req.query }),
  );

  app.get(
    '/api/v1/licences/expiring',
    {
      config: { permission: 'registry.read' },
      schema: { tags, querystring: ExpiringLicencesQuery, response: { 200: LicenceListResponse } },
    },
    (req) => licences.expiring({ actor: actorOf(req), ...req.query }),
  );

  app.get(
    '/api/v1/licences/:id',
    {
      config: { permission: 'registry.read' },
      schema: { tags, params: IdParams, response: { 200: LicenceDetailResponse } },
    },
    (req) => licences.get({ actor: actorOf(req), id: req.params.id }),
  );

  app.get(
    '/api/v1/licences/:id/history',
    {
      config: { permission: 'registry.read' },
      schema: { tags, params: IdParams, response: { 200: LicenceHistoryResponse } },
    },
    (req) => licences.history({ actor: actorOf(req), id: req.params.id }),
  );

  app.get(
    '/api/v1/enterprises/:id/licences',
    {
      config: { permission: 'registry.read' },
      schema: { tags, params: IdParams, response: { 200: z.array(LicenceResponse) } },
    },
    (req) => licences.ofEnterprise({ actor: actorOf(req), enterpriseId: req.params.id }),
  );

  app.post(
    '/api/v1/enterprises/:id/licences',
    {
      config: { permission: 'registry.manage' },
      schema: { tags, params: IdParams, body: CreateLicenceBody, response: { 201: LicenceDetailResponse } },
    },
    async (req, reply) =>
      reply.status(201).send(await licences.create({ actor: actorOf(req), enterpriseId: req.params.id, ...req.body })),
  );

  app.patch(
    '/api/v1/licences/:id',
    {
      config: { permission: 'registry.manage' },
      schema: { tags, params: IdParams, body: UpdateLicenceBody, response: { 200: LicenceDetailResponse } },
    },
    (req) => licences.update({ actor: actorOf(req), id: req.params.id, ...req.body }),
  );

  for (const action of ['suspend', 'revoke', 'reinstate'] as const) {
    app.post(
      `/api/v1/licences/:id/${action}`,
      {
        config: { permission: 'registry.manage' },
        schema: { tags, params: IdParams, body: LicenceStatusBody, response: { 200: LicenceDetailResponse } },
      },
      (req) => licences.changeStatus({ actor: actorOf(req), id: req.params.id, action, reason: req.body.reason }),
    );
  }

  app.post(
    '/api/v1/licences/:id/archive',
    {
      config: { permission: 'registry.manage' },
      schema: { tags, params: IdParams, response: { 200: LicenceDetailResponse } },
    },
    (req) => licences.archive({ actor: actorOf(req), id: req.params.id }),
  );
};
