import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { eq } from 'drizzle-orm';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase } from '../../../test/db.ts';
import {
  createTestReadingsTable,
  readingsStream,
  testReading,
  testReadingsTable,
} from '../../../test/ingest-stream.ts';
import type { Database } from '../../db/client.ts';
import { auditEventsTable } from '../audit/audit.table.ts';
import { type Ingest, createIngest } from './ingest.ts';
import { MQTT_TOPIC_PREFIX, startMqttIngest } from './ingest.mqtt.ts';

const url = process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883';

/** Whether a broker listens there (CI runs Mosquitto; elsewhere the test is skipped). */
async function brokerUp(): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 1883) });
    socket.setTimeout(1_000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

const up = await brokerUp();

describe.skipIf(!up)('ingest over MQTT (Mosquitto)', () => {
  let database: Database;
  let ingest: Ingest;
  let subscriber: ReturnType<typeof startMqttIngest>;
  let publisher: mqtt.MqttClient;
  // A stream of its own per run, so runs sharing the broker do not see each other's messages.
  const logs: string[] = [];
  const stream = `test.mqtt_${randomBytes(4).toString('hex')}`;
  const many = `test.mqtt_many_${randomBytes(4).toString('hex')}`;
  let firstBatch = true;
  const slow = `test.mqtt_slow_${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    database = await createTestDatabase();
    await createTestReadingsTable(database.db);
    ingest = createIngest({ db: database.db, log: () => {} });
    ingest.define(readingsStream({ name: stream, batchSize: 100 }));
    // A small queue and a slow writer: a burst of messages must wait at the broker, not in the server's memory.
    ingest.define(
      readingsStream({
        name: slow,
        batchSize: 100,
        queueBound: 100,
        concurrency: 1,
        afterInsert: () => new Promise((r) => setTimeout(r, 50)),
      }),
    );
    // One writer whose first batch is slow, so the messages the other connections hand over meanwhile wait together.
    ingest.define(
      readingsStream({
        name: many,
        batchSize: 100,
        concurrency: 1,
        afterInsert: async () => {
          if (firstBatch) await new Promise((r) => setTimeout(r, 500));
          firstBatch = false;
        },
      }),
    );
    subscriber = startMqttIngest({
      url,
      ingest,
      log: (m) => logs.push(m),
      group: `ranan_test_${randomBytes(4).toString('hex')}`,
    });
    await subscriber.ready;
    publisher = await mqtt.connectAsync(url, {
      protocolVersion: 5,
      clientId: `ranan-test-${randomBytes(4).toString('hex')}`,
    });
  });
  afterAll(async () => {
    await publisher?.endAsync();
    await subscriber?.close();
    await ingest?.close();
    await database?.close();
  });

  it('stores QoS 1 messages and acknowledges them after commit; refuses bad ones with a reason code', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => testReading(i, 'mqtt'));
    await publisher.publishAsync(`${MQTT_TOPIC_PREFIX}${stream}`, JSON.stringify({ rows }), { qos: 1 });
    await vi.waitFor(async () =>
      expect(await database.db.$count(testReadingsTable, eq(testReadingsTable.sensor, 'mqtt'))).toBe(30),
    );
    const audits = await database.db.select().from(auditEventsTable).where(eq(auditEventsTable.subjectId, stream));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorName: 'mqtt', action: 'ingest.batch' });

    // The same message again (a redelivery): accepted, stored once (a second batch audit entry says 0 new rows).
    await publisher.publishAsync(`${MQTT_TOPIC_PREFIX}${stream}`, JSON.stringify(rows), { qos: 1 });
    await vi.waitFor(async () =>
      expect(await database.db.$count(auditEventsTable, eq(auditEventsTable.subjectId, stream))).toBe(2),
    );
    expect(await database.db.$count(testReadingsTable, eq(testReadingsTable.sensor, 'mqtt'))).toBe(30);

    // Bad rows or a bad payload: the subscriber acknowledges them with 0x99 (payload format invalid), so the
    // broker does not send them again, and stores nothing (the publisher's own PUBACK comes from the broker).
    const bad = [testReading(100, 'mqtt-bad'), { ...testReading(101, 'mqtt-bad'), value: 'x' }];
    await publisher.publishAsync(`${MQTT_TOPIC_PREFIX}${stream}`, JSON.stringify({ rows: bad }), { qos: 1 });
    await publisher.publishAsync(`${MQTT_TOPIC_PREFIX}${stream}`, 'not json', { qos: 1 });
    // A good message after them still flows: the bad ones were acknowledged, not left hanging.
    await publisher.publishAsync(`${MQTT_TOPIC_PREFIX}${stream}`, JSON.stringify([testReading(200, 'mqtt-after')]), {
      qos: 1,
    });
    await vi.waitFor(async () =>
      expect(await database.db.$count(testReadingsTable, eq(testReadingsTable.sensor, 'mqtt-after'))).toBe(1),
    );
    expect(logs.filter((l) => l.includes('rows refused'))).toHaveLength(1);
    expect(await database.db.$count(testReadingsTable, eq(testReadingsTable.sensor, 'mqtt-bad'))).toBe(0);
  });

  it('splits a stream over its 8 connections and gathers their messages into batches: every row once, none lost', async () => {
    // 40 messages of 25 rows published at once, 5 of them twice (a redelivery): 1,000 distinct rows.
    const messages = Array.from({ length: 40 }, (_, m) =>
      Array.from({ length: 25 }, (_, i) => testReading(m * 25 + i, 'many')),
    );
    await Promise.all(
      [...messages, ...messages.slice(0, 5)].map((rows) =>
        publisher.publishAsync(`${MQTT_TOPIC_PREFIX}${many}`, JSON.stringify({ rows }), { qos: 1 }),
      ),
    );
    await vi.waitFor(
      async () => {
        const audits = await database.db.select().from(auditEventsTable).where(eq(auditEventsTable.subjectId, many));
        const counts = audits.map((a) => (a.details as { batch: { count: number } }).batch.count);
        expect(counts.reduce((n, c) => n + c, 0)).toBe(45 * 25);
      },
      { timeout: 20_000 },
    );
    expect(await database.db.$count(testReadingsTable, eq(testReadingsTable.sensor, 'many'))).toBe(1_000);
    const audits = await database.db.select().from(auditEventsTable).where(eq(auditEventsTable.subjectId, many));
    const details = audits.map((a) => a.details as { inserted: number; batch: { count: number } });
    // Each row was new exactly once: the batches' new rows add up to the distinct rows, the resent ones counted as old.
    expect(details.reduce((n, d) => n + d.inserted, 0)).toBe(1_000);
    // While the first batch was written, messages from several connections waited and went out together.
    expect(Math.max(...details.map((d) => d.batch.count))).toBeGreaterThan(25);
    expect(audits.length).toBeLessThan(45);
  });

  it('holds a burst at the broker when the queue is full (back-pressure): the queue stays within its bound, nothing is lost', async () => {
    // 60 messages of 50 rows at once: 3,000 rows against a queue of 100 (8 connections hand over up to 400 at once).
    const messages = Array.from({ length: 60 }, (_, m) =>
      Array.from({ length: 50 }, (_, i) => testReading(m * 50 + i, 'burst')),
    );
    let peak = 0;
    const sampler = setInterval(() => {
      peak = Math.max(peak, ingest.load(slow).queued);
    }, 5);
    try {
      await Promise.all(
        messages.map((rows) =>
          publisher.publishAsync(`${MQTT_TOPIC_PREFIX}${slow}`, JSON.stringify({ rows }), { qos: 1 }),
        ),
      );
      await vi.waitFor(
        async () =>
          expect(await database.db.$count(testReadingsTable, eq(testReadingsTable.sensor, 'burst'))).toBe(3_000),
        { timeout: 60_000, interval: 200 },
      );
    } finally {
      clearInterval(sampler);
    }
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThanOrEqual(100);
  });

  it('advertises a Receive Maximum: the broker sends a connection no more unacknowledged messages than that, and holds the rest', async () => {
    // A stream of its own, on an ingest and a subscriber of their own (one connection, Receive Maximum 3), whose
    // first batch is held until the test lets it go: the broker may send that connection 3 messages, no more.
    const held = `test.mqtt_held_${randomBytes(4).toString('hex')}`;
    const own = createIngest({ db: database.db, log: () => {} });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    own.define(readingsStream({ name: held, batchSize: 100, concurrency: 1, afterInsert: () => gate }));
    const limited = startMqttIngest({
      url,
      ingest: own,
      log: () => {},
      group: `ranan_test_${randomBytes(4).toString('hex')}`,
      connections: 1,
      receiveMaximum: 3,
    });
    try {
      await limited.ready;
      // PUBLISH packets of this stream arriving on the connection's socket, whether or not mqtt.js has handled
      // them yet. Only this topic's: the subscription takes every stream's topic, and the machine's broker may
      // carry other publishers' messages (a benchmark, another run) at the same time.
      let published = 0;
      const frames = publishFrames((topic) => {
        if (topic === `${MQTT_TOPIC_PREFIX}${held}`) published++;
      });
      limited.clients[0]!.stream.on('data', frames);
      const messages = Array.from({ length: 12 }, (_, m) => [testReading(m, 'held')]);
      await Promise.all(
        messages.map((rows) =>
          publisher.publishAsync(`${MQTT_TOPIC_PREFIX}${held}`, JSON.stringify({ rows }), { qos: 1 }),
        ),
      );
      // The broker has all 12 (it acknowledged them to the publisher); the subscriber got 3 and no more.
      await vi.waitFor(() => expect(published).toBe(3));
      await new Promise((r) => setTimeout(r, 300));
      expect(published).toBe(3);
      release();
      await vi.waitFor(
        async () => expect(await database.db.$count(testReadingsTable, eq(testReadingsTable.sensor, 'held'))).toBe(12),
        { timeout: 20_000 },
      );
      expect(published).toBe(12);
    } finally {
      release();
      await limited.close();
      await own.close();
    }
  });
});

/**
 * Splits the bytes of an MQTT connection into packets (fixed header: type in the first byte's high nibble,
 * then the remaining length as a variable byte integer) and calls `onPublish` with the topic of each PUBLISH
 * (type 3; its variable header starts with the topic as a two-byte length and UTF-8).
 */
function publishFrames(onPublish: (topic: string) => void) {
  let pending = Buffer.alloc(0);
  return (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    for (;;) {
      let length = 0;
      let multiplier = 1;
      let at = 1;
      let complete = false;
      while (at < pending.length && at <= 4) {
        const byte = pending[at++]!;
        length += (byte & 0x7f) * multiplier;
        multiplier *= 128;
        if ((byte & 0x80) === 0) {
          complete = true;
          break;
        }
      }
      if (!complete || pending.length < at + length) return;
      if (pending[0]! >> 4 === 3) onPublish(pending.toString('utf8', at + 2, at + 2 + pending.readUInt16BE(at)));
      pending = pending.subarray(at + length);
    }
  };
}
