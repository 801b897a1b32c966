import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { attachmentHeader } from '../../platform/download.ts';
import { actorOf } from '../../platform/route-types.ts';
import { IdParams } from '../../platform/schemas.ts';
import {
  BulletinListResponse,
  BulletinResponse,
  IssueBulletinBody,
  ListBulletinsQuery,
  builtInFigureSources,
  getBulletin,
  issueBulletin,
  listBulletins,
} from './supervision.bulletins.ts';
import { bulletinPdf, bulletinXlsx } from './supervision.documents.ts';
import type { BulletinFigureSource } from './supervision.figures.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const Binary = z.any().describe('A file');
const tags = ['supervision'];

export type SupervisionRoutesOptions = {
  db: Db;
  /** Figures other modules add to the bulletins (tips handled, cases…), beside the ledger's rebounds. */
  figureSources?: readonly BulletinFigureSource[];
};

/** 调度通报, 督办单, 警示/约谈/问责, 燃气事故, risk grading and the command dashboard (issue 15). */
export const supervisionRoutes: FastifyPluginAsyncZod<SupervisionRoutesOptions> = async (
  app,
  { db, figureSources = [] },
) => {
  const sources = [...builtInFigureSources, ...figureSources];

  app.post(
    '/api/v1/bulletins',
    {
      config: { permission: 'supervision.manage' },
      schema: { tags, body: IssueBulletinBody, response: { 201: BulletinResponse } },
    },
    async (req, reply) => reply.status(201).send((await issueBulletin(db, actorOf(req), req.body, { sources }))!),
  );
  app.get(
    '/api/v1/bulletins',
    {
      config: { permission: 'supervision.read' },
      schema: { tags, querystring: ListBulletinsQuery, response: { 200: BulletinListResponse } },
    },
    (req) => listBulletins(db, actorOf(req), req.query),
  );
  app.get(
    '/api/v1/bulletins/:id',
    {
      config: { permission: 'supervision.read' },
      schema: { tags, params: IdParams, response: { 200: BulletinResponse } },
    },
    (req) => getBulletin(db, actorOf(req), req.params.id),
  );
  app.get(
    '/api/v1/bulletins/:id/pdf',
    {
      config: { permission: 'supervision.read' },
      schema: { tags, params: IdParams, response: { 200: Binary } },
    },
    async (req, reply) => {
      const b = await getBulletin(db, actorOf(req), req.params.id);
      return reply
        .type('application/pdf')
        .header('content-disposition', attachmentHeader(`调度通报-第${b.issue}期-${b.asOf.replace(/-/g, '')}.pdf`))
        .send(await bulletinPdf(b));
    },
  );
  app.get(
    '/api/v1/bulletins/:id/xlsx',
    {
      config: { permission: 'supervision.read' },
      schema: { tags, params: IdParams, response: { 200: Binary } },
    },
    async (req, reply) => {
      const b = await getBulletin(db, actorOf(req), req.params.id);
      return reply
        .type(XLSX)
        .header('content-disposition', attachmentHeader(`调度通报-第${b.issue}期-${b.asOf.replace(/-/g, '')}.xlsx`))
        .send(await bulletinXlsx(b));
    },
  );
};
