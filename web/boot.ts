import { startFirstScreen } from './app/early.ts';

// Evaluated before the app (its own chunk, imported first by main.tsx; vite.config.ts): the session check, the home
// page's code and, for a dashboard home, its data start now instead of after antd and React are evaluated.
let storage: Storage | null = null;
try {
  storage = window.localStorage;
} catch {
  storage = null;
}
void startFirstScreen(window.location, storage, {
  home: () => import('./modules/overview/OverviewPage.tsx'),
  dashboard: () => import('./modules/supervision/DashboardPage.tsx'),
  charts: () => import('./modules/supervision/echarts.ts'),
});
