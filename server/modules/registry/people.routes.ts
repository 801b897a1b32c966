import type { RananLimits } from '../../../domain/hazards/limits.ts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/client.ts';
import { actorOf } from '../../platform/route-types.ts';
import { IdParams } from '../../platform/schemas.ts';
import {
  CreatePersonBody,
  CreateTrainingRecordBody,
  ListInspectorsQuery,
  ListPeopleQuery,
  PersonDetailResponse,
  PersonListResponse,
  TrainingRecordListResponse,
  TrainingRecordResponse,
  UpdatePersonBody,
} from './people.schemas.ts';
import { createPeopleService } from './people.service.ts';

/** People: inspectors and enterprise staff, with their training records (/api/v1/people). */
export const peopleRoutes: FastifyPluginAsyncZod<{
  db: Db;
  /** The limits in force (规则参数), read at each use. */
  limits?: Pick<RananLimits, 'trainingValidDays'>;
}> = async (app, { db, limits }) => {
  const people = createPeopleService({ db, limits });
  const tags = ['registry'];

  app.get(
    '/api/v1/people',
    {
      config: { permission: 'registry.read' },
      schema: { tags, querystring: ListPeopleQuery, response: { 200: PersonListResponse } },
    },
    (req) => people.list({ actor: actorOf(req), ...req.query }),
  );

  app.get(
    '/api/v1/people/inspectors',
    {
      config: { permission: 'registry.read' },
      schema: { tags, querystring: ListInspectorsQuery, response: { 200: PersonListResponse } },
    },
    (req) => people.listInspectors({ actor: actorOf(req), ...req.query }),
  );

  app.get(
    '/api/v1/people/:id',
    {
      config: { permission: 'registry.read' },
      schema: { tags, params: IdParams, response: { 200: PersonDetailResponse } },
    },
    (req) => people.get({ actor: actorOf(req), id: req.params.id }),
  );

  app.post(
    '/api/v1/people',
    {
      config: { permission: 'registry.manage' },
      schema: { tags, body: CreatePersonBody, response: { 201: PersonDetailResponse } },
    },
    async (req, reply) => reply.status(201).send(await people.create({ actor: actorOf(req), ...req.body })),
  );

  app.patch(
    '/api/v1/people/:id',
    {
      config: { permission: 'registry.manage' },
      schema: { tags, params: IdParams, body: UpdatePersonBody, response: { 200: PersonDetailResponse } },
    },
    (req) => people.update({ actor: actorOf(req), id: req.params.id, ...req.body }),
  );

  app.post(
    '/api/v1/people/:id/archive',
    {
      config: { permission: 'registry.manage' },
      schema: { tags, params: IdParams, response: { 200: PersonDetailResponse } },
    },
    (req) => people.archive({ actor: actorOf(req), id: req.params.id }),
  );

  app.get(
    '/api/v1/people/:id/training-records',
    {
      config: { permission: 'registry.read' },
      schema: { tags, params: IdParams, response: { 200: TrainingRecordListResponse } },
    },
    (req) => people.listTraining({ actor: actorOf(req), id: req.params.id }),
  );

  app.post(
    '/api/v1/people/:id/training-records',
    {
      config: { permission: 'registry.manage' },
      schema: { tags, params: IdParams, body: CreateTrainingRecordBody, response: { 201: TrainingRecordResponse } },
    },
    async (req, reply) =>
      reply.status(201).send(await people.addTraining({ actor: actorOf(req), id: req.params.id, ...req.body })),
  );
};
