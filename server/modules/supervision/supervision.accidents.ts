import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { type Actor, requirePermission } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { IsoDateTime, PageQuery } from '../../platform/schemas.ts';
import { hazardReadScope } from '../hazards/index.ts';
import { hazardsTable } from '../hazards/hazards.table.ts';
import { accidentScope } from './supervision.access.ts';
import { Text, names } from './supervision.common.ts';
import { accidentNotFound, orderSubjectInvalid } from './supervision.errors.ts';
import { accidentLevels, gasAccidentsTable } from './supervision.table.ts';
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
export const ListAccidentsQuery = z.strictObject({ ...PageQuery });
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
  const c = accidentScope(actor, 'supervision.read');
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
