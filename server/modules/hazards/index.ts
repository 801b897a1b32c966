// The hazard ledger's public surface (issue 4).
export {
  hazardDescriptor,
  hazardFileReader,
  hazardReadable,
  hazardReadScope,
  hazardScope,
} from './hazards.access.ts';
export { hazardsRoutes } from './hazards.plugin.ts';
export { createHazardLedgerService } from './hazards.ledger.service.ts';
export {
  createHazardInTransaction,
  raiseHazard,
  createHazardsService,
  findReboundOrigin,
  listMajorHazard,
  recordHazardEvent,
} from './hazards.service.ts';
export { registerHazardEvents } from './hazards.events.ts';
export { escalationJobName, registerHazardJobs, runDailyEscalation } from './hazards.escalation.ts';
export { scheduleFollowUps } from './hazards.follow-up.ts';
export { createHazardsFromInspection } from './hazards.from-inspection.ts';
export { progressSummary } from './hazards.progress.ts';
export { hazardAudience, hazardTodos, hazardsDueBetween } from './hazards.todos.ts';
// Major hazards' treatment plans (治理方案), for 挂牌督办 and supervision views.
export { type TreatmentPlan, treatmentPlansOf } from './hazards.treatment.ts';
export { hazardsTable, hazardTreatmentPlansTable } from './hazards.table.ts';
// 挂牌督办: the one definition of a listed major hazard (dashboard, ledger, progress, bulletins, risk, orders).
export { isMajorListed, majorListedSql } from './hazards.listing.ts';
