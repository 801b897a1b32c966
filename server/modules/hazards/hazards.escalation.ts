import { type SQL, and, asc, eq, lt, ne, sql } from 'drizzle-orm';
import { addDays } from '../../../domain/hazards/dates.ts';
import { escalationLadder, escalationLevel } from '../../../domain/hazards/deadlines.ts';
import { type HazardLimits, defaultLimits } from '../../../domain/hazards/limits.ts';
import type { Db } from '../../db/client.ts';
import { type Actor, systemActor } from '../../platform/access.ts';
import { type JobRunner, dailyAt } from '../../platform/jobs/index.ts';
import { todayInChina } from '../registry/registry.helpers.ts';
import { recordHazardEvent } from './hazards.service.ts';
import { hazardsTable } from './hazards.table.ts';

const h = hazardsTable;

export type EscalationRun = { today: string; examined: number; escalated: number; level1: number; level2: number };

/**
 * The daily overdue run (plan 五、工作安排(一)3 限期办结; 五、保障措施(二) 督办交办): every open hazard
 * past its deadline gets the escalation level the domain's `escalationLevel` gives for `today` —
 * 1 tells the township and the responsible department, 2 the campaign office. Levels only rise,
 * and an entry (`hazard.escalate` audit + timeline event) is written only when the level changes,
 * so running it twice on a day changes nothing. Reads open hazards through the partial index on
 * the deadline, in batches, one transaction per batch.
 *
 * Run by hand (督办 page), `actor` is the officer who ran it (the timeline and the audit name them)
 * and `scope` limits the run to the hazards they manage, so a township runs it for its own.
 */
export async function runDailyEscalation(
  db: Db,
  today: string = todayInChina(),
  {
    limits = defaultLimits,
    batchSize = 500,
    actor = systemActor,
    scope,
  }: { limits?: HazardLimits; batchSize?: number; actor?: Actor; scope?: SQL } = {},
): Promise<EscalationRun> {
  const run: EscalationRun = { today, examined: 0, escalated: 0, level1: 0, level2: 0 };
  // Only hazards whose deadline has passed can reach level 1 (escalateLevel1AfterDays ≥ 0).
  const lastDeadline = addDays(today, -(limits.escalateLevel1AfterDays + 1));
  let after: { deadline: string; id: string } | null = null;
  for (;;) {
    const rows: (typeof h.$inferSelect)[] = await db
      .select()
      .from(h)
      .where(
        and(
          ne(h.status, 'closed'),
          sql`${h.deadline} <= ${lastDeadline}::date`,
          lt(h.escalationLevel, 2),
          scope,
          after ? sql`(${h.deadline}, ${h.id}) > (${after.deadline}::date, ${after.id}::uuid)` : undefined,
        ),
      )
      .orderBy(asc(h.deadline), asc(h.id))
      .limit(batchSize);
    if (rows.length === 0) break;
    run.examined += rows.length;
    const changes = rows
      .map((r) => ({ r, level: escalationLevel({ deadline: r.deadline, closedAt: null, today, limits }) }))
      .filter(({ r, level }) => level > r.escalationLevel);
    if (changes.length > 0) {
      await db.transaction(async (tx) => {
        for (const { r, level } of changes) {
          // Re-checked under the row lock: a concurrent run or a close-out in between wins.
          const [updated] = await tx
            .update(h)
            .set({ escalationLevel: level, escalatedAt: new Date(), updatedAt: new Date() })
            .where(and(eq(h.id, r.id), ne(h.status, 'closed'), lt(h.escalationLevel, level)))
            .returning();
          if (!updated) continue;
          const ladder = escalationLadder[level as 1 | 2];
          await recordHazardEvent(tx, {
            actor,
            hazard: updated,
            event: 'escalated',
            action: 'escalate',
            note: ladder.label.zh,
            details: {
              fromLevel: r.escalationLevel,
              level,
              notify: ladder.notify,
              regionId: r.regionId,
              departmentId: r.departmentId,
              deadline: r.deadline,
              today,
              ...(actor.type === 'system' ? {} : { manual: true }),
            },
          });
          run.escalated++;
          if (level === 1) run.level1++;
          else run.level2++;
        }
      });
    }
    if (rows.length < batchSize) break;
    const last = rows[rows.length - 1]!;
    after = { deadline: last.deadline, id: last.id };
  }
  return run;
}

/** The daily escalation as a platform job: the slot at 00:05 China time escalates for that day. */
export const escalationJobName = 'hazards.escalation';

/**
 * Declares the ledger's jobs on the platform's job runner (called by `serve`): the escalation runs
 * once a day shortly after midnight in China, once across server instances; a server started later
 * in the day runs the day's slot at start if no instance has (the run is idempotent, so a retry
 * after a crash changes nothing twice).
 */
export function registerHazardJobs(
  jobs: Pick<JobRunner, 'define'>,
  { limits = defaultLimits }: { limits?: HazardLimits } = {},
) {
  jobs.define({
    name: escalationJobName,
    schedule: dailyAt(0, 5),
    maxAttempts: 5,
    run: async ({ db, scheduledFor }) => runDailyEscalation(db, todayInChina(scheduledFor), { limits }),
  });
}
