import type { SQL } from 'drizzle-orm';
import type { Permission } from '../../../domain/access/roles.ts';
import type { Actor } from '../../platform/access.ts';
import { type ScopeDescriptor, scopeFilter } from '../../platform/scope.ts';
import { blacklistEntriesTable, enforcementCasesTable, referralsTable } from './enforcement.table.ts';

/**
 * Cases: the township where the subject lies (region grants), the issuing department (department
 * grants), the office and leading group all of the county. Supervised parties see no cases.
 */
export const caseDescriptor: ScopeDescriptor = {
  regionId: enforcementCasesTable.regionId,
  department: { namedId: enforcementCasesTable.departmentId, coordinatorsSeeAll: true },
};
/** Referrals: both the sending and the receiving department (and the office); the county's region grants. */
export const referralDescriptor: ScopeDescriptor = {
  regionId: referralsTable.regionId,
  department: { namedIds: referralsTable.departmentIds, coordinatorsSeeAll: true },
};
/** Blacklists are published lists: every department and township of the county reads them; the listing department acts. */
export const blacklistDescriptor: ScopeDescriptor = {
  regionId: blacklistEntriesTable.regionId,
  department: { namedId: blacklistEntriesTable.departmentId, coordinatorsSeeAll: true },
};
const blacklistReadDescriptor: ScopeDescriptor = {
  regionId: blacklistEntriesTable.regionId,
  department: { wholeCounty: true },
};

export const caseScope = (actor: Actor, p: Permission): SQL => scopeFilter(actor, p, caseDescriptor);
export const referralScope = (actor: Actor, p: Permission): SQL => scopeFilter(actor, p, referralDescriptor);
export const blacklistScope = (actor: Actor, p: Permission): SQL =>
  scopeFilter(actor, p, p === 'enforcement.read' ? blacklistReadDescriptor : blacklistDescriptor);
