import { ApartmentOutlined, FlagOutlined, OrderedListOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { WebModule } from '../../app/module.ts';

/** 专项整治 (the plan's tasks) and 区划与部门 (regions, departments, the campaign's phases). */
export const organisationModule: WebModule = {
  name: 'organisation',
  routes: [
    {
      path: 'plan/tasks',
      permission: 'organisation.read',
      page: lazy(() => import('./PlanTasksPage.tsx').then((m) => ({ default: m.PlanTasksPage }))),
    },
    {
      path: 'organisation',
      permission: 'organisation.read',
      page: lazy(() => import('./OrganisationPage.tsx').then((m) => ({ default: m.OrganisationPage }))),
    },
  ],
  menu: [
    {
      order: 10,
      entry: {
        key: 'campaign',
        label: 'menu.campaign',
        icon: <FlagOutlined />,
        children: [
          {
            key: 'plan-tasks',
            path: '/plan/tasks',
            label: 'menu.planTasks',
            icon: <OrderedListOutlined />,
            permission: 'organisation.read',
          },
        ],
      },
    },
    {
      order: 40,
      entry: {
        key: 'organisation',
        path: '/organisation',
        label: 'menu.organisation',
        icon: <ApartmentOutlined />,
        permission: 'organisation.read',
      },
    },
  ],
};
