import { SafetyOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { WebModule } from '../../app/module.ts';
import { worksEn, worksZh } from './works.i18n.ts';

/**
 * 第三方施工 (issue 16, plan 三(三)1, 三(五)8): works near gas pipelines, their protection agreements and the
 * operators' guardian visits, in the register's group; the map shows them as a layer.
 */
export const worksModule: WebModule = {
  name: 'works',
  routes: [
    {
      path: 'works',
      permission: 'works.read',
      page: lazy(() => import('./WorksPage.tsx').then((m) => ({ default: m.WorksPage }))),
    },
    {
      path: 'works/:id',
      permission: 'works.read',
      page: lazy(() => import('./WorksDetailPage.tsx').then((m) => ({ default: m.WorksDetailPage }))),
    },
  ],
  menu: [
    {
      group: 'registry',
      order: 5,
      entry: {
        key: 'works',
        path: '/works',
        label: 'menu.works',
        icon: <SafetyOutlined />,
        permission: 'works.read',
      },
    },
  ],
  texts: { zh: worksZh, en: worksEn },
};
