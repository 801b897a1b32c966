import { readsFromReplica } from '../db/read-routing.ts';
import type { Actor } from './access.ts';

/**
 * A statement built once per actor's grants (a read's scope and abilities as SQL, with its row's id as a
 * placeholder), for reads whose statement costs more to build than to run: `build(actor)` runs on the first use
 * and its result is kept as long as the actor's grants array lives (the actor cache holds it; a change of grants
 * makes a new actor, so a new statement), per kind of actor and per database the read goes to (primary or
 * replica). Nothing but the actor decides the statement: `build` must read only the actor. Named after its text
 * (drizzle's `prepare(name)`), the statement is parsed once per connection and shared by actors whose grants have
 * the same shape, each run with its own values.
 */
export function perActorStatement<T>(build: (actor: Actor) => T): (actor: Actor) => T {
  const built = new WeakMap<object, Map<string, { permissions: object; value: T }>>();
  return (actor) => {
    const key = `${actor.type}:${readsFromReplica()}`;
    let byKey = built.get(actor.grants);
    const hit = byKey?.get(key);
    if (hit && hit.permissions === actor.permissions) return hit.value;
    const value = build(actor);
    if (!byKey) {
      byKey = new Map();
      built.set(actor.grants, byKey);
    }
    byKey.set(key, { permissions: actor.permissions, value });
    return value;
  };
}
