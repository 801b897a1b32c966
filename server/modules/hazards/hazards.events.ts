import { and, inArray } from 'drizzle-orm';
import type { Events } from '../../platform/events/index.ts';
import { hazardReadScope } from './hazards.access.ts';
import { hazardsTable } from './hazards.table.ts';

/**
 * The ledger's part of the event platform (called where the app is built): hazard events
 * (`hazard.created`, `hazard.escalated`, `hazard.submitted`, …, published by `recordHazardEvent`)
 * reach on the live feed exactly those who may read the hazard (`hazardReadScope`: township
 * subtree, the department's responsibilities, an enterprise's or venue's own).
 */
export function registerHazardEvents(events: Pick<Events, 'defineVisibility'>) {
  events.defineVisibility('hazard.', {
    permission: 'hazard.read',
    visible: async (db, actor, list) => {
      const ids = [...new Set(list.map((e) => e.subject.id).filter((id): id is string => id !== null))];
      if (ids.length === 0) return new Set();
      const readable = new Set(
        (
          await db
            .select({ id: hazardsTable.id })
            .from(hazardsTable)
            .where(and(inArray(hazardsTable.id, ids), hazardReadScope(actor)))
        ).map((r) => r.id),
      );
      return new Set(list.filter((e) => e.subject.id && readable.has(e.subject.id)).map((e) => e.id));
    },
  });
}
