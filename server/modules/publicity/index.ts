// Publicity (宣传) and 瓶改管/气改电 conversions (issue 16): routes and tables.
export { publicityRoutes } from './publicity.routes.ts';
export * from './publicity.table.ts';
