import { PassThrough } from 'node:stream';
import { type SQL, and, asc, desc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { addDays, chinaToday, isYmd } from '../../../domain/dates.ts';
import type { Db } from '../../db/client.ts';
import { type Actor, regionIdFilter, regionScope, requirePermission } from '../access.ts';
import { attachmentHeader } from '../download.ts';
import { actorOf } from '../route-types.ts';
import { auditEventsTable } from './audit.table.ts';
import { auditActionLabel, auditSubjectLabel } from '../../../domain/audit/labels.ts';
import { loadExcelJS } from '../lazy-libs.ts';

/** A China calendar day 'YYYY-MM-DD' from 1900 on (no year 0000, which PostgreSQL refuses). */
const ChinaDay = z
  .string()
  .max(10)
  .refine((v) => isYmd(v) && v >= '1900-01-01', { message: 'Expected a date YYYY-MM-DD' });

export const AuditQuery = z
  .strictObject({
    action: z.string().max(60).optional(),
    subjectType: z.string().max(40).optional(),
    subjectId: z.string().max(60).optional(),
    /** Who acted (a user's or machine's id). */
    actorId: z.uuid().optional(),
    /** First China day included (00:00 UTC+8). */
    from: ChinaDay.optional(),
    /** Last China day included (up to 24:00 UTC+8). */
    to: ChinaDay.optional(),
    before: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .refine((q) => !q.from || !q.to || !isYmd(q.from) || !isYmd(q.to) || q.from <= q.to, {
    message: 'from is after to',
    path: ['from'],
  });

export const AuditEventResponse = z
  .object({
    seq: z.number(),
    at: z.string(),
    actorType: z.string(),
    actorId: z.string().nullable(),
    actorName: z.string(),
    action: z.string(),
    subjectType: z.string(),
    subjectId: z.string().nullable(),
    /** A readable name of the subject (hazard number, venue name …) where the trail records one; else null. */
    subjectLabel: z.string().nullable(),
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
  return queryAuditEvents(db, q, auditScope(actor));
}

/** The reader's part of the trail (the list and its export alike); throws for an actor without audit.read. */
function auditScope(actor: Actor): SQL | undefined {
  requirePermission(actor, 'audit.read');
  const scope = regionScope(actor, 'audit.read');
  return scope === 'all' ? undefined : regionIdFilter(actor, 'audit.read', auditEventsTable.regionId);
}

/** The keys of an event's details that name its subject, most specific first. */
const LABEL_KEYS = ['number', 'name', 'plate', 'code', 'title'] as const;

function labelIn(details: Record<string, unknown> | null | undefined): string | null {
  if (!details) return null;
  for (const key of LABEL_KEYS) {
    const v = details[key];
    if (typeof v === 'string' && v.trim()) return v.trim().slice(0, 120);
  }
  return null;
}

/**
 * Readable names of the subjects of some events: from the event's own details, else from the
 * latest event of the same subject that recorded one (the trail is the only place the platform
 * may read; it imports no module). One query per page; subjects never named stay null.
 */
async function subjectLabels(db: Db, rows: (typeof auditEventsTable.$inferSelect)[]): Promise<(string | null)[]> {
  const own = rows.map((r) => labelIn(r.details));
  const missing = [...new Set(rows.filter((r, i) => own[i] === null && r.subjectId).map((r) => r.subjectId as string))];
  if (missing.length === 0) return own;
  const t = auditEventsTable;
  const named = await db
    .selectDistinctOn([t.subjectType, t.subjectId], {
      subjectType: t.subjectType,
      subjectId: t.subjectId,
      details: t.details,
    })
    .from(t)
    .where(and(inArray(t.subjectId, missing), sql`${t.details} ?| array['number','name','plate','code','title']`))
    .orderBy(asc(t.subjectType), asc(t.subjectId), desc(t.seq));
  const bySubject = new Map(named.map((n) => [`${n.subjectType}:${n.subjectId}`, labelIn(n.details)]));
  return rows.map((r, i) => own[i] ?? bySubject.get(`${r.subjectType}:${r.subjectId}`) ?? null);
}

function eventFilter(q: z.infer<typeof AuditQuery>, scope?: SQL): SQL | undefined {
  return and(
    scope,
    q.action ? eq(auditEventsTable.action, q.action) : undefined,
    q.subjectType ? eq(auditEventsTable.subjectType, q.subjectType) : undefined,
    q.subjectId ? eq(auditEventsTable.subjectId, q.subjectId) : undefined,
    q.actorId ? eq(auditEventsTable.actorId, q.actorId) : undefined,
    q.from ? gte(auditEventsTable.at, new Date(`${q.from}T00:00:00+08:00`)) : undefined,
    q.to ? lt(auditEventsTable.at, new Date(`${addDays(q.to, 1)}T00:00:00+08:00`)) : undefined,
    q.before ? lt(auditEventsTable.seq, q.before) : undefined,
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
    .where(eventFilter(q, scope))
    .orderBy(desc(auditEventsTable.seq))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const labels = await subjectLabels(db, page);
  return {
    items: page.map((r, i) => ({
      seq: r.seq,
      at: r.at.toISOString(),
      actorType: r.actorType,
      actorId: r.actorId,
      actorName: r.actorName,
      action: r.action,
      subjectType: r.subjectType,
      subjectId: r.subjectId,
      subjectLabel: labels[i] ?? null,
      details: r.details ?? null,
      ip: r.ip,
      requestId: r.requestId,
      hash: r.hash,
    })),
    nextBefore: rows.length > q.limit ? (page.at(-1)?.seq ?? null) : null,
  };
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Rows read per query while streaming the export, and the most one export holds. */
const EXPORT_BATCH = 500;
const EXPORT_MAX = 100_000;
const actorTypeZh: Record<string, string> = { user: '用户', machine: '设备', system: '系统' };

/** '2026-05-01 09:30:00', China time. */
function chinaDateTime(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * The filtered trail as .xlsx (审计日志), newest first, written row by row into the response while
 * it is read in batches: the same filter and scope as the list, `before`/`limit` ignored.
 */
export async function streamAuditWorkbook(db: Db, actor: Actor, q: z.infer<typeof AuditQuery>): Promise<PassThrough> {
  const scope = auditScope(actor);
  const out = new PassThrough();
  const wb = new (await loadExcelJS()).stream.xlsx.WorkbookWriter({
    stream: out,
    useSharedStrings: false,
    useStyles: true,
  });
  wb.creator = '燃安';
  const ws = wb.addWorksheet('审计日志');
  ws.columns = [
    { header: '序号', width: 10 },
    { header: '时间', width: 20 },
    { header: '操作人', width: 22 },
    { header: '操作人类型', width: 10 },
    { header: '操作', width: 24 },
    { header: '操作代码', width: 28 },
    { header: '对象类型', width: 16 },
    { header: '对象', width: 28 },
    { header: '对象ID', width: 38 },
    { header: 'IP', width: 16 },
    { header: '请求号', width: 24 },
  ];
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).commit();
  void (async () => {
    let before: number | undefined;
    let written = 0;
    while (written < EXPORT_MAX) {
      const rows = await db
        .select()
        .from(auditEventsTable)
        .where(eventFilter({ ...q, before }, scope))
        .orderBy(desc(auditEventsTable.seq))
        .limit(Math.min(EXPORT_BATCH, EXPORT_MAX - written));
      if (rows.length === 0) break;
      const labels = await subjectLabels(db, rows);
      rows.forEach((r, i) => {
        ws.addRow([
          r.seq,
          chinaDateTime(r.at),
          r.actorType === 'system' ? '系统' : r.actorName,
          actorTypeZh[r.actorType] ?? r.actorType,
          auditActionLabel(r.action),
          r.action,
          auditSubjectLabel(r.subjectType),
          labels[i] ?? '',
          r.subjectId ?? '',
          r.ip ?? '',
          r.requestId ?? '',
        ]).commit();
      });
      written += rows.length;
      before = rows.at(-1)?.seq;
      if (rows.length < EXPORT_BATCH) break;
    }
    ws.commit();
    await wb.commit();
  })().catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))));
  return out;
}

export const auditRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  // The filtered list as .xlsx, streamed (at most 100,000 events, newest first).
  app.get(
    '/api/v1/audit/export',
    {
      config: { permission: 'audit.read' },
      schema: { tags: ['audit'], querystring: AuditQuery, response: { 200: z.any().describe('A file') } },
    },
    async (req, reply) => {
      const stream = await streamAuditWorkbook(db, actorOf(req), req.query);
      return reply
        .type(XLSX)
        .header('content-disposition', attachmentHeader(`审计日志-${chinaToday().replace(/-/g, '')}.xlsx`))
        .send(stream);
    },
  );

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
