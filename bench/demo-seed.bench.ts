import { openDatabase } from '../server/db/client.ts';
import { seedDemoLedger } from '../server/seed/demo-ledger.seed.ts';
import { seedDemoAccounts } from '../server/seed/demo.seed.ts';
import { seedDemoEnterprises } from '../server/seed/demo-enterprises.seed.ts';
import { seedDemoNetwork } from '../server/seed/demo-network.seed.ts';
import { seedDemoVenues } from '../server/seed/demo-venues.seed.ts';
import { seedOrganisation } from '../server/seed/organisation.seed.ts';
import { record, report, runMain } from './lib.ts';

/**
 * How long the demo ledger (the campaign's inspections, signatures and hazards, one transaction)
 * takes to write on the embedded database, after the register it inspects has been loaded. The
 * goal is about 5 s (it runs at every first start of a demo instance); CPU time is reported too,
 * since wall time on a shared machine says little.
 */
async function main() {
  const database = await openDatabase({});
  try {
    await database.migrate();
    await seedOrganisation(database.db);
    await seedDemoAccounts(database.db);
    await seedDemoEnterprises(database.db);
    await seedDemoVenues(database.db);
    await seedDemoNetwork(database.db);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const counts = await seedDemoLedger(database.db);
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const size = `${counts.inspections} inspections, ${counts.hazards} hazards`;
    report('demo-seed', [
      record({
        name: 'demo-ledger-seed',
        unit: 'ms',
        value: ms,
        baseline: 5_000,
        p50: null,
        p95: null,
        database: `pglite, ${size}`,
      }),
      record({
        name: 'demo-ledger-seed-cpu',
        unit: 'ms',
        value: (cpu.user + cpu.system) / 1000,
        baseline: null,
        p50: null,
        p95: null,
        database: `pglite, ${size}`,
      }),
    ]);
  } finally {
    await database.close();
  }
}

runMain(main);
