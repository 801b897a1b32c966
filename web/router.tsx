import { createBrowserRouter } from 'react-router';
import { AppLayout } from './app/AppLayout.tsx';
import { RequireAuth, RequirePermission } from './app/guards.tsx';
import { LoginPage } from './app/LoginPage.tsx';
import { fullPageRoutes, moduleRoutes } from './app/modules.ts';
import { NotFound } from './app/PageState.tsx';

// The routes come from the modules' declarations (web/modules/<m>/module.tsx, listed in app/modules.ts).
// Pages load on demand, so the first screen carries only the shell (and the login page).
export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  ...fullPageRoutes,
  {
    element: (
      <RequireAuth>
        <AppLayout />
      </RequireAuth>
    ),
    children: [
      ...moduleRoutes.map(({ path, page: Page, permission, notFor }) => {
        const element = (
          <RequirePermission key={path} permission={permission} notFor={notFor}>
            <Page />
          </RequirePermission>
        );
        return path === '' ? { index: true, element } : { path, element };
      }),
      { path: '*', element: <NotFound /> },
    ],
  },
]);
