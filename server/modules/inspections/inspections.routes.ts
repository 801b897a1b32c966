import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  MonthlySelfQuery,
  MonthlySelfResponse,
  UserInspectionsQuery,
  UserInspectionsResponse,
  missedMonthlySelfXlsx,
  userInspectionsDueXlsx,
  missedMonthlySelf,
  userInspectionsDue,
} from './inspections.cadence.ts';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { chinaToday } from '../../../domain/dates.ts';
import { attachmentHeader } from '../../platform/download.ts';
import { actorOf } from '../../platform/route-types.ts';
import { IdParams } from '../../platform/schemas.ts';
import {
  CorrectionBody,
  InspectionDetailResponse,
  InspectionListResponse,
  JoinBody,
  LedgerLimitsResponse,
  ListInspectionsQuery,
  OverlapListResponse,
  OverlapsQuery,
  PlanInspectionBody,
  RecordResultsBody,
  SignBody,
  SubmissionBody,
} from './inspections.schemas.ts';
import { type InspectionLimits, type OnInspectionSigned, createInspectionsService } from './inspections.service.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Inspections (排查): plan, record, submit offline, sign, correct, join (/api/v1/inspections). */
export const inspectionsRoutes: FastifyPluginAsyncZod<{
  db: Db;
  config: Config;
  limits: InspectionLimits;
  onSigned: OnInspectionSigned;
}> = async (app, { db, config, limits, onSigned }) => {
  const inspections = createInspectionsService({ db, config, limits, onSigned });
  const tags = ['inspections'];

  app.get(
    '/api/v1/inspections',
    {
      config: { permission: 'inspection.read' },
      schema: { tags, querystring: ListInspectionsQuery, response: { 200: InspectionListResponse } },
    },
    (req) => inspections.list({ actor: actorOf(req), ...req.query }),
  );

  // The limits in force (规则参数, the version the office last made effective): the field app previews with them.
  app.get(
    '/api/v1/ledger/limits',
    {
      config: { permission: 'inspection.read' },
      schema: { tags, response: { 200: LedgerLimitsResponse } },
    },
    () => limits.current().values,
  );

  // 月度自查 and 入户安检 cadence (issue 10, 15): who missed their month, whose users are overdue.
  app.get(
    '/api/v1/inspections/cadence/monthly-self',
    {
      config: { permission: 'inspection.read' },
      schema: { tags, querystring: MonthlySelfQuery, response: { 200: MonthlySelfResponse } },
    },
    (req) => missedMonthlySelf(db, actorOf(req), req.query, limits.current().values),
  );

  app.get(
    '/api/v1/inspections/cadence/user-inspections',
    {
      config: { permission: 'inspection.read' },
      schema: { tags, querystring: UserInspectionsQuery, response: { 200: UserInspectionsResponse } },
    },
    (req) => userInspectionsDue(db, actorOf(req), req.query, limits.current().values),
  );

  app.get(
    '/api/v1/inspections/cadence/monthly-self/export',
    {
      config: { permission: 'inspection.read' },
      schema: { tags, querystring: MonthlySelfQuery.omit({ page: true, pageSize: true }) },
    },
    async (req, reply) => {
      const { month, buffer } = await missedMonthlySelfXlsx(db, actorOf(req), req.query, limits.current().values);
      return reply
        .type(XLSX)
        .header('content-disposition', attachmentHeader(`未月度自查场所-${month.replace('-', '')}.xlsx`))
        .send(buffer);
    },
  );

  app.get(
    '/api/v1/inspections/cadence/user-inspections/export',
    {
      config: { permission: 'inspection.read' },
      schema: { tags, querystring: UserInspectionsQuery.omit({ page: true, pageSize: true }) },
    },
    async (req, reply) => {
      const buffer = await userInspectionsDueXlsx(db, actorOf(req), req.query, limits.current().values);
      return reply
        .type(XLSX)
        .header(
          'content-disposition',
          attachmentHeader(
            `${req.query.overdue ? '逾期未入户安检用户' : '用户入户安检周期'}-${chinaToday().replace(/-/g, '')}.xlsx`,
          ),
        )
        .send(buffer);
    },
  );

  app.get(
    '/api/v1/inspections/overlaps',
    {
      config: { permission: 'inspection.plan' },
      schema: { tags, querystring: OverlapsQuery, response: { 200: OverlapListResponse } },
    },
    (req) => inspections.overlaps({ actor: actorOf(req), ...req.query }),
  );

  app.post(
    '/api/v1/inspections',
    {
      config: { permission: 'inspection.plan' },
      schema: { tags, body: PlanInspectionBody, response: { 201: InspectionDetailResponse } },
    },
    async (req, reply) => reply.status(201).send(await inspections.plan({ actor: actorOf(req), ...req.body })),
  );

  app.post(
    '/api/v1/inspections/submissions',
    {
      config: { permission: 'inspection.record' },
      schema: {
        tags,
        body: SubmissionBody,
        response: { 200: InspectionDetailResponse, 201: InspectionDetailResponse },
      },
    },
    async (req, reply) => {
      const { created, inspection } = await inspections.submit({ actor: actorOf(req), ...req.body });
      return reply.status(created ? 201 : 200).send(inspection);
    },
  );

  app.get(
    '/api/v1/inspections/:id',
    {
      config: { permission: 'inspection.read' },
      schema: { tags, params: IdParams, response: { 200: InspectionDetailResponse } },
    },
    (req) => inspections.get({ actor: actorOf(req), id: req.params.id }),
  );

  app.put(
    '/api/v1/inspections/:id/results',
    {
      config: { permission: 'inspection.record' },
      schema: { tags, params: IdParams, body: RecordResultsBody, response: { 200: InspectionDetailResponse } },
    },
    (req) => inspections.recordResults({ actor: actorOf(req), id: req.params.id, ...req.body }),
  );

  app.post(
    '/api/v1/inspections/:id/sign',
    {
      config: { permission: 'inspection.sign' },
      schema: { tags, params: IdParams, body: SignBody, response: { 200: InspectionDetailResponse } },
    },
    (req) => inspections.sign({ actor: actorOf(req), id: req.params.id, ...req.body }),
  );

  app.post(
    '/api/v1/inspections/:id/corrections',
    {
      // Inspectors (inspection.record) and planning officers (inspection.plan) correct; the service checks either.
      config: { permission: 'inspection.read' },
      schema: { tags, params: IdParams, body: CorrectionBody, response: { 201: InspectionDetailResponse } },
    },
    async (req, reply) =>
      reply.status(201).send(await inspections.correct({ actor: actorOf(req), id: req.params.id, ...req.body })),
  );

  app.post(
    '/api/v1/inspections/:id/join',
    {
      config: { permission: 'inspection.plan' },
      schema: { tags, params: IdParams, body: JoinBody.optional(), response: { 200: InspectionDetailResponse } },
    },
    (req) => inspections.join({ actor: actorOf(req), id: req.params.id, ...(req.body ?? {}) }),
  );
};
