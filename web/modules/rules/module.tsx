import { SlidersOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { WebModule } from '../../app/module.ts';
import { rulesEn, rulesZh } from './rules.i18n.ts';

/** 规则参数 (issue 10.14): the limits in force, their versions, the office's changes. */
export const rulesModule: WebModule = {
  name: 'rules',
  routes: [
    {
      path: 'rules/limits',
      permission: 'overview.read',
      page: lazy(() => import('./LimitsPage.tsx').then((m) => ({ default: m.LimitsPage }))),
    },
  ],
  menu: [
    {
      order: 65,
      entry: {
        key: 'rules',
        path: '/rules/limits',
        label: 'menu.rules',
        icon: <SlidersOutlined />,
        permission: 'rules.manage',
      },
    },
  ],
  texts: { zh: rulesZh, en: rulesEn },
};
