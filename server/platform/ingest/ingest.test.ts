import { and, asc, eq, inArray } from 'drizzle-orm';
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login } from '../../../test/app.ts';
import { createTestDatabase } from '../../../test/db.ts';
import { buildUser } from '../../../test/factories.ts';
import {
  createTestReadingsTable,
  readingsStream,
  testReading,
  testReadingsTable,
} from '../../../test/ingest-stream.ts';
import { buildApp } from '../../app.ts';
import { testConfig } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import { systemActor } from '../access.ts';
import { canonicalJson, sha256 } from '../audit/audit.ts';
import { auditEventsTable } from '../audit/audit.table.ts';
import { type Ingest, arrayLiteral, createIngest } from './ingest.ts';

const readings = testReadingsTable;
/** node-postgres's own conversion of a parameter (what it sends for a JS array). */
const pgUtils = createRequire(import.meta.url)('pg/lib/utils.js') as { prepareValue(v: unknown): unknown };
const reading = testReading;

describe('platform ingest', () => {
  let database: Database;
  let app: FastifyInstance;
  let ingest: Ingest;
  let bearer: { authorization: string };

  beforeAll(async () => {
    database = await createTestDatabase({ organisation: true });
    await createTestReadingsTable(database.db);
    ingest = createIngest({ db: database.db, log: () => {} });
    ingest.define(readingsStream({ name: 'test.readings', batchSize: 50 }));
    ingest.define(readingsStream({ name: 'test.narrow', batchSize: 10, queueBound: 10, concurrency: 1 }));
    app = await buildApp({ config: testConfig(), database, ingest });
    await app.ready();
    const admin = await buildUser(database.db, 'office_admin', 'global');
    const send = await login(app, admin.username, admin.password);
    const issued = await send({
      method: 'POST',
      url: '/api/v1/machine-tokens',
      payload: { name: '监测网关', role: 'sensor_gateway', scopeType: 'global' },
    });
    expect(issued.statusCode).toBe(201);
    bearer = { authorization: `Bearer ${issued.json().secret}` };
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  const stored = async (sensor: string) =>
    database.db.select().from(readings).where(eq(readings.sensor, sensor)).orderBy(asc(readings.at));
  const batchAudits = async () =>
    database.db
      .select()
      .from(auditEventsTable)
      .where(eq(auditEventsTable.action, 'ingest.batch'))
      .orderBy(asc(auditEventsTable.seq));

  it('stores a machine client’s rows after commit, once per natural key, one audit entry per batch', async () => {
    const rows = Array.from({ length: 120 }, (_, i) => reading(i, 'http'));
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/ingest/test.readings',
      headers: bearer,
      payload: { rows },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ stream: 'test.readings', accepted: 120 });
    expect(await stored('http')).toHaveLength(120);
    // 120 rows in batches of 50: three entries, each with the digest of its rows.
    const audits = await batchAudits();
    expect(audits.map((a) => (a.details as { batch: { count: number } }).batch.count)).toEqual([50, 50, 20]);
    expect(audits[0]).toMatchObject({ actorType: 'machine', subjectType: 'stream', subjectId: 'test.readings' });
    const first50 = rows.slice(0, 50).map((r) => ({ ...r, at: new Date(r.at) }));
    expect((audits[0]!.details as { batch: { digest: string } }).batch.digest).toBe(
      sha256(first50.map((r) => canonicalJson(r)).join('\n')),
    );

    // Sent again (a retry after a lost answer): accepted, nothing stored twice.
    const again = await app.inject({
      method: 'POST',
      url: '/api/v1/ingest/test.readings',
      headers: bearer,
      payload: { rows: [...rows.slice(100), reading(500, 'http')] },
    });
    expect(again.json()).toEqual({ stream: 'test.readings', accepted: 21 });
    expect(await stored('http')).toHaveLength(121);
    expect((await batchAudits()).at(-1)!.details).toMatchObject({ batch: { count: 21 }, inserted: 1 });
  });

  it("digests a batch over its insert's column texts when the stream asks (no line built per row)", async () => {
    const own = createIngest({ db: database.db, log: () => {} });
    own.define(readingsStream({ name: 'test.columns', digestLine: 'columns' }));
    const rows = [reading(0, 'cols'), reading(1, 'cols'), { ...reading(2, 'cols'), value: 1e21 }];
    await expect(own.ingest('test.columns', rows, systemActor)).resolves.toEqual({ accepted: 3 });
    const [entry] = (await batchAudits()).filter((a) => a.subjectId === 'test.columns');
    const lines = [
      'sensor={"cols","cols","cols"}',
      'at={"2026-01-01T00:00:00.000Z","2026-01-01T00:00:01.000Z","2026-01-01T00:00:02.000Z"}',
      'value={"0","0.1","1e+21"}',
    ];
    expect((entry!.details as { batch: unknown }).batch).toEqual({
      count: 3,
      digest: sha256(lines.join('\n')),
      order: 'as received',
      lines: "columns: each column's array literal as sent, one a line as name=literal",
    });
    expect(await stored('cols')).toHaveLength(3);
    await own.close();
  });

  it('gathers the requests queued in one turn of the event loop into one batch (not the first one alone)', async () => {
    const before = (await batchAudits()).length;
    // Five senders whose requests arrive together (as after a batch's acknowledgements): 5 × 8 rows, batches of 50.
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, s) =>
        ingest.ingest(
          'test.readings',
          Array.from({ length: 8 }, (_, i) => reading(1_000 + i, `gather-${s}`)),
          systemActor,
        ),
      ),
    );
    expect(results.map((r) => r.accepted)).toEqual([8, 8, 8, 8, 8]);
    const entries = (await batchAudits()).slice(before);
    expect(entries.map((a) => (a.details as { batch: { count: number } }).batch.count)).toEqual([40]);
  });

  it('refuses bad rows naming the row and the field, storing none of the request', async () => {
    const rows = [
      reading(1, 'bad'),
      reading(2, 'bad'),
      { ...reading(3, 'bad'), value: 'high' },
      { ...reading(4, 'bad'), extra: 1 },
    ];
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/ingest/test.readings',
      headers: bearer,
      payload: { rows },
    });
    expect(res.statusCode).toBe(400);
    const { code, details } = res.json().error;
    expect(code).toBe('validation.failed');
    expect(details.issues.map((i: { path: unknown[] }) => i.path)).toEqual([
      ['body', 'rows', 2, 'value'],
      ['body', 'rows', 3],
    ]);
    expect(await stored('bad')).toHaveLength(0);
    const empty = await app.inject({
      method: 'POST',
      url: '/api/v1/ingest/test.readings',
      headers: bearer,
      payload: { rows: [] },
    });
    expect(empty.statusCode).toBe(400);
  });

  it('answers 404 for an unknown stream and 403 without ingest.write', async () => {
    const unknown = await app.inject({
      method: 'POST',
      url: '/api/v1/ingest/test.nothing',
      headers: bearer,
      payload: { rows: [reading(1)] },
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('ingest.stream_not_found');
    const officer = await buildUser(database.db, 'township_officer', { region: '150626100' });
    const send = await login(app, officer.username, officer.password);
    const res = await send({ method: 'POST', url: '/api/v1/ingest/test.readings', payload: { rows: [reading(1)] } });
    expect(res.statusCode).toBe(403);
    expect(
      (await app.inject({ method: 'POST', url: '/api/v1/ingest/test.readings', payload: { rows: [reading(1)] } }))
        .statusCode,
    ).toBe(401);
  });

  it('refuses rows beyond the queue bound with 429 and Retry-After, and too many rows at once', async () => {
    const batch = (from: number) => Array.from({ length: 10 }, (_, i) => reading(from + i, 'narrow'));
    // The first request's rows are being written; the second's fill the queue (bound 10).
    const writing = ingest.ingest('test.narrow', batch(0), systemActor);
    // A writer takes what was queued in the turn of the event loop it started in.
    await new Promise((r) => setImmediate(r));
    const waiting = ingest.ingest('test.narrow', batch(10), systemActor);
    expect(() => ingest.ingest('test.narrow', batch(20).slice(0, 1), systemActor)).toThrow(
      expect.objectContaining({ code: 'ingest.queue_full', statusCode: 429 }),
    );
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/ingest/test.narrow',
      headers: bearer,
      payload: { rows: batch(30) },
    });
    // The two requests above may be written by now (the HTTP request waited for its sign-in check):
    // then this one fitted; either way nothing is lost.
    if (res.statusCode === 429) {
      expect(res.headers['retry-after']).toBe('1');
      expect(res.json().error.code).toBe('ingest.queue_full');
    } else expect(res.statusCode).toBe(200);
    await expect(Promise.all([writing, waiting])).resolves.toEqual([{ accepted: 10 }, { accepted: 10 }]);
    const tooMany = await app.inject({
      method: 'POST',
      url: '/api/v1/ingest/test.narrow',
      headers: bearer,
      payload: { rows: batch(100).concat(batch(110)) },
    });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.code).toBe('ingest.too_many_rows');
    expect((await stored('narrow')).length).toBeGreaterThanOrEqual(20);
  });

  it('drains its queues on close and refuses new rows with 503', async () => {
    const own = createIngest({ db: database.db, log: () => {} });
    own.define(readingsStream({ name: 'test.closing', batchSize: 5, concurrency: 1 }));
    const pending = [0, 5, 10].map((n) =>
      own.ingest(
        'test.closing',
        Array.from({ length: 5 }, (_, i) => reading(n + i, 'closing')),
        systemActor,
      ),
    );
    await own.close();
    expect(await stored('closing')).toHaveLength(15);
    await expect(Promise.all(pending)).resolves.toHaveLength(3);
    expect(() => own.ingest('test.closing', [reading(99, 'closing')], systemActor)).toThrow(
      expect.objectContaining({ code: 'ingest.shutting_down', statusCode: 503 }),
    );
    const counted = await database.db
      .select()
      .from(auditEventsTable)
      .where(and(eq(auditEventsTable.action, 'ingest.batch'), eq(auditEventsTable.subjectId, 'test.closing')));
    expect(counted).toHaveLength(3);
  });

  it('lingers for the senders of the last batch: their rows go out together, not one request ahead of the rest', async () => {
    const own = createIngest({ db: database.db, log: () => {} });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const writingFirst = new Promise<void>((r) => (entered = r));
    let first = true;
    // A wait far longer than the test's timeout: the batches below go out because enough rows came, not by the clock.
    own.define(
      readingsStream({
        name: 'test.linger',
        batchSize: 100,
        concurrency: 1,
        lingerMs: 600_000,
        afterInsert: async () => {
          if (first) {
            entered();
            await gate;
          }
          first = false;
        },
      }),
    );
    const ten = (from: number) => Array.from({ length: 10 }, (_, i) => reading(from + i, 'linger'));
    const send = (from: number) => own.ingest('test.linger', ten(from), systemActor);
    // The first request is written alone (nothing else has come); three more queue while it is being written: one
    // batch of 30. (Sent in the same turn as the first, they would all go in its batch: see the test above.)
    const a = send(0);
    await writingFirst;
    const bcd = [send(10), send(20), send(30)];
    release();
    await Promise.all([a, ...bcd]);
    // The next three come one after the other: the writer waits for 30 rows (the last batch) and writes them once.
    const e = send(40);
    await new Promise((r) => setTimeout(r, 20));
    const f = send(50);
    await new Promise((r) => setTimeout(r, 20));
    const g = send(60);
    await Promise.all([e, f, g]);
    // A lone request after them waits for rows that do not come, until the ingest closes (or lingerMs passes).
    const h = send(70);
    await own.close();
    await expect(h).resolves.toEqual({ accepted: 10, inserted: 10 });
    const counts = (await batchAudits())
      .filter((a) => a.subjectId === 'test.linger')
      .map((a) => (a.details as { batch: { count: number } }).batch.count);
    expect(counts).toEqual([10, 30, 30, 10]);
    expect(await stored('linger')).toHaveLength(80);
  });

  it('writes a batch in lanes split by key: each key in one lane, the request acknowledged when all lanes committed', async () => {
    const own = createIngest({ db: database.db, log: () => {} });
    const seen: Set<string>[] = [];
    own.define(
      readingsStream({
        name: 'test.lanes',
        batchSize: 1_000,
        concurrency: 1,
        lanes: { count: 2, key: (r) => r.sensor },
        afterInsert: async (_tx, rows) => {
          if (rows.some((r) => r.sensor === 'lane-fail')) throw new Error('this lane fails');
          seen.push(new Set(rows.map((r) => r.sensor)));
        },
      }),
    );
    const sensors = Array.from({ length: 8 }, (_, k) => `lane-${k}`);
    const rows = sensors.flatMap((sensor) => Array.from({ length: 5 }, (_, i) => reading(i, sensor)));
    await expect(own.ingest('test.lanes', rows, systemActor)).resolves.toEqual({ accepted: 40, inserted: 40 });
    // Two transactions, each with its own audit entry; no sensor in both; together every sensor.
    expect(seen).toHaveLength(2);
    expect([...seen[0]!].filter((k) => seen[1]!.has(k))).toEqual([]);
    expect(new Set([...seen[0]!, ...seen[1]!])).toEqual(new Set(sensors));
    const audits = (await batchAudits()).filter((a) => a.subjectId === 'test.lanes');
    expect(audits.map((a) => (a.details as { batch: { count: number } }).batch.count).sort()).toEqual(
      [seen[0]!.size * 5, seen[1]!.size * 5].sort(),
    );
    // A lane that fails fails the whole request (whatever the other lane committed, a resend stores once).
    const failing = sensors.map((sensor) => reading(100, sensor)).concat(reading(100, 'lane-fail'));
    await expect(own.ingest('test.lanes', failing, systemActor)).rejects.toMatchObject({ code: 'ingest.write_failed' });
    expect(await stored('lane-fail')).toHaveLength(0);
    await own.close();
  });

  it('sends each column as the array literal node-postgres would, and stores text with quotes, backslashes and braces as sent', async () => {
    const values = [
      'plain',
      'with "quotes"',
      'back\\slash',
      '{brace},comma',
      'NULL',
      ' spaced ',
      '燃安',
      '',
      null,
      1.5,
      -0,
      1e21,
      true,
      12n,
    ];
    expect(arrayLiteral(values)).toBe(pgUtils.prepareValue(values));
    // A value it does not write itself: node-postgres converts the array.
    expect(arrayLiteral([Buffer.from('x')])).toBeNull();
    const sensors = values.slice(0, 7) as string[];
    const sent = sensors.map((sensor, i) => ({
      sensor,
      at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
      value: i,
    }));
    await ingest.ingest('test.readings', sent, systemActor);
    const got = await database.db.select().from(readings).where(inArray(readings.sensor, sensors));
    expect(got.map((r) => r.sensor).sort()).toEqual([...sensors].sort());
  });
});
