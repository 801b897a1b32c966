// Events: the outbox, in-process handlers and the live feed (platform/events).
export {
  type DomainEvent,
  type EventHandler,
  type EventInput,
  type Events,
  type EventVisibility,
  createEvents,
  publishEvent,
  publishEvents,
} from './events.ts';
export { eventsRoutes } from './events.routes.ts';
