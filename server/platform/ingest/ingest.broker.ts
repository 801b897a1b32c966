import net from 'node:net';
import { Aedes, type AuthenticateError, type Client } from 'aedes';
import type { Actor } from '../access.ts';
import { can } from '../access.ts';
import { AppError } from '../errors.ts';
import type { Ingest } from './ingest.ts';
import { MQTT_TOPIC_PREFIX } from './ingest.topics.ts';

/**
 * The server's own MQTT broker (package `aedes`), for installations without one (no `MQTT_URL`): a
 * county's gateways connect to the platform itself. A gateway signs in with its machine token as the
 * password (any user name) and publishes QoS 1 messages to `ranan/ingest/<stream>` — the same topic
 * and payload as through an external broker. Each message goes through the stream's entry
 * (`ingest.enter`) as that gateway, so its token's scope applies; the PUBACK is sent only after the
 * commit (aedes acknowledges once `authorizePublish` calls back), a full queue is waited out without
 * acknowledging (the gateway's in-flight window fills: back-pressure), a refused body is acknowledged
 * and dropped (it would be refused again). Gateways may not subscribe; nothing is forwarded.
 */
export function startEmbeddedBroker({
  port,
  host = '0.0.0.0',
  ingest,
  authenticate,
  log = (msg, err) => (err ? console.error(msg, err) : console.info(msg)),
}: {
  port: number;
  host?: string;
  ingest: Pick<Ingest, 'enter'>;
  /** The machine token's actor, or null (unknown, revoked, expired). */
  authenticate: (token: string) => Promise<Actor | null>;
  log?: (message: string, err?: unknown) => void;
}): { ready: Promise<number>; close(): Promise<void> } {
  const actors = new WeakMap<Client, Actor>();
  let closing = false;
  const created = Aedes.createBroker({
    authenticate: (client, _username, password, done) => {
      const token = password ? password.toString('utf8') : '';
      authenticate(token).then(
        (actor) => {
          if (!actor || !can(actor, 'ingest.write')) {
            const err = new Error('Bad credentials') as AuthenticateError;
            err.returnCode = 4;
            done(err, false);
            return;
          }
          actors.set(client, actor);
          done(null, true);
        },
        (err: unknown) => {
          log('mqtt broker: authentication failed', err);
          const e = new Error('Server unavailable') as AuthenticateError;
          e.returnCode = 3;
          done(e, false);
        },
      );
    },
    authorizeSubscribe: (_client, _sub, done) => done(new Error('Gateways do not subscribe'), null),
    authorizePublish: (client, packet, done) => {
      const actor = client ? actors.get(client) : undefined;
      if (!actor || !packet.topic.startsWith(MQTT_TOPIC_PREFIX)) {
        done(new Error('Topic not allowed'));
        return;
      }
      const stream = packet.topic.slice(MQTT_TOPIC_PREFIX.length);
      void handle(stream, packet.payload, actor).then(() => {
        // Stored (or refused for good): let aedes acknowledge; the payload is not forwarded to anyone.
        done(null);
      });
    },
  });

  async function handle(stream: string, payload: Buffer | string, actor: Actor): Promise<void> {
    let body: unknown;
    try {
      body = JSON.parse(typeof payload === 'string' ? payload : payload.toString('utf8')) as unknown;
    } catch {
      return;
    }
    for (let wait = 50; ; wait = Math.min(wait * 2, 2_000)) {
      if (closing) return new Promise(() => {}); // never acknowledged: the gateway sends it again
      try {
        await ingest.enter(stream, body, actor);
        return;
      } catch (err) {
        if (err instanceof AppError && (err.code === 'ingest.queue_full' || err.code === 'ingest.write_failed')) {
          await new Promise((r) => setTimeout(r, wait));
          continue;
        }
        if (err instanceof AppError && err.code === 'ingest.shutting_down') return new Promise(() => {});
        if (!(err instanceof AppError)) log(`mqtt broker ${stream}: refused`, err);
        return;
      }
    }
  }

  const server = net.createServer((socket) => {
    created.then(
      (broker) => broker.handle(socket),
      () => socket.destroy(),
    );
  });
  const ready = new Promise<number>((resolve, reject) => {
    created.catch(reject);
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
  return {
    ready,
    async close() {
      closing = true;
      const broker = await created;
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Says how the embedded broker started, in one line: its port once it listens; when the port is already taken —
 * typically the machine's own broker (Mosquitto on 1883) — that it is not started and what to do instead (take the
 * gateways' messages from that broker with MQTT_URL, or run without a broker with MQTT_BROKER_PORT=0), never an
 * error with its stack; any other failure with its error. Never rejects (the server goes on without the broker).
 */
export async function reportBrokerStart(
  ready: Promise<number>,
  port: number,
  out: { info: (line: string) => void; error: (line: string, err: unknown) => void },
): Promise<'listening' | 'port_in_use' | 'failed'> {
  try {
    out.info(`MQTT broker for gateways on port ${await ready}`);
    return 'listening';
  } catch (err) {
    if ((err as { code?: unknown } | null)?.code === 'EADDRINUSE') {
      out.info(
        `MQTT port ${port} is already in use (another broker on this machine, such as Mosquitto): the embedded broker is not started. Set MQTT_URL=mqtt://127.0.0.1:${port} to take the gateways' messages from that broker, or MQTT_BROKER_PORT=0 to run without one.`,
      );
      return 'port_in_use';
    }
    out.error('MQTT broker did not start', err);
    return 'failed';
  }
}
