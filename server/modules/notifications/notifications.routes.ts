import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/client.ts';
import { actorOf } from '../../platform/route-types.ts';
import { IdParams, NoContent } from '../../platform/schemas.ts';
import {
  ChannelResponse,
  DeliveriesResponse,
  ListNotificationsQuery,
  NotificationListResponse,
  PutChannelBody,
  ReadAllResponse,
  SettingsResponse,
  TodosResponse,
  UpdatePreferencesBody,
} from './notifications.schemas.ts';
import { createNotificationsService } from './notifications.service.ts';

/** To-dos, the notification bell and outgoing channels (issue 9.20): every signed-in person has their own. */
export const notificationsRoutes: FastifyPluginAsyncZod<{ db: Db; allowInternalWebhooks?: boolean }> = async (
  app,
  { db, allowInternalWebhooks = false },
) => {
  const service = createNotificationsService({ db, allowInternal: allowInternalWebhooks });
  const tags = ['notifications'];
  const config = { permission: 'authenticated' as const };

  app.get('/api/v1/todos', { config, schema: { tags, response: { 200: TodosResponse } } }, (req) =>
    service.todos({ actor: actorOf(req) }),
  );
  app.get(
    '/api/v1/notifications',
    { config, schema: { tags, querystring: ListNotificationsQuery, response: { 200: NotificationListResponse } } },
    (req) => service.list({ actor: actorOf(req), ...req.query }),
  );
  app.post(
    '/api/v1/notifications/:id/read',
    { config, schema: { tags, params: IdParams, response: { 204: NoContent } } },
    async (req, reply) => {
      await service.markRead({ actor: actorOf(req), id: req.params.id });
      return reply.status(204).send();
    },
  );
  app.post('/api/v1/notifications/read-all', { config, schema: { tags, response: { 200: ReadAllResponse } } }, (req) =>
    service.markAllRead({ actor: actorOf(req) }),
  );
  app.get('/api/v1/notifications/settings', { config, schema: { tags, response: { 200: SettingsResponse } } }, (req) =>
    service.settings({ actor: actorOf(req) }),
  );
  app.put(
    '/api/v1/notifications/settings',
    { config, schema: { tags, body: UpdatePreferencesBody, response: { 200: SettingsResponse } } },
    (req) => service.updatePreferences({ actor: actorOf(req), mutedKinds: req.body.mutedKinds }),
  );
  app.put(
    '/api/v1/notification-channels',
    { config, schema: { tags, body: PutChannelBody, response: { 200: ChannelResponse } } },
    (req) => service.putChannel({ actor: actorOf(req), input: req.body }),
  );
  app.delete(
    '/api/v1/notification-channels/:id',
    { config, schema: { tags, params: IdParams, response: { 204: NoContent } } },
    async (req, reply) => {
      await service.removeChannel({ actor: actorOf(req), id: req.params.id });
      return reply.status(204).send();
    },
  );
  app.get(
    '/api/v1/notification-channels/:id/deliveries',
    { config, schema: { tags, params: IdParams, response: { 200: DeliveriesResponse } } },
    (req) => service.deliveries({ actor: actorOf(req), id: req.params.id }),
  );
  app.post(
    '/api/v1/notification-channels/:id/test',
    { config, schema: { tags, params: IdParams, response: { 200: DeliveriesResponse } } },
    (req) => service.testChannel({ actor: actorOf(req), id: req.params.id }),
  );
};
