import { and, inArray } from 'drizzle-orm';
import type { Events } from '../../platform/events/index.ts';
import { alarmScope } from './monitoring.access.ts';
import { alarmsTable } from './monitoring.table.ts';

/**
 * Alarm events (`alarm.raised`, `alarm.level_changed`, `alarm.cleared`, `alarm.acknowledge`, …,
 * `alarm.escalated`) reach on the live feed exactly those who may read the alarm (`alarmScope`).
 */
export function registerMonitoringEvents(events: Pick<Events, 'defineVisibility'>) {
  events.defineVisibility('alarm.', {
    permission: 'monitoring.read',
    visible: async (db, actor, list) => {
      const ids = [...new Set(list.map((e) => e.subject.id).filter((id): id is string => id !== null))];
      if (ids.length === 0) return new Set();
      const readable = new Set(
        (
          await db
            .select({ id: alarmsTable.id })
            .from(alarmsTable)
            .where(and(inArray(alarmsTable.id, ids), alarmScope(actor)))
        ).map((r) => r.id),
      );
      return new Set(list.filter((e) => e.subject.id && readable.has(e.subject.id)).map((e) => e.id));
    },
  });
}
