import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCreditCode } from '../../domain/registry/credit-code.ts';
import { enterpriseRoles, licenceStatus } from '../../domain/registry/registry.ts';
import { WUSHEN_BOUNDS } from '../../domain/registry/places.ts';
import { createTestDatabase } from '../../test/db.ts';
import type { Database } from '../db/client.ts';
import { addDays, todayInChina } from '../modules/registry/registry.helpers.ts';
import {
  enterprisesTable,
  facilitiesTable,
  licenceHistoryTable,
  licencesTable,
} from '../modules/registry/registry.table.ts';
import { demoCreditCode, demoEnterprises, seedDemoEnterprises } from './demo-enterprises.seed.ts';
import { DEMO_IDS, seedDemoAccounts } from './demo.seed.ts';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoAccounts(database.db);
});
afterAll(() => database.close());

describe('seedDemoEnterprises', () => {
  it('has fictional enterprises of every kind, valid credit codes and coordinates inside 乌审旗', () => {
    const kinds = new Set(demoEnterprises.map((e) => e.kind));
    expect(kinds.size).toBe(10);
    for (const e of demoEnterprises) {
      expect(isCreditCode(demoCreditCode(e)), e.name).toBe(true);
      for (const [lng, lat] of [e.at, ...e.facilities.map((f) => f.at)]) {
        expect(lng).toBeGreaterThanOrEqual(WUSHEN_BOUNDS.lngMin);
        expect(lng).toBeLessThanOrEqual(WUSHEN_BOUNDS.lngMax);
        expect(lat).toBeGreaterThanOrEqual(WUSHEN_BOUNDS.latMin);
        expect(lat).toBeLessThanOrEqual(WUSHEN_BOUNDS.latMax);
      }
    }
    expect(new Set(demoEnterprises.map(demoCreditCode)).size).toBe(demoEnterprises.length);
  });

  it('loads the enterprises with the fixed demo operator, licences expiring, one revoked, one expired; and is idempotent', async () => {
    const db = database.db;
    const first = await seedDemoEnterprises(db);
    expect(first.enterprises).toBe(demoEnterprises.length);
    const [operator] = await db
      .select()
      .from(enterprisesTable)
      .where(eq(enterprisesTable.id, DEMO_IDS.bottledOperator));
    expect(operator).toMatchObject({ kind: 'bottled_operator', name: '乌审旗安达燃气有限公司' });
    const today = todayInChina();
    const licences = await db.select().from(licencesTable);
    const statuses = licences.map((l) => licenceStatus(l.status, l.validTo, today));
    expect(statuses.filter((s) => s === 'revoked')).toHaveLength(1);
    expect(statuses.filter((s) => s === 'expired')).toHaveLength(1);
    const soon = licences.filter(
      (l) => l.status === 'valid' && l.validTo! >= today && l.validTo! <= addDays(today, 60),
    );
    expect(soon.length).toBeGreaterThanOrEqual(3);
    const [h] = await db.select({ n: count() }).from(licenceHistoryTable);
    expect(h!.n).toBe(licences.length);

    const second = await seedDemoEnterprises(db);
    expect(second).toEqual({ enterprises: 0, licences: 0, facilities: 0 });
    const [e] = await db.select({ n: count() }).from(enterprisesTable);
    const [f] = await db.select({ n: count() }).from(facilitiesTable);
    expect(e!.n).toBe(demoEnterprises.length);
    expect(f!.n).toBe(first.facilities);
  });

  it('has each licence issued by the authority that issues it: city gas authority, regional market regulation, city transport', async () => {
    const db = database.db;
    await seedDemoEnterprises(db);
    const rows = await db
      .select({ kind: licencesTable.kind, issuer: licencesTable.issuingBody, enterprise: enterprisesTable.kind })
      .from(licencesTable)
      .innerJoin(enterprisesTable, eq(enterprisesTable.id, licencesTable.enterpriseId));
    const issuers = (kind: string) => new Set(rows.filter((r) => r.kind === kind).map((r) => r.issuer));
    // 燃气经营许可证: the city (plan 四(四)1); 气瓶充装许可证: the region's market regulation (plan 四(四)2).
    expect(issuers('gas_operation')).toEqual(new Set(['鄂尔多斯市住房和城乡建设局']));
    expect(issuers('cylinder_filling')).toEqual(new Set(['内蒙古自治区市场监督管理局']));
    expect(issuers('hazardous_transport')).toEqual(new Set(['鄂尔多斯市交通运输局']));
    // The LPG producer holds a 危化品安全生产许可证, not a special-equipment manufacturing licence.
    const producer = rows.filter((r) => r.enterprise === 'lpg_producer');
    expect(producer.map((r) => [r.kind, r.issuer])).toEqual([['hazchem_safety', '内蒙古自治区应急管理厅']]);
    expect(enterpriseRoles('lpg_producer', [], [{ kind: 'hazchem_safety', categories: [] }])).toEqual(['lpg_producer']);
    expect(rows.filter((r) => r.kind === 'manufacturing').map((r) => r.enterprise)).toEqual([
      'special_equipment_maker',
    ]);
  });
});
