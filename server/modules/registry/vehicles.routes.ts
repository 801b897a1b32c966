import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/client.ts';
import { actorOf } from '../../platform/route-types.ts';
import { IdParams } from '../../platform/schemas.ts';
import {
  BindVehicleBody,
  CreateVehicleBody,
  ListVehiclesQuery,
  UpdateVehicleBody,
  VehicleDetailResponse,
  VehicleListResponse,
} from './vehicles.schemas.ts';
import { createVehiclesService } from './vehicles.service.ts';

/** Vehicles and the worker–vehicle binding (人车对应): /api/v1/vehicles. */
export const vehiclesRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const vehicles = createVehiclesService({ db });
  const tags = ['registry'];

  app.get(
    '/api/v1/vehicles',
    {
      config: { permission: 'registry.read' },
      schema: { tags, querystring: ListVehiclesQuery, response: { 200: VehicleListResponse } },
    },
    (req) => vehicles.list({ actor: actorOf(req), ...req.query }),
  );

  app.get(
    '/api/v1/vehicles/:id',
    {
      config: { permission: 'registry.read' },
      schema: { tags, params: IdParams, response: { 200: VehicleDetailResponse } },
    },
    (req) => vehicles.get({ actor: actorOf(req), id: req.params.id }),
  );

  app.post(
    '/api/v1/vehicles',
    {
      config: { permission: 'registry.manage' },
      schema: { tags, body: CreateVehicleBody, response: { 201: VehicleDetailResponse } },
    },
    async (req, reply) => reply.status(201).send(await vehicles.create({ actor: actorOf(req), ...req.body })),
  );

  app.patch(
    '/api/v1/vehicles/:id',
    {
      config: { permission: 'registry.manage' },
      schema: { tags, params: IdParams, body: UpdateVehicleBody, response: { 200: VehicleDetailResponse } },
    },
    (req) => vehicles.update({ actor: actorOf(req), id: req.params.id, ...req.body }),
  );

  app.post(
    '/api/v1/vehicles/:id/archive',
    {
      config: { permission: 'registry.manage' },
      schema: { tags, params: IdParams, response: { 200: VehicleDetailResponse } },
    },
    (req) => vehicles.archive({ actor: actorOf(req), id: req.params.id }),
  );

  app.post(
    '/api/v1/vehicles/:id/bind',
    {
      config: { permission: 'registry.manage' },
      schema: { tags, params: IdParams, body: BindVehicleBody, response: { 200: VehicleDetailResponse } },
    },
    (req) => vehicles.bind({ actor: actorOf(req), id: req.params.id, ...req.body }),
  );

  app.post(
    '/api/v1/vehicles/:id/unbind',
    {
      config: { permission: 'registry.manage' },
      schema: { tags, params: IdParams, response: { 200: VehicleDetailResponse } },
    },
    (req) => vehicles.unbind({ actor: actorOf(req), id: req.params.id }),
  );
};
