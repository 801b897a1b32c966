import { Spin } from 'antd';
import { lazy, type ReactNode, Suspense } from 'react';
import type { WebModule } from '../../app/module.ts';
import { cylindersEn, cylindersZh } from './cylinders.i18n.ts';

const PublicCylinderPage = lazy(() =>
  import('./public/PublicCylinderPage.tsx').then((m) => ({ default: m.PublicCylinderPage })),
);
const PublicLookupPage = lazy(() =>
  import('./public/PublicCylinderPage.tsx').then((m) => ({ default: m.PublicLookupPage })),
);

/** A public page while its code loads (outside the office layout and its sign-in guard). */
const bare = (page: ReactNode) => (
  <Suspense
    fallback={
      <div className="ra-fullpage">
        <Spin size="large" />
      </div>
    }
  >
    {page}
  </Suspense>
);

/**
 * 一瓶一码 (issue 11): the public page a cylinder's QR opens (`/c/:code`, no sign-in) and the
 * public lookup (`/c`).
 */
export const cylindersModule: WebModule = {
  name: 'cylinders',
  fullPageRoutes: [
    { path: '/c', element: bare(<PublicLookupPage />) },
    { path: '/c/:code', element: bare(<PublicCylinderPage />) },
  ],
  texts: { zh: cylindersZh, en: cylindersEn },
};
