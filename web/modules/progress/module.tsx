import { BarChartOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { WebModule } from '../../app/module.ts';
import { progressEn, progressZh } from './progress.i18n.ts';

/** 进度 and 责任倒查 (issue 4): open to holders of hazard.read or inspection.read. */
export const progressModule: WebModule = {
  name: 'progress',
  routes: [
    {
      path: 'progress',
      permission: ['hazard.read', 'inspection.read'],
      page: lazy(() => import('./ProgressPage.tsx').then((m) => ({ default: m.ProgressPage }))),
    },
    {
      path: 'accountability/:objectType/:objectId',
      permission: ['hazard.read', 'inspection.read'],
      page: lazy(() => import('./AccountabilityPage.tsx').then((m) => ({ default: m.AccountabilityPage }))),
    },
  ],
  menu: [
    {
      group: 'ledger',
      order: 50,
      // The menu checks hazard.read; every role holding one of the two holds both.
      entry: {
        key: 'progress',
        path: '/progress',
        label: 'menu.progress',
        icon: <BarChartOutlined />,
        permission: 'hazard.read',
      },
    },
  ],
  texts: { zh: progressZh, en: progressEn },
};
