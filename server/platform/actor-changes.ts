import type { Db } from '../db/client.ts';
import { invalidateActor } from './actor-cache.ts';
import { type Events, publishEvent } from './events/index.ts';

/**
 * Who someone is changed (grants, password, status, sessions, a machine token revoked): the use
 * case drops its own instance's cached actor at once (`invalidateActor`) and, through the outbox,
 * every other instance's when their live tail reads the event (within the events' poll, ~300 ms).
 * No visibility is declared for this type, so the browsers' live feed never carries it.
 */
export const ACTOR_CHANGED = 'access.actor_changed';

/** Writes the change into the outbox, in the change's own transaction. */
export async function publishActorChanged(tx: Db, subject: { type: 'user' | 'machine_token'; id: string }) {
  await publishEvent(tx, { type: ACTOR_CHANGED, subject });
}

/** This instance drops the cached actors that other instances' changes concern. Returns the unsubscribe. */
export function followActorChanges(events: Events): () => void {
  return events.subscribe((list) => {
    for (const e of list) if (e.type === ACTOR_CHANGED && e.subject.id) invalidateActor(e.subject.id);
  });
}
