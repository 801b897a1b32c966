import fastifyMultipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type HazardLimits, defaultLimits } from '../../../domain/hazards/limits.ts';
import type { Db } from '../../db/client.ts';
import { checkUploadName, multipartFailure } from '../../platform/http.ts';
import { actorOf } from '../../platform/route-types.ts';
import { IdParams } from '../../platform/schemas.ts';
import { chinaToday as todayInChina } from '../../../domain/dates.ts';
import { attachmentHeader } from '../../platform/download.ts';
import { AccountabilityParams, AccountabilityQuery, AccountabilityResponse } from './hazards.accountability.ts';
import { hazardImportFileTooLarge, hazardImportNoFile } from './hazards.errors.ts';
import { createHazardLedgerService } from './hazards.ledger.service.ts';
import { ProgressQuery, ProgressResponse } from './hazards.progress.ts';
import { hazardLoopRoutes } from './hazards.routes.ts';
import {
  EscalationRunResponse,
  ExportHazardsQuery,
  HazardListResponse,
  ListHazardsQuery,
  ScheduleFollowUpBody,
  ScheduleFollowUpResponse,
} from './hazards.schemas.ts';
import { createHazardsService } from './hazards.service.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const Binary = z.any().describe('A file');
const IMPORT_MAX_BYTES = 10 * 1024 * 1024;

const ImportQuery = z.strictObject({
  mode: z.enum(['strict', 'clean_only']).default('strict'),
  dryRun: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});
const HazardImportReport = z.object({
  total: z.number(),
  valid: z.number(),
  created: z.number(),
  /** Rows naming a hazard already in the ledger (隐患编号) whose 整治责任人 or 联系电话 were updated. */
  updated: z.number(),
  /** Rows naming a hazard already in the ledger, left unchanged. */
  skipped: z.number(),
  errors: z.array(
    z.object({
      line: z.number(),
      /** The ledger's header of the cell at fault, when a cell is. */
      column: z.string().nullable(),
      message: z.string(),
      /**
       * Stable: one of the register's import row codes (import.required, import.invalid_choice, import.invalid_date,
       * import.duplicate_in_file, import.reference_not_found, import.outside_scope, import.archived, …) or the hazards
       * service's own code (hazards.dates_invalid, …) when its use case refused the row.
       */
      code: z.string(),
    }),
  ),
  errorCount: z.number(),
  ignoredColumns: z.array(z.string()),
  dryRun: z.boolean(),
  mode: z.enum(['strict', 'clean_only']),
});
/** A rectification document as data: what its PDF says, in whose name and form (issue 10, 13). */
const NoticeResponse = z
  .object({
    form: z.string(),
    title: z.string(),
    issuer: z.string(),
    /** Whether the document orders (责令): only a department's does. */
    orders: z.boolean(),
    reference: z.string(),
    addressee: z.string(),
    intro: z.string(),
    demand: z.string(),
    hazards: z.array(
      z.object({
        number: z.string(),
        description: z.string(),
        severity: z.string(),
        item: z.string().nullable(),
        planRef: z.string().nullable(),
        basis: z.string().nullable(),
        deadline: z.string(),
        interimControl: z.string().nullable(),
        departmentName: z.string().nullable(),
        /** The order the item's basis calls for (消防, 特种设备, 燃气, 安全生产), null when it names none. */
        itemForm: z.string().nullable(),
        itemFormTitle: z.string().nullable(),
      }),
    ),
    latestDeadline: z.string(),
    /** `signedAtText` is Beijing time. */
    signers: z.array(
      z.object({ name: z.string(), signedAt: z.string(), signedAtText: z.string(), contentHash: z.string() }),
    ),
    contentHash: z.string().nullable(),
    date: z.string(),
  })
  .meta({ id: 'RectificationNotice' });
const EscalationsQuery = ListHazardsQuery.omit({ escalated: true });

async function uploadedFile(req: FastifyRequest) {
  if (!req.isMultipart()) throw hazardImportNoFile();
  // Over the limit the stream stops with FST_REQ_FILE_TOO_LARGE: our code, so the web can say it in Chinese.
  const tooLarge = () => hazardImportFileTooLarge({ limitBytes: IMPORT_MAX_BYTES });
  const part = await req.file().catch((err: unknown) => {
    throw multipartFailure(err, tooLarge);
  });
  if (!part) throw hazardImportNoFile();
  checkUploadName(part.filename ?? '');
  const bytes = await part.toBuffer().catch((err: unknown) => {
    throw multipartFailure(err, tooLarge);
  });
  return { bytes, filename: part.filename ?? '', mimetype: part.mimetype ?? '' };
}

/**
 * Every route of the hazard ledger (issue 4): the closed loop and list, escalations, follow-up
 * reviews, progress, accountability review, the .xlsx export and import and the rectification
 * notices. `limits` are the ledger's configured numbers (domain/hazards/limits.ts).
 */
export const hazardsRoutes: FastifyPluginAsyncZod<{ db: Db; limits?: HazardLimits }> = async (
  app,
  { db, limits = defaultLimits },
) => {
  const hazards = createHazardsService({ db, limits });
  const ledger = createHazardLedgerService({ db, limits });
  const tags = ['hazards'];

  // Fixed paths are registered before the /:id routes of the loop (find-my-way prefers static segments anyway).
  app.get(
    '/api/v1/hazards/export',
    {
      config: { permission: 'ledger.export' },
      schema: { tags, querystring: ExportHazardsQuery, response: { 200: Binary } },
    },
    async (req, reply) => {
      const { sort, ...filters } = req.query;
      const stream = await ledger.exportLedger({ actor: actorOf(req), filters, sort });
      return reply
        .type(XLSX)
        .header('content-disposition', attachmentHeader(`隐患台账-${todayInChina().replace(/-/g, '')}.xlsx`))
        .send(stream);
    },
  );

  app.get(
    '/api/v1/hazards/escalations',
    {
      config: { permission: 'hazard.read' },
      schema: { tags, querystring: EscalationsQuery, response: { 200: HazardListResponse } },
    },
    (req) =>
      hazards.list({
        actor: actorOf(req),
        query: { ...req.query, escalated: true, status: req.query.status ?? ['open', 'rectifying', 'submitted'] },
      }),
  );

  app.post(
    '/api/v1/hazards/escalations/run',
    { config: { permission: 'hazard.manage' }, schema: { tags, response: { 200: EscalationRunResponse } } },
    // The daily run, by hand: over the hazards the caller manages, in the caller's name.
    (req) => ledger.runEscalation({ actor: actorOf(req) }),
  );

  app.post(
    '/api/v1/hazards/follow-ups/schedule',
    {
      config: { permission: 'hazard.manage' },
      schema: { tags, body: ScheduleFollowUpBody, response: { 200: ScheduleFollowUpResponse } },
    },
    (req) => ledger.scheduleFollowUps({ actor: actorOf(req), input: req.body }),
  );

  app.get(
    '/api/v1/hazards/:id/notice.pdf',
    { config: { permission: 'hazard.read' }, schema: { tags, params: IdParams, response: { 200: Binary } } },
    async (req, reply) => {
      const { pdf, filename } = await ledger.hazardNoticePdf({ actor: actorOf(req), id: req.params.id });
      return reply.type('application/pdf').header('content-disposition', attachmentHeader(filename)).send(pdf);
    },
  );

  app.get(
    '/api/v1/hazards/:id/notice',
    { config: { permission: 'hazard.read' }, schema: { tags, params: IdParams, response: { 200: NoticeResponse } } },
    (req) => ledger.hazardNotice({ actor: actorOf(req), id: req.params.id }),
  );

  app.get(
    '/api/v1/inspections/:id/notice',
    {
      config: { permission: 'inspection.read' },
      schema: { tags: ['inspections'], params: IdParams, response: { 200: NoticeResponse } },
    },
    (req) => ledger.inspectionNotice({ actor: actorOf(req), id: req.params.id }),
  );

  app.get(
    '/api/v1/inspections/:id/notice.pdf',
    {
      config: { permission: 'inspection.read' },
      schema: { tags: ['inspections'], params: IdParams, response: { 200: Binary } },
    },
    async (req, reply) => {
      const { pdf, filename } = await ledger.inspectionNoticePdf({ actor: actorOf(req), id: req.params.id });
      return reply.type('application/pdf').header('content-disposition', attachmentHeader(filename)).send(pdf);
    },
  );

  app.get(
    '/api/v1/progress',
    {
      config: { permission: 'hazard.read' },
      schema: { tags, querystring: ProgressQuery, response: { 200: ProgressResponse } },
    },
    (req) => ledger.progress({ actor: actorOf(req), query: req.query }),
  );

  app.get(
    '/api/v1/accountability/:objectType/:objectId',
    {
      config: { permission: 'hazard.read' },
      schema: {
        tags,
        params: AccountabilityParams,
        querystring: AccountabilityQuery,
        response: { 200: AccountabilityResponse },
      },
    },
    (req) => ledger.accountability({ actor: actorOf(req), ...req.params, windowDays: req.query.windowDays }),
  );

  // Uploads are parsed only inside this sub-plugin.
  await app.register(async (upload) => {
    await upload.register(fastifyMultipart, { limits: { fileSize: IMPORT_MAX_BYTES, files: 1, fields: 5, parts: 6 } });
    upload.post(
      '/api/v1/hazards/import',
      {
        config: { permission: 'hazard.manage' },
        schema: { tags, querystring: ImportQuery, response: { 200: HazardImportReport } },
      },
      async (req) => {
        const file = await uploadedFile(req);
        const { mode, dryRun } = req.query as z.infer<typeof ImportQuery>;
        return ledger.importLedger({ actor: actorOf(req), file, mode, dryRun });
      },
    );
  });

  await app.register(hazardLoopRoutes, { db, limits });
};
