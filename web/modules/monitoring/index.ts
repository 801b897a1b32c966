// The monitoring module's public surface: what other modules of the web app use (docs/ARCHITECTURE.md, boundaries).
export { monitoringApi, type SensorMap } from './monitoring.api.ts';
