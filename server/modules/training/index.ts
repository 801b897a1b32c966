// Training (先培训、后上岗, issue 16): routes, and the contract other modules read a person's or a venue's training from.
export { trainingRoutes } from './training.routes.ts';
/**
 * `trainingStatusOf(db, personIds, today?)`: each person's status ({ trained, expired, validUntil })
 * from the training records (the same rule as inspections' and delivery's checks);
 * `venueTrainingStatus(db, venueId, today?)`: a venue's staff, whether its principal or safety
 * manager is trained and whether all are (for the checklist item decided from the register).
 */
export { trainingStatusOf, venueTrainingStatus } from './training.service.ts';
export * from './training.table.ts';
