import { createHmac } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { addDays, chinaToday } from '../../../domain/dates.ts';
import type { Db } from '../../db/client.ts';
import { type Actor, buildActor } from '../../platform/access.ts';
import type { DomainEvent, Events } from '../../platform/events/index.ts';
import { type JobRunner, dailyAt } from '../../platform/jobs/index.ts';
import { createAuthRepository, toActorGrants } from '../auth/index.ts';
import { hazardAudience, hazardsDueBetween } from '../hazards/index.ts';
import { registryChangeDeciders, registryChangeLink } from '../registry/index.ts';
import { usersTable } from '../users/index.ts';
import {
  type NotificationKind,
  notificationChannelsTable as ch,
  notificationPreferencesTable,
  notificationsTable,
  webhookDeliveriesTable as wd,
} from './notifications.table.ts';
import { refusedAddress } from './notifications.address.ts';

/** Attempts of a webhook delivery before it is recorded failed; back-off 30 s × 2^(n−1), at most an hour. */
export const WEBHOOK_MAX_ATTEMPTS = 8;
export const webhookRetryDelayMs = (attempt: number) => Math.min(30_000 * 2 ** (attempt - 1), 3_600_000);
/** Days ahead the daily reminder looks for hazard deadlines. */
export const DEADLINE_REMINDER_DAYS = 3;

export type Notice = {
  kind: NotificationKind;
  subjectType: string;
  subjectId: string | null;
  title: string;
  body: string;
  link: string;
  /** One notice per user (and per channel) for this key, however often it is raised. */
  dedupeKey: string;
};

/** Every active user as an actor (grants resolved as at sign-in): the candidates a notice may reach. */
export async function activeActors(tx: Db): Promise<Actor[]> {
  const users = await tx
    .select({ id: usersTable.id, name: usersTable.displayName })
    .from(usersTable)
    .where(eq(usersTable.status, 'active'));
  const grants = await createAuthRepository({ db: tx }).grantsOf({ userIds: users.map((u) => u.id) });
  return users.map((u) =>
    buildActor({
      type: 'user',
      id: u.id,
      name: u.name,
      grants: toActorGrants(grants.filter((g) => g.userId === u.id)),
    }),
  );
}

/**
 * Writes the notice for each recipient (unless they muted its kind) and queues one signed webhook delivery per
 * channel that should carry it: the recipient's own, and those of the organisations the recipient holds a grant
 * in (department, region, enterprise, venue) — once per channel, however many of its people receive it.
 */
export async function notify(tx: Db, notice: Notice, recipients: Actor[]): Promise<number> {
  const ids = [...new Set(recipients.map((a) => a.id).filter((id): id is string => id !== null))];
  if (ids.length === 0) return 0;
  const muted = new Map(
    (await tx.select().from(notificationPreferencesTable).where(inArray(notificationPreferencesTable.userId, ids))).map(
      (p) => [p.userId, new Set(p.mutedKinds)],
    ),
  );
  const inApp = ids.filter((id) => !muted.get(id)?.has(notice.kind));
  if (inApp.length > 0)
    await tx
      .insert(notificationsTable)
      .values(inApp.map((userId) => ({ userId, ...notice })))
      .onConflictDoNothing();
  const owners = new Map<string, Set<string>>();
  const add = (type: string, id: string | null) => {
    if (!id) return;
    owners.set(type, (owners.get(type) ?? new Set()).add(id));
  };
  for (const a of recipients) {
    add('user', a.id);
    for (const g of a.grants) {
      if (g.scopeType === 'department') add('department', g.departmentId);
      if (g.scopeType === 'region') add('region', g.regionId);
      if (g.scopeType === 'enterprise') add('enterprise', g.enterpriseId);
      if (g.scopeType === 'venue') add('venue', g.venueId);
    }
  }
  const conditions = [...owners].map(([type, set]) =>
    and(eq(ch.ownerType, type as 'user'), inArray(ch.ownerId, [...set])),
  );
  const channels = await tx
    .select()
    .from(ch)
    .where(
      and(eq(ch.enabled, true), sql`${ch.kinds} @> array[${notice.kind}]::text[]`, sql.join(conditions, sql` or `)),
    );
  if (channels.length > 0)
    await tx
      .insert(wd)
      .values(
        channels.map((c) => ({
          channelId: c.id,
          dedupeKey: notice.dedupeKey,
          kind: notice.kind,
          payload: {
            kind: notice.kind,
            title: notice.title,
            body: notice.body,
            link: notice.link,
            subject: { type: notice.subjectType, id: notice.subjectId },
          },
        })),
      )
      .onConflictDoNothing();
  return inApp.length;
}

const hazardNotices: Record<string, { kind: NotificationKind; title: string }> = {
  'hazard.created': { kind: 'hazard_created', title: '新隐患' },
  'hazard.send_back': { kind: 'hazard_sent_back', title: '隐患整改被退回' },
  'hazard.escalated': { kind: 'hazard_escalated', title: '隐患逾期督办' },
};

/** The notice an event raises, with its recipients; null when the event notifies no one. */
async function noticeOf(tx: Db, event: DomainEvent, actors: Actor[]): Promise<[Notice, Actor[]] | null> {
  const p = event.payload as Record<string, unknown>;
  const hazard = hazardNotices[event.type];
  if (hazard && event.subject.id) {
    const level = typeof p.level === 'number' ? `（${p.level === 2 ? '二级' : '一级'}）` : '';
    return [
      {
        kind: hazard.kind,
        subjectType: 'hazard',
        subjectId: event.subject.id,
        title: `${hazard.title}${level} ${String(p.number ?? '')}`.trim(),
        body: '',
        link: `/hazards/${event.subject.id}`,
        dedupeKey: `event:${event.id}`,
      },
      await hazardAudience(tx, event.subject.id, actors),
    ];
  }
  if (event.type.startsWith('registry_change.') && event.subject.id) {
    const name = String(p.subjectName ?? '');
    const link = await registryChangeLink(tx, event.subject.id);
    if (event.type === 'registry_change.proposed')
      return [
        {
          kind: 'registry_change_proposed',
          subjectType: 'registry_change',
          subjectId: event.subject.id,
          title: `登记变更待审核：${name}`,
          body: '',
          link,
          dedupeKey: `event:${event.id}`,
        },
        await registryChangeDeciders(tx, event.subject.id, actors),
      ];
    const outcome = { 'registry_change.approved': '已批准', 'registry_change.rejected': '已驳回' }[event.type];
    if (!outcome) return null;
    return [
      {
        kind: 'registry_change_decided',
        subjectType: 'registry_change',
        subjectId: event.subject.id,
        title: `登记变更${outcome}：${name}`,
        body: '',
        link,
        dedupeKey: `event:${event.id}`,
      },
      actors.filter((a) => a.id === p.proposedBy),
    ];
  }
  return null;
}

/** Notifications from the modules' events (run once across instances by platform/events). */
export function registerNotificationEvents(events: Pick<Events, 'on'>) {
  events.on(
    'notifications.fanout',
    [...Object.keys(hazardNotices), 'registry_change.proposed', 'registry_change.approved', 'registry_change.rejected'],
    async (event, { tx }) => {
      const found = await noticeOf(tx, event, await activeActors(tx));
      if (found) await notify(tx, found[0], found[1]);
    },
  );
}

/** The daily reminder: open hazards due within DEADLINE_REMINDER_DAYS, to those who read them (once per deadline). */
export async function remindDeadlines(db: Db, today: string): Promise<{ hazards: number }> {
  return db.transaction(async (tx) => {
    const due = await hazardsDueBetween(tx, today, addDays(today, DEADLINE_REMINDER_DAYS));
    const actors = due.length > 0 ? await activeActors(tx) : [];
    for (const h of due) {
      await notify(
        tx,
        {
          kind: 'hazard_deadline',
          subjectType: 'hazard',
          subjectId: h.id,
          title: `隐患整改期限将至 ${h.number}（${h.deadline}）`,
          body: h.objectName,
          link: `/hazards/${h.id}`,
          dedupeKey: `deadline:${h.id}:${h.deadline}`,
        },
        await hazardAudience(tx, h.id, actors),
      );
    }
    return { hazards: due.length };
  });
}

/** The signature headers of a delivery: HMAC-SHA256 over `<timestamp>.<body>` with the channel's secret. */
export function signDelivery(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

function bodyOf(format: string, payload: Record<string, unknown>, deliveryId: string, at: string): string {
  if (format === 'wecom') {
    const text = [`【燃安】${payload.title}`, payload.body].filter(Boolean).join('\n');
    return JSON.stringify({ msgtype: 'text', text: { content: text } });
  }
  return JSON.stringify({ id: deliveryId, at, ...payload });
}

/**
 * Sends the due webhook deliveries (claimed with `for update skip locked`, so instances share the work): a 2xx
 * answer is delivered; anything else is retried with back-off (webhookRetryDelayMs) until WEBHOOK_MAX_ATTEMPTS,
 * then recorded failed. Each attempt's status code or error is kept on the delivery.
 */
export async function deliverDueWebhooks(
  db: Db,
  {
    now = () => new Date(),
    limit = 50,
    timeoutMs = 10_000,
    allowInternal = false,
  }: { now?: () => Date; limit?: number; timeoutMs?: number; allowInternal?: boolean } = {},
): Promise<{ delivered: number; failed: number; retrying: number }> {
  const at = now();
  const claimed = (
    (await db.execute(sql`update webhook_deliveries d set locked_until = ${new Date(at.getTime() + 120_000)},
        attempts = d.attempts + 1
      from notification_channels c
      where d.id in (select id from webhook_deliveries where status = 'pending' and next_attempt_at <= ${at}
          and (locked_until is null or locked_until < ${at}) order by next_attempt_at limit ${limit} for update skip locked)
        and c.id = d.channel_id
      returning d.id, d.payload, d.attempts, c.url, c.format, c.secret`)) as unknown as {
      rows: {
        id: string;
        payload: Record<string, unknown>;
        attempts: number;
        url: string;
        format: string;
        secret: string;
      }[];
    }
  ).rows;
  const result = { delivered: 0, failed: 0, retrying: 0 };
  for (const d of claimed) {
    const timestamp = String(Math.floor(at.getTime() / 1000));
    const body = bodyOf(d.format, d.payload, d.id, at.toISOString());
    let code: number | null = null;
    let error: string | null = null;
    let refused: string | null = null;
    try {
      refused = allowInternal ? null : await refusedAddress(d.url);
    } catch (err) {
      error = err instanceof Error ? err.message.slice(0, 300) : String(err);
    }
    if (refused) error = refused;
    else if (!error)
      try {
        const res = await fetch(d.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json; charset=utf-8',
            'user-agent': 'ranan-webhook/1',
            'x-ranan-delivery': d.id,
            'x-ranan-timestamp': timestamp,
            'x-ranan-signature': signDelivery(d.secret, timestamp, body),
          },
          body,
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
        });
        code = res.status;
        await res.body?.cancel();
        if (!res.ok) error = `HTTP ${res.status}`;
      } catch (err) {
        error = err instanceof Error ? err.message.slice(0, 300) : String(err);
      }
    if (!error) {
      await db
        .update(wd)
        .set({ status: 'delivered', deliveredAt: now(), lastStatusCode: code, lastError: null, lockedUntil: null })
        .where(eq(wd.id, d.id));
      result.delivered++;
    } else if (refused || d.attempts >= WEBHOOK_MAX_ATTEMPTS) {
      await db
        .update(wd)
        .set({ status: 'failed', lastStatusCode: code, lastError: error, lockedUntil: null })
        .where(eq(wd.id, d.id));
      result.failed++;
    } else {
      await db
        .update(wd)
        .set({
          lastStatusCode: code,
          lastError: error,
          lockedUntil: null,
          nextAttemptAt: new Date(at.getTime() + webhookRetryDelayMs(d.attempts)),
        })
        .where(eq(wd.id, d.id));
      result.retrying++;
    }
  }
  return result;
}

export const webhookJobName = 'notifications.webhooks';
export const deadlineJobName = 'notifications.deadlines';

/** The sender (every minute) and the daily deadline reminder (08:00 China time), run once across instances. */
export function registerNotificationJobs(
  jobs: Pick<JobRunner, 'define'>,
  { allowInternalWebhooks = false }: { allowInternalWebhooks?: boolean } = {},
) {
  jobs.define({
    name: webhookJobName,
    schedule: { everyMs: 60_000 },
    maxAttempts: 1,
    run: async ({ db }) => deliverDueWebhooks(db, { allowInternal: allowInternalWebhooks }),
  });
  jobs.define({
    name: deadlineJobName,
    schedule: dailyAt(8, 0),
    maxAttempts: 3,
    run: async ({ db, scheduledFor }) => remindDeadlines(db, chinaToday(scheduledFor)),
  });
}
