import os from 'node:os';
import mqtt from 'mqtt';
import type { Actor } from '../access.ts';
import { AppError } from '../errors.ts';
import type { Ingest } from './ingest.ts';
import { MQTT_TOPIC_PREFIX, mqttSharedSubscription } from './ingest.topics.ts';

export { MQTT_TOPIC_PREFIX, mqttSharedSubscription };

// MQTT 5 PUBACK reason codes.
const PAYLOAD_FORMAT_INVALID = 0x99;
const TOPIC_NAME_INVALID = 0x90;
const UNSPECIFIED_ERROR = 0x80;

/** Who the broker's messages act as: the broker authenticates and authorises publishers (its ACL), the server stores. */
const brokerActor: Actor = { type: 'system', id: null, name: 'mqtt', grants: [], permissions: new Set() };

/**
 * The broker subscriber of the ingest use case: QoS 1 messages whose payload is `{ "rows": [...] }`
 * (or the array itself) on `ranan/ingest/<stream>`, through a shared subscription so several
 * instances split the load. A message is acknowledged (PUBACK) only once its rows are committed;
 * while the stream's queue is full the subscriber waits (the broker holds the rest: back-pressure)
 * rather than refusing; bad rows or an unknown stream are acknowledged with a reason code (0x99,
 * 0x90) so the broker does not send them again; a failed write is tried again until it commits.
 * On close, a message not yet acknowledged is left to the broker (what it does with it depends on
 * the session: a persistent client id gets it again at reconnection; the natural key stores its
 * rows once).
 */
export function startMqttIngest({
  url,
  ingest,
  log = (msg, err) => (err ? console.error(msg, err) : console.info(msg)),
  clientId = `ranan-${os.hostname()}-${process.pid}`,
  group = 'ranan',
  connections = 8,
  receiveMaximum = 4,
}: {
  url: string;
  ingest: Pick<Ingest, 'enter'>;
  log?: (message: string, err?: unknown) => void;
  clientId?: string;
  /** The shared subscription's group: the instances of one installation share one. */
  group?: string;
  /**
   * Subscriber connections in the group. mqtt.js hands a connection's next message over only after
   * the previous one is acknowledged (after its commit), so one connection stores one message at a
   * time; several let the stream's queue gather their messages into one batch.
   */
  connections?: number;
  /**
   * MQTT 5 Receive Maximum advertised by each connection: the broker sends at most this many QoS 1 messages
   * not yet acknowledged, and holds the rest. A connection handles one message at a time and acknowledges it
   * after its commit, so the others wait, parsed or not, in the server's memory: this bounds that memory to
   * `connections × receiveMaximum` messages however fast gateways publish (MQTT's default is 65,535).
   */
  receiveMaximum?: number;
}): { ready: Promise<void>; close(): Promise<void>; clients: readonly mqtt.MqttClient[] } {
  let closing = false;
  const clients = Array.from({ length: Math.max(1, connections) }, (_, i) =>
    mqtt.connect(url, {
      clientId: i === 0 ? clientId : `${clientId}-${i}`,
      protocolVersion: 5,
      clean: true,
      reconnectPeriod: 2_000,
      properties: { receiveMaximum },
      customHandleAcks: (topic, message, _packet, done) => {
        void handle(topic, message).then((code) => {
          if (code !== null) done(code);
        });
      },
    }),
  );

  async function handle(topic: string, message: Buffer): Promise<number | null> {
    const stream = topic.startsWith(MQTT_TOPIC_PREFIX) ? topic.slice(MQTT_TOPIC_PREFIX.length) : '';
    let body: unknown;
    try {
      body = JSON.parse(message.toString('utf8')) as unknown;
    } catch {
      return PAYLOAD_FORMAT_INVALID;
    }
    if (body === null || typeof body !== 'object') return PAYLOAD_FORMAT_INVALID;
    // A gateway may name itself in the payload (`"gateway": "…"`): refusals are counted under that name.
    const gateway = (body as { gateway?: unknown }).gateway;
    const actor =
      typeof gateway === 'string' && /^[\w.:-]{1,64}$/.test(gateway)
        ? { ...brokerActor, name: `mqtt:${gateway}` }
        : brokerActor;
    for (let wait = 50; ; wait = Math.min(wait * 2, 2_000)) {
      if (closing) return null;
      try {
        await ingest.enter(stream, body, actor);
        return 0;
      } catch (err) {
        // Full queue or database trouble: wait and try again, unacknowledged (the broker holds the rest).
        if (err instanceof AppError && (err.code === 'ingest.queue_full' || err.code === 'ingest.write_failed')) {
          if (err.code === 'ingest.write_failed') log(`mqtt ingest ${stream}: not stored yet, trying again`, err);
          await new Promise((r) => setTimeout(r, wait));
          continue;
        }
        if (err instanceof AppError && err.code === 'ingest.stream_not_found') return TOPIC_NAME_INVALID;
        if (err instanceof AppError && err.statusCode === 400) {
          log(`mqtt ingest ${stream}: rows refused`, err.details);
          return PAYLOAD_FORMAT_INVALID;
        }
        if (err instanceof AppError && err.code === 'ingest.shutting_down') return null;
        log(`mqtt ingest ${stream}: refused`, err);
        return UNSPECIFIED_ERROR;
      }
    }
  }

  // The server starts without waiting for the broker; mqtt.js reconnects and subscribes again.
  const ready = Promise.all(
    clients.map((client) => {
      client.on('error', (err) => log('mqtt ingest: broker connection error', err));
      return new Promise<void>((resolve) => {
        client.on('connect', () => {
          client.subscribe(mqttSharedSubscription(group), { qos: 1 }, (err) => {
            if (err) log('mqtt ingest: subscription refused', err);
            else resolve();
          });
        });
      });
    }),
  ).then(() => undefined);
  return {
    /** Resolves once every connection's subscription is in place (tests wait for it before publishing). */
    ready,
    /** The broker connections (tests watch what arrives on their sockets). */
    clients,
    async close() {
      closing = true;
      await Promise.all(clients.map((client) => client.endAsync(true)));
    },
  };
}
