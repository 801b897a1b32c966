import { SoundOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { WebModule } from '../../app/module.ts';
import { publicityEn, publicityZh } from './publicity.i18n.ts';

/** 宣传 (plan 四(六)) and 瓶改管/气改电 (plan 四(二)4): records by township and department, figures and export. */
export const publicityModule: WebModule = {
  name: 'publicity',
  routes: [
    {
      path: 'publicity',
      permission: 'publicity.read',
      page: lazy(() => import('./PublicityPage.tsx').then((m) => ({ default: m.PublicityPage }))),
    },
  ],
  menu: [
    {
      group: 'campaign',
      order: 1,
      entry: {
        key: 'publicity',
        path: '/publicity',
        label: 'menu.publicity',
        icon: <SoundOutlined />,
        permission: 'publicity.read',
      },
    },
  ],
  texts: { zh: publicityZh, en: publicityEn },
};
