import type { RananLimits } from '../../../domain/hazards/limits.ts';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { requirePermission } from '../../platform/access.ts';
import { checkUploadName, multipartFailure } from '../../platform/http.ts';
import { actorOf } from '../../platform/route-types.ts';
import { todayInChina } from './registry.helpers.ts';
import { IMPORT_LIMITS, attachmentHeader, buildTemplate, runImport, streamExport } from './tabular.ts';
import { importFileTooLarge, importNoFile, tabularKindNotFound } from './tabular.errors.ts';
import { tabularKinds } from './tabular.kinds.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const KindParams = z.strictObject({ kind: z.string().max(40) });

const ImportQuery = z.strictObject({
  mode: z.enum(['strict', 'clean_only']).default('strict'),
  dryRun: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});

const ImportErrorResponse = z.object({
  line: z.number(),
  column: z.string().nullable(),
  key: z.string().nullable(),
  message: z.string(),
  /** The error code when a service refused the row; the web shows its text for the code. */
  code: z.string().nullable(),
});

export const ImportReportResponse = z
  .object({
    total: z.number(),
    valid: z.number(),
    created: z.number(),
    updated: z.number(),
    unchanged: z.number(),
    errors: z.array(ImportErrorResponse),
    errorCount: z.number(),
    ignoredColumns: z.array(z.string()),
    dryRun: z.boolean(),
    mode: z.enum(['strict', 'clean_only']),
  })
  .meta({ id: 'ImportReport' });

const Binary = z.any().describe('An .xlsx workbook');

function kindOf(name: string) {
  const kind = tabularKinds.get(name);
  if (!kind) throw tabularKindNotFound({ kind: name, known: [...tabularKinds.keys()] });
  return kind;
}

/** The uploaded file of a multipart request (field "file", or the first file part). */
export async function uploadedFile(req: FastifyRequest) {
  if (!req.isMultipart()) throw importNoFile();
  const tooLarge = () => importFileTooLarge({ limitBytes: IMPORT_LIMITS.maxBytes });
  let part: Awaited<ReturnType<FastifyRequest['file']>>;
  try {
    part = await req.file();
  } catch (err) {
    throw multipartFailure(err, tooLarge);
  }
  if (!part) throw importNoFile();
  checkUploadName(part.filename ?? '');
  try {
    const bytes = await part.toBuffer();
    return { bytes, filename: part.filename ?? '', mimetype: part.mimetype ?? '' };
  } catch (err) {
    throw multipartFailure(err, tooLarge);
  }
}

/**
 * Template, import and export for every register kind in `tabularKinds`. Multipart parsing is
 * registered here only (encapsulated), so no other route accepts uploads.
 */
export const tabularRoutes: FastifyPluginAsyncZod<{
  db: Db;
  limits?: Pick<RananLimits, 'cylinderRoomThresholdKg'>;
}> = async (app, { db, limits }) => {
  await app.register(fastifyMultipart, {
    limits: { fileSize: IMPORT_LIMITS.maxBytes, files: 1, fields: 10, parts: 12 },
  });
  const tags = ['registry'];

  app.get(
    '/api/v1/registry/:kind/template',
    { config: { permission: 'registry.read' }, schema: { tags, params: KindParams, response: { 200: Binary } } },
    async (req, reply) => {
      requirePermission(actorOf(req), 'registry.read');
      const kind = kindOf(req.params.kind);
      const body = await buildTemplate(kind);
      return reply
        .type(XLSX)
        .header('content-disposition', attachmentHeader(`${kind.title}导入模板.xlsx`))
        .send(body);
    },
  );

  app.post(
    '/api/v1/registry/:kind/import',
    {
      config: { permission: 'registry.import' },
      schema: { tags, params: KindParams, querystring: ImportQuery, response: { 200: ImportReportResponse } },
    },
    async (req) => {
      const actor = actorOf(req);
      requirePermission(actor, 'registry.import');
      const kind = kindOf(req.params.kind);
      const file = await uploadedFile(req);
      return runImport({ db, actor, kind, file, mode: req.query.mode, dryRun: req.query.dryRun });
    },
  );

  app.get(
    '/api/v1/registry/:kind/export',
    {
      config: { permission: 'registry.read' },
      schema: { tags, params: KindParams, querystring: z.record(z.string(), z.string()), response: { 200: Binary } },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      requirePermission(actor, 'registry.read');
      const kind = kindOf(req.params.kind);
      const stream = await streamExport({
        kind,
        query: req.query,
        db,
        actor,
        cylinderRoomThresholdKg: limits?.cylinderRoomThresholdKg,
      });
      return reply
        .type(XLSX)
        .header('content-disposition', attachmentHeader(`${kind.title}-${todayInChina().replace(/-/g, '')}.xlsx`))
        .send(stream);
    },
  );
};
