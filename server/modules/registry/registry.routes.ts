import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/client.ts';
import { pipelinesRoutes } from './pipelines.routes.ts';
import { venuesRoutes } from './venues.routes.ts';

/** The register's routes: each object kind registers its own plugin here. */
export const registryRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  void db;
  await app.register(pipelinesRoutes, { db });
  await app.register(venuesRoutes, { db });
};
