import { ToolOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { WebModule } from '../../app/module.ts';
import { renewalEn, renewalZh } from './renewal.i18n.ts';

/** 老化管网更新改造 (issue 16, plan 四(二)1–2): the candidates of 国办发〔2022〕22号, in the register's group. */
export const renewalModule: WebModule = {
  name: 'renewal',
  routes: [
    {
      path: 'renewal',
      permission: 'registry.read',
      notFor: ['venue'],
      page: lazy(() => import('./RenewalPage.tsx').then((m) => ({ default: m.RenewalPage }))),
    },
  ],
  menu: [
    {
      group: 'registry',
      order: 2,
      entry: {
        key: 'renewal',
        path: '/renewal',
        label: 'menu.renewal',
        icon: <ToolOutlined />,
        permission: 'registry.read',
        notFor: ['venue'],
      },
    },
  ],
  texts: { zh: renewalZh, en: renewalEn },
};
