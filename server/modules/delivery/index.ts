// The bottled-gas delivery system's public surface (issue 12).
export { deliveryRoutes } from './delivery.routes.ts';
export { type CylinderHooks, createDeliveryService } from './delivery.service.ts';
export { registerDeliveryEvents } from './delivery.events.ts';
export { overdueChecksJobName, registerDeliveryJobs } from './delivery.jobs.ts';
export {
  POSITIONS_STREAM,
  createTrackingService,
  positionsStream,
  registerDeliveryStreams,
} from './tracking.service.ts';
export { deliveryDescriptor } from './delivery.access.ts';
