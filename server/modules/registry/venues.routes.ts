import type { RananLimits } from '../../../domain/hazards/limits.ts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/client.ts';
import { actorOf } from '../../platform/route-types.ts';
import { IdParams } from '../../platform/schemas.ts';
import {
  CreateVenueBody,
  ListVenuesQuery,
  SuspendSupplyBody,
  UpdateVenueBody,
  VenueListResponse,
  VenueResponse,
} from './venues.schemas.ts';
import { createVenuesService } from './venues.service.ts';

/** Venues and gas users: /api/v1/venues. */
export const venuesRoutes: FastifyPluginAsyncZod<{
  db: Db;
  limits?: Pick<RananLimits, 'cylinderRoomThresholdKg'>;
}> = async (app, { db, limits }) => {
  const venues = createVenuesService({ db, limits });
  const tags = ['venues'];

  app.get(
    '/api/v1/venues',
    {
      config: { permission: 'registry.read' },
      schema: { tags, querystring: ListVenuesQuery, response: { 200: VenueListResponse } },
    },
    (req) => venues.list({ actor: actorOf(req), query: req.query }),
  );

  app.get(
    '/api/v1/venues/:id',
    { config: { permission: 'registry.read' }, schema: { tags, params: IdParams, response: { 200: VenueResponse } } },
    (req) => venues.get({ actor: actorOf(req), id: req.params.id }),
  );

  app.post(
    '/api/v1/venues',
    {
      config: { permission: 'registry.manage' },
      schema: { tags, body: CreateVenueBody, response: { 201: VenueResponse } },
    },
    async (req, reply) => reply.status(201).send(await venues.create({ actor: actorOf(req), input: req.body })),
  );

  app.patch(
    '/api/v1/venues/:id',
    {
      config: { permission: 'registry.manage' },
      schema: { tags, params: IdParams, body: UpdateVenueBody, response: { 200: VenueResponse } },
    },
    (req) => venues.update({ actor: actorOf(req), id: req.params.id, changes: req.body }),
  );

  app.post(
    '/api/v1/venues/:id/archive',
    { config: { permission: 'registry.manage' }, schema: { tags, params: IdParams, response: { 200: VenueResponse } } },
    (req) => venues.archive({ actor: actorOf(req), id: req.params.id }),
  );

  app.post(
    '/api/v1/venues/:id/suspend-supply',
    {
      config: { permission: 'registry.manage' },
      schema: { tags, params: IdParams, body: SuspendSupplyBody, response: { 200: VenueResponse } },
    },
    (req) => venues.suspendSupply({ actor: actorOf(req), id: req.params.id, reason: req.body.reason }),
  );

  // POST /api/v1/venues/:id/resume-supply is the hazards module's: it is gated on the venue's hazards (issue 10, 11).
};
