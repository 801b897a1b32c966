import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  enterpriseKinds,
  facilityKinds,
  gasOperationCategories,
  hoseTypes,
  licenceKinds,
  personKinds,
  pipeMaterials,
  pressureClasses,
  renewalStatuses,
  sellerChannels,
  storedLicenceStatuses,
  supplyStatuses,
  vehicleKinds,
  venueCategories,
  venueFloors,
} from '../../../domain/registry/registry.ts';
import { departmentsTable, regionsTable } from '../organisation/organisation.table.ts';
import { usersTable } from '../users/users.table.ts';

const timestamps = {
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  /** Regulated records are archived, never deleted. */
  archivedAt: timestamp({ withTimezone: true }),
};

const place = {
  regionId: uuid()
    .notNull()
    .references(() => regionsTable.id),
  address: text().notNull().default(''),
  lng: doublePrecision(),
  lat: doublePrecision(),
};

/** Every enterprise in the gas chain; natural key: the unified social credit code. */
export const enterprisesTable = pgTable(
  'enterprises',
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: text({ enum: enterpriseKinds }).notNull(),
    name: text().notNull(),
    creditCode: text().notNull(),
    ...place,
    contactPhone: text(),
    /** For appliance sellers: shop, online or both (plan 三(二)3). */
    sellerChannel: text({ enum: sellerChannels }),
    /** Business roles set by hand (an unlicensed one found in the field). */
    manualRoles: text({ enum: enterpriseKinds }).array().notNull().default(sql`'{}'::text[]`),
    /**
     * Every business role (kind, licences, manual roles: `enterpriseRoles`), kept by the register
     * whenever one of them changes; scope, checklists, the map and the gate read it.
     */
    roles: text({ enum: enterpriseKinds }).array().notNull().default(sql`'{}'::text[]`),
    searchTokens: text().array().notNull().default(sql`'{}'::text[]`),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('enterprises_credit_code_key').on(t.creditCode),
    index('enterprises_region_idx').on(t.regionId),
    index('enterprises_kind_idx').on(t.kind),
    index('enterprises_roles_idx').using('gin', t.roles),
    index('enterprises_search_idx').using('gin', t.searchTokens),
  ],
);

/** Licences; `expired` is computed from validTo, only valid / suspended / revoked are stored. */
export const licencesTable = pgTable(
  'licences',
  {
    id: uuid().primaryKey().defaultRandom(),
    enterpriseId: uuid()
      .notNull()
      .references(() => enterprisesTable.id),
    kind: text({ enum: licenceKinds }).notNull(),
    number: text().notNull(),
    scope: text().notNull().default(''),
    /** 经营类别 of a gas operation licence (pipeline, bottled); empty for other kinds. */
    categories: text({ enum: gasOperationCategories }).array().notNull().default(sql`'{}'::text[]`),
    issuingBody: text().notNull().default(''),
    validFrom: date({ mode: 'string' }),
    validTo: date({ mode: 'string' }),
    status: text({ enum: storedLicenceStatuses }).notNull().default('valid'),
    statusReason: text(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('licences_kind_number_key').on(t.kind, t.number),
    index('licences_enterprise_idx').on(t.enterpriseId),
    index('licences_valid_to_idx').on(t.validTo),
  ],
);

/** Every change to a licence, with the values before it (licence history). */
export const licenceHistoryTable = pgTable(
  'licence_history',
  {
    id: uuid().primaryKey().defaultRandom(),
    licenceId: uuid()
      .notNull()
      .references(() => licencesTable.id),
    action: text().notNull(),
    before: jsonb().$type<Record<string, unknown>>(),
    after: jsonb().$type<Record<string, unknown>>().notNull(),
    actorName: text().notNull(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('licence_history_licence_idx').on(t.licenceId, t.at)],
);

/** Facilities of an enterprise: filling stations, storage and supply stations, bottle shops. */
export const facilitiesTable = pgTable(
  'facilities',
  {
    id: uuid().primaryKey().defaultRandom(),
    enterpriseId: uuid()
      .notNull()
      .references(() => enterprisesTable.id),
    kind: text({ enum: facilityKinds }).notNull(),
    name: text().notNull(),
    ...place,
    searchTokens: text().array().notNull().default(sql`'{}'::text[]`),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('facilities_enterprise_name_key').on(t.enterpriseId, t.name),
    index('facilities_region_idx').on(t.regionId),
    index('facilities_search_idx').using('gin', t.searchTokens),
  ],
);

/** Gas users: restaurants, the crowded venues of plan 三(四)/(五) and households; natural key: name + address. */
export const venuesTable = pgTable(
  'venues',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    category: text({ enum: venueCategories }).notNull(),
    ...place,
    floor: text({ enum: venueFloors }).notNull().default('ground'),
    /** The building is a high-rise civil building (GB 50016): a fact of the building, for every floor; null = not recorded. */
    highRiseBuilding: boolean(),
    gasSources: text().array().notNull().default(sql`'{}'::text[]`),
    supplierEnterpriseId: uuid().references(() => enterprisesTable.id),
    contractNumber: text(),
    contractFrom: date({ mode: 'string' }),
    contractTo: date({ mode: 'string' }),
    storedLpgKg: numeric({ precision: 8, scale: 1, mode: 'number' }),
    hasCylinderRoom: boolean().notNull().default(false),
    /** Type of the connecting hose (each type has its own life); null = not recorded or no hose. */
    hoseType: text({ enum: hoseTypes }),
    detectorInstalled: boolean().notNull().default(false),
    detectorInstalledOn: date({ mode: 'string' }),
    shutoffValveInstalled: boolean().notNull().default(false),
    shutoffValveInstalledOn: date({ mode: 'string' }),
    supplyStatus: text({ enum: supplyStatuses }).notNull().default('normal'),
    supplyStatusReason: text(),
    contactName: text(),
    contactPhone: text(),
    searchTokens: text().array().notNull().default(sql`'{}'::text[]`),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('venues_name_address_key').on(t.name, t.address),
    index('venues_region_idx').on(t.regionId, t.category),
    index('venues_supplier_idx').on(t.supplierEnterpriseId),
    index('venues_search_idx').using('gin', t.searchTokens),
    index('venues_created_idx').on(t.createdAt, t.id),
  ],
);

/** Pipeline segments; geometry is a GeoJSON LineString's coordinates ([lng, lat] pairs). Age is computed. */
export const pipelineSegmentsTable = pgTable(
  'pipeline_segments',
  {
    id: uuid().primaryKey().defaultRandom(),
    code: text().notNull(),
    name: text().notNull(),
    ownerEnterpriseId: uuid().references(() => enterprisesTable.id),
    regionId: uuid()
      .notNull()
      .references(() => regionsTable.id),
    material: text({ enum: pipeMaterials }).notNull(),
    pressureClass: text({ enum: pressureClasses }).notNull(),
    diameterMm: integer(),
    lengthM: numeric({ precision: 10, scale: 1, mode: 'number' }),
    installedYear: integer(),
    encroached: boolean().notNull().default(false),
    confinedSpace: boolean().notNull().default(false),
    geometry: jsonb().$type<[number, number][]>(),
    renewalStatus: text({ enum: renewalStatuses }).notNull().default('not_needed'),
    searchTokens: text().array().notNull().default(sql`'{}'::text[]`),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('pipeline_segments_code_key').on(t.code),
    index('pipeline_segments_region_idx').on(t.regionId),
    index('pipeline_segments_owner_idx').on(t.ownerEnterpriseId),
  ],
);

/**
 * People: inspectors of departments and townships, and the staff of enterprises and venues. Natural key: name + phone.
 * Whether a person may inspect is derived from the training records (先培训、后排查).
 */
export const peopleTable = pgTable(
  'people',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    kind: text({ enum: personKinds }).notNull(),
    phone: text().notNull(),
    enterpriseId: uuid().references(() => enterprisesTable.id),
    /** Staff of a venue (its monthly self-inspection is done by them); exclusive with enterpriseId. */
    venueId: uuid().references(() => venuesTable.id),
    departmentId: uuid().references(() => departmentsTable.id),
    regionId: uuid()
      .notNull()
      .references(() => regionsTable.id),
    certificateNumber: text(),
    certificateExpiresOn: date({ mode: 'string' }),
    /** For principals and safety managers: passed the assessment (考核合格) on this date. */
    assessmentPassedOn: date({ mode: 'string' }),
    userId: uuid().references(() => usersTable.id),
    searchTokens: text().array().notNull().default(sql`'{}'::text[]`),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('people_name_phone_key').on(t.name, t.phone),
    index('people_enterprise_idx').on(t.enterpriseId),
    index('people_venue_idx').on(t.venueId),
    index('people_region_idx').on(t.regionId),
    check('people_one_employer', sql`${t.enterpriseId} is null or ${t.venueId} is null`),
  ],
);

export const trainingRecordsTable = pgTable(
  'training_records',
  {
    id: uuid().primaryKey().defaultRandom(),
    personId: uuid()
      .notNull()
      .references(() => peopleTable.id),
    course: text().notNull(),
    trainedOn: date({ mode: 'string' }).notNull(),
    passed: boolean().notNull(),
    validUntil: date({ mode: 'string' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('training_records_person_idx').on(t.personId)],
);

/** Vehicles; `boundPersonId` is the worker-vehicle binding (人车对应): one worker per vehicle and vice versa. */
export const vehiclesTable = pgTable(
  'vehicles',
  {
    id: uuid().primaryKey().defaultRandom(),
    plate: text().notNull(),
    kind: text({ enum: vehicleKinds }).notNull(),
    enterpriseId: uuid()
      .notNull()
      .references(() => enterprisesTable.id),
    permitNumber: text(),
    permitValidTo: date({ mode: 'string' }),
    boundPersonId: uuid().references(() => peopleTable.id),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('vehicles_plate_key').on(t.plate),
    uniqueIndex('vehicles_bound_person_key').on(t.boundPersonId),
    index('vehicles_enterprise_idx').on(t.enterpriseId),
  ],
);
