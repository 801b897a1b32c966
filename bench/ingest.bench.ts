import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase } from '../server/db/client.ts';
import { systemActor } from '../server/platform/access.ts';
import { createIngest } from '../server/platform/ingest/index.ts';
import { seedOrganisation } from '../server/seed/organisation.seed.ts';
import { createTestReadingsTable, readingsStream, testReading, testReadingsTable } from '../test/ingest-stream.ts';
import { record, report, runMain } from './lib.ts';

/**
 * Rows per second through the ingest use case (validation, bounded queue, multi-row insert on
 * conflict do nothing, one audit entry per batch, acknowledgement after commit), against a raw
 * multi-row insert of the same rows into an identical table in the same run, on PostgreSQL.
 * Senders: BENCH_SENDERS (default 20) concurrent callers, each sending requests of 100 rows.
 */
const ROWS = Number(process.env.BENCH_INGEST_ROWS ?? 200_000);
const SENDERS = Number(process.env.BENCH_SENDERS ?? 20);
const REQUEST_ROWS = 100;
const BATCH = 1_000;
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';

async function main() {
  const dbName = `ranan_bench_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const version = (await admin.query('show server_version')).rows[0].server_version as string;
  await admin.query(`create database ${dbName}`);
  const target = new URL(adminUrl);
  target.pathname = `/${dbName}`;
  const database = await openDatabase({ databaseUrl: target.toString() });
  const label = `PostgreSQL ${version}, ${ROWS.toLocaleString('en')} rows`;
  try {
    await database.migrate();
    await seedOrganisation(database.db);
    await createTestReadingsTable(database.db, 'test_ingest_readings');
    await createTestReadingsTable(database.db, 'bench_raw_readings');
    // The same rows for both: SENDERS sensors, one reading a second each.
    const rows = Array.from({ length: ROWS }, (_, i) => testReading(Math.floor(i / SENDERS), `sensor-${i % SENDERS}`));

    // Raw: multi-row inserts of BATCH rows, two at a time (the ingest's concurrency), no validation, no audit.
    const pool = new pg.Pool({ connectionString: target.toString(), max: 2 });
    let rawNext = 0;
    const rawStarted = performance.now();
    await Promise.all(
      [0, 1].map(async () => {
        while (rawNext < rows.length) {
          const batch = rows.slice(rawNext, rawNext + BATCH);
          rawNext += BATCH;
          const params: unknown[] = [];
          const tuples = batch.map((r, i) => {
            params.push(r.sensor, r.at, r.value);
            return `($${i * 3 + 1}, $${i * 3 + 2}, $${i * 3 + 3})`;
          });
          await pool.query(`insert into bench_raw_readings (sensor, at, value) values ${tuples.join(', ')}`, params);
        }
      }),
    );
    const rawSeconds = (performance.now() - rawStarted) / 1000;
    await pool.end();

    // Through ingest: SENDERS callers, each waiting for its acknowledgement before the next request.
    const ingest = createIngest({ db: database.db });
    ingest.define(readingsStream({ name: 'bench.readings', batchSize: BATCH, queueBound: 50_000 }));
    let next = 0;
    let refused = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: SENDERS }, async () => {
        while (next < rows.length) {
          const request = rows.slice(next, next + REQUEST_ROWS);
          next += REQUEST_ROWS;
          for (;;) {
            try {
              await ingest.ingest('bench.readings', request, systemActor);
              break;
            } catch (err) {
              if ((err as { statusCode?: number }).statusCode !== 429) throw err;
              refused++;
              await new Promise((r) => setTimeout(r, 5));
            }
          }
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    await ingest.close();
    const counted = await database.db.$count(testReadingsTable);
    if (counted !== ROWS) throw new Error(`stored ${counted} rows of ${ROWS}`);

    const rawRate = ROWS / rawSeconds;
    const rate = ROWS / seconds;
    report('ingest', [
      record({
        name: 'ingest-rows',
        unit: 'rows/s',
        value: rate,
        baseline: rawRate,
        p50: null,
        p95: null,
        database: label,
      }),
      record({
        name: 'ingest-raw-insert-baseline',
        unit: 'rows/s',
        value: rawRate,
        baseline: null,
        p50: null,
        p95: null,
        database: label,
      }),
      record({
        name: 'ingest-refused-429',
        unit: 'requests',
        value: refused,
        baseline: null,
        p50: null,
        p95: null,
        database: label,
      }),
    ]);
  } finally {
    await database.close();
    if (process.env.BENCH_KEEP !== '1') await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
}

runMain(main);
