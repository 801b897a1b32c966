import { openDatabase } from '../server/db/client.ts';
import { seedDemoCylinders } from '../server/seed/demo-cylinders.seed.ts';
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
 * since wall time on a shared machine says little. Then the demo's 20,000 cylinders (same goal).
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
    // The cylinders (一瓶一码): 20,000 with their fills and events, bulk inserted after the ledger.
    const cylCpu0 = process.cpuUsage();
    const c0 = performance.now();
    const cyl = await seedDemoCylinders(database.db);
    const cylMs = performance.now() - c0;
    const cylCpu = process.cpuUsage(cylCpu0);
    const cylSize = `pglite, ${cyl.cylinders} cylinders, ${cyl.fills} fills, ${cyl.events} events`;
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
      record({
        name: 'demo-cylinders-seed',
        unit: 'ms',
        value: cylMs,
        baseline: 5_000,
        p50: null,
        p95: null,
        database: cylSize,
      }),
      record({
        name: 'demo-cylinders-seed-cpu',
        unit: 'ms',
        value: (cylCpu.user + cylCpu.system) / 1000,
        baseline: null,
        p50: null,
        p95: null,
        database: cylSize,
      }),
    ]);
  } finally {
    await database.close();
  }
}

runMain(main);
