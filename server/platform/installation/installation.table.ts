import { jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Facts about this installation that the database itself must carry (they travel with a backup):
 * `demo` is set when the demo seed has loaded demo data with its public password, so every page
 * can say so — it is never inferred from the environment.
 */
export const installationFactsTable = pgTable('installation_facts', {
  key: text().primaryKey(),
  value: jsonb().notNull(),
  recordedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
