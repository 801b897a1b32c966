import { type SQL, and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Permission } from '../../../domain/access/roles.ts';
import type {
  ChecklistFacts,
  InspectedObject,
  RegisteredOperator,
  RegisteredPipe,
  RegisteredTrainee,
} from '../../../domain/hazards/index.ts';
import type { InspectionObjectType } from '../../../domain/inspections/inspections.ts';
import {
  inHighRiseBuilding,
  type LicenceKind,
  type LicenceStatus,
  licenceStatus,
} from '../../../domain/registry/registry.ts';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../platform/access.ts';
import { regionsTable } from '../organisation/index.ts';
import { registryFilter } from './registry.access.ts';
import {
  enterprisesTable,
  facilitiesTable,
  licencesTable,
  peopleTable,
  pipelineSegmentsTable,
  trainingRecordsTable,
  vehiclesTable,
  venuesTable,
} from './registry.table.ts';

/** Facts the register holds about an object, in the checklist rules' terms. */
export type RegisteredFacts = Omit<ChecklistFacts, 'object' | 'on' | 'answers'>;

/**
 * An object of the register as the ledger sees it: where it is, what kind it is for the checklist
 * and for department scope, who answers for it, and the facts the register holds.
 */
export type RegisterObject = {
  type: InspectionObjectType;
  id: string;
  regionId: string;
  regionPath: string;
  /** See inspections.objectKind. */
  objectKind: string;
  ownerEnterpriseId: string | null;
  name: string;
  address: string;
  /** The object as the checklist sees it; a facility is checked as its enterprise's kind. */
  checklistObject: InspectedObject;
  registered: RegisteredFacts;
  /** 整治责任人 for hazards found at the object. */
  responsible: { party: string; personId: string | null; personName: string | null; phone: string | null };
  /** For venues: the gas supplier (the operator doing household inspections). */
  supplierEnterpriseId: string | null;
};

type Scope = { actor: Actor; permission: Permission };

type LicenceRow = Pick<typeof licencesTable.$inferSelect, 'kind' | 'status' | 'validTo'>;
type VenueRow = typeof venuesTable.$inferSelect;
type EnterpriseRow = typeof enterprisesTable.$inferSelect;
type KeyPerson = { id: string; name: string; phone: string } | undefined;

/** Licence states of an enterprise per kind ('none' when it holds none), as the checklist expects. */
async function licenceFacts(db: Db, enterpriseId: string, today: string) {
  const rows = await db
    .select({ kind: licencesTable.kind, status: licencesTable.status, validTo: licencesTable.validTo })
    .from(licencesTable)
    .where(and(eq(licencesTable.enterpriseId, enterpriseId), isNull(licencesTable.archivedAt)));
  return licenceFactsOf(rows, today);
}

/** The same from licence rows already loaded (the demo seed loads them in bulk). */
export function licenceFactsOf(rows: readonly LicenceRow[], today: string) {
  const rank: Record<LicenceStatus, number> = { valid: 3, expired: 2, suspended: 1, revoked: 0 };
  const out: Partial<Record<LicenceKind, LicenceStatus | 'none'>> = {
    gas_operation: 'none',
    cylinder_filling: 'none',
    hazardous_transport: 'none',
    manufacturing: 'none',
    inspection_qualification: 'none',
  };
  for (const r of rows) {
    const s = licenceStatus(r.status, r.validTo, today);
    const prev = out[r.kind];
    // With several licences of one kind the best one counts (a renewed licence next to the old one).
    if (prev === 'none' || prev === undefined || rank[s] > rank[prev]) out[r.kind] = s;
  }
  return out;
}

/** The principal or safety manager of an enterprise, for the responsible person of its hazards. */
async function keyPerson(db: Db, enterpriseId: string) {
  const rows = await db
    .select({ id: peopleTable.id, name: peopleTable.name, phone: peopleTable.phone, kind: peopleTable.kind })
    .from(peopleTable)
    .where(
      and(
        eq(peopleTable.enterpriseId, enterpriseId),
        inArray(peopleTable.kind, ['principal', 'safety_manager']),
        isNull(peopleTable.archivedAt),
      ),
    )
    .orderBy(asc(peopleTable.kind), asc(peopleTable.name))
    .limit(1);
  return rows[0];
}

const OPEN_ENDED = '9999-12-31';

type PersonRow = {
  id: string;
  name: string;
  kind: string;
  certificateNumber: string | null;
  certificateExpiresOn: string | null;
  assessmentPassedOn: string | null;
};
type TrainingRow = { personId: string; passed: boolean; validUntil: string | null };

/**
 * A person's last trained day from the training records (the 先培训、后排查 validity: a passed record
 * counts until its validUntil, for good without one); a principal's or safety manager's assessment
 * (考核合格) counts for good. Pure, for the demo seed's bulk load too.
 */
export function traineeOf(person: PersonRow, records: readonly TrainingRow[]): RegisteredTrainee {
  let until: string | null = person.assessmentPassedOn ? OPEN_ENDED : null;
  for (const r of records) {
    if (r.personId !== person.id || !r.passed) continue;
    const u = r.validUntil ?? OPEN_ENDED;
    if (until === null || u > until) until = u;
  }
  return { name: person.name, trainedUntil: until };
}

const managerKinds = ['principal', 'safety_manager'] as const;
const operatorKinds = ['special_equipment_operator', 'filling_operator'] as const;

/** The people facts of an enterprise or a venue (pure over rows already loaded). */
export function peopleFactsOf(people: readonly PersonRow[], records: readonly TrainingRow[]) {
  const managers = people.filter((p) => (managerKinds as readonly string[]).includes(p.kind));
  const operators: RegisteredOperator[] = people
    .filter((p) => (operatorKinds as readonly string[]).includes(p.kind))
    .map((p) => ({
      name: p.name,
      certificateNumber: p.certificateNumber,
      certificateExpiresOn: p.certificateExpiresOn,
    }));
  return {
    staff: people.map((p) => traineeOf(p, records)),
    managers: managers.map((p) => traineeOf(p, records)),
    operators,
  };
}

/** The live people of an enterprise or a venue with their training records. */
async function peopleFacts(db: Db, of: { enterpriseId: string } | { venueId: string }) {
  const p = peopleTable;
  const people = await db
    .select({
      id: p.id,
      name: p.name,
      kind: p.kind,
      certificateNumber: p.certificateNumber,
      certificateExpiresOn: p.certificateExpiresOn,
      assessmentPassedOn: p.assessmentPassedOn,
    })
    .from(p)
    .where(
      and('enterpriseId' in of ? eq(p.enterpriseId, of.enterpriseId) : eq(p.venueId, of.venueId), isNull(p.archivedAt)),
    )
    .orderBy(asc(p.name));
  const records = people.length
    ? await db
        .select({
          personId: trainingRecordsTable.personId,
          passed: trainingRecordsTable.passed,
          validUntil: trainingRecordsTable.validUntil,
        })
        .from(trainingRecordsTable)
        .where(
          inArray(
            trainingRecordsTable.personId,
            people.map((x) => x.id),
          ),
        )
    : [];
  return peopleFactsOf(people, records);
}

/** What the register holds of a pipeline segment, in the checklist rules' terms. */
export function pipeFactsOf(p: typeof pipelineSegmentsTable.$inferSelect): RegisteredPipe {
  return {
    material: p.material,
    pressureClass: p.pressureClass,
    installedYear: p.installedYear,
    encroached: p.encroached,
    confinedSpace: p.confinedSpace,
    renewalStatus: p.renewalStatus,
  };
}

/** The enterprise facts the checklist reads: licences, managers and operators. */
async function enterpriseFacts(db: Db, enterpriseId: string, today: string): Promise<RegisteredFacts> {
  const { managers, operators } = await peopleFacts(db, { enterpriseId });
  return { licences: await licenceFacts(db, enterpriseId, today), managers, operators };
}

const scoped = (scope: Scope | undefined, build: (s: Scope) => SQL) => (scope ? build(scope) : undefined);

/** The ledger's name for a register object (inspections and hazards copy its facts). */
export type LedgerObject = RegisterObject;

/**
 * Loads a live (not archived) object of the register, or undefined when it does not exist, is
 * archived, or lies outside the scope given. The register's contract for the modules that record
 * something about an object (inspections, hazards, and the modules to come): they copy what they
 * need from it instead of reading the register's tables.
 */
export async function loadRegisterObject(
  db: Db,
  { type, id }: { type: InspectionObjectType; id: string },
  today: string,
  scope?: Scope,
): Promise<RegisterObject | undefined> {
  switch (type) {
    case 'enterprise': {
      const e = enterprisesTable;
      const [row] = await db
        .select({ e, regionPath: regionsTable.path })
        .from(e)
        .innerJoin(regionsTable, eq(regionsTable.id, e.regionId))
        .where(
          and(
            eq(e.id, id),
            isNull(e.archivedAt),
            scoped(scope, (s) =>
              registryFilter(s.actor, s.permission, 'enterprise', {
                regionId: e.regionId,
                enterpriseId: e.id,
                enterpriseRoles: e.roles,
              }),
            ),
          ),
        );
      if (!row) return undefined;
      return enterpriseObject(
        row.e,
        row.regionPath,
        await enterpriseFacts(db, row.e.id, today),
        await keyPerson(db, row.e.id),
      );
    }
    case 'facility': {
      const f = facilitiesTable;
      const [row] = await db
        .select({ f, owner: enterprisesTable, regionPath: regionsTable.path })
        .from(f)
        .innerJoin(enterprisesTable, eq(enterprisesTable.id, f.enterpriseId))
        .innerJoin(regionsTable, eq(regionsTable.id, f.regionId))
        .where(
          and(
            eq(f.id, id),
            isNull(f.archivedAt),
            scoped(scope, (s) =>
              registryFilter(s.actor, s.permission, 'facility', { regionId: f.regionId, enterpriseId: f.enterpriseId }),
            ),
          ),
        );
      if (!row) return undefined;
      const person = await keyPerson(db, row.owner.id);
      return {
        type,
        id,
        regionId: row.f.regionId,
        regionPath: row.regionPath,
        objectKind: row.owner.kind,
        ownerEnterpriseId: row.owner.id,
        name: `${row.owner.name}（${row.f.name}）`,
        address: row.f.address,
        checklistObject: { type: 'enterprise', kind: row.owner.kind, roles: row.owner.roles },
        registered: await enterpriseFacts(db, row.owner.id, today),
        responsible: {
          party: row.owner.name,
          personId: person?.id ?? null,
          personName: person?.name ?? null,
          phone: person?.phone ?? row.owner.contactPhone,
        },
        supplierEnterpriseId: null,
      };
    }
    case 'venue': {
      const v = venuesTable;
      const [row] = await db
        .select({ v, regionPath: regionsTable.path })
        .from(v)
        .innerJoin(regionsTable, eq(regionsTable.id, v.regionId))
        .where(
          and(
            eq(v.id, id),
            isNull(v.archivedAt),
            scoped(scope, (s) =>
              registryFilter(s.actor, s.permission, 'venue', {
                regionId: v.regionId,
                enterpriseId: v.supplierEnterpriseId,
                venueId: v.id,
                venueCategory: v.category,
              }),
            ),
          ),
        );
      if (!row) return undefined;
      const object = venueObject(row.v, row.regionPath);
      const { staff } = await peopleFacts(db, { venueId: row.v.id });
      const supplierLicence = row.v.supplierEnterpriseId
        ? ((await licenceFacts(db, row.v.supplierEnterpriseId, today)).gas_operation ?? 'none')
        : null;
      return { ...object, registered: { ...object.registered, staff, supplierLicence } };
    }
    case 'pipeline': {
      const p = pipelineSegmentsTable;
      const [row] = await db
        .select({
          p,
          ownerName: enterprisesTable.name,
          ownerPhone: enterprisesTable.contactPhone,
          regionPath: regionsTable.path,
        })
        .from(p)
        .leftJoin(enterprisesTable, eq(enterprisesTable.id, p.ownerEnterpriseId))
        .innerJoin(regionsTable, eq(regionsTable.id, p.regionId))
        .where(
          and(
            eq(p.id, id),
            isNull(p.archivedAt),
            scoped(scope, (s) =>
              registryFilter(s.actor, s.permission, 'pipeline', {
                regionId: p.regionId,
                enterpriseId: p.ownerEnterpriseId,
              }),
            ),
          ),
        );
      if (!row) return undefined;
      const person = row.p.ownerEnterpriseId ? await keyPerson(db, row.p.ownerEnterpriseId) : undefined;
      return {
        type,
        id,
        regionId: row.p.regionId,
        regionPath: row.regionPath,
        objectKind: 'pipeline',
        ownerEnterpriseId: row.p.ownerEnterpriseId,
        name: `${row.p.name}（${row.p.code}）`,
        address: '',
        checklistObject: { type: 'pipeline' },
        registered: { pipe: pipeFactsOf(row.p) },
        responsible: {
          party: row.ownerName ?? '',
          personId: person?.id ?? null,
          personName: person?.name ?? null,
          phone: person?.phone ?? row.ownerPhone,
        },
        supplierEnterpriseId: null,
      };
    }
    case 'vehicle': {
      const t = vehiclesTable;
      const [row] = await db
        .select({ t, owner: enterprisesTable, regionPath: regionsTable.path })
        .from(t)
        .innerJoin(enterprisesTable, eq(enterprisesTable.id, t.enterpriseId))
        .innerJoin(regionsTable, eq(regionsTable.id, enterprisesTable.regionId))
        .where(
          and(
            eq(t.id, id),
            isNull(t.archivedAt),
            scoped(scope, (s) =>
              registryFilter(s.actor, s.permission, 'vehicle', {
                regionId: enterprisesTable.regionId,
                enterpriseId: t.enterpriseId,
                enterpriseRoles: enterprisesTable.roles,
              }),
            ),
          ),
        );
      if (!row) return undefined;
      const person = await keyPerson(db, row.owner.id);
      return {
        type,
        id,
        regionId: row.owner.regionId,
        regionPath: row.regionPath,
        objectKind: row.t.kind,
        ownerEnterpriseId: row.owner.id,
        name: `${row.t.plate}（${row.owner.name}）`,
        address: row.owner.address,
        checklistObject: { type: 'vehicle', kind: row.t.kind },
        registered: { vehiclePermit: { number: row.t.permitNumber, validTo: row.t.permitValidTo } },
        responsible: {
          party: row.owner.name,
          personId: person?.id ?? null,
          personName: person?.name ?? null,
          phone: person?.phone ?? row.owner.contactPhone,
        },
        supplierEnterpriseId: null,
      };
    }
  }
}

/** An enterprise as the ledger sees it (pure: the caller loads the facts (licences, people) and the key person). */
export function enterpriseObject(
  e: EnterpriseRow,
  regionPath: string,
  facts: RegisteredFacts,
  person: KeyPerson,
): RegisterObject {
  return {
    type: 'enterprise',
    id: e.id,
    regionId: e.regionId,
    regionPath,
    objectKind: e.kind,
    ownerEnterpriseId: e.id,
    name: e.name,
    address: e.address,
    checklistObject: { type: 'enterprise', kind: e.kind, roles: e.roles },
    registered: facts,
    responsible: {
      party: e.name,
      personId: person?.id ?? null,
      personName: person?.name ?? null,
      phone: person?.phone ?? e.contactPhone,
    },
    supplierEnterpriseId: null,
  };
}

/** A venue (gas user) as the ledger sees it, with the facts its register entry holds. */
export function venueObject(r: VenueRow, regionPath: string): RegisterObject {
  return {
    type: 'venue',
    id: r.id,
    regionId: r.regionId,
    regionPath,
    objectKind: r.category,
    ownerEnterpriseId: null,
    name: r.name,
    address: r.address,
    checklistObject: { type: 'venue', category: r.category },
    registered: {
      floor: r.floor,
      highRiseBuilding: inHighRiseBuilding(r),
      gasSources: r.gasSources as ChecklistFacts['gasSources'],
      storedLpgKg: r.storedLpgKg,
      hasCylinderRoom: r.hasCylinderRoom,
      hoseType: r.hoseType,
      detectorInstalled: r.detectorInstalled,
      detectorInstalledOn: r.detectorInstalledOn,
      shutoffValveInstalled: r.shutoffValveInstalled,
      shutoffValveInstalledOn: r.shutoffValveInstalledOn,
      hasSupplyContract: r.contractNumber !== null && r.contractNumber !== '',
      contractTo: r.contractTo,
    },
    responsible: { party: r.name, personId: null, personName: r.contactName, phone: r.contactPhone },
    supplierEnterpriseId: r.supplierEnterpriseId,
  };
}

/** The inspections' and hazards' older name for loadRegisterObject. */
export const loadLedgerObject = loadRegisterObject;
