import { date, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { severities } from '../../../domain/hazards/limits.ts';
import { bannedProductKinds } from '../../../domain/rules/banned-products.ts';
import { usersTable } from '../users/users.table.ts';

/**
 * The limits (规则参数, issue 10.14) as data: each row a full set of every limit (domain/hazards/limits.ts),
 * in force from `effectiveFrom` (a China calendar day) until a later version takes effect. Rows are never
 * changed or deleted: a change is a new version, with who made it and why. The first version (seq 1) is
 * seeded at start from the defaults with RANAN_LIMITS applied.
 */
export const limitVersionsTable = pgTable(
  'limit_versions',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** 1, 2, 3…: the order versions were made in (unique: two instances seeding at once store one). */
    seq: integer().notNull(),
    effectiveFrom: date({ mode: 'string' }).notNull(),
    /** Every limit's value (RananLimits), not only the changed ones. */
    values: jsonb().$type<Record<string, unknown>>().notNull(),
    reason: text().notNull(),
    /** Who made the change; null for the version seeded from the configuration. */
    changedBy: uuid().references(() => usersTable.id),
    changedByName: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('limit_versions_seq_key').on(t.seq)],
);

export type LimitVersionRow = typeof limitVersionsTable.$inferSelect;

/**
 * The catalogue of banned and obsolete gas products (issue 10.4), edited by the office: each entry cites the
 * official catalogue or standard that bans the product (document number, date) and names the check item it
 * bears on. An entry is withdrawn, never deleted (records cite it). Seeded from domain/rules/banned-products.ts
 * when empty.
 */
export const bannedProductsTable = pgTable('banned_products', {
  id: uuid().primaryKey().defaultRandom(),
  name: text().notNull(),
  kind: text({ enum: bannedProductKinds }).notNull(),
  catalogue: text().notNull(),
  documentNumber: text().notNull(),
  effectiveOn: date({ mode: 'string' }),
  severity: text({ enum: severities }).notNull(),
  checkItemId: text(),
  note: text().notNull().default(''),
  withdrawnAt: timestamp({ withTimezone: true }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export type BannedProductRow = typeof bannedProductsTable.$inferSelect;
