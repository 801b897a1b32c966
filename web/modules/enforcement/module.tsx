import {
  AuditOutlined,
  BarChartOutlined,
  FileProtectOutlined,
  SendOutlined,
  StopOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { Spin } from 'antd';
import { lazy, Suspense } from 'react';
import type { WebModule } from '../../app/module.ts';
import { enforcementEn, enforcementZh } from './enforcement.i18n.ts';

const TypicalCasesPage = lazy(() => import('./TypicalCasesPage.tsx').then((m) => ({ default: m.TypicalCasesPage })));
const supervised = ['enterprise', 'venue', 'facility'] as const;

/**
 * 执法办案 (issue 14, plan 五(一)5, 三(一)7, 三(二)): cases with their measures and documents, referrals
 * between departments, the joint-punishment blacklist, black sites, the figures; the public typical cases.
 */
export const enforcementModule: WebModule = {
  name: 'enforcement',
  routes: [
    {
      path: 'cases',
      permission: 'enforcement.read',
      notFor: supervised,
      page: lazy(() => import('./CasesPage.tsx').then((m) => ({ default: m.CasesPage }))),
    },
    {
      path: 'cases/new',
      permission: 'enforcement.manage',
      notFor: supervised,
      page: lazy(() => import('./OpenCasePage.tsx').then((m) => ({ default: m.OpenCasePage }))),
    },
    {
      path: 'cases/:id',
      permission: 'enforcement.read',
      notFor: supervised,
      page: lazy(() => import('./CaseDetailPage.tsx').then((m) => ({ default: m.CaseDetailPage }))),
    },
    {
      path: 'referrals',
      permission: 'enforcement.read',
      notFor: supervised,
      page: lazy(() => import('./ReferralsPage.tsx').then((m) => ({ default: m.ReferralsPage }))),
    },
    {
      path: 'blacklist',
      permission: 'enforcement.read',
      notFor: supervised,
      page: lazy(() => import('./BlacklistPage.tsx').then((m) => ({ default: m.BlacklistPage }))),
    },
    {
      path: 'black-sites',
      permission: 'enforcement.read',
      notFor: supervised,
      page: lazy(() => import('./BlackSitesPage.tsx').then((m) => ({ default: m.BlackSitesPage }))),
    },
    {
      path: 'enforcement/figures',
      permission: 'enforcement.read',
      notFor: supervised,
      page: lazy(() => import('./FiguresPage.tsx').then((m) => ({ default: m.FiguresPage }))),
    },
  ],
  fullPageRoutes: [
    {
      path: '/typical-cases',
      element: (
        <Suspense
          fallback={
            <div className="ra-fullpage">
              <Spin size="large" />
            </div>
          }
        >
          <TypicalCasesPage />
        </Suspense>
      ),
    },
  ],
  menu: [
    {
      order: 37,
      entry: {
        key: 'enforcement',
        label: 'menu.enforcement',
        icon: <AuditOutlined />,
        children: [
          {
            key: 'cases',
            path: '/cases',
            label: 'menu.cases',
            icon: <FileProtectOutlined />,
            permission: 'enforcement.read',
          },
          {
            key: 'referrals',
            path: '/referrals',
            label: 'menu.referrals',
            icon: <SendOutlined />,
            permission: 'enforcement.read',
          },
          {
            key: 'black-sites',
            path: '/black-sites',
            label: 'menu.blackSites',
            icon: <WarningOutlined />,
            permission: 'enforcement.read',
          },
          {
            key: 'blacklist',
            path: '/blacklist',
            label: 'menu.blacklist',
            icon: <StopOutlined />,
            permission: 'enforcement.read',
          },
          {
            key: 'enforcement-figures',
            path: '/enforcement/figures',
            label: 'menu.enforcementFigures',
            icon: <BarChartOutlined />,
            permission: 'enforcement.read',
          },
        ],
      },
    },
  ],
  texts: { zh: enforcementZh, en: enforcementEn },
};
