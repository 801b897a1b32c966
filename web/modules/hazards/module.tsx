import { AlertOutlined, WarningOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { WebModule } from '../../app/module.ts';
import { EscalationBadge } from './EscalationBadge.tsx';
import { hazardsEn, hazardsZh } from './hazards.i18n.ts';

/** 隐患台账 and 督办 (issue 4): the closed loop of hazards; its leaves go into the 排查整治 group. */
export const hazardsModule: WebModule = {
  name: 'hazards',
  routes: [
    {
      path: 'hazards',
      permission: 'hazard.read',
      page: lazy(() => import('./HazardsPage.tsx').then((m) => ({ default: m.HazardsPage }))),
    },
    {
      path: 'hazards/escalations',
      permission: 'hazard.read',
      page: lazy(() => import('./EscalationsPage.tsx').then((m) => ({ default: m.EscalationsPage }))),
    },
    {
      path: 'hazards/:id',
      permission: 'hazard.read',
      page: lazy(() => import('./HazardDetailPage.tsx').then((m) => ({ default: m.HazardDetailPage }))),
    },
  ],
  menu: [
    {
      group: 'ledger',
      order: 30,
      entry: {
        key: 'hazards',
        path: '/hazards',
        label: 'menu.hazards',
        icon: <WarningOutlined />,
        permission: 'hazard.read',
      },
    },
    {
      group: 'ledger',
      order: 40,
      entry: {
        key: 'escalations',
        path: '/hazards/escalations',
        label: 'menu.escalations',
        icon: <AlertOutlined />,
        permission: 'hazard.read',
        // How many open hazards are escalated in the user's scope, seen without opening the page.
        badge: EscalationBadge,
      },
    },
  ],
  texts: { zh: hazardsZh, en: hazardsEn },
};
