// Renewal of ageing pipelines (issue 16): routes.
export { renewalRoutes } from './renewal.routes.ts';
