import {
  AckPolicy,
  type ConsumerMessages,
  DeliverPolicy,
  type JsMsg,
  type NatsConnection,
  RetentionPolicy,
  StorageType,
  nanos,
} from 'nats';
import type { Actor } from '../access.ts';
import { AppError } from '../errors.ts';
import type { Ingest } from './ingest.ts';

/** Who JetStream's messages act as: NATS authenticates and authorises publishers (its accounts), the server stores. */
const natsActor: Actor = { type: 'system', id: null, name: 'nats', grants: [], permissions: new Set() };

/** The JetStream names of an installation: stream `<PREFIX>_INGEST` over `<prefix>.ingest.>`, durable `<prefix>-ingest`. */
export function natsIngestNames(prefix: string) {
  return {
    stream: `${prefix.toUpperCase().replace(/[^A-Z0-9_-]/g, '_')}_INGEST`,
    subjectPrefix: `${prefix}.ingest.`,
    durable: `${prefix}-ingest`,
  };
}

/**
 * Machine rows through NATS JetStream (NATS_URL): messages on `<prefix>.ingest.<stream>` whose payload is
 * `{ "rows": [...] }` (or the stream's own body, as over MQTT) are kept by JetStream in a work-queue stream,
 * and every instance pulls from one durable consumer, so the instances split them. A message is acknowledged
 * only once its rows are committed (the stream's batch): an instance killed mid-batch leaves its messages
 * unacknowledged, and JetStream gives them to another instance after `ackWaitMs` (the natural key stores rows
 * already committed once). While the stream's queue is full the message is held (its ack deadline extended) and
 * tried again; bad rows or an unknown stream are terminated (never sent again) and logged.
 */
export async function startNatsIngest({
  nc,
  ingest,
  prefix = 'ranan',
  ackWaitMs = 30_000,
  inFlight = 64,
  log = (msg, err) => (err ? console.error(msg, err) : console.info(msg)),
}: {
  nc: NatsConnection;
  ingest: Pick<Ingest, 'enter'>;
  prefix?: string;
  ackWaitMs?: number;
  /** Messages an instance holds at once (pulled, not yet acknowledged): the stream's queue gathers them into batches. */
  inFlight?: number;
  log?: (message: string, err?: unknown) => void;
}): Promise<{ close(): Promise<void> }> {
  const names = natsIngestNames(prefix);
  const jsm = await nc.jetstreamManager();
  // Every instance makes sure the stream and the consumer exist; the first one creates them.
  await jsm.streams.info(names.stream).catch(() =>
    jsm.streams
      .add({
        name: names.stream,
        subjects: [`${names.subjectPrefix}>`],
        retention: RetentionPolicy.Workqueue,
        storage: StorageType.File,
      })
      .catch(() => jsm.streams.info(names.stream)),
  );
  await jsm.consumers.info(names.stream, names.durable).catch(() =>
    jsm.consumers
      .add(names.stream, {
        durable_name: names.durable,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        ack_wait: nanos(ackWaitMs),
        max_deliver: -1,
      })
      .catch(() => jsm.consumers.info(names.stream, names.durable)),
  );
  const consumer = await nc.jetstream().consumers.get(names.stream, names.durable);
  const messages: ConsumerMessages = await consumer.consume({ max_messages: inFlight });

  let closing = false;
  const pending = new Set<Promise<void>>();
  let freed: (() => void) | null = null;

  async function handle(m: JsMsg) {
    const stream = m.subject.startsWith(names.subjectPrefix) ? m.subject.slice(names.subjectPrefix.length) : '';
    let body: unknown;
    try {
      body = m.json();
    } catch {
      log(`nats ingest ${stream}: not JSON, dropped`);
      m.term();
      return;
    }
    if (body === null || typeof body !== 'object') {
      log(`nats ingest ${stream}: not an object, dropped`);
      m.term();
      return;
    }
    for (let wait = 50; ; wait = Math.min(wait * 2, 2_000)) {
      if (closing) {
        m.nak();
        return;
      }
      try {
        await ingest.enter(stream, body, natsActor);
        m.ack();
        return;
      } catch (err) {
        if (err instanceof AppError && (err.code === 'ingest.queue_full' || err.code === 'ingest.write_failed')) {
          if (err.code === 'ingest.write_failed') log(`nats ingest ${stream}: not stored yet, trying again`, err);
          // Still being worked on: JetStream keeps it for this instance a while longer.
          m.working();
          await new Promise((r) => setTimeout(r, wait));
          continue;
        }
        if (err instanceof AppError && err.code === 'ingest.shutting_down') {
          m.nak();
          return;
        }
        log(`nats ingest ${stream}: refused, dropped`, err instanceof AppError ? (err.details ?? err.code) : err);
        m.term();
        return;
      }
    }
  }

  const loop = (async () => {
    for await (const m of messages) {
      if (closing) {
        m.nak();
        continue;
      }
      const p = handle(m).finally(() => {
        pending.delete(p);
        freed?.();
      });
      pending.add(p);
      while (pending.size >= inFlight) await new Promise<void>((r) => (freed = r));
    }
  })().catch((err: unknown) => log('nats ingest: the consumer stopped', err));

  return {
    /** Stops pulling; messages being stored are acknowledged when committed, the others go back to JetStream. */
    async close() {
      closing = true;
      await messages.close();
      await loop;
      await Promise.all(pending);
    },
  };
}
