import { chinaToday } from '../../../domain/dates.ts';
import type { Events } from '../../platform/events/index.ts';
import { type JobRunner, dailyAt } from '../../platform/jobs/index.ts';
import { flagOverdueReferrals, referralsOverdueJob } from './enforcement.service.ts';
import { referralsTable } from './enforcement.table.ts';
import { and, inArray } from 'drizzle-orm';
import { referralScope } from './enforcement.access.ts';

/** The daily job: referrals past their deadline are flagged overdue for both departments (00:15 China time). */
export function registerEnforcementJobs(jobs: Pick<JobRunner, 'define'>) {
  jobs.define({
    name: referralsOverdueJob,
    schedule: dailyAt(0, 15),
    maxAttempts: 5,
    run: async ({ db, scheduledFor }) => flagOverdueReferrals(db, chinaToday(scheduledFor)),
  });
}

/** `referral.overdue` reaches on the live feed those who read the referral: both departments and the office. */
export function registerEnforcementEvents(events: Pick<Events, 'defineVisibility'>) {
  events.defineVisibility('referral.', {
    permission: 'enforcement.read',
    visible: async (db, actor, list) => {
      const ids = [...new Set(list.map((e) => e.subject.id).filter((id): id is string => id !== null))];
      if (ids.length === 0) return new Set();
      const readable = new Set(
        (
          await db
            .select({ id: referralsTable.id })
            .from(referralsTable)
            .where(and(inArray(referralsTable.id, ids), referralScope(actor, 'enforcement.read')))
        ).map((r) => r.id),
      );
      return new Set(list.filter((e) => e.subject.id && readable.has(e.subject.id)).map((e) => e.id));
    },
  });
}
