import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { attachmentHeader } from '../../platform/download.ts';
import { actorOf } from '../../platform/route-types.ts';
import { IdParams } from '../../platform/schemas.ts';
import { caseDocument } from './enforcement.documents.ts';
import {
  BlackSiteListResponse,
  BlackSiteResponse,
  BlacklistBody,
  BlacklistQuery,
  BlacklistEntry,
  BlacklistFlags,
  BlacklistFlagsQuery,
  BlacklistRemoveBody,
  CaseListResponse,
  CaseResponse,
  CloseBlackSiteBody,
  CloseCaseBody,
  DecideCaseBody,
  DocumentParams,
  ExportCasesQuery,
  FiguresQuery,
  FiguresResponse,
  ListBlackSitesQuery,
  ListCasesQuery,
  ListReferralsQuery,
  OpenBlackSiteBody,
  OpenCaseBody,
  PublishCaseBody,
  ReferralAnswerBody,
  ReferralListResponse,
  ReferralResponse,
  ReferralStepBody,
  SendReferralBody,
  StrikeBlackSiteBody,
  TypicalCases,
} from './enforcement.schemas.ts';
import { createEnforcementService } from './enforcement.service.ts';
import { createBlackSitesService } from './enforcement.blacksites.ts';
import { casesWorkbook } from './enforcement.export.ts';
import { chinaToday } from '../../../domain/dates.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Enforcement (issue 14): cases, documents, typical cases, figures, referrals, blacklists. */
export const enforcementRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const svc = createEnforcementService({ db });
  const sites = createBlackSitesService({ db });
  const tags = ['enforcement'];
  const read = { permission: 'enforcement.read' as const };
  const manage = { permission: 'enforcement.manage' as const };

  app.get(
    '/api/v1/cases',
    { config: read, schema: { tags, querystring: ListCasesQuery, response: { 200: CaseListResponse } } },
    (req) => svc.list({ actor: actorOf(req), query: req.query }),
  );
  // Static path before /:id. The filtered list as .xlsx (at most 5,000 cases, newest first).
  app.get(
    '/api/v1/cases/export',
    { config: read, schema: { tags, querystring: ExportCasesQuery, response: { 200: z.any().describe('A file') } } },
    async (req, reply) => {
      const rows = await svc.exportRows({ actor: actorOf(req), query: req.query });
      return reply
        .type(XLSX)
        .header('content-disposition', attachmentHeader(`执法案件-${chinaToday().replace(/-/g, '')}.xlsx`))
        .send(await casesWorkbook(rows));
    },
  );
  app.post(
    '/api/v1/cases',
    { config: manage, schema: { tags, body: OpenCaseBody, response: { 201: CaseResponse } } },
    async (req, reply) => reply.status(201).send(await svc.open({ actor: actorOf(req), input: req.body })),
  );
  app.get(
    '/api/v1/cases/:id',
    { config: read, schema: { tags, params: IdParams, response: { 200: CaseResponse } } },
    (req) => svc.get({ actor: actorOf(req), id: req.params.id }),
  );
  app.post(
    '/api/v1/cases/:id/decide',
    { config: manage, schema: { tags, params: IdParams, body: DecideCaseBody, response: { 200: CaseResponse } } },
    (req) => svc.decide({ actor: actorOf(req), id: req.params.id, input: req.body }),
  );
  app.post(
    '/api/v1/cases/:id/close',
    { config: manage, schema: { tags, params: IdParams, body: CloseCaseBody, response: { 200: CaseResponse } } },
    (req) => svc.close({ actor: actorOf(req), id: req.params.id, note: req.body.note }),
  );
  app.post(
    '/api/v1/cases/:id/publish',
    { config: manage, schema: { tags, params: IdParams, body: PublishCaseBody, response: { 200: CaseResponse } } },
    (req) => svc.publish({ actor: actorOf(req), id: req.params.id, summary: req.body.summary }),
  );
  app.get(
    '/api/v1/cases/:id/documents/:kind',
    { config: read, schema: { tags, params: DocumentParams, response: { 200: z.any().describe('PDF') } } },
    async (req, reply) => {
      const { pdf, filename } = await caseDocument(db, actorOf(req), req.params.id, req.params.kind);
      return reply.type('application/pdf').header('content-disposition', attachmentHeader(filename)).send(pdf);
    },
  );
  app.get(
    '/api/v1/enforcement/figures',
    { config: read, schema: { tags, querystring: FiguresQuery, response: { 200: FiguresResponse } } },
    (req) => svc.figures({ actor: actorOf(req), ...req.query }),
  );
  // 典型案例: published for the public (plan 五(一)5 定期向社会公布典型案例).
  app.get(
    '/api/v1/public/typical-cases',
    {
      config: { permission: 'public', rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: { tags, response: { 200: TypicalCases } },
    },
    () => svc.typical(),
  );

  app.get(
    '/api/v1/referrals',
    { config: read, schema: { tags, querystring: ListReferralsQuery, response: { 200: ReferralListResponse } } },
    (req) => svc.listReferrals({ actor: actorOf(req), query: req.query }),
  );
  app.post(
    '/api/v1/referrals',
    { config: manage, schema: { tags, body: SendReferralBody, response: { 201: ReferralResponse } } },
    async (req, reply) => reply.status(201).send(await svc.sendReferral({ actor: actorOf(req), input: req.body })),
  );
  app.get(
    '/api/v1/referrals/:id',
    { config: read, schema: { tags, params: IdParams, response: { 200: ReferralResponse } } },
    (req) => svc.getReferral({ actor: actorOf(req), id: req.params.id }),
  );
  for (const step of ['receive', 'act'] as const) {
    app.post(
      `/api/v1/referrals/:id/${step}`,
      {
        config: manage,
        schema: { tags, params: IdParams, body: ReferralStepBody, response: { 200: ReferralResponse } },
      },
      (req) => svc.referralStep({ actor: actorOf(req), id: req.params.id, step, note: req.body?.note }),
    );
  }
  app.post(
    '/api/v1/referrals/:id/answer',
    {
      config: manage,
      schema: { tags, params: IdParams, body: ReferralAnswerBody, response: { 200: ReferralResponse } },
    },
    (req) => svc.referralStep({ actor: actorOf(req), id: req.params.id, step: 'answer', note: req.body.answer }),
  );

  app.get(
    '/api/v1/blacklist',
    { config: read, schema: { tags, querystring: BlacklistQuery, response: { 200: z.array(BlacklistEntry) } } },
    async (req) => {
      const rows = await svc.blacklistRows(actorOf(req));
      return rows.filter(
        (x) =>
          (req.query.active === undefined || x.active === (req.query.active === 'true')) &&
          (req.query.subjectType === undefined || x.subjectType === req.query.subjectType),
      );
    },
  );
  app.post(
    '/api/v1/blacklist',
    { config: manage, schema: { tags, body: BlacklistBody, response: { 201: BlacklistEntry } } },
    async (req, reply) => reply.status(201).send(await svc.addToBlacklist({ actor: actorOf(req), input: req.body })),
  );
  app.post(
    '/api/v1/blacklist/:id/remove',
    {
      config: manage,
      schema: { tags, params: IdParams, body: BlacklistRemoveBody, response: { 200: BlacklistEntry } },
    },
    (req) => svc.removeFromBlacklist({ actor: actorOf(req), id: req.params.id, reason: req.body.reason }),
  );
  // The register's pages flag blacklisted enterprises wherever they appear (anyone who reads the register).
  app.get(
    '/api/v1/blacklist/flags',
    {
      config: { permission: 'registry.read' },
      schema: { tags, querystring: BlacklistFlagsQuery, response: { 200: BlacklistFlags } },
    },
    (req) => svc.blacklistFlags({ ids: req.query.enterpriseIds.split(',') }),
  );

  // 黑窝点 (plan 三(一)7): reported (from a tip) or found, struck with other departments, outcome.
  app.get(
    '/api/v1/black-sites',
    { config: read, schema: { tags, querystring: ListBlackSitesQuery, response: { 200: BlackSiteListResponse } } },
    (req) => sites.list({ actor: actorOf(req), query: req.query }),
  );
  app.post(
    '/api/v1/black-sites',
    { config: manage, schema: { tags, body: OpenBlackSiteBody, response: { 201: BlackSiteResponse } } },
    async (req, reply) => reply.status(201).send(await sites.open({ actor: actorOf(req), input: req.body })),
  );
  app.get(
    '/api/v1/black-sites/:id',
    { config: read, schema: { tags, params: IdParams, response: { 200: BlackSiteResponse } } },
    (req) => sites.get({ actor: actorOf(req), id: req.params.id }),
  );
  app.post(
    '/api/v1/black-sites/:id/strike',
    {
      config: manage,
      schema: { tags, params: IdParams, body: StrikeBlackSiteBody, response: { 200: BlackSiteResponse } },
    },
    (req) => sites.strike({ actor: actorOf(req), id: req.params.id, input: req.body }),
  );
  app.post(
    '/api/v1/black-sites/:id/close',
    {
      config: manage,
      schema: { tags, params: IdParams, body: CloseBlackSiteBody, response: { 200: BlackSiteResponse } },
    },
    (req) => sites.close({ actor: actorOf(req), id: req.params.id, ...req.body }),
  );
};
