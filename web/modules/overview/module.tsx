import { HomeOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { WebModule } from '../../app/module.ts';

/** 首页: the campaign at a glance. */
export const overviewModule: WebModule = {
  name: 'overview',
  routes: [
    {
      path: '',
      permission: 'overview.read',
      page: lazy(() => import('./OverviewPage.tsx').then((m) => ({ default: m.OverviewPage }))),
    },
  ],
  menu: [
    {
      order: 0,
      entry: { key: 'home', path: '/', label: 'menu.home', icon: <HomeOutlined />, permission: 'overview.read' },
    },
  ],
};
