import { type Actor, regionPathInScope } from '../../platform/access.ts';
import type { Events } from '../../platform/events/index.ts';

/** Whether the actor reads this operator's delivery records: its own people, or a grant whose region covers the event. */
function sees(actor: Actor, operatorId: unknown, regionPath: string | null): boolean {
  if (actor.type === 'system') return true;
  if (actor.grants.some((g) => g.scopeType === 'global')) return true;
  if (actor.grants.some((g) => g.scopeType === 'enterprise' && g.enterpriseId === operatorId)) return true;
  return regionPath !== null && regionPathInScope(actor, 'delivery.read', regionPath);
}

/**
 * The delivery system's events on the live feed (`delivery.position`, `delivery.order_*`,
 * `delivery.checked`, `delivery.check_overdue`, `delivery.flag_raised`): to those who read the operator's
 * delivery records (its own people; townships and the office by region).
 */
export function registerDeliveryEvents(events: Pick<Events, 'defineVisibility'>) {
  events.defineVisibility('delivery.', {
    permission: 'delivery.read',
    visible: async (_db, actor, list) =>
      new Set(list.filter((e) => sees(actor, e.payload.operatorId, e.regionPath)).map((e) => e.id)),
  });
}
