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
import { type BulletinFigureSource, riskSignalSources } from './supervision.figures.ts';
import { DashboardResponse, dashboard } from './supervision.dashboard.ts';
import {
  type RiskSignalSource,
  RiskListResponse,
  RiskMapResponse,
  RiskQuery,
  riskList,
  riskMap,
} from './supervision.risk.ts';
import { type RiskWeights, defaultRiskWeights } from '../../../domain/supervision/risk.ts';
import {
  AccidentListResponse,
  AccidentResponse,
  CreateAccidentBody,
  ListAccidentsQuery,
  CloseAccidentBody,
  InvestigateAccidentBody,
  closeAccident,
  createAccident,
  getAccident,
  investigateAccident,
  listAccidents,
} from './supervision.accidents.ts';
import {
  ActionListResponse,
  ActionResponse,
  CreateActionBody,
  FollowUpBody,
  ListActionsQuery,
  createAction,
  followUpAction,
  getAction,
  listActions,
} from './supervision.actions.ts';
import {
  AnswerOrderBody,
  CloseOrderBody,
  CreateOrderBody,
  ListOrdersQuery,
  OrderListResponse,
  OrderResponse,
  EscalateOrderBody,
  answerOrder,
  closeOrder,
  createOrder,
  escalateOrder,
  getOrder,
  listOrders,
  receiveOrder,
} from './supervision.orders.ts';
import { AuditEventResponse, queryAuditEvents } from '../../platform/audit/audit.routes.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const Binary = z.any().describe('A file');
const tags = ['supervision'];

export type SupervisionRoutesOptions = {
  db: Db;
  /** Risk grading's weights (config.riskWeights). */
  riskWeights?: RiskWeights;
  /** Signals other modules add to objects' risk (tips, alarms, cylinder anomalies). */
  riskSignals?: readonly RiskSignalSource[];
  /** Figures other modules add to the bulletins (tips handled, cases…), beside the ledger's rebounds. */
  figureSources?: readonly BulletinFigureSource[];
};

/** 调度通报, 督办单, 警示/约谈/问责, 燃气事故, risk grading and the command dashboard (issue 15). */
export const supervisionRoutes: FastifyPluginAsyncZod<SupervisionRoutesOptions> = async (
  app,
  { db, figureSources = [], riskWeights = defaultRiskWeights, riskSignals = riskSignalSources },
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

  // 督办单
  app.post(
    '/api/v1/supervision/orders',
    {
      config: { permission: 'supervision.manage' },
      schema: { tags, body: CreateOrderBody, response: { 201: OrderResponse } },
    },
    async (req, reply) => reply.status(201).send(await createOrder(db, actorOf(req), req.body)),
  );
  app.get(
    '/api/v1/supervision/orders',
    {
      config: { permission: 'supervision.read' },
      schema: { tags, querystring: ListOrdersQuery, response: { 200: OrderListResponse } },
    },
    (req) => listOrders(db, actorOf(req), req.query),
  );
  app.get(
    '/api/v1/supervision/orders/:id',
    {
      config: { permission: 'supervision.read' },
      schema: { tags, params: IdParams, response: { 200: OrderResponse } },
    },
    (req) => getOrder(db, actorOf(req), req.params.id),
  );
  app.post(
    '/api/v1/supervision/orders/:id/receive',
    {
      config: { permission: 'supervision.answer' },
      schema: { tags, params: IdParams, response: { 200: OrderResponse } },
    },
    (req) => receiveOrder(db, actorOf(req), req.params.id),
  );
  app.post(
    '/api/v1/supervision/orders/:id/escalate',
    {
      config: { permission: 'supervision.manage' },
      schema: { tags, params: IdParams, body: EscalateOrderBody, response: { 200: OrderResponse } },
    },
    (req) => escalateOrder(db, actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/v1/supervision/orders/:id/answer',
    {
      config: { permission: 'supervision.answer' },
      schema: { tags, params: IdParams, body: AnswerOrderBody, response: { 200: OrderResponse } },
    },
    (req) => answerOrder(db, actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/v1/supervision/orders/:id/close',
    {
      config: { permission: 'supervision.manage' },
      schema: { tags, params: IdParams, body: CloseOrderBody, response: { 200: OrderResponse } },
    },
    (req) => closeOrder(db, actorOf(req), req.params.id, req.body),
  );

  // 警示、约谈、问责
  app.post(
    '/api/v1/supervision/actions',
    {
      config: { permission: 'supervision.manage' },
      schema: { tags, body: CreateActionBody, response: { 201: ActionResponse } },
    },
    async (req, reply) => reply.status(201).send(await createAction(db, actorOf(req), req.body)),
  );
  app.get(
    '/api/v1/supervision/actions',
    {
      config: { permission: 'supervision.read' },
      schema: { tags, querystring: ListActionsQuery, response: { 200: ActionListResponse } },
    },
    (req) => listActions(db, actorOf(req), req.query),
  );
  app.get(
    '/api/v1/supervision/actions/:id',
    {
      config: { permission: 'supervision.read' },
      schema: { tags, params: IdParams, response: { 200: ActionResponse } },
    },
    (req) => getAction(db, actorOf(req), req.params.id),
  );
  app.post(
    '/api/v1/supervision/actions/:id/follow-up',
    {
      config: { permission: 'supervision.manage' },
      schema: { tags, params: IdParams, body: FollowUpBody, response: { 200: ActionResponse } },
    },
    (req) => followUpAction(db, actorOf(req), req.params.id, req.body),
  );

  // 燃气事故
  app.post(
    '/api/v1/accidents',
    {
      config: { permission: 'supervision.manage' },
      schema: { tags, body: CreateAccidentBody, response: { 201: AccidentResponse } },
    },
    async (req, reply) => reply.status(201).send(await createAccident(db, actorOf(req), req.body)),
  );
  app.get(
    '/api/v1/accidents',
    {
      config: { permission: 'supervision.read' },
      schema: { tags, querystring: ListAccidentsQuery, response: { 200: AccidentListResponse } },
    },
    (req) => listAccidents(db, actorOf(req), req.query),
  );
  app.get(
    '/api/v1/accidents/:id',
    {
      config: { permission: 'supervision.read' },
      schema: { tags, params: IdParams, response: { 200: AccidentResponse } },
    },
    (req) => getAccident(db, actorOf(req), req.params.id),
  );

  app.post(
    '/api/v1/accidents/:id/investigate',
    {
      config: { permission: 'supervision.manage' },
      schema: { tags, params: IdParams, body: InvestigateAccidentBody, response: { 200: AccidentResponse } },
    },
    (req) => investigateAccident(db, actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/v1/accidents/:id/close',
    {
      config: { permission: 'supervision.manage' },
      schema: { tags, params: IdParams, body: CloseAccidentBody, response: { 200: AccidentResponse } },
    },
    (req) => closeAccident(db, actorOf(req), req.params.id, req.body),
  );

  // The audit trail of one order, action or accident, for whoever reads it.
  const historyKinds = {
    orders: { subjectType: 'supervision_order', visible: getOrder },
    actions: { subjectType: 'supervision_action', visible: getAction },
    accidents: { subjectType: 'gas_accident', visible: getAccident },
  } as const;
  app.get(
    '/api/v1/supervision/:kind/:id/history',
    {
      config: { permission: 'supervision.read' },
      schema: {
        tags,
        params: z.strictObject({ kind: z.enum(['orders', 'actions', 'accidents']), id: z.uuid() }),
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
        response: { 200: z.object({ items: z.array(AuditEventResponse), nextBefore: z.number().nullable() }) },
      },
    },
    async (req) => {
      const kind = historyKinds[req.params.kind];
      await kind.visible(db, actorOf(req), req.params.id);
      return queryAuditEvents(db, { limit: req.query.limit, subjectType: kind.subjectType, subjectId: req.params.id });
    },
  );

  // 双重预防: risk grading, the due-for-inspection list and the risk map.
  app.get(
    '/api/v1/risk/objects',
    {
      config: { permission: 'supervision.read' },
      schema: { tags, querystring: RiskQuery, response: { 200: RiskListResponse } },
    },
    (req) => riskList(db, actorOf(req), req.query, { weights: riskWeights, signals: riskSignals }),
  );
  app.get(
    '/api/v1/risk/map',
    { config: { permission: 'supervision.read' }, schema: { tags, response: { 200: RiskMapResponse } } },
    (req) => riskMap(db, actorOf(req), { weights: riskWeights, signals: riskSignals }),
  );

  // The command dashboard (and the wall display).
  app.get(
    '/api/v1/dashboard',
    { config: { permission: 'supervision.read' }, schema: { tags, response: { 200: DashboardResponse } } },
    (req) => dashboard(db, actorOf(req)),
  );
};
