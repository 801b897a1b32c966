// Supervision and command (issue 15): bulletins, supervision orders, warnings, interviews,
// accountability, accidents, risk grading and the command dashboard.
export { supervisionRoutes } from './supervision.routes.ts';
export type { BulletinFigureSource } from './supervision.figures.ts';
export { registerSupervisionJobs } from './supervision.jobs.ts';
export type { RiskSignalSource } from './supervision.risk.ts';
