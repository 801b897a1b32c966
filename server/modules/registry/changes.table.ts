import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const registryChangeSubjects = ['venue', 'enterprise', 'licence', 'new_licence', 'pipeline'] as const;
export type RegistryChangeSubject = (typeof registryChangeSubjects)[number];
export const registryChangeStatuses = ['pending', 'approved', 'rejected', 'withdrawn'] as const;
export type RegistryChangeStatus = (typeof registryChangeStatuses)[number];

/**
 * A supervised party's proposal to change what puts it under supervision (issue 9.4): a venue's region or
 * category, an enterprise's region or kind, a licence's fields or a new licence. The regulator responsible
 * approves (the change is then made in the regulator's name, through the register's own rules) or rejects it.
 * The subject's region and kind (enterprise kind / venue category) are copied so the scope engine can judge
 * who reads and who decides without joins. At most one pending proposal of a party per subject; a correction
 * opened by an inspection does not block the party's own proposals.
 */
export const registryChangeRequestsTable = pgTable(
  'registry_change_requests',
  {
    id: uuid().primaryKey().defaultRandom(),
    subjectType: text({ enum: registryChangeSubjects }).notNull(),
    /** The venue, enterprise, licence or pipeline segment (site corrections only); for a new licence the enterprise. */
    subjectId: uuid().notNull(),
    subjectName: text().notNull(),
    /** The owning enterprise (enterprise and licence proposals; a pipeline segment's owner), for its own scope. */
    enterpriseId: uuid(),
    venueId: uuid(),
    regionId: uuid().notNull(),
    /** The enterprise kind or the venue category, for the departments' responsibilities. */
    kind: text().notNull(),
    changes: jsonb().notNull(),
    /** The subject's values of the proposed fields when proposed. */
    current: jsonb().notNull(),
    reason: text().notNull(),
    status: text({ enum: registryChangeStatuses }).notNull().default('pending'),
    proposedBy: uuid().notNull(),
    proposedByName: text().notNull(),
    proposedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    decidedBy: uuid(),
    decidedByName: text(),
    decidedAt: timestamp({ withTimezone: true }),
    decisionNote: text(),
    /**
     * A register correction opened by a signed inspection whose site findings contradict the register (issue 10.1):
     * the inspection; `changes` holds the facts found on site, `current` the register's. Null for a party's proposal.
     */
    sourceInspectionId: uuid(),
  },
  (t) => [
    uniqueIndex('registry_change_requests_one_pending')
      .on(t.subjectType, t.subjectId)
      .where(sql`status = 'pending' and source_inspection_id is null`),
    /** One correction per inspection and object (its facts in one proposal): re-signing opens none again. */
    uniqueIndex('registry_change_requests_one_per_inspection')
      .on(t.sourceInspectionId, t.subjectType, t.subjectId)
      .where(sql`source_inspection_id is not null`),
    index('registry_change_requests_status_idx').on(t.status, t.proposedAt),
  ],
);
