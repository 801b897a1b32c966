import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from './config.ts';
import type { Database } from './db/client.ts';
import { authRoutes } from './modules/auth/index.ts';
import { deliveryRoutes, registerDeliveryEvents, registerDeliveryStreams } from './modules/delivery/index.ts';
import { organisationRoutes } from './modules/organisation/index.ts';
import {
  createHazardsFromInspection,
  hazardFileReader,
  hazardsRoutes,
  registerHazardEvents,
} from './modules/hazards/index.ts';
import {
  CYLINDER_EVENT_STREAM,
  cylindersPublicRoutes,
  cylindersRoutes,
  deliveryCylinderHooks,
  registerCylinderEvents,
  registerCylinderStreams,
} from './modules/cylinders/index.ts';
import { inspectionFileReader, inspectionsRoutes } from './modules/inspections/index.ts';
import { monitoringRoutes, registerMonitoringEvents } from './modules/monitoring/index.ts';
import { openSiteCorrections, registerEnterpriseBlacklist, registryRoutes } from './modules/registry/index.ts';
import { type LimitsStore, createLimitsStore, rulesRoutes } from './modules/rules/index.ts';
import { registerTipEvents, tipFileReader, tipsRoutes } from './modules/tips/index.ts';
import { enforcementRoutes, enterpriseBlacklisted, registerEnforcementEvents } from './modules/enforcement/index.ts';
import { supervisionRoutes } from './modules/supervision/index.ts';
import { renewalFileReader, renewalRoutes } from './modules/renewal/index.ts';
import { trainingRoutes } from './modules/training/index.ts';
import { publicityRoutes } from './modules/publicity/index.ts';
import { worksFileReader, worksRoutes } from './modules/works/index.ts';
import { usersRoutes } from './modules/users/index.ts';
import { auditRoutes } from './platform/audit/audit.routes.ts';
import { isInternalRequest } from './platform/internal-requests.ts';
import { notificationsRoutes, registerNotificationEvents } from './modules/notifications/index.ts';
import { type Events, createEvents, eventsRoutes } from './platform/events/index.ts';
import { filesRoutes } from './platform/files/index.ts';
import { type Ingest, createIngest, ingestRoutes } from './platform/ingest/index.ts';
import { registerAuthHook } from './platform/auth-hook.ts';
import { registerReadRouting } from './platform/read-routing-hook.ts';
import { registerErrorHandler, registerJsonParser, registerOriginGuard, registerTextGuard } from './platform/http.ts';
import { followActorChanges } from './platform/actor-changes.ts';
import { demoLoaded } from './platform/installation/index.ts';
import { registerMetrics } from './platform/metrics.ts';
import './platform/route-types.ts';
import { createServices } from './services.ts';

export type AppDeps = {
  config: Config;
  database: Database;
  /** The ingest use case with the streams modules defined (serve passes it; a fresh, empty one otherwise). */
  ingest?: Ingest;
  /** The event dispatcher (serve passes it and starts it; a fresh one, not started, otherwise). */
  events?: Events;
  /** The limits in force (serve passes it, for its jobs too); one loaded here otherwise. */
  limits?: LimitsStore;
  /** Where the log lines go (standard output otherwise): a test reads them. */
  logStream?: { write(line: string): void };
};

type RegisteredRoute = { method: string | string[]; url: string; config?: { permission?: string } };
const routeTables = new WeakMap<FastifyInstance, RegisteredRoute[]>();

/** Every route the app registered, with the rule it declares (read after `ready()`). */
export function registeredRoutes(
  app: FastifyInstance,
): { method: string; url: string; permission: string | undefined }[] {
  return (routeTables.get(app) ?? []).flatMap((r) =>
    (Array.isArray(r.method) ? r.method : [r.method]).map((method) => ({
      method,
      url: r.url,
      permission: r.config?.permission,
    })),
  );
}

/** Builds the HTTP application; it never listens (tests call `app.inject`, main.ts listens). */
export async function buildApp({
  config,
  database,
  ingest: givenIngest,
  events: givenEvents,
  limits: givenLimits,
  logStream,
}: AppDeps): Promise<FastifyInstance> {
  // The limits are data (规则参数, modules/rules): version 1 is seeded from config.hazardLimits (RANAN_LIMITS
  // over the defaults); every module reads the version in force at each use through `store.live`.
  const limitsStore = givenLimits ?? createLimitsStore({ db: database.db, seed: config.hazardLimits });
  const limits = limitsStore.live;
  config = { ...config, hazardLimits: limits };
  // TLS_CERT/TLS_KEY: the server speaks HTTPS itself (else plain HTTP, or HTTPS at a reverse proxy).
  // (typed `object`: the option would change Fastify's server type; only the common surface is used here)
  const https: object = config.tls
    ? { https: { cert: fs.readFileSync(config.tls.certFile), key: fs.readFileSync(config.tls.keyFile) } }
    : {};
  const app = Fastify({
    ...https,
    logger: {
      level: config.logLevel,
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      ...(logStream ? { stream: logStream } : {}),
    },
    // The demo simulators' own requests (internal-requests.ts) are not logged one by one.
    logController: new LogController({ disableRequestLogging: (req) => isInternalRequest(req) }),
    bodyLimit: config.bodyLimitBytes,
    genReqId: () => randomUUID(),
    // Only as configured (TRUST_PROXY): trusting every X-Forwarded-For lets a client choose its own address.
    // Fastify takes a hop count too, which its types leave out.
    trustProxy: config.trustProxy as boolean | string[],
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<ZodTypeProvider>();

  const routes: RegisteredRoute[] = [];
  routeTables.set(app, routes);
  // Keep the route options object itself: plugins mark their routes after this hook has run.
  app.addHook('onRoute', (route) => {
    routes.push(route as RegisteredRoute);
  });

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);
  registerTextGuard(app);
  registerJsonParser(app);
  registerOriginGuard(app, config.allowedOrigins);

  // Building the app touches no database (the OpenAPI document is built without one): the limits' versions are
  // read before the first request instead.
  app.addHook('onRequest', async () => {
    if (!limitsStore.loaded()) await limitsStore.load();
  });

  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', String(req.id));
  });

  await app.register(fastifyHelmet, {
    // HSTS only where this server itself speaks HTTPS: on a plain-HTTP intranet it would be ignored,
    // and behind a TLS proxy the proxy owns it.
    strictTransportSecurity: config.tls ? undefined : false,
    contentSecurityPolicy: {
      directives: {
        // helmet's default adds upgrade-insecure-requests, which sends every script of a page opened over
        // plain HTTP (a county intranet) to https:// and leaves a blank page. Plain HTTP must work.
        upgradeInsecureRequests: null,
        defaultSrc: ["'self'"],
        // antd writes its styles at run time; Swagger UI does too.
        styleSrc: ["'self'", "'unsafe-inline'"],
        // A configured map tile server (MAP_TILE_URL) serves images from its own origin.
        imgSrc: ["'self'", 'data:', 'blob:', ...(config.mapTileUrl ? [new URL(config.mapTileUrl).origin] : [])],
        fontSrc: ["'self'", 'data:'],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        workerSrc: ["'self'", 'blob:'],
      },
    },
  });
  await app.register(fastifyCookie);
  // DATABASE_READ_URL: GET handlers read from the replica, a browser that just changed something from the primary.
  registerReadRouting(app, {
    enabled: Boolean(config.databaseReadUrl),
    pinSeconds: config.readYourWritesSeconds,
    secure: config.cookieSecure,
  });
  await app.register(fastifyRateLimit, { global: false });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: "燃安 Ran'an API", description: 'Urban gas safety supervision platform', version: '1' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'ranan_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });

  const services = createServices({ db: database.db, config });
  registerAuthHook(app, services.auth, { actorCacheTtlMs: config.actorCacheTtlMs });
  const renderMetrics = registerMetrics(app);

  // Routes that belong to plugins (docs, static files) are public; mark them so the rule test sees it.
  await app.register(async (docs) => {
    docs.addHook('onRoute', (route) => {
      route.config = { ...(route.config ?? {}), permission: 'public' };
    });
    await docs.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  });

  app.get(
    '/healthz',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['platform'],
        response: {
          200: z.object({
            status: z.literal('ok'),
            database: z.string(),
            /** Demo data with its public password is loaded: every page shows the 演示数据 banner. */
            demo: z.boolean(),
          }),
          503: z.object({ status: z.literal('unavailable'), database: z.string() }),
        },
      },
    },
    async (_req, reply) => {
      const ok = await database.ping().catch(() => false);
      if (!ok) return reply.status(503).send({ status: 'unavailable', database: database.kind });
      return { status: 'ok' as const, database: database.kind, demo: await demoLoaded(database.db) };
    },
  );

  app.get('/metrics', { config: { permission: 'metrics.read' }, schema: { hide: true } }, async (_req, reply) =>
    reply.type('text/plain; version=0.0.4').send(renderMetrics()),
  );

  await app.register(authRoutes, {
    services,
    cookieSecure: config.cookieSecure,
    loginRateLimitPerMinute: config.loginRateLimitPerMinute,
  });
  await app.register(organisationRoutes, { services });
  await app.register(usersRoutes, { services });
  await app.register(auditRoutes, { db: database.db });
  // The register flags enterprises on a blacklist in force, by enforcement's rule (the register may not import it).
  registerEnterpriseBlacklist(enterpriseBlacklisted);
  await app.register(registryRoutes, { db: database.db, config });
  await app.register(rulesRoutes, { db: database.db, store: limitsStore });
  await app.register(hazardsRoutes, { db: database.db, limits });
  const fileReaders = [inspectionFileReader, hazardFileReader, tipFileReader, renewalFileReader, worksFileReader];
  await app.register(filesRoutes, { db: database.db, readers: fileReaders });
  await app.register(tipsRoutes, { db: database.db, publicTips: config.publicTips, limits });
  await app.register(enforcementRoutes, { db: database.db });
  await app.register(inspectionsRoutes, {
    db: database.db,
    config,
    limits: limitsStore,
    // A fully signed record's failed items become hazards, in the signing transaction, under the limits
    // version its results were decided under.
    // Site findings that contradict the register open a correction for the regulator responsible (issue 10.1).
    onSigned: async (tx, inspection, failures, actor) => {
      const hazards = await createHazardsFromInspection(tx, inspection, failures, actor, {
        limits: inspection.limitsVersionId
          ? ((await limitsStore.byId(inspection.limitsVersionId))?.values ?? limits)
          : limits,
      });
      await openSiteCorrections(tx, inspection, actor);
      return hazards;
    },
  });

  await app.register(notificationsRoutes, { db: database.db, allowInternalWebhooks: config.webhookAllowInternal });
  await app.register(supervisionRoutes, { db: database.db, riskWeights: config.riskWeights });

  // Ingest: the batch route of every stream; closing the app refuses new rows and drains the queues.
  const ingest = givenIngest ?? createIngest({ db: database.db, log: (msg, err) => app.log.error({ err }, msg) });
  app.addHook('onClose', () => ingest.close());
  registerDeliveryStreams(ingest, { limits });
  await app.register(ingestRoutes, { ingest });
  if (!ingest.has(CYLINDER_EVENT_STREAM)) registerCylinderStreams(ingest, { db: database.db, limits });
  await app.register(cylindersRoutes, { db: database.db, ingest, limits });
  await app.register(cylindersPublicRoutes, { db: database.db, config, limits });
  await app.register(deliveryRoutes, {
    db: database.db,
    config,
    ingest,
    cylinders: deliveryCylinderHooks({ limits }),
  });
  await app.register(trainingRoutes, { db: database.db, limits });
  await app.register(renewalRoutes, { db: database.db, fileReaders: [renewalFileReader] });
  await app.register(worksRoutes, { db: database.db, fileReaders });
  await app.register(publicityRoutes, { db: database.db });
  await app.register(monitoringRoutes, { db: database.db, config, ingest });

  // Events: modules register their handlers and who sees their events; the live feed for browsers.
  const events = givenEvents ?? createEvents({ db: database.db, log: (msg, err) => app.log.error({ err }, msg) });
  registerHazardEvents(events);
  registerCylinderEvents(events);
  registerNotificationEvents(events);
  registerTipEvents(events);
  registerEnforcementEvents(events);
  registerDeliveryEvents(events);
  registerMonitoringEvents(events);
  // Another instance's change of someone's grants, password or sessions drops this instance's cached actor.
  followActorChanges(events);
  // Another instance's change of the limits reloads this instance's versions.
  const unfollowLimits = limitsStore.follow(events);
  app.addHook('onClose', async () => unfollowLimits());
  await app.register(eventsRoutes, { events });

  await registerWeb(app, config.webDistDir);
  return app;
}

/** Serves the built web app, with index.html for any non-API path (client-side routes). */
async function registerWeb(app: FastifyInstance, dir: string) {
  const index = path.join(dir, 'index.html');
  if (!fs.existsSync(index)) return;
  await app.register(async (web) => {
    web.addHook('onRoute', (route) => {
      route.config = { ...(route.config ?? {}), permission: 'public' };
    });
    // Precompressed at build (.br, .gz next to each file, vite.config.ts); /assets/* names carry a content
    // hash, so they are cached for a year; everything else (index.html, sw.js, precache.js) is revalidated.
    await web.register(fastifyStatic, {
      root: dir,
      wildcard: false,
      index: false,
      preCompressed: true,
      cacheControl: false,
      setHeaders: (reply, filePath) => {
        const hashed = path.relative(dir, filePath).split(path.sep)[0] === 'assets';
        reply.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
    web.get('/', { config: { permission: 'public' }, schema: { hide: true } }, (_req, reply) =>
      reply.sendFile('index.html'),
    );
    web.get('/*', { config: { permission: 'public' }, schema: { hide: true } }, (req, reply) => {
      if (req.url.startsWith('/api/')) {
        return reply
          .status(404)
          .send({ error: { code: 'request.not_found', message: 'No such route' }, requestId: String(req.id) });
      }
      return reply.sendFile('index.html');
    });
  });
}
