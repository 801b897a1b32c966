// One cylinder, one code (issue 11): the public surface other modules and the app use.
export { cylindersRoutes } from './cylinders.routes.ts';
/** The public page for a code (no sign-in) and the QR label sheet. */
export { cylindersPublicRoutes } from './cylinders.public.routes.ts';
export { registerCylinderEvents } from './cylinders.events.ts';
/** The daily not-seen sweep (长期未见): `findNotSeenCylinders` is what the job runs. */
export { findNotSeenCylinders, notSeenJobName, registerCylinderJobs } from './cylinders.jobs.ts';
export { registerCylinderStreams, CYLINDER_EVENT_STREAM } from './cylinders.stream.ts';
export { cylinderScope, stationScope } from './cylinders.access.ts';
/**
 * The gate's rules for a cylinder at a station (the same as POST /api/v1/filling/check), in the
 * caller's transaction: delivery refuses to deliver a cylinder the gate would refuse.
 */
export { evaluateGateAt, type GateOutcome } from './cylinders.gate.ts';
/** Append events (dispatched, delivered, returned_empty …) inside the caller's transaction. */
export {
  appendCylinderEvents,
  eventRow as cylinderEventRow,
  type CylinderEventContent,
  type CylinderEventRow,
} from './cylinders.log.ts';
/**
 * Delivery's contract (issue 12): the gate's rules for a cylinder handed over by a supplier, and the
 * dispatched / delivered / returned events in its life log; `createDeliveryService({ cylinders })` takes
 * the hooks as they are.
 */
export {
  deliveryCylinderHooks,
  deliveryRefusals,
  type DeliveryCylinderEvent,
  type DeliveryCylinderRefusal,
} from './cylinders.delivery.ts';
export { checkedCode as checkedCylinderCode } from './cylinders.service.ts';
/** A seizure or an anomaly the caller reads, for an enforcement case opened from it (issue 14). */
export { cylinderCaseSource, type CylinderCaseSource } from './cylinders.sources.ts';
export * from './cylinders.table.ts';
/** Read contract for supervision: an enterprise's cylinder anomalies (risk). */
export { cylinderAnomaliesByEnterpriseSince } from './cylinders.figures.ts';
