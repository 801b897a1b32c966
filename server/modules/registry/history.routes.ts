import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../platform/access.ts';
import { AuditEventResponse, queryAuditEvents } from '../../platform/audit/audit.routes.ts';
import { actorOf } from '../../platform/route-types.ts';
import { createEnterprisesService } from './enterprises.service.ts';
import { createFacilitiesService } from './facilities.service.ts';
import { createLicencesService } from './licences.service.ts';
import { createPeopleService } from './people.service.ts';
import { createPipelinesService } from './pipelines.service.ts';
import { createVehiclesService } from './vehicles.service.ts';
import { createVenuesService } from './venues.service.ts';

type Visible = (actor: Actor, id: string) => Promise<unknown>;

/**
 * The history of one registered object, for whoever may see the object: each kind's own `get`
 * decides (and answers its not_found for an object outside the caller's scope), so a township
 * officer reads the history of its township's objects without reading the whole audit trail.
 */
export const registryHistoryRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const kinds: Record<string, { subjectType: string; visible: Visible }> = {
    enterprises: {
      subjectType: 'enterprise',
      visible: (actor, id) => createEnterprisesService({ db }).get({ actor, id }),
    },
    licences: { subjectType: 'licence', visible: (actor, id) => createLicencesService({ db }).get({ actor, id }) },
    facilities: { subjectType: 'facility', visible: (actor, id) => createFacilitiesService({ db }).get({ actor, id }) },
    venues: { subjectType: 'venue', visible: (actor, id) => createVenuesService({ db }).get({ actor, id }) },
    'pipeline-segments': {
      subjectType: 'pipeline',
      visible: (actor, id) => createPipelinesService({ db }).get({ actor, id }),
    },
    people: { subjectType: 'person', visible: (actor, id) => createPeopleService({ db }).get({ actor, id }) },
    vehicles: { subjectType: 'vehicle', visible: (actor, id) => createVehiclesService({ db }).get({ actor, id }) },
  };

  app.get(
    '/api/v1/registry/:kind/:id/history',
    {
      config: { permission: 'registry.read' },
      schema: {
        tags: ['registry'],
        params: z.strictObject({ kind: z.enum(Object.keys(kinds) as [string, ...string[]]), id: z.uuid() }),
        querystring: z.strictObject({
          before: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: z.object({ items: z.array(AuditEventResponse), nextBefore: z.number().nullable() }) },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const kind = kinds[req.params.kind]!;
      await kind.visible(actor, req.params.id);
      return queryAuditEvents(db, { ...req.query, subjectType: kind.subjectType, subjectId: req.params.id });
    },
  );
};
