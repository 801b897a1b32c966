import { CalendarOutlined, FileSearchOutlined, MobileOutlined, ScheduleOutlined } from '@ant-design/icons';
import { Spin } from 'antd';
import { lazy, type ReactNode, Suspense } from 'react';
import type { WebModule } from '../../app/module.ts';
import { inspectionsEn, inspectionsZh } from './inspections.i18n.ts';

const FieldFormPage = lazy(() => import('./field/FieldFormPage.tsx').then((m) => ({ default: m.FieldFormPage })));
const FieldHomePage = lazy(() => import('./field/FieldHomePage.tsx').then((m) => ({ default: m.FieldHomePage })));
const FieldNewPage = lazy(() => import('./field/FieldNewPage.tsx').then((m) => ({ default: m.FieldNewPage })));

/** A field page while its code loads (outside the office layout, which has its own). */
const field = (page: ReactNode) => (
  <Suspense
    fallback={
      <div className="ra-fullpage">
        <Spin size="large" />
      </div>
    }
  >
    {page}
  </Suspense>
);

/**
 * 排查 (issue 4): inspections in the office, and the field app — top-level routes outside the office
 * layout and its sign-in guard, so they open without a connection (FieldShell handles the session, or
 * the identity kept on the phone). Declares the 排查整治 menu group, which hazards and progress fill.
 */
export const inspectionsModule: WebModule = {
  name: 'inspections',
  routes: [
    {
      path: 'inspections',
      permission: 'inspection.read',
      page: lazy(() => import('./InspectionsPage.tsx').then((m) => ({ default: m.InspectionsPage }))),
    },
    {
      path: 'inspections/monthly-self-missed',
      permission: 'inspection.read',
      page: lazy(() =>
        import('./cadence/MonthlySelfMissedPage.tsx').then((m) => ({ default: m.MonthlySelfMissedPage })),
      ),
    },
    {
      path: 'inspections/user-inspections-due',
      permission: 'inspection.read',
      page: lazy(() =>
        import('./cadence/UserInspectionsDuePage.tsx').then((m) => ({ default: m.UserInspectionsDuePage })),
      ),
    },
    {
      path: 'inspections/:id',
      permission: 'inspection.read',
      page: lazy(() => import('./InspectionDetailPage.tsx').then((m) => ({ default: m.InspectionDetailPage }))),
    },
  ],
  fullPageRoutes: [
    { path: '/inspections/:id/do', element: field(<FieldFormPage />) },
    { path: '/field', element: field(<FieldHomePage />) },
    { path: '/field/new', element: field(<FieldNewPage />) },
  ],
  menu: [
    {
      order: 30,
      entry: {
        key: 'ledger',
        label: 'menu.ledger',
        icon: <FileSearchOutlined />,
        children: [
          {
            key: 'inspections',
            path: '/inspections',
            label: 'menu.inspections',
            icon: <FileSearchOutlined />,
            permission: 'inspection.read',
          },
          {
            key: 'monthly-self-missed',
            path: '/inspections/monthly-self-missed',
            label: 'menu.monthlySelfMissed',
            icon: <CalendarOutlined />,
            permission: 'inspection.read',
          },
          {
            key: 'user-inspections-due',
            path: '/inspections/user-inspections-due',
            label: 'menu.userInspectionsDue',
            icon: <ScheduleOutlined />,
            permission: 'inspection.read',
          },
          {
            key: 'field',
            path: '/field',
            label: 'menu.field',
            icon: <MobileOutlined />,
            permission: 'inspection.record',
          },
        ],
      },
    },
  ],
  texts: { zh: inspectionsZh, en: inspectionsEn },
};
