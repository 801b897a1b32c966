import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/route-types.ts';
import { IdParams } from '../../platform/schemas.ts';
import type { Services } from '../../services.ts';
import {
  CampaignResponse,
  CreateRegionBody,
  DepartmentResponse,
  OverviewResponse,
  PlanTaskResponse,
  PlanTasksQuery,
  RegionResponse,
  UpdateCampaignBody,
  UpdateRegionBody,
} from './organisation.schemas.ts';

export const organisationRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const { organisation, users } = services;

  app.get(
    '/api/v1/overview',
    {
      config: { permission: 'overview.read' },
      schema: { tags: ['organisation'], response: { 200: OverviewResponse } },
    },
    (req) => {
      const actor = actorOf(req);
      return organisation.overview({ actor, usersInScope: () => users.countInScope({ actor }) });
    },
  );

  app.get(
    '/api/v1/plan/tasks',
    {
      config: { permission: 'organisation.read' },
      schema: { tags: ['organisation'], querystring: PlanTasksQuery, response: { 200: z.array(PlanTaskResponse) } },
    },
    (req) => organisation.listTasks({ actor: actorOf(req), section: req.query.section }),
  );

  app.get(
    '/api/v1/campaigns',
    {
      config: { permission: 'organisation.read' },
      schema: { tags: ['organisation'], response: { 200: z.array(CampaignResponse) } },
    },
    (req) => organisation.listCampaigns({ actor: actorOf(req) }),
  );

  app.patch(
    '/api/v1/campaigns/:id',
    {
      config: { permission: 'campaign.manage' },
      schema: {
        tags: ['organisation'],
        params: IdParams,
        body: UpdateCampaignBody,
        response: { 200: CampaignResponse },
      },
    },
    (req) => organisation.updateCampaign({ actor: actorOf(req), id: req.params.id, ...req.body }),
  );

  app.get(
    '/api/v1/departments',
    {
      config: { permission: 'organisation.read' },
      schema: { tags: ['organisation'], response: { 200: z.array(DepartmentResponse) } },
    },
    (req) => organisation.listDepartments({ actor: actorOf(req) }),
  );

  app.get(
    '/api/v1/regions',
    {
      config: { permission: 'organisation.read' },
      schema: {
        tags: ['organisation'],
        querystring: z.strictObject({ q: z.string().max(50).optional() }),
        response: { 200: z.array(RegionResponse) },
      },
    },
    (req) => organisation.listRegions({ actor: actorOf(req), q: req.query.q }),
  );

  app.get(
    '/api/v1/regions/:id',
    {
      config: { permission: 'organisation.read' },
      schema: { tags: ['organisation'], params: IdParams, response: { 200: RegionResponse } },
    },
    (req) => organisation.getRegion({ actor: actorOf(req), id: req.params.id }),
  );

  app.post(
    '/api/v1/regions',
    {
      config: { permission: 'region.manage' },
      schema: { tags: ['organisation'], body: CreateRegionBody, response: { 201: RegionResponse } },
    },
    async (req, reply) => reply.status(201).send(await organisation.createRegion({ actor: actorOf(req), ...req.body })),
  );

  app.patch(
    '/api/v1/regions/:id',
    {
      config: { permission: 'region.manage' },
      schema: { tags: ['organisation'], params: IdParams, body: UpdateRegionBody, response: { 200: RegionResponse } },
    },
    (req) => organisation.updateRegion({ actor: actorOf(req), id: req.params.id, ...req.body }),
  );

  app.post(
    '/api/v1/regions/:id/archive',
    {
      config: { permission: 'region.manage' },
      schema: { tags: ['organisation'], params: IdParams, response: { 200: RegionResponse } },
    },
    (req) => organisation.archiveRegion({ actor: actorOf(req), id: req.params.id }),
  );
};
