import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/client.ts';
import { actorOf } from '../../platform/route-types.ts';
import { CreateLimitVersionBody, LimitVersionResponse, LimitsOverviewResponse } from './rules.schemas.ts';
import { createRulesService } from './rules.service.ts';
import type { LimitsStore } from './rules.store.ts';

/** 规则参数 (issue 10.14): the limits in force and their versions (/api/v1/rules/limits). */
export const rulesRoutes: FastifyPluginAsyncZod<{ db: Db; store: LimitsStore }> = async (app, { db, store }) => {
  const rules = createRulesService({ db, store });
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
};
