import {
  AlertOutlined,
  AuditOutlined,
  DashboardOutlined,
  FileTextOutlined,
  FundProjectionScreenOutlined,
  SolutionOutlined,
} from '@ant-design/icons';
import { Spin } from 'antd';
import { Suspense, lazy } from 'react';
import { preloadedOr } from '../../app/early.ts';
import type { WebModule } from '../../app/module.ts';
import { supervisionEn, supervisionZh } from './supervision.i18n.ts';

const Wall = lazy(() => import('./WallPage.tsx').then((m) => ({ default: m.WallPage })));

/** 指挥调度 (issue 15): the command dashboard, the bulletins and the wall display. */
export const supervisionModule: WebModule = {
  name: 'supervision',
  routes: [
    {
      path: 'dashboard',
      permission: 'supervision.read',
      // Loaded ahead by web/boot.ts on /dashboard (web/app/early.ts).
      page: lazy(() =>
        preloadedOr('dashboard', () => import('./DashboardPage.tsx')).then((m) => ({ default: m.DashboardPage })),
      ),
    },
    {
      path: 'supervision/bulletins',
      permission: 'supervision.read',
      page: lazy(() => import('./BulletinsPage.tsx').then((m) => ({ default: m.BulletinsPage }))),
    },
    {
      path: 'supervision/orders',
      permission: 'supervision.read',
      page: lazy(() => import('./OrdersPage.tsx').then((m) => ({ default: m.OrdersPage }))),
    },
    {
      path: 'supervision/actions',
      permission: 'supervision.read',
      page: lazy(() => import('./ActionsPage.tsx').then((m) => ({ default: m.ActionsPage }))),
    },
    {
      path: 'supervision/accidents',
      permission: 'supervision.read',
      page: lazy(() => import('./AccidentsPage.tsx').then((m) => ({ default: m.AccidentsPage }))),
    },
  ],
  fullPageRoutes: [
    {
      path: '/wall',
      element: (
        <Suspense fallback={<Spin size="large" />}>
          <Wall />
        </Suspense>
      ),
    },
  ],
  menu: [
    {
      order: 1,
      entry: {
        key: 'supervision',
        label: 'menu.supervision',
        icon: <DashboardOutlined />,
        children: [
          {
            key: 'dashboard',
            path: '/dashboard',
            label: 'menu.dashboard',
            icon: <DashboardOutlined />,
            permission: 'supervision.read',
          },
          {
            key: 'bulletins',
            path: '/supervision/bulletins',
            label: 'menu.bulletins',
            icon: <FileTextOutlined />,
            permission: 'supervision.read',
          },
          {
            key: 'orders',
            path: '/supervision/orders',
            label: 'menu.orders',
            icon: <AuditOutlined />,
            permission: 'supervision.read',
          },
          {
            key: 'actions',
            path: '/supervision/actions',
            label: 'menu.actions',
            icon: <SolutionOutlined />,
            permission: 'supervision.read',
          },
          {
            key: 'accidents',
            path: '/supervision/accidents',
            label: 'menu.accidents',
            icon: <AlertOutlined />,
            permission: 'supervision.read',
          },
          {
            key: 'wall',
            path: '/wall',
            label: 'menu.wall',
            icon: <FundProjectionScreenOutlined />,
            permission: 'supervision.read',
          },
        ],
      },
    },
  ],
  texts: { zh: supervisionZh, en: supervisionEn },
};
