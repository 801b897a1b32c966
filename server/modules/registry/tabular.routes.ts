import type { RananLimits } from '../../../domain/hazards/limits.ts';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import type { Permission } from '../../../domain/access/roles.ts';
import { requirePermission } from '../../platform/access.ts';
import { checkUploadName, multipartFailure } from '../../platform/http.ts';
import { actorOf } from '../../platform/route-types.ts';
import { todayInChina } from './registry.helpers.ts';
import {
  type AnyTabularKind,
  IMPORT_LIMITS,
  attachmentHeader,
  buildTemplate,
  runImport,
  streamExport,
} from './tabular.ts';
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
  /** Stable: a service's error code when the use case refused the row, else one of `importRowCodes` (tabular.types.ts). */
  code: z.string(),
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

/**
 * Template, import and export of one module's own register (cylinders, gas users, sensors) at `<base>/template`,
 * `<base>/import` and `<base>/export`, through the register's machinery: all-or-nothing or clean rows, dry run, the
 * export filtered by `filters` and scoped by the kind's own list. Multipart is registered in this plugin only, so no
 * other route of the module accepts uploads. Register it with `app.register(ownTabularRoutes(…))`.
 */
export function ownTabularRoutes(opts: {
  db: Db;
  kind: AnyTabularKind;
  base: string;
  tags: string[];
  /** Who may download the template and import. */
  manage: Permission;
  /** Who may export (the list's permission). */
  read: Permission;
  /** The export's query: the module's list filters. */
  filters: z.ZodType<Record<string, unknown>>;
  /** The file names' stem, e.g. 气瓶 (气瓶导入模板.xlsx, 气瓶-20261207.xlsx). */
  title: string;
}): FastifyPluginAsyncZod {
  const { db, kind, base, tags, manage, read, filters, title } = opts;
  return async (app) => {
    await app.register(fastifyMultipart, {
      limits: { fileSize: IMPORT_LIMITS.maxBytes, files: 1, fields: 10, parts: 12 },
    });
    app.get(
      `${base}/template`,
      { config: { permission: manage }, schema: { tags, response: { 200: Binary } } },
      async (_req, reply) =>
        reply
          .type(XLSX)
          .header('content-disposition', attachmentHeader(`${title}导入模板.xlsx`))
          .send(await buildTemplate(kind)),
    );
    app.post(
      `${base}/import`,
      {
        config: { permission: manage },
        schema: { tags, querystring: ImportQuery, response: { 200: ImportReportResponse } },
      },
      async (req) => {
        const actor = actorOf(req);
        requirePermission(actor, manage);
        const file = await uploadedFile(req);
        return runImport({ db, actor, kind, file, mode: req.query.mode, dryRun: req.query.dryRun });
      },
    );
    app.get(
      `${base}/export`,
      { config: { permission: read }, schema: { tags, querystring: filters, response: { 200: Binary } } },
      async (req, reply) => {
        const stream = await streamExport({ kind, query: req.query, db, actor: actorOf(req) });
        return reply
          .type(XLSX)
          .header('content-disposition', attachmentHeader(`${title}-${todayInChina().replace(/-/g, '')}.xlsx`))
          .send(stream);
      },
    );
  };
}
