import type { RananLimits } from '../../../domain/hazards/limits.ts';
import { and, eq, inArray } from 'drizzle-orm';
import {
  certificateExpired,
  chinaToday,
  hasAssessment,
  isStaffKind,
  isVenueStaffKind,
  needsCertificate,
  trainingValidUntil,
} from '../../../domain/registry/pipelines-people-vehicles.ts';
import { type PersonKind, TRAINING_VALID_DAYS, mayInspect, searchTokens } from '../../../domain/registry/registry.ts';
import type { Db } from '../../db/client.ts';
import { type Actor, can, requirePermission } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { isUniqueViolation } from '../../platform/db-errors.ts';
import { forbidden } from '../../platform/errors.ts';
import {
  personArchived,
  personBoundToVehicle,
  personCertificateRequired,
  personDepartmentNotFound,
  personEmployerConflict,
  personEnterpriseNotFound,
  personEnterpriseRequired,
  personFieldNotApplicable,
  personKindNotForVenue,
  personNameTaken,
  personNotFound,
  personOutsideScope,
  personRegionNotFound,
  personUnitRequired,
  personUserLinkForbidden,
  personUserNotFound,
  personVenueNotFound,
  trainingDatesInvalid,
} from './people.errors.ts';
import {
  type PersonListRow,
  type PersonRow,
  type TrainingRecordRow,
  createPeopleRepository,
  hasCurrentTraining,
  personConditions,
} from './people.repository.ts';
import type {
  CreatePersonInput,
  CreateTrainingRecordInput,
  PersonFilters,
  UpdatePersonInput,
} from './people.schemas.ts';
import { registryFilter } from './registry.access.ts';
import { withinScope } from './registry.query.ts';
import { peopleTable } from './registry.table.ts';

/** Where a write came from, recorded in its audit entry. */
type Via = 'api' | 'import' | 'seed';

const t = peopleTable;
const scopeOf = (actor: Actor, permission: 'registry.read' | 'registry.manage') =>
  registryFilter(actor, permission, 'person', {
    regionId: t.regionId,
    enterpriseId: t.enterpriseId,
    venueId: t.venueId,
    departmentId: t.departmentId,
  });

type Training = Pick<TrainingRecordRow, 'passed' | 'validUntil'>;

/** Row → response; `mayInspect` comes from the records through the plan's rule (五(一)1). */
export function presentPerson(r: PersonListRow, records: Training[], today: string) {
  const p = r.person;
  const validUntils = records.filter((x) => x.passed && x.validUntil !== null).map((x) => x.validUntil!);
  return {
    id: p.id,
    name: p.name,
    kind: p.kind,
    phone: p.phone,
    enterpriseId: p.enterpriseId,
    enterprise:
      p.enterpriseId && r.enterpriseName !== null
        ? { id: p.enterpriseId, name: r.enterpriseName, creditCode: r.enterpriseCreditCode ?? '' }
        : null,
    venueId: p.venueId,
    venue:
      p.venueId && r.venueName !== null ? { id: p.venueId, name: r.venueName, address: r.venueAddress ?? '' } : null,
    departmentId: p.departmentId,
    department: p.departmentId && r.departmentName !== null ? { id: p.departmentId, name: r.departmentName } : null,
    regionId: p.regionId,
    region: { id: p.regionId, name: r.regionName },
    certificateNumber: p.certificateNumber,
    certificateExpiresOn: p.certificateExpiresOn,
    certificateExpired: certificateExpired(p.certificateExpiresOn, today),
    assessmentPassedOn: p.assessmentPassedOn,
    userId: p.userId,
    mayInspect: mayInspect(records, today),
    trainingValidUntil: validUntils.length ? validUntils.sort().at(-1)! : null,
    archived: p.archivedAt !== null,
    archivedAt: p.archivedAt?.toISOString() ?? null,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

export function presentTrainingRecord(r: TrainingRecordRow, today: string) {
  return {
    id: r.id,
    personId: r.personId,
    course: r.course,
    trainedOn: r.trainedOn,
    passed: r.passed,
    validUntil: r.validUntil,
    current: mayInspect([r], today),
    createdAt: r.createdAt.toISOString(),
  };
}

/**
 * Of these people, the ids of live inspectors who may inspect today (先培训、后排查, plan 五(一)1):
 * the check the inspections module makes before assigning or signing.
 */
export async function eligibleInspectorIds(
  db: Db,
  personIds: string[],
  today: string = chinaToday(),
): Promise<Set<string>> {
  if (personIds.length === 0) return new Set();
  const rows = await db
    .select({ id: t.id })
    .from(t)
    .where(and(inArray(t.id, personIds), eq(t.kind, 'inspector'), hasCurrentTraining(today)));
  return new Set(rows.map((r) => r.id));
}

type Values = {
  name: string;
  kind: PersonKind;
  phone: string;
  enterpriseId: string | null;
  venueId: string | null;
  departmentId: string | null;
  regionId: string;
  certificateNumber: string | null;
  certificateExpiresOn: string | null;
  assessmentPassedOn: string | null;
  userId: string | null;
};

const comparedFields = [
  'name',
  'kind',
  'phone',
  'enterpriseId',
  'venueId',
  'departmentId',
  'regionId',
  'certificateNumber',
  'certificateExpiresOn',
  'assessmentPassedOn',
  'userId',
] as const;

export function createPeopleService({
  db,
  today = chinaToday,
  limits = { trainingValidDays: TRAINING_VALID_DAYS },
}: {
  db: Db;
  today?: () => string;
  /** The limits in force (规则参数), read at each use. */
  limits?: Pick<RananLimits, 'trainingValidDays'>;
}) {
  const repo = createPeopleRepository({ db });

  /**
   * The person's unit and fields, checked against its kind: staff belong to an enterprise, an
   * inspector to a department or a township; a special-equipment operator holds a certificate.
   * The region defaults to the department's or the enterprise's.
   */
  async function resolve(tx: Db, input: Omit<Values, 'regionId'> & { regionId: string | undefined }): Promise<Values> {
    const r = createPeopleRepository({ db: tx });
    let regionId = input.regionId;
    if (isStaffKind(input.kind)) {
      if (input.departmentId) throw personFieldNotApplicable({ field: 'departmentId' });
      if (input.enterpriseId && input.venueId) throw personEmployerConflict({ field: 'venueId' });
      if (input.venueId) {
        // A venue's own staff: the region is the venue's, always.
        if (!isVenueStaffKind(input.kind)) throw personKindNotForVenue({ field: 'kind' });
        const venue = await r.venue({ id: input.venueId });
        if (!venue || venue.archivedAt) throw personVenueNotFound({ field: 'venueId' });
        regionId = venue.regionId;
      } else {
        if (!input.enterpriseId) throw personEnterpriseRequired({ field: 'enterpriseId' });
        const enterprise = await r.enterprise({ id: input.enterpriseId });
        if (!enterprise || enterprise.archivedAt) throw personEnterpriseNotFound({ field: 'enterpriseId' });
        regionId ??= enterprise.regionId;
      }
    } else {
      if (input.enterpriseId) throw personFieldNotApplicable({ field: 'enterpriseId' });
      if (input.venueId) throw personFieldNotApplicable({ field: 'venueId' });
      if (input.departmentId) {
        const department = await r.department({ id: input.departmentId });
        if (!department || department.archivedAt) throw personDepartmentNotFound({ field: 'departmentId' });
        regionId ??= department.regionId;
      }
      if (!regionId) throw personUnitRequired({ field: 'departmentId' });
    }
    const region = await r.region({ id: regionId });
    if (!region || region.archivedAt) throw personRegionNotFound({ field: 'regionId' });
    if (needsCertificate(input.kind)) {
      if (!input.certificateNumber) throw personCertificateRequired({ field: 'certificateNumber' });
      if (!input.certificateExpiresOn) throw personCertificateRequired({ field: 'certificateExpiresOn' });
    }
    if (input.assessmentPassedOn && !hasAssessment(input.kind))
      throw personFieldNotApplicable({ field: 'assessmentPassedOn' });
    if (input.userId && !(await r.userExists({ id: input.userId }))) throw personUserNotFound({ field: 'userId' });
    return { ...input, regionId };
  }

  /**
   * The account linked to a person signs inspections as that person (谁检查、谁签字). Only a user
   * administrator links someone else's account; anyone else may link only their own.
   */
  function checkUserLink(actor: Actor, userId: string | null, before: string | null = null) {
    if (userId === before || userId === null) return;
    if (actor.type === 'system' || can(actor, 'user.manage')) return;
    if (actor.type === 'user' && userId === actor.id) return;
    throw personUserLinkForbidden({ field: 'userId' });
  }

  async function checkTargetScope(tx: Db, actor: Actor, v: Values) {
    const ok = await withinScope(tx, actor, 'registry.manage', 'person', {
      regionId: v.regionId,
      enterpriseId: v.enterpriseId,
      venueId: v.venueId,
      departmentId: v.departmentId,
    });
    if (!ok)
      throw personOutsideScope({
        field: v.enterpriseId ? 'enterpriseId' : v.venueId ? 'venueId' : v.departmentId ? 'departmentId' : 'regionId',
      });
  }

  async function loadOne(tx: Db, actor: Actor, id: string) {
    const row = await createPeopleRepository({ db: tx }).get({
      id,
      scope: scopeOf(actor, 'registry.read'),
      manageScope: scopeOf(actor, 'registry.manage'),
    });
    if (!row) throw personNotFound();
    return row;
  }

  async function presentRows(rows: PersonListRow[], now: string) {
    const records = await repo.trainingOf({ personIds: rows.map((r) => r.person.id) });
    return rows.map((r) =>
      presentPerson(
        r,
        records.filter((x) => x.personId === r.person.id),
        now,
      ),
    );
  }

  async function detail(actor: Actor, row: PersonListRow & { manageable: boolean }) {
    const live = row.person.archivedAt === null;
    const manage = row.manageable === true && can(actor, 'registry.manage');
    const [item] = await presentRows([row], today());
    return { ...item!, abilities: { edit: manage && live, archive: manage && live, addTraining: manage && live } };
  }

  async function insert(tx: Db, actor: Actor, input: CreatePersonInput, via: Via) {
    const r = createPeopleRepository({ db: tx });
    const values = await resolve(tx, {
      name: input.name,
      kind: input.kind,
      phone: input.phone,
      enterpriseId: input.enterpriseId ?? null,
      venueId: input.venueId ?? null,
      departmentId: input.departmentId ?? null,
      regionId: input.regionId,
      certificateNumber: input.certificateNumber ?? null,
      certificateExpiresOn: input.certificateExpiresOn ?? null,
      assessmentPassedOn: input.assessmentPassedOn ?? null,
      userId: input.userId ?? null,
    });
    await checkTargetScope(tx, actor, values);
    checkUserLink(actor, values.userId);
    if (await r.getByNamePhone(values)) throw personNameTaken({ field: 'phone' });
    let row: PersonRow;
    try {
      row = await r.insert({ ...values, searchTokens: searchTokens(values.name, values.phone) });
    } catch (err) {
      if (isUniqueViolation(err)) throw personNameTaken({ field: 'phone' });
      throw err;
    }
    await recordAudit(tx, {
      actor,
      action: 'person.create',
      subject: { type: 'person', id: row.id },
      regionId: row.regionId,
      after: row,
      details: { name: row.name, kind: row.kind, via },
    });
    return row;
  }

  async function change(tx: Db, actor: Actor, before: PersonRow, changes: UpdatePersonInput, via: Via) {
    if (before.archivedAt) throw personArchived();
    const r = createPeopleRepository({ db: tx });
    const pick = <K extends keyof Values>(k: K): Values[K] =>
      (changes[k as keyof UpdatePersonInput] === undefined
        ? before[k]
        : changes[k as keyof UpdatePersonInput]) as Values[K];
    const unitChanged =
      (changes.enterpriseId !== undefined && changes.enterpriseId !== before.enterpriseId) ||
      (changes.venueId !== undefined && changes.venueId !== before.venueId) ||
      (changes.departmentId !== undefined && changes.departmentId !== before.departmentId);
    const values = await resolve(tx, {
      name: pick('name'),
      kind: pick('kind'),
      phone: pick('phone'),
      enterpriseId: pick('enterpriseId'),
      venueId: pick('venueId'),
      departmentId: pick('departmentId'),
      // A new unit brings its region unless one is given.
      regionId: changes.regionId ?? (unitChanged ? undefined : before.regionId),
      certificateNumber: pick('certificateNumber'),
      certificateExpiresOn: pick('certificateExpiresOn'),
      assessmentPassedOn: pick('assessmentPassedOn'),
      userId: pick('userId'),
    });
    if (
      values.regionId !== before.regionId ||
      values.enterpriseId !== before.enterpriseId ||
      values.venueId !== before.venueId ||
      values.departmentId !== before.departmentId
    ) {
      await checkTargetScope(tx, actor, values);
    }
    checkUserLink(actor, values.userId, before.userId);
    // 人车对应 (plan 四(三)3): a bound worker stays a delivery worker of the vehicle's enterprise.
    const vehicle = await r.boundVehicle({ personId: before.id });
    if (vehicle && (values.kind !== 'delivery_worker' || values.enterpriseId !== vehicle.enterpriseId)) {
      throw personBoundToVehicle({
        field: values.kind !== 'delivery_worker' ? 'kind' : 'enterpriseId',
        vehicleId: vehicle.id,
        plate: vehicle.plate,
      });
    }
    if (values.name !== before.name || values.phone !== before.phone) {
      const other = await r.getByNamePhone(values);
      if (other && other.id !== before.id) throw personNameTaken({ field: 'phone' });
    }
    let after: PersonRow;
    try {
      after = await r.update({ id: before.id, ...values, searchTokens: searchTokens(values.name, values.phone) });
    } catch (err) {
      if (isUniqueViolation(err)) throw personNameTaken({ field: 'phone' });
      throw err;
    }
    await recordAudit(tx, {
      actor,
      action: 'person.update',
      subject: { type: 'person', id: before.id },
      regionId: after.regionId,
      before,
      after,
      details: { name: after.name, fields: Object.keys(changes), via },
    });
    return after;
  }

  async function listWhere(actor: Actor, filters: PersonFilters, page: number, pageSize: number) {
    const now = today();
    const where = and(scopeOf(actor, 'registry.read'), personConditions(filters, now));
    const { rows, total } = await repo.list({ where, limit: pageSize, offset: (page - 1) * pageSize });
    return { items: await presentRows(rows, now), total, page, pageSize };
  }

  return {
    /** People in the actor's scope, filtered (kind, unit, region subtree, may inspect, text) and paged by name. */
    async list({
      actor,
      page,
      pageSize,
      ...filters
    }: { actor: Actor; page: number; pageSize: number } & PersonFilters) {
      requirePermission(actor, 'registry.read');
      return listWhere(actor, filters, page, pageSize);
    },

    /**
     * Inspectors in the actor's scope; with `eligible`, only those who may inspect today — the list
     * inspections assign from (先培训、后排查, plan 五(一)1: 未经培训不得担任排查岗位).
     */
    async listInspectors({
      actor,
      eligible,
      page,
      pageSize,
      ...filters
    }: {
      actor: Actor;
      eligible?: boolean;
      departmentId?: string;
      regionId?: string;
      q?: string;
      page: number;
      pageSize: number;
    }) {
      requirePermission(actor, 'registry.read');
      return listWhere(
        actor,
        { ...filters, kind: 'inspector', mayInspect: eligible ? true : undefined },
        page,
        pageSize,
      );
    },

    /** Every person matching the filters, in pages (export). */
    async *iterate({ actor, ...filters }: { actor: Actor } & PersonFilters) {
      requirePermission(actor, 'registry.read');
      const now = today();
      const where = and(scopeOf(actor, 'registry.read'), personConditions(filters, now));
      let after: string | null = null;
      for (;;) {
        const rows = await repo.listAfter({ where, afterId: after, limit: 500 });
        for (const item of await presentRows(rows, now)) yield item;
        if (rows.length < 500) return;
        after = rows[rows.length - 1]!.person.id;
      }
    },

    /** One person with training-derived eligibility and what the actor may do; outside scope it does not exist. */
    async get({ actor, id }: { actor: Actor; id: string }) {
      requirePermission(actor, 'registry.read');
      return detail(actor, await loadOne(db, actor, id));
    },

    /** Registers an inspector or a member of an enterprise's staff, within the actor's scope. */
    async create({ actor, ...input }: { actor: Actor } & CreatePersonInput) {
      requirePermission(actor, 'registry.manage');
      const id = await db.transaction(async (tx) => (await insert(tx, actor, input, 'api')).id);
      return detail(actor, await loadOne(db, actor, id));
    },

    /** Edits a person the actor manages; a bound delivery worker keeps kind and enterprise. */
    async update({ actor, id, ...changes }: { actor: Actor; id: string } & UpdatePersonInput) {
      requirePermission(actor, 'registry.manage');
      await db.transaction(async (tx) => {
        const before = await loadOne(tx, actor, id);
        if (!before.manageable) throw forbidden({ permission: 'registry.manage' });
        await change(tx, actor, before.person, changes, 'api');
      });
      return detail(actor, await loadOne(db, actor, id));
    },

    /** Archives a person (never deleted); a bound vehicle is released (人车对应 ends with the person). */
    async archive({ actor, id }: { actor: Actor; id: string }) {
      requirePermission(actor, 'registry.manage');
      await db.transaction(async (tx) => {
        const r = createPeopleRepository({ db: tx });
        const before = await loadOne(tx, actor, id);
        if (!before.manageable) throw forbidden({ permission: 'registry.manage' });
        if (before.person.archivedAt) throw personArchived();
        const vehicle = await r.boundVehicle({ personId: id });
        if (vehicle) {
          await r.unbindVehicle({ vehicleId: vehicle.id });
          const enterprise = await r.enterprise({ id: vehicle.enterpriseId });
          await recordAudit(tx, {
            actor,
            action: 'vehicle.unbind',
            subject: { type: 'vehicle', id: vehicle.id },
            regionId: enterprise?.regionId ?? before.person.regionId,
            before: { boundPersonId: id },
            after: { boundPersonId: null },
            details: { plate: vehicle.plate, personId: id, reason: 'person_archived' },
          });
        }
        const after = await r.update({ id, archivedAt: new Date() });
        await recordAudit(tx, {
          actor,
          action: 'person.archive',
          subject: { type: 'person', id },
          regionId: after.regionId,
          before: before.person,
          after,
          details: { name: after.name, unboundVehicleId: vehicle?.id ?? null },
        });
      });
      return detail(actor, await loadOne(db, actor, id));
    },

    /** A person's training records, newest first (append-only: a correction is a new record). */
    async listTraining({ actor, id }: { actor: Actor; id: string }) {
      requirePermission(actor, 'registry.read');
      await loadOne(db, actor, id);
      const now = today();
      return { items: (await repo.trainingOf({ personIds: [id] })).map((r) => presentTrainingRecord(r, now)) };
    },

    /**
     * Records a training (先培训、后排查, plan 五(一)1). A passed training is valid for
     * the limit `trainingValidDays` in force unless the record says otherwise.
     */
    async addTraining({
      actor,
      id,
      course,
      trainedOn,
      passed,
      validUntil,
    }: { actor: Actor; id: string } & CreateTrainingRecordInput) {
      requirePermission(actor, 'registry.manage');
      const now = today();
      if (trainedOn > now) throw trainingDatesInvalid({ field: 'trainedOn' });
      const until =
        validUntil === undefined
          ? passed
            ? trainingValidUntil(trainedOn, limits.trainingValidDays)
            : null
          : validUntil;
      if (until !== null && until < trainedOn) throw trainingDatesInvalid({ field: 'validUntil' });
      const row = await db.transaction(async (tx) => {
        const person = await loadOne(tx, actor, id);
        if (!person.manageable) throw forbidden({ permission: 'registry.manage' });
        if (person.person.archivedAt) throw personArchived();
        const record = await createPeopleRepository({ db: tx }).insertTraining({
          personId: id,
          course,
          trainedOn,
          passed,
          validUntil: until,
        });
        await recordAudit(tx, {
          actor,
          action: 'person.add_training',
          subject: { type: 'person', id },
          regionId: person.person.regionId,
          after: record,
          details: { course, trainedOn, passed, validUntil: until },
        });
        return record;
      });
      return presentTrainingRecord(row, now);
    },

    /** Import: inserts or updates by name + phone inside the caller's transaction. */
    async upsertByNamePhone({ actor, value, via = 'import' }: { actor: Actor; value: CreatePersonInput; via?: Via }) {
      requirePermission(actor, 'registry.manage');
      return db.transaction(async (tx) => {
        const r = createPeopleRepository({ db: tx });
        const existing = await r.getByNamePhone(value);
        if (!existing) {
          await insert(tx, actor, value, via);
          return 'created' as const;
        }
        const inScope = await r.get({
          id: existing.id,
          scope: scopeOf(actor, 'registry.manage'),
          manageScope: scopeOf(actor, 'registry.manage'),
        });
        if (!inScope) throw personNameTaken({ field: 'phone' });
        if (existing.archivedAt) throw personArchived({ field: 'name' });
        const changes: UpdatePersonInput = {
          kind: value.kind,
          enterpriseId: value.enterpriseId ?? null,
          venueId: value.venueId ?? null,
          departmentId: value.departmentId ?? null,
          regionId: value.regionId,
          certificateNumber: value.certificateNumber ?? null,
          certificateExpiresOn: value.certificateExpiresOn ?? null,
          assessmentPassedOn: value.assessmentPassedOn ?? null,
          ...(value.userId === undefined ? {} : { userId: value.userId }),
        };
        const unchanged = comparedFields.every((k) => {
          const next = k in changes ? changes[k as keyof UpdatePersonInput] : undefined;
          if (next === undefined) return true;
          return (existing[k] ?? null) === (next ?? null);
        });
        if (unchanged) return 'unchanged' as const;
        await change(tx, actor, existing, changes, via);
        return 'updated' as const;
      });
    },
  };
}

export type PeopleService = ReturnType<typeof createPeopleService>;
