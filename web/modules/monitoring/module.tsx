import { AlertOutlined, ControlOutlined, DashboardOutlined, RadarChartOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { WebModule } from '../../app/module.ts';
import { monitoringEn, monitoringZh } from './monitoring.i18n.ts';

/** 监测预警 (issue 13, plan 四(三)1): live alarms handled to the end, and the sensors with their readings. */
export const monitoringModule: WebModule = {
  name: 'monitoring',
  routes: [
    {
      path: 'monitoring/alarms',
      permission: 'monitoring.read',
      page: lazy(() => import('./AlarmsPage.tsx').then((m) => ({ default: m.AlarmsPage }))),
    },
    {
      path: 'monitoring/alarms/:id',
      permission: 'monitoring.read',
      page: lazy(() => import('./AlarmDetailPage.tsx').then((m) => ({ default: m.AlarmDetailPage }))),
    },
    {
      path: 'monitoring/sensors',
      permission: 'monitoring.read',
      page: lazy(() => import('./SensorsPage.tsx').then((m) => ({ default: m.SensorsPage }))),
    },
    {
      path: 'monitoring/rules',
      permission: 'monitoring.read',
      page: lazy(() => import('./RulesPage.tsx').then((m) => ({ default: m.RulesPage }))),
    },
    {
      path: 'monitoring/sensors/:code',
      permission: 'monitoring.read',
      page: lazy(() => import('./SensorPage.tsx').then((m) => ({ default: m.SensorPage }))),
    },
  ],
  menu: [
    {
      order: 35,
      entry: {
        key: 'monitoring',
        label: 'menu.monitoring',
        icon: <RadarChartOutlined />,
        children: [
          {
            key: 'alarms',
            path: '/monitoring/alarms',
            label: 'menu.alarms',
            icon: <AlertOutlined />,
            permission: 'monitoring.read',
          },
          {
            key: 'sensors',
            path: '/monitoring/sensors',
            label: 'menu.sensors',
            icon: <DashboardOutlined />,
            permission: 'monitoring.read',
          },
          {
            key: 'alarm-rules',
            path: '/monitoring/rules',
            label: 'menu.alarmRules',
            icon: <ControlOutlined />,
            permission: 'monitoring.read',
          },
        ],
      },
    },
  ],
  texts: { zh: monitoringZh, en: monitoringEn },
};
