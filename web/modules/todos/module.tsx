import { BellOutlined, CheckSquareOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { WebModule } from '../../app/module.ts';
import { TodoBadge, UnreadBadge } from './Badges.tsx';
import { todosEn, todosZh } from './todos.i18n.ts';

// Every person's role holds it (machine roles do not); the server answers for the signed-in person only.
const anyone = 'overview.read' as const;

/** 待办 and 通知 (issue 9.20): the to-do list, with change requests to decide, and the notification bell. */
export const todosModule: WebModule = {
  name: 'todos',
  routes: [
    {
      path: 'todos',
      permission: anyone,
      page: lazy(() => import('./TodosPage.tsx').then((m) => ({ default: m.TodosPage }))),
    },
    {
      path: 'notifications',
      permission: anyone,
      page: lazy(() => import('./NotificationsPage.tsx').then((m) => ({ default: m.NotificationsPage }))),
    },
  ],
  menu: [
    {
      order: 5,
      entry: {
        key: 'todos',
        path: '/todos',
        label: 'menu.todos',
        icon: <CheckSquareOutlined />,
        permission: anyone,
        badge: TodoBadge,
      },
    },
    {
      order: 6,
      entry: {
        key: 'notifications',
        path: '/notifications',
        label: 'menu.notifications',
        icon: <BellOutlined />,
        permission: anyone,
        badge: UnreadBadge,
      },
    },
  ],
  texts: { zh: todosZh, en: todosEn },
};
