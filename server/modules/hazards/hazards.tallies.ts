import { type SQL, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/access.ts';
import { grantsWith, seesAll } from '../../platform/scope.ts';
import { hazardReadScope, inRegionPath } from './hazards.access.ts';
import { hazardTalliesTable } from './hazards.table.ts';

/**
 * hazard_tallies: the ledger's counts by region, measure and day (migration 0039_hazard_tallies), kept by statement
 * triggers on `hazards` in the same transaction as every change (insert, update, delete, truncate): a hazard's old
 * row is subtracted and its new one added (hazard_tallies_apply, migration 0041), by the measures the SQL function
 * hazard_tally_measures(hazard) defines once, so the table always equals a recount (`hazardTallyRecount`, which the
 * tests compare). The measures, each counting hazards by one day:
 * - found: by the day found; closed: by the China day closed; days: closed ones by their days to close
 *   (as the date 2000-01-01 + days);
 * - open, rectifying, submitted: the hazards not closed in that state, by deadline (overdue = deadline before the day);
 * - major_open, major_unlisted (not listed for supervision: escalation level below 1, hazards.listing.ts), office
 *   (escalation level 2): hazards not closed, by deadline.
 * The progress figures as of today (the command dashboard, GET /progress by region without other filters) read
 * these few thousand rows instead of every hazard (bench/dashboard.bench.ts); figures as of an earlier day, by
 * another grouping or with filters still take the pass over the hazards. Cost: each hazard change upserts a few
 * tally rows, so two transactions changing hazards of the same region, measure and day wait for each other.
 */
export const hazardTallyRecount: SQL = sql.raw(`select h.region_id, m.measure, m.day, count(*)::int as n
  from hazards h cross join lateral hazard_tally_measures(h) m
  group by 1, 2, 3`);

/** Whether the actor's hazard scope is a set of regions (or everything): what the tallies can answer. */
export function talliesAnswerScope(actor: Actor): boolean {
  return seesAll(actor, 'hazard.read') || grantsWith(actor, 'hazard.read').every((g) => g.scopeType === 'region');
}

/**
 * The histogram rows of the progress pass (progressSummaries) from the tallies, as of `asOf` (today or later),
 * grouped by region id (k0): the same counts, with `days_n` weighting the days to close for the median.
 */
export function talliesPass(actor: Actor, asOf: string, regionPath: string | null, weeksFrom: string | undefined): SQL {
  const t = hazardTalliesTable;
  const scope = hazardReadScope(actor, {
    regionId: t.regionId,
    objectKind: sql`null`,
    objectType: sql`null`,
    objectId: sql`null`,
    ownerEnterpriseId: sql`null`,
  });
  const conds = [scope, sql`${t.n} <> 0`];
  if (regionPath) conds.push(inRegionPath(t.regionId, regionPath));
  const monday = sql`(${t.day} - (extract(isodow from ${t.day})::int - 1))::text`;
  const week = (measure: string, extra: SQL = sql``) =>
    weeksFrom
      ? sql`case when ${t.measure} = ${measure} and ${t.day} >= ${weeksFrom}::date${extra} then ${monday} end`
      : sql`null::text`;
  const sum = (c: SQL) => sql`coalesce(sum(${t.n}) filter (where ${c}), 0)::int`;
  const notClosed = sql`${t.measure} in ('open', 'rectifying', 'submitted')`;
  return sql`select ${t.regionId} as k0,
      case when ${t.measure} = 'days' then ${t.day} - date '2000-01-01' end as days,
      ${week('found', sql` and ${t.day} <= ${asOf}::date`)} as found_week,
      ${week('closed')} as closed_week,
      ${sum(sql`${t.measure} = 'found' and ${t.day} <= ${asOf}::date`)} as found,
      ${sum(sql`${t.measure} = 'closed'`)} as closed,
      ${sum(sql`${t.measure} = 'days'`)} as days_n,
      ${sum(sql`${notClosed} and ${t.day} < ${asOf}::date`)} as overdue,
      ${sum(sql`${t.measure} = 'major_open'`)} as major_open,
      ${sum(sql`${t.measure} = 'major_unlisted'`)} as major_unlisted,
      ${sum(sql`${t.measure} = 'office'`)} as escalated_office,
      ${sum(sql`${t.measure} = 'open'`)} as s_open,
      ${sum(sql`${t.measure} = 'rectifying'`)} as s_rectifying,
      ${sum(sql`${t.measure} = 'submitted'`)} as s_submitted,
      ${sum(sql`${t.measure} = 'closed'`)} as s_closed
    from ${t} where ${sql.join(conds, sql` and `)}
    group by 1, 2, 3, 4`;
}
