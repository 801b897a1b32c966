import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { connect } from 'nats';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase } from '../../../test/db.ts';
import { buildUser } from '../../../test/factories.ts';
import { buildHazard } from '../../../test/hazard-factories.ts';
import { buildApp } from '../../app.ts';
import { testConfig } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import { recordHazardEvent } from '../../modules/hazards/index.ts';
import { systemActor } from '../access.ts';
import { type DomainEvent, type Events, createEvents, publishEvent } from './events.ts';
import { natsLiveTransport } from './events.nats.ts';
import { eventFailuresTable } from './events.table.ts';

type Received = { id: string; event: string; data: Record<string, unknown> };

/** Opens the live feed over real HTTP and collects its events until `done` says so. */
async function listen(
  base: string,
  cookie: string,
  { lastEventId, done }: { lastEventId?: string; done: (got: Received[]) => boolean },
): Promise<{ got: Received[]; stop(): void; finished: Promise<void> }> {
  const controller = new AbortController();
  const res = await fetch(`${base}/api/v1/events/stream`, {
    headers: { cookie: `ranan_session=${cookie}`, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
    signal: controller.signal,
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const got: Received[] = [];
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  const finished = (async () => {
    let text = '';
    try {
      for (;;) {
        const { value, done: ended } = await reader.read();
        if (ended) return;
        text += value;
        const blocks = text.split('\n\n');
        text = blocks.pop()!;
        for (const block of blocks) {
          const fields = Object.fromEntries(
            block
              .split('\n')
              .filter((l) => !l.startsWith(':') && l.includes(': '))
              .map((l) => [l.slice(0, l.indexOf(': ')), l.slice(l.indexOf(': ') + 2)]),
          );
          if (fields.data) {
            const data = JSON.parse(fields.data) as Record<string, unknown>;
            got.push({ id: fields.id ?? '', event: String(data.type), data });
          }
        }
        if (done(got)) {
          controller.abort();
          return;
        }
      }
    } catch (err) {
      if (!controller.signal.aborted) throw err;
    }
  })();
  return { got, stop: () => controller.abort(), finished };
}

describe('platform events', () => {
  let database: Database;
  let app: FastifyInstance;
  let events: Events;
  let base: string;

  beforeAll(async () => {
    database = await createTestDatabase({ organisation: true });
    events = createEvents({ db: database.db, pollMs: 50, log: () => {} });
    app = await buildApp({ config: testConfig(), database, events });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    await events.stop();
    await app.close();
    await database.close();
  });

  it('dispatches committed events once to registered handlers, never rolled-back ones, and records a failing handler', async () => {
    const seen: DomainEvent[] = [];
    const other = createEvents({ db: database.db, log: () => {} });
    for (const e of [events, other])
      e.on(`test.counter.${e === events ? 'a' : 'b'}`, ['test.*'], async (event, { tx }) => {
        seen.push(event);
        await tx.execute(sql`select 1`);
      });
    events.on('test.broken', ['test.bad'], async (_e, { tx }) => {
      await tx.execute(
        sql`insert into event_cursors (name, tx_id, event_id) values ('should-roll-back', '1'::xid8, 1)`,
      );
      throw new Error('handler broke');
    });
    await database.db.transaction(async (tx) => {
      await publishEvent(tx, { type: 'test.one', subject: { type: 'test', id: 'x' }, payload: { n: 1 } });
    });
    await database.db
      .transaction(async (tx) => {
        await publishEvent(tx, { type: 'test.rolled_back', subject: { type: 'test' } });
        throw new Error('rollback');
      })
      .catch(() => {});
    await database.db.transaction((tx) => publishEvent(tx, { type: 'test.bad', subject: { type: 'test' } }));
    // Two instances tick at once: the cursor is held by one of them at a time.
    // Events become due once every older writing transaction of the server has ended (see selectAfter):
    // on a PostgreSQL server shared with other tests that may take a moment.
    await vi.waitFor(
      async () => {
        await Promise.all([events.tick(), other.tick()]);
        expect(seen.length).toBeGreaterThanOrEqual(2);
        // The failing handler runs on its own instance's turn, which may come after the counters' events.
        expect(await database.db.select().from(eventFailuresTable)).toHaveLength(1);
      },
      { timeout: 30_000, interval: 100 },
    );
    await Promise.all([events.tick(), other.tick()]);
    expect(seen.map((e) => e.type)).toEqual(['test.one', 'test.bad']);
    expect(seen[0]).toMatchObject({ subject: { type: 'test', id: 'x' }, payload: { n: 1 } });
    const failures = await database.db.select().from(eventFailuresTable);
    expect(failures).toMatchObject([{ handler: 'test.broken', error: 'handler broke' }]);
    const rolledBack = (await database.db.execute(
      sql`select count(*)::int as n from event_cursors where name = 'should-roll-back'`,
    )) as unknown as { rows: { n: number }[] };
    expect(rolledBack.rows[0]!.n).toBe(0);
  });

  // On a PostgreSQL server shared with other work, delivery waits for the oldest writing transaction
  // of the whole server (see selectAfter): hence the generous timeout.
  it('streams hazard events to those who may read the hazard, and resumes after Last-Event-ID', {
    timeout: 180_000,
  }, async () => {
    events.start();
    const officer = await buildUser(database.db, 'township_officer', { region: '150626100' });
    const signIn = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: officer.username, password: officer.password },
    });
    const cookie = signIn.cookies.find((c) => c.name === 'ranan_session')!.value;
    expect((await fetch(`${base}/api/v1/events/stream`)).status).toBe(401);

    const mine = await buildHazard(database.db, { regionCode: '150626100' });
    const theirs = await buildHazard(database.db, { regionCode: '150626102' });
    const escalate = (h: typeof mine) =>
      database.db.transaction((tx) =>
        recordHazardEvent(tx, {
          actor: systemActor,
          hazard: h,
          event: 'escalated',
          action: 'escalate',
          details: { level: 1 },
        }),
      );
    const first = await listen(base, cookie, { done: (got) => got.length >= 1 });
    // Let the connection subscribe before the change.
    await new Promise((r) => setTimeout(r, 200));
    await escalate(theirs);
    await escalate(mine);
    await first.finished;
    expect(first.got).toHaveLength(1);
    expect(first.got[0]).toMatchObject({
      event: 'hazard.escalated',
      data: {
        type: 'hazard.escalated',
        subject: { type: 'hazard', id: mine.id },
        payload: { number: mine.number, level: 1 },
      },
    });

    // Missed while disconnected: sent on reconnection after the last id seen; the other township's are not.
    await escalate(theirs);
    await database.db.transaction((tx) =>
      recordHazardEvent(tx, {
        actor: systemActor,
        hazard: mine,
        event: 'submitted',
        action: 'submit',
        from: 'open',
        to: 'submitted',
      }),
    );
    await new Promise((r) => setTimeout(r, 200));
    const second = await listen(base, cookie, { lastEventId: first.got[0]!.id, done: (got) => got.length >= 1 });
    await second.finished;
    expect(second.got.map((g) => [g.event, (g.data.subject as { id: string }).id])).toEqual([
      ['hazard.submitted', mine.id],
    ]);
    expect(Number(second.got[0]!.id)).toBeGreaterThan(Number(first.got[0]!.id));

    // An unknown id asks the client to reload.
    const reset = await listen(base, cookie, { lastEventId: '999999999', done: (got) => got.length >= 1 });
    await reset.finished;
    expect(reset.got[0]!.event).toBe('reset');
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'never skips an event whose transaction commits after a later one (PostgreSQL: two connections)',
    async () => {
      await events.stop();
      const seen: string[] = [];
      const own = createEvents({ db: database.db, log: () => {} });
      own.on('test.order', ['order.*'], async (e) => void seen.push(e.type));
      let release!: () => void;
      const held = new Promise<void>((r) => {
        release = r;
      });
      const slow = database.db.transaction(async (tx) => {
        await publishEvent(tx, { type: 'order.first', subject: { type: 'test' } });
        await held;
      });
      await new Promise((r) => setTimeout(r, 100));
      await database.db.transaction((tx) => publishEvent(tx, { type: 'order.second', subject: { type: 'test' } }));
      await own.tick();
      expect(seen).toEqual([]);
      release();
      await slow;
      await vi.waitFor(
        async () => {
          await own.tick();
          expect(seen.length).toBe(2);
        },
        { timeout: 30_000, interval: 100 },
      );
      expect(seen).toEqual(['order.first', 'order.second']);
      expect(
        (await database.db.select().from(eventFailuresTable).where(eq(eventFailuresTable.handler, 'test.order')))
          .length,
      ).toBe(0);
    },
  );

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'hands events to the live feed while a handler is still busy with an earlier one (PostgreSQL: two connections)',
    async () => {
      await events.stop();
      const own = createEvents({ db: database.db, pollMs: 50, listen: database.listen, log: () => {} });
      let release!: () => void;
      const held = new Promise<void>((r) => {
        release = r;
      });
      let started = false;
      own.on('test.slow', ['slow.first'], async () => {
        started = true;
        await held;
      });
      const live: string[] = [];
      own.subscribe((list) => live.push(...list.map((e) => e.type)));
      await own.tick(); // the live tail's starting point
      own.start();
      try {
        await database.db.transaction((tx) => publishEvent(tx, { type: 'slow.first', subject: { type: 'test' } }));
        await vi.waitFor(() => expect(started).toBe(true), { timeout: 30_000, interval: 50 });
        await database.db.transaction((tx) => publishEvent(tx, { type: 'slow.second', subject: { type: 'test' } }));
        // The handler still holds slow.first: the live feed must not wait for it.
        await vi.waitFor(() => expect(live).toEqual(['slow.first', 'slow.second']), { timeout: 30_000, interval: 50 });
      } finally {
        release();
        await own.stop();
      }
    },
  );

  it('wakes on the NOTIFY a commit sends, long before its next poll, on every dispatcher listening', async () => {
    // Polls once an hour: only the notification can bring the event in time.
    const a = createEvents({ db: database.db, pollMs: 3_600_000, listen: database.listen, log: () => {} });
    const b = createEvents({ db: database.db, pollMs: 3_600_000, listen: database.listen, log: () => {} });
    const got: Record<string, string[]> = { a: [], b: [] };
    a.subscribe((list) => got.a!.push(...list.map((e) => e.type)));
    b.subscribe((list) => got.b!.push(...list.map((e) => e.type)));
    a.start();
    b.start();
    try {
      await a.tick();
      await b.tick();
      await new Promise((r) => setTimeout(r, 300)); // the LISTEN connections are open
      await database.db.transaction((tx) => publishEvent(tx, { type: 'test.notified', subject: { type: 'test' } }));
      await vi.waitFor(
        () => {
          expect(got.a).toContain('test.notified');
          expect(got.b).toContain('test.notified');
        },
        { timeout: 20_000, interval: 50 },
      );
    } finally {
      await a.stop();
      await b.stop();
    }
  });
});

describe('platform events: the handlers step over what they do not take', () => {
  it('opens no pass for events no handler takes (the cursor stays), and a taken one is handled with them stepped over', async () => {
    const database = await createTestDatabase();
    const events = createEvents({ db: database.db, log: () => {} });
    try {
      const seen: string[] = [];
      events.on('test.taker', ['solo.taken'], async (event) => {
        seen.push(event.subject.id ?? '');
      });
      const publish = (type: string, id: string) =>
        database.db.transaction((tx) => publishEvent(tx, { type, subject: { type: 'test', id } }));
      const cursor = async () =>
        (
          (await database.db.execute(sql`select event_id from event_cursors where name = 'handlers'`)) as unknown as {
            rows: { event_id: number | string }[];
          }
        ).rows.map((r) => Number(r.event_id));
      for (const id of ['1', '2', '3']) await publish('solo.ignored', id);
      await events.tick();
      // No handler takes them: no pass ran, so nothing moved the cursor (before: a pass per wake, each writing it).
      expect(await cursor()).toEqual([]);
      expect(seen).toEqual([]);
      await publish('solo.taken', '4');
      await publish('solo.ignored', '5');
      await events.tick();
      expect(seen).toEqual(['4']);
      const [last] = (
        (await database.db.execute(sql`select max(id)::int as id from outbox`)) as unknown as {
          rows: { id: number }[];
        }
      ).rows;
      // The pass stepped over every event it read, the ones no handler takes included.
      expect(await cursor()).toEqual([last!.id]);
    } finally {
      await events.stop();
      await database.close();
    }
  });
});

describe.skipIf(!process.env.TEST_NATS_URL)('platform events over NATS (TEST_NATS_URL)', () => {
  it('relays each committed event once over NATS, and every dispatcher hands it to its connections', {
    timeout: 120_000,
  }, async () => {
    const database = await createTestDatabase();
    const nc = await connect({ servers: process.env.TEST_NATS_URL });
    const prefix = `t${randomBytes(4).toString('hex')}`;
    const onNats: string[] = [];
    const sub = nc.subscribe(`${prefix}.events`, {
      callback: (_err, msg) => onNats.push(...(msg.json() as DomainEvent[]).map((e) => e.type)),
    });
    // Neither tails the outbox for its connections: they have only what the transport brings.
    const a = createEvents({ db: database.db, pollMs: 50, transport: natsLiveTransport(nc, prefix), log: () => {} });
    const b = createEvents({ db: database.db, pollMs: 50, transport: natsLiveTransport(nc, prefix), log: () => {} });
    const got: Record<string, string[]> = { a: [], b: [] };
    a.subscribe((list) => got.a!.push(...list.map((e) => e.type)));
    b.subscribe((list) => got.b!.push(...list.map((e) => e.type)));
    try {
      a.start();
      b.start();
      await a.tick();
      await b.tick();
      await nc.flush();
      await new Promise((r) => setTimeout(r, 300));
      await database.db.transaction((tx) => publishEvent(tx, { type: 'test.over_nats', subject: { type: 'test' } }));
      await database.db.transaction((tx) => publishEvent(tx, { type: 'test.second', subject: { type: 'test' } }));
      await vi.waitFor(
        () => {
          expect(got.a).toEqual(['test.over_nats', 'test.second']);
          expect(got.b).toEqual(['test.over_nats', 'test.second']);
        },
        { timeout: 30_000, interval: 50 },
      );
      await new Promise((r) => setTimeout(r, 300));
      expect(onNats).toEqual(['test.over_nats', 'test.second']);
    } finally {
      await a.stop();
      await b.stop();
      sub.unsubscribe();
      await nc.close();
      await database.close();
    }
  });
});
