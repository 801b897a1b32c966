import { lazy } from 'react';
import { createBrowserRouter } from 'react-router';
import { AppLayout } from './app/AppLayout.tsx';
import { RequireAuth, RequirePermission } from './app/guards.tsx';
import { LoginPage } from './app/LoginPage.tsx';
import { venueScopeOnly } from './app/navigation.tsx';
import { NotFound } from './app/PageState.tsx';
import { fieldRoutes, ledgerRoutes } from './modules/hazards/ledger.routes.tsx';

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
const VenuesPage = lazy(() =>
  import('./modules/registry/venues/VenuesPage.tsx').then((m) => ({ default: m.VenuesPage })),
);
const VenueDetailPage = lazy(() =>
  import('./modules/registry/venues/VenueDetailPage.tsx').then((m) => ({ default: m.VenueDetailPage })),
);
const MapPage = lazy(() => import('./modules/registry/map/MapPage.tsx').then((m) => ({ default: m.MapPage })));
const PipelinesPage = lazy(() =>
  import('./modules/registry/pipelines/PipelinesPage.tsx').then((m) => ({ default: m.PipelinesPage })),
);
const PipelineDetailPage = lazy(() =>
  import('./modules/registry/pipelines/PipelineDetailPage.tsx').then((m) => ({ default: m.PipelineDetailPage })),
);
const PeoplePage = lazy(() =>
  import('./modules/registry/people/PeoplePage.tsx').then((m) => ({ default: m.PeoplePage })),
);
const PersonDetailPage = lazy(() =>
  import('./modules/registry/people/PersonDetailPage.tsx').then((m) => ({ default: m.PersonDetailPage })),
);
const VehiclesPage = lazy(() =>
  import('./modules/registry/vehicles/VehiclesPage.tsx').then((m) => ({ default: m.VehiclesPage })),
);
const VehicleDetailPage = lazy(() =>
  import('./modules/registry/vehicles/VehicleDetailPage.tsx').then((m) => ({ default: m.VehicleDetailPage })),
);
const EnterprisesPage = lazy(() =>
  import('./modules/registry/enterprises/EnterprisesPage.tsx').then((m) => ({ default: m.EnterprisesPage })),
);
const EnterpriseDetailPage = lazy(() =>
  import('./modules/registry/enterprises/EnterpriseDetailPage.tsx').then((m) => ({ default: m.EnterpriseDetailPage })),
);
const LicencesPage = lazy(() =>
  import('./modules/registry/licences/LicencesPage.tsx').then((m) => ({ default: m.LicencesPage })),
);
const FacilitiesPage = lazy(() =>
  import('./modules/registry/facilities/FacilitiesPage.tsx').then((m) => ({ default: m.FacilitiesPage })),
);
const AuditPage = lazy(() => import('./modules/audit/AuditPage.tsx').then((m) => ({ default: m.AuditPage })));

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  ...fieldRoutes,
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
      {
        path: 'registry/venues',
        element: (
          <RequirePermission permission="registry.read">
            <VenuesPage />
          </RequirePermission>
        ),
      },
      {
        path: 'registry/venues/:id',
        element: (
          <RequirePermission permission="registry.read">
            <VenueDetailPage />
          </RequirePermission>
        ),
      },
      {
        path: 'registry/map',
        element: (
          <RequirePermission permission="registry.read">
            <MapPage />
          </RequirePermission>
        ),
      },
      {
        path: 'registry/enterprises',
        element: (
          <RequirePermission permission="registry.read" notFor={venueScopeOnly}>
            <EnterprisesPage />
          </RequirePermission>
        ),
      },
      {
        path: 'registry/enterprises/:id',
        element: (
          <RequirePermission permission="registry.read" notFor={venueScopeOnly}>
            <EnterpriseDetailPage />
          </RequirePermission>
        ),
      },
      {
        path: 'registry/licences',
        element: (
          <RequirePermission permission="registry.read" notFor={venueScopeOnly}>
            <LicencesPage />
          </RequirePermission>
        ),
      },
      {
        path: 'registry/facilities',
        element: (
          <RequirePermission permission="registry.read" notFor={venueScopeOnly}>
            <FacilitiesPage />
          </RequirePermission>
        ),
      },
      {
        path: 'registry/pipelines',
        element: (
          <RequirePermission permission="registry.read" notFor={venueScopeOnly}>
            <PipelinesPage />
          </RequirePermission>
        ),
      },
      {
        path: 'registry/pipelines/:id',
        element: (
          <RequirePermission permission="registry.read" notFor={venueScopeOnly}>
            <PipelineDetailPage />
          </RequirePermission>
        ),
      },
      {
        path: 'registry/people',
        element: (
          <RequirePermission permission="registry.read">
            <PeoplePage />
          </RequirePermission>
        ),
      },
      {
        path: 'registry/people/:id',
        element: (
          <RequirePermission permission="registry.read">
            <PersonDetailPage />
          </RequirePermission>
        ),
      },
      {
        path: 'registry/vehicles',
        element: (
          <RequirePermission permission="registry.read" notFor={venueScopeOnly}>
            <VehiclesPage />
          </RequirePermission>
        ),
      },
      {
        path: 'registry/vehicles/:id',
        element: (
          <RequirePermission permission="registry.read" notFor={venueScopeOnly}>
            <VehicleDetailPage />
          </RequirePermission>
        ),
      },
      ...ledgerRoutes,
      { path: '*', element: <NotFound /> },
    ],
  },
]);
