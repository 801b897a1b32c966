/**
 * Keeps the phone's record of who is signed in (IndexedDB `meta`, shared by every tab) in step
 * with the session (web/app/session.tsx calls this on every change):
 * - signed in → that person is the phone's user: the field app opens offline for them, and the
 *   sync queue sends their records (and only theirs) under the session;
 * - signed out (logout, or the session ended) → nobody is: the field app no longer opens offline,
 *   so the next person cannot read the last one's drafts. Their unsynced records stay on the
 *   phone (deleting them would lose inspections) and are sent when they sign in again.
 * Records kept before owners were are given to their likely author, the person the phone last
 * knew as signed in, at the first sign-in or sign-out (see `legacyOwner`).
 */
import type { Me } from '../../../app/auth.api.ts';
import { legacyOwner } from './ownership.ts';
import { fieldStore } from './store.ts';

let chain: Promise<void> = Promise.resolve();

/** `me` when signed in, null when signed out (a session still loading or unreachable changes nothing). */
export function followSession(me: Me | null): Promise<void> {
  if (typeof indexedDB === 'undefined') return chain;
  // In order: a sign-out followed at once by a sign-in must end with the new person recorded.
  chain = chain
    .then(async () => {
      const previous = await fieldStore.identity();
      if (!me) {
        // The person leaving keeps what is theirs, including records from before owners were.
        if (previous) await fieldStore.claimUnowned(previous.userId);
        await fieldStore.forgetIdentity();
        return;
      }
      await fieldStore.claimUnowned(legacyOwner(previous?.userId, me.id));
      await fieldStore.saveIdentity({
        userId: me.id,
        username: me.username,
        displayName: me.displayName,
        permissions: me.permissions,
      });
    })
    .catch((err: unknown) => console.warn('field identity not recorded', err));
  return chain;
}

/** Waits for the latest session change to be recorded (the field app reads who is signed in after it). */
export function sessionRecorded(): Promise<void> {
  return chain;
}
