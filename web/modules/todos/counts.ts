import { useEffect, useSyncExternalStore } from 'react';
import { useLocation } from 'react-router';
import { useSession } from '../../app/session.tsx';
import { todosApi } from './todos.api.ts';

/**
 * The menu's counts (to-dos, unread notifications) of the signed-in user: fetched when the user navigates, at most
 * once per REFRESH_MIN_MS, and at once after a change (`refreshCounts(userId, true)`). Another user's counts are
 * dropped at once.
 */
const REFRESH_MIN_MS = 15_000;
type Counts = { userId: string | null; todos: number | null; unread: number | null; at: number };
let state: Counts = { userId: null, todos: null, unread: null, at: 0 };
const listeners = new Set<() => void>();
const set = (next: Counts) => {
  state = next;
  for (const l of listeners) l();
};

export async function refreshCounts(userId: string, force = false): Promise<void> {
  if (state.userId !== userId) set({ userId, todos: null, unread: null, at: 0 });
  if (!force && Date.now() - state.at < REFRESH_MIN_MS) return;
  state = { ...state, at: Date.now() };
  try {
    const [todos, notes] = await Promise.all([todosApi.todos(), todosApi.notifications(true)]);
    if (state.userId === userId) set({ userId, todos: todos.total, unread: notes.unread, at: Date.now() });
  } catch {
    // The badges stay as they were; the pages show their own errors.
  }
}

export function useCounts(): { todos: number | null; unread: number | null } {
  const { me } = useSession();
  const { pathname } = useLocation();
  const userId = me?.id ?? null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: each navigation (pathname) asks for a refresh
  useEffect(() => {
    if (userId) void refreshCounts(userId);
  }, [userId, pathname]);
  const s = useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => state,
  );
  return s.userId === userId ? { todos: s.todos, unread: s.unread } : { todos: null, unread: null };
}
