/**
 * How many open hazards are escalated (督办) in the signed-in user's scope: the count the menu's
 * 督办 entry and the home page show, so a township or department officer sees that hazards have
 * been escalated to them without opening the page.
 *
 * One small request (`GET /api/v1/hazards/escalations?page=1&pageSize=1` → total; the route keeps
 * open, rectifying and submitted hazards with an escalation level), shared by every component that
 * shows the count, made again when the user navigates but at most once per REFRESH_MIN_MS (no
 * polling), at once after something that changes it (`refreshEscalationCount({ force: true })`),
 * and when the live feed (web/app/live.ts) reports a hazard event the user may see — an escalation
 * run on the server, or another officer's step — LIVE_DEBOUNCE_MS after the last of a burst.
 */
import { useCallback, useEffect, useSyncExternalStore } from 'react';
import { useLocation } from 'react-router';
import { subscribeLive } from '../../app/live.ts';
import { useSession } from '../../app/session.tsx';
import { hazardsApi } from './hazards.api.ts';

/** Navigation within this interval reuses the last count. */
export const REFRESH_MIN_MS = 15_000;
/** Live hazard events arriving together (an escalation run) cause one refresh. */
export const LIVE_DEBOUNCE_MS = 1_000;

type State = { userId: string | null; count: number | null; fetchedAt: number };

let state: State = { userId: null, count: null, fetchedAt: 0 };
let inFlight: { userId: string; promise: Promise<void> } | null = null;
const listeners = new Set<() => void>();

function set(next: State) {
  state = next;
  for (const l of listeners) l();
}

/**
 * Fetches the count for `userId` unless it was fetched less than REFRESH_MIN_MS ago (or is being
 * fetched now); `force` fetches anyway. Another user's count is dropped at once, never shown.
 */
export function refreshEscalationCount(userId: string, { force = false }: { force?: boolean } = {}): Promise<void> {
  if (state.userId !== userId) set({ userId, count: null, fetchedAt: 0 });
  if (inFlight?.userId === userId) return inFlight.promise;
  if (!force && Date.now() - state.fetchedAt < REFRESH_MIN_MS) return Promise.resolve();
  const promise = hazardsApi
    .escalations({ page: 1, pageSize: 1 })
    .then(
      (list) => {
        if (state.userId === userId) set({ userId, count: list.total ?? 0, fetchedAt: Date.now() });
      },
      // Offline or refused: keep what is shown, try again at the next navigation.
      (err: unknown) => console.warn('escalation count not fetched', err),
    )
    .finally(() => {
      if (inFlight?.promise === promise) inFlight = null;
    });
  inFlight = { userId, promise };
  return promise;
}

let liveTimer: ReturnType<typeof setTimeout> | null = null;

/** A hazard event arrived on the live feed: refresh once the burst is over. */
export function refreshOnLiveEvent(userId: string) {
  if (liveTimer) clearTimeout(liveTimer);
  liveTimer = setTimeout(() => {
    liveTimer = null;
    void refreshEscalationCount(userId, { force: true });
  }, LIVE_DEBOUNCE_MS);
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * The count of open escalated hazards in the user's scope (null until known, and for a user
 * without hazard.read, who is not asked for it), refreshed when the location changes.
 */
export function useEscalationCount(): number | null {
  const { me, can } = useSession();
  const { pathname } = useLocation();
  const userId = me && can('hazard.read') ? me.id : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: each navigation (pathname) asks for a refresh
  useEffect(() => {
    if (userId) void refreshEscalationCount(userId);
  }, [userId, pathname]);
  useEffect(() => {
    if (!userId) return;
    return subscribeLive(['hazard.'], () => refreshOnLiveEvent(userId));
  }, [userId]);
  const snapshot = useSyncExternalStore(subscribe, () => state);
  return userId && snapshot.userId === userId ? snapshot.count : null;
}

/** Refreshes the count now (after running the escalation, or after a step of an escalated hazard). */
export function useRefreshEscalationCount(): () => void {
  const { me, can } = useSession();
  const userId = me && can('hazard.read') ? me.id : null;
  return useCallback(() => {
    if (userId) void refreshEscalationCount(userId, { force: true });
  }, [userId]);
}
