// Kept apart from demo.seed.ts so the register's seeds can use them without an import cycle.

/** The one documented password of every demo account (README). */
export const DEMO_PASSWORD = 'Demo@2023';

/**
 * Fixed ids of the demo enterprise and venue that the demo enterprise manager, delivery worker
 * and venue manager are scoped to; the register module's demo seed creates them with these ids.
 */
export const DEMO_IDS = {
  bottledOperator: '0c6f3a1e-5d2b-4c1a-9e57-000000000001',
  restaurant: '0c6f3a1e-5d2b-4c1a-9e57-000000000101',
} as const;
