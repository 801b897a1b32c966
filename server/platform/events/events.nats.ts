import { Events as NatsEvents, type NatsConnection } from 'nats';
import type { DomainEvent, LiveTransport } from './events.ts';

/** Events per NATS message: well under the server's default 1 MB payload for the live feed's small payloads. */
const PER_MESSAGE = 100;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * The live feed over NATS (NATS_URL): the relaying instance publishes the outbox's committed events on
 * `<prefix>.events` (plain NATS: a live feed needs no persistence, the outbox is the record), every instance
 * subscribes and feeds its own browser connections. After a lost connection is back, the dispatcher reads
 * what it missed from the outbox (`reconnected`).
 */
export function natsLiveTransport(nc: NatsConnection, prefix: string): LiveTransport {
  const subject = `${prefix}.events`;
  return {
    async publish(events: DomainEvent[]) {
      for (let i = 0; i < events.length; i += PER_MESSAGE)
        nc.publish(subject, encoder.encode(JSON.stringify(events.slice(i, i + PER_MESSAGE))));
      // Resolves once the server has everything published so far (the relay then moves its cursor).
      await nc.flush();
    },
    async subscribe(deliver, reconnected) {
      const sub = nc.subscribe(subject, {
        callback: (err, msg) => {
          if (err) return;
          deliver(JSON.parse(decoder.decode(msg.data)) as DomainEvent[]);
        },
      });
      let watching = true;
      void (async () => {
        for await (const s of nc.status()) {
          if (!watching) return;
          if (s.type === NatsEvents.Reconnect) reconnected();
        }
      })();
      // The subscription is in place at the server once this round trip is done.
      await nc.flush();
      return async () => {
        watching = false;
        if (!nc.isClosed()) sub.unsubscribe();
      };
    },
  };
}
