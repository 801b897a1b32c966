import { ReadOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { WebModule } from '../../app/module.ts';
import { trainingEn, trainingZh } from './training.i18n.ts';

/**
 * 安全培训 (issue 16, plan 五(一)1, 先培训、后上岗): training sessions with their attendees from the
 * register, the sign-in sheet import and the export, in the register's menu group.
 */
export const trainingModule: WebModule = {
  name: 'training',
  routes: [
    {
      path: 'training',
      permission: 'registry.read',
      page: lazy(() => import('./TrainingPage.tsx').then((m) => ({ default: m.TrainingPage }))),
    },
    {
      path: 'training/:id',
      permission: 'registry.read',
      page: lazy(() => import('./TrainingDetailPage.tsx').then((m) => ({ default: m.TrainingDetailPage }))),
    },
  ],
  menu: [
    {
      group: 'registry',
      order: 1,
      entry: {
        key: 'training',
        path: '/training',
        label: 'menu.training',
        icon: <ReadOutlined />,
        permission: 'registry.read',
      },
    },
  ],
  texts: { zh: trainingZh, en: trainingEn },
};
