import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { type Actor, requirePermission } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { IsoDate, IsoDateTime, PageQuery } from '../../platform/schemas.ts';
import { chinaToday } from '../../../domain/dates.ts';
import { hazardReadScope } from '../hazards/index.ts';
import { hazardsTable } from '../hazards/index.ts';
import { accidentScope } from './supervision.access.ts';
import { Text, names } from './supervision.common.ts';
import { accidentNotFound, accidentStateInvalid, orderSubjectInvalid } from './supervision.errors.ts';
import { accidentLevels, accidentStatuses, gasAccidentsTable } from './supervision.table.ts';
// ---------------------------------------------------------------- 燃气事故

export const CreateAccidentBody = z.strictObject({
  occurredAt: IsoDateTime,
  regionId: z.uuid(),
  place: Text(200),
  level: z.enum(accidentLevels),
  deaths: z.number().int().min(0).max(10_000).default(0),
  injuries: z.number().int().min(0).max(10_000).default(0),
  description: Text(4000),
  /** 提级调查. */
  escalatedInvestigation: z.boolean().default(false),
  objectType: z.enum(['enterprise', 'facility', 'venue', 'pipeline', 'vehicle']).optional(),
  objectId: z.uuid().optional(),
  hazardIds: z.array(z.uuid()).max(50).default([]),
  caseRefs: z.array(z.string().trim().min(1).max(60)).max(20).default([]),
});
export const ListAccidentsQuery = z.strictObject({ status: z.enum(accidentStatuses).optional(), ...PageQuery });
/** 调查: the team (and who leads it), from a day (today by default; not in the future). */
export const InvestigateAccidentBody = z.strictObject({ team: Text(500), startedOn: IsoDate.optional() });
/** 结案: the cause, the responsibility and measures. */
export const CloseAccidentBody = z.strictObject({ cause: Text(2000), conclusion: Text(4000) });
export const AccidentResponse = z
  .object({
    id: z.string(),
    occurredAt: z.string(),
    regionId: z.string(),
    regionName: z.string(),
    place: z.string(),
    level: z.enum(accidentLevels),
    deaths: z.number(),
    injuries: z.number(),
    description: z.string(),
    escalatedInvestigation: z.boolean(),
    objectType: z.string().nullable(),
    objectId: z.string().nullable(),
    hazards: z.array(z.object({ id: z.string(), number: z.string() })),
    caseRefs: z.array(z.string()),
    status: z.enum(accidentStatuses),
    investigationTeam: z.string().nullable(),
    investigationStartedOn: z.string().nullable(),
    cause: z.string().nullable(),
    conclusion: z.string().nullable(),
    closedOn: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'GasAccident' });
export const AccidentListResponse = z.object({ items: z.array(AccidentResponse), total: z.number() });
const ac = gasAccidentsTable;

async function presentAccidents(db: Db, rows: (typeof ac.$inferSelect)[]) {
  const { regions } = await names(db);
  const ids = [...new Set(rows.flatMap((r) => r.hazardIds))];
  const hz = ids.length
    ? await db
        .select({ id: hazardsTable.id, number: hazardsTable.number })
        .from(hazardsTable)
        .where(inArray(hazardsTable.id, ids))
    : [];
  return rows.map((r) => ({
    id: r.id,
    occurredAt: r.occurredAt.toISOString(),
    regionId: r.regionId,
    regionName: regions.find((x) => x.id === r.regionId)?.name ?? '',
    place: r.place,
    level: r.level,
    deaths: r.deaths,
    injuries: r.injuries,
    description: r.description,
    escalatedInvestigation: r.escalatedInvestigation,
    objectType: r.objectType,
    objectId: r.objectId,
    hazards: r.hazardIds.map((id) => ({ id, number: hz.find((h) => h.id === id)?.number ?? '' })),
    caseRefs: r.caseRefs,
    status: r.status,
    investigationTeam: r.investigationTeam,
    investigationStartedOn: r.investigationStartedOn,
    cause: r.cause,
    conclusion: r.conclusion,
    closedOn: r.closedOn,
    createdAt: r.createdAt.toISOString(),
  }));
}

export async function createAccident(db: Db, actor: Actor, body: z.infer<typeof CreateAccidentBody>) {
  requirePermission(actor, 'supervision.manage');
  const { regions } = await names(db);
  if (!regions.some((r) => r.id === body.regionId)) throw orderSubjectInvalid({ field: 'regionId' });
  if (!!body.objectType !== !!body.objectId)
    throw orderSubjectInvalid({ field: body.objectType ? 'objectId' : 'objectType' });
  if (body.hazardIds.length) {
    const found = await db
      .select({ id: hazardsTable.id })
      .from(hazardsTable)
      .where(and(inArray(hazardsTable.id, body.hazardIds), hazardReadScope(actor)));
    const readable = new Set(found.map((f) => f.id));
    const missing = body.hazardIds.findIndex((id) => !readable.has(id));
    if (missing >= 0) throw orderSubjectInvalid({ field: `hazardIds.${missing}` });
  }
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(ac)
      .values({
        ...body,
        occurredAt: new Date(body.occurredAt),
        objectType: body.objectType ?? null,
        objectId: body.objectId ?? null,
        hazardIds: [...new Set(body.hazardIds)],
        createdBy: actor.type === 'user' ? actor.id : null,
      })
      .returning();
    await recordAudit(tx, {
      actor,
      action: 'gas_accident.record',
      subject: { type: 'gas_accident', id: row!.id },
      regionId: row!.regionId,
      after: {
        level: row!.level,
        deaths: row!.deaths,
        injuries: row!.injuries,
        escalatedInvestigation: row!.escalatedInvestigation,
      },
      details: { place: row!.place, level: row!.level },
    });
    return (await presentAccidents(tx, [row!]))[0]!;
  });
}

export async function getAccident(db: Db, actor: Actor, id: string) {
  requirePermission(actor, 'supervision.read');
  const [row] = await db
    .select()
    .from(ac)
    .where(and(eq(ac.id, id), accidentScope(actor, 'supervision.read')));
  if (!row) throw accidentNotFound();
  return (await presentAccidents(db, [row]))[0]!;
}

export async function listAccidents(db: Db, actor: Actor, q: z.infer<typeof ListAccidentsQuery>) {
  requirePermission(actor, 'supervision.read');
  const c = and(accidentScope(actor, 'supervision.read'), q.status ? eq(ac.status, q.status) : undefined);
  const rows = await db
    .select()
    .from(ac)
    .where(c)
    .orderBy(desc(ac.occurredAt), desc(ac.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const [{ n } = { n: 0 }] = await db.select({ n: sql<number>`count(*)::int` }).from(ac).where(c);
  return { items: await presentAccidents(db, rows), total: Number(n) };
}

const accidentSnapshot = (r: typeof ac.$inferSelect) => ({
  status: r.status,
  investigationTeam: r.investigationTeam,
  investigationStartedOn: r.investigationStartedOn,
  cause: r.cause,
  conclusion: r.conclusion,
  closedOn: r.closedOn,
});

/** 调查: a recorded accident is put under investigation by a team (提级调查 keeps its flag). */
export async function investigateAccident(
  db: Db,
  actor: Actor,
  id: string,
  body: z.infer<typeof InvestigateAccidentBody>,
  today = chinaToday(),
) {
  requirePermission(actor, 'supervision.manage');
  const startedOn = body.startedOn ?? today;
  if (startedOn > today) throw orderSubjectInvalid({ field: 'startedOn', reason: 'future' });
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(ac)
      .where(and(eq(ac.id, id), accidentScope(actor, 'supervision.manage')));
    if (!before) throw accidentNotFound();
    if (before.status !== 'recorded') throw accidentStateInvalid({ status: before.status });
    if (startedOn < chinaToday(before.occurredAt))
      throw orderSubjectInvalid({ field: 'startedOn', reason: 'before_accident' });
    const [after] = await tx
      .update(ac)
      .set({ status: 'investigating', investigationTeam: body.team, investigationStartedOn: startedOn })
      .where(and(eq(ac.id, id), eq(ac.status, 'recorded')))
      .returning();
    if (!after) throw accidentStateInvalid({ status: 'changed' });
    await recordAudit(tx, {
      actor,
      action: 'gas_accident.investigate',
      subject: { type: 'gas_accident', id },
      regionId: after.regionId,
      before: accidentSnapshot(before),
      after: accidentSnapshot(after),
      details: { team: body.team, startedOn },
    });
    return (await presentAccidents(tx, [after]))[0]!;
  });
}

/** 结案: an accident under investigation is closed with its cause and conclusion. */
export async function closeAccident(
  db: Db,
  actor: Actor,
  id: string,
  body: z.infer<typeof CloseAccidentBody>,
  today = chinaToday(),
) {
  requirePermission(actor, 'supervision.manage');
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(ac)
      .where(and(eq(ac.id, id), accidentScope(actor, 'supervision.manage')));
    if (!before) throw accidentNotFound();
    if (before.status !== 'investigating') throw accidentStateInvalid({ status: before.status });
    const [after] = await tx
      .update(ac)
      .set({ status: 'closed', cause: body.cause, conclusion: body.conclusion, closedOn: today })
      .where(and(eq(ac.id, id), eq(ac.status, 'investigating')))
      .returning();
    if (!after) throw accidentStateInvalid({ status: 'changed' });
    await recordAudit(tx, {
      actor,
      action: 'gas_accident.close',
      subject: { type: 'gas_accident', id },
      regionId: after.regionId,
      before: accidentSnapshot(before),
      after: accidentSnapshot(after),
      details: { closedOn: today },
    });
    return (await presentAccidents(tx, [after]))[0]!;
  });
}
