import fastifyMultipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RananLimits } from '../../../domain/hazards/limits.ts';
import type { Db } from '../../db/client.ts';
import { attachmentHeader } from '../../platform/download.ts';
import { checkUploadName, multipartFailure } from '../../platform/http.ts';
import { actorOf } from '../../platform/route-types.ts';
import { IdParams } from '../../platform/schemas.ts';
import { chinaToday } from '../../../domain/dates.ts';
import { signInSheetNoFile, signInSheetTooLarge } from './training.errors.ts';
import {
  AddAttendeesBody,
  CreateSessionBody,
  ListSessionsQuery,
  SessionDetailResponse,
  SessionFilters,
  SessionListResponse,
  SignInSheetQuery,
  SignInSheetReport,
} from './training.schemas.ts';
import { createTrainingService } from './training.service.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const Binary = z.any().describe('A file');
const SHEET_MAX_BYTES = 2 * 1024 * 1024;

async function uploadedSheet(req: FastifyRequest) {
  if (!req.isMultipart()) throw signInSheetNoFile();
  const tooLarge = () => signInSheetTooLarge({ limitBytes: SHEET_MAX_BYTES });
  const part = await req.file().catch((err: unknown) => {
    throw multipartFailure(err, tooLarge);
  });
  if (!part) throw signInSheetNoFile();
  checkUploadName(part.filename ?? '');
  const bytes = await part.toBuffer().catch((err: unknown) => {
    throw multipartFailure(err, tooLarge);
  });
  return { bytes, filename: part.filename ?? '', mimetype: part.mimetype ?? '' };
}

/**
 * Training sessions (先培训、后上岗, plan 五(一)1) under /api/v1/training: list, detail, record with
 * attendees, add attendees by hand or from a sign-in sheet, the sheet's template and the export.
 */
export const trainingRoutes: FastifyPluginAsyncZod<{
  db: Db;
  /** The limits in force (规则参数), read at each use. */
  limits?: Pick<RananLimits, 'trainingValidDays'>;
}> = async (app, { db, limits }) => {
  const training = createTrainingService({ db, limits });
  const tags = ['training'];

  app.get(
    '/api/v1/training/sessions',
    {
      config: { permission: 'registry.read' },
      schema: { tags, querystring: ListSessionsQuery, response: { 200: SessionListResponse } },
    },
    (req) => training.list({ actor: actorOf(req), ...req.query }),
  );

  app.get(
    '/api/v1/training/sessions/export',
    {
      config: { permission: 'registry.read' },
      schema: { tags, querystring: SessionFilters, response: { 200: Binary } },
    },
    async (req, reply) => {
      const body = await training.exportAttendees({ actor: actorOf(req), ...req.query });
      return reply
        .type(XLSX)
        .header('content-disposition', attachmentHeader(`培训记录-${chinaToday().replace(/-/g, '')}.xlsx`))
        .send(body);
    },
  );

  app.get(
    '/api/v1/training/sign-in-sheet/template',
    { config: { permission: 'registry.read' }, schema: { tags, response: { 200: Binary } } },
    async (_req, reply) =>
      reply
        .type(XLSX)
        .header('content-disposition', attachmentHeader('培训签到表模板.xlsx'))
        .send(await training.signInSheetTemplate()),
  );

  app.get(
    '/api/v1/training/sessions/:id',
    {
      config: { permission: 'registry.read' },
      schema: { tags, params: IdParams, response: { 200: SessionDetailResponse } },
    },
    (req) => training.get({ actor: actorOf(req), id: req.params.id }),
  );

  app.post(
    '/api/v1/training/sessions',
    {
      config: { permission: 'registry.manage' },
      schema: { tags, body: CreateSessionBody, response: { 201: SessionDetailResponse } },
    },
    async (req, reply) => reply.status(201).send(await training.create({ actor: actorOf(req), ...req.body })),
  );

  app.post(
    '/api/v1/training/sessions/:id/attendees',
    {
      config: { permission: 'registry.manage' },
      schema: { tags, params: IdParams, body: AddAttendeesBody, response: { 200: SessionDetailResponse } },
    },
    (req) => training.addAttendees({ actor: actorOf(req), id: req.params.id, ...req.body }),
  );

  // Uploads are parsed only inside this sub-plugin.
  await app.register(async (upload) => {
    await upload.register(fastifyMultipart, { limits: { fileSize: SHEET_MAX_BYTES, files: 1, fields: 2, parts: 3 } });
    upload.post(
      '/api/v1/training/sessions/:id/sign-in-sheet',
      {
        config: { permission: 'registry.manage' },
        schema: { tags, params: IdParams, querystring: SignInSheetQuery, response: { 200: SignInSheetReport } },
      },
      async (req) =>
        training.importSignInSheet({
          actor: actorOf(req),
          id: (req.params as z.infer<typeof IdParams>).id,
          file: await uploadedSheet(req),
          dryRun: (req.query as z.infer<typeof SignInSheetQuery>).dryRun,
        }),
    );
  });
};
