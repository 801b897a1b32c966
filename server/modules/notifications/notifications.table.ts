import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const notificationKinds = [
  'hazard_created',
  'hazard_sent_back',
  'hazard_escalated',
  'hazard_deadline',
  'registry_change_proposed',
  'registry_change_decided',
] as const;
export type NotificationKind = (typeof notificationKinds)[number];
export const channelOwnerTypes = ['user', 'department', 'region', 'enterprise', 'venue'] as const;
export type ChannelOwnerType = (typeof channelOwnerTypes)[number];
export const channelFormats = ['json', 'wecom'] as const;
export const deliveryStatuses = ['pending', 'delivered', 'failed'] as const;

/** A user's in-app notification (issue 9.20); one per user and `dedupeKey` (an event handled twice notifies once). */
export const notificationsTable = pgTable(
  'notifications',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid().notNull(),
    kind: text({ enum: notificationKinds }).notNull(),
    subjectType: text().notNull(),
    subjectId: uuid(),
    title: text().notNull(),
    body: text().notNull().default(''),
    link: text().notNull(),
    dedupeKey: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex('notifications_user_dedupe_key').on(t.userId, t.dedupeKey),
    index('notifications_user_created_idx').on(t.userId, t.createdAt),
    index('notifications_user_unread_idx').on(t.userId).where(sql`read_at is null`),
  ],
);

/** What a user does not want to see in the app (kinds muted); absent: everything. */
export const notificationPreferencesTable = pgTable('notification_preferences', {
  userId: uuid().primaryKey(),
  mutedKinds: text().array().notNull().default(sql`'{}'::text[]`),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * An outgoing channel: a webhook URL (an SMS gateway, a WeCom group robot) of one user or one organisation (a
 * department, a township or other region, an enterprise, a venue), for the kinds chosen. Each delivery is signed with
 * the channel's secret (HMAC-SHA256).
 */
export const notificationChannelsTable = pgTable(
  'notification_channels',
  {
    id: uuid().primaryKey().defaultRandom(),
    ownerType: text({ enum: channelOwnerTypes }).notNull(),
    ownerId: uuid().notNull(),
    url: text().notNull(),
    format: text({ enum: channelFormats }).notNull().default('json'),
    secret: text().notNull(),
    kinds: text().array().notNull(),
    enabled: boolean().notNull().default(true),
    updatedBy: uuid(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('notification_channels_owner_key').on(t.ownerType, t.ownerId)],
);

/** Every webhook delivery and its attempts: the queue of the sender and the record of what was sent. */
export const webhookDeliveriesTable = pgTable(
  'webhook_deliveries',
  {
    id: uuid().primaryKey().defaultRandom(),
    channelId: uuid()
      .notNull()
      .references(() => notificationChannelsTable.id, { onDelete: 'cascade' }),
    dedupeKey: text().notNull(),
    kind: text().notNull(),
    payload: jsonb().notNull(),
    status: text({ enum: deliveryStatuses }).notNull().default('pending'),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lockedUntil: timestamp({ withTimezone: true }),
    lastStatusCode: integer(),
    lastError: text(),
    deliveredAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_channel_dedupe_key').on(t.channelId, t.dedupeKey),
    index('webhook_deliveries_due_idx').on(t.nextAttemptAt).where(sql`status = 'pending'`),
    index('webhook_deliveries_channel_idx').on(t.channelId, t.createdAt),
  ],
);
