import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { chinaToday } from '../../../domain/dates.ts';
import type { Db } from '../../db/client.ts';
import { attachmentHeader } from '../../platform/download.ts';
import { actorOf } from '../../platform/route-types.ts';
import { IdParams, NoContent } from '../../platform/schemas.ts';
import {
  ActivityListResponse,
  ActivityResponse,
  ConversionListResponse,
  ConversionResponse,
  CreateActivityBody,
  CreateConversionBody,
  ListActivitiesQuery,
  ListConversionsQuery,
  PublicityFilters,
  PublicityFiguresResponse,
  UpdateActivityBody,
  UpdateConversionBody,
} from './publicity.schemas.ts';
import { createPublicityService } from './publicity.service.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const Binary = z.any().describe('A file');

/**
 * Publicity (宣传, plan 四(六)) and 瓶改管/气改电 conversions (plan 四(二)4) under /api/v1/publicity: the records by
 * township and department, the figures for the returns and their export.
 */
export const publicityRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const publicity = createPublicityService({ db });
  const tags = ['publicity'];

  app.get(
    '/api/v1/publicity/activities',
    {
      config: { permission: 'publicity.read' },
      schema: { tags, querystring: ListActivitiesQuery, response: { 200: ActivityListResponse } },
    },
    (req) => publicity.listActivities({ actor: actorOf(req), ...req.query }),
  );

  app.post(
    '/api/v1/publicity/activities',
    {
      config: { permission: 'publicity.manage' },
      schema: { tags, body: CreateActivityBody, response: { 201: ActivityResponse } },
    },
    async (req, reply) => reply.status(201).send(await publicity.createActivity({ actor: actorOf(req), ...req.body })),
  );

  app.get(
    '/api/v1/publicity/conversions',
    {
      config: { permission: 'publicity.read' },
      schema: { tags, querystring: ListConversionsQuery, response: { 200: ConversionListResponse } },
    },
    (req) => publicity.listConversions({ actor: actorOf(req), ...req.query }),
  );

  app.post(
    '/api/v1/publicity/conversions',
    {
      config: { permission: 'publicity.manage' },
      schema: { tags, body: CreateConversionBody, response: { 201: ConversionResponse } },
    },
    async (req, reply) =>
      reply.status(201).send(await publicity.createConversion({ actor: actorOf(req), ...req.body })),
  );

  app.patch(
    '/api/v1/publicity/activities/:id',
    {
      config: { permission: 'publicity.manage' },
      schema: { tags, params: IdParams, body: UpdateActivityBody, response: { 200: ActivityResponse } },
    },
    (req) => publicity.updateActivity({ actor: actorOf(req), id: req.params.id, ...req.body }),
  );

  app.delete(
    '/api/v1/publicity/activities/:id',
    { config: { permission: 'publicity.manage' }, schema: { tags, params: IdParams, response: { 204: NoContent } } },
    async (req, reply) => {
      await publicity.deleteActivity({ actor: actorOf(req), id: req.params.id });
      return reply.status(204).send();
    },
  );

  app.patch(
    '/api/v1/publicity/conversions/:id',
    {
      config: { permission: 'publicity.manage' },
      schema: { tags, params: IdParams, body: UpdateConversionBody, response: { 200: ConversionResponse } },
    },
    (req) => publicity.updateConversion({ actor: actorOf(req), id: req.params.id, ...req.body }),
  );

  app.delete(
    '/api/v1/publicity/conversions/:id',
    { config: { permission: 'publicity.manage' }, schema: { tags, params: IdParams, response: { 204: NoContent } } },
    async (req, reply) => {
      await publicity.deleteConversion({ actor: actorOf(req), id: req.params.id });
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/v1/publicity/figures',
    {
      config: { permission: 'publicity.read' },
      schema: { tags, querystring: PublicityFilters, response: { 200: PublicityFiguresResponse } },
    },
    (req) => publicity.figures({ actor: actorOf(req), ...req.query }),
  );

  app.get(
    '/api/v1/publicity/figures/export',
    {
      config: { permission: 'publicity.read' },
      schema: { tags, querystring: PublicityFilters, response: { 200: Binary } },
    },
    async (req, reply) =>
      reply
        .type(XLSX)
        .header('content-disposition', attachmentHeader(`宣传与改造统计-${chinaToday().replace(/-/g, '')}.xlsx`))
        .send(await publicity.exportFigures({ actor: actorOf(req), ...req.query })),
  );
};
