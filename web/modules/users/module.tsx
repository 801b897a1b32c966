import { TeamOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { WebModule } from '../../app/module.ts';

/** 用户管理: accounts and their grants. */
export const usersModule: WebModule = {
  name: 'users',
  routes: [
    {
      path: 'users',
      permission: 'user.read',
      page: lazy(() => import('./UsersPage.tsx').then((m) => ({ default: m.UsersPage }))),
    },
  ],
  menu: [
    {
      order: 50,
      entry: { key: 'users', path: '/users', label: 'menu.users', icon: <TeamOutlined />, permission: 'user.read' },
    },
  ],
};
