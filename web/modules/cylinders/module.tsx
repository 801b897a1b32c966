import {
  AlertOutlined,
  QrcodeOutlined,
  ScanOutlined,
  StopOutlined,
  TableOutlined,
  UnorderedListOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { Spin } from 'antd';
import { lazy, type ReactNode, Suspense } from 'react';
import type { ModuleRoute, WebModule } from '../../app/module.ts';
import { cylindersEn, cylindersZh } from './cylinders.i18n.ts';

const PublicCylinderPage = lazy(() =>
  import('./public/PublicCylinderPage.tsx').then((m) => ({ default: m.PublicCylinderPage })),
);
const PublicLookupPage = lazy(() =>
  import('./public/PublicCylinderPage.tsx').then((m) => ({ default: m.PublicLookupPage })),
);

/** A public page while its code loads (outside the office layout and its sign-in guard). */
const bare = (page: ReactNode) => (
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

const page = (path: string, permission: ModuleRoute['permission'], component: ModuleRoute['page']): ModuleRoute => ({
  path: `cylinders${path}`,
  permission,
  page: component,
});

/**
 * 一瓶一码 (issue 11): the cylinder register and its timeline, scanning on a phone, seizure (with the
 * seized cylinders), the product blacklist with its recalls, the anomalies, the fill list (充装记录) with
 * its export, the filling gate's refusals (live); and, outside the office,
 * the public page a cylinder's QR opens (`/c/:code`, no sign-in) with the public lookup (`/c`).
 */
export const cylindersModule: WebModule = {
  name: 'cylinders',
  routes: [
    page(
      '',
      'cylinder.read',
      lazy(() => import('./CylindersPage.tsx').then((m) => ({ default: m.CylindersPage }))),
    ),
    page(
      '/scan',
      'cylinder.read',
      lazy(() => import('./ScanPage.tsx').then((m) => ({ default: m.ScanPage }))),
    ),
    page(
      '/filling',
      'filling.check',
      lazy(() => import('./FillingPage.tsx').then((m) => ({ default: m.FillingPage }))),
    ),
    page(
      '/refusals',
      'filling.check',
      lazy(() => import('./RefusalsPage.tsx').then((m) => ({ default: m.RefusalsPage }))),
    ),
    page(
      '/fills',
      'cylinder.read',
      lazy(() => import('./FillsPage.tsx').then((m) => ({ default: m.FillsPage }))),
    ),
    page(
      '/seize',
      'cylinder.seize',
      lazy(() => import('./SeizurePage.tsx').then((m) => ({ default: m.SeizurePage }))),
    ),
    page(
      '/blacklist',
      'cylinder.read',
      lazy(() => import('./BlacklistPage.tsx').then((m) => ({ default: m.BlacklistPage }))),
    ),
    page(
      '/blacklist/:id/recall',
      'cylinder.read',
      lazy(() => import('./RecallPage.tsx').then((m) => ({ default: m.RecallPage }))),
    ),
    page(
      '/anomalies',
      'cylinder.read',
      lazy(() => import('./AnomaliesPage.tsx').then((m) => ({ default: m.AnomaliesPage }))),
    ),
    page(
      '/:code',
      'cylinder.read',
      lazy(() => import('./CylinderDetailPage.tsx').then((m) => ({ default: m.CylinderDetailPage }))),
    ),
  ],
  fullPageRoutes: [
    { path: '/c', element: bare(<PublicLookupPage />) },
    { path: '/c/:code', element: bare(<PublicCylinderPage />) },
  ],
  menu: [
    {
      order: 44,
      entry: {
        key: 'cylinders',
        label: 'menu.cylinders',
        icon: <QrcodeOutlined />,
        children: [
          {
            key: 'cylinder-list',
            path: '/cylinders',
            label: 'menu.cylinderList',
            icon: <TableOutlined />,
            permission: 'cylinder.read',
          },
          {
            key: 'cylinder-scan',
            path: '/cylinders/scan',
            label: 'menu.cylinderScan',
            icon: <ScanOutlined />,
            permission: 'cylinder.read',
          },
          {
            key: 'cylinder-seize',
            path: '/cylinders/seize',
            label: 'menu.cylinderSeize',
            icon: <StopOutlined />,
            permission: 'cylinder.seize',
          },
          {
            key: 'cylinder-blacklist',
            path: '/cylinders/blacklist',
            label: 'menu.cylinderBlacklist',
            icon: <StopOutlined />,
            permission: 'cylinder.read',
          },
          {
            key: 'cylinder-anomalies',
            path: '/cylinders/anomalies',
            label: 'menu.cylinderAnomalies',
            icon: <AlertOutlined />,
            permission: 'cylinder.read',
          },
          {
            key: 'cylinder-filling',
            path: '/cylinders/filling',
            label: 'menu.cylinderFilling',
            icon: <ScanOutlined />,
            permission: 'filling.check',
          },
          {
            key: 'cylinder-fills',
            path: '/cylinders/fills',
            label: 'menu.cylinderFills',
            icon: <UnorderedListOutlined />,
            permission: 'cylinder.read',
          },
          {
            key: 'cylinder-refusals',
            path: '/cylinders/refusals',
            label: 'menu.cylinderRefusals',
            icon: <WarningOutlined />,
            permission: 'filling.check',
          },
        ],
      },
    },
  ],
  texts: { zh: cylindersZh, en: cylindersEn },
};
