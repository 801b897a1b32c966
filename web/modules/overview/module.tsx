import { HomeOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { preloadedOr } from '../../app/early.ts';
import type { WebModule } from '../../app/module.ts';

/** 首页: the campaign at a glance. */
export const overviewModule: WebModule = {
  name: 'overview',
  routes: [
    {
      path: '',
      permission: 'overview.read',
      // Loaded ahead by web/boot.ts when someone signed in on this browser before (web/app/early.ts).
      page: lazy(() =>
        preloadedOr('home', () => import('./OverviewPage.tsx')).then((m) => ({ default: m.OverviewPage })),
      ),
    },
  ],
  menu: [
    {
      order: 0,
      entry: { key: 'home', path: '/', label: 'menu.home', icon: <HomeOutlined />, permission: 'overview.read' },
    },
  ],
};
