// Periodic and delayed jobs, run once across instances (platform/jobs).
export {
  type JobContext,
  type JobDefinition,
  type JobRunner,
  type JobSchedule,
  createJobRunner,
  currentSlot,
  dailyAt,
} from './jobs.ts';
export { jobRunsTable } from './jobs.table.ts';
