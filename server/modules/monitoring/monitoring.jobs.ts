import type { Config } from '../../config.ts';
import type { JobRunner } from '../../platform/jobs/index.ts';
import { runAlarmEscalation, runInterlockCheck, runOfflineDetection } from './alarms.service.ts';

export const monitoringJobNames = {
  offline: 'monitoring.offline',
  escalation: 'monitoring.escalation',
  interlock: 'monitoring.interlock',
} as const;

/**
 * The monitoring module's jobs (platform/jobs: run once across instances, recorded in job_runs):
 * offline detection and the detector hazard every minute, escalation of unacknowledged alarms every
 * minute, and the detector–valve interlock every minute. The readings' monthly partitions ahead and their retention
 * (MONITORING_RETENTION_MONTHS) are the platform's job `platform.partitions` (platform/partitions), with the other
 * partitioned histories; the partition of a month a batch reaches first is still made on demand (readings.partitions.ts).
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
}

/** A minute job judges at the later of its slot and now (a slot run late judges what is true now). */
const laterOf = (slot: Date) => new Date(Math.max(slot.getTime(), Date.now()));
