// To-dos, notifications and outgoing webhooks (issue 9.20): the public surface.
export { notificationsRoutes } from './notifications.routes.ts';
export {
  deliverDueWebhooks,
  registerNotificationEvents,
  registerNotificationJobs,
  remindDeadlines,
  signDelivery,
} from './notifications.fanout.ts';
export * from './notifications.table.ts';
