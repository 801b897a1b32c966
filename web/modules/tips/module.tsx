import { NotificationOutlined } from '@ant-design/icons';
import { Spin } from 'antd';
import { lazy, type ReactNode, Suspense } from 'react';
import type { WebModule } from '../../app/module.ts';
import { tipsEn, tipsZh } from './tips.i18n.ts';

const PublicReportPage = lazy(() => import('./PublicReportPage.tsx').then((m) => ({ default: m.PublicReportPage })));
const PublicTrackPage = lazy(() => import('./PublicTrackPage.tsx').then((m) => ({ default: m.PublicTrackPage })));

const fullPage = (page: ReactNode) => (
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
 * 群众举报 (issue 14, plan 五(一)2): the public pages (no sign-in, outside the office layout: /report to
 * file, /report/track to follow with the tracking code) and the staff's list, handling and settings.
 */
export const tipsModule: WebModule = {
  name: 'tips',
  routes: [
    {
      path: 'tips',
      permission: 'tip.read',
      notFor: ['enterprise', 'venue'],
      page: lazy(() => import('./TipsPage.tsx').then((m) => ({ default: m.TipsPage }))),
    },
    {
      path: 'tips/settings',
      permission: 'tip.read',
      notFor: ['enterprise', 'venue'],
      page: lazy(() => import('./TipSettingsPage.tsx').then((m) => ({ default: m.TipSettingsPage }))),
    },
    {
      path: 'tips/:id',
      permission: 'tip.read',
      notFor: ['enterprise', 'venue'],
      page: lazy(() => import('./TipDetailPage.tsx').then((m) => ({ default: m.TipDetailPage }))),
    },
  ],
  fullPageRoutes: [
    { path: '/report', element: fullPage(<PublicReportPage />) },
    { path: '/report/track', element: fullPage(<PublicTrackPage />) },
  ],
  menu: [
    {
      order: 36,
      entry: {
        key: 'tips-group',
        label: 'menu.tips',
        icon: <NotificationOutlined />,
        children: [
          { key: 'tips', path: '/tips', label: 'menu.tips', icon: <NotificationOutlined />, permission: 'tip.read' },
          {
            key: 'tip-settings',
            path: '/tips/settings',
            label: 'menu.tipSettings',
            icon: <NotificationOutlined />,
            permission: 'tip.read',
          },
        ],
      },
    },
  ],
  texts: { zh: tipsZh, en: tipsEn },
};
