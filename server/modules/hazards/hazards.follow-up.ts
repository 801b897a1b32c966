import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { addDays } from '../../../domain/hazards/dates.ts';
import { selectForFollowUp } from '../../../domain/hazards/follow-up.ts';
import { type HazardLimits, defaultLimits } from '../../../domain/hazards/limits.ts';
import type { Db } from '../../db/client.ts';
import { type Actor, requirePermission } from '../../platform/access.ts';
import { planFollowUpInspection } from '../inspections/index.ts';
import { regionsTable } from '../organisation/index.ts';
import { chinaToday as todayInChina } from '../../../domain/dates.ts';
import { hazardScope, inRegionPath } from './hazards.access.ts';
import { hazardFollowUpRangeRequired } from './hazards.errors.ts';
import { chinaDay, createHazardsRepository } from './hazards.repository.ts';
import { recordHazardEvent } from './hazards.service.ts';
import { hazardsTable } from './hazards.table.ts';

const h = hazardsTable;

export type ScheduleFollowUpInput = {
  phase?: 'intensive' | 'consolidation' | 'long_term';
  from?: string;
  to?: string;
  share?: number;
  dueOn?: string;
  regionId?: string;
};

/**
 * 回头看 (plan 五、工作安排(二)): draws the closed hazards of a period (closed within the phase or the
 * dates) in the actor's scope with the domain's `selectForFollowUp` — every major one and a seeded,
 * reproducible sample of the general ones — sets their `followUpDueOn` and plans one follow-up
 * inspection of each hazard's object (kind 'follow_up', `followUpOfHazardId`), through the
 * inspections repository, in one transaction. The seed is the period itself, so scheduling the
 * same period again draws the same hazards and plans nothing twice.
 */
export async function scheduleFollowUps(
  db: Db,
  actor: Actor,
  input: ScheduleFollowUpInput,
  { limits = defaultLimits, today = todayInChina() }: { limits?: HazardLimits; today?: string } = {},
) {
  requirePermission(actor, 'hazard.manage');
  const repo = createHazardsRepository({ db });
  let from = input.from;
  let to = input.to;
  if (input.phase) {
    const range = await repo.phaseRange(input.phase);
    from = range.from;
    to = range.to ?? today;
  }
  if (!from || !to) throw hazardFollowUpRangeRequired();
  const share = input.share ?? limits.followUpShare;
  const seed = `回头看 ${from}..${to}`;
  const dueOn = input.dueOn ?? addDays(today, 30);

  const conditions = [
    hazardScope(actor, 'hazard.manage'),
    eq(h.status, 'closed'),
    isNotNull(h.closedAt),
    sql`${chinaDay(h.closedAt)} between ${from} and ${to}`,
  ];
  if (input.regionId) {
    const [r] = await db
      .select({ path: regionsTable.path })
      .from(regionsTable)
      .where(eq(regionsTable.id, input.regionId));
    conditions.push(r ? inRegionPath(h.regionId, r.path) : sql`false`);
  }
  const closed = await db
    .select({ id: h.id, severity: h.severity, followUpDueOn: h.followUpDueOn })
    .from(h)
    .where(and(...conditions));
  const selected = selectForFollowUp(closed, { share, seed });
  const pending = selected.filter((s) => s.followUpDueOn === null);

  const scheduled = await db.transaction(async (tx) => {
    const hazards = createHazardsRepository({ db: tx });
    const out: { hazardId: string; number: string; severity: 'major' | 'general'; inspectionId: string }[] = [];
    for (const s of pending) {
      const [row] = await tx.select().from(h).where(eq(h.id, s.id)).for('update');
      if (!row || row.followUpDueOn !== null) continue;
      const inspection = await planFollowUpInspection(tx, {
        objectType: row.objectType,
        objectId: row.objectId,
        regionId: row.regionId,
        objectKind: row.objectKind,
        ownerEnterpriseId: row.ownerEnterpriseId,
        objectName: row.objectName,
        objectAddress: row.objectAddress,
        departmentIds: row.departmentId ? [row.departmentId] : [],
        plannedOn: dueOn,
        followUpOfHazardId: row.id,
        createdBy: actor.type === 'user' ? actor.id : null,
      });
      const updated = await hazards.update(row.id, { followUpDueOn: dueOn });
      await recordHazardEvent(tx, {
        actor,
        hazard: updated,
        event: 'follow_up_scheduled',
        action: 'schedule_follow_up',
        details: { dueOn, inspectionId: inspection.id, seed, share },
      });
      out.push({ hazardId: row.id, number: row.number, severity: row.severity, inspectionId: inspection.id });
    }
    return out;
  });

  return {
    seed,
    share,
    from,
    to,
    closedConsidered: closed.length,
    selected: selected.length,
    major: selected.filter((s) => s.severity === 'major').length,
    alreadyScheduled: selected.length - pending.length,
    scheduled,
    dueOn,
  };
}
