import { Spin } from 'antd';
import { lazy, type ReactNode, Suspense } from 'react';
import type { RouteObject } from 'react-router';
import type { Permission } from '../../../domain/access/roles.ts';
import { Forbidden } from '../../app/PageState.tsx';
import { useSession } from '../../app/session.tsx';

// The hazard ledger's pages (issue 4), loaded on demand like the rest.
const InspectionsPage = lazy(() =>
  import('../inspections/InspectionsPage.tsx').then((m) => ({ default: m.InspectionsPage })),
);
const InspectionDetailPage = lazy(() =>
  import('../inspections/InspectionDetailPage.tsx').then((m) => ({ default: m.InspectionDetailPage })),
);
const FieldFormPage = lazy(() =>
  import('../inspections/field/FieldFormPage.tsx').then((m) => ({ default: m.FieldFormPage })),
);
const FieldHomePage = lazy(() =>
  import('../inspections/field/FieldHomePage.tsx').then((m) => ({ default: m.FieldHomePage })),
);
const FieldNewPage = lazy(() =>
  import('../inspections/field/FieldNewPage.tsx').then((m) => ({ default: m.FieldNewPage })),
);
const HazardsPage = lazy(() => import('./HazardsPage.tsx').then((m) => ({ default: m.HazardsPage })));
const HazardDetailPage = lazy(() => import('./HazardDetailPage.tsx').then((m) => ({ default: m.HazardDetailPage })));
const EscalationsPage = lazy(() => import('./EscalationsPage.tsx').then((m) => ({ default: m.EscalationsPage })));
const ProgressPage = lazy(() => import('../progress/ProgressPage.tsx').then((m) => ({ default: m.ProgressPage })));
const AccountabilityPage = lazy(() =>
  import('../progress/AccountabilityPage.tsx').then((m) => ({ default: m.AccountabilityPage })),
);

/** A page open to holders of any of the permissions (the server still checks every call). */
function RequireAny({ permissions, children }: { permissions: Permission[]; children: ReactNode }) {
  const { can } = useSession();
  return permissions.some((p) => can(p)) ? children : <Forbidden />;
}

const guarded = (permissions: Permission[], element: ReactNode) => (
  <RequireAny permissions={permissions}>{element}</RequireAny>
);

/** Routes inside the office layout (children of the signed-in AppLayout route). */
export const ledgerRoutes: RouteObject[] = [
  { path: 'inspections', element: guarded(['inspection.read'], <InspectionsPage />) },
  { path: 'inspections/:id', element: guarded(['inspection.read'], <InspectionDetailPage />) },
  { path: 'hazards', element: guarded(['hazard.read'], <HazardsPage />) },
  { path: 'hazards/escalations', element: guarded(['hazard.read'], <EscalationsPage />) },
  { path: 'hazards/:id', element: guarded(['hazard.read'], <HazardDetailPage />) },
  { path: 'progress', element: guarded(['hazard.read', 'inspection.read'], <ProgressPage />) },
  {
    path: 'accountability/:objectType/:objectId',
    element: guarded(['hazard.read', 'inspection.read'], <AccountabilityPage />),
  },
];

/**
 * The field app: top-level routes outside the office layout and its sign-in guard, so they open
 * without a connection (FieldShell handles the session, or the identity kept on the phone).
 */
const loading = (
  <div className="ra-fullpage">
    <Spin size="large" />
  </div>
);

export const fieldRoutes: RouteObject[] = [
  {
    path: '/inspections/:id/do',
    element: (
      <Suspense fallback={loading}>
        <FieldFormPage />
      </Suspense>
    ),
  },
  {
    path: '/field',
    element: (
      <Suspense fallback={loading}>
        <FieldHomePage />
      </Suspense>
    ),
  },
  {
    path: '/field/new',
    element: (
      <Suspense fallback={loading}>
        <FieldNewPage />
      </Suspense>
    ),
  },
];
