import { type SQL, and, desc, eq, lt } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { type Actor, regionIdFilter, regionScope, requirePermission } from '../access.ts';
import { actorOf } from '../route-types.ts';
import { auditEventsTable } from './audit.table.ts';

export const AuditQuery = z.strictObject({
  action: z.string().max(60).optional(),
  subjectType: z.string().max(40).optional(),
  subjectId: z.string().max(60).optional(),
  before: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const AuditEventResponse = z
  .object({
    seq: z.number(),
    at: z.string(),
    actorType: z.string(),
    actorName: z.string(),
    action: z.string(),
    subjectType: z.string(),
    subjectId: z.string().nullable(),
    details: z.record(z.string(), z.unknown()).nullable(),
    ip: z.string().nullable(),
    requestId: z.string().nullable(),
    hash: z.string(),
  })
  .meta({ id: 'AuditEvent' });

/**
 * Reads the audit trail, newest first. An actor with a regional grant sees the events of subjects
 * in its regions; events with no region (accounts, tokens) only a global reader sees.
 */
export async function listAuditEvents(db: Db, actor: Actor, q: z.infer<typeof AuditQuery>) {
  requirePermission(actor, 'audit.read');
  const scope = regionScope(actor, 'audit.read');
  return queryAuditEvents(
    db,
    q,
    scope === 'all' ? undefined : regionIdFilter(actor, 'audit.read', auditEventsTable.regionId),
  );
}

/**
 * The events matching a filter, newest first, paged by `before`. No permission check: callers
 * decide who may read (the audit route by scope, an object's history by the object's visibility).
 */
export async function queryAuditEvents(db: Db, q: z.infer<typeof AuditQuery>, scope?: SQL) {
  const rows = await db
    .select()
    .from(auditEventsTable)
    .where(
      and(
        scope,
        q.action ? eq(auditEventsTable.action, q.action) : undefined,
        q.subjectType ? eq(auditEventsTable.subjectType, q.subjectType) : undefined,
        q.subjectId ? eq(auditEventsTable.subjectId, q.subjectId) : undefined,
        q.before ? lt(auditEventsTable.seq, q.before) : undefined,
      ),
    )
    .orderBy(desc(auditEventsTable.seq))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  return {
    items: page.map((r) => ({
      seq: r.seq,
      at: r.at.toISOString(),
      actorType: r.actorType,
      actorName: r.actorName,
      action: r.action,
      subjectType: r.subjectType,
      subjectId: r.subjectId,
      details: r.details ?? null,
      ip: r.ip,
      requestId: r.requestId,
      hash: r.hash,
    })),
    nextBefore: rows.length > q.limit ? (page.at(-1)?.seq ?? null) : null,
  };
}

export const auditRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    '/api/v1/audit',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags: ['audit'],
        querystring: AuditQuery,
        response: { 200: z.object({ items: z.array(AuditEventResponse), nextBefore: z.number().nullable() }) },
      },
    },
    (req) => listAuditEvents(db, actorOf(req), req.query),
  );
};
