import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../platform/access.ts';
import type { Ingest } from '../../platform/ingest/index.ts';
import { actorOf } from '../../platform/route-types.ts';
import { IdParams, NoContent } from '../../platform/schemas.ts';
import {
  AssignOrderBody,
  CancelOrderBody,
  CreateGasUserBody,
  CreateOrderBody,
  CreateZoneBody,
  DeliverBody,
  DoorCheckBody,
  FlagListResponse,
  FlagResponse,
  FlagToHazardBody,
  GasUserListResponse,
  GasUserResponse,
  ListFlagsQuery,
  ListGasUsersQuery,
  ListOrdersQuery,
  ListZonesQuery,
  LivePositionsQuery,
  LivePositionsResponse,
  OrderListResponse,
  OrderResponse,
  PositionsBody,
  PositionsResponse,
  PublicOperatorsResponse,
  PublicOrderBody,
  PublicOrderResponse,
  RatesQuery,
  RatesResponse,
  TrackQuery,
  TrackResponse,
  UpdateGasUserBody,
  UpdateZoneBody,
  VehiclesQuery,
  WorkersQuery,
  WorkersResponse,
  ZoneListResponse,
  ZoneResponse,
} from './delivery.schemas.ts';
import { ownTabularRoutes } from '../registry/index.ts';
import { GasUserFiltersQuery, gasUsersTabular } from './delivery.io.ts';
import { type CylinderHooks, createDeliveryService } from './delivery.service.ts';
import { createTrackingService } from './tracking.service.ts';

const publicPage: Actor = { type: 'system', id: null, name: 'public-order-page', grants: [], permissions: new Set() };

/** Positions arrive in batches of up to 5,000 rows. */
const POSITIONS_BODY_LIMIT = 2 * 1024 * 1024;

/** The bottled-gas delivery system (issue 12): /api/v1/delivery/… */
export const deliveryRoutes: FastifyPluginAsyncZod<{
  db: Db;
  config: Pick<Config, 'hazardLimits'>;
  ingest: Ingest;
  cylinders?: CylinderHooks;
}> = async (app, { db, config, ingest, cylinders }) => {
  const delivery = createDeliveryService({ db, limits: config.hazardLimits, cylinders });
  const tracking = createTrackingService({ db, ingest, limits: config.hazardLimits });
  const tags = ['delivery'];

  // ---- gas users ----
  app.get(
    '/api/v1/delivery/users',
    {
      config: { permission: 'delivery.read' },
      schema: { tags, querystring: ListGasUsersQuery, response: { 200: GasUserListResponse } },
    },
    (req) => delivery.listUsers({ actor: actorOf(req), query: req.query }),
  );
  app.post(
    '/api/v1/delivery/users',
    {
      config: { permission: 'delivery.manage' },
      schema: { tags, body: CreateGasUserBody, response: { 201: GasUserResponse } },
    },
    async (req, reply) => reply.status(201).send(await delivery.createUser({ actor: actorOf(req), input: req.body })),
  );
  app.get(
    '/api/v1/delivery/users/:id',
    { config: { permission: 'delivery.read' }, schema: { tags, params: IdParams, response: { 200: GasUserResponse } } },
    (req) => delivery.getUser({ actor: actorOf(req), id: req.params.id }),
  );
  app.patch(
    '/api/v1/delivery/users/:id',
    {
      config: { permission: 'delivery.manage' },
      schema: { tags, params: IdParams, body: UpdateGasUserBody, response: { 200: GasUserResponse } },
    },
    (req) => delivery.updateUser({ actor: actorOf(req), id: req.params.id, changes: req.body }),
  );

  // Gas users' import and export through the register's machinery (template, all-or-nothing or clean rows,
  // dry run); multipart is registered in this inner plugin only, so no other delivery route accepts uploads.
  const tabular = gasUsersTabular();
  // Template, import and export through the register's machinery (registry's ownTabularRoutes).
  await app.register(
    ownTabularRoutes({
      db,
      kind: tabular,
      base: '/api/v1/delivery/users',
      tags,
      manage: 'delivery.manage',
      read: 'delivery.read',
      filters: GasUserFiltersQuery,
      title: '瓶装燃气用户',
    }),
  );

  // ---- zones ----
  app.get(
    '/api/v1/delivery/zones',
    {
      config: { permission: 'delivery.read' },
      schema: { tags, querystring: ListZonesQuery, response: { 200: ZoneListResponse } },
    },
    (req) => delivery.listZones({ actor: actorOf(req), operatorId: req.query.operatorId }),
  );
  app.post(
    '/api/v1/delivery/zones',
    {
      config: { permission: 'delivery.manage' },
      schema: { tags, body: CreateZoneBody, response: { 201: ZoneResponse } },
    },
    async (req, reply) => reply.status(201).send(await delivery.createZone({ actor: actorOf(req), input: req.body })),
  );
  app.patch(
    '/api/v1/delivery/zones/:id',
    {
      config: { permission: 'delivery.manage' },
      schema: { tags, params: IdParams, body: UpdateZoneBody, response: { 200: ZoneResponse } },
    },
    (req) => delivery.updateZone({ actor: actorOf(req), id: req.params.id, changes: req.body }),
  );
  app.post(
    '/api/v1/delivery/zones/:id/archive',
    { config: { permission: 'delivery.manage' }, schema: { tags, params: IdParams, response: { 204: NoContent } } },
    async (req, reply) => {
      await delivery.archiveZone({ actor: actorOf(req), id: req.params.id });
      return reply.status(204).send();
    },
  );

  // ---- orders ----
  app.get(
    '/api/v1/delivery/orders',
    {
      config: { permission: 'delivery.read' },
      schema: { tags, querystring: ListOrdersQuery, response: { 200: OrderListResponse } },
    },
    (req) => delivery.listOrders({ actor: actorOf(req), query: req.query }),
  );
  app.post(
    '/api/v1/delivery/orders',
    {
      config: { permission: 'delivery.manage' },
      schema: { tags, body: CreateOrderBody, response: { 201: OrderResponse } },
    },
    async (req, reply) => reply.status(201).send(await delivery.createOrder({ actor: actorOf(req), input: req.body })),
  );
  app.get(
    '/api/v1/delivery/orders/:id',
    { config: { permission: 'delivery.read' }, schema: { tags, params: IdParams, response: { 200: OrderResponse } } },
    (req) => delivery.getOrder({ actor: actorOf(req), id: req.params.id }),
  );
  app.post(
    '/api/v1/delivery/orders/:id/assign',
    {
      config: { permission: 'delivery.manage' },
      schema: { tags, params: IdParams, body: AssignOrderBody, response: { 200: OrderResponse } },
    },
    (req) => delivery.assignOrder({ actor: actorOf(req), id: req.params.id, workerPersonId: req.body.workerPersonId }),
  );
  app.post(
    '/api/v1/delivery/orders/:id/cancel',
    {
      config: { permission: 'delivery.manage' },
      schema: { tags, params: IdParams, body: CancelOrderBody, response: { 200: OrderResponse } },
    },
    (req) => delivery.cancelOrder({ actor: actorOf(req), id: req.params.id, reason: req.body.reason }),
  );
  app.post(
    '/api/v1/delivery/orders/:id/deliver',
    {
      config: { permission: 'delivery.deliver' },
      schema: { tags, params: IdParams, body: DeliverBody, response: { 200: OrderResponse } },
    },
    (req) => delivery.deliver({ actor: actorOf(req), id: req.params.id, input: req.body }),
  );
  app.post(
    '/api/v1/delivery/orders/:id/check',
    {
      config: { permission: 'delivery.deliver' },
      schema: { tags, params: IdParams, body: DoorCheckBody, response: { 200: OrderResponse } },
    },
    (req) => delivery.check({ actor: actorOf(req), id: req.params.id, input: req.body }),
  );
  app.get(
    '/api/v1/delivery/workers',
    {
      config: { permission: 'delivery.read' },
      schema: { tags, querystring: WorkersQuery, response: { 200: WorkersResponse } },
    },
    (req) => delivery.workers({ actor: actorOf(req), operatorId: req.query.operatorId }),
  );
  app.get(
    '/api/v1/delivery/check-rates',
    {
      config: { permission: 'delivery.read' },
      schema: { tags, querystring: RatesQuery, response: { 200: RatesResponse } },
    },
    (req) => delivery.rates({ actor: actorOf(req), ...req.query }),
  );

  // ---- the public order page ----
  app.get(
    '/api/v1/delivery/public/operators',
    { config: { permission: 'public' }, schema: { tags, response: { 200: PublicOperatorsResponse } } },
    () => delivery.publicOperators(),
  );
  app.post(
    '/api/v1/delivery/public/orders',
    {
      config: { permission: 'public', rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: { tags, body: PublicOrderBody, response: { 201: PublicOrderResponse } },
    },
    async (req, reply) =>
      reply.status(201).send(
        await delivery.publicOrder({
          // The user is anonymous: the order is placed by the public page, its address and request on record.
          actor: { ...publicPage, ip: req.ip, requestId: String(req.id) },
          input: req.body,
        }),
      ),
  );

  // ---- tracking ----
  app.post(
    '/api/v1/delivery/positions',
    {
      config: { permission: 'delivery.position' },
      bodyLimit: POSITIONS_BODY_LIMIT,
      schema: { tags, body: PositionsBody, response: { 200: PositionsResponse } },
    },
    (req) => tracking.ingestPositions({ actor: actorOf(req), rows: req.body.rows }),
  );
  app.get(
    '/api/v1/delivery/my-vehicle',
    {
      config: { permission: 'delivery.position' },
      schema: {
        tags,
        response: {
          200: z
            .object({ vehicle: z.object({ id: z.string(), plate: z.string() }).nullable() })
            .meta({ id: 'DriverVehicle' }),
        },
      },
    },
    (req) => tracking.myVehicle({ actor: actorOf(req) }),
  );
  app.get(
    '/api/v1/delivery/vehicles',
    {
      config: { permission: 'delivery.read' },
      schema: {
        tags,
        querystring: VehiclesQuery,
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.string(),
                plate: z.string(),
                operatorId: z.string(),
                operatorName: z.string(),
                workerName: z.string().nullable(),
              }),
            ),
          }),
        },
      },
    },
    (req) => tracking.vehicles({ actor: actorOf(req), operatorId: req.query.operatorId }),
  );
  app.get(
    '/api/v1/delivery/live',
    {
      config: { permission: 'delivery.read' },
      schema: { tags, querystring: LivePositionsQuery, response: { 200: LivePositionsResponse } },
    },
    (req) => tracking.live({ actor: actorOf(req), operatorId: req.query.operatorId }),
  );
  app.get(
    '/api/v1/delivery/vehicles/:id/track',
    {
      config: { permission: 'delivery.read' },
      schema: { tags, params: IdParams, querystring: TrackQuery, response: { 200: TrackResponse } },
    },
    (req) => tracking.track({ actor: actorOf(req), vehicleId: req.params.id, day: req.query.day }),
  );
  app.get(
    '/api/v1/delivery/flags',
    {
      config: { permission: 'delivery.read' },
      schema: { tags, querystring: ListFlagsQuery, response: { 200: FlagListResponse } },
    },
    (req) => tracking.listFlags({ actor: actorOf(req), query: req.query }),
  );
  app.post(
    '/api/v1/delivery/flags/:id/hazard',
    {
      config: { permission: 'hazard.manage' },
      schema: { tags, params: IdParams, body: FlagToHazardBody, response: { 200: FlagResponse } },
    },
    (req) => tracking.flagToHazard({ actor: actorOf(req), id: req.params.id, description: req.body.description }),
  );
};
