/**
 * Handling an alarm to the end (plan 四(三)1: 及时预警和应急处置), pure:
 *
 *   open ──acknowledge──▶ acknowledged ──dispatch──▶ dispatched ──arrive──▶ on_site
 *     │                        │                        │                     │ note (notes, photos)
 *     └──────── to_hazard ─────┴────── close / to_hazard ┴─────────────────────┴──▶ closed
 *
 * An alarm must be acknowledged before it is closed (someone has looked at it); it may become a
 * hazard in the ledger in one step from any status but closed (that step closes it, resolution
 * `hazard`). Every step is timed and audited by the server.
 */
import type { AlarmStatus } from './rules.ts';

export const alarmSteps = ['acknowledge', 'dispatch', 'arrive', 'note', 'close', 'to_hazard'] as const;
export type AlarmStep = (typeof alarmSteps)[number];

const allowed: Record<AlarmStatus, readonly AlarmStep[]> = {
  open: ['acknowledge', 'to_hazard'],
  acknowledged: ['dispatch', 'note', 'close', 'to_hazard'],
  dispatched: ['arrive', 'note', 'close', 'to_hazard'],
  on_site: ['note', 'close', 'to_hazard'],
  closed: [],
};

export function stepAllowed(status: AlarmStatus, step: AlarmStep): boolean {
  return allowed[status].includes(step);
}

/** The status after a step (note keeps it). */
export function statusAfter(status: AlarmStatus, step: AlarmStep): AlarmStatus {
  switch (step) {
    case 'acknowledge':
      return 'acknowledged';
    case 'dispatch':
      return 'dispatched';
    case 'arrive':
      return 'on_site';
    case 'note':
      return status;
    case 'close':
    case 'to_hazard':
      return 'closed';
  }
}

/**
 * Escalation of an alarm nobody acknowledged: after `ackMinutes` the enterprise's manager (1), after
 * twice that the responsible department (2), after three times the office (3). Levels only rise.
 */
export function escalationLevelDue(raisedAt: Date, now: Date, ackMinutes: number): 0 | 1 | 2 | 3 {
  const waited = (now.getTime() - raisedAt.getTime()) / 60_000;
  if (waited >= 3 * ackMinutes) return 3;
  if (waited >= 2 * ackMinutes) return 2;
  if (waited >= ackMinutes) return 1;
  return 0;
}
export const escalationTargets = ['enterprise', 'department', 'office'] as const;
