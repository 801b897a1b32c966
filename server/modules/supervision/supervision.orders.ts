import { type SQL, and, asc, eq, inArray, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import { addDays, chinaToday } from '../../../domain/dates.ts';
import { planTaskSeeds } from '../../../domain/plan/plan-data.ts';
import type { Db } from '../../db/client.ts';
import { type Actor, can, requirePermission, systemActor } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { JobRunner } from '../../platform/jobs/index.ts';
import { dailyAt } from '../../platform/jobs/index.ts';
import { IsoDate, PageQuery } from '../../platform/schemas.ts';
import { hazardReadScope, listMajorHazard } from '../hazards/index.ts';
import { hazardsTable } from '../hazards/index.ts';
import { regionsTable } from '../organisation/index.ts';
import { orderScope } from './supervision.access.ts';
import {
  orderDueInvalid,
  orderNotAddressee,
  orderNotFound,
  orderStateInvalid,
  orderSubjectInvalid,
  orderTargetInvalid,
} from './supervision.errors.ts';
import {
  bulletinsTable,
  orderResults,
  orderStatuses,
  orderSubjectTypes,
  orderTargetTypes,
  supervisionOrdersTable,
} from './supervision.table.ts';

import { Text, names } from './supervision.common.ts';

const o = supervisionOrdersTable;

// ---------------------------------------------------------------- 督办单

export const CreateOrderBody = z.strictObject({
  targetType: z.enum(orderTargetTypes),
  targetRegionId: z.uuid().optional(),
  targetDepartmentId: z.uuid().optional(),
  subjectType: z.enum(orderSubjectTypes),
  hazardId: z.uuid().optional(),
  areaRegionId: z.uuid().optional(),
  taskCode: z.string().max(20).optional(),
  /** 挂牌督办 (a major hazard only). */
  listed: z.boolean().default(false),
  title: Text(100),
  requirement: Text(2000),
  dueOn: IsoDate,
  bulletinId: z.uuid().optional(),
});
export const AnswerOrderBody = z.strictObject({ answer: Text(2000) });
export const EscalateOrderBody = z.strictObject({ note: Text(500) });
export const CloseOrderBody = z.strictObject({ result: z.enum(orderResults), resultNote: Text(2000) });
export const ListOrdersQuery = z.strictObject({
  status: z.enum(orderStatuses).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  listed: z.enum(['true', 'false']).optional(),
  ...PageQuery,
});

export const OrderResponse = z
  .object({
    id: z.string(),
    number: z.string(),
    targetType: z.enum(orderTargetTypes),
    targetRegionId: z.string().nullable(),
    targetDepartmentId: z.string().nullable(),
    targetName: z.string(),
    subjectType: z.enum(orderSubjectTypes),
    hazardId: z.string().nullable(),
    hazardNumber: z.string().nullable(),
    areaRegionId: z.string().nullable(),
    taskCode: z.string().nullable(),
    listed: z.boolean(),
    title: z.string(),
    requirement: z.string(),
    issuedOn: z.string(),
    dueOn: z.string(),
    status: z.enum(orderStatuses),
    overdue: z.boolean(),
    receivedAt: z.string().nullable(),
    escalationNote: z.string().nullable(),
    answer: z.string().nullable(),
    answeredAt: z.string().nullable(),
    result: z.enum(orderResults).nullable(),
    resultNote: z.string().nullable(),
    closedAt: z.string().nullable(),
    escalationLevel: z.number(),
    bulletinId: z.string().nullable(),
    createdAt: z.string(),
    abilities: z.object({ receive: z.boolean(), answer: z.boolean(), escalate: z.boolean(), close: z.boolean() }),
  })
  .meta({ id: 'SupervisionOrder' });
export const OrderListResponse = z.object({ items: z.array(OrderResponse), total: z.number() });
type OrderRow = typeof o.$inferSelect;

/** Whether the actor is the order's addressee: a township grant over its region, or the named department. */
function isAddressee(
  actor: Actor,
  row: Pick<OrderRow, 'targetType' | 'targetRegionId' | 'targetDepartmentId'>,
  regionPath: string | null,
) {
  if (!can(actor, 'supervision.answer')) return false;
  return actor.grants.some((g) =>
    row.targetType === 'department'
      ? g.scopeType === 'department' && g.departmentId === row.targetDepartmentId
      : g.scopeType === 'region' && !!g.regionPath && !!regionPath && regionPath.startsWith(g.regionPath),
  );
}

async function presentOrders(db: Db, actor: Actor, rows: OrderRow[], today = chinaToday()) {
  const { regions, departments } = await names(db);
  const hazardIds = rows.map((r) => r.hazardId).filter((x): x is string => !!x);
  const hz = hazardIds.length
    ? await db
        .select({ id: hazardsTable.id, number: hazardsTable.number })
        .from(hazardsTable)
        .where(inArray(hazardsTable.id, hazardIds))
    : [];
  return rows.map((r) => {
    const region = regions.find((x) => x.id === r.targetRegionId);
    const dept = departments.find((x) => x.id === r.targetDepartmentId);
    return {
      id: r.id,
      number: r.number,
      targetType: r.targetType,
      targetRegionId: r.targetRegionId,
      targetDepartmentId: r.targetDepartmentId,
      targetName: region?.name ?? dept?.name ?? '',
      subjectType: r.subjectType,
      hazardId: r.hazardId,
      hazardNumber: hz.find((h) => h.id === r.hazardId)?.number ?? null,
      areaRegionId: r.areaRegionId,
      taskCode: r.taskCode,
      listed: r.listed,
      title: r.title,
      requirement: r.requirement,
      issuedOn: r.issuedOn,
      dueOn: r.dueOn,
      status: r.status,
      overdue: (r.status === 'issued' || r.status === 'received') && r.dueOn < today,
      receivedAt: r.receivedAt?.toISOString() ?? null,
      escalationNote: r.escalationNote,
      answer: r.answer,
      answeredAt: r.answeredAt?.toISOString() ?? null,
      result: r.result,
      resultNote: r.resultNote,
      closedAt: r.closedAt?.toISOString() ?? null,
      escalationLevel: r.escalationLevel,
      bulletinId: r.bulletinId,
      createdAt: r.createdAt.toISOString(),
      abilities: {
        receive: r.status === 'issued' && isAddressee(actor, r, region?.path ?? null),
        answer: (r.status === 'issued' || r.status === 'received') && isAddressee(actor, r, region?.path ?? null),
        escalate:
          (r.status === 'issued' || r.status === 'received') &&
          r.escalationLevel < 2 &&
          can(actor, 'supervision.manage'),
        close: r.status !== 'closed' && can(actor, 'supervision.manage'),
      },
    };
  });
}

const snapshot = (r: OrderRow) => ({
  status: r.status,
  dueOn: r.dueOn,
  answer: r.answer,
  result: r.result,
  escalationLevel: r.escalationLevel,
});

/** 督办交办: the office orders a township or a department to act by a date. */
export async function createOrder(db: Db, actor: Actor, body: z.infer<typeof CreateOrderBody>, today = chinaToday()) {
  requirePermission(actor, 'supervision.manage');
  const { regions, departments } = await names(db);
  let regionId: string;
  if (body.targetType === 'region') {
    const r =
      body.targetRegionId && !body.targetDepartmentId ? regions.find((x) => x.id === body.targetRegionId) : undefined;
    if (!r) throw orderTargetInvalid({ field: 'targetRegionId' });
    regionId = r.id;
  } else {
    const d =
      body.targetDepartmentId && !body.targetRegionId
        ? departments.find((x) => x.id === body.targetDepartmentId)
        : undefined;
    if (!d || d.code === 'campaign_office' || d.code === 'leading_group')
      throw orderTargetInvalid({ field: 'targetDepartmentId' });
    regionId = d.regionId;
  }
  if (body.subjectType === 'hazard') {
    if (!body.hazardId) throw orderSubjectInvalid({ field: 'hazardId' });
    const [h] = await db
      .select({ id: hazardsTable.id, severity: hazardsTable.severity, status: hazardsTable.status })
      .from(hazardsTable)
      .where(and(eq(hazardsTable.id, body.hazardId), hazardReadScope(actor)));
    if (!h) throw orderSubjectInvalid({ field: 'hazardId' });
    if (body.listed && h.severity !== 'major') throw orderSubjectInvalid({ field: 'listed', reason: 'not_major' });
    // A hazard is listed while it is open (挂牌 until 销号): a closed one is not listed again.
    if (body.listed && h.status === 'closed') throw orderSubjectInvalid({ field: 'listed', reason: 'closed' });
  } else if (body.listed) throw orderSubjectInvalid({ field: 'listed', reason: 'not_major' });
  if (body.subjectType === 'area' && !regions.some((x) => x.id === body.areaRegionId))
    throw orderSubjectInvalid({ field: 'areaRegionId' });
  if (body.subjectType === 'task' && !planTaskSeeds.some((t) => t.ref === body.taskCode))
    throw orderSubjectInvalid({ field: 'taskCode' });
  if (body.dueOn < today) throw orderDueInvalid({ field: 'dueOn' });
  if (body.bulletinId) {
    const [b] = await db
      .select({ id: bulletinsTable.id })
      .from(bulletinsTable)
      .where(eq(bulletinsTable.id, body.bulletinId));
    if (!b) throw orderSubjectInvalid({ field: 'bulletinId' });
  }
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('supervision_orders.number'))`);
    const year = today.slice(0, 4);
    const [{ n } = { n: 0 }] = (await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(o)
      .where(sql`${o.number} like ${`DB-${year}-%`}`)) as { n: number }[];
    const number = `DB-${year}-${String(Number(n) + 1).padStart(4, '0')}`;
    const [row] = await tx
      .insert(o)
      .values({
        number,
        targetType: body.targetType,
        targetRegionId: body.targetType === 'region' ? body.targetRegionId : null,
        targetDepartmentId: body.targetType === 'department' ? body.targetDepartmentId : null,
        regionId,
        subjectType: body.subjectType,
        hazardId: body.subjectType === 'hazard' ? body.hazardId : null,
        areaRegionId: body.subjectType === 'area' ? body.areaRegionId : null,
        taskCode: body.subjectType === 'task' ? body.taskCode : null,
        listed: body.listed,
        title: body.title,
        requirement: body.requirement,
        issuedOn: today,
        dueOn: body.dueOn,
        bulletinId: body.bulletinId ?? null,
        createdBy: actor.type === 'user' ? actor.id : null,
      })
      .returning();
    await recordAudit(tx, {
      actor,
      action: 'supervision_order.issue',
      subject: { type: 'supervision_order', id: row!.id },
      regionId,
      after: snapshot(row!),
      details: { number, title: body.title, dueOn: body.dueOn, listed: body.listed, subjectType: body.subjectType },
    });
    // 挂牌督办 lists the hazard itself (hazards' one definition of "listed"), in this transaction.
    if (body.listed && body.hazardId) await listMajorHazard(tx, actor, body.hazardId, { number });
    return (await presentOrders(tx, actor, [row!], today))[0]!;
  });
}

async function loadOrder(db: Db, actor: Actor, id: string) {
  const [row] = await db
    .select()
    .from(o)
    .where(and(eq(o.id, id), orderScope(actor, 'supervision.read')));
  if (!row) throw orderNotFound();
  return row;
}

export async function getOrder(db: Db, actor: Actor, id: string) {
  requirePermission(actor, 'supervision.read');
  return (await presentOrders(db, actor, [await loadOrder(db, actor, id)]))[0]!;
}

export async function listOrders(db: Db, actor: Actor, q: z.infer<typeof ListOrdersQuery>, today = chinaToday()) {
  requirePermission(actor, 'supervision.read');
  const c: SQL[] = [orderScope(actor, 'supervision.read')];
  if (q.status) c.push(eq(o.status, q.status));
  if (q.overdue === 'true') c.push(sql`${o.status} in ('issued', 'received') and ${o.dueOn} < ${today}::date`);
  if (q.overdue === 'false') c.push(sql`not (${o.status} in ('issued', 'received') and ${o.dueOn} < ${today}::date)`);
  if (q.listed) c.push(eq(o.listed, q.listed === 'true'));
  const rows = await db
    .select()
    .from(o)
    .where(and(...c))
    .orderBy(asc(sql`${o.status} = 'closed'`), asc(o.dueOn), asc(o.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const [{ n } = { n: 0 }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(o)
    .where(and(...c));
  return { items: await presentOrders(db, actor, rows, today), total: Number(n) };
}

/** The addressee's answer (办理情况). */
export async function answerOrder(db: Db, actor: Actor, id: string, body: z.infer<typeof AnswerOrderBody>) {
  requirePermission(actor, 'supervision.answer');
  return db.transaction(async (tx) => {
    const before = await loadOrder(tx, actor, id);
    const [region] = before.targetRegionId
      ? await tx
          .select({ path: regionsTable.path })
          .from(regionsTable)
          .where(eq(regionsTable.id, before.targetRegionId))
      : [];
    if (!isAddressee(actor, before, region?.path ?? null)) throw orderNotAddressee();
    if (before.status !== 'issued' && before.status !== 'received') throw orderStateInvalid({ status: before.status });
    const [after] = await tx
      .update(o)
      .set({
        status: 'answered',
        answer: body.answer,
        answeredAt: new Date(),
        answeredBy: actor.type === 'user' ? actor.id : null,
      })
      .where(and(eq(o.id, id), inArray(o.status, ['issued', 'received'])))
      .returning();
    if (!after) throw orderStateInvalid({ status: 'changed' });
    await recordAudit(tx, {
      actor,
      action: 'supervision_order.answer',
      subject: { type: 'supervision_order', id },
      regionId: after.regionId,
      before: snapshot(before),
      after: snapshot(after),
      details: { number: after.number },
    });
    return (await presentOrders(tx, actor, [after]))[0]!;
  });
}

/** 签收: the addressee acknowledges the order (once; it may answer without it). */
export async function receiveOrder(db: Db, actor: Actor, id: string) {
  requirePermission(actor, 'supervision.answer');
  return db.transaction(async (tx) => {
    const before = await loadOrder(tx, actor, id);
    const [region] = before.targetRegionId
      ? await tx
          .select({ path: regionsTable.path })
          .from(regionsTable)
          .where(eq(regionsTable.id, before.targetRegionId))
      : [];
    if (!isAddressee(actor, before, region?.path ?? null)) throw orderNotAddressee();
    if (before.status !== 'issued') throw orderStateInvalid({ status: before.status });
    const [after] = await tx
      .update(o)
      .set({ status: 'received', receivedAt: new Date(), receivedBy: actor.type === 'user' ? actor.id : null })
      .where(and(eq(o.id, id), eq(o.status, 'issued')))
      .returning();
    if (!after) throw orderStateInvalid({ status: 'changed' });
    await recordAudit(tx, {
      actor,
      action: 'supervision_order.receive',
      subject: { type: 'supervision_order', id },
      regionId: after.regionId,
      before: snapshot(before),
      after: snapshot(after),
      details: { number: after.number },
    });
    return (await presentOrders(tx, actor, [after]))[0]!;
  });
}

/** 提级督办: the office raises an open order's level by hand (one step, at most 2), with its reason. */
export async function escalateOrder(db: Db, actor: Actor, id: string, body: z.infer<typeof EscalateOrderBody>) {
  requirePermission(actor, 'supervision.manage');
  return db.transaction(async (tx) => {
    const before = await loadOrder(tx, actor, id);
    if ((before.status !== 'issued' && before.status !== 'received') || before.escalationLevel >= 2)
      throw orderStateInvalid({ status: before.status, escalationLevel: before.escalationLevel });
    const level = before.escalationLevel + 1;
    const [after] = await tx
      .update(o)
      .set({ escalationLevel: level, escalatedAt: new Date(), escalationNote: body.note })
      .where(and(eq(o.id, id), eq(o.escalationLevel, before.escalationLevel)))
      .returning();
    if (!after) throw orderStateInvalid({ status: 'changed' });
    await recordAudit(tx, {
      actor,
      action: 'supervision_order.escalate',
      subject: { type: 'supervision_order', id },
      regionId: after.regionId,
      before: snapshot(before),
      after: snapshot(after),
      details: { number: after.number, level, note: body.note, manual: true },
    });
    return (await presentOrders(tx, actor, [after]))[0]!;
  });
}

/** The office records the result (办结): completed or not. */
export async function closeOrder(db: Db, actor: Actor, id: string, body: z.infer<typeof CloseOrderBody>) {
  requirePermission(actor, 'supervision.manage');
  return db.transaction(async (tx) => {
    const before = await loadOrder(tx, actor, id);
    if (before.status === 'closed') throw orderStateInvalid({ status: before.status });
    const [after] = await tx
      .update(o)
      .set({ status: 'closed', result: body.result, resultNote: body.resultNote, closedAt: new Date() })
      .where(eq(o.id, id))
      .returning();
    await recordAudit(tx, {
      actor,
      action: 'supervision_order.close',
      subject: { type: 'supervision_order', id },
      regionId: after!.regionId,
      before: snapshot(before),
      after: snapshot(after!),
      details: { number: after!.number, result: body.result },
    });
    return (await presentOrders(tx, actor, [after!]))[0]!;
  });
}

/** Days after the due date an unanswered order reaches level 2 (the office; 约谈 is proposed). */
export const ORDER_LEVEL2_AFTER_DAYS = 7;

/**
 * The daily run: an order left unanswered after its due date is escalated — level 1 the day after,
 * level 2 `ORDER_LEVEL2_AFTER_DAYS` later. Levels only rise; an audit entry only when one changes,
 * so running twice on a day changes nothing.
 */
export async function escalateOrders(db: Db, today: string = chinaToday(), actor: Actor = systemActor) {
  const due = await db
    .select()
    .from(o)
    .where(and(inArray(o.status, ['issued', 'received']), lt(o.dueOn, today), lt(o.escalationLevel, 2)));
  let escalated = 0;
  for (const before of due) {
    const level = addDays(before.dueOn, ORDER_LEVEL2_AFTER_DAYS) < today ? 2 : 1;
    if (level <= before.escalationLevel) continue;
    await db.transaction(async (tx) => {
      const [after] = await tx
        .update(o)
        .set({ escalationLevel: level, escalatedAt: new Date() })
        .where(and(eq(o.id, before.id), inArray(o.status, ['issued', 'received']), lt(o.escalationLevel, level)))
        .returning();
      if (!after) return;
      escalated++;
      await recordAudit(tx, {
        actor,
        action: 'supervision_order.escalate',
        subject: { type: 'supervision_order', id: after.id },
        regionId: after.regionId,
        before: snapshot(before),
        after: snapshot(after),
        details: { number: after.number, level, dueOn: after.dueOn, today },
      });
    });
  }
  return { today, examined: due.length, escalated };
}

export const orderEscalationJobName = 'supervision.order_escalation';
export function registerOrderEscalationJob(jobs: Pick<JobRunner, 'define'>) {
  jobs.define({
    name: orderEscalationJobName,
    schedule: dailyAt(0, 15),
    maxAttempts: 5,
    run: async ({ db, scheduledFor }) => escalateOrders(db, chinaToday(scheduledFor)),
  });
}
