import { KeyOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { WebModule } from '../../app/module.ts';

/** 机器令牌: bearer tokens for filling lines, gateways and scrapers. */
export const machineTokensModule: WebModule = {
  name: 'machine-tokens',
  routes: [
    {
      path: 'machine-tokens',
      permission: 'machine_token.manage',
      page: lazy(() => import('./MachineTokensPage.tsx').then((m) => ({ default: m.MachineTokensPage }))),
    },
  ],
  menu: [
    {
      order: 60,
      entry: {
        key: 'machine-tokens',
        path: '/machine-tokens',
        label: 'menu.machineTokens',
        icon: <KeyOutlined />,
        permission: 'machine_token.manage',
      },
    },
  ],
};
