// Kept apart from demo.seed.ts so the register's seeds can use them without an import cycle.

/** The one documented password of every demo account (README). */
export const DEMO_PASSWORD = 'Demo@2023';

/**
 * Fixed ids of the demo enterprise and venue that the demo enterprise manager, delivery worker
 * and venue manager are scoped to; the register module's demo seed creates them with these ids.
 */
/**
 * The names of the people the demo accounts are in the register (a person linked to the account): the one source of
 * both, so a worker's account and the register, the dispatch board and the driver's page all show the same name.
 */
export const DEMO_PERSON_NAMES = {
  inspector1: '赵磊',
  inspector2: '孙丽',
  venue1: '周建国',
  driver1: '吴志强',
} as const;

export const DEMO_IDS = {
  bottledOperator: '0c6f3a1e-5d2b-4c1a-9e57-000000000001',
  restaurant: '0c6f3a1e-5d2b-4c1a-9e57-000000000101',
} as const;
