import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestContext, createTestApp } from '../../../test/app.ts';
import {
  type Send,
  buildFiller,
  cylinderPayload,
  issueLineToken,
  registerCylinder,
  signIn,
} from '../../../test/cylinder-factories.ts';
import { buildUser } from '../../../test/factories.ts';
import { buildFillingOperator, buildScopedUser } from '../../../test/registry-factories.ts';
import {
  historyTables,
  listPartitions,
  maintainHistory,
  partitionNameOf,
  periodStart,
} from '../../platform/partitions/index.ts';

// cylinder_events is range-partitioned by month of occurred_at (migration 0046); the event id stays unique across
// every month through cylinder_event_ids. Runs on PGlite, and on PostgreSQL with TEST_DATABASE_URL.
type Rows<T> = { rows: T[] };

describe('cylinder events partitioned by month (issue 17)', () => {
  let ctx: TestContext;
  let office: Send;
  let filler: Send;
  let owner: string;
  let station: string;
  let operator: string;
  let line: { authorization: string };
  const spec = historyTables({ positionsRetentionMonths: 24, monitoring: { retentionMonths: 24 } }).find(
    (t) => t.table === 'cylinder_events',
  )!;
  const now = new Date();
  // An hour into next month and into the month after (UTC): their own partitions once the job has made them.
  const month1 = new Date(periodStart('month', now, 1).getTime() + 3_600_000);
  const month2 = new Date(periodStart('month', now, 2).getTime() + 3_600_000);
  const q = async <T>(query: ReturnType<typeof sql>) =>
    ((await ctx.database.db.execute(query)) as unknown as Rows<T>).rows;
  const partitionsOf = async (eventId: string) =>
    (
      await q<{ p: string }>(
        sql`select tableoid::regclass::text as p from cylinder_events where event_id = ${eventId} order by occurred_at`,
      )
    ).map((r) => r.p);
  const idRows = async (eventId: string) =>
    q<{ occurred_at: string }>(sql`select occurred_at from cylinder_event_ids where event_id = ${eventId}`);

  const register = async () => (await registerCylinder(office, cylinderPayload(owner))).code;
  const batch = (events: unknown[]) =>
    ctx.app.inject({ method: 'POST', url: '/api/v1/cylinder-events', headers: line, payload: { events } });
  const seen = (code: string, at: Date, extra: Record<string, unknown> = {}) => ({
    eventId: randomUUID(),
    type: 'seen',
    code,
    occurredAt: at.toISOString(),
    stationId: station,
    ...extra,
  });

  beforeAll(async () => {
    ctx = await createTestApp({ logLevel: 'silent' });
    const db = ctx.database.db;
    const { enterprise: a, station: s } = await buildFiller(db);
    owner = a.id;
    station = s.id;
    operator = (await buildFillingOperator(db, a)).id;
    office = await signIn(ctx.app, await buildUser(db, 'office_admin', 'global'));
    filler = await signIn(ctx.app, await buildScopedUser(db, { enterpriseId: a.id }));
    line = await issueLineToken(office, station, '充装线1');
    // What the job platform.partitions does at start and daily: this month is the initial partition's, the next two
    // are made.
    expect((await maintainHistory(db, spec, now)).created).toEqual([
      partitionNameOf(spec, periodStart('month', now, 1)),
      partitionNameOf(spec, periodStart('month', now, 2)),
    ]);
  });
  afterAll(() => ctx.close());

  it('is partitioned by month of occurred_at, kept (no retention), with the initial and default partitions', async () => {
    expect(spec).toMatchObject({ column: 'occurred_at', unit: 'month', retentionMonths: null });
    const kind = await q<{ relkind: string }>(sql`select relkind from pg_class where relname = 'cylinder_events'`);
    expect(kind[0]!.relkind).toBe('p');
    const parts = await listPartitions(ctx.database.db, 'cylinder_events');
    const initial = parts.find((p) => p.name === 'cylinder_events_initial')!;
    expect(initial.from).toBeNull();
    expect(initial.to).toEqual(periodStart('month', now, 1));
    expect(parts.some((p) => p.isDefault && p.name === 'cylinder_events_default')).toBe(true);
  });

  it('has the retractions’ index (corrects_event_id) on the parent and a part of it on every partition, made months too', async () => {
    const parts = await listPartitions(ctx.database.db, 'cylinder_events');
    expect(parts.length).toBeGreaterThanOrEqual(4);
    const indexed = await q<{ table: string }>(
      sql`select c.relname as "table" from pg_index i join pg_class c on c.oid = i.indrelid
        join pg_class ix on ix.oid = i.indexrelid
        where ix.relname = 'cylinder_events_corrects_idx'
           or ix.oid in (select inhrelid from pg_inherits where inhparent = 'cylinder_events_corrects_idx'::regclass)`,
    );
    expect(indexed.map((r) => r.table).sort()).toEqual(['cylinder_events', ...parts.map((p) => p.name)].sort());
  });

  it('stores batch events across two months in their months’ partitions, each id once in cylinder_event_ids', async () => {
    const code = await register();
    const events = [seen(code, now), seen(code, month1), seen(code, month2)];
    const res = await batch(events);
    expect(res.statusCode, res.body).toBe(200);
    expect((await partitionsOf(events[0]!.eventId))[0]).toBe('cylinder_events_initial');
    expect(await partitionsOf(events[1]!.eventId)).toEqual([partitionNameOf(spec, periodStart('month', now, 1))]);
    expect(await partitionsOf(events[2]!.eventId)).toEqual([partitionNameOf(spec, periodStart('month', now, 2))]);
    for (const e of events) expect(await idRows(e.eventId)).toHaveLength(1);
    // The timeline reads across the partitions, oldest first.
    const timeline = await filler({ method: 'GET', url: `/api/v1/cylinders/${code}/events` });
    expect(timeline.statusCode).toBe(200);
    const items = timeline.json().items as { eventId: string; type: string }[];
    expect(items.filter((e) => e.type === 'seen').map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
  });

  it('stores a resend once, and refuses the same id under another month (409, nothing of the batch written)', async () => {
    const code = await register();
    const e = seen(code, month1);
    expect((await batch([e])).statusCode).toBe(200);
    const again = await batch([e]);
    expect(again.statusCode, again.body).toBe(200);
    expect(await partitionsOf(e.eventId)).toHaveLength(1);
    // The same id dated in the following month: its row would fall in another partition, where the partitioned
    // table's own key (event_id, occurred_at) would not see the first. The id's table does.
    const other = seen(code, now);
    const moved = await batch([other, { ...e, occurredAt: month2.toISOString() }]);
    expect(moved.statusCode, moved.body).toBe(409);
    expect(moved.json().error).toMatchObject({ code: 'cylinders.event_conflict', details: { eventIds: [e.eventId] } });
    expect(await partitionsOf(e.eventId)).toEqual([partitionNameOf(spec, periodStart('month', now, 1))]);
    expect(await partitionsOf(other.eventId)).toEqual([]);
    expect(await idRows(other.eventId)).toEqual([]);
    expect((await idRows(e.eventId)).map((r) => new Date(r.occurred_at).toISOString())).toEqual([month1.toISOString()]);
  });

  it('keeps the id unique across months for a fill record and for the platform ingest route too', async () => {
    const code = await register();
    const body = {
      eventId: randomUUID(),
      cylinderCode: code,
      stationId: station,
      operatorPersonId: operator,
      filledAt: month1.toISOString(),
      netWeightKg: 14.6,
    };
    const first = await filler({ method: 'POST', url: '/api/v1/filling/records', payload: body });
    expect(first.statusCode, first.body).toBe(201);
    expect((await filler({ method: 'POST', url: '/api/v1/filling/records', payload: body })).statusCode).toBe(200);
    const later = await filler({
      method: 'POST',
      url: '/api/v1/filling/records',
      payload: { ...body, filledAt: month2.toISOString() },
    });
    expect(later.statusCode, later.body).toBe(409);
    expect(await partitionsOf(body.eventId)).toEqual([partitionNameOf(spec, periodStart('month', now, 1))]);

    // POST /api/v1/ingest/cylinders.events (the platform's generic stream route): a resend once, another month 409.
    const e = seen(code, month1);
    const ingest = (rows: unknown[]) =>
      ctx.app.inject({ method: 'POST', url: '/api/v1/ingest/cylinders.events', headers: line, payload: { rows } });
    expect((await ingest([e])).statusCode).toBe(200);
    expect((await ingest([e])).statusCode).toBe(200);
    const moved = await ingest([{ ...e, occurredAt: month2.toISOString() }]);
    expect(moved.statusCode, moved.body).toBe(409);
    expect(await partitionsOf(e.eventId)).toEqual([partitionNameOf(spec, periodStart('month', now, 1))]);
    expect(await idRows(e.eventId)).toHaveLength(1);
  });
});
