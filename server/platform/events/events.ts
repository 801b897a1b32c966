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

/** Events the handlers' pass steps over at most at once; fewer, all of types no handler takes, wait for the next pass. */
const SKIP_AHEAD = 1_000;

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
 * The transaction id below which every transaction that may have written to this database's outbox has ended:
 * the oldest transaction still running at the statement's snapshot, leaving out those that pg_stat_activity shows
 * running in another database of the same server (they never write this outbox; a long transaction there would
 * otherwise hold every event here back). An unknown running transaction (another role's, whose xid is hidden, or
 * one begun after pg_stat_activity was read) counts as this database's: the bound only errs on the safe side.
 * Without running transactions: the snapshot's xmax.
 */
const SETTLED = sql`(select coalesce(min(x), pg_snapshot_xmax(pg_current_snapshot()))
  from pg_snapshot_xip(pg_current_snapshot()) x
  where (x::text::bigint % 4294967296) not in (select backend_xid::text::bigint from pg_stat_activity
    where backend_xid is not null and datname is distinct from current_database()))`;

const afterPosition = (e: DomainEvent, pos: Position) =>
  BigInt(e.txId) > BigInt(pos.txId) || (e.txId === pos.txId && e.id > pos.id);

/**
 * Events after a position, in commit-safe order: only those of transactions older than every
 * transaction still running (`SETTLED`), ordered by (writing transaction, id). An event
 * whose transaction commits later always sorts after everything read before it, so a cursor never
 * skips one (ids alone would: a lower id can commit after a higher one).
 */
function selectAfter(after: Position, limit: number, upTo?: Position): SQL {
  return sql`select id, tx_id::text as tx_id, type, subject_type, subject_id, region_id, region_path, payload, created_at
    from outbox
    where (tx_id, id) > (${after.txId}::xid8, ${after.id}::bigint)
      and tx_id < ${SETTLED}
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
 * Another way for live events to reach every instance (NATS: events.nats.ts). With one, a single
 * instance at a time (the holder of the `live-relay` cursor row) reads the committed events from the
 * outbox and `publish`es them; every instance receives them through `subscribe` and feeds its own
 * browser connections, instead of each instance tailing the outbox itself.
 */
export type LiveTransport = {
  /** Hands events, in order, to every instance; resolves once the transport has taken them. */
  publish(events: DomainEvent[]): Promise<void>;
  /**
   * Starts receiving; `deliver` gets what any instance published, `reconnected` is called after the
   * connection was lost and is back (what was published meanwhile is read from the outbox). Returns the stop function.
   */
  subscribe(deliver: (events: DomainEvent[]) => void, reconnected: () => void): Promise<() => Promise<void>>;
};

/**
 * The dispatcher of one server instance:
 * - in-process handlers that modules register (`on`) get each event once across instances: one
 *   instance at a time holds the `handlers` cursor (a transaction-level advisory lock), runs the handlers
 *   in the same transaction as the cursor's advance (each in a savepoint: a handler that throws is
 *   rolled back and recorded in event_failures, the others keep their changes) — so a handler's
 *   changes and "this event was handled" commit together;
 * - the live feed: every instance tails the outbox for its own browser connections (`subscribe`).
 * The two run apart (each one run at a time), so the live feed never waits for the handlers.
 * Both run when an event is announced (`listen`: NOTIFY on `ranan_outbox`, sent by `publishEvent` at commit,
 * which reaches every instance listening on the database), and otherwise every `pollMs` (default 300 ms; a
 * missed notification costs at most that).
 * With a `transport` (NATS_URL), the live feed is relayed instead: one instance at a time moves the
 * committed events from the outbox to the transport, and every instance feeds its connections from it.
 */
export function createEvents({
  db,
  log = (msg, err) => (err ? console.error(msg, err) : console.info(msg)),
  pollMs = 300,
  wakeGapMs = 50,
  listen,
  transport,
}: {
  db: Db;
  log?: (message: string, err?: unknown) => void;
  pollMs?: number;
  /**
   * A NOTIFY runs a pass at once unless one began less than this long ago (ms; default 50); then one pass
   * runs when that much has passed. Under a stream of commits (positions: one per batch, ~70 a second) each
   * commit woke both runners, a read or more each per commit (the events' share: about a third of
   * PostgreSQL's CPU for positions, bench/README.md); a pass reads every event committed before it, so the gap costs a live
   * event at most this much and saves the reads of the commits in between.
   */
  wakeGapMs?: number;
  /** The database's LISTEN (`Database.listen`): without it the dispatcher only polls. */
  listen?: (channel: string, onNotify: () => void) => Promise<() => Promise<void>>;
  /** Live events through this transport (NATS) rather than each instance tailing the outbox. */
  transport?: LiveTransport;
}) {
  const handlers: { name: string; types: string[]; handle: EventHandler }[] = [];
  const visibility = new Map<string, EventVisibility>();
  const listeners = new Set<LiveListener>();
  let live: Position | null = null;
  let stopped = true;
  let unlisten: (() => Promise<void>) | null = null;
  let unsubscribeTransport: (() => Promise<void>) | null = null;
  /** While the outbox is read after a reconnection, what the transport brings waits here (order). */
  let catchingUp: DomainEvent[][] | null = null;

  const matches = (patterns: string[], type: string) =>
    patterns.some((p) => p === '*' || p === type || (p.endsWith('.*') && type.startsWith(p.slice(0, -1))));

  /**
   * Whether the handlers have anything to do: an event after their cursor of a type some handler takes, or
   * SKIP_AHEAD events of other types to step over. One read, outside any transaction: most commits publish
   * events no handler takes (a batch of positions: the live map's), and a handlers' pass is a transaction
   * that writes its cursor — per commit, it cost more round trips than the batch itself (profiled,
   * bench/README.md "Vehicle positions"). The cursor is read without its lock: a stale one only says yes.
   */
  async function handlersDue(): Promise<boolean> {
    const types = [...new Set(handlers.flatMap((h) => h.types))];
    if (types.includes('*')) return true;
    // `matches` in SQL: a type named, or a `noun.*` prefix.
    const taken = sql.join(
      types.map((t) => (t.endsWith('.*') ? sql`starts_with(type, ${t.slice(0, -1)})` : sql`type = ${t}`)),
      sql` or `,
    );
    // The first SKIP_AHEAD events after the cursor: is one of them taken by a handler, or are there that many?
    // Settled or not (SETTLED reads pg_stat_activity, the costliest part of a read): an event not yet settled only
    // says yes early, and the pass itself reads settled events only.
    const [r] = await rows<{ due: boolean | null; pending: number }>(
      db,
      sql`with next as (
          select type from outbox
          where (tx_id, id) > (coalesce((select tx_id from event_cursors where name = 'handlers'), '0'::xid8),
              coalesce((select event_id from event_cursors where name = 'handlers'), 0))
          order by tx_id, id limit ${SKIP_AHEAD}
        ) select bool_or(${taken}) as due, count(*)::int as pending from next`,
    );
    return Boolean(r?.due) || (r?.pending ?? 0) >= SKIP_AHEAD;
  }

  /** Runs the handlers over the next events; returns how many events were handled (0: none, or another instance holds the cursor). */
  async function dispatchHandlers(batch = 100): Promise<number> {
    if (handlers.length === 0) return 0;
    if (!(await handlersDue())) return 0;
    return db.transaction(async (tx) => {
      // One instance at a time, by a transaction-level advisory lock rather than a row lock: locking the
      // row would give this transaction an id at once, and while it runs every event committed after it
      // began would be held back from the live feed (SETTLED). The cursor row is read after the lock is
      // taken, so it shows the previous holder's committed advance.
      const [held] = await rows<{ held: boolean; tx_id: string | null; event_id: number | string | null }>(
        tx,
        sql`select l.held, c.tx_id::text as tx_id, c.event_id
          from (select pg_try_advisory_xact_lock(hashtext('events.handlers')) as held) l
          left join event_cursors c on l.held and c.name = 'handlers'`,
      );
      if (!held?.held) return 0;
      const cursor = { tx_id: held.tx_id ?? '0', event_id: held.event_id ?? 0 };
      // Up to SKIP_AHEAD events, of which the handlers take at most `batch` in this transaction.
      const read = (
        await rows<Row>(tx, selectAfter({ txId: cursor.tx_id, id: Number(cursor.event_id) }, SKIP_AHEAD))
      ).map(toEvent);
      let taken = 0;
      let end = read.length;
      for (let i = 0; i < read.length; i++)
        if (handlers.some((h) => matches(h.types, read[i]!.type)) && ++taken === batch) {
          end = i + 1;
          break;
        }
      const events = read.slice(0, end);
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
          sql`insert into event_cursors (name, tx_id, event_id) values ('handlers', ${last.txId}::xid8, ${last.id})
            on conflict (name) do update set tx_id = excluded.tx_id, event_id = excluded.event_id, updated_at = now()`,
        );
      return events.length;
    });
  }

  /** The newest commit-safe position (where a fresh live tail starts). */
  async function head(): Promise<Position> {
    const [r] = await rows<{ tx_id: string; id: number | string }>(
      db,
      sql`select tx_id::text as tx_id, id from outbox where tx_id < ${SETTLED}
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

  /**
   * The relay (with a transport): the instance holding the `live-relay` cursor row publishes the committed
   * events after it, in order, and moves the cursor in the same transaction (an event is published again only
   * if that commit fails; connections drop what they already have). The cursor starts at the outbox's head.
   */
  async function relay(t: LiveTransport) {
    for (;;) {
      const n = await db.transaction(async (tx) => {
        await tx.execute(
          sql`insert into event_cursors (name, tx_id, event_id)
            select 'live-relay', coalesce(h.tx_id, '0'::xid8), coalesce(h.id, 0)
            from (select 1) one left join lateral (
              select tx_id, id from outbox where tx_id < ${SETTLED}
              order by tx_id desc, id desc limit 1) h on true
            where not exists (select 1 from event_cursors where name = 'live-relay')
            on conflict do nothing`,
        );
        const [cursor] = await rows<{ tx_id: string; event_id: number | string }>(
          tx,
          sql`select tx_id::text as tx_id, event_id from event_cursors where name = 'live-relay' for update skip locked`,
        );
        if (!cursor) return 0;
        const events = (await rows<Row>(tx, selectAfter({ txId: cursor.tx_id, id: Number(cursor.event_id) }, 500))).map(
          toEvent,
        );
        const last = events.at(-1);
        if (!last) return 0;
        await t.publish(events);
        await tx.execute(
          sql`update event_cursors set tx_id = ${last.txId}::xid8, event_id = ${last.id}, updated_at = now() where name = 'live-relay'`,
        );
        return events.length;
      });
      if (n < 500 || stopped) return;
    }
  }

  /** Events from the transport: handed to this instance's connections, those not already handed skipped. */
  function received(events: DomainEvent[]) {
    if (catchingUp) {
      catchingUp.push(events);
      return;
    }
    const fresh = live ? events.filter((e) => afterPosition(e, live!)) : events;
    if (fresh.length === 0) return;
    live = { txId: fresh.at(-1)!.txId, id: fresh.at(-1)!.id };
    for (const l of listeners) l(fresh);
  }

  /** Back from a lost transport connection: what was published meanwhile is read from the outbox, then the rest. */
  async function catchUp() {
    if (catchingUp) return;
    catchingUp = [];
    try {
      if (live) await tailLive();
    } catch (err) {
      log('events: reading the outbox after a reconnection failed', err);
    } finally {
      const held = catchingUp;
      catchingUp = null;
      for (const list of held) received(list);
    }
  }

  /**
   * A task run on demand, one run at a time: a wake during a run asks for one more run after it (its reads
   * may predate the commit that woke it), and every `pollMs` it runs anyway (a missed notification).
   */
  function runner(name: string, work: () => Promise<void>) {
    let running: Promise<void> | null = null;
    let again = false;
    let timer: NodeJS.Timeout | undefined;
    let lastStart = Number.NEGATIVE_INFINITY;
    let deferred: NodeJS.Timeout | undefined;
    const run = (): Promise<void> => {
      if (!running) lastStart = performance.now();
      running ??= work()
        .catch((err: unknown) => log(`event dispatch failed (${name})`, err))
        .finally(() => {
          running = null;
        });
      return running;
    };
    /** A run for a wake: at once, or once wakeGapMs have passed since the last run began (one pending at most). */
    const soon = () => {
      const wait = lastStart + wakeGapMs - performance.now();
      if (wait <= 0) {
        void run();
        return;
      }
      deferred ??= setTimeout(() => {
        deferred = undefined;
        if (!stopped) void run();
      }, wait);
    };
    return {
      run,
      wake() {
        if (stopped) return;
        if (!running) {
          soon();
          return;
        }
        if (again) return;
        again = true;
        void running.then(() => {
          again = false;
          if (!stopped) soon();
        });
      },
      loop() {
        const next = () => {
          if (stopped) return;
          void run().then(() => {
            if (stopped) return;
            timer = setTimeout(next, pollMs);
            timer.unref();
          });
        };
        next();
      },
      async stop() {
        if (timer) clearTimeout(timer);
        if (deferred) clearTimeout(deferred);
        deferred = undefined;
        await running;
      },
    };
  }

  // The handlers and the live feed run apart: a slow handler (or a long backlog) never holds back the live
  // feed, which only waits for the commits it shows.
  const handlerRuns = runner('handlers', async () => {
    while ((await dispatchHandlers()) > 0 && !stopped) {}
  });
  const liveRuns = runner('live', () => (transport ? relay(transport) : tailLive()));

  function wake() {
    handlerRuns.wake();
    liveRuns.wake();
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
    /** One pass now: handlers, then the live tail (tests; each also runs every pollMs and on NOTIFY). */
    async tick() {
      await handlerRuns.run();
      await liveRuns.run();
    },
    start() {
      if (!stopped) return;
      stopped = false;
      if (transport)
        void transport
          .subscribe(received, () => void catchUp())
          .then(
            (off) => {
              if (stopped) void off();
              else unsubscribeTransport = off;
            },
            (err: unknown) => log('events: the live transport did not subscribe', err),
          );
      handlerRuns.loop();
      liveRuns.loop();
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
      await unlisten?.();
      unlisten = null;
      await unsubscribeTransport?.();
      unsubscribeTransport = null;
      await Promise.all([handlerRuns.stop(), liveRuns.stop()]);
    },
  };
}
