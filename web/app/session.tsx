import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import type { Permission } from '../../domain/access/roles.ts';
import { followSession } from '../modules/inspections/offline/deviceUser.ts';
import { authApi, type Me } from './auth.api.ts';
import { rememberHome } from './early.ts';
import { ApiError, setUnauthenticatedHandler } from './http.ts';

type SessionState =
  | { status: 'loading' }
  | { status: 'signedOut' }
  | { status: 'error'; error: unknown }
  | { status: 'signedIn'; me: Me };

type Session = {
  state: SessionState;
  me: Me | null;
  /** Whether the signed-in user holds a permission (the server still checks every call). */
  can: (permission: Permission) => boolean;
  signedIn: (me: Me) => void;
  refresh: () => Promise<void>;
  logout: () => Promise<void>;
};

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  // Counts sign-ins: a sign-out decided before the latest sign-in must not undo it.
  const signIns = useRef(0);
  const signedInAs = useRef<Me | null>(null);
  signedInAs.current = state.status === 'signedIn' ? state.me : null;

  const refresh = useCallback(async () => {
    try {
      const { user } = await authApi.me();
      signIns.current++;
      setState({ status: 'signedIn', me: user });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) setState({ status: 'signedOut' });
      else setState({ status: 'error', error });
    }
  }, []);

  useEffect(() => {
    void refresh();
    // Any other call answering 401 means the session ended: the router then shows the login page.
    // The phone forgets its user first (as on sign-out): the login page that follows may be left at once.
    setUnauthenticatedHandler(() => {
      const current = signIns.current;
      void followSession(null).then(() => {
        if (signIns.current === current) setState({ status: 'signedOut' });
        // A stale 401 (a request from before a sign-in): the phone's user is whoever is signed in now.
        else if (signedInAs.current) void followSession(signedInAs.current);
      });
    });
    return () => setUnauthenticatedHandler(null);
  }, [refresh]);

  // The field app's offline records belong to whoever is signed in on this device: tell it who
  // that is, and that nobody is after a sign-out (so the next person cannot open the last one's).
  useEffect(() => {
    if (state.status === 'signedIn') void followSession(state.me);
    else if (state.status === 'signedOut') void followSession(null);
  }, [state]);

  const logout = useCallback(async () => {
    try {
      await authApi.logout();
    } finally {
      // Forget the phone's user before leaving the page: a page loaded next (offline, from the service
      // worker) must not find this person's records open. The effect above repeats it harmlessly.
      await followSession(null);
      rememberHome(null);
      setState({ status: 'signedOut' });
    }
  }, []);

  const value = useMemo<Session>(() => {
    const me = state.status === 'signedIn' ? state.me : null;
    const granted = new Set(me?.permissions ?? []);
    return {
      state,
      me,
      can: (permission) => granted.has(permission),
      signedIn: (user) => {
        signIns.current++;
        setState({ status: 'signedIn', me: user });
      },
      refresh,
      logout,
    };
  }, [state, refresh, logout]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
