import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresTestDatabaseFromSnapshot, createTestDatabase } from '../../../test/db.ts';
import { buildHazard } from '../../../test/hazard-factories.ts';
import { type Database, openDatabase } from '../../db/client.ts';
import { auditEventsTable } from '../../platform/audit/audit.table.ts';
import { createJobRunner } from '../../platform/jobs/index.ts';
import { jobRunsTable } from '../../platform/jobs/jobs.table.ts';
import { escalationJobName, registerHazardJobs } from './hazards.escalation.ts';

/**
 * Two server instances over one database: on PostgreSQL (TEST_DATABASE_URL) two job runners with
 * their own connection pools, as two processes would have; on PGlite two runners over the one
 * database. Either way the day's escalation runs once.
 */
async function twoInstances(): Promise<{ a: Database; b: Database; close(): Promise<void> }> {
  if (!process.env.TEST_DATABASE_URL) {
    const a = await createTestDatabase({ organisation: true });
    return { a, b: a, close: () => a.close() };
  }
  const created = await createPostgresTestDatabaseFromSnapshot({ organisation: true });
  const a = await openDatabase({ databaseUrl: created.url });
  const b = await openDatabase({ databaseUrl: created.url });
  return {
    a,
    b,
    async close() {
      await a.close();
      await b.close();
      await created.drop();
    },
  };
}

describe('hazards escalation job', () => {
  let dbs: Awaited<ReturnType<typeof twoInstances>>;
  let clock = new Date('2024-03-17T00:10:00+08:00');
  const messages: string[] = [];
  const runner = (database: Database, instance: string) => {
    const jobs = createJobRunner({
      db: database.db,
      now: () => clock,
      log: (msg) => messages.push(`${instance}: ${msg}`),
    });
    registerHazardJobs(jobs);
    return jobs;
  };

  beforeAll(async () => {
    dbs = await twoInstances();
  });
  afterAll(() => dbs.close());

  it('runs once per day with two instances, recorded in job_runs', async () => {
    const db = dbs.a.db;
    const hazard = await buildHazard(db, { foundOn: '2024-03-01', deadline: '2024-03-16' });
    const one = runner(dbs.a, 'one');
    const two = runner(dbs.b, 'two');

    const ran = await Promise.all([one.tick(), two.tick()]);
    expect(ran.reduce((x, y) => x + y, 0)).toBe(1);
    expect(messages.filter((m) => m.includes(`job ${escalationJobName}`))).toHaveLength(1);
    const runs = await db.select().from(jobRunsTable).where(eq(jobRunsTable.job, escalationJobName));
    expect(runs).toHaveLength(1);
    // The slot is 00:05 China time; it escalated for that day.
    expect(runs[0]).toMatchObject({
      status: 'succeeded',
      attempts: 1,
      scheduledFor: new Date('2024-03-17T00:05:00+08:00'),
      result: { today: '2024-03-17', escalated: 1, level1: 1 },
    });
    const audits = () =>
      db
        .select()
        .from(auditEventsTable)
        .where(and(eq(auditEventsTable.subjectId, hazard.id), eq(auditEventsTable.action, 'hazard.escalate')));
    expect(await audits()).toHaveLength(1);

    // Later the same day: nothing more runs.
    clock = new Date('2024-03-17T23:59:00+08:00');
    expect((await Promise.all([one.tick(), two.tick()])).reduce((x, y) => x + y, 0)).toBe(0);

    // A week later the next slot runs once and raises level 2.
    clock = new Date('2024-03-24T08:00:00+08:00');
    expect((await Promise.all([two.tick(), one.tick()])).reduce((x, y) => x + y, 0)).toBe(1);
    const later = await db.select().from(jobRunsTable).where(eq(jobRunsTable.job, escalationJobName));
    expect(later.map((r) => (r.result as { today: string }).today).sort()).toEqual(['2024-03-17', '2024-03-24']);
    expect(await audits()).toHaveLength(2);
  });
});
