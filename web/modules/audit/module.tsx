import { AuditOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { WebModule } from '../../app/module.ts';

/** 审计日志: the audit trail, read by scope. */
export const auditModule: WebModule = {
  name: 'audit',
  routes: [
    {
      path: 'audit',
      permission: 'audit.read',
      page: lazy(() => import('./AuditPage.tsx').then((m) => ({ default: m.AuditPage }))),
    },
  ],
  menu: [
    {
      order: 70,
      entry: { key: 'audit', path: '/audit', label: 'menu.audit', icon: <AuditOutlined />, permission: 'audit.read' },
    },
  ],
};
