import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { chinaToday } from '../../../domain/dates.ts';
import type { Db } from '../../db/client.ts';
import { attachmentHeader } from '../../platform/download.ts';
import { actorOf } from '../../platform/route-types.ts';
import { CandidateFilters, CandidateListResponse, ListCandidatesQuery } from './renewal.schemas.ts';
import { createRenewalService } from './renewal.service.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const Binary = z.any().describe('A file');

/** Renewal of ageing pipelines (issue 16): the candidates of 国办发〔2022〕22号 and their export. */
export const renewalRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const renewal = createRenewalService({ db });
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
};
