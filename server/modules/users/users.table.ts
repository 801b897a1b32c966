import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { departmentsTable, regionsTable } from '../organisation/organisation.table.ts';

export const usersTable = pgTable(
  'users',
  {
    id: uuid().primaryKey().defaultRandom(),
    username: text().notNull(),
    displayName: text().notNull(),
    phone: text(),
    passwordHash: text().notNull(),
    status: text({ enum: ['active', 'disabled'] })
      .notNull()
      .default('active'),
    mustChangePassword: boolean().notNull().default(false),
    failedLogins: integer().notNull().default(0),
    lockedUntil: timestamp({ withTimezone: true }),
    lastLoginAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('users_username_key').on(sql`lower(${t.username})`)],
);

/**
 * A grant is (user, role, scope). The scope is the whole deployment, a region subtree,
 * a department, one enterprise or one venue (enterprises and venues arrive with the register module,
 * which adds their foreign keys).
 */
export const grantsTable = pgTable(
  'grants',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => usersTable.id, { onDelete: 'cascade' }),
    role: text().notNull(),
    scopeType: text({ enum: ['global', 'region', 'department', 'enterprise', 'venue'] }).notNull(),
    regionId: uuid().references(() => regionsTable.id),
    departmentId: uuid().references(() => departmentsTable.id),
    enterpriseId: uuid(),
    venueId: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('grants_user_idx').on(t.userId),
    check(
      'grants_scope_check',
      sql`(${t.scopeType} = 'global' and ${t.regionId} is null and ${t.departmentId} is null and ${t.enterpriseId} is null)
        or (${t.scopeType} = 'region' and ${t.regionId} is not null)
        or (${t.scopeType} = 'department' and ${t.departmentId} is not null)
        or (${t.scopeType} = 'enterprise' and ${t.enterpriseId} is not null)
        or (${t.scopeType} = 'venue' and ${t.venueId} is not null)`,
    ),
  ],
);
