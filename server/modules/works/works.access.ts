import type { SQL } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import type { Actor } from '../../platform/access.ts';
import { type ScopeDescriptor, scopeFilter } from '../../platform/scope.ts';
import { worksTable } from './works.table.ts';

const w = worksTable;

/**
 * Who records a works: its township (region grants), the departments answering for pipelines in their county
 * (the housing department; the office and leading group), the global office.
 */
export const worksRecordDescriptor: ScopeDescriptor = {
  regionId: w.regionId,
  department: { subject: { type: 'pipeline' }, coordinatorsSeeAll: true },
};

/**
 * Who sees a works: those who record it, the department that recorded it, the operators of the pipelines near it,
 * and its builder.
 */
export const worksReadDescriptor: ScopeDescriptor = {
  regionId: w.regionId,
  department: { namedId: w.departmentId, subject: { type: 'pipeline' }, coordinatorsSeeAll: true },
  enterpriseId: w.builderEnterpriseId,
  enterpriseIds: w.operatorIds,
};

/** Who records guardian visits: the operators of the pipelines near it. */
export const worksGuardDescriptor: ScopeDescriptor = { enterpriseIds: w.operatorIds };

export const worksReadScope = (actor: Actor): SQL => scopeFilter(actor, 'works.read', worksReadDescriptor);
export const worksRecordScope = (actor: Actor): SQL => scopeFilter(actor, 'works.record', worksRecordDescriptor);
export const worksGuardScope = (actor: Actor): SQL => scopeFilter(actor, 'works.guard', worksGuardDescriptor);

/** The agreement files of the works an actor reads (platform/files' reader). */
export function worksFileReader(actor: Actor, file: SQL): SQL {
  return sql`exists (select 1 from ${w} where array[${w.agreementFileId}]::uuid[] @> ${file} and ${worksReadScope(actor)})`;
}
