import type { RananLimits } from '../../../domain/hazards/limits.ts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/client.ts';
import { actorOf } from '../../platform/route-types.ts';
import { MapConfigResponse, MapFeaturesQuery, MapFeaturesResponse, MapRegionsResponse } from './map.schemas.ts';
import { createMapService } from './map.service.ts';

/** The one map (一张图): /api/v1/map/features, /regions and /config. */
export const mapRoutes: FastifyPluginAsyncZod<{
  db: Db;
  tileUrl: string | null;
  limits?: Pick<RananLimits, 'cylinderRoomThresholdKg'>;
}> = async (app, { db, tileUrl, limits }) => {
  const map = createMapService({ db, limits });
  const tags = ['map'];

  app.get(
    '/api/v1/map/features',
    {
      config: { permission: 'registry.read' },
      schema: { tags, querystring: MapFeaturesQuery, response: { 200: MapFeaturesResponse } },
    },
    (req) => map.features({ actor: actorOf(req), query: req.query }),
  );

  app.get(
    '/api/v1/map/regions',
    { config: { permission: 'registry.read' }, schema: { tags, response: { 200: MapRegionsResponse } } },
    (req) => map.regions({ actor: actorOf(req) }),
  );

  app.get(
    '/api/v1/map/config',
    { config: { permission: 'registry.read' }, schema: { tags, response: { 200: MapConfigResponse } } },
    () => ({ tileUrl }),
  );
};
