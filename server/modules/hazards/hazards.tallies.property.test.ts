import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../../domain/dates.ts';
import { hazardStates } from '../../../domain/hazards/hazard-state.ts';
import type { Database } from '../../db/client.ts';
import { createTestDatabase } from '../../../test/db.ts';
import { regionByCode } from '../../../test/factories.ts';
import { hazardTallyRecount } from './hazards.tallies.ts';
import { hazardsTable } from './hazards.table.ts';

type Row = Record<string, unknown>;
type Tally = { region_id: string; measure: string; day: string; n: number };

/** The measures written out again here, independently of the SQL: what a hazard counts in (hazards.tallies.ts). */
function modelTallies(hazards: Row[]): Tally[] {
  const counts = new Map<string, number>();
  const add = (region: string, measure: string, day: string | null) => {
    if (day === null) return;
    const k = `${region}|${measure}|${day}`;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  };
  for (const h of hazards) {
    const region = h.region_id as string;
    const found = h.found_on as string;
    const deadline = h.deadline as string;
    const closedAt = h.closed_at as string | null;
    add(region, 'found', found);
    if (closedAt !== null) {
      const closedDay = new Date(Date.parse(closedAt) + 8 * 3600_000).toISOString().slice(0, 10);
      add(region, 'closed', closedDay);
      const days = Math.round((Date.parse(closedDay) - Date.parse(found)) / 86_400_000);
      add(region, 'days', addDays('2000-01-01', days));
      continue;
    }
    if (h.status === 'open' || h.status === 'rectifying' || h.status === 'submitted') add(region, h.status, deadline);
    if (h.severity === 'major') add(region, 'major_open', deadline);
    if (h.severity === 'major' && (h.escalation_level as number) < 1) add(region, 'major_unlisted', deadline);
    if ((h.escalation_level as number) >= 2) add(region, 'office', deadline);
  }
  return [...counts]
    .map(([k, n]) => {
      const [region_id, measure, day] = k.split('|') as [string, string, string];
      return { region_id, measure, day, n };
    })
    .sort((a, b) => cmp(a, b));
}
const cmp = (a: Tally, b: Tally) =>
  a.region_id.localeCompare(b.region_id) || a.measure.localeCompare(b.measure) || a.day.localeCompare(b.day);

// A hazard's counted columns; closing times around the China midnight (16:00 UTC) and days within a few weeks, so
// that changes collide on the same tally rows.
const day = fc.integer({ min: 0, max: 20 }).map((i) => addDays('2026-03-01', i));
const closedAt = fc
  .tuple(fc.integer({ min: 0, max: 20 }), fc.constantFrom('15:59:59', '16:00:00', '03:00:00'))
  .map(([i, t]) => new Date(`${addDays('2026-03-10', i)}T${t}Z`));
const state = fc.oneof(
  fc.constantFrom(...hazardStates.filter((s) => s !== 'closed')).map((status) => ({ status, closedAt: null })),
  closedAt.map((at) => ({ status: 'closed' as const, closedAt: at })),
);
const region = fc.integer({ min: 0, max: 2 });
const counted = fc.record({
  region,
  severity: fc.constantFrom('general' as const, 'major' as const),
  foundOn: day,
  deadline: day,
  escalationLevel: fc.integer({ min: 0, max: 2 }),
  state,
});
/** Which rows a statement touches. */
const where = fc.oneof(
  fc.constant({ all: true as const }),
  region.map((r) => ({ region: r })),
  fc.constantFrom('general', 'major').map((severity) => ({ severity })),
  fc.integer({ min: 0, max: 30 }).map((i) => ({ oneOf: i })),
);
const op = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.array(counted, { minLength: 1, maxLength: 4 }).map((rows) => ({ kind: 'insert' as const, rows })),
  },
  {
    weight: 3,
    arbitrary: fc
      .record(
        {
          region,
          severity: fc.constantFrom('general' as const, 'major' as const),
          foundOn: day,
          deadline: day,
          escalationLevel: fc.integer({ min: 0, max: 2 }),
          state,
          description: fc.constant('更正描述'),
        },
        { requiredKeys: [] },
      )
      .chain((set) => where.map((w) => ({ kind: 'update' as const, set, where: w }))),
  },
  { weight: 1, arbitrary: where.map((w) => ({ kind: 'delete' as const, where: w })) },
);

/**
 * hazard_tallies against a fresh count, for any mix of inserts, updates (of one, several or all rows, of counted
 * columns or not) and deletes, each statement firing the triggers once: the stored tallies (without their zero rows)
 * equal the recount (hazardTallyRecount) and a count of the hazards written out again in TypeScript.
 */
describe('hazard_tallies: equal to a fresh count after any statements (property)', () => {
  let database: Database;
  let regions: string[];
  beforeAll(async () => {
    database = await createTestDatabase({ organisation: true });
    regions = await Promise.all(
      ['150626100', '150626101', '150626102'].map(async (c) => (await regionByCode(database.db, c)).id),
    );
  });
  afterAll(() => database.close());

  const rows = async (q: ReturnType<typeof sql>) => ((await database.db.execute(q)) as unknown as { rows: Row[] }).rows;
  const condition = (w: { all?: true; region?: number; severity?: string; oneOf?: number }) =>
    w.region !== undefined
      ? sql`region_id = ${regions[w.region]}`
      : w.severity !== undefined
        ? sql`severity = ${w.severity}`
        : w.oneOf !== undefined
          ? sql`id = (select id from hazards order by number offset ${w.oneOf} % greatest((select count(*) from hazards), 1) limit 1)`
          : sql`true`;

  it('the measures are defined once, in hazard_tally_measures, which the triggers and the recount use', async () => {
    const defining = await rows(
      sql`select proname from pg_proc where prosrc like '%major_unlisted%' and pronamespace = 'public'::regnamespace order by 1`,
    );
    expect(defining.map((r) => r.proname)).toEqual(['hazard_tally_measures']);
    const triggers = await rows(
      sql`select distinct p.proname from pg_trigger t join pg_proc p on p.oid = t.tgfoid where t.tgrelid = 'hazards'::regclass and not t.tgisinternal and p.proname like 'hazard_tallies%' order by 1`,
    );
    expect(triggers.map((r) => r.proname)).toEqual(['hazard_tallies_on_change', 'hazard_tallies_on_truncate']);
    expect(new PgDialect().sqlToQuery(hazardTallyRecount).sql).toContain('hazard_tally_measures(h)');
  });

  it('after a mix of inserts, updates and deletes', async () => {
    let serial = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
        await database.db.delete(hazardsTable);
        for (const o of ops) {
          if (o.kind === 'insert') {
            await database.db.insert(hazardsTable).values(
              o.rows.map((r) => ({
                number: `YH-P-${++serial}`,
                objectType: 'venue' as const,
                objectId: crypto.randomUUID(),
                objectKind: 'restaurant',
                objectName: '测试饭店',
                source: 'manual' as const,
                description: '测试隐患',
                regionId: regions[r.region]!,
                severity: r.severity,
                foundOn: r.foundOn,
                deadline: r.deadline,
                escalationLevel: r.escalationLevel,
                status: r.state.status,
                closedAt: r.state.closedAt,
              })),
            );
          } else if (o.kind === 'update') {
            const { state: s, region: r, ...rest } = o.set;
            const set = {
              ...rest,
              ...(r === undefined ? {} : { regionId: regions[r]! }),
              ...(s === undefined ? {} : { status: s.status, closedAt: s.closedAt }),
            };
            if (Object.keys(set).length === 0) continue;
            await database.db.update(hazardsTable).set(set).where(condition(o.where));
          } else {
            await database.db.delete(hazardsTable).where(condition(o.where));
          }
        }
        const stored = await rows(
          sql`select region_id::text, measure, day::text, n from hazard_tallies where n <> 0 order by 1, 2, 3`,
        );
        const recounted = await rows(
          sql`select region_id::text, measure, day::text, n from (${hazardTallyRecount}) r where n <> 0 order by 1, 2, 3`,
        );
        const hazards = await rows(
          sql`select region_id::text, severity, status, found_on::text, deadline::text, to_json(closed_at)#>>'{}' as closed_at, escalation_level from hazards`,
        );
        const sort = (t: Row[]) => [...(t as Tally[])].sort(cmp);
        expect(sort(stored)).toEqual(modelTallies(hazards));
        expect(sort(recounted)).toEqual(sort(stored));
        expect(await rows(sql`select 1 from hazard_tallies where n < 0`)).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });
});
