import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase } from '../../../test/db.ts';
import { regionByCode } from '../../../test/factories.ts';
import { buildEnterprise, buildVenue } from '../../../test/registry-factories.ts';
import type { Database } from '../../db/client.ts';
import { type Ingest, createIngest } from '../../platform/ingest/index.ts';
import { pipelineSegmentsTable } from '../registry/registry.table.ts';
import { seedSimulatedSensors, startSimulator } from './monitoring.simulator.ts';
import { defineReadingsStream } from './sensors.service.ts';

describe('the demo monitoring simulator', () => {
  let database: Database;
  let ingest: Ingest;
  beforeAll(async () => {
    database = await createTestDatabase({ organisation: true });
    ingest = createIngest({ db: database.db, log: () => {} });
    defineReadingsStream(ingest);
  });
  afterAll(async () => {
    await ingest.close();
    await database.close();
  });

  it('creates sensors on restaurants and pipelines once, and feeds them through the gateways’ path, one staying silent', async () => {
    const db = database.db;
    const owner = await buildEnterprise(db);
    for (let i = 0; i < 3; i++) await buildVenue(db, { supplierEnterpriseId: owner.id });
    await db.insert(pipelineSegmentsTable).values({
      code: 'SIM-TEST-1',
      name: '模拟管线',
      ownerEnterpriseId: owner.id,
      regionId: (await regionByCode(db, '150626100')).id,
      material: 'pe',
      pressureClass: 'low',
      geometry: [
        [108.8, 38.6],
        [108.81, 38.61],
      ],
    });
    expect(await seedSimulatedSensors(db)).toBe(5);
    expect(await seedSimulatedSensors(db)).toBe(5);
    const stop = startSimulator({ db, ingest, intervalMs: 100 });
    try {
      await vi.waitFor(
        async () => {
          const r = (await db.execute(
            sql`select count(distinct sensor_id)::int as n, bool_and(value >= 0) as ok from readings`,
          )) as unknown as { rows: { n: number; ok: boolean }[] };
          expect(r.rows[0]).toEqual({ n: 4, ok: true });
        },
        { timeout: 15_000, interval: 200 },
      );
    } finally {
      await stop();
    }
    const audit = (await db.execute(
      sql`select count(*)::int as n from audit_events where action = 'ingest.batch'`,
    )) as unknown as { rows: { n: number }[] };
    expect(audit.rows[0]!.n).toBeGreaterThan(0);
  });
});
