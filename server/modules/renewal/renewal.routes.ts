import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { chinaToday } from '../../../domain/dates.ts';
import type { Db } from '../../db/client.ts';
import { attachmentHeader } from '../../platform/download.ts';
import type { FileReader } from '../../platform/files/index.ts';
import { actorOf } from '../../platform/route-types.ts';
import { IdParams } from '../../platform/schemas.ts';
import { streamExport } from '../registry/index.ts';
import { projectsExport } from './projects.export.ts';
import {
  CreateProjectBody,
  FiguresQuery,
  FiguresResponse,
  ListProjectsQuery,
  ProgressReportBody,
  ProjectDetailResponse,
  ProjectFilters,
  ProjectListResponse,
  TargetBody,
  UpdateProjectBody,
  YearParams,
} from './projects.schemas.ts';
import { createProjectsService } from './projects.service.ts';
import { createRenewalFigures } from './renewal.figures.ts';
import { CandidateFilters, CandidateListResponse, ListCandidatesQuery } from './renewal.schemas.ts';
import { createRenewalService } from './renewal.service.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const Binary = z.any().describe('A file');

/**
 * Renewal of ageing pipelines (issue 16): the candidates of 国办发〔2022〕22号 and their export; renewal
 * projects (改造项目) with funds, milestones, progress and photos; the figures against the plan's target.
 */
export const renewalRoutes: FastifyPluginAsyncZod<{ db: Db; fileReaders?: readonly FileReader[] }> = async (
  app,
  { db, fileReaders },
) => {
  const renewal = createRenewalService({ db });
  const projects = createProjectsService({ db, fileReaders });
  const figures = createRenewalFigures({ db, projects });
  const tags = ['renewal'];

  app.get(
    '/api/v1/renewal/candidates',
    {
      config: { permission: 'registry.read' },
      schema: { tags, querystring: ListCandidatesQuery, response: { 200: CandidateListResponse } },
    },
    (req) => renewal.list({ actor: actorOf(req), ...req.query }),
  );

  app.get(
    '/api/v1/renewal/candidates/export',
    {
      config: { permission: 'registry.read' },
      schema: { tags, querystring: CandidateFilters, response: { 200: Binary } },
    },
    async (req, reply) =>
      reply
        .type(XLSX)
        .header('content-disposition', attachmentHeader(`老化管网改造对象-${chinaToday().replace(/-/g, '')}.xlsx`))
        .send(await renewal.export({ actor: actorOf(req), ...req.query })),
  );

  app.get(
    '/api/v1/renewal/projects',
    {
      config: { permission: 'registry.read' },
      schema: { tags, querystring: ListProjectsQuery, response: { 200: ProjectListResponse } },
    },
    (req) => projects.list({ actor: actorOf(req), ...req.query }),
  );

  app.get(
    '/api/v1/renewal/projects/export',
    {
      config: { permission: 'registry.read' },
      schema: { tags, querystring: ProjectFilters, response: { 200: Binary } },
    },
    async (req, reply) => {
      const stream = await streamExport({
        kind: projectsExport(projects),
        query: req.query,
        db,
        actor: actorOf(req),
      });
      return reply
        .type(XLSX)
        .header('content-disposition', attachmentHeader(`管网改造项目-${chinaToday().replace(/-/g, '')}.xlsx`))
        .send(stream);
    },
  );

  app.get(
    '/api/v1/renewal/projects/:id',
    {
      config: { permission: 'registry.read' },
      schema: { tags, params: IdParams, response: { 200: ProjectDetailResponse } },
    },
    (req) => projects.get({ actor: actorOf(req), id: req.params.id }),
  );

  app.post(
    '/api/v1/renewal/projects',
    {
      config: { permission: 'renewal.manage' },
      schema: { tags, body: CreateProjectBody, response: { 201: ProjectDetailResponse } },
    },
    async (req, reply) => reply.status(201).send(await projects.create({ actor: actorOf(req), input: req.body })),
  );

  app.patch(
    '/api/v1/renewal/projects/:id',
    {
      config: { permission: 'renewal.manage' },
      schema: { tags, params: IdParams, body: UpdateProjectBody, response: { 200: ProjectDetailResponse } },
    },
    (req) => projects.update({ actor: actorOf(req), id: req.params.id, input: req.body }),
  );

  app.post(
    '/api/v1/renewal/projects/:id/progress',
    {
      config: { permission: 'renewal.report' },
      schema: { tags, params: IdParams, body: ProgressReportBody, response: { 201: ProjectDetailResponse } },
    },
    async (req, reply) =>
      reply.status(201).send(await projects.report({ actor: actorOf(req), id: req.params.id, input: req.body })),
  );

  app.get(
    '/api/v1/renewal/figures',
    {
      config: { permission: 'registry.read' },
      schema: { tags, querystring: FiguresQuery, response: { 200: FiguresResponse } },
    },
    (req) => figures.get({ actor: actorOf(req), planYear: req.query.planYear }),
  );

  app.get(
    '/api/v1/renewal/figures/export',
    {
      config: { permission: 'registry.read' },
      schema: { tags, querystring: FiguresQuery, response: { 200: Binary } },
    },
    async (req, reply) =>
      reply
        .type(XLSX)
        .header('content-disposition', attachmentHeader(`管网改造统计-${chinaToday().replace(/-/g, '')}.xlsx`))
        .send(await figures.export({ actor: actorOf(req), planYear: req.query.planYear })),
  );

  app.put(
    '/api/v1/renewal/targets/:year',
    {
      config: { permission: 'renewal.manage' },
      schema: {
        tags,
        params: YearParams,
        body: TargetBody,
        response: { 200: z.object({ year: z.number(), targetKm: z.number() }) },
      },
    },
    (req) => figures.setTarget({ actor: actorOf(req), year: req.params.year, targetKm: req.body.targetKm }),
  );
};
