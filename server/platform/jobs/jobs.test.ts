import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/db.ts';
import type { Database } from '../../db/client.ts';
import { createJobRunner, currentSlot, dailyAt } from './jobs.ts';
import { jobRunsTable } from './jobs.table.ts';

describe('platform jobs', () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.close());

  it('computes slots of a daily schedule in China time', () => {
    const s = dailyAt(0, 5);
    expect(currentSlot(s, new Date('2024-03-17T00:10:00+08:00')).toISOString()).toBe('2024-03-16T16:05:00.000Z');
    expect(currentSlot(s, new Date('2024-03-17T00:04:59+08:00')).toISOString()).toBe('2024-03-15T16:05:00.000Z');
    expect(currentSlot({ everyMs: 60_000 }, new Date('2024-03-17T10:00:59Z')).toISOString()).toBe(
      '2024-03-17T10:00:00.000Z',
    );
  });

  it('retries a failing run with back-off and records every attempt, then gives up', async () => {
    let clock = new Date('2024-05-01T00:00:00Z');
    const logs: string[] = [];
    const jobs = createJobRunner({ db: database.db, now: () => clock, log: (m) => logs.push(m) });
    let calls = 0;
    jobs.define({
      name: 'test.flaky',
      schedule: { everyMs: 3_600_000 },
      maxAttempts: 3,
      retryDelayMs: () => 60_000,
      run: async () => {
        calls++;
        if (calls < 3) throw new Error(`boom ${calls}`);
        return { calls };
      },
    });
    expect(await jobs.tick()).toBe(1);
    const row = async () =>
      (await database.db.select().from(jobRunsTable).where(eq(jobRunsTable.job, 'test.flaky')))[0]!;
    expect(await row()).toMatchObject({ status: 'pending', attempts: 1, error: 'boom 1' });
    // Not before the back-off.
    clock = new Date('2024-05-01T00:00:30Z');
    expect(await jobs.tick()).toBe(0);
    clock = new Date('2024-05-01T00:01:00Z');
    expect(await jobs.tick()).toBe(1);
    expect(await row()).toMatchObject({ status: 'pending', attempts: 2, error: 'boom 2' });
    clock = new Date('2024-05-01T00:02:00Z');
    expect(await jobs.tick()).toBe(1);
    expect(await row()).toMatchObject({ status: 'succeeded', attempts: 3, error: null, result: { calls: 3 } });
    expect(logs.filter((l) => l.includes('failed'))).toHaveLength(2);

    let failures = 0;
    jobs.define({
      name: 'test.broken',
      maxAttempts: 2,
      retryDelayMs: () => 0,
      run: async () => {
        failures++;
        throw new Error('always');
      },
    });
    await jobs.enqueue(database.db, 'test.broken', { key: 'only' });
    await jobs.enqueue(database.db, 'test.broken', { key: 'only' });
    await jobs.tick();
    await jobs.tick();
    expect(failures).toBe(2);
    const [broken] = await database.db.select().from(jobRunsTable).where(eq(jobRunsTable.job, 'test.broken'));
    expect(broken).toMatchObject({ status: 'failed', attempts: 2, error: 'always' });
    await jobs.tick();
    expect(failures).toBe(2);
  });

  it('runs a delayed job at its time, once, and takes over an attempt whose process died', async () => {
    let clock = new Date('2024-06-01T00:00:00Z');
    const seen: unknown[] = [];
    const make = () => {
      const jobs = createJobRunner({ db: database.db, now: () => clock, log: () => {} });
      jobs.define({ name: 'test.later', leaseMs: 60_000, run: async ({ payload }) => void seen.push(payload) });
      return jobs;
    };
    const one = make();
    await database.db.transaction((tx) =>
      one.enqueue(tx, 'test.later', { runAt: new Date('2024-06-01T01:00:00Z'), payload: { n: 1 } }),
    );
    expect(await one.tick()).toBe(0);
    clock = new Date('2024-06-01T01:00:00Z');
    expect(await Promise.all([one.tick(), make().tick()])).toEqual(expect.arrayContaining([1, 0]));
    expect(seen).toEqual([{ n: 1 }]);

    // A run left 'running' by a process that died is taken again once its lease has passed.
    const [dead] = await database.db
      .insert(jobRunsTable)
      .values({
        job: 'test.later',
        key: 'dead',
        scheduledFor: clock,
        runAfter: clock,
        maxAttempts: 3,
        status: 'running',
        attempts: 1,
        lockedUntil: new Date(clock.getTime() + 60_000),
        payload: { n: 2 },
      })
      .returning();
    expect(await one.tick()).toBe(0);
    clock = new Date(clock.getTime() + 61_000);
    expect(await one.tick()).toBe(1);
    expect(seen).toEqual([{ n: 1 }, { n: 2 }]);
    const [after] = await database.db.select().from(jobRunsTable).where(eq(jobRunsTable.id, dead!.id));
    expect(after).toMatchObject({ status: 'succeeded', attempts: 2 });
  });
});
