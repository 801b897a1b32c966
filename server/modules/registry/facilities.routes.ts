import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/client.ts';
import { actorOf } from '../../platform/route-types.ts';
import { IdParams } from '../../platform/schemas.ts';
import {
  CreateFacilityBody,
  FacilityDetailResponse,
  FacilityListResponse,
  ListFacilitiesQuery,
  UpdateFacilityBody,
} from './facilities.schemas.ts';
import { createFacilitiesService } from './facilities.service.ts';

export const facilitiesRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const facilities = createFacilitiesService({ db });
  const tags = ['registry'];

  app.get(
    '/api/v1/facilities',
    {
      config: { permission: 'registry.read' },
      schema: { tags, querystring: ListFacilitiesQuery, response: { 200: FacilityListResponse } },
    },
    (req) => facilities.list({ actor: actorOf(req), ...req.query }),
  );

  app.get(
    '/api/v1/facilities/:id',
    {
      config: { permission: 'registry.read' },
      schema: { tags, params: IdParams, response: { 200: FacilityDetailResponse } },
    },
    (req) => facilities.get({ actor: actorOf(req), id: req.params.id }),
  );

  app.post(
    '/api/v1/facilities',
    {
      config: { permission: 'registry.manage' },
      schema: { tags, body: CreateFacilityBody, response: { 201: FacilityDetailResponse } },
    },
    async (req, reply) => reply.status(201).send(await facilities.create({ actor: actorOf(req), ...req.body })),
  );

  app.patch(
    '/api/v1/facilities/:id',
    {
      config: { permission: 'registry.manage' },
      schema: { tags, params: IdParams, body: UpdateFacilityBody, response: { 200: FacilityDetailResponse } },
    },
    (req) => facilities.update({ actor: actorOf(req), id: req.params.id, ...req.body }),
  );

  app.post(
    '/api/v1/facilities/:id/archive',
    {
      config: { permission: 'registry.manage' },
      schema: { tags, params: IdParams, response: { 200: FacilityDetailResponse } },
    },
    (req) => facilities.archive({ actor: actorOf(req), id: req.params.id }),
  );
};
