import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/client.ts';
import { actorOf } from '../../platform/route-types.ts';
import { IdParams } from '../../platform/schemas.ts';
import {
  CreatePipelineBody,
  ListPipelinesQuery,
  PipelineDetailResponse,
  PipelineListResponse,
  UpdatePipelineBody,
} from './pipelines.schemas.ts';
import { createPipelinesService } from './pipelines.service.ts';

/** The pipeline network: /api/v1/pipeline-segments. */
export const pipelinesRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const pipelines = createPipelinesService({ db });
  const tags = ['registry'];

  app.get(
    '/api/v1/pipeline-segments',
    {
      config: { permission: 'registry.read' },
      schema: { tags, querystring: ListPipelinesQuery, response: { 200: PipelineListResponse } },
    },
    (req) => pipelines.list({ actor: actorOf(req), ...req.query }),
  );

  app.get(
    '/api/v1/pipeline-segments/:id',
    {
      config: { permission: 'registry.read' },
      schema: { tags, params: IdParams, response: { 200: PipelineDetailResponse } },
    },
    (req) => pipelines.get({ actor: actorOf(req), id: req.params.id }),
  );

  app.post(
    '/api/v1/pipeline-segments',
    {
      config: { permission: 'registry.manage' },
      schema: { tags, body: CreatePipelineBody, response: { 201: PipelineDetailResponse } },
    },
    async (req, reply) => reply.status(201).send(await pipelines.create({ actor: actorOf(req), ...req.body })),
  );

  app.patch(
    '/api/v1/pipeline-segments/:id',
    {
      config: { permission: 'registry.manage' },
      schema: { tags, params: IdParams, body: UpdatePipelineBody, response: { 200: PipelineDetailResponse } },
    },
    (req) => pipelines.update({ actor: actorOf(req), id: req.params.id, ...req.body }),
  );

  app.post(
    '/api/v1/pipeline-segments/:id/archive',
    {
      config: { permission: 'registry.manage' },
      schema: { tags, params: IdParams, response: { 200: PipelineDetailResponse } },
    },
    (req) => pipelines.archive({ actor: actorOf(req), id: req.params.id }),
  );
};
