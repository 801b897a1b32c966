// Enforcement's surface (issue 14): routes, jobs, events and the tables others reference.
export { enforcementRoutes } from './enforcement.routes.ts';
export { registerEnforcementEvents, registerEnforcementJobs } from './enforcement.jobs.ts';
export { createEnforcementService, flagOverdueReferrals, referralsOverdueJob } from './enforcement.service.ts';
export { caseDescriptor, referralDescriptor } from './enforcement.access.ts';
export * from './enforcement.table.ts';
/** Read contracts for supervision: cases opened (bulletins), cases against an object (risk). */
export { casesBySubjectSince, casesOpened } from './enforcement.figures.ts';
export { enterpriseBlacklisted } from './enforcement.blacklisted.ts';
