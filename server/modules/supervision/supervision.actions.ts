import { type SQL, and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { type Actor, requirePermission } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { IsoDate, PageQuery } from '../../platform/schemas.ts';
import { actionScope } from './supervision.access.ts';
import { Text, names } from './supervision.common.ts';
import { actionNotFound, orderSubjectInvalid, orderTargetInvalid } from './supervision.errors.ts';
import {
  bulletinsTable,
  orderTargetTypes,
  supervisionActionKinds,
  supervisionActionsTable,
  supervisionOrdersTable,
} from './supervision.table.ts';

const o = supervisionOrdersTable;
// ---------------------------------------------------------------- 警示、约谈、问责

export const CreateActionBody = z.strictObject({
  kind: z.enum(supervisionActionKinds),
  targetType: z.enum(orderTargetTypes),
  targetRegionId: z.uuid().optional(),
  targetDepartmentId: z.uuid().optional(),
  bulletinId: z.uuid().optional(),
  orderId: z.uuid().optional(),
  heldOn: IsoDate,
  subject: Text(500),
  persons: z.string().trim().max(500).default(''),
  commitments: z.string().trim().max(2000).default(''),
  followUpDue: IsoDate.optional(),
});
export const FollowUpBody = z.strictObject({ followUp: Text(2000) });
export const ListActionsQuery = z.strictObject({ kind: z.enum(supervisionActionKinds).optional(), ...PageQuery });
export const ActionResponse = z
  .object({
    id: z.string(),
    kind: z.enum(supervisionActionKinds),
    targetType: z.enum(orderTargetTypes),
    targetRegionId: z.string().nullable(),
    targetDepartmentId: z.string().nullable(),
    targetName: z.string(),
    bulletinId: z.string().nullable(),
    orderId: z.string().nullable(),
    heldOn: z.string(),
    subject: z.string(),
    persons: z.string(),
    commitments: z.string(),
    followUpDue: z.string().nullable(),
    followUp: z.string().nullable(),
    followUpAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'SupervisionAction' });
export const ActionListResponse = z.object({ items: z.array(ActionResponse), total: z.number() });
const a = supervisionActionsTable;

async function presentActions(db: Db, rows: (typeof a.$inferSelect)[]) {
  const { regions, departments } = await names(db);
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    targetType: r.targetType,
    targetRegionId: r.targetRegionId,
    targetDepartmentId: r.targetDepartmentId,
    targetName:
      regions.find((x) => x.id === r.targetRegionId)?.name ??
      departments.find((x) => x.id === r.targetDepartmentId)?.name ??
      '',
    bulletinId: r.bulletinId,
    orderId: r.orderId,
    heldOn: r.heldOn,
    subject: r.subject,
    persons: r.persons,
    commitments: r.commitments,
    followUpDue: r.followUpDue,
    followUp: r.followUp,
    followUpAt: r.followUpAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
  }));
}

/** 警示 / 约谈 (who, when, about what, commitments, follow-up) / 问责, against a township or a department. */
export async function createAction(db: Db, actor: Actor, body: z.infer<typeof CreateActionBody>) {
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
    if (!d) throw orderTargetInvalid({ field: 'targetDepartmentId' });
    regionId = d.regionId;
  }
  if (body.kind === 'interview' && !body.persons) throw orderSubjectInvalid({ field: 'persons' });
  if (
    body.bulletinId &&
    !(await db.select({ id: bulletinsTable.id }).from(bulletinsTable).where(eq(bulletinsTable.id, body.bulletinId)))[0]
  )
    throw orderSubjectInvalid({ field: 'bulletinId' });
  if (body.orderId && !(await db.select({ id: o.id }).from(o).where(eq(o.id, body.orderId)))[0])
    throw orderSubjectInvalid({ field: 'orderId' });
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(a)
      .values({
        kind: body.kind,
        targetType: body.targetType,
        targetRegionId: body.targetType === 'region' ? body.targetRegionId : null,
        targetDepartmentId: body.targetType === 'department' ? body.targetDepartmentId : null,
        regionId,
        bulletinId: body.bulletinId ?? null,
        orderId: body.orderId ?? null,
        heldOn: body.heldOn,
        subject: body.subject,
        persons: body.persons,
        commitments: body.commitments,
        followUpDue: body.followUpDue ?? null,
        createdBy: actor.type === 'user' ? actor.id : null,
      })
      .returning();
    await recordAudit(tx, {
      actor,
      action: 'supervision_action.record',
      subject: { type: 'supervision_action', id: row!.id },
      regionId,
      after: { kind: body.kind, heldOn: body.heldOn, subject: body.subject },
      details: { kind: body.kind, subject: body.subject },
    });
    return (await presentActions(tx, [row!]))[0]!;
  });
}

export async function followUpAction(db: Db, actor: Actor, id: string, body: z.infer<typeof FollowUpBody>) {
  requirePermission(actor, 'supervision.manage');
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(a)
      .where(and(eq(a.id, id), actionScope(actor, 'supervision.manage')));
    if (!before) throw actionNotFound();
    const [after] = await tx
      .update(a)
      .set({ followUp: body.followUp, followUpAt: new Date() })
      .where(eq(a.id, id))
      .returning();
    await recordAudit(tx, {
      actor,
      action: 'supervision_action.follow_up',
      subject: { type: 'supervision_action', id },
      regionId: after!.regionId,
      before: { followUp: before.followUp },
      after: { followUp: after!.followUp },
    });
    return (await presentActions(tx, [after!]))[0]!;
  });
}

export async function listActions(db: Db, actor: Actor, q: z.infer<typeof ListActionsQuery>) {
  requirePermission(actor, 'supervision.read');
  const c: SQL[] = [actionScope(actor, 'supervision.read')];
  if (q.kind) c.push(eq(a.kind, q.kind));
  const rows = await db
    .select()
    .from(a)
    .where(and(...c))
    .orderBy(desc(a.heldOn), desc(a.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const [{ n } = { n: 0 }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(a)
    .where(and(...c));
  return { items: await presentActions(db, rows), total: Number(n) };
}

export async function getAction(db: Db, actor: Actor, id: string) {
  requirePermission(actor, 'supervision.read');
  const [row] = await db
    .select()
    .from(a)
    .where(and(eq(a.id, id), actionScope(actor, 'supervision.read')));
  if (!row) throw actionNotFound();
  return (await presentActions(db, [row]))[0]!;
}
