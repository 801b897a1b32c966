import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { attachmentHeader, ownTabularRoutes, streamExport } from '../registry/index.ts';
import { cylindersTabular } from './cylinders.io.ts';
import { type CylinderLimits, defaultCylinderLimits } from '../../../domain/cylinders/cylinders.ts';
import type { Db } from '../../db/client.ts';
import type { Ingest } from '../../platform/ingest/index.ts';
import { actorOf } from '../../platform/route-types.ts';
import { validationFailed } from '../../platform/errors.ts';
import { createCylinderEventBatches } from './cylinders.batch.ts';
import {
  CodeParams,
  CreateCylinderBody,
  CylinderFiltersQuery,
  CylinderListResponse,
  CylinderResponse,
  CylinderTimelineResponse,
  EventBatchBody,
  EventBatchResponse,
  FillFiltersQuery,
  FillListResponse,
  FillResponse,
  ListFillsQuery,
  FillingCheckBody,
  FillingCheckResponse,
  FillingRecordBody,
  ListCylindersQuery,
  RefusalsQuery,
  RefusalsResponse,
  AnomaliesQuery,
  AnomalyListResponse,
  BlacklistBody,
  BlacklistEntryResponse,
  BlacklistListResponse,
  BlacklistRemoveBody,
  InspectionBody,
  RecallResponse,
  ScrapBody,
  SeizureBody,
  SendForInspectionBody,
} from './cylinders.schemas.ts';
import { z } from 'zod';
import { PageQuery } from '../../platform/schemas.ts';
import { createCylinderFieldService } from './cylinders.field.ts';
import { createCylindersService } from './cylinders.service.ts';
import { IdParams } from '../../platform/schemas.ts';
import { CYLINDER_EVENT_STREAM } from './cylinders.stream.ts';
import { createFillListService, fillsExport } from './cylinders.fills.ts';
import { chinaToday } from '../../../domain/dates.ts';

/** Request bodies of an event batch may be larger than the API's default. */
const BATCH_BODY_LIMIT = 16 * 1024 * 1024;

export const cylindersRoutes: FastifyPluginAsyncZod<{ db: Db; ingest: Ingest; limits?: CylinderLimits }> = async (
  app,
  { db, ingest, limits = defaultCylinderLimits },
) => {
  const cylinders = createCylindersService({ db, limits });
  const tags = ['cylinders'];
  const field = createCylinderFieldService({ db, limits });
  // Event batches (HTTP and the stream's broker messages) go through the module's own writer: one
  // transaction of few statements per batch (cylinders.batch.ts); closing the app drains it.
  const batches = createCylinderEventBatches({ db, limits });
  if (ingest.has(CYLINDER_EVENT_STREAM))
    ingest.defineEntry(CYLINDER_EVENT_STREAM, (body, actor) => {
      const rows = Array.isArray(body) ? body : (body as { rows?: unknown } | null)?.rows;
      if (!Array.isArray(rows))
        throw validationFailed({
          issues: [{ path: ['body', 'rows'], code: 'invalid_type', message: 'rows expected' }],
        });
      return batches.ingest(rows, actor, 'rows');
    });
  app.addHook('onClose', () => batches.close());

  app.post(
    '/api/v1/cylinders',
    {
      config: { permission: 'cylinder.manage' },
      schema: { tags, body: CreateCylinderBody, response: { 201: CylinderResponse } },
    },
    async (req, reply) => reply.status(201).send(await cylinders.register({ actor: actorOf(req), ...req.body })),
  );

  app.get(
    '/api/v1/cylinders',
    {
      config: { permission: 'cylinder.read' },
      schema: { tags, querystring: ListCylindersQuery, response: { 200: CylinderListResponse } },
    },
    (req) => cylinders.list({ actor: actorOf(req), ...req.query }),
  );

  // 气瓶 import and export through the register's machinery (template, all-or-nothing or clean rows, dry run);
  // multipart is registered in this inner plugin only, so no other cylinder route accepts uploads.
  const tabular = cylindersTabular(limits);
  // Template, import and export through the register's machinery (registry's ownTabularRoutes).
  await app.register(
    ownTabularRoutes({
      db,
      kind: tabular,
      base: '/api/v1/cylinders',
      tags,
      manage: 'cylinder.manage',
      read: 'cylinder.read',
      filters: CylinderFiltersQuery,
      title: '气瓶',
    }),
  );

  app.get(
    '/api/v1/cylinders/:code',
    {
      config: { permission: 'cylinder.read' },
      schema: { tags, params: CodeParams, response: { 200: CylinderResponse } },
    },
    (req) => cylinders.get({ actor: actorOf(req), code: req.params.code }),
  );

  app.get(
    '/api/v1/cylinders/:code/events',
    {
      config: { permission: 'cylinder.read' },
      schema: { tags, params: CodeParams, response: { 200: CylinderTimelineResponse } },
    },
    (req) => cylinders.timeline({ actor: actorOf(req), code: req.params.code }),
  );

  // A batch of events from a line or a phone: answered after commit; a resend is stored once.
  app.post(
    '/api/v1/cylinder-events',
    {
      config: { permission: 'cylinder.event' },
      bodyLimit: BATCH_BODY_LIMIT,
      schema: { tags, body: EventBatchBody, response: { 200: EventBatchResponse } },
    },
    async (req) => ({ accepted: (await batches.ingest(req.body.events, actorOf(req))).accepted }),
  );

  app.post(
    '/api/v1/filling/check',
    {
      config: { permission: 'filling.check' },
      schema: { tags, body: FillingCheckBody, response: { 200: FillingCheckResponse } },
    },
    (req) => cylinders.check({ actor: actorOf(req), ...req.body }),
  );

  app.post(
    '/api/v1/filling/records',
    {
      config: { permission: 'filling.record' },
      schema: { tags, body: FillingRecordBody, response: { 200: FillResponse, 201: FillResponse } },
    },
    async (req, reply) => {
      const { replay, fill } = await cylinders.recordFill({ actor: actorOf(req), ...req.body });
      return reply.status(replay ? 200 : 201).send(fill);
    },
  );

  // 充装记录: a station's fills and the gate's refusals beside them, in the caller's scope; the same list as .xlsx.
  const fills = createFillListService({ db });
  app.get(
    '/api/v1/filling/records',
    {
      config: { permission: 'cylinder.read' },
      schema: { tags, querystring: ListFillsQuery, response: { 200: FillListResponse } },
    },
    (req) => fills.list({ actor: actorOf(req), ...req.query }),
  );

  app.get(
    '/api/v1/filling/records/export',
    {
      config: { permission: 'cylinder.read' },
      schema: { tags, querystring: FillFiltersQuery, response: { 200: z.any().describe('An .xlsx workbook') } },
    },
    async (req, reply) => {
      const stream = await streamExport({ kind: fillsExport(fills), query: req.query, db, actor: actorOf(req) });
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', attachmentHeader(`充装记录-${chinaToday().replace(/-/g, '')}.xlsx`))
        .send(stream);
    },
  );

  app.get(
    '/api/v1/filling/refusals',
    {
      config: { permission: 'filling.check' },
      schema: { tags, querystring: RefusalsQuery, response: { 200: RefusalsResponse } },
    },
    (req) => cylinders.refusals({ actor: actorOf(req), ...req.query }),
  );

  app.post(
    '/api/v1/cylinder-seizures',
    {
      config: { permission: 'cylinder.seize' },
      schema: { tags, body: SeizureBody, response: { 201: z.object({ code: z.string() }) } },
    },
    async (req, reply) => reply.status(201).send(await field.seize({ actor: actorOf(req), ...req.body })),
  );

  app.post(
    '/api/v1/cylinders/:code/send-for-inspection',
    {
      config: { permission: 'cylinder.read' },
      schema: { tags, params: CodeParams, body: SendForInspectionBody, response: { 200: CylinderResponse } },
    },
    (req) => field.sendForInspection({ actor: actorOf(req), code: req.params.code, ...req.body }),
  );

  app.post(
    '/api/v1/cylinders/:code/inspections',
    {
      config: { permission: 'cylinder.inspect' },
      schema: { tags, params: CodeParams, body: InspectionBody, response: { 200: CylinderResponse } },
    },
    (req) => field.inspect({ actor: actorOf(req), code: req.params.code, ...req.body }),
  );

  app.post(
    '/api/v1/cylinders/:code/scrap',
    {
      config: { permission: 'cylinder.inspect' },
      schema: { tags, params: CodeParams, body: ScrapBody, response: { 200: CylinderResponse } },
    },
    (req) => field.scrap({ actor: actorOf(req), code: req.params.code, ...req.body }),
  );

  app.get(
    '/api/v1/cylinder-blacklist',
    { config: { permission: 'cylinder.read' }, schema: { tags, response: { 200: BlacklistListResponse } } },
    (req) => field.listBlacklist({ actor: actorOf(req) }),
  );

  app.post(
    '/api/v1/cylinder-blacklist',
    {
      config: { permission: 'cylinder.blacklist' },
      schema: { tags, body: BlacklistBody, response: { 201: BlacklistEntryResponse } },
    },
    async (req, reply) => reply.status(201).send(await field.addToBlacklist({ actor: actorOf(req), ...req.body })),
  );

  app.post(
    '/api/v1/cylinder-blacklist/:id/remove',
    {
      config: { permission: 'cylinder.blacklist' },
      schema: { tags, params: IdParams, body: BlacklistRemoveBody, response: { 200: BlacklistEntryResponse } },
    },
    (req) => field.removeFromBlacklist({ actor: actorOf(req), id: req.params.id, ...req.body }),
  );

  app.get(
    '/api/v1/cylinder-blacklist/:id/recall',
    {
      config: { permission: 'cylinder.read' },
      schema: { tags, params: IdParams, querystring: z.strictObject(PageQuery), response: { 200: RecallResponse } },
    },
    (req) => field.recall({ actor: actorOf(req), id: req.params.id, ...req.query }),
  );

  app.get(
    '/api/v1/cylinder-anomalies',
    {
      config: { permission: 'cylinder.read' },
      schema: { tags, querystring: AnomaliesQuery, response: { 200: AnomalyListResponse } },
    },
    (req) => field.anomalies({ actor: actorOf(req), ...req.query }),
  );
};
