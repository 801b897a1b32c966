import { randomUUID } from 'node:crypto';
import { and, eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { jobRunsTable } from './jobs.table.ts';

const t = jobRunsTable;

/** A periodic schedule: every `everyMs`, at `offsetMs` past each multiple of it counted from the Unix epoch (UTC). */
export type JobSchedule = { everyMs: number; offsetMs?: number };

/** Once a day at hh:mm in a fixed UTC offset (China: +8, no daylight saving). */
export function dailyAt(hour: number, minute: number, utcOffsetHours = 8): JobSchedule {
  const offsetMs = ((hour - utcOffsetHours) * 3_600_000 + minute * 60_000 + 86_400_000) % 86_400_000;
  return { everyMs: 86_400_000, offsetMs };
}

/** The latest slot of the schedule at or before `now`. */
export function currentSlot(schedule: JobSchedule, now: Date): Date {
  const offset = schedule.offsetMs ?? 0;
  return new Date(Math.floor((now.getTime() - offset) / schedule.everyMs) * schedule.everyMs + offset);
}

export type JobContext = {
  db: Db;
  /** The slot (periodic job) or the requested time (delayed job) this run is for. */
  scheduledFor: Date;
  payload: unknown;
  /** 1 for the first attempt. */
  attempt: number;
};

export type JobDefinition = {
  /** `module.job`, e.g. `hazards.escalation`. */
  name: string;
  /** Periodic jobs have a schedule; jobs without one run only when enqueued. */
  schedule?: JobSchedule;
  /** Attempts before the run is recorded as failed (default 3). */
  maxAttempts?: number;
  /** Delay before the next attempt after a failure (default 30 s × 2^(attempt−1)). */
  retryDelayMs?: (attempt: number) => number;
  /** How long an attempt may run before another instance takes it as abandoned (default 10 min). */
  leaseMs?: number;
  /** Does the work; what it returns is kept with the run. Must tolerate running again after a crash. */
  run(ctx: JobContext): Promise<Record<string, unknown> | undefined>;
};

export type JobLog = (message: string, err?: unknown) => void;

export type JobRunner = ReturnType<typeof createJobRunner>;

/**
 * The platform's jobs. Every instance runs a runner over the same database; the `job_runs` table is
 * both the queue and the record of each run:
 * - a periodic job's slot is inserted with `on conflict (job, key) do nothing`, so it exists once;
 * - an instance takes a due run with one conditional `update … where id = (select … for update skip
 *   locked)`, so exactly one instance runs an attempt; a failure schedules a retry with back-off
 *   until `maxAttempts`; an attempt whose process died is taken again when its lease runs out.
 * This needs no leader, no extra schema and no package, and works the same on PGlite (one process)
 * and PostgreSQL (several instances). See docs/ARCHITECTURE.md, "Platform: events, jobs, ingest".
 */
export function createJobRunner({
  db,
  log = (msg, err) => (err ? console.error(msg, err) : console.info(msg)),
  pollMs = 5_000,
  now = () => new Date(),
}: {
  db: Db;
  log?: JobLog;
  pollMs?: number;
  /** The clock (tests move it). */
  now?: () => Date;
}) {
  const jobs = new Map<string, JobDefinition>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | null = null;
  let stopped = true;

  function define(def: JobDefinition) {
    if (jobs.has(def.name)) throw new Error(`Job defined twice: ${def.name}`);
    if (def.schedule && !(def.schedule.everyMs > 0)) throw new Error(`Job ${def.name}: everyMs must be positive`);
    jobs.set(def.name, def);
  }

  /** Inserts the current slot of every periodic job (once across instances). */
  async function scheduleSlots(at: Date) {
    for (const def of jobs.values()) {
      if (!def.schedule) continue;
      const slot = currentSlot(def.schedule, at);
      await db
        .insert(t)
        .values({
          job: def.name,
          key: slot.toISOString(),
          scheduledFor: slot,
          runAfter: slot,
          maxAttempts: def.maxAttempts ?? 3,
        })
        .onConflictDoNothing();
    }
  }

  async function claim(def: JobDefinition, at: Date) {
    const due = sql`${t.job} = ${def.name} and ${t.attempts} < ${t.maxAttempts} and (
      (${t.status} = 'pending' and ${t.runAfter} <= ${at}) or (${t.status} = 'running' and ${t.lockedUntil} < ${at}))`;
    const [run] = await db
      .update(t)
      .set({
        status: 'running',
        attempts: sql`${t.attempts} + 1`,
        startedAt: at,
        finishedAt: null,
        lockedUntil: new Date(at.getTime() + (def.leaseMs ?? 600_000)),
      })
      .where(
        and(
          sql`${t.id} = (select ${t.id} from ${t} where ${due} order by ${t.runAfter}, ${t.id} limit 1 for update skip locked)`,
          due,
        ),
      )
      .returning();
    return run;
  }

  async function execute(def: JobDefinition, run: typeof t.$inferSelect) {
    const mine = and(eq(t.id, run.id), eq(t.attempts, run.attempts), eq(t.status, 'running'));
    try {
      const result = await def.run({
        db,
        scheduledFor: run.scheduledFor,
        payload: run.payload,
        attempt: run.attempts,
      });
      await db
        .update(t)
        .set({ status: 'succeeded', finishedAt: now(), lockedUntil: null, error: null, result: result ?? null })
        .where(mine);
      log(
        `job ${def.name} ${run.key} succeeded (attempt ${run.attempts})${result ? ` ${JSON.stringify(result)}` : ''}`,
      );
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const last = run.attempts >= run.maxAttempts;
      const delay = def.retryDelayMs ? def.retryDelayMs(run.attempts) : 30_000 * 2 ** (run.attempts - 1);
      await db
        .update(t)
        .set(
          last
            ? { status: 'failed', finishedAt: now(), lockedUntil: null, error: message }
            : { status: 'pending', lockedUntil: null, error: message, runAfter: new Date(now().getTime() + delay) },
        )
        .where(mine);
      log(`job ${def.name} ${run.key} attempt ${run.attempts} failed${last ? ' (giving up)' : ''}`, err);
    }
  }

  /** One pass: schedules the current slots, then runs every due attempt. Returns how many ran. */
  async function tick(): Promise<number> {
    const at = now();
    await scheduleSlots(at);
    // An abandoned attempt with no attempts left is recorded as failed.
    await db
      .update(t)
      .set({ status: 'failed', finishedAt: at, lockedUntil: null, error: 'abandoned (lease expired)' })
      .where(and(eq(t.status, 'running'), lt(t.lockedUntil, at), sql`${t.attempts} >= ${t.maxAttempts}`));
    let ran = 0;
    for (const def of jobs.values()) {
      for (;;) {
        const run = await claim(def, at);
        if (!run) break;
        await execute(def, run);
        ran++;
      }
    }
    return ran;
  }

  /** Runs one pass unless one is already under way (then waits for it). */
  function runOnce(): Promise<number> {
    if (!running) {
      running = tick()
        .catch((err: unknown) => {
          log('job runner pass failed', err);
          return 0;
        })
        .finally(() => {
          running = null;
        });
    }
    return running;
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
    define,
    /**
     * Enqueues a delayed (or immediate) run of a job, in the caller's transaction so it exists only
     * if the change that asks for it commits. The same `key` twice is one run.
     */
    async enqueue(
      tx: Db,
      name: string,
      { runAt = now(), payload = null, key }: { runAt?: Date; payload?: unknown; key?: string } = {},
    ) {
      const def = jobs.get(name);
      if (!def) throw new Error(`No such job: ${name}`);
      await tx
        .insert(t)
        .values({
          job: name,
          key: key ?? randomUUID(),
          scheduledFor: runAt,
          runAfter: runAt,
          payload,
          maxAttempts: def.maxAttempts ?? 3,
        })
        .onConflictDoNothing();
    },
    tick: runOnce,
    start() {
      if (!stopped) return;
      stopped = false;
      loop();
    },
    /** Stops polling and waits for the attempt under way. */
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
