import { randomBytes } from 'node:crypto';
import { and, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { permissionsOf } from '../../../domain/access/roles.ts';
import { chinaToday } from '../../../domain/dates.ts';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../platform/access.ts';
import { forbidden } from '../../platform/errors.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { TodoGroup } from '../../platform/todos.ts';
import { hazardTodos } from '../hazards/index.ts';
import { inspectionTodos } from '../inspections/index.ts';
import { departmentsTable, regionsTable } from '../organisation/index.ts';
import { enterprisesTable, registryChangeTodos, venuesTable } from '../registry/index.ts';
import {
  channelNotFound,
  channelOwnerForbidden,
  channelUrlInternal,
  channelUrlInvalid,
  notificationNotFound,
} from './notifications.errors.ts';
import { namesInternalHost } from './notifications.address.ts';
import type { PutChannelBody } from './notifications.schemas.ts';
import {
  type ChannelOwnerType,
  type NotificationKind,
  notificationChannelsTable as ch,
  notificationPreferencesTable as prefs,
  notificationsTable as n,
  webhookDeliveriesTable as wd,
} from './notifications.table.ts';
import type { z } from 'zod';

type ChannelRow = typeof ch.$inferSelect;

/** To-dos, notifications and channels belong to people: a machine token has none. */
function requireUser(actor: Actor): string {
  if (actor.type !== 'user' || !actor.id) throw forbidden({ permission: 'authenticated' });
  return actor.id;
}

const presentChannel = (c: ChannelRow, secret: string | null) => ({
  id: c.id,
  ownerType: c.ownerType,
  ownerId: c.ownerId,
  url: c.url,
  format: c.format,
  kinds: c.kinds as NotificationKind[],
  enabled: c.enabled,
  secret,
  updatedAt: c.updatedAt.toISOString(),
});

/** Whether the actor sets the channel of this owner: its own, or an organisation it administers users of. */
function managesOwner(actor: Actor, ownerType: ChannelOwnerType, ownerId: string): boolean {
  if (ownerType === 'user') return ownerId === actor.id;
  return actor.grants.some((g) => {
    if (!permissionsOf(g.role).includes('user.manage')) return false;
    if (g.scopeType === 'global') return true;
    const id = { department: g.departmentId, region: g.regionId, enterprise: g.enterpriseId, venue: g.venueId }[
      ownerType
    ];
    return g.scopeType === ownerType && id === ownerId;
  });
}

/**
 * To-dos, in-app notifications and outgoing channels of the signed-in user (issue 9.20). To-dos are computed from
 * the current state by the modules that own them; notifications are written by the event handler and the daily
 * reminder (notifications.fanout.ts).
 */
export function createNotificationsService({ db, allowInternal = false }: { db: Db; allowInternal?: boolean }) {
  async function ownerName(tx: Db, ownerType: ChannelOwnerType, ownerId: string): Promise<string | null> {
    const table = {
      department: departmentsTable,
      region: regionsTable,
      enterprise: enterprisesTable,
      venue: venuesTable,
    } as const;
    if (ownerType === 'user') return '';
    const tb = table[ownerType];
    const [r] = await tx.select({ name: tb.name }).from(tb).where(eq(tb.id, ownerId));
    return r?.name ?? null;
  }

  return {
    async todos({ actor }: { actor: Actor }) {
      requireUser(actor);
      const today = chinaToday();
      const groups: TodoGroup[] = [
        ...(await hazardTodos(db, actor, today)),
        ...(await inspectionTodos(db, actor, today)),
        ...(await registryChangeTodos(db, actor)),
      ];
      return {
        groups,
        total: groups.reduce((s, g) => s + g.total, 0),
        overdue: groups.reduce((s, g) => s + g.overdue, 0),
      };
    },

    async list({
      actor,
      unread,
      page,
      pageSize,
    }: {
      actor: Actor;
      unread?: 'true' | 'false';
      page: number;
      pageSize: number;
    }) {
      const userId = requireUser(actor);
      const where = and(eq(n.userId, userId), unread === 'true' ? isNull(n.readAt) : undefined);
      const [{ total }] = (await db.select({ total: count() }).from(n).where(where)) as [{ total: number }];
      const [{ open }] = (await db
        .select({ open: count() })
        .from(n)
        .where(and(eq(n.userId, userId), isNull(n.readAt)))) as [{ open: number }];
      const rows = await db
        .select()
        .from(n)
        .where(where)
        .orderBy(desc(n.createdAt), desc(n.id))
        .limit(pageSize)
        .offset((page - 1) * pageSize);
      return {
        items: rows.map((r) => ({
          id: r.id,
          kind: r.kind,
          subjectType: r.subjectType,
          subjectId: r.subjectId,
          title: r.title,
          body: r.body,
          link: r.link,
          createdAt: r.createdAt.toISOString(),
          read: r.readAt !== null,
        })),
        total: Number(total),
        unread: Number(open),
        page,
        pageSize,
      };
    },

    async markRead({ actor, id }: { actor: Actor; id: string }) {
      const userId = requireUser(actor);
      const [r] = await db
        .update(n)
        .set({ readAt: sql`coalesce(${n.readAt}, now())` })
        .where(and(eq(n.id, id), eq(n.userId, userId)))
        .returning({ id: n.id });
      if (!r) throw notificationNotFound();
    },

    async markAllRead({ actor }: { actor: Actor }) {
      const userId = requireUser(actor);
      const rows = await db
        .update(n)
        .set({ readAt: sql`now()` })
        .where(and(eq(n.userId, userId), isNull(n.readAt)))
        .returning({ id: n.id });
      return { marked: rows.length };
    },

    async settings({ actor }: { actor: Actor }) {
      const userId = requireUser(actor);
      const [p] = await db.select().from(prefs).where(eq(prefs.userId, userId));
      const owners: { ownerType: ChannelOwnerType; ownerId: string; name: string }[] = [
        { ownerType: 'user', ownerId: userId, name: actor.name },
      ];
      const global = actor.grants.some(
        (g) => g.scopeType === 'global' && permissionsOf(g.role).includes('user.manage'),
      );
      if (global) {
        for (const d of await db.select().from(departmentsTable).orderBy(departmentsTable.name))
          owners.push({ ownerType: 'department', ownerId: d.id, name: d.name });
        for (const r of await db
          .select()
          .from(regionsTable)
          .where(eq(regionsTable.level, 'township'))
          .orderBy(regionsTable.code))
          owners.push({ ownerType: 'region', ownerId: r.id, name: r.name });
      } else {
        for (const g of actor.grants) {
          // A facility grant (a filling line's machine token) owns no notification channel.
          if (!permissionsOf(g.role).includes('user.manage') || g.scopeType === 'global' || g.scopeType === 'facility')
            continue;
          const ownerId = {
            department: g.departmentId,
            region: g.regionId,
            enterprise: g.enterpriseId,
            venue: g.venueId,
          }[g.scopeType];
          if (!ownerId || owners.some((o) => o.ownerId === ownerId)) continue;
          owners.push({ ownerType: g.scopeType, ownerId, name: (await ownerName(db, g.scopeType, ownerId)) ?? '' });
        }
      }
      const channels = await db
        .select()
        .from(ch)
        .where(
          inArray(
            ch.ownerId,
            owners.map((o) => o.ownerId),
          ),
        );
      return {
        mutedKinds: (p?.mutedKinds ?? []) as NotificationKind[],
        owners: owners.map((o) => {
          const c = channels.find((x) => x.ownerType === o.ownerType && x.ownerId === o.ownerId);
          return { ...o, channel: c ? presentChannel(c, null) : null };
        }),
      };
    },

    async updatePreferences({ actor, mutedKinds }: { actor: Actor; mutedKinds: NotificationKind[] }) {
      const userId = requireUser(actor);
      const kinds = [...new Set(mutedKinds)];
      await db
        .insert(prefs)
        .values({ userId, mutedKinds: kinds })
        .onConflictDoUpdate({ target: prefs.userId, set: { mutedKinds: kinds, updatedAt: sql`now()` } });
      return this.settings({ actor });
    },

    /** Creates or replaces the channel of an owner the actor may set; audited (it sends data out of the platform). */
    async putChannel({ actor, input }: { actor: Actor; input: z.infer<typeof PutChannelBody> }) {
      const userId = requireUser(actor);
      const ownerId = input.ownerType === 'user' ? userId : input.ownerId;
      if (!ownerId) throw channelOwnerForbidden({ field: 'ownerId' });
      if (!managesOwner(actor, input.ownerType, ownerId)) throw channelOwnerForbidden({ field: 'ownerId' });
      let url: URL;
      try {
        url = new URL(input.url);
      } catch {
        throw channelUrlInvalid({ field: 'url' });
      }
      if (!['http:', 'https:'].includes(url.protocol) || url.username || url.password)
        throw channelUrlInvalid({ field: 'url' });
      if (!allowInternal && namesInternalHost(url)) throw channelUrlInternal({ field: 'url' });
      return db.transaction(async (tx) => {
        if (input.ownerType !== 'user' && (await ownerName(tx, input.ownerType, ownerId)) === null)
          throw channelOwnerForbidden({ field: 'ownerId' });
        const [existing] = await tx
          .select()
          .from(ch)
          .where(and(eq(ch.ownerType, input.ownerType), eq(ch.ownerId, ownerId)));
        const secret = !existing || input.renewSecret ? randomBytes(24).toString('base64url') : null;
        const values = {
          url: url.toString(),
          format: input.format,
          kinds: [...new Set(input.kinds)],
          enabled: input.enabled,
          updatedBy: userId,
          updatedAt: new Date(),
          ...(secret ? { secret } : {}),
        };
        const [row] = existing
          ? await tx.update(ch).set(values).where(eq(ch.id, existing.id)).returning()
          : await tx
              .insert(ch)
              .values({ ownerType: input.ownerType, ownerId, secret: secret!, ...values })
              .returning();
        await recordAudit(tx, {
          actor,
          action: 'notification_channel.set',
          subject: { type: 'notification_channel', id: row!.id },
          details: {
            ownerType: input.ownerType,
            ownerId,
            host: url.host,
            format: input.format,
            kinds: values.kinds,
            enabled: input.enabled,
            secretRenewed: secret !== null,
          },
        });
        return presentChannel(row!, secret);
      });
    },

    async removeChannel({ actor, id }: { actor: Actor; id: string }) {
      requireUser(actor);
      return db.transaction(async (tx) => {
        const [c] = await tx.select().from(ch).where(eq(ch.id, id));
        if (!c || !managesOwner(actor, c.ownerType, c.ownerId)) throw channelNotFound();
        await tx.delete(ch).where(eq(ch.id, id));
        await recordAudit(tx, {
          actor,
          action: 'notification_channel.remove',
          subject: { type: 'notification_channel', id },
          details: { ownerType: c.ownerType, ownerId: c.ownerId, host: new URL(c.url).host },
        });
      });
    },

    async deliveries({ actor, id }: { actor: Actor; id: string }) {
      requireUser(actor);
      const [c] = await db.select().from(ch).where(eq(ch.id, id));
      if (!c || !managesOwner(actor, c.ownerType, c.ownerId)) throw channelNotFound();
      const rows = await db.select().from(wd).where(eq(wd.channelId, id)).orderBy(desc(wd.createdAt)).limit(50);
      return {
        items: rows.map((r) => ({
          id: r.id,
          kind: r.kind,
          status: r.status,
          attempts: r.attempts,
          lastStatusCode: r.lastStatusCode,
          lastError: r.lastError,
          nextAttemptAt: r.status === 'pending' ? r.nextAttemptAt.toISOString() : null,
          deliveredAt: r.deliveredAt?.toISOString() ?? null,
          createdAt: r.createdAt.toISOString(),
        })),
      };
    },

    /** Queues a test message on the channel (sent by the next run of the sender). */
    async testChannel({ actor, id }: { actor: Actor; id: string }) {
      requireUser(actor);
      const [c] = await db.select().from(ch).where(eq(ch.id, id));
      if (!c || !managesOwner(actor, c.ownerType, c.ownerId)) throw channelNotFound();
      await db.insert(wd).values({
        channelId: id,
        dedupeKey: `test:${randomBytes(8).toString('hex')}`,
        kind: 'test',
        payload: { kind: 'test', title: '燃安测试消息', body: '收到此消息说明通知通道可用', link: '/', subject: null },
      });
      return this.deliveries({ actor, id });
    },
  };
}
