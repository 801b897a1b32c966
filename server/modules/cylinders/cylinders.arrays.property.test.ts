import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/db.ts';
import type { Database } from '../../db/client.ts';
import { pgArrayLiteral } from './cylinders.log.ts';

/**
 * The batch writer sends each column as an array literal it builds itself (`pgArrayLiteral`): whatever
 * free text a client sends (quotes, backslashes, commas, braces, the word NULL, empty strings, any
 * character PostgreSQL's text takes) must come back from the database exactly, and absent values as NULL.
 */
describe('cylinders: the array literals of the batch writer', () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.close());

  const roundTrip = async (literal: string, type: 'text' | 'jsonb' | 'uuid' | 'float8' | 'timestamptz') => {
    const res = (await database.db.execute(
      sql`select coalesce(array_to_json(${literal}::${sql.raw(type)}[]), '[]'::json)::text as a`,
    )) as unknown as { rows: { a: string }[] };
    return JSON.parse(res.rows[0]!.a) as unknown[];
  };

  it('returns every free text as sent, quoted, and NULL for an absent value', async () => {
    // PostgreSQL's text holds no NUL character (the API's validation refuses it before).
    const text = fc.oneof(
      fc.string({ unit: 'binary' }).filter((s) => !s.includes('\u0000')),
      fc.constantFrom('NULL', 'null', '', ' ', '"', '\\', '\\"', '{}', '{a,b}', ',', 'a b', '气瓶,"码"'),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.option(text, { nil: null }), { maxLength: 20 }), async (values) => {
        expect(await roundTrip(pgArrayLiteral(values), 'text')).toEqual(values);
      }),
      { numRuns: 60 },
    );
  });

  it('carries JSON details, ids, numbers and times as the writer sends them', async () => {
    const details = [{ a: 'x"y\\z', b: 1, c: null }, {}, { reasons: ['SEIZED', 'NOT,OWNED'] }];
    expect(await roundTrip(pgArrayLiteral(details.map((d) => JSON.stringify(d))), 'jsonb')).toEqual(details);
    const ids = ['0b8a4c1e-6a7e-4f5e-9d7a-2b1c3d4e5f60', null];
    expect(await roundTrip(pgArrayLiteral(ids), 'uuid')).toEqual(ids);
    expect(await roundTrip(pgArrayLiteral([108.9, -0.5, 1e-7, null]), 'float8')).toEqual([108.9, -0.5, 1e-7, null]);
    const times = await roundTrip(pgArrayLiteral(['2026-03-10T02:00:00.123Z']), 'timestamptz');
    expect(new Date(times[0] as string).toISOString()).toBe('2026-03-10T02:00:00.123Z');
    expect(await roundTrip(pgArrayLiteral([]), 'text')).toEqual([]);
  });
});
