import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sensorKinds } from '../../../domain/monitoring/rules.ts';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import type { Ingest } from '../../platform/ingest/index.ts';
import { actorOf } from '../../platform/route-types.ts';
import { IdParams } from '../../platform/schemas.ts';
import { createAlarmsService } from './alarms.service.ts';
import {
  AlarmDetailResponse,
  AlarmListResponse,
  AlarmStatsResponse,
  CloseBody,
  CodeParams,
  CreateSensorBody,
  DispatchBody,
  EffectiveRules,
  ListAlarmsQuery,
  ListSensorsQuery,
  NoteBody,
  ReadingsBody,
  ReadingsQuery,
  ReadingsResponse,
  ReadingsSeriesResponse,
  RuleOverrides,
  RulesBody,
  SensorDetailResponse,
  SensorListResponse,
  SensorMapResponse,
  StatsQuery,
  ToHazardBody,
  UpdateSensorBody,
} from './monitoring.schemas.ts';
import { READINGS_STREAM, createSensorsService, defineReadingsStream } from './sensors.service.ts';
import { plainReadingsBody, readingsValidatorCompiler } from './readings.check.ts';
import { validationFailed } from '../../platform/errors.ts';
import { effectiveRules } from '../../../domain/monitoring/rules.ts';
import { ownTabularRoutes } from '../registry/index.ts';
import { sensorsTabular } from './sensors.io.ts';

/** Readings bodies: 5,000 readings of ~80 bytes. */
const READINGS_BODY_LIMIT = 4 * 1024 * 1024;

/**
 * Monitoring and early warning (issue 13, plan 四(三)1): sensors, readings from gateways, alarms
 * handled to the end, the office's rules.
 */
export const monitoringRoutes: FastifyPluginAsyncZod<{ db: Db; config: Config; ingest: Ingest }> = async (
  app,
  { db, config, ingest },
) => {
  defineReadingsStream(ingest);
  const sensors = createSensorsService({ db, ingest, retentionMonths: config.monitoring.retentionMonths });
  const alarms = createAlarmsService({ db });
  const tags = ['monitoring'];
  // Broker messages (Mosquitto through the subscriber, or the embedded broker): the same body and checks as HTTP.
  ingest.defineEntry(READINGS_STREAM, async (body, actor) => {
    // `gateway` names the sender on an external broker (the subscriber reads it); the rest is the HTTP body.
    const { gateway: _gateway, ...rest } = (body ?? {}) as Record<string, unknown>;
    if (plainReadingsBody(rest)) return sensors.ingestReadings(actor, rest.readings);
    const parsed = ReadingsBody.safeParse(rest);
    if (!parsed.success)
      throw validationFailed({
        issues: parsed.error.issues
          .slice(0, 20)
          .map((i) => ({ path: ['body', ...i.path.map(String)], code: i.code, message: i.message })),
      });
    return sensors.ingestReadings(actor, parsed.data.readings);
  });

  app.post(
    '/api/v1/sensors',
    {
      config: { permission: 'monitoring.manage' },
      schema: { tags, body: CreateSensorBody, response: { 201: SensorDetailResponse } },
    },
    async (req, reply) => reply.status(201).send(await sensors.create(actorOf(req), req.body)),
  );
  app.get(
    '/api/v1/sensors',
    {
      config: { permission: 'monitoring.read' },
      schema: { tags, querystring: ListSensorsQuery, response: { 200: SensorListResponse } },
    },
    (req) => sensors.list(actorOf(req), req.query),
  );
  app.get(
    '/api/v1/sensors/map',
    { config: { permission: 'monitoring.read' }, schema: { tags, response: { 200: SensorMapResponse } } },
    (req) => sensors.map(actorOf(req)),
  );
  app.get(
    '/api/v1/sensors/:code',
    {
      config: { permission: 'monitoring.read' },
      schema: { tags, params: CodeParams, response: { 200: SensorDetailResponse } },
    },
    (req) => sensors.detail(actorOf(req), req.params.code),
  );
  app.patch(
    '/api/v1/sensors/:code',
    {
      config: { permission: 'monitoring.manage' },
      schema: { tags, params: CodeParams, body: UpdateSensorBody, response: { 200: SensorDetailResponse } },
    },
    (req) => sensors.update(actorOf(req), req.params.code, req.body),
  );
  app.put(
    '/api/v1/sensors/:code/rules',
    {
      config: { permission: 'monitoring.rules' },
      schema: { tags, params: CodeParams, body: RulesBody, response: { 200: SensorDetailResponse } },
    },
    (req) => sensors.setSensorRules(actorOf(req), req.params.code, req.body.overrides, req.body.reason),
  );
  app.get(
    '/api/v1/sensors/:code/readings',
    {
      config: { permission: 'monitoring.read' },
      schema: { tags, params: CodeParams, querystring: ReadingsQuery, response: { 200: ReadingsSeriesResponse } },
    },
    (req) => sensors.series(actorOf(req), req.params.code, req.query),
  );

  app.get(
    '/api/v1/monitoring/rules',
    {
      config: { permission: 'monitoring.read' },
      schema: {
        tags,
        response: {
          200: z.object({
            items: z.array(
              z.object({
                kind: z.enum(sensorKinds),
                rules: EffectiveRules,
                overridden: z.boolean(),
                /** The office's overrides as stored (the editor's starting point). */
                overrides: RuleOverrides,
              }),
            ),
          }),
        },
      },
    },
    async () => {
      const stored = new Map((await sensors.kindRules()).map((r) => [r.sensorKind, r.overrides]));
      return {
        items: sensorKinds.map((kind) => ({
          kind,
          rules: effectiveRules(kind, null, stored.get(kind)),
          overridden: stored.has(kind),
          overrides: stored.get(kind) ?? [],
        })),
      };
    },
  );
  app.put(
    '/api/v1/monitoring/rules/:kind',
    {
      config: { permission: 'monitoring.rules' },
      schema: {
        tags,
        params: z.strictObject({ kind: z.enum(sensorKinds) }),
        body: RulesBody,
        response: { 200: EffectiveRules },
      },
    },
    (req) => sensors.setKindRules(actorOf(req), req.params.kind, req.body.overrides, req.body.reason),
  );

  // Template, import and export through the register's machinery (registry's ownTabularRoutes).
  await app.register(
    ownTabularRoutes({
      db,
      kind: sensorsTabular,
      base: '/api/v1/sensors',
      tags,
      manage: 'monitoring.manage',
      read: 'monitoring.read',
      filters: z.record(z.string(), z.string()),
      title: '监测点',
    }),
  );

  app.post(
    '/api/v1/readings',
    {
      config: { permission: 'reading.write' },
      bodyLimit: READINGS_BODY_LIMIT,
      schema: { tags, body: ReadingsBody, response: { 200: ReadingsResponse } },
      validatorCompiler: readingsValidatorCompiler,
      // After the sign-in check (the global onRequest hook), before the body is read: a full queue sheds at once.
      onRequest: async () => ingest.refuseIfFull(READINGS_STREAM),
    },
    (req) => sensors.ingestReadings(actorOf(req), req.body.readings),
  );

  app.get(
    '/api/v1/alarms',
    {
      config: { permission: 'monitoring.read' },
      schema: { tags, querystring: ListAlarmsQuery, response: { 200: AlarmListResponse } },
    },
    (req) => alarms.list(actorOf(req), req.query),
  );
  app.get(
    '/api/v1/alarms/stats',
    {
      config: { permission: 'monitoring.read' },
      schema: { tags, querystring: StatsQuery, response: { 200: AlarmStatsResponse } },
    },
    (req) => alarms.stats(actorOf(req), req.query),
  );
  app.get(
    '/api/v1/alarms/:id',
    {
      config: { permission: 'monitoring.read' },
      schema: { tags, params: IdParams, response: { 200: AlarmDetailResponse } },
    },
    (req) => alarms.detail(actorOf(req), req.params.id),
  );
  const step = { config: { permission: 'alarm.handle' as const } };
  app.post(
    '/api/v1/alarms/:id/acknowledge',
    { ...step, schema: { tags, params: IdParams, body: NoteBody.nullish(), response: { 200: AlarmDetailResponse } } },
    (req) => alarms.acknowledge(actorOf(req), req.params.id, req.body ?? {}),
  );
  app.post(
    '/api/v1/alarms/:id/dispatch',
    {
      ...step,
      schema: { tags, params: IdParams, body: DispatchBody.nullish(), response: { 200: AlarmDetailResponse } },
    },
    (req) => alarms.dispatch(actorOf(req), req.params.id, req.body ?? {}),
  );
  app.post(
    '/api/v1/alarms/:id/arrive',
    { ...step, schema: { tags, params: IdParams, body: NoteBody.nullish(), response: { 200: AlarmDetailResponse } } },
    (req) => alarms.arrive(actorOf(req), req.params.id, req.body ?? {}),
  );
  app.post(
    '/api/v1/alarms/:id/notes',
    { ...step, schema: { tags, params: IdParams, body: NoteBody, response: { 200: AlarmDetailResponse } } },
    (req) => alarms.note(actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/v1/alarms/:id/close',
    { ...step, schema: { tags, params: IdParams, body: CloseBody, response: { 200: AlarmDetailResponse } } },
    (req) => alarms.close(actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/v1/alarms/:id/hazard',
    {
      ...step,
      schema: {
        tags,
        params: IdParams,
        body: ToHazardBody.nullish(),
        response: { 200: AlarmDetailResponse.extend({ hazardId: z.string() }) },
      },
    },
    (req) => alarms.toHazard(actorOf(req), req.params.id, req.body ?? {}),
  );
};
