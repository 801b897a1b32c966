import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { login } from '../../../test/app.ts';
import { createTestDatabase } from '../../../test/db.ts';
import { buildUser, regionByCode } from '../../../test/factories.ts';
import { buildApp } from '../../app.ts';
import { testConfig } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import { type Ingest, createIngest } from '../../platform/ingest/index.ts';
import { evaluateReadings } from './monitoring.evaluate.ts';
import { sensorsTable } from './monitoring.table.ts';
import { readingsTable } from './readings.table.ts';
import { READINGS_STREAM, defineReadingsStream } from './sensors.service.ts';

/**
 * Load shedding of `POST /api/v1/readings` (issue 13): while the readings queue is full the route answers 429
 * with Retry-After before reading the body; nothing refused is stored, and a resend after the queue drained is.
 * The stream is defined here with a queue of 10 readings and a writer held until the test lets it go.
 */
describe('readings: load shedding when the queue is full', () => {
  let database: Database;
  let app: FastifyInstance;
  const ingest = { value: null as Ingest | null };
  let gateway: { authorization: string };
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let entered!: () => void;
  const writing = new Promise<void>((r) => (entered = r));
  const t0 = Date.now() - 3_600_000;
  const reading = (i: number) => ({ sensorCode: 'SHED-1', at: new Date(t0 + i * 1000).toISOString(), value: 1 });

  beforeAll(async () => {
    database = await createTestDatabase({ organisation: true });
    ingest.value = createIngest({ db: database.db, log: () => {} });
    defineReadingsStream(ingest.value, {
      batchSize: 10,
      queueBound: 10,
      lingerMs: 0,
      lanes: undefined,
      afterInsert: async (tx, rows) => {
        entered();
        await gate;
        await evaluateReadings(tx, rows);
      },
    });
    app = await buildApp({ config: testConfig({ logLevel: 'error' }), database, ingest: ingest.value });
    await app.ready();
    const admin = await buildUser(database.db, 'office_admin', 'global');
    const office = await login(app, admin.username, admin.password);
    const created = await office({
      method: 'POST',
      url: '/api/v1/sensors',
      payload: { code: 'SHED-1', kind: 'manhole_methane', regionId: (await regionByCode(database.db, '150626100')).id },
    });
    expect(created.statusCode).toBe(201);
    const issued = await office({
      method: 'POST',
      url: '/api/v1/machine-tokens',
      payload: { name: '网关', role: 'sensor_gateway', scopeType: 'global' },
    });
    expect(issued.statusCode).toBe(201);
    gateway = { authorization: `Bearer ${issued.json().secret}` };
  });
  afterAll(async () => {
    release();
    await app?.close();
    await database?.close();
  });

  const post = (payload: unknown, headers: Record<string, string> = gateway) =>
    app.inject({ method: 'POST', url: '/api/v1/readings', headers, payload: payload as object });

  it('answers 429 with Retry-After before reading the body while the queue is full; stores what it acknowledged', async () => {
    // The first 10 readings are being written (held); the next 10 fill the queue.
    const first = post({ readings: Array.from({ length: 10 }, (_, i) => reading(i)) });
    await writing;
    const second = post({ readings: Array.from({ length: 10 }, (_, i) => reading(10 + i)) });
    await vi.waitFor(() => expect(ingest.value!.load(READINGS_STREAM).queued).toBe(10));

    // Even a malformed body is shed with 429, not refused with 400: the body was not read.
    const malformed = await post({ readings: 'not a list' });
    expect(malformed.statusCode).toBe(429);
    expect(malformed.headers['retry-after']).toBe('1');
    expect(malformed.json().error.code).toBe('ingest.queue_full');
    const one = await post({ readings: [reading(20)] });
    expect(one.statusCode).toBe(429);
    // The sign-in check still comes first.
    expect((await post({ readings: [reading(20)] }, {})).statusCode).toBe(401);

    release();
    expect((await first).json()).toMatchObject({ accepted: 10, duplicates: 0 });
    expect((await second).json()).toMatchObject({ accepted: 10, duplicates: 0 });
    // Sent again after the wait: stored.
    const resent = await post({ readings: [reading(20)] });
    expect(resent.statusCode).toBe(200);
    expect(resent.json()).toMatchObject({ accepted: 1 });
    const [sensor] = await database.db.select().from(sensorsTable).where(eq(sensorsTable.code, 'SHED-1'));
    expect(await database.db.$count(readingsTable, eq(readingsTable.sensorId, sensor!.id))).toBe(21);
  });
});
