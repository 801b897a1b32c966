// The big histories, partitioned by time (platform/partitions): which tables, their periods and retention, and the job.
import type { Db } from '../../db/client.ts';
import { type JobRunner, dailyAt } from '../jobs/index.ts';
import { type PartitionedHistory, maintainHistoryPartitions } from './partitions.ts';

export {
  type PartitionInfo,
  type PartitionedHistory,
  listPartitions,
  lockPartitionChanges,
  maintainHistory,
  maintainHistoryPartitions,
  partitionNameOf,
  periodStart,
  retentionStart,
} from './partitions.ts';

/**
 * The histories partitioned here, with their retention (docs/ARCHITECTURE.md, "Partitioned histories",
 * gives the basis of each). Kept (retentionMonths null):
 * - `audit_events`, by month: the trail is the platform's evidence of who did what (谁检查、谁签字、谁负责);
 *   no rule in the rules reference lets it go, and the chain is verified from its first entry.
 * - `hazard_events`, by year: the ledger's timelines (隐患闭环, 问责追溯); the ledger is kept.
 * - `cylinder_events`, by month of `occurred_at`: a cylinder's life log (一瓶一码 traceability), kept for the
 *   cylinder's whole life (up to 15 years of design life) and at least 2 years after its code is retired at
 *   scrapping (GB/T 38059-2019; DB4114/T 185-2023). A month's partition holds events of cylinders still in
 *   service, so no month can be dropped by age. Its event ids are unique across months through
 *   `cylinder_event_ids` (cylinders module).
 * With a retention:
 * - `vehicle_positions`, by month, `POSITIONS_RETENTION_MONTHS` (24): the rules reference asks for tracks to be
 *   monitored and speeding and fatigue flagged (plan 三(五)4) but names no period to keep raw positions; the flags
 *   themselves (`vehicle_flags`) are kept.
 * - `readings`, by month, `MONITORING_RETENTION_MONTHS` (24): the platform's choice (no period in the rules
 *   reference). The monitoring module still makes a month's partition on demand before a batch reaches it
 *   (monitoring/readings.partitions.ts) and readings have no default partition (a reading of a month without one is
 *   never written to a catch-all); here only the months ahead and the retention, as for the other tables.
 */
export function historyTables(opts: {
  positionsRetentionMonths: number;
  monitoring: { retentionMonths: number };
}): PartitionedHistory[] {
  return [
    { table: 'audit_events', column: 'at', unit: 'month', ahead: 2, retentionMonths: null },
    { table: 'hazard_events', column: 'at', unit: 'year', ahead: 1, retentionMonths: null },
    { table: 'cylinder_events', column: 'occurred_at', unit: 'month', ahead: 2, retentionMonths: null },
    {
      table: 'vehicle_positions',
      column: 'at',
      unit: 'month',
      ahead: 2,
      retentionMonths: opts.positionsRetentionMonths,
    },
    { table: 'readings', column: 'at', unit: 'month', ahead: 2, retentionMonths: opts.monitoring.retentionMonths },
  ];
}

export type PartitionOptions = Parameters<typeof historyTables>[0];

export const partitionJobName = 'platform.partitions';

/** The coming periods' partitions now (at start, before serving), so no row waits for the job. */
export const ensureHistoryPartitions = (db: Db, opts: PartitionOptions, now = new Date()) =>
  maintainHistoryPartitions(db, historyTables(opts), now);

/** Daily at 00:20 China time: partitions ahead, and retention where a table has one. Runs once across instances. */
export function registerPartitionJobs(jobs: Pick<JobRunner, 'define'>, opts: PartitionOptions) {
  jobs.define({
    name: partitionJobName,
    schedule: dailyAt(0, 20),
    maxAttempts: 5,
    run: ({ db }) => maintainHistoryPartitions(db, historyTables(opts), new Date()),
  });
}
