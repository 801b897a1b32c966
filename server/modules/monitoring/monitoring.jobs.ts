import type { Config } from '../../config.ts';
import { type JobRunner, dailyAt } from '../../platform/jobs/index.ts';
import { runAlarmEscalation, runInterlockCheck, runOfflineDetection } from './alarms.service.ts';
import { maintainPartitions } from './readings.partitions.ts';

export const monitoringJobNames = {
  offline: 'monitoring.offline',
  escalation: 'monitoring.escalation',
  interlock: 'monitoring.interlock',
  partitions: 'monitoring.partitions',
} as const;

/**
 * The monitoring module's jobs (platform/jobs: run once across instances, recorded in job_runs):
 * offline detection and the detector hazard every minute, escalation of unacknowledged alarms every
 * minute, the detector–valve interlock every minute, and the readings' monthly partitions (ahead and retention) daily at 00:30 China time.
 */
export function registerMonitoringJobs(jobs: Pick<JobRunner, 'define'>, config: Pick<Config, 'monitoring'>) {
  const m = config.monitoring;
  jobs.define({
    name: monitoringJobNames.offline,
    schedule: { everyMs: 60_000 },
    maxAttempts: 2,
    leaseMs: 5 * 60_000,
    run: ({ db, scheduledFor }) => runOfflineDetection(db, laterOf(scheduledFor), m.detectorHazardHours),
  });
  jobs.define({
    name: monitoringJobNames.escalation,
    schedule: { everyMs: 60_000 },
    maxAttempts: 2,
    leaseMs: 5 * 60_000,
    run: ({ db, scheduledFor }) => runAlarmEscalation(db, laterOf(scheduledFor), m.ackMinutes),
  });
  jobs.define({
    name: monitoringJobNames.interlock,
    schedule: { everyMs: 60_000 },
    maxAttempts: 2,
    leaseMs: 5 * 60_000,
    run: ({ db, scheduledFor }) => runInterlockCheck(db, laterOf(scheduledFor), m.interlockSeconds),
  });
  jobs.define({
    name: monitoringJobNames.partitions,
    schedule: dailyAt(0, 30),
    maxAttempts: 5,
    run: ({ db }) => maintainPartitions(db, new Date(), m.retentionMonths),
  });
}

/** A minute job judges at the later of its slot and now (a slot run late judges what is true now). */
const laterOf = (slot: Date) => new Date(Math.max(slot.getTime(), Date.now()));
