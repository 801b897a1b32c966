import { type SQL, sql } from 'drizzle-orm';
import type { Permission } from '../../../domain/access/roles.ts';
import type { Db } from '../../db/client.ts';
import { deferToCommit } from '../../db/commit-fusion.ts';
import { type Actor, can, regionPathInScope } from '../access.ts';
import { eventFailuresTable, outboxTable } from './events.table.ts';

/** An event as handlers and the live feed see it. */
export type DomainEvent = {
  id: number;
  txId: string;
  type: string;
  subject: { type: string; id: string | null };
  regionId: string | null;
  regionPath: string | null;
  payload: Record<string, unknown>;
  at: string;
};

export type EventInput = {
  /** `noun.verb` in the past tense: `hazard.created`, `hazard.escalated`, `alarm.raised`. */
  type: string;
  subject: { type: string; id?: string | null };
  /** The subject's region, so the live feed reaches only those whose scope covers it. */
  regionId?: string | null;
  /** What a listener needs to act; for the live feed keep it to ids, numbers and states. */
  payload?: Record<string, unknown>;
};

/**
 * Writes an event to the outbox inside the caller's transaction: it exists only if the change it
 * describes commits, and is dispatched only after that (platform/events).
 */
export async function publishEvent(tx: Db, input: EventInput): Promise<void> {
  const regionId = input.regionId ?? null;
  await tx.insert(outboxTable).values({
    type: input.type,
    subjectType: input.subject.type,
    subjectId: input.subject.id ?? null,
    regionId,
    // By table name: the platform imports no module (the region tree belongs to organisation).
    regionPath: regionId ? sql`(select path from regions where id = ${regionId})` : null,
    payload: input.payload ?? {},
  });
  // Wakes every instance's dispatcher at commit (NOTIFY is delivered only if the transaction commits), sent
  // with the COMMIT where the transaction allows it.
  if (!deferToCommit(tx, () => `select pg_notify('${OUTBOX_CHANNEL}', '')`))
    await tx.execute(sql`select pg_notify(${OUTBOX_CHANNEL}, '')`);
}

/**
 * Writes several events to the outbox with one statement (a batch of machine rows' events: a stream's
 * `afterInsert`), in the caller's transaction, announced once at commit. On PostgreSQL the INSERT is
 * deferred to the commit and sent in the COMMIT's round trip (server/db/commit-fusion.ts), as the audit
 * entry is: it still runs inside the transaction. Elsewhere (PGlite, a savepoint) it runs at once.
 */
export async function publishEvents(tx: Db, inputs: readonly EventInput[]): Promise<void> {
  if (inputs.length === 0) return;
  const deferred = deferToCommit(tx, (lit) => {
    const values = inputs.map((input) => {
      const regionId = lit(input.regionId ?? null);
      return `(${lit(input.type)}, ${lit(input.subject.type)}, ${lit(input.subject.id ?? null)}, ${regionId}::uuid,
        (select path from regions where id = ${regionId}::uuid), ${lit(JSON.stringify(input.payload ?? {}))}::jsonb)`;
    });
    return `insert into outbox (type, subject_type, subject_id, region_id, region_path, payload) values ${values.join(', ')};
      select pg_notify('${OUTBOX_CHANNEL}', '')`;
  });
  if (deferred) return;
  await tx.insert(outboxTable).values(
    inputs.map((input) => {
      const regionId = input.regionId ?? null;
      return {
        type: input.type,
        subjectType: input.subject.type,
        subjectId: input.subject.id ?? null,
        regionId,
        regionPath: regionId ? sql`(select path from regions where id = ${regionId})` : null,
        payload: input.payload ?? {},
      };
    }),
  );
  await tx.execute(sql`select pg_notify(${OUTBOX_CHANNEL}, '')`);
}

/** The channel a committed event is announced on (platform/events wakes on it instead of waiting for its poll). */
export const OUTBOX_CHANNEL = 'ranan_outbox';

export type EventHandler = (event: DomainEvent, ctx: { tx: Db }) => Promise<void>;

/**
 * Who may see events of a type on the live feed: the permission, and either the event's region
 * path within the actor's scope for it (the default) or the module's own check of the subjects
 * (`visible` returns the ids of the events the actor may see, e.g. by the module's read scope).
 */
export type EventVisibility = {
  permission: Permission;
  visible?: (db: Db, actor: Actor, events: DomainEvent[]) => Promise<Set<number>>;
};

type Row = {
  id: number | string;
  tx_id: string;
  type: string;
  subject_type: string;
  subject_id: string | null;
  region_id: string | null;
  region_path: string | null;
  payload: Record<string, unknown>;
  created_at: Date | string;
};

const toEvent = (r: Row): DomainEvent => ({
  id: Number(r.id),
  txId: String(r.tx_id),
  type: r.type,
  subject: { type: r.subject_type, id: r.subject_id },
  regionId: r.region_id,
  regionPath: r.region_path,
  payload: r.payload,
  at: new Date(r.created_at).toISOString(),
});

type Position = { txId: string; id: number };

/**
 * Events after a position, in commit-safe order: only those of transactions older than every
 * transaction still running (`pg_snapshot_xmin`), ordered by (writing transaction, id). An event
 * whose transaction commits later always sorts after everything read before it, so a cursor never
 * skips one (ids alone would: a lower id can commit after a higher one).
 */
function selectAfter(after: Position, limit: number, upTo?: Position): SQL {
  return sql`select id, tx_id::text as tx_id, type, subject_type, subject_id, region_id, region_path, payload, created_at
    from outbox
    where (tx_id, id) > (${after.txId}::xid8, ${after.id}::bigint)
      and tx_id < pg_snapshot_xmin(pg_current_snapshot())
      ${upTo ? sql`and (tx_id, id) <= (${upTo.txId}::xid8, ${upTo.id}::bigint)` : sql``}
    order by tx_id, id
    limit ${limit}`;
}

async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

export type Events = ReturnType<typeof createEvents>;
type LiveListener = (events: DomainEvent[]) => void;

/**
 * The dispatcher of one server instance:
 * - in-process handlers that modules register (`on`) get each event once across instances: one
 *   instance at a time holds the `handlers` cursor row (`for update skip locked`), runs the handlers
 *   in the same transaction as the cursor's advance (each in a savepoint: a handler that throws is
 *   rolled back and recorded in event_failures, the others keep their changes) — so a handler's
 *   changes and "this event was handled" commit together;
 * - the live feed: every instance tails the outbox for its own browser connections (`subscribe`).
 * Both run when an event is announced (`listen`: NOTIFY on `ranan_outbox`, sent by `publishEvent` at commit,
 * which reaches every instance listening on the database), and otherwise every `pollMs` (default 300 ms; a
 * missed notification costs at most that).
 */
export function createEvents({
  db,
  log = (msg, err) => (err ? console.error(msg, err) : console.info(msg)),
  pollMs = 300,
  listen,
}: {
  db: Db;
  log?: (message: string, err?: unknown) => void;
  pollMs?: number;
  /** The database's LISTEN (`Database.listen`): without it the dispatcher only polls. */
  listen?: (channel: string, onNotify: () => void) => Promise<() => Promise<void>>;
}) {
  const handlers: { name: string; types: string[]; handle: EventHandler }[] = [];
  const visibility = new Map<string, EventVisibility>();
  const listeners = new Set<LiveListener>();
  let live: Position | null = null;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = true;
  let unlisten: (() => Promise<void>) | null = null;

  const matches = (patterns: string[], type: string) =>
    patterns.some((p) => p === '*' || p === type || (p.endsWith('.*') && type.startsWith(p.slice(0, -1))));

  /** Runs the handlers over the next events; returns how many events were handled (0: none, or another instance holds the cursor). */
  async function dispatchHandlers(batch = 100): Promise<number> {
    if (handlers.length === 0) return 0;
    return db.transaction(async (tx) => {
      await tx.execute(
        sql`insert into event_cursors (name, tx_id, event_id) values ('handlers', '0'::xid8, 0) on conflict do nothing`,
      );
      const [cursor] = await rows<{ tx_id: string; event_id: number | string }>(
        tx,
        sql`select tx_id::text as tx_id, event_id from event_cursors where name = 'handlers' for update skip locked`,
      );
      if (!cursor) return 0;
      const events = (await rows<Row>(tx, selectAfter({ txId: cursor.tx_id, id: Number(cursor.event_id) }, batch))).map(
        toEvent,
      );
      for (const event of events) {
        for (const h of handlers) {
          if (!matches(h.types, event.type)) continue;
          try {
            await tx.transaction((sp) => h.handle(event, { tx: sp }));
          } catch (err) {
            log(`event handler ${h.name} failed on event ${event.id} (${event.type})`, err);
            await tx.insert(eventFailuresTable).values({
              eventId: event.id,
              handler: h.name,
              error: err instanceof Error ? err.message : String(err),
            });
          }
        }
      }
      const last = events.at(-1);
      if (last)
        await tx.execute(
          sql`update event_cursors set tx_id = ${last.txId}::xid8, event_id = ${last.id}, updated_at = now() where name = 'handlers'`,
        );
      return events.length;
    });
  }

  /** The newest commit-safe position (where a fresh live tail starts). */
  async function head(): Promise<Position> {
    const [r] = await rows<{ tx_id: string; id: number | string }>(
      db,
      sql`select tx_id::text as tx_id, id from outbox where tx_id < pg_snapshot_xmin(pg_current_snapshot())
        order by tx_id desc, id desc limit 1`,
    );
    return r ? { txId: r.tx_id, id: Number(r.id) } : { txId: '0', id: 0 };
  }

  /** Reads new events for the live feed and hands them to the connections of this instance. */
  async function tailLive() {
    if (listeners.size === 0) {
      live = null;
      return;
    }
    live ??= await head();
    for (;;) {
      const events: DomainEvent[] = (await rows<Row>(db, selectAfter(live, 500))).map(toEvent);
      if (events.length === 0) return;
      live = { txId: events.at(-1)!.txId, id: events.at(-1)!.id };
      for (const l of listeners) l(events);
      if (events.length < 500) return;
    }
  }

  async function pass() {
    try {
      while ((await dispatchHandlers()) > 0 && !stopped) {}
      await tailLive();
    } catch (err) {
      log('event dispatch failed', err);
    }
  }

  function runOnce(): Promise<void> {
    running ??= pass().finally(() => {
      running = null;
    });
    return running;
  }

  /** A notification: run a pass now, or once more after the running one (its reads may predate the commit). */
  function wake() {
    if (stopped) return;
    if (running) {
      if (again) return;
      again = true;
      void running.then(() => {
        again = false;
        if (!stopped) void runOnce();
      });
      return;
    }
    void runOnce();
  }

  function loop() {
    if (stopped) return;
    void runOnce().then(() => {
      if (stopped) return;
      timer = setTimeout(loop, pollMs);
      timer.unref();
    });
  }

  return {
    /** Registers a handler (modules call this from their index.ts registration function). `types`: exact or `noun.*`. */
    on(name: string, types: string[], handle: EventHandler) {
      if (handlers.some((h) => h.name === name)) throw new Error(`Event handler registered twice: ${name}`);
      handlers.push({ name, types, handle });
    },
    /** Declares who may see events of the types starting with `prefix` (e.g. `hazard.`) on the live feed. */
    defineVisibility(prefix: string, rule: EventVisibility) {
      visibility.set(prefix, rule);
    },
    /** The events among these that the actor may see; an event type nobody declared is shown to no one. */
    async visibleTo(actor: Actor, events: DomainEvent[]): Promise<DomainEvent[]> {
      const byRule = new Map<EventVisibility, DomainEvent[]>();
      for (const e of events) {
        const prefix = [...visibility.keys()].find((p) => e.type.startsWith(p));
        if (!prefix) continue;
        const rule = visibility.get(prefix)!;
        if (!can(actor, rule.permission)) continue;
        byRule.set(rule, [...(byRule.get(rule) ?? []), e]);
      }
      const shown = new Set<number>();
      for (const [rule, list] of byRule) {
        if (rule.visible) for (const id of await rule.visible(db, actor, list)) shown.add(id);
        else
          for (const e of list)
            if (e.regionPath && regionPathInScope(actor, rule.permission, e.regionPath)) shown.add(e.id);
      }
      return events.filter((e) => shown.has(e.id));
    },
    /** Live events of this instance, in order, from now on. Returns the unsubscribe function. */
    subscribe(listener: LiveListener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** The live tail's position (where a resuming connection's replay stops). */
    async position(): Promise<Position> {
      live ??= await head();
      return live;
    },
    /**
     * Events after the one with this id, up to `upTo`, at most `limit`: a connection resuming from
     * its Last-Event-ID. Null when that event is unknown (the client should reload what it shows).
     */
    async replay(lastEventId: number, upTo: Position, limit = 1000): Promise<DomainEvent[] | null> {
      const [from] = await rows<{ tx_id: string }>(
        db,
        sql`select tx_id::text as tx_id from outbox where id = ${lastEventId}`,
      );
      if (!from) return null;
      return (await rows<Row>(db, selectAfter({ txId: from.tx_id, id: lastEventId }, limit, upTo))).map(toEvent);
    },
    /** One pass now: handlers, then the live tail (tests; the loop calls it every pollMs). */
    tick: runOnce,
    start() {
      if (!stopped) return;
      stopped = false;
      loop();
      if (listen)
        void listen(OUTBOX_CHANNEL, wake).then(
          (off) => {
            if (stopped) void off();
            else unlisten = off;
          },
          (err: unknown) => log('events: LISTEN failed; dispatching by polling only', err),
        );
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await unlisten?.();
      unlisten = null;
      await running;
    },
  };
}
