import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { departmentsTable, regionsTable } from '../organisation/organisation.table.ts';
import { usersTable } from '../users/users.table.ts';

/** Server-side sessions; the cookie holds a random token, the table only its SHA-256. */
export const sessionsTable = pgTable(
  'sessions',
  {
    id: text().primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => usersTable.id, { onDelete: 'cascade' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    ip: text(),
    userAgent: text(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/**
 * Bearer tokens for machine clients (filling lines, sensor gateways). Only the SHA-256 of the
 * token is stored; `prefix` lets an administrator recognise it. A token acts with one role in one scope.
 */
export const machineTokensTable = pgTable(
  'machine_tokens',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    role: text().notNull(),
    scopeType: text({ enum: ['global', 'region', 'department', 'enterprise', 'venue', 'facility'] }).notNull(),
    regionId: uuid().references(() => regionsTable.id),
    departmentId: uuid().references(() => departmentsTable.id),
    enterpriseId: uuid(),
    venueId: uuid(),
    /** A filling line's station (facilities; the foreign key is kept in migration 0012, not declared here). */
    facilityId: uuid(),
    tokenHash: text().notNull(),
    prefix: text().notNull(),
    createdBy: uuid().references(() => usersTable.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [uniqueIndex('machine_tokens_hash_key').on(t.tokenHash)],
);
