import { and, inArray } from 'drizzle-orm';
import type { Events } from '../../platform/events/index.ts';
import { scopeFilter } from '../../platform/scope.ts';
import { facilitiesTable } from '../registry/index.ts';
import { anomalyDescriptor, stationScope } from './cylinders.access.ts';
import { cylinderAnomaliesTable } from './cylinders.table.ts';

/**
 * Who sees the cylinders' events on the live feed: a refusal at the filling gate
 * (`cylinder.fill_refused`, subject the station) those who may check at that station — the office,
 * market regulation, the station's enterprise; an anomaly (`cylinder.anomaly`) those who may read
 * the cylinder.
 */
export function registerCylinderEvents(events: Pick<Events, 'defineVisibility'>) {
  events.defineVisibility('cylinder.fill_refused', {
    permission: 'filling.check',
    visible: async (db, actor, list) => {
      const ids = [...new Set(list.map((e) => e.subject.id).filter((id): id is string => id !== null))];
      if (ids.length === 0) return new Set();
      const f = facilitiesTable;
      const seen = new Set(
        (
          await db
            .select({ id: f.id })
            .from(f)
            .where(and(inArray(f.id, ids), stationScope(actor, 'filling.check')))
        ).map((r) => r.id),
      );
      return new Set(list.filter((e) => e.subject.id && seen.has(e.subject.id)).map((e) => e.id));
    },
  });
  events.defineVisibility('cylinder.anomaly', {
    permission: 'cylinder.read',
    visible: async (db, actor, list) => {
      const ids = [...new Set(list.map((e) => e.subject.id).filter((id): id is string => id !== null))];
      if (ids.length === 0) return new Set();
      const a = cylinderAnomaliesTable;
      const seen = new Set(
        (
          await db
            .select({ id: a.id })
            .from(a)
            .where(and(inArray(a.id, ids), scopeFilter(actor, 'cylinder.read', anomalyDescriptor)))
        ).map((r) => r.id),
      );
      return new Set(list.filter((e) => e.subject.id && seen.has(e.subject.id)).map((e) => e.id));
    },
  });
}
