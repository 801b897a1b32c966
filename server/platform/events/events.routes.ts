import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../route-types.ts';
import type { DomainEvent, Events } from './events.ts';

const HEARTBEAT_MS = 15_000;
/** A connection ends after this long; the browser reconnects with Last-Event-ID and its grants are read again. */
const MAX_CONNECTION_MS = 10 * 60_000;

const after = (e: DomainEvent, pos: { txId: string; id: number } | null) =>
  !pos || BigInt(e.txId) > BigInt(pos.txId) || (e.txId === pos.txId && e.id > pos.id);

/**
 * GET /api/v1/events/stream: the live feed (server-sent events) of the events the signed-in user
 * may see, each as an unnamed message (so EventSource's `onmessage` gets them all) whose data is
 * `{ id, type, subject, regionId, payload, at }`. Resumes after `Last-Event-ID` (the header
 * EventSource sends on reconnection, or the `lastEventId` query); an unknown or too old id gets
 * `{ "type": "reset" }` (reload what is shown).
 * A comment line every 15 s keeps proxies from closing an idle stream.
 */
export const eventsRoutes: FastifyPluginAsyncZod<{ events: Events }> = async (app, { events }) => {
  const open = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const end of open) end();
  });

  app.get(
    '/api/v1/events/stream',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['events'],
        summary: 'Live events (text/event-stream)',
        querystring: z.strictObject({
          lastEventId: z
            .string()
            .regex(/^\d{1,18}$/)
            .optional(),
        }),
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const header = req.headers['last-event-id'];
      const lastId =
        (typeof header === 'string' && /^\d{1,18}$/.test(header) ? header : null) ?? req.query.lastEventId ?? null;

      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-request-id': String(req.id),
      });
      res.write('retry: 3000\n\n');

      let sentUpTo: { txId: string; id: number } | null = null;
      let replaying = true;
      const buffered: DomainEvent[][] = [];
      let chain = Promise.resolve();
      const send = async (list: DomainEvent[]) => {
        const fresh = list.filter((e) => after(e, sentUpTo));
        if (fresh.length === 0) return;
        sentUpTo = { txId: fresh.at(-1)!.txId, id: fresh.at(-1)!.id };
        for (const e of await events.visibleTo(actor, fresh)) {
          const data = {
            id: e.id,
            type: e.type,
            subject: e.subject,
            regionId: e.regionId,
            payload: e.payload,
            at: e.at,
          };
          res.write(`id: ${e.id}\ndata: ${JSON.stringify(data)}\n\n`);
        }
      };
      // Deliveries are chained so the connection sees events in order even while a scope check runs.
      const deliver = (list: DomainEvent[]) => {
        if (replaying) buffered.push(list);
        else
          chain = chain.then(() => send(list)).catch((err: unknown) => req.log.error({ err }, 'live event not sent'));
      };
      const unsubscribe = events.subscribe(deliver);
      const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
      const end = () => {
        clearInterval(heartbeat);
        clearTimeout(limit);
        unsubscribe();
        open.delete(end);
        res.end();
      };
      const limit = setTimeout(end, MAX_CONNECTION_MS);
      open.add(end);
      req.raw.on('close', end);

      try {
        const upTo = await events.position();
        sentUpTo = upTo;
        if (lastId !== null) {
          const missed = await events.replay(Number(lastId), upTo);
          if (missed === null || missed.length >= 1000) res.write('data: {"type":"reset"}\n\n');
          else {
            sentUpTo = null;
            await send(missed);
            sentUpTo = upTo;
          }
        }
        replaying = false;
        for (const list of buffered.splice(0)) deliver(list);
      } catch (err) {
        req.log.error({ err }, 'live feed failed');
        end();
      }
    },
  );
};
