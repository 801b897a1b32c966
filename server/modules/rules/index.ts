// 规则参数 (issue 10.14): the limits as versioned data the office edits.
export { rulesRoutes } from './rules.routes.ts';
export { type LimitVersion, type LimitsStore, LIMITS_CHANGED, createLimitsStore } from './rules.store.ts';
export { limitVersionsTable } from './rules.table.ts';
export { bannedCatalogue } from './rules.banned-products.ts';
