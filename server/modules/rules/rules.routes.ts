import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/client.ts';
import { actorOf } from '../../platform/route-types.ts';
import { IdParams } from '../../platform/schemas.ts';
import { createBannedProductsService } from './rules.banned-products.ts';
import {
  BannedProductListResponse,
  BannedProductResponse,
  CreateBannedProductBody,
  CreateLimitVersionBody,
  LimitVersionResponse,
  LimitsOverviewResponse,
  UpdateBannedProductBody,
} from './rules.schemas.ts';
import { createRulesService } from './rules.service.ts';
import type { LimitsStore } from './rules.store.ts';

/** 规则参数 (issue 10.14): the limits in force and their versions (/api/v1/rules/limits). */
export const rulesRoutes: FastifyPluginAsyncZod<{ db: Db; store: LimitsStore }> = async (app, { db, store }) => {
  const rules = createRulesService({ db, store });
  const banned = createBannedProductsService({ db });
  const tags = ['rules'];

  app.get(
    '/api/v1/rules/limits',
    { config: { permission: 'overview.read' }, schema: { tags, response: { 200: LimitsOverviewResponse } } },
    (req) => rules.overview({ actor: actorOf(req) }),
  );

  app.post(
    '/api/v1/rules/limits/versions',
    {
      config: { permission: 'rules.manage' },
      schema: { tags, body: CreateLimitVersionBody, response: { 201: LimitVersionResponse } },
    },
    async (req, reply) => reply.status(201).send(await rules.createVersion({ actor: actorOf(req), input: req.body })),
  );

  // 淘汰/禁用产品目录 (issue 10.4): each entry cites its official catalogue; the office edits them.
  app.get(
    '/api/v1/rules/banned-products',
    { config: { permission: 'overview.read' }, schema: { tags, response: { 200: BannedProductListResponse } } },
    (req) => banned.list({ actor: actorOf(req) }),
  );

  app.post(
    '/api/v1/rules/banned-products',
    {
      config: { permission: 'rules.manage' },
      schema: { tags, body: CreateBannedProductBody, response: { 201: BannedProductResponse } },
    },
    async (req, reply) => reply.status(201).send(await banned.create({ actor: actorOf(req), input: req.body })),
  );

  app.patch(
    '/api/v1/rules/banned-products/:id',
    {
      config: { permission: 'rules.manage' },
      schema: { tags, params: IdParams, body: UpdateBannedProductBody, response: { 200: BannedProductResponse } },
    },
    (req) => banned.update({ actor: actorOf(req), id: req.params.id, input: req.body }),
  );
};
