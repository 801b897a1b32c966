import { lazy } from 'react';
import { createBrowserRouter } from 'react-router';
import { AppLayout } from './app/AppLayout.tsx';
import { RequireAuth, RequirePermission } from './app/guards.tsx';
import { LoginPage } from './app/LoginPage.tsx';
import { NotFound } from './app/PageState.tsx';

// Pages load on demand, so the first screen carries only the shell (and the login page).
const OverviewPage = lazy(() =>
  import('./modules/overview/OverviewPage.tsx').then((m) => ({ default: m.OverviewPage })),
);
const PlanTasksPage = lazy(() =>
  import('./modules/organisation/PlanTasksPage.tsx').then((m) => ({ default: m.PlanTasksPage })),
);
const OrganisationPage = lazy(() =>
  import('./modules/organisation/OrganisationPage.tsx').then((m) => ({ default: m.OrganisationPage })),
);
const UsersPage = lazy(() => import('./modules/users/UsersPage.tsx').then((m) => ({ default: m.UsersPage })));
const MachineTokensPage = lazy(() =>
  import('./modules/machine-tokens/MachineTokensPage.tsx').then((m) => ({ default: m.MachineTokensPage })),
);
const AuditPage = lazy(() => import('./modules/audit/AuditPage.tsx').then((m) => ({ default: m.AuditPage })));

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    element: (
      <RequireAuth>
        <AppLayout />
      </RequireAuth>
    ),
    children: [
      {
        index: true,
        element: (
          <RequirePermission permission="overview.read">
            <OverviewPage />
          </RequirePermission>
        ),
      },
      {
        path: 'plan/tasks',
        element: (
          <RequirePermission permission="organisation.read">
            <PlanTasksPage />
          </RequirePermission>
        ),
      },
      {
        path: 'organisation',
        element: (
          <RequirePermission permission="organisation.read">
            <OrganisationPage />
          </RequirePermission>
        ),
      },
      {
        path: 'users',
        element: (
          <RequirePermission permission="user.read">
            <UsersPage />
          </RequirePermission>
        ),
      },
      {
        path: 'machine-tokens',
        element: (
          <RequirePermission permission="machine_token.manage">
            <MachineTokensPage />
          </RequirePermission>
        ),
      },
      {
        path: 'audit',
        element: (
          <RequirePermission permission="audit.read">
            <AuditPage />
          </RequirePermission>
        ),
      },
      { path: '*', element: <NotFound /> },
    ],
  },
]);
