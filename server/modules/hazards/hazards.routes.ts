import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { HazardLimits } from '../../../domain/hazards/limits.ts';
import type { Db } from '../../db/client.ts';
import { actorOf } from '../../platform/route-types.ts';
import { IdParams } from '../../platform/schemas.ts';
import {
  CreateHazardBody,
  HazardListResponse,
  HazardResponse,
  InterimControlBody,
  ListHazardsQuery,
  SendBackBody,
  StartRectificationBody,
  SubmitBody,
  SuspendSupplyBody,
  UpdateHazardBody,
  VerifyBody,
  ResumeSupplyBody,
  TreatmentPlanBody,
} from './hazards.schemas.ts';
import { VenueResponse } from '../registry/index.ts';
import { createHazardsService } from './hazards.service.ts';

/** The hazard ledger: /api/v1/hazards (the closed loop, the list). */
export const hazardLoopRoutes: FastifyPluginAsyncZod<{ db: Db; limits?: HazardLimits }> = async (
  app,
  { db, limits },
) => {
  const hazards = createHazardsService({ db, limits });
  const tags = ['hazards'];

  app.get(
    '/api/v1/hazards',
    {
      config: { permission: 'hazard.read' },
      schema: { tags, querystring: ListHazardsQuery, response: { 200: HazardListResponse } },
    },
    (req) => hazards.list({ actor: actorOf(req), query: req.query }),
  );

  app.post(
    '/api/v1/hazards',
    {
      config: { permission: 'hazard.manage' },
      schema: { tags, body: CreateHazardBody, response: { 201: HazardResponse } },
    },
    async (req, reply) => reply.status(201).send(await hazards.create({ actor: actorOf(req), input: req.body })),
  );

  app.get(
    '/api/v1/hazards/:id',
    { config: { permission: 'hazard.read' }, schema: { tags, params: IdParams, response: { 200: HazardResponse } } },
    (req) => hazards.get({ actor: actorOf(req), id: req.params.id }),
  );

  app.patch(
    '/api/v1/hazards/:id',
    {
      config: { permission: 'hazard.manage' },
      schema: { tags, params: IdParams, body: UpdateHazardBody, response: { 200: HazardResponse } },
    },
    (req) => hazards.update({ actor: actorOf(req), id: req.params.id, changes: req.body }),
  );

  // Transitions are sub-resources; who may send which is checked in the service (permission × scope × state).
  app.post(
    '/api/v1/hazards/:id/start-rectification',
    {
      config: { permission: 'authenticated' },
      schema: { tags, params: IdParams, body: StartRectificationBody, response: { 200: HazardResponse } },
    },
    (req) => hazards.startRectification({ actor: actorOf(req), id: req.params.id, note: req.body?.note }),
  );

  app.post(
    '/api/v1/hazards/:id/submit',
    {
      config: { permission: 'authenticated' },
      schema: { tags, params: IdParams, body: SubmitBody, response: { 200: HazardResponse } },
    },
    (req) => hazards.submit({ actor: actorOf(req), id: req.params.id, ...req.body }),
  );

  app.post(
    '/api/v1/hazards/:id/verify',
    {
      config: { permission: 'hazard.verify' },
      schema: { tags, params: IdParams, body: VerifyBody, response: { 200: HazardResponse } },
    },
    (req) => hazards.verify({ actor: actorOf(req), id: req.params.id, ...req.body }),
  );

  app.post(
    '/api/v1/hazards/:id/send-back',
    {
      config: { permission: 'hazard.verify' },
      schema: { tags, params: IdParams, body: SendBackBody, response: { 200: HazardResponse } },
    },
    (req) => hazards.sendBack({ actor: actorOf(req), id: req.params.id, reason: req.body.reason }),
  );

  app.post(
    '/api/v1/hazards/:id/interim-control',
    {
      config: { permission: 'authenticated' },
      schema: { tags, params: IdParams, body: InterimControlBody, response: { 200: HazardResponse } },
    },
    (req) => hazards.addInterimControl({ actor: actorOf(req), id: req.params.id, measure: req.body.measure }),
  );

  app.post(
    '/api/v1/hazards/:id/suspend-supply',
    {
      config: { permission: 'hazard.manage' },
      schema: { tags, params: IdParams, body: SuspendSupplyBody, response: { 200: HazardResponse } },
    },
    (req) => hazards.suspendSupply({ actor: actorOf(req), id: req.params.id, ...req.body }),
  );

  app.put(
    '/api/v1/hazards/:id/treatment-plan',
    {
      config: { permission: 'authenticated' },
      schema: { tags, params: IdParams, body: TreatmentPlanBody, response: { 200: HazardResponse } },
    },
    (req) => hazards.setTreatmentPlan({ actor: actorOf(req), id: req.params.id, plan: req.body }),
  );

  // 未整改完毕暂停供气 (plan 五(一)2): the venue's supply resumes only when the hazards that stopped it are closed.
  app.post(
    '/api/v1/venues/:id/resume-supply',
    {
      config: { permission: 'registry.manage' },
      schema: { tags: ['venues'], params: IdParams, body: ResumeSupplyBody, response: { 200: VenueResponse } },
    },
    (req) =>
      hazards.resumeSupply({ actor: actorOf(req), venueId: req.params.id, overrideReason: req.body?.overrideReason }),
  );
};
