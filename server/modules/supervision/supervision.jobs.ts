import type { JobRunner } from '../../platform/jobs/index.ts';
import { builtInFigureSources, registerSupervisionBulletinJob } from './supervision.bulletins.ts';
import type { BulletinFigureSource } from './supervision.figures.ts';
import { registerOrderEscalationJob } from './supervision.orders.ts';

/** The module's jobs (called by `serve`): the weekly bulletin (and the orders' daily escalation). */
export function registerSupervisionJobs(
  jobs: Pick<JobRunner, 'define'>,
  { figureSources = [] }: { figureSources?: readonly BulletinFigureSource[] } = {},
) {
  registerSupervisionBulletinJob(jobs, { sources: [...builtInFigureSources, ...figureSources] });
  registerOrderEscalationJob(jobs);
}
