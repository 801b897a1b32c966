import { Button, Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import type { Permission, ScopeType } from '../../domain/access/roles.ts';
import { errorText } from './http.ts';
import { useT } from './i18n.ts';
import { onlyScopes } from './module.ts';
import { Forbidden } from './PageState.tsx';
import { useSession } from './session.tsx';

/** Shows its children to a signed-in user; anyone else goes to the login page and comes back after. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const t = useT();
  const { state, refresh } = useSession();
  const location = useLocation();
  if (state.status === 'loading') {
    return (
      <div className="ra-fullpage">
        <Spin size="large" />
      </div>
    );
  }
  if (state.status === 'error') {
    return (
      <div className="ra-fullpage">
        <Result
          status="error"
          title={t('common.loadFailed')}
          subTitle={errorText(state.error)}
          extra={
            <Button type="primary" onClick={() => void refresh()}>
              {t('common.retry')}
            </Button>
          }
        />
      </div>
    );
  }
  if (state.status === 'signedOut') {
    const here = location.pathname + location.search;
    return <Navigate to={here === '/' ? '/login' : `/login?next=${encodeURIComponent(here)}`} replace />;
  }
  return children;
}

/**
 * A page that needs a permission (with a list, any of them; and, with `notFor`, a grant of another
 * scope type than those); the menu hides it too, this covers typed-in addresses.
 */
export function RequirePermission({
  permission,
  notFor,
  children,
}: {
  permission: Permission | readonly Permission[];
  notFor?: readonly ScopeType[];
  children: ReactNode;
}) {
  const { can, me } = useSession();
  const allowed =
    (typeof permission === 'string' ? can(permission) : permission.some((p) => can(p))) &&
    !onlyScopes(
      (me?.roles ?? []).map((r) => r.scopeType),
      notFor,
    );
  return allowed ? children : <Forbidden />;
}
