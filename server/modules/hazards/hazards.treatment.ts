import { inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { hazardTreatmentPlansTable } from './hazards.table.ts';
import type { TreatmentPlanInput } from './hazards.schemas.ts';

export type TreatmentPlanRow = typeof hazardTreatmentPlansTable.$inferSelect;

/** Row → response. */
export function presentTreatmentPlan(p: TreatmentPlanRow) {
  return {
    goals: p.goals,
    measures: p.measures,
    funds: p.funds,
    people: p.people,
    deadline: p.deadline,
    emergencyMeasures: p.emergencyMeasures,
    reportedAt: p.reportedAt.toISOString(),
    revision: p.revision,
    updatedAt: p.updatedAt.toISOString(),
  };
}
export type TreatmentPlan = ReturnType<typeof presentTreatmentPlan>;

/**
 * The treatment plans (治理方案) of these hazards, by hazard id: for 挂牌督办 lists and supervision views. The
 * caller has already limited the hazards to what its actor may read.
 */
export async function treatmentPlansOf(db: Db, hazardIds: readonly string[]): Promise<Map<string, TreatmentPlan>> {
  if (!hazardIds.length) return new Map();
  const rows = await db
    .select()
    .from(hazardTreatmentPlansTable)
    .where(inArray(hazardTreatmentPlansTable.hazardId, [...hazardIds]));
  return new Map(rows.map((r) => [r.hazardId, presentTreatmentPlan(r)]));
}

/** Records or revises a plan inside the caller's transaction; returns the stored row and whether it is new. */
export async function upsertTreatmentPlan(
  tx: Db,
  hazardId: string,
  input: TreatmentPlanInput,
  userId: string | null,
): Promise<{ row: TreatmentPlanRow; created: boolean }> {
  const [row] = await tx
    .insert(hazardTreatmentPlansTable)
    .values({ hazardId, ...input, updatedBy: userId })
    .onConflictDoUpdate({
      target: hazardTreatmentPlansTable.hazardId,
      set: {
        ...input,
        updatedBy: userId,
        updatedAt: sql`now()`,
        revision: sql`${hazardTreatmentPlansTable.revision} + 1`,
      },
    })
    .returning();
  return { row: row!, created: row!.revision === 1 };
}
