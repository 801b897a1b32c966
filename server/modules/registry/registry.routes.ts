import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { enterprisesRoutes } from './enterprises.routes.ts';
import { facilitiesRoutes } from './facilities.routes.ts';
import { licencesRoutes } from './licences.routes.ts';
import { registryChangesRoutes } from './changes.routes.ts';
import { registryHistoryRoutes } from './history.routes.ts';
import { mapRoutes } from './map.routes.ts';
import { peopleRoutes } from './people.routes.ts';
import { pipelinesRoutes } from './pipelines.routes.ts';
import { tabularRoutes } from './tabular.routes.ts';
import { vehiclesRoutes } from './vehicles.routes.ts';
import { venuesRoutes } from './venues.routes.ts';

/** The register's routes: each object kind registers its own plugin here. */
export const registryRoutes: FastifyPluginAsyncZod<{ db: Db; config?: Config }> = async (app, { db, config }) => {
  // The limits in force (规则参数): `limits` is read at each use, so a change by the office applies without a
  // restart — the licence-expiry warning, the training validity and the venue flags' cylinder-room threshold.
  const limits = config?.hazardLimits;
  await app.register(enterprisesRoutes, { db, limits });
  await app.register(licencesRoutes, { db, limits });
  await app.register(facilitiesRoutes, { db });

  await app.register(pipelinesRoutes, { db });
  await app.register(peopleRoutes, { db, limits });
  await app.register(vehiclesRoutes, { db });
  await app.register(tabularRoutes, { db, limits });
  await app.register(venuesRoutes, { db, limits });
  await app.register(registryHistoryRoutes, { db });
  await app.register(registryChangesRoutes, { db });
  await app.register(mapRoutes, { db, tileUrl: config?.mapTileUrl ?? null, limits });
};
