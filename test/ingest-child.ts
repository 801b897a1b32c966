import { openDatabase } from '../server/db/client.ts';
import { systemActor } from '../server/platform/access.ts';
import { createIngest } from '../server/platform/ingest/index.ts';
import { readingsStream, testReading } from './ingest-stream.ts';

/**
 * The process the kill -9 test kills: ingests requests of 50 readings, 8 in flight, and prints
 * `ack <sensor> <from> <to>` for each request once `ingest()` has acknowledged it.
 * Arguments: a PostgreSQL URL, or `pglite:<dataDir>`.
 */
const [target] = process.argv.slice(2);
if (!target) throw new Error('usage: ingest-child <postgres-url | pglite:dir>');
const database = await openDatabase(
  target.startsWith('pglite:') ? { dataDir: target.slice('pglite:'.length) } : { databaseUrl: target },
);
const ingest = createIngest({ db: database.db, log: () => {} });
ingest.define(readingsStream({ name: 'test.killed', batchSize: 200 }));
let next = 0;
const sender = async (n: number) => {
  for (;;) {
    const from = next;
    next += 50;
    const rows = Array.from({ length: 50 }, (_, i) => testReading(from + i, `child-${n}`));
    await ingest.ingest('test.killed', rows, systemActor);
    process.stdout.write(`ack child-${n} ${from} ${from + 49}\n`);
  }
};
process.stdout.write('ready\n');
await Promise.all(Array.from({ length: 8 }, (_, n) => sender(n)));
