import { and } from 'drizzle-orm';
import {
  chinaToday,
  hazardousVehicleEnterpriseKinds,
  permitExpired,
} from '../../../domain/registry/pipelines-people-vehicles.ts';
import type { VehicleKind } from '../../../domain/registry/registry.ts';
import type { Db } from '../../db/client.ts';
import { type Actor, can, requirePermission } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { isUniqueViolation } from '../../platform/db-errors.ts';
import { forbidden } from '../../platform/errors.ts';
import { registryFilter } from './registry.access.ts';
import { withinScope } from './registry.query.ts';
import { enterprisesTable, peopleTable, vehiclesTable } from './registry.table.ts';
import {
  vehicleArchived,
  vehicleEnterpriseKindInvalid,
  vehicleEnterpriseNotFound,
  vehicleNotBound,
  vehicleNotFound,
  vehicleOutsideScope,
  vehiclePermitRequired,
  vehiclePlateTaken,
  vehicleUnbindFirst,
  vehicleWorkerAlreadyBound,
  vehicleWorkerInvalid,
} from './vehicles.errors.ts';
import {
  type VehicleListRow,
  type VehicleRow,
  createVehiclesRepository,
  vehicleConditions,
} from './vehicles.repository.ts';
import type { CreateVehicleInput, UpdateVehicleInput, VehicleFilters } from './vehicles.schemas.ts';

/** Where a write came from, recorded in its audit entry. */
type Via = 'api' | 'import' | 'seed';

const t = vehiclesTable;
/** Vehicles have no region: the scope looks at the enterprise's (the queries join enterprises). */
const scopeOf = (actor: Actor, permission: 'registry.read' | 'registry.manage') =>
  registryFilter(actor, permission, 'vehicle', {
    regionId: enterprisesTable.regionId,
    enterpriseId: t.enterpriseId,
    enterpriseRoles: enterprisesTable.roles,
  });
const personScope = (actor: Actor) =>
  registryFilter(actor, 'registry.read', 'person', {
    regionId: peopleTable.regionId,
    enterpriseId: peopleTable.enterpriseId,
    departmentId: peopleTable.departmentId,
  });

/** Row → response: the only place a vehicle's fields are exposed. */
export function presentVehicle(r: VehicleListRow, today: string) {
  const v = r.vehicle;
  return {
    id: v.id,
    plate: v.plate,
    kind: v.kind,
    enterpriseId: v.enterpriseId,
    enterprise: { id: v.enterpriseId, name: r.enterpriseName, creditCode: r.enterpriseCreditCode },
    region: { id: r.regionId, name: r.regionName },
    permitNumber: v.permitNumber,
    permitValidTo: v.permitValidTo,
    permitExpired: permitExpired(v.permitValidTo, today),
    boundPersonId: v.boundPersonId,
    boundPerson:
      v.boundPersonId && r.personName !== null
        ? { id: v.boundPersonId, name: r.personName, phone: r.personPhone ?? '' }
        : null,
    archived: v.archivedAt !== null,
    archivedAt: v.archivedAt?.toISOString() ?? null,
    createdAt: v.createdAt.toISOString(),
    updatedAt: v.updatedAt.toISOString(),
  };
}

type Values = {
  plate: string;
  kind: VehicleKind;
  enterpriseId: string;
  permitNumber: string | null;
  permitValidTo: string | null;
};

export function createVehiclesService({ db, today = chinaToday }: { db: Db; today?: () => string }) {
  const repo = createVehiclesRepository({ db });

  /**
   * A hazardous-goods vehicle carries its transport permit and belongs to a carrier or a bottled
   * operator (plan 三(三)2: no gas transport without the permit). Returns the enterprise's region.
   */
  async function check(tx: Db, actor: Actor, v: Values): Promise<string> {
    const enterprise = await createVehiclesRepository({ db: tx }).enterprise({ id: v.enterpriseId });
    if (!enterprise || enterprise.archivedAt) throw vehicleEnterpriseNotFound({ field: 'enterpriseId' });
    if (v.kind === 'hazardous_transport') {
      if (!(hazardousVehicleEnterpriseKinds as readonly string[]).includes(enterprise.kind)) {
        throw vehicleEnterpriseKindInvalid({ field: 'enterpriseId', kind: enterprise.kind });
      }
      if (!v.permitNumber) throw vehiclePermitRequired({ field: 'permitNumber' });
    }
    const ok = await withinScope(tx, actor, 'registry.manage', 'vehicle', {
      regionId: enterprise.regionId,
      enterpriseId: enterprise.id,
    });
    if (!ok) throw vehicleOutsideScope({ field: 'enterpriseId' });
    return enterprise.regionId;
  }

  async function loadOne(tx: Db, actor: Actor, id: string) {
    const row = await createVehiclesRepository({ db: tx }).get({
      id,
      scope: scopeOf(actor, 'registry.read'),
      manageScope: scopeOf(actor, 'registry.manage'),
    });
    if (!row) throw vehicleNotFound();
    return row;
  }

  async function loadForManage(tx: Db, actor: Actor, id: string) {
    const row = await loadOne(tx, actor, id);
    if (!row.manageable) throw forbidden({ permission: 'registry.manage' });
    if (row.vehicle.archivedAt) throw vehicleArchived();
    return row;
  }

  function detail(actor: Actor, row: VehicleListRow & { manageable: boolean }) {
    const live = row.vehicle.archivedAt === null;
    const manage = row.manageable === true && can(actor, 'registry.manage');
    return {
      ...presentVehicle(row, today()),
      abilities: { edit: manage && live, archive: manage && live, bind: manage && live },
    };
  }

  async function insert(tx: Db, actor: Actor, input: CreateVehicleInput, via: Via) {
    const r = createVehiclesRepository({ db: tx });
    const values: Values = {
      ...input,
      permitNumber: input.permitNumber ?? null,
      permitValidTo: input.permitValidTo ?? null,
    };
    const regionId = await check(tx, actor, values);
    if (await r.getByPlate({ plate: values.plate })) throw vehiclePlateTaken({ field: 'plate' });
    let row: VehicleRow;
    try {
      row = await r.insert(values);
    } catch (err) {
      if (isUniqueViolation(err)) throw vehiclePlateTaken({ field: 'plate' });
      throw err;
    }
    await recordAudit(tx, {
      actor,
      action: 'vehicle.create',
      subject: { type: 'vehicle', id: row.id },
      regionId,
      after: row,
      details: { plate: row.plate, kind: row.kind, via },
    });
    return row;
  }

  async function change(tx: Db, actor: Actor, before: VehicleRow, changes: UpdateVehicleInput, via: Via) {
    if (before.archivedAt) throw vehicleArchived();
    const r = createVehiclesRepository({ db: tx });
    const values: Values = {
      plate: changes.plate ?? before.plate,
      kind: changes.kind ?? before.kind,
      enterpriseId: changes.enterpriseId ?? before.enterpriseId,
      permitNumber: changes.permitNumber === undefined ? before.permitNumber : changes.permitNumber,
      permitValidTo: changes.permitValidTo === undefined ? before.permitValidTo : changes.permitValidTo,
    };
    // The bound worker is staff of the vehicle's enterprise (人车对应): moving the vehicle breaks that.
    if (values.enterpriseId !== before.enterpriseId && before.boundPersonId)
      throw vehicleUnbindFirst({ field: 'enterpriseId' });
    const regionId = await check(tx, actor, values);
    if (values.plate !== before.plate) {
      const other = await r.getByPlate({ plate: values.plate });
      if (other && other.id !== before.id) throw vehiclePlateTaken({ field: 'plate' });
    }
    let after: VehicleRow;
    try {
      after = await r.update({ id: before.id, ...values });
    } catch (err) {
      if (isUniqueViolation(err)) throw vehiclePlateTaken({ field: 'plate' });
      throw err;
    }
    await recordAudit(tx, {
      actor,
      action: 'vehicle.update',
      subject: { type: 'vehicle', id: before.id },
      regionId,
      before,
      after,
      details: { plate: after.plate, fields: Object.keys(changes), via },
    });
    return after;
  }

  /**
   * 人车对应 (plan 四(三)3): one delivery worker of the vehicle's enterprise per vehicle, one vehicle
   * per worker. A worker bound elsewhere moves only when asked (`replace`); both moves are audited.
   */
  async function bindWorker(tx: Db, actor: Actor, vehicle: VehicleListRow, personId: string, replace: boolean) {
    const r = createVehiclesRepository({ db: tx });
    const person = await r.person({ id: personId, scope: personScope(actor) });
    const invalid = (reason: string) => vehicleWorkerInvalid({ field: 'personId', reason });
    if (!person) throw invalid('not_found');
    if (person.archivedAt) throw invalid('archived');
    if (person.kind !== 'delivery_worker') throw invalid('not_a_delivery_worker');
    if (person.enterpriseId !== vehicle.vehicle.enterpriseId) throw invalid('other_enterprise');
    if (vehicle.vehicle.boundPersonId === personId) return false;
    const elsewhere = await r.boundTo({ personId });
    if (elsewhere) {
      if (!replace)
        throw vehicleWorkerAlreadyBound({ field: 'personId', vehicleId: elsewhere.id, plate: elsewhere.plate });
      await r.update({ id: elsewhere.id, boundPersonId: null });
      await recordAudit(tx, {
        actor,
        action: 'vehicle.unbind',
        subject: { type: 'vehicle', id: elsewhere.id },
        regionId: vehicle.regionId,
        before: { boundPersonId: personId },
        after: { boundPersonId: null },
        details: {
          plate: elsewhere.plate,
          personId,
          personName: person.name,
          reason: 'moved',
          toVehicleId: vehicle.vehicle.id,
        },
      });
    }
    try {
      await r.update({ id: vehicle.vehicle.id, boundPersonId: personId });
    } catch (err) {
      if (isUniqueViolation(err)) throw vehicleWorkerAlreadyBound({ field: 'personId' });
      throw err;
    }
    await recordAudit(tx, {
      actor,
      action: 'vehicle.bind',
      subject: { type: 'vehicle', id: vehicle.vehicle.id },
      regionId: vehicle.regionId,
      before: { boundPersonId: vehicle.vehicle.boundPersonId },
      after: { boundPersonId: personId },
      details: {
        plate: vehicle.vehicle.plate,
        personId,
        personName: person.name,
        previousPersonId: vehicle.vehicle.boundPersonId,
        fromVehicleId: elsewhere?.id ?? null,
      },
    });
    return true;
  }

  return {
    /** Vehicles in the actor's scope (by their enterprise), filtered and paged by plate. */
    async list({
      actor,
      page,
      pageSize,
      ...filters
    }: { actor: Actor; page: number; pageSize: number } & VehicleFilters) {
      requirePermission(actor, 'registry.read');
      const where = and(scopeOf(actor, 'registry.read'), vehicleConditions(filters));
      const { rows, total } = await repo.list({ where, limit: pageSize, offset: (page - 1) * pageSize });
      const now = today();
      return { items: rows.map((r) => presentVehicle(r, now)), total, page, pageSize };
    },

    /** Every vehicle matching the filters, in pages by plate (export). */
    async *iterate({ actor, ...filters }: { actor: Actor } & VehicleFilters) {
      requirePermission(actor, 'registry.read');
      const where = and(scopeOf(actor, 'registry.read'), vehicleConditions(filters));
      const now = today();
      let after: string | null = null;
      for (;;) {
        const rows = await repo.listAfter({ where, afterPlate: after, limit: 500 });
        for (const r of rows) yield presentVehicle(r, now);
        if (rows.length < 500) return;
        after = rows[rows.length - 1]!.vehicle.plate;
      }
    },

    /** One vehicle with its bound worker and what the actor may do; outside scope it does not exist. */
    async get({ actor, id }: { actor: Actor; id: string }) {
      requirePermission(actor, 'registry.read');
      return detail(actor, await loadOne(db, actor, id));
    },

    /** Registers a vehicle of an enterprise within the actor's scope. */
    async create({ actor, ...input }: { actor: Actor } & CreateVehicleInput) {
      requirePermission(actor, 'registry.manage');
      const id = await db.transaction(async (tx) => (await insert(tx, actor, input, 'api')).id);
      return detail(actor, await loadOne(db, actor, id));
    },

    /** Edits a vehicle the actor manages. */
    async update({ actor, id, ...changes }: { actor: Actor; id: string } & UpdateVehicleInput) {
      requirePermission(actor, 'registry.manage');
      await db.transaction(async (tx) => {
        const before = await loadOne(tx, actor, id);
        if (!before.manageable) throw forbidden({ permission: 'registry.manage' });
        await change(tx, actor, before.vehicle, changes, 'api');
      });
      return detail(actor, await loadOne(db, actor, id));
    },

    /** Archives a vehicle (never deleted); its worker is released. */
    async archive({ actor, id }: { actor: Actor; id: string }) {
      requirePermission(actor, 'registry.manage');
      await db.transaction(async (tx) => {
        const before = await loadForManage(tx, actor, id);
        const after = await createVehiclesRepository({ db: tx }).update({
          id,
          archivedAt: new Date(),
          boundPersonId: null,
        });
        await recordAudit(tx, {
          actor,
          action: 'vehicle.archive',
          subject: { type: 'vehicle', id },
          regionId: before.regionId,
          before: before.vehicle,
          after,
          details: { plate: after.plate, unboundPersonId: before.vehicle.boundPersonId },
        });
      });
      return detail(actor, await loadOne(db, actor, id));
    },

    /** Binds a delivery worker to the vehicle (人车对应, plan 四(三)3). */
    async bind({
      actor,
      id,
      personId,
      replace = false,
    }: {
      actor: Actor;
      id: string;
      personId: string;
      replace?: boolean;
    }) {
      requirePermission(actor, 'registry.manage');
      await db.transaction(async (tx) => {
        const vehicle = await loadForManage(tx, actor, id);
        await bindWorker(tx, actor, vehicle, personId, replace);
      });
      return detail(actor, await loadOne(db, actor, id));
    },

    /** Releases the vehicle's worker. */
    async unbind({ actor, id }: { actor: Actor; id: string }) {
      requirePermission(actor, 'registry.manage');
      await db.transaction(async (tx) => {
        const vehicle = await loadForManage(tx, actor, id);
        const personId = vehicle.vehicle.boundPersonId;
        if (!personId) throw vehicleNotBound();
        await createVehiclesRepository({ db: tx }).update({ id, boundPersonId: null });
        await recordAudit(tx, {
          actor,
          action: 'vehicle.unbind',
          subject: { type: 'vehicle', id },
          regionId: vehicle.regionId,
          before: { boundPersonId: personId },
          after: { boundPersonId: null },
          details: { plate: vehicle.vehicle.plate, personId, personName: vehicle.personName },
        });
      });
      return detail(actor, await loadOne(db, actor, id));
    },

    /**
     * Import: inserts or updates by plate inside the caller's transaction; a named worker is bound
     * (moved from another vehicle if need be: the file is the register's word). No worker named:
     * the binding is left as it is.
     */
    async upsertByPlate({
      actor,
      value,
      personId,
      via = 'import',
    }: {
      actor: Actor;
      value: CreateVehicleInput;
      personId: string | null;
      via?: Via;
    }) {
      requirePermission(actor, 'registry.manage');
      return db.transaction(async (tx) => {
        const r = createVehiclesRepository({ db: tx });
        const existing = await r.getByPlate({ plate: value.plate });
        let outcome: 'created' | 'updated' | 'unchanged';
        let id: string;
        if (!existing) {
          id = (await insert(tx, actor, value, via)).id;
          outcome = 'created';
        } else {
          const row = await r.get({
            id: existing.id,
            scope: scopeOf(actor, 'registry.manage'),
            manageScope: scopeOf(actor, 'registry.manage'),
          });
          if (!row) throw vehiclePlateTaken({ field: 'plate' });
          if (existing.archivedAt) throw vehicleArchived({ field: 'plate' });
          id = existing.id;
          const same =
            existing.kind === value.kind &&
            existing.enterpriseId === value.enterpriseId &&
            existing.permitNumber === (value.permitNumber ?? null) &&
            existing.permitValidTo === (value.permitValidTo ?? null);
          if (!same) {
            await change(
              tx,
              actor,
              existing,
              { ...value, permitNumber: value.permitNumber ?? null, permitValidTo: value.permitValidTo ?? null },
              'import',
            );
          }
          outcome = same ? 'unchanged' : 'updated';
        }
        if (personId) {
          const vehicle = await r.get({
            id,
            scope: scopeOf(actor, 'registry.manage'),
            manageScope: scopeOf(actor, 'registry.manage'),
          });
          if (await bindWorker(tx, actor, vehicle!, personId, true))
            outcome = outcome === 'unchanged' ? 'updated' : outcome;
        }
        return outcome;
      });
    },
  };
}

export type VehiclesService = ReturnType<typeof createVehiclesService>;
