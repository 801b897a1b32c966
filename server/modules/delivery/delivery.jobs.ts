import type { HazardLimits } from '../../../domain/hazards/limits.ts';
import type { JobRunner } from '../../platform/jobs/index.ts';
import { createDeliveryService } from './delivery.service.ts';

export const overdueChecksJobName = 'delivery.overdue_checks';

/**
 * Deliveries without their door check (随瓶安检) past the configured hours become overdue
 * (`deliveryCheckOverdueHours`): every 15 minutes, once across instances.
 */
export function registerDeliveryJobs(jobs: Pick<JobRunner, 'define'>, { limits }: { limits: HazardLimits }) {
  jobs.define({
    name: overdueChecksJobName,
    schedule: { everyMs: 15 * 60_000 },
    maxAttempts: 3,
    run: async ({ db }) => ({ overdue: await createDeliveryService({ db, limits }).markOverdue() }),
  });
}
