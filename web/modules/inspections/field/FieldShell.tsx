import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Button, Result, Spin } from 'antd';
import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { ApiError } from '../../../app/http.ts';
import { useT } from '../../../app/i18n.ts';
import { LoadError } from '../../../app/PageState.tsx';
import { useSession } from '../../../app/session.tsx';
import { sessionRecorded } from '../offline/deviceUser.ts';
import { type CachedIdentity, fieldStore } from '../offline/store.ts';
import { setSyncOwner, startSync, syncNow, useSyncStatus } from '../offline/sync.ts';
import { SyncBadge } from './SyncBadge.tsx';
import '../inspections.css';
import { DemoBanner } from '../../../app/InstallationNotices.tsx';

type FieldIdentity = CachedIdentity & { offline: boolean };

const IdentityContext = createContext<FieldIdentity | null>(null);

/** The person using the field app: the live session, or the one cached on this phone when offline. */
export function useFieldIdentity(): FieldIdentity {
  const identity = useContext(IdentityContext);
  if (!identity) throw new Error('useFieldIdentity outside FieldShell');
  return identity;
}

/**
 * The field app's own frame, outside the office layout so it opens without a connection: a slim
 * header with the sync state, and the signed-in person (or, offline, the person signed in on this
 * phone: the session cookie still holds and the server checks it when the records are sent). After
 * a sign-out nobody is, and the field app does not open offline. Everything below shows and sends
 * only this person's records (offline/ownership.ts).
 */
export function FieldShell({ title, back, children }: { title: ReactNode; back?: string; children: ReactNode }) {
  const t = useT();
  const { state, refresh } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [cached, setCached] = useState<CachedIdentity | null | undefined>(undefined);
  const offlineUser = state.status === 'error' && !(state.error instanceof ApiError) ? (cached?.userId ?? null) : null;
  const userId = state.status === 'signedIn' ? state.me.id : offlineUser;
  const sync = useSyncStatus(userId);

  useEffect(() => startSync(), []);

  // The sync queue is this person's (none while nobody is signed in).
  useEffect(() => setSyncOwner(userId), [userId]);

  // A fresh sign-in resumes the queue, once the session recorded who is signed in on the phone
  // (web/app/session.tsx → offline/deviceUser.ts; the queue sends only for that person).
  useEffect(() => {
    if (state.status !== 'signedIn') return;
    void sessionRecorded().then(() => syncNow());
  }, [state]);

  // Offline: the person signed in on this phone (none after a sign-out).
  useEffect(() => {
    if (state.status !== 'error') return;
    void (async () => {
      const identity = await fieldStore.identity();
      // Records kept before owners were are theirs (see ownership.ts legacyOwner).
      if (identity) await fieldStore.claimUnowned(identity.userId);
      setCached(identity ?? null);
    })().catch(() => setCached(null));
  }, [state.status]);

  // Back online after opening offline: ask the server who we are again.
  useEffect(() => {
    if (sync.online && state.status === 'error') void refresh();
  }, [sync.online, state.status, refresh]);

  // A sync answered 401: the session ended; sign in again and come back here.
  const here = location.pathname + location.search;
  if (state.status === 'signedOut') return <Navigate to={`/login?next=${encodeURIComponent(here)}`} replace />;

  let identity: FieldIdentity | null = null;
  let body: ReactNode;
  if (state.status === 'loading' || (state.status === 'error' && cached === undefined)) {
    body = (
      <div className="ra-fullpage">
        <Spin size="large" />
      </div>
    );
  } else if (state.status === 'signedIn') {
    const me = state.me;
    identity = {
      userId: me.id,
      username: me.username,
      displayName: me.displayName,
      permissions: me.permissions,
      offline: false,
    };
  } else if (state.status === 'error' && cached && !(state.error instanceof ApiError)) {
    identity = { ...cached, offline: true };
  } else if (state.status === 'error' && cached === null && !(state.error instanceof ApiError)) {
    // Offline after a sign-out: nobody's records open until someone signs in (with a connection).
    body = (
      <div data-testid="field-signed-out">
        <Result
          status="warning"
          title={t('field.signedOutOffline')}
          subTitle={t('field.signedOutOfflineHint')}
          extra={<Button onClick={() => void refresh()}>{t('common.retry')}</Button>}
        />
      </div>
    );
  } else {
    body = <LoadError error={state.status === 'error' ? state.error : null} onRetry={() => void refresh()} />;
  }

  return (
    <div className="ra-field">
      <header className="ra-field-header">
        <Button
          type="text"
          aria-label={t('common.cancel')}
          icon={<ArrowLeftOutlined />}
          onClick={() => (back ? navigate(back) : navigate(-1))}
          className="ra-field-back"
        />
        <span className="ra-brand-mark" aria-hidden>
          燃
        </span>
        <span className="ra-field-title">{title}</span>
        <SyncBadge owner={userId} onClick={() => navigate('/field')} />
      </header>
      <DemoBanner />
      {sync.needsLogin ? <Alert type="warning" banner title={t('field.signInAgain')} /> : null}
      <main className="ra-field-main">
        {identity ? <IdentityContext.Provider value={identity}>{children}</IdentityContext.Provider> : body}
      </main>
    </div>
  );
}
