import type { RananLimits } from '../../../domain/hazards/limits.ts';
import { sql } from 'drizzle-orm';
import {
  LICENCE_EXPIRY_WARNING_DAYS,
  type EnterpriseKind,
  type SellerChannel,
  enterpriseKinds,
  searchTokens,
} from '../../../domain/registry/registry.ts';
import type { Db } from '../../db/client.ts';
import { type Actor, regionPathInScope, requirePermission } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { isUniqueViolation } from '../../platform/db-errors.ts';
import { forbidden } from '../../platform/errors.ts';
import {
  creditCodeTaken,
  enterpriseArchived,
  enterpriseNotFound,
  enterpriseOutsideScope,
  enterpriseRegionNotFound,
  sellerChannelInvalid,
} from './enterprises.errors.ts';
import { emptyLicenceSummary, enterpriseSnapshot, presentEnterprise } from './enterprises.presenter.ts';
import { type EnterpriseRow, createEnterprisesRepository } from './enterprises.repository.ts';
import type { CreateEnterpriseInput, EnterpriseFiltersInput, UpdateEnterpriseInput } from './enterprises.schemas.ts';
import { facilityScopeColumns, createFacilitiesRepository } from './facilities.repository.ts';
import { presentFacility } from './facilities.presenter.ts';
import { createLicencesRepository } from './licences.repository.ts';
import { presentLicence } from './licences.presenter.ts';
import { checkRegulatorFields, managesOnlyItself, registryFilter } from './registry.access.ts';
import { addDays, findRegionById, todayInChina } from './registry.helpers.ts';
import { enterprisesTable } from './registry.table.ts';

/** The scope columns of an enterprise: its region, its own id and its business roles. */
export const enterpriseScopeColumns = {
  regionId: enterprisesTable.regionId,
  enterpriseId: enterprisesTable.id,
  enterpriseRoles: enterprisesTable.roles,
};

export const enterpriseReadScope = (actor: Actor) =>
  registryFilter(actor, 'registry.read', 'enterprise', enterpriseScopeColumns);
export const enterpriseManageScope = (actor: Actor) =>
  registryFilter(actor, 'registry.manage', 'enterprise', enterpriseScopeColumns);

/** Every stored field of an enterprise that a person sets. */
export type EnterpriseValues = {
  name: string;
  kind: EnterpriseKind;
  creditCode: string;
  regionId: string;
  address: string;
  lng: number | null;
  lat: number | null;
  contactPhone: string | null;
  sellerChannel: SellerChannel | null;
  /** Business roles set by hand (issue 11): an unlicensed one found in the field. Absent (an import): kept. */
  manualRoles?: EnterpriseKind[];
};

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

const valueKeys = [
  'name',
  'kind',
  'creditCode',
  'regionId',
  'address',
  'lng',
  'lat',
  'contactPhone',
  'sellerChannel',
  'manualRoles',
] as const;

function sameValues(a: EnterpriseValues, b: EnterpriseValues): boolean {
  return valueKeys.every((k) => same(a[k], b[k]));
}

function valuesOf(r: EnterpriseRow): EnterpriseValues {
  return {
    name: r.name,
    kind: r.kind,
    creditCode: r.creditCode,
    regionId: r.regionId,
    address: r.address,
    lng: r.lng,
    lat: r.lat,
    contactPhone: r.contactPhone,
    sellerChannel: r.sellerChannel,
    manualRoles: r.manualRoles,
  };
}

/** Roles set by hand, each once, in the catalogue's order. */
function normaliseRoles(roles: readonly EnterpriseKind[]): EnterpriseKind[] {
  return enterpriseKinds.filter((k) => roles.includes(k));
}

/** Plan 三(二)3 supervises appliance sellers in shops and online: the channel is recorded for them and only for them. */
function checkSellerChannel(v: EnterpriseValues) {
  if (v.kind === 'appliance_seller' ? v.sellerChannel === null : v.sellerChannel !== null) {
    throw sellerChannelInvalid({ field: 'sellerChannel', kind: v.kind });
  }
}

export function createEnterprisesService({
  db,
  limits = { licenceExpiryWarningDays: LICENCE_EXPIRY_WARNING_DAYS },
}: {
  db: Db;
  /** The limits in force (规则参数), read at each use. */
  limits?: Pick<RananLimits, 'licenceExpiryWarningDays'>;
}) {
  /** Writes (inserts or updates) one enterprise inside `tx`, refusing what would fall outside the actor's scope. */
  async function write(tx: Db, actor: Actor, before: EnterpriseRow | null, values: EnterpriseValues) {
    const repo = createEnterprisesRepository({ db: tx });
    const region = await findRegionById(tx, values.regionId);
    if (!region) throw enterpriseRegionNotFound({ field: 'regionId' });
    checkSellerChannel(values);
    const holder = await repo.findByCreditCode({ creditCode: values.creditCode });
    if (holder && holder.id !== before?.id) throw creditCodeTaken({ field: 'creditCode' });
    const row = { ...values, searchTokens: searchTokens(values.name, values.creditCode, values.address) };
    let id: string;
    try {
      id = before ? (await repo.update({ id: before.id, ...row })).id : (await repo.insert(row)).id;
    } catch (err) {
      if (isUniqueViolation(err)) throw creditCodeTaken({ field: 'creditCode' });
      throw err;
    }
    // The written row must still lie within what the actor manages (its township, its kinds, its own enterprise).
    if (!(await repo.within({ id, scope: enterpriseManageScope(actor) }))) {
      throw enterpriseOutsideScope({
        field: regionPathInScope(actor, 'registry.manage', region.path) ? 'kind' : 'regionId',
      });
    }
    const after = (await repo.get({ id, scope: sql`true`, manageScope: enterpriseManageScope(actor) }))!;
    await recordAudit(tx, {
      actor,
      action: before ? 'enterprise.update' : 'enterprise.create',
      subject: { type: 'enterprise', id },
      regionId: after.regionId,
      before: before ? enterpriseSnapshot(before) : undefined,
      after: enterpriseSnapshot(after),
      details: {
        name: after.name,
        creditCode: after.creditCode,
        fields: before ? valueKeys.filter((k) => !same(before[k], after[k])) : undefined,
      },
    });
    return after;
  }

  async function loadForManage(tx: Db, actor: Actor, id: string) {
    const row = await createEnterprisesRepository({ db: tx }).get({
      id,
      scope: enterpriseManageScope(actor),
      manageScope: sql`true`,
    });
    if (!row) throw enterpriseNotFound();
    if (row.archivedAt) throw enterpriseArchived();
    return row;
  }

  async function summaries(tx: Db, ids: string[]) {
    const today = todayInChina();
    const rows = await createEnterprisesRepository({ db: tx }).licenceSummaries({
      ids,
      today,
      soon: addDays(today, limits.licenceExpiryWarningDays),
    });
    return new Map(rows.map(({ enterpriseId, ...s }) => [enterpriseId, s]));
  }

  async function detail(tx: Db, actor: Actor, row: EnterpriseRow & { canManage: boolean }) {
    const today = todayInChina();
    // One after another: `tx` may be a transaction (the detail answered after a change), whose one connection would
    // queue parallel queries (deprecated by node-postgres, an error in pg 9).
    const licences = await createLicencesRepository({ db: tx }).byEnterprise({ enterpriseId: row.id });
    const facilities = await createFacilitiesRepository({ db: tx }).byEnterprise({
      enterpriseId: row.id,
      scope: registryFilter(actor, 'registry.read', 'facility', facilityScopeColumns),
    });
    const keyPersons = await createEnterprisesRepository({ db: tx }).keyPersons({ enterpriseId: row.id });
    const summary = await summaries(tx, [row.id]);
    const live = row.archivedAt === null;
    return {
      ...presentEnterprise(row, summary.get(row.id) ?? emptyLicenceSummary),
      licences: licences.map((l) => presentLicence(l, today)),
      facilities: facilities.map(presentFacility),
      keyPersons,
      abilities: { edit: row.canManage && live, archive: row.canManage && live && !managesOnlyItself(actor) },
    };
  }

  return {
    /** Enterprises in the actor's scope, filtered (region subtree, kind, Chinese text search, archived) and paged. */
    async list({
      actor,
      page,
      pageSize,
      ...filters
    }: { actor: Actor; page: number; pageSize: number } & EnterpriseFiltersInput) {
      requirePermission(actor, 'registry.read');
      const repo = createEnterprisesRepository({ db });
      const { rows, total } = await repo.list({
        scope: enterpriseReadScope(actor),
        filters,
        limit: pageSize,
        offset: (page - 1) * pageSize,
      });
      const byId = await summaries(
        db,
        rows.map((r) => r.id),
      );
      return {
        items: rows.map((r) => presentEnterprise(r, byId.get(r.id) ?? emptyLicenceSummary)),
        total,
        page,
        pageSize,
      };
    },

    /** One enterprise with its licences, facilities and key persons (主要负责人, 安全生产管理人员); 404 outside scope. */
    async get({ actor, id }: { actor: Actor; id: string }) {
      requirePermission(actor, 'registry.read');
      const row = await createEnterprisesRepository({ db }).get({
        id,
        scope: enterpriseReadScope(actor),
        manageScope: enterpriseManageScope(actor),
      });
      if (!row) throw enterpriseNotFound();
      return detail(db, actor, row);
    },

    /** Registers an enterprise in a region and of a kind the actor manages; the credit code is its natural key. */
    async create({ actor, ...input }: { actor: Actor } & CreateEnterpriseInput) {
      requirePermission(actor, 'registry.manage');
      return db.transaction(async (tx) => {
        const row = await write(tx, actor, null, {
          name: input.name,
          kind: input.kind,
          creditCode: input.creditCode,
          regionId: input.regionId,
          address: input.address ?? '',
          lng: input.lng ?? null,
          lat: input.lat ?? null,
          contactPhone: input.contactPhone ?? null,
          sellerChannel: input.sellerChannel ?? null,
          manualRoles: normaliseRoles(input.manualRoles ?? []),
        });
        return detail(tx, actor, row);
      });
    },

    /** Edits an enterprise in the actor's scope; a change of kind away from appliance seller clears the sales channel. */
    async update({ actor, id, ...patch }: { actor: Actor; id: string } & UpdateEnterpriseInput) {
      requirePermission(actor, 'registry.manage');
      return db.transaction(async (tx) => {
        const before = await loadForManage(tx, actor, id);
        const current = valuesOf(before);
        const next: EnterpriseValues = { ...current };
        for (const k of valueKeys) {
          const v = patch[k];
          if (v !== undefined) (next as Record<string, unknown>)[k] = v;
        }
        next.manualRoles = normaliseRoles(next.manualRoles ?? []);
        if (next.kind !== 'appliance_seller' && patch.sellerChannel === undefined) next.sellerChannel = null;
        checkRegulatorFields(
          actor,
          (['regionId', 'kind', 'manualRoles', 'creditCode', 'name'] as const).filter(
            (f) => !same(next[f], current[f]),
          ),
        );
        if (sameValues(current, next)) return detail(tx, actor, before);
        const row = await write(tx, actor, before, next);
        return detail(tx, actor, row);
      });
    },

    /** Archives (never deletes) an enterprise; it leaves the lists unless archived=true is asked for. */
    async archive({ actor, id }: { actor: Actor; id: string }) {
      requirePermission(actor, 'registry.manage');
      return db.transaction(async (tx) => {
        const before = await loadForManage(tx, actor, id);
        // An enterprise does not take itself out of supervision: its manager edits, officers archive.
        if (managesOnlyItself(actor)) throw forbidden({ permission: 'registry.manage' });
        const repo = createEnterprisesRepository({ db: tx });
        await repo.update({ id, archivedAt: new Date() });
        const after = (await repo.get({ id, scope: sql`true`, manageScope: enterpriseManageScope(actor) }))!;
        await recordAudit(tx, {
          actor,
          action: 'enterprise.archive',
          subject: { type: 'enterprise', id },
          regionId: after.regionId,
          before: enterpriseSnapshot(before),
          after: enterpriseSnapshot(after),
          details: { name: after.name, creditCode: after.creditCode },
        });
        return detail(tx, actor, after);
      });
    },

    /**
     * Import: inserts or updates by credit code inside the import's transaction. An enterprise
     * registered outside the actor's scope is refused (the caller reports it on the row).
     */
    async upsert({
      actor,
      tx,
      values,
    }: {
      actor: Actor;
      tx: Db;
      values: EnterpriseValues;
    }): Promise<'created' | 'updated' | 'unchanged' | 'outside_scope'> {
      requirePermission(actor, 'registry.manage');
      const repo = createEnterprisesRepository({ db: tx });
      const found = await repo.findByCreditCode({ creditCode: values.creditCode });
      if (!found) {
        await write(tx, actor, null, { ...values, manualRoles: values.manualRoles ?? [] });
        return 'created';
      }
      const existing = found;
      values = { ...values, manualRoles: values.manualRoles ?? existing.manualRoles };
      if (!(await repo.within({ id: existing.id, scope: enterpriseManageScope(actor) }))) return 'outside_scope';
      if (sameValues(valuesOf(existing), values)) return 'unchanged';
      // A supervised party's file cannot change its region, kind or name (issue 9.4): the row is refused.
      checkRegulatorFields(
        actor,
        (['regionId', 'kind', 'name'] as const).filter((f) => values[f] !== existing[f]),
      );
      if (existing.archivedAt) throw enterpriseArchived();
      await write(tx, actor, existing, values);
      return 'updated';
    },

    /** The export's rows in name order, in batches (keyset), within the actor's scope. */
    async *exportRows({ actor, filters }: { actor: Actor; filters: EnterpriseFiltersInput }) {
      requirePermission(actor, 'registry.read');
      const repo = createEnterprisesRepository({ db });
      const scope = enterpriseReadScope(actor);
      let after: { name: string; id: string } | null = null;
      for (;;) {
        const rows = await repo.exportBatch({ scope, filters, after, limit: 500 });
        if (rows.length === 0) return;
        const byId = await summaries(
          db,
          rows.map((r) => r.id),
        );
        for (const r of rows) yield { row: r, summary: byId.get(r.id) ?? emptyLicenceSummary };
        const last = rows.at(-1)!;
        after = { name: last.name, id: last.id };
      }
    },
  };
}

export type EnterprisesService = ReturnType<typeof createEnterprisesService>;
