import { type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { blacklistEntriesTable as b } from './enforcement.table.ts';

/**
 * An enterprise on a blacklist of joint punishment in force today (联合惩戒, issue 14): an entry not removed,
 * started and not ended (China calendar day). The register shows it wherever the enterprise appears; it takes
 * this predicate at start (app.ts: `registerEnterpriseBlacklist`), since the register may not import enforcement.
 */
export const enterpriseBlacklisted = (enterpriseId: AnyPgColumn): SQL<boolean> =>
  sql<boolean>`exists (select 1 from ${b} where ${b.enterpriseId} = ${enterpriseId}
  and ${b.removedAt} is null and ${b.startsOn} <= (now() at time zone 'Asia/Shanghai')::date
  and (${b.endsOn} is null or ${b.endsOn} >= (now() at time zone 'Asia/Shanghai')::date))`;
