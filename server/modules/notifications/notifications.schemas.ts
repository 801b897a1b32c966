import { z } from 'zod';
import { todoKinds } from '../../platform/todos.ts';
import { PageQuery } from '../../platform/schemas.ts';
import { channelFormats, channelOwnerTypes, deliveryStatuses, notificationKinds } from './notifications.table.ts';

const TodoItem = z.object({
  kind: z.enum(todoKinds),
  subjectType: z.string(),
  subjectId: z.string(),
  title: z.string(),
  number: z.string().nullable(),
  due: z.string().nullable(),
  overdue: z.boolean(),
  sentBack: z.boolean(),
  link: z.string(),
});
export const TodosResponse = z
  .object({
    groups: z.array(
      z.object({ kind: z.enum(todoKinds), total: z.number(), overdue: z.number(), items: z.array(TodoItem) }),
    ),
    total: z.number(),
    overdue: z.number(),
  })
  .meta({ id: 'Todos' });

export const ListNotificationsQuery = z.strictObject({ unread: z.enum(['true', 'false']).optional(), ...PageQuery });
const Notification = z.object({
  id: z.string(),
  kind: z.enum(notificationKinds),
  subjectType: z.string(),
  subjectId: z.string().nullable(),
  title: z.string(),
  body: z.string(),
  link: z.string(),
  createdAt: z.string(),
  read: z.boolean(),
});
export const NotificationListResponse = z
  .object({
    items: z.array(Notification),
    total: z.number(),
    unread: z.number(),
    page: z.number(),
    pageSize: z.number(),
  })
  .meta({ id: 'NotificationList' });
export const ReadAllResponse = z.object({ marked: z.number() });

const Channel = z.object({
  id: z.string(),
  ownerType: z.enum(channelOwnerTypes),
  ownerId: z.string(),
  url: z.string(),
  format: z.enum(channelFormats),
  kinds: z.array(z.enum(notificationKinds)),
  enabled: z.boolean(),
  /** Shown only when the channel is created or its secret is renewed. */
  secret: z.string().nullable(),
  updatedAt: z.string(),
});
export const ChannelResponse = Channel.meta({ id: 'NotificationChannel' });

export const SettingsResponse = z
  .object({
    mutedKinds: z.array(z.enum(notificationKinds)),
    /** The channels the user may set: their own, then the organisations whose user administrator they are. */
    owners: z.array(
      z.object({
        ownerType: z.enum(channelOwnerTypes),
        ownerId: z.string(),
        name: z.string(),
        channel: Channel.nullable(),
      }),
    ),
  })
  .meta({ id: 'NotificationSettings' });

export const UpdatePreferencesBody = z
  .strictObject({ mutedKinds: z.array(z.enum(notificationKinds)).max(notificationKinds.length) })
  .meta({ id: 'NotificationPreferences' });

export const PutChannelBody = z
  .strictObject({
    ownerType: z.enum(channelOwnerTypes),
    /** The organisation's id; for `user`, omitted (the caller). */
    ownerId: z.uuid().optional(),
    url: z.string().trim().min(1).max(500),
    format: z.enum(channelFormats).default('json'),
    kinds: z.array(z.enum(notificationKinds)).min(1).max(notificationKinds.length),
    enabled: z.boolean().default(true),
    /** Issue a new signing secret (shown once). */
    renewSecret: z.boolean().optional(),
  })
  .meta({ id: 'PutNotificationChannel' });

export const DeliveriesResponse = z
  .object({
    items: z.array(
      z.object({
        id: z.string(),
        kind: z.string(),
        status: z.enum(deliveryStatuses),
        attempts: z.number(),
        lastStatusCode: z.number().nullable(),
        lastError: z.string().nullable(),
        nextAttemptAt: z.string().nullable(),
        deliveredAt: z.string().nullable(),
        createdAt: z.string(),
      }),
    ),
  })
  .meta({ id: 'WebhookDeliveries' });
