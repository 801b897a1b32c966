import { BarChartOutlined, BuildOutlined, ToolOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { WebModule } from '../../app/module.ts';
import { projectsEn, projectsZh } from './projects.i18n.ts';
import { renewalEn, renewalZh } from './renewal.i18n.ts';

/**
 * 老化管网更新改造 (issue 16, plan 四(二)1–2): the candidates of 国办发〔2022〕22号, the renewal projects
 * (funds, milestones, progress and photos) and the figures against the plan's target, in the register's group.
 */
export const renewalModule: WebModule = {
  name: 'renewal',
  routes: [
    {
      path: 'renewal',
      permission: 'registry.read',
      notFor: ['venue'],
      page: lazy(() => import('./RenewalPage.tsx').then((m) => ({ default: m.RenewalPage }))),
    },
    {
      path: 'renewal/projects',
      permission: 'registry.read',
      notFor: ['venue'],
      page: lazy(() => import('./ProjectsPage.tsx').then((m) => ({ default: m.ProjectsPage }))),
    },
    {
      path: 'renewal/projects/:id',
      permission: 'registry.read',
      notFor: ['venue'],
      page: lazy(() => import('./ProjectDetailPage.tsx').then((m) => ({ default: m.ProjectDetailPage }))),
    },
    {
      path: 'renewal/figures',
      permission: 'registry.read',
      notFor: ['venue'],
      page: lazy(() => import('./FiguresPage.tsx').then((m) => ({ default: m.FiguresPage }))),
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
    {
      group: 'registry',
      order: 3,
      entry: {
        key: 'renewal-projects',
        path: '/renewal/projects',
        label: 'menu.renewalProjects',
        icon: <BuildOutlined />,
        permission: 'registry.read',
        notFor: ['venue'],
      },
    },
    {
      group: 'registry',
      order: 4,
      entry: {
        key: 'renewal-figures',
        path: '/renewal/figures',
        label: 'menu.renewalFigures',
        icon: <BarChartOutlined />,
        permission: 'registry.read',
        notFor: ['venue'],
      },
    },
  ],
  texts: { zh: { ...renewalZh, ...projectsZh }, en: { ...renewalEn, ...projectsEn } },
};
