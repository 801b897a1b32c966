import { CarOutlined, MobileOutlined } from '@ant-design/icons';
import { Spin } from 'antd';
import { lazy, type ReactNode, Suspense } from 'react';
import type { WebModule } from '../../app/module.ts';
import { deliveryEn, deliveryZh } from './delivery.i18n.ts';

const DriverHomePage = lazy(() => import('./DriverPage.tsx').then((m) => ({ default: m.DriverHomePage })));
const DriverOrderPage = lazy(() => import('./DriverPage.tsx').then((m) => ({ default: m.DriverOrderPage })));

const phone = (page: ReactNode) => (
  <Suspense fallback={<Spin size="large" style={{ display: 'block', marginTop: 80 }} />}>{page}</Suspense>
);

/**
 * 配送监管 (issue 12): the operator's desk and the office's view (orders, users, live positions, track
 * replay, vehicle flags, check rates), and the driver's phone pages outside the office layout, which
 * open with the orders kept on the phone when the connection is lost.
 */
export const deliveryModule: WebModule = {
  name: 'delivery',
  routes: [
    {
      path: 'delivery',
      permission: 'delivery.read',
      page: lazy(() => import('./DeliveryPage.tsx').then((m) => ({ default: m.DeliveryPage }))),
    },
  ],
  fullPageRoutes: [
    { path: '/driver', element: phone(<DriverHomePage />) },
    { path: '/driver/orders/:id', element: phone(<DriverOrderPage />) },
  ],
  menu: [
    {
      order: 45,
      entry: {
        key: 'delivery',
        path: '/delivery',
        label: 'menu.delivery',
        icon: <CarOutlined />,
        permission: 'delivery.read',
      },
    },
    {
      order: 46,
      entry: {
        key: 'driver',
        path: '/driver',
        label: 'menu.driver',
        icon: <MobileOutlined />,
        permission: 'delivery.deliver',
      },
    },
  ],
  texts: { zh: deliveryZh, en: deliveryEn },
};
