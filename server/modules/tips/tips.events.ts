import { and, inArray } from 'drizzle-orm';
import type { Events } from '../../platform/events/index.ts';
import { tipScope } from './tips.access.ts';
import { tipsTable } from './tips.table.ts';

/** Tip events (`tip.submit`, `tip.accept`, …) reach on the live feed those who may read the tip. */
export function registerTipEvents(events: Pick<Events, 'defineVisibility'>) {
  events.defineVisibility('tip.', {
    permission: 'tip.read',
    visible: async (db, actor, list) => {
      const ids = [...new Set(list.map((e) => e.subject.id).filter((id): id is string => id !== null))];
      if (ids.length === 0) return new Set();
      const readable = new Set(
        (
          await db
            .select({ id: tipsTable.id })
            .from(tipsTable)
            .where(and(inArray(tipsTable.id, ids), tipScope(actor, 'tip.read')))
        ).map((r) => r.id),
      );
      return new Set(list.filter((e) => e.subject.id && readable.has(e.subject.id)).map((e) => e.id));
    },
  });
}
