// The supervision module's public surface: what other modules of the web app use (docs/ARCHITECTURE.md, boundaries).
export { DashboardPage } from './DashboardPage.tsx';
export { EChart } from './EChart.tsx';
export { OwnHome } from './OwnHome.tsx';
