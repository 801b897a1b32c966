import { randomBytes } from 'node:crypto';
import { searchTokens } from '../domain/registry/registry.ts';
import type { Db } from '../server/db/client.ts';
import {
  enterprisesTable,
  facilitiesTable,
  licencesTable,
  peopleTable,
  trainingRecordsTable,
  venuesTable,
} from '../server/modules/registry/registry.table.ts';
import { createUsersService } from '../server/modules/users/index.ts';
import { systemActor } from '../server/platform/access.ts';
import { TEST_PASSWORD, regionByCode, uniqueName } from './factories.ts';

/**
 * Factories for the register's objects, shared by the register's tests: each inserts a valid row
 * straight into its table (no audit) and returns it. Add functions; do not rewrite others'.
 */

/** A valid-looking 18-character unified social credit code, unique per call. */
export function fakeCreditCode(): string {
  return `91150626${randomBytes(5).toString('hex').toUpperCase()}`;
}

type EnterpriseRow = typeof enterprisesTable.$inferSelect;

/** An enterprise (default: a bottled LPG operator in 嘎鲁图镇). */
export async function buildEnterprise(
  db: Db,
  overrides: Partial<typeof enterprisesTable.$inferInsert> & { regionCode?: string } = {},
): Promise<EnterpriseRow> {
  const { regionCode = '150626100', ...rest } = overrides;
  const regionId = rest.regionId ?? (await regionByCode(db, regionCode)).id;
  const name = rest.name ?? uniqueName('测试燃气公司');
  const [row] = await db
    .insert(enterprisesTable)
    .values({
      kind: 'bottled_operator',
      creditCode: fakeCreditCode(),
      address: '测试路1号',
      ...rest,
      name,
      regionId,
      searchTokens: searchTokens(name),
    })
    .returning();
  return row!;
}

type VenueRow = typeof venuesTable.$inferSelect;

/** A venue (default: a ground-floor restaurant on piped gas in 嘎鲁图镇). */
export async function buildVenue(
  db: Db,
  overrides: Partial<typeof venuesTable.$inferInsert> & { regionCode?: string } = {},
): Promise<VenueRow> {
  const { regionCode = '150626100', ...rest } = overrides;
  const regionId = rest.regionId ?? (await regionByCode(db, regionCode)).id;
  const name = rest.name ?? uniqueName('测试饭店');
  const address = rest.address ?? uniqueName('测试街');
  const [row] = await db
    .insert(venuesTable)
    .values({
      category: 'restaurant',
      gasSources: ['piped'],
      ...rest,
      name,
      address,
      regionId,
      searchTokens: searchTokens(name, address),
    })
    .returning();
  return row!;
}

/** A user scoped to one enterprise (enterprise_manager by default) or one venue (venue_manager). */
export async function buildScopedUser(
  db: Db,
  scope: { enterpriseId: string } | { venueId: string },
  role?: 'enterprise_manager' | 'venue_manager' | 'delivery_worker',
) {
  const username = uniqueName('scoped');
  const grant =
    'enterpriseId' in scope
      ? { role: role ?? 'enterprise_manager', scopeType: 'enterprise' as const, enterpriseId: scope.enterpriseId }
      : { role: role ?? 'venue_manager', scopeType: 'venue' as const, venueId: scope.venueId };
  const user = await createUsersService({ db }).create({
    actor: systemActor,
    username,
    displayName: username,
    password: TEST_PASSWORD,
    grants: [grant],
    mustChangePassword: false,
  });
  return { ...user, password: TEST_PASSWORD };
}

type LicenceRow = typeof licencesTable.$inferSelect;

/** A licence of an enterprise (default: a gas operation licence valid for a year from today). */
export async function buildLicence(
  db: Db,
  enterpriseId: string,
  overrides: Partial<typeof licencesTable.$inferInsert> = {},
): Promise<LicenceRow> {
  const today = new Date().toISOString().slice(0, 10);
  const [row] = await db
    .insert(licencesTable)
    .values({
      kind: 'gas_operation',
      number: uniqueName('蒙燃经字'),
      issuingBody: '乌审旗住房和城乡建设局',
      validFrom: today,
      validTo: `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`,
      ...overrides,
      enterpriseId,
    })
    .returning();
  return row!;
}

type FacilityRow = typeof facilitiesTable.$inferSelect;

/** A facility of an enterprise (default: a bottle shop in the enterprise's region). */
export async function buildFacility(
  db: Db,
  enterprise: { id: string; regionId: string },
  overrides: Partial<typeof facilitiesTable.$inferInsert> = {},
): Promise<FacilityRow> {
  const name = overrides.name ?? uniqueName('测试供应点');
  const [row] = await db
    .insert(facilitiesTable)
    .values({
      kind: 'bottle_shop',
      regionId: enterprise.regionId,
      address: '测试路2号',
      ...overrides,
      name,
      enterpriseId: enterprise.id,
      searchTokens: searchTokens(name, overrides.address ?? '测试路2号'),
    })
    .returning();
  return row!;
}

/**
 * A filling operator (充装人员) of an enterprise: by default trained (a passed training valid for a year)
 * and certified (a certificate valid for two years); `trained: false` / `'expired'` and
 * `certified: false` / `'expired'` make the cases the fill refuses.
 */
export async function buildFillingOperator(
  db: Db,
  enterprise: { id: string; regionId: string },
  { trained = true, certified = true }: { trained?: boolean | 'expired'; certified?: boolean | 'expired' } = {},
): Promise<typeof peopleTable.$inferSelect> {
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const name = uniqueName('充装工');
  const [row] = await db
    .insert(peopleTable)
    .values({
      name,
      kind: 'filling_operator',
      phone: `136${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
      enterpriseId: enterprise.id,
      regionId: enterprise.regionId,
      certificateNumber: certified ? `TS${randomBytes(5).toString('hex').toUpperCase()}` : null,
      certificateExpiresOn: certified === 'expired' ? day(-10) : certified ? day(730) : null,
      searchTokens: searchTokens(name),
    })
    .returning();
  if (trained)
    await db.insert(trainingRecordsTable).values({
      personId: row!.id,
      course: '气瓶充装安全培训',
      trainedOn: day(trained === 'expired' ? -800 : -30),
      passed: true,
      validUntil: day(trained === 'expired' ? -435 : 335),
    });
  return row!;
}

/** A multipart/form-data body holding one file (field "file"), for app.inject uploads to the import routes. */
export function multipartFile(filename: string, content: Buffer | string, contentType = 'application/octet-stream') {
  const boundary = `----ranan${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, typeof content === 'string' ? Buffer.from(content) : content, tail]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}
