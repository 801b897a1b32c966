import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { chinaToday } from '../../../domain/dates.ts';
import type { Db } from '../../db/client.ts';
import { attachmentHeader } from '../../platform/download.ts';
import type { FileReader } from '../../platform/files/index.ts';
import { actorOf } from '../../platform/route-types.ts';
import { IdParams } from '../../platform/schemas.ts';
import {
  CreateWorksBody,
  ListWorksQuery,
  NearbySegmentsQuery,
  NearbySegmentsResponse,
  UpdateWorksBody,
  WorksDetailResponse,
  WorksFilters,
  WorksListResponse,
  WorksMapResponse,
  WorksVisitBody,
} from './works.schemas.ts';
import { createWorksService } from './works.service.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const Binary = z.any().describe('A file');

/**
 * Third-party works near gas facilities (第三方施工, plan 三(三)1, 三(五)8) under /api/v1/works: the register (list,
 * detail, record, re-save), the map layer, the nearby segments of a place, guardian visits and the export.
 */
export const worksRoutes: FastifyPluginAsyncZod<{ db: Db; fileReaders?: readonly FileReader[] }> = async (
  app,
  { db, fileReaders },
) => {
  const works = createWorksService({ db, fileReaders });
  const tags = ['works'];

  app.get(
    '/api/v1/works',
    {
      config: { permission: 'works.read' },
      schema: { tags, querystring: ListWorksQuery, response: { 200: WorksListResponse } },
    },
    (req) => works.list({ actor: actorOf(req), ...req.query }),
  );

  app.get(
    '/api/v1/works/export',
    { config: { permission: 'works.read' }, schema: { tags, querystring: WorksFilters, response: { 200: Binary } } },
    async (req, reply) =>
      reply
        .type(XLSX)
        .header('content-disposition', attachmentHeader(`第三方施工-${chinaToday().replace(/-/g, '')}.xlsx`))
        .send(await works.export({ actor: actorOf(req), ...req.query })),
  );

  app.get(
    '/api/v1/works/map',
    {
      config: { permission: 'works.read' },
      schema: { tags, querystring: WorksFilters, response: { 200: WorksMapResponse } },
    },
    (req) => works.map({ actor: actorOf(req), ...req.query }),
  );

  app.get(
    '/api/v1/works/nearby-segments',
    {
      config: { permission: 'works.record' },
      schema: { tags, querystring: NearbySegmentsQuery, response: { 200: NearbySegmentsResponse } },
    },
    (req) => works.nearby({ actor: actorOf(req), place: req.query.place }),
  );

  app.get(
    '/api/v1/works/:id',
    {
      config: { permission: 'works.read' },
      schema: { tags, params: IdParams, response: { 200: WorksDetailResponse } },
    },
    (req) => works.get({ actor: actorOf(req), id: req.params.id }),
  );

  app.post(
    '/api/v1/works',
    {
      config: { permission: 'works.record' },
      schema: { tags, body: CreateWorksBody, response: { 201: WorksDetailResponse } },
    },
    async (req, reply) => reply.status(201).send(await works.create({ actor: actorOf(req), ...req.body })),
  );

  app.put(
    '/api/v1/works/:id',
    {
      config: { permission: 'works.record' },
      schema: { tags, params: IdParams, body: UpdateWorksBody, response: { 200: WorksDetailResponse } },
    },
    (req) => works.update({ actor: actorOf(req), id: req.params.id, ...req.body }),
  );

  app.post(
    '/api/v1/works/:id/visits',
    {
      config: { permission: 'works.guard' },
      schema: { tags, params: IdParams, body: WorksVisitBody, response: { 201: WorksDetailResponse } },
    },
    async (req, reply) =>
      reply.status(201).send(await works.addVisit({ actor: actorOf(req), id: req.params.id, ...req.body })),
  );
};
