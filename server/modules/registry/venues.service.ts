import type { RananLimits } from '../../../domain/hazards/limits.ts';
import { type AnyColumn, type SQL, sql } from 'drizzle-orm';
import { permissionsOf } from '../../../domain/access/roles.ts';
import { departmentResponsibilities, searchTokens } from '../../../domain/registry/registry.ts';
import { CYLINDER_ROOM_THRESHOLD_KG, venueRiskFlagInfo, venueRiskFlags } from '../../../domain/registry/venue-risk.ts';
import type { Db } from '../../db/client.ts';
import { type Actor, requirePermission } from '../../platform/access.ts';
import { perActorStatement } from '../../platform/actor-statements.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { isUniqueViolation } from '../../platform/db-errors.ts';
import { forbidden } from '../../platform/errors.ts';
import { type ScopeColumns, checkRegulatorFields, registryFilter } from './registry.access.ts';
import { todayInChina } from './registry.helpers.ts';
import { venuesTable } from './registry.table.ts';
import {
  venueArchived,
  venueContractDatesReversed,
  venueContractFieldsOnly,
  venueDuplicate,
  venueInstallDateWithoutDevice,
  venueNotFound,
  venueOutsideScope,
  venueRegionNotFound,
  venueSupplierNotFound,
  venueSupplierNotGasOperator,
  venueSupplyAlreadySuspended,
  venueSupplyNotSuspended,
} from './venues.errors.ts';
import { type AbilitySql, type VenueInsert, type VenueRow, createVenuesRepository } from './venues.repository.ts';
import {
  type CreateVenueBody,
  type ListVenuesQuery,
  type UpdateVenueBody,
  venueRegulatorFields,
  supplierEditableFields,
} from './venues.schemas.ts';
import type { z } from 'zod';

export type CreateVenueInput = z.infer<typeof CreateVenueBody>;
export type UpdateVenueInput = z.infer<typeof UpdateVenueBody>;

/** Enterprises that may supply gas to a venue (plan 三(一)3: the supply contract is with a gas operator). */
export const GAS_OPERATOR_KINDS = ['pipeline_operator', 'bottled_operator'] as const;

const columns = {
  regionId: venuesTable.regionId,
  enterpriseId: venuesTable.supplierEnterpriseId,
  venueId: venuesTable.id,
  venueCategory: venuesTable.category,
} satisfies ScopeColumns;

/** Venues the actor may see: its township, the categories its department answers for, its customers, its venue. */
export function venueReadScope(actor: Actor): SQL {
  return registryFilter(actor, 'registry.read', 'venue', columns);
}

/**
 * Who may do what to a venue, as SQL per row: a full manager (township, responsible department,
 * the venue's own manager) edits everything; the supplier's enterprise manager edits the supply
 * contract and suspends or resumes supply; archiving is for officers, not for the venue itself.
 */
export function venueAbilitySql(actor: Actor): AbilitySql {
  return {
    full: registryFilter(actor, 'registry.manage', 'venue', {
      regionId: columns.regionId,
      venueId: columns.venueId,
      venueCategory: columns.venueCategory,
    }),
    supplier: registryFilter(actor, 'registry.manage', 'venue', { enterpriseId: columns.enterpriseId }),
    archive: registryFilter(actor, 'registry.manage', 'venue', {
      regionId: columns.regionId,
      venueCategory: columns.venueCategory,
    }),
  };
}

/**
 * Whether the actor may register venues somewhere: a global, township or venue-responsible
 * department grant with registry.manage (an enterprise or venue manager may not).
 */
export function mayCreateVenues(actor: Actor): boolean {
  if (actor.type === 'system') return true;
  return actor.grants.some(
    (g) =>
      permissionsOf(g.role).includes('registry.manage') &&
      (g.scopeType === 'global' ||
        g.scopeType === 'region' ||
        (g.scopeType === 'department' && !!g.departmentCode && !!departmentResponsibilities[g.departmentCode]?.venues)),
  );
}

const literal = (value: string | null, type: 'uuid' | 'text') =>
  sql`${value}::${sql.raw(type)}` as unknown as AnyColumn;

/** Would a venue with these values be within the actor's full-management scope? */
function manageScopeOf(actor: Actor, v: { id: string | null; regionId: string; category: string }): SQL {
  return registryFilter(actor, 'registry.manage', 'venue', {
    regionId: literal(v.regionId, 'uuid'),
    venueId: literal(v.id, 'uuid'),
    venueCategory: literal(v.category, 'text'),
  });
}

type PresentableRow = Omit<VenueRow, 'searchTokens'> & {
  regionName: string;
  supplierName: string | null;
  canFull: boolean;
  canSupplier: boolean;
  canArchive: boolean;
};

const today = () => todayInChina();

/** Row → response: the only place a venue's fields are exposed. */
export function presentVenue(r: PresentableRow, now = today(), cylinderRoomThresholdKg = CYLINDER_ROOM_THRESHOLD_KG) {
  const live = r.archivedAt === null;
  const supplyManager = live && (r.canArchive || r.canSupplier);
  return {
    id: r.id,
    name: r.name,
    category: r.category,
    regionId: r.regionId,
    regionName: r.regionName,
    address: r.address,
    lng: r.lng,
    lat: r.lat,
    floor: r.floor,
    highRiseBuilding: r.highRiseBuilding,
    gasSources: r.gasSources as ('piped' | 'bottled_lpg' | 'industrial_fuel')[],
    supplierEnterpriseId: r.supplierEnterpriseId,
    supplierName: r.supplierName,
    contractNumber: r.contractNumber,
    contractFrom: r.contractFrom,
    contractTo: r.contractTo,
    storedLpgKg: r.storedLpgKg === null ? null : Number(r.storedLpgKg),
    hasCylinderRoom: r.hasCylinderRoom,
    hoseType: r.hoseType,
    detectorInstalled: r.detectorInstalled,
    detectorInstalledOn: r.detectorInstalledOn,
    shutoffValveInstalled: r.shutoffValveInstalled,
    shutoffValveInstalledOn: r.shutoffValveInstalledOn,
    supplyStatus: r.supplyStatus,
    supplyStatusReason: r.supplyStatusReason,
    contactName: r.contactName,
    contactPhone: r.contactPhone,
    riskFlags: venueRiskFlags(r, now, cylinderRoomThresholdKg).map((code) => ({
      code,
      ref: venueRiskFlagInfo[code].ref,
    })),
    archived: !live,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    abilities: {
      edit: live && r.canFull,
      editContract: live && (r.canFull || r.canSupplier),
      archive: live && r.canArchive,
      suspendSupply: supplyManager && r.supplyStatus === 'normal',
      resumeSupply: supplyManager && r.supplyStatus === 'suspended',
    },
  };
}

export type VenueResponseBody = ReturnType<typeof presentVenue>;

type VenueState = Pick<
  VenueRow,
  | 'contractFrom'
  | 'contractTo'
  | 'detectorInstalled'
  | 'detectorInstalledOn'
  | 'shutoffValveInstalled'
  | 'shutoffValveInstalledOn'
>;

/** Rules across fields: contract dates in order; an install date only for an installed device. */
export function checkVenueState(v: VenueState) {
  if (v.contractFrom && v.contractTo && v.contractFrom > v.contractTo)
    throw venueContractDatesReversed({ field: 'contractTo' });
  if (!v.detectorInstalled && v.detectorInstalledOn)
    throw venueInstallDateWithoutDevice({ field: 'detectorInstalledOn' });
  if (!v.shutoffValveInstalled && v.shutoffValveInstalledOn)
    throw venueInstallDateWithoutDevice({ field: 'shutoffValveInstalledOn' });
}

/** Region and supplier must exist; the supplier must be a gas operator. Bad references are 400s, never FK 500s. */
async function checkReferences(tx: Db, v: { regionId?: string; supplierEnterpriseId?: string | null }) {
  const repo = createVenuesRepository({ db: tx });
  if (v.regionId !== undefined) {
    const region = await repo.regionById({ id: v.regionId });
    if (!region || region.archivedAt) throw venueRegionNotFound({ field: 'regionId' });
  }
  if (v.supplierEnterpriseId) {
    const supplier = await repo.enterpriseById({ id: v.supplierEnterpriseId });
    if (!supplier || supplier.archivedAt) throw venueSupplierNotFound({ field: 'supplierEnterpriseId' });
    if (!(GAS_OPERATOR_KINDS as readonly string[]).includes(supplier.kind))
      throw venueSupplierNotGasOperator({ field: 'supplierEnterpriseId' });
  }
}

/** The stored values of a create body, with the defaults the table would give. */
export function venueValuesOf(input: CreateVenueInput): VenueInsert {
  return {
    name: input.name,
    category: input.category,
    regionId: input.regionId,
    address: input.address,
    lng: input.lng ?? null,
    lat: input.lat ?? null,
    floor: input.floor ?? 'ground',
    highRiseBuilding: input.highRiseBuilding ?? null,
    gasSources: [...new Set(input.gasSources ?? [])],
    supplierEnterpriseId: input.supplierEnterpriseId ?? null,
    contractNumber: input.contractNumber || null,
    contractFrom: input.contractFrom ?? null,
    contractTo: input.contractTo ?? null,
    storedLpgKg: input.storedLpgKg ?? null,
    hasCylinderRoom: input.hasCylinderRoom ?? false,
    hoseType: input.hoseType ?? null,
    detectorInstalled: input.detectorInstalled ?? false,
    detectorInstalledOn: input.detectorInstalledOn ?? null,
    shutoffValveInstalled: input.shutoffValveInstalled ?? false,
    shutoffValveInstalledOn: input.shutoffValveInstalledOn ?? null,
    contactName: input.contactName || null,
    contactPhone: input.contactPhone || null,
    searchTokens: searchTokens(input.name, input.address),
  };
}

const auditView = ({ searchTokens: _t, ...row }: VenueRow) => row;

/**
 * `limits.cylinderRoomThresholdKg` is the ledger's threshold in force (HazardLimits), so the register's
 * flag and the checklist's cylinder-room item agree.
 */
export function createVenuesService({
  db,
  limits = { cylinderRoomThresholdKg: CYLINDER_ROOM_THRESHOLD_KG },
}: {
  db: Db;
  /** The limits in force (read at each use: the office may change them). */
  limits?: Pick<RananLimits, 'cylinderRoomThresholdKg'>;
}) {
  const repo = createVenuesRepository({ db });
  const present = (row: PresentableRow, now = today()) => presentVenue(row, now, limits.cylinderRoomThresholdKg);

  // The point read's statement per actor's grants: building its SQL (scope, abilities, some forty columns) cost
  // more than running it.
  const pointRead = perActorStatement((actor) =>
    createVenuesRepository({ db }).prepareGet({ scope: venueReadScope(actor), abilities: venueAbilitySql(actor) }),
  );

  async function load(actor: Actor, id: string, tx: Db = db) {
    const row = await createVenuesRepository({ db: tx }).get({
      id,
      scope: venueReadScope(actor),
      abilities: venueAbilitySql(actor),
    });
    if (!row) throw venueNotFound();
    return row;
  }

  /** Inserts a venue inside the caller's transaction (also used by the import). */
  async function insertVenue(tx: Db, actor: Actor, input: CreateVenueInput) {
    const r = createVenuesRepository({ db: tx });
    const values = venueValuesOf(input);
    checkVenueState(values as VenueState);
    await checkReferences(tx, values);
    if (!(await r.holds(manageScopeOf(actor, { id: null, regionId: values.regionId, category: values.category })))) {
      throw venueOutsideScope({ field: 'regionId' });
    }
    if (await r.findByNaturalKey({ name: values.name, address: values.address ?? '' }))
      throw venueDuplicate({ field: 'name' });
    let row: VenueRow;
    try {
      row = await r.insert(values);
    } catch (err) {
      if (isUniqueViolation(err)) throw venueDuplicate({ field: 'name' });
      throw err;
    }
    await recordAudit(tx, {
      actor,
      action: 'venue.create',
      subject: { type: 'venue', id: row.id },
      regionId: row.regionId,
      after: auditView(row),
      details: { name: row.name, category: row.category },
    });
    return row;
  }

  /** Whether a venue field's new value is its stored one (gas sources in any order, kg as a number). */
  function sameFact(a: unknown, b: unknown): boolean {
    if (Array.isArray(a) || Array.isArray(b))
      return (
        JSON.stringify([...((a as string[]) ?? [])].sort()) === JSON.stringify([...((b as string[]) ?? [])].sort())
      );
    if (typeof a === 'number' && b !== null && b !== undefined) return a === Number(b);
    return (a ?? null) === (b ?? null);
  }

  /** Applies a partial change inside the caller's transaction, with the actor's abilities on the venue. */
  async function updateVenue(tx: Db, actor: Actor, id: string, changes: UpdateVenueInput) {
    const current = await load(actor, id, tx);
    if (current.archivedAt) throw venueArchived();
    const fields = Object.keys(changes).filter((k) => changes[k as keyof UpdateVenueInput] !== undefined);
    if (!current.canFull) {
      const contractOnly = fields.every((f) => (supplierEditableFields as readonly string[]).includes(f));
      if (!current.canSupplier) throw forbidden({ permission: 'registry.manage' });
      if (!contractOnly)
        throw venueContractFieldsOnly({
          fields: fields.filter((f) => !(supplierEditableFields as readonly string[]).includes(f)),
        });
    }
    const r = createVenuesRepository({ db: tx });
    const before = (await r.getForUpdate({ id, scope: sql`true` }))!;
    // A supervised party changes none of the facts that put it under supervision (issue 9.4): it proposes them.
    checkRegulatorFields(
      actor,
      venueRegulatorFields.filter((f) => changes[f] !== undefined && !sameFact(changes[f], before[f])),
    );
    const next: Partial<VenueInsert> = {};
    for (const f of fields) (next as Record<string, unknown>)[f] = changes[f as keyof UpdateVenueInput];
    if (next.gasSources) next.gasSources = [...new Set(next.gasSources)];
    if (next.contractNumber === '') next.contractNumber = null;
    if (next.contactName === '') next.contactName = null;
    // Turning a device off clears its install date unless one is given (and then it is refused below).
    if (changes.detectorInstalled === false && changes.detectorInstalledOn === undefined)
      next.detectorInstalledOn = null;
    if (changes.shutoffValveInstalled === false && changes.shutoffValveInstalledOn === undefined)
      next.shutoffValveInstalledOn = null;
    const merged = { ...before, ...next } as VenueRow;
    checkVenueState(merged);
    await checkReferences(tx, {
      regionId: next.regionId,
      supplierEnterpriseId:
        next.supplierEnterpriseId !== before.supplierEnterpriseId ? next.supplierEnterpriseId : undefined,
    });
    if (
      (next.regionId || next.category) &&
      !(await r.holds(manageScopeOf(actor, { id, regionId: merged.regionId, category: merged.category })))
    ) {
      throw venueOutsideScope({ field: next.regionId ? 'regionId' : 'category' });
    }
    if (next.name !== undefined || next.address !== undefined) {
      const clash = await r.findByNaturalKey({ name: merged.name, address: merged.address });
      if (clash && clash.id !== id) throw venueDuplicate({ field: 'name' });
      next.searchTokens = searchTokens(merged.name, merged.address);
    }
    let after: VenueRow;
    try {
      after = await r.update({ id, ...next });
    } catch (err) {
      if (isUniqueViolation(err)) throw venueDuplicate({ field: 'name' });
      throw err;
    }
    await recordAudit(tx, {
      actor,
      action: 'venue.update',
      subject: { type: 'venue', id },
      regionId: after.regionId,
      before: auditView(before),
      after: auditView(after),
      details: { fields },
    });
    return { before, after };
  }

  return {
    /** A page of venues in the actor's scope, filtered (region subtree, category, floor, gas source, supplier, supply status, Chinese text). */
    async list({ actor, query }: { actor: Actor; query: ListVenuesQuery }) {
      requirePermission(actor, 'registry.read');
      const { rows, total, totalCapped } = await repo.list({
        scope: venueReadScope(actor),
        filters: query,
        abilities: venueAbilitySql(actor),
      });
      const now = today();
      return {
        items: rows.map((row) => present(row, now)),
        total,
        totalCapped,
        page: query.page,
        pageSize: query.pageSize,
        abilities: { create: mayCreateVenues(actor) },
      };
    },

    /** One venue in scope, with the actor's abilities and its risk flags; 404 outside the scope. */
    async get({ actor, id }: { actor: Actor; id: string }) {
      requirePermission(actor, 'registry.read');
      const [row] = await pointRead(actor).execute({ id });
      if (!row) throw venueNotFound();
      return present(row);
    },

    /** Registers a venue in a region (and category) the actor manages; natural key name + address. */
    async create({ actor, input }: { actor: Actor; input: CreateVenueInput }) {
      requirePermission(actor, 'registry.manage');
      const row = await db.transaction((tx) => insertVenue(tx, actor, input));
      return present(await load(actor, row.id));
    },

    /** Edits a venue; the supplier's enterprise manager may edit only the supply contract (plan 三(一)3, 三(五)6). */
    async update({ actor, id, changes }: { actor: Actor; id: string; changes: UpdateVenueInput }) {
      requirePermission(actor, 'registry.manage');
      await db.transaction((tx) => updateVenue(tx, actor, id, changes));
      return present(await load(actor, id));
    },

    /** Archives a venue (never deleted); it leaves the lists unless archived=true is asked for. */
    async archive({ actor, id }: { actor: Actor; id: string }) {
      requirePermission(actor, 'registry.manage');
      await db.transaction(async (tx) => {
        const current = await load(actor, id, tx);
        if (current.archivedAt) throw venueArchived();
        if (!current.canArchive) throw forbidden({ permission: 'registry.manage' });
        const r = createVenuesRepository({ db: tx });
        const before = (await r.getForUpdate({ id, scope: sql`true` }))!;
        const after = await r.update({ id, archivedAt: new Date() });
        await recordAudit(tx, {
          actor,
          action: 'venue.archive',
          subject: { type: 'venue', id },
          regionId: after.regionId,
          before: auditView(before),
          after: auditView(after),
        });
      });
      return present(await load(actor, id));
    },

    /** Suspends gas supply until the venue's hazards are rectified (plan 三(一)3: no supply to an unsafe user). */
    async suspendSupply({ actor, id, reason }: { actor: Actor; id: string; reason: string }) {
      requirePermission(actor, 'registry.manage');
      await db.transaction(async (tx) => {
        const current = await load(actor, id, tx);
        if (current.archivedAt) throw venueArchived();
        if (!current.canArchive && !current.canSupplier) throw forbidden({ permission: 'registry.manage' });
        if (current.supplyStatus === 'suspended') throw venueSupplyAlreadySuspended();
        const after = await createVenuesRepository({ db: tx }).update({
          id,
          supplyStatus: 'suspended',
          supplyStatusReason: reason,
        });
        await recordAudit(tx, {
          actor,
          action: 'venue.suspend_supply',
          subject: { type: 'venue', id },
          regionId: after.regionId,
          before: { supplyStatus: 'normal' },
          after: { supplyStatus: 'suspended', reason },
          details: { reason },
        });
      });
      return present(await load(actor, id));
    },

    /**
     * Resumes gas supply once the venue has rectified. The route is the hazards module's (its gate: the hazards
     * that stopped supply are closed, or the office overrides); this is its step inside that transaction.
     */
    async resumeSupply({
      actor,
      id,
      override,
    }: {
      actor: Actor;
      id: string;
      /** The office's override while hazards that stopped supply are open (hazards module's gate). */
      override?: { overrideReason: string; openHazards: string[] };
    }) {
      requirePermission(actor, 'registry.manage');
      await db.transaction(async (tx) => {
        const current = await load(actor, id, tx);
        if (current.archivedAt) throw venueArchived();
        if (!current.canArchive && !current.canSupplier) throw forbidden({ permission: 'registry.manage' });
        if (current.supplyStatus !== 'suspended') throw venueSupplyNotSuspended();
        const after = await createVenuesRepository({ db: tx }).update({
          id,
          supplyStatus: 'normal',
          supplyStatusReason: null,
        });
        await recordAudit(tx, {
          actor,
          action: 'venue.resume_supply',
          subject: { type: 'venue', id },
          regionId: after.regionId,
          before: { supplyStatus: 'suspended', reason: current.supplyStatusReason },
          after: { supplyStatus: 'normal' },
          details: { previousReason: current.supplyStatusReason, ...(override ?? {}) },
        });
      });
      return present(await load(actor, id));
    },

    /** For the import: inserts, or updates by natural key, inside the import's transaction. */
    async upsertInTransaction(
      tx: Db,
      actor: Actor,
      input: CreateVenueInput,
    ): Promise<'created' | 'updated' | 'unchanged'> {
      requirePermission(actor, 'registry.manage');
      const existing = await createVenuesRepository({ db: tx }).findByNaturalKey({
        name: input.name,
        address: input.address,
      });
      if (!existing) {
        await insertVenue(tx, actor, input);
        return 'created';
      }
      const values = venueValuesOf(input);
      const changes: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(values)) {
        if (k === 'searchTokens' || k === 'name' || k === 'address') continue;
        const old = (existing as Record<string, unknown>)[k];
        const same = Array.isArray(v)
          ? JSON.stringify([...v].sort()) === JSON.stringify([...((old as string[]) ?? [])].sort())
          : (old ?? null) === (v ?? null) || (typeof v === 'number' && old !== null && Number(old) === v);
        if (!same) changes[k] = v;
      }
      if (Object.keys(changes).length === 0) {
        // Even an unchanged row must be one the actor could see (no probing of other townships).
        await load(actor, existing.id, tx);
        return 'unchanged';
      }
      await updateVenue(tx, actor, existing.id, changes as UpdateVenueInput);
      return 'updated';
    },
  };
}

export type VenuesService = ReturnType<typeof createVenuesService>;
